import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc's CPU times (sysconf(_SC_CLK_TCK)); 100 on every Linux we know of. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** CPU time (user + system, ms) a process has used so far; 0 for a pid that is gone (Linux only). */
export function cpuMs(pid: number): number {
  const fields = statFields(pid)
  // utime and stime are the stat file's fields 14 and 15, so 11 and 12 past the command name.
  return fields === undefined ? 0 : ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
}

/** Pids of this process's children whose command is `name` (Linux only; none elsewhere). */
export function childProcesses(name: string): number[] {
  let entries: string[]
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))
  } catch {
    return []
  }
  return entries
    .filter((pid) => {
      const fields = statFields(pid)
      if (fields === undefined || Number(fields[1]) !== process.pid) return false
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name
      } catch {
        return false // it ended between the two reads
      }
    })
    .map(Number)
}

/**
 * Counts the CPU time the named processes use from now on; `perOperation(count)` gives each one's milliseconds per
 * operation since. Ticks are 10 ms, so over a few hundred requests this is good to a few per cent: a steadier
 * figure than time to first byte on shared cores, where the scheduler decides the latency.
 */
export function startCpuCount(pids: Record<string, number | undefined>) {
  const started = Object.entries(pids).map(([name, pid]) => ({ name, pid, at: pid === undefined ? 0 : cpuMs(pid) }))
  return {
    perOperation(count: number): Record<string, number | null> {
      return Object.fromEntries(
        started.map(({ name, pid, at }) => [
          name,
          pid === undefined ? null : Math.round(((cpuMs(pid) - at) / count) * 100) / 100,
        ]),
      )
    },
  }
}
