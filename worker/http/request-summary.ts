import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/**
 * What one request did, filled in by the routes and logged as one line when it ends. Never holds prompts,
 * tool arguments, headers or keys.
 */
export interface RequestSummary {
  slug?: string
  route?: string
  /** Who called (deployed: the Access user's email, a service token's client id, or `bearer`), for accounting. */
  caller?: string
  /** Request fields the upstream could not take (names and reasons only, never values). */
  dropped?: string[]
  /** Set by streaming routes, which call `finish` themselves when the stream ends. */
  isDeferred: boolean
  finish: (outcome: SummaryOutcome) => void
  /**
   * Runs `task` once the request has ended (at once if it has): for side work that must not compete with the
   * request itself, such as the router's decision line.
   */
  afterFinish: (task: () => void) => void
}

export interface SummaryOutcome {
  status: number
  bytes?: number
  failureCode?: string
  usage?: { input_tokens: number; output_tokens: number; input_tokens_details?: { cached_tokens?: number } } | null
}

/** One finished request as the log line saw it, for observers such as the picker's live panel. */
export interface FinishedRequest {
  method: string
  path: string
  summary: Pick<RequestSummary, 'slug' | 'route' | 'dropped' | 'caller'>
  outcome: SummaryOutcome
  /** When the request arrived (epoch milliseconds). */
  startedAt: number
  /** Until the handler handed over its response head: for a stream, after the upstream's headers (or the grace). */
  headMs: number
  totalMs: number
}

export interface RequestLogOptions {
  /** Called once per request, right after its line is logged; it gets only what the line holds, never a prompt. */
  onFinish?: (request: FinishedRequest) => void
}

/** Logs one line per request: method, path, slug, route, status, bytes and total milliseconds. */
export const requestLog = (options: RequestLogOptions = {}) =>
  createMiddleware<AppEnv>(async function requestLog(c, next) {
    const startedAt = Date.now()
    let headMs: number | undefined
    let isLogged = false
    const afterwards: (() => void)[] = []
    const summary: RequestSummary = {
      isDeferred: false,
      afterFinish(task) {
        if (isLogged) runSafely(task)
        else afterwards.push(task)
      },
      finish(outcome) {
        if (isLogged) return
        isLogged = true
        const totalMs = Date.now() - startedAt
        const path = new URL(c.req.url).pathname
        console.log(formatSummaryLine(c.req.method, path, summary, outcome, totalMs))
        options.onFinish?.({
          method: c.req.method,
          path,
          summary,
          outcome,
          startedAt,
          headMs: headMs ?? totalMs,
          totalMs,
        })
        for (const task of afterwards.splice(0)) runSafely(task)
      },
    }
    c.set('summary', summary)
    await next()
    headMs = Date.now() - startedAt
    if (!summary.isDeferred) {
      const length = c.res.headers.get('content-length')
      summary.finish({ status: c.res.status, bytes: length === null ? undefined : Number(length) })
    }
  })

/** Side work after a request: its failure is not the request's. */
function runSafely(task: () => void): void {
  try {
    task()
  } catch (error) {
    console.error('[request] work after the request failed:', error)
  }
}

export function formatSummaryLine(
  method: string,
  path: string,
  summary: Pick<RequestSummary, 'slug' | 'route' | 'dropped' | 'caller'>,
  outcome: SummaryOutcome,
  milliseconds: number,
): string {
  const parts = [`${method} ${path}`, `status=${outcome.status}`]
  if (summary.caller !== undefined) parts.push(`caller=${JSON.stringify(summary.caller)}`)
  if (summary.slug !== undefined) parts.push(`slug=${summary.slug}`)
  if (summary.route !== undefined) parts.push(`route=${summary.route}`)
  if (outcome.bytes !== undefined) parts.push(`bytes=${outcome.bytes}`)
  if (outcome.usage) parts.push(`tokens=${outcome.usage.input_tokens}/${outcome.usage.output_tokens}`)
  if (summary.dropped !== undefined && summary.dropped.length > 0) parts.push(`dropped=${summary.dropped.length}`)
  if (outcome.failureCode !== undefined) parts.push(`error=${outcome.failureCode}`)
  parts.push(`ms=${milliseconds}`)
  return `${new Date().toISOString()} [request] ${parts.join(' ')}`
}
