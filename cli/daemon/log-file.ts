import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { mkdir, open, type FileHandle } from 'node:fs/promises'

/** Past this size the log moves to `<name>.1` (and `.1` to `.2`, ...), so it never grows without bound. */
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024
/** How many rotated logs are kept besides the live one. */
const KEPT_ROTATIONS = 3

export interface LogLimits {
  maxBytes: number
  keep: number
}

export function logLimitsFrom(env: NodeJS.ProcessEnv): LogLimits {
  const configured = Number(env.CODEX_SHIM_LOG_MAX_BYTES)
  return {
    maxBytes: Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_BYTES,
    keep: KEPT_ROTATIONS,
  }
}

/** Opens the log for a daemon that is about to start (its early output goes here), rotating it first if full. */
export async function openLogForAppend(path: string, directory: string, limits: LogLimits): Promise<FileHandle> {
  await mkdir(directory, { recursive: true })
  const handle = await open(path, 'a', 0o600)
  if ((await handle.stat()).size > limits.maxBytes) {
    await handle.close()
    rotate(path, limits.keep)
    return open(path, 'a', 0o600)
  }
  return handle
}

/**
 * The running daemon's log: appends lines and rotates by size while running (not only at start-up), so a busy
 * gateway that runs for weeks keeps at most (keep + 1) × maxBytes of logs. Writes are synchronous: lines are
 * small, and a log that is complete up to a crash is worth more than the microseconds.
 */
export function createRotatingLog(path: string, limits: LogLimits) {
  let fd = openSync(path, 'a', 0o600)
  let size = fstatSync(fd).size
  return {
    write(text: string): void {
      const bytes = Buffer.from(text)
      if (size > 0 && size + bytes.byteLength > limits.maxBytes) {
        closeSync(fd)
        try {
          rotate(path, limits.keep)
        } catch {
          // The log was removed or renamed by hand, or cannot be moved: logging goes on in a file at `path`.
        }
        // Always a fresh descriptor: the closed number may already belong to a socket or a pipe.
        mkdirSync(dirname(path), { recursive: true })
        fd = openSync(path, 'a', 0o600)
        size = fstatSync(fd).size
      }
      writeSync(fd, bytes)
      size += bytes.byteLength
    },
    close(): void {
      closeSync(fd)
    },
  }
}

function rotate(path: string, keep: number): void {
  rmSync(`${path}.${keep}`, { force: true })
  for (let index = keep - 1; index >= 1; index--) {
    try {
      renameSync(`${path}.${index}`, `${path}.${index + 1}`)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  renameSync(path, `${path}.1`)
}

/**
 * Sends everything the process writes to stdout and stderr (our lines, Miniflare's, workerd's console output)
 * to the rotating log instead of the file descriptors it was started with, which rotation cannot re-point.
 */
export function redirectOutputTo(log: ReturnType<typeof createRotatingLog>): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown) => {
      log.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback
      if (typeof done === 'function') done()
      return true
    }) as typeof stream.write
  }
}
