import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

/** The handbook's recorded upstream streams, beside the project (tests may read them by relative path). */
export const UPSTREAM_FIXTURES_DIR = fileURLToPath(
  new URL('../../../../shared/fixtures/upstream-streams/', import.meta.url),
)

/**
 * A recorded stream as wire SSE events, following the fixtures README: `.sse` files are raw SSE; `.jsonl` lines
 * are `data:` payloads, with `event: <type>` added for Responses and Anthropic, and `[DONE]` for chat.
 */
export async function fixtureEvents(path: string): Promise<string[]> {
  const text = await readFile(new URL(path, `file://${UPSTREAM_FIXTURES_DIR}`), 'utf8')
  if (path.endsWith('.sse'))
    return text
      .split(/\r?\n\r?\n/)
      .map((block) => block.trim())
      .filter(Boolean)
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  if (path.startsWith('chat/')) return [...lines.map((line) => `data: ${line}`), 'data: [DONE]']
  return lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}`)
}
