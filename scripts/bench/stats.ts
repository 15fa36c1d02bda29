/** Percentile by nearest rank (p in 0..100) of an unsorted sample. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN
  const sorted = [...sample].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

export function median(sample: readonly number[]): number {
  return percentile(sample, 50)
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits
