import { activityJson } from './activity-json'
import { activitySnapshot, latestActivitySeq } from './activity-log'

export interface ActivityEventsOptions {
  /** The newest entry the page already has (Last-Event-ID on a reconnect). */
  afterSeq: number
  /** The models body when the settings or the active model changed since the last call, else undefined. */
  modelsIfChanged: () => Promise<unknown>
  tickMs?: number
  keepaliveMs?: number
  /** After this the stream ends and EventSource reconnects (after `retry`), so no connection lives unbounded. */
  lifetimeMs?: number
}

const TICK_MS = 1_000
const SETTINGS_EVERY_TICKS = 3
const KEEPALIVE_MS = 15_000
const LIFETIME_MS = 5 * 60_000
const RETRY_MS = 2_000

const encoder = new TextEncoder()

/**
 * `GET /api/activity/events`: the live panel's Server-Sent Events. workerd lets no request write into another's
 * stream, so this stream's own loop looks at the per-isolate activity buffer every tick (an integer compare) and
 * sends what is new; every few ticks it asks whether the settings changed (HOST answers "unchanged" cheaply). A
 * keepalive comment makes a closed tab show as a failed write within KEEPALIVE_MS, which ends the loop.
 */
export function activityEventStream(options: ActivityEventsOptions): {
  body: ReadableStream<Uint8Array>
  done: Promise<void>
} {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
  const writer = writable.getWriter()
  const tickMs = options.tickMs ?? TICK_MS
  const keepaliveMs = options.keepaliveMs ?? KEEPALIVE_MS
  const lifetimeMs = options.lifetimeMs ?? LIFETIME_MS

  async function run(): Promise<void> {
    const startedAt = Date.now()
    // An id beyond ours is from before a restart of this isolate: everything here is new to that page.
    let sentSeq = options.afterSeq > latestActivitySeq() ? 0 : options.afterSeq
    let lastWriteAt = startedAt
    try {
      for (let tick = 0; Date.now() - startedAt < lifetimeMs; tick++) {
        const parts: string[] = tick === 0 ? [`retry: ${RETRY_MS}\n\n`] : []
        // The first event always goes out: it carries `since`, by which the page notices a restarted gateway.
        if (tick === 0 || latestActivitySeq() !== sentSeq) {
          const snapshot = activitySnapshot(sentSeq)
          parts.push(sseEvent('activity', activityJson(snapshot), String(snapshot.latestSeq)))
          sentSeq = snapshot.latestSeq
        }
        if (tick > 0 && tick % SETTINGS_EVERY_TICKS === 0) {
          const models = await options.modelsIfChanged().catch(() => undefined) // HOST busy or restarting: try again next time
          if (models !== undefined) parts.push(sseEvent('models', models))
        }
        if (parts.length === 0 && Date.now() - lastWriteAt >= keepaliveMs) parts.push(': keepalive\n\n')
        if (parts.length > 0) {
          await writer.write(encoder.encode(parts.join('')))
          lastWriteAt = Date.now()
        }
        await new Promise((resolve) => setTimeout(resolve, tickMs))
      }
    } catch {
      // The write failed: the page went away. Nothing to report; the request log has the stream's line.
    } finally {
      await writer.close().catch(() => undefined) // already errored when the page left
    }
  }

  return { body: readable, done: run() }
}

function sseEvent(name: string, data: unknown, id?: string): string {
  return `event: ${name}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`
}
