import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../atomic-write'

const KEPT_THREADS = 500

/**
 * Which Cursor chat continues which Codex thread, kept across daemon restarts (a small JSON file), and one turn
 * per chat at a time: a second turn for the same thread waits for the first, as two prompts on one chat would
 * interleave inside Cursor.
 */
export function createCursorSessions(runtimeHomeDir: string) {
  const file = join(runtimeHomeDir, 'cursor-sessions.json')
  let chats: Map<string, string> | undefined
  const running = new Map<string, Promise<void>>()

  async function load(): Promise<Map<string, string>> {
    if (chats) return chats
    const text = await readFile(file, 'utf8').catch(() => '{}')
    try {
      chats = new Map(
        Object.entries(JSON.parse(text) as Record<string, string>).filter(([, id]) => typeof id === 'string'),
      )
    } catch {
      // A damaged file only costs the old threads their Cursor memory: they start new chats.
      chats = new Map()
    }
    return chats
  }

  return {
    async chatFor(thread: string): Promise<string | undefined> {
      return (await load()).get(thread)
    },
    async remember(thread: string, chatId: string): Promise<void> {
      const map = await load()
      map.delete(thread)
      map.set(thread, chatId)
      while (map.size > KEPT_THREADS) map.delete(map.keys().next().value ?? '')
      await writeFileAtomic(file, `${JSON.stringify(Object.fromEntries(map), null, 2)}\n`, 0o600)
    },
    async forget(thread: string): Promise<void> {
      const map = await load()
      if (map.delete(thread))
        await writeFileAtomic(file, `${JSON.stringify(Object.fromEntries(map), null, 2)}\n`, 0o600)
    },
    /** Runs `turn` after any turn still running for the same thread. */
    async oneAtATime<T>(thread: string, turn: () => Promise<T>): Promise<T> {
      const before = running.get(thread) ?? Promise.resolve()
      let done: () => void = () => undefined
      const mine = new Promise<void>((resolve) => (done = resolve))
      const queue = before.then(() => mine)
      running.set(thread, queue)
      await before
      try {
        return await turn()
      } finally {
        done()
        if (running.get(thread) === queue) running.delete(thread)
      }
    },
  }
}
