import { readFile } from 'node:fs/promises'

/** Resident memory (MiB) summed over the given pids, from /proc; 0 for a pid that is gone (Linux only). */
export async function rssMiB(pids: readonly number[]): Promise<number> {
  let kib = 0
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
    kib += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  }
  return kib / 1024
}

/** Samples the peak RSS every `intervalMs` until `stop()` is called. */
export function samplePeakRss(pids: readonly number[], intervalMs = 100) {
  let peak = 0
  let isRunning = true
  const loop = (async () => {
    while (isRunning) {
      peak = Math.max(peak, await rssMiB(pids))
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  })()
  return {
    stop: async () => {
      isRunning = false
      await loop
      return peak
    },
  }
}
