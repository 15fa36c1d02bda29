import { connect } from 'node:net'
import type { Platform } from '../platform'

/** What the daemon says about itself on its control channel. */
export interface DaemonIdentity {
  pid: number
  instance: string
  port: number
  workerdPid?: number
  /** How the running gateway reaches upstreams, with proxy credentials left out (doctor shows it). */
  upstreams: { http?: string; https?: string; noProxy: string[] }
}

export type ControlRequest = { op: 'identify' } | { op: 'stop'; instance: string }

/** Unix sockets have a path limit of about 104 bytes (macOS) to 108 (Linux). */
export const SOCKET_PATH_LIMIT = 100
const ANSWER_LIMIT_BYTES = 64 * 1024

/**
 * Where the daemon listens for identity and stop requests. Windows: a named pipe, whose default ACL lets other users
 * read but not write (so they can neither stop us nor ask), and which vanishes with the process. Elsewhere: a unix
 * socket in the runtime home, mode 0600 (in the temp directory when that path would be too long for a socket).
 */
export function controlAddress(
  home: string,
  instance: string,
  platform: Pick<Platform, 'os' | 'path' | 'tmpdir'>,
): string {
  if (platform.os === 'win32') return `\\\\.\\pipe\\codex-shim-${instance}`
  const inHome = platform.path.join(home, 'daemon.sock')
  return Buffer.byteLength(inHome) <= SOCKET_PATH_LIMIT
    ? inHome
    : platform.path.join(platform.tmpdir, `codex-shim-${instance.slice(0, 12)}.sock`)
}

/**
 * One request, one JSON line back. Connecting at all proves the daemon is alive, and its answer carries the
 * instance id, so this replaces reading other processes' command lines (impossible without /proc or ps on Windows).
 * Undefined when nothing answers in time.
 */
export function askDaemon(address: string, request: ControlRequest, timeoutMs = 1500): Promise<unknown> {
  return new Promise((resolve) => {
    const socket = connect(address)
    let text = ''
    const finish = (value: unknown) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(value)
    }
    const timer = setTimeout(() => finish(undefined), timeoutMs)
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`))
    socket.on('data', (chunk: string) => {
      text += chunk
      const end = text.indexOf('\n')
      if (end !== -1) finish(parseAnswer(text.slice(0, end)))
      else if (text.length > ANSWER_LIMIT_BYTES) finish(undefined)
    })
    socket.on('error', () => finish(undefined))
    socket.on('close', () => finish(undefined))
  })
}

export async function identifyDaemon(address: string | undefined): Promise<DaemonIdentity | undefined> {
  if (address === undefined) return undefined
  const answer = await askDaemon(address, { op: 'identify' })
  return isIdentity(answer) ? answer : undefined
}

/** Resolves true once the daemon accepted the request; it then stops the gateway and exits on its own. */
export async function requestDaemonStop(address: string | undefined, instance: string): Promise<boolean> {
  if (address === undefined) return false
  const answer = await askDaemon(address, { op: 'stop', instance })
  return typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === true
}

function parseAnswer(line: string): unknown {
  try {
    return JSON.parse(line) as unknown
  } catch {
    return undefined
  }
}

function isIdentity(value: unknown): value is DaemonIdentity {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<DaemonIdentity>
  return (
    typeof candidate.pid === 'number' && typeof candidate.instance === 'string' && typeof candidate.port === 'number'
  )
}
