import childProcess from 'node:child_process'

export interface WatchedStart<T> {
  value: T
  /** The workerd Miniflare started meanwhile, known from its spawn (no /proc, ps or CIM needed). */
  workerdPid?: number
  /**
   * The argument that tells this run's workerd from any other: Miniflare's loopback address, on a port the OS gave
   * this run. The gateway's own port is not on workerd's command line (it is a direct socket, in the config).
   */
  workerdMark?: string
}

const WORKERD_BINARY = /(^|[\\/])workerd(\.exe)?$/i
const LOOPBACK_ARGUMENT = '--external-addr=loopback='

/**
 * Runs `start` (Miniflare's start-up) while every child_process.spawn it makes gets `windowsHide: true` and the
 * workerd it spawns is noted. Miniflare 4.20260426 spawns workerd with piped stdio and no windowsHide
 * (cloudflare/workers-sdk#14863, fixed after this release), so a daemon without a console got a visible console
 * window for workerd, and closing it killed the gateway; with all-piped stdio windowsHide becomes CREATE_NO_WINDOW.
 * Miniflare's bundle calls `require("node:child_process").spawn` at the time of the call, so replacing the
 * property on the shared module object reaches it (test/cli/workerd-spawn.test.ts fails if that ever changes).
 */
export async function withWorkerdSpawnWatch<T>(start: () => Promise<T>): Promise<WatchedStart<T>> {
  const original = childProcess.spawn
  let workerdPid: number | undefined
  let workerdMark: string | undefined
  const watched = function spawnHidden(this: unknown, ...args: unknown[]) {
    const optionsIndex = args.findIndex(
      (arg, index) => index > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg),
    )
    const options = optionsIndex === -1 ? {} : (args[optionsIndex] as childProcess.SpawnOptions)
    const withHide = [...args]
    if (optionsIndex === -1) withHide.push({ windowsHide: true })
    else withHide[optionsIndex] = { ...options, windowsHide: true }
    const child = (original as (...values: unknown[]) => childProcess.ChildProcess).apply(this, withHide)
    if (typeof args[0] === 'string' && WORKERD_BINARY.test(args[0])) workerdPid = child.pid
    // By its argument, not its binary's name: a workerd from MINIFLARE_WORKERD_PATH may be called anything.
    const argv = Array.isArray(args[1]) ? (args[1] as unknown[]) : []
    workerdMark ??= argv.find((arg): arg is string => typeof arg === 'string' && arg.startsWith(LOOPBACK_ARGUMENT))
    return child
  }
  childProcess.spawn = watched as typeof childProcess.spawn
  try {
    return { value: await start(), workerdPid, workerdMark }
  } finally {
    if (childProcess.spawn === watched) childProcess.spawn = original
  }
}
