import type { ResolvedModel } from '../../shared/host-protocol'
import { outputText } from '../canonical/compaction'
import type { RequestSummary } from '../http/request-summary'
import { formatSummaryLine } from '../http/request-summary'
import type { ResponsesUsage } from '../protocol/responses-usage'
import { adapterFor } from '../upstreams/adapter-for'
import { serveThroughUpstream, type ServeOptions } from '../upstreams/serve-through-upstream'
import type { ClassifierAnswer } from './route-auto'

/**
 * The classifier call: a configured model, through the same adapter as any request to it, non-streaming, with
 * the router's timeout. It is logged as a request line of its own (`route=router-classifier`), so its tokens and
 * latency are visible beside the task it decided.
 */
export async function classifyThroughAdapter(
  request: Record<string, unknown>,
  model: ResolvedModel,
  timeoutMs: number,
  options: ServeOptions,
): Promise<ClassifierAnswer> {
  const started = Date.now()
  const summary: RequestSummary = {
    slug: model.slug,
    route: 'router-classifier',
    isDeferred: false,
    finish: (outcome) =>
      console.log(formatSummaryLine('POST', '(router classifier)', summary, outcome, Date.now() - started)),
    // Part of the request it classifies for, which has not ended: nothing is asked of this summary afterwards.
    afterFinish: (task) => task(),
  }
  try {
    const response = await serveThroughUpstream(adapterFor(model), request, model, {
      ...options,
      summary,
      timeoutMs,
      headerGraceMs: 0,
    })
    const result = (await response.json()) as { usage?: ResponsesUsage | null }
    summary.finish({ status: response.status, usage: result.usage ?? null })
    return { text: outputText(result), usage: result.usage ?? null }
  } catch (error) {
    summary.finish({
      status: 502,
      failureCode:
        error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : 'classifier_failed',
    })
    throw error
  }
}
