import { appendFile, mkdir, readFile, rename, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'

const MAX_BYTES = 20 * 1024 * 1024

export function routerLogPath(logDir: string): string {
  return join(logDir, 'router.jsonl')
}

/**
 * Appends one decision line (already JSON, no prompt text) to router.jsonl, moving a full file to router.jsonl.1
 * first so the log stays bounded. Only what the worker sent through HOST is written, after checking it is one
 * JSON object on one line.
 */
export async function appendRouterDecision(path: string, line: string): Promise<void> {
  const value = JSON.parse(line) as unknown
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('a router decision must be a JSON object')
  await mkdir(dirname(path), { recursive: true })
  const size = await stat(path).then(
    (info) => info.size,
    () => 0,
  )
  if (size > MAX_BYTES) await rename(path, `${path}.1`)
  await appendFile(path, `${JSON.stringify(value)}\n`, { mode: 0o600 })
}

/** Every decision line in router.jsonl (and its rotated predecessor), oldest first; damaged lines are skipped. */
export async function readRouterDecisions(path: string): Promise<Record<string, unknown>[]> {
  const texts = await Promise.all([`${path}.1`, path].map((file) => readFile(file, 'utf8').catch(() => '')))
  return texts.flatMap((text) =>
    text.split('\n').flatMap((line) => {
      try {
        const value = JSON.parse(line) as unknown
        return typeof value === 'object' && value !== null && !Array.isArray(value)
          ? [value as Record<string, unknown>]
          : []
      } catch {
        // A line cut by a crash, or not ours: the report counts what it can read.
        return []
      }
    }),
  )
}
