import type { ResolvedModel } from '../../shared/host-protocol'
import type { ActiveRouter } from '../../shared/router/router-candidates'
import type { ResponsesUsage } from '../protocol/responses-usage'
import { classifierRequest } from '../../shared/router/classifier-prompt'
import { decisionKey, keepDecision, peekDecision, recallDecision, type Decision } from './decision-cache'
import { parseScores, type Scores } from '../../shared/router/parse-scores'
import { selectCandidate, type DecisionReason } from '../../shared/router/select-candidate'
import { taskIdentity } from './task-identity'
import { taskSignal } from '../../shared/router/task-signal'

/** One line of `router.jsonl`: what was decided and why, never any prompt text. */
export interface RouterLogLine {
  time: string
  /** The first 16 hex digits of the task's cache key. */
  task: string
  mode: 'route' | 'shadow'
  /** What the router chose (in shadow mode, the choice it would have served). */
  chosen: string
  /** What served the request. */
  served: string
  why: DecisionReason
  scores?: Scores
  classifier?: { slug: string; ms: number; inputTokens?: number; outputTokens?: number; error?: string }
}

export interface ClassifierAnswer {
  text: string
  usage: ResponsesUsage | null
}

export interface AutoRouteDeps {
  /** Calls a configured model non-streaming through its adapter, giving up after `timeoutMs`. */
  classify: (request: Record<string, unknown>, model: ResolvedModel, timeoutMs: number) => Promise<ClassifierAnswer>
  log: (line: RouterLogLine) => void
  kv?: KVNamespace
  now?: () => number
}

export interface AutoRouteRequest {
  headers: Headers
  body: Record<string, unknown>
  bodyBytes: number
}

/**
 * The model a task already decided in this isolate is served by, known without any I/O: what routeAutoTask serves
 * for that remembered decision, so the turn can be translated for it early (prebuilt-plan.ts). Undefined when the
 * decision is not in memory: then only routeAutoTask may find it (in KV) or make it.
 */
export async function rememberedModel(
  active: ActiveRouter<ResolvedModel>,
  models: readonly ResolvedModel[],
  request: Pick<AutoRouteRequest, 'headers' | 'body'>,
): Promise<ResolvedModel | undefined> {
  const key = await decisionKey(JSON.stringify(active.router), taskIdentity(request.headers, request.body))
  const decision = peekDecision(key)
  if (decision === undefined) return undefined
  return servedModel(active, models, active.router.mode === 'shadow' ? active.defaultSlug : decision.slug)
}

/** A candidate's model by slug, or any configured model (a default that is not a candidate). */
function servedModel(
  active: ActiveRouter<ResolvedModel>,
  models: readonly ResolvedModel[],
  slug: string,
): ResolvedModel | undefined {
  return (
    active.candidates.find((candidate) => candidate.slug === slug)?.model ?? models.find((entry) => entry.slug === slug)
  )
}

/**
 * Picks the model that serves a request to the router's slug. The first request of a task is classified (unless
 * one candidate makes it moot) and the decision kept for the task; its tool round trips reuse it. Classifier
 * errors, timeouts and garbage serve the user's default and are logged, never shown to Codex.
 */
export async function routeAutoTask(
  active: ActiveRouter<ResolvedModel>,
  models: readonly ResolvedModel[],
  request: AutoRouteRequest,
  deps: AutoRouteDeps,
): Promise<{ model: ResolvedModel; line: RouterLogLine }> {
  const now = deps.now ?? Date.now
  const { router } = active
  const key = await decisionKey(JSON.stringify(router), taskIdentity(request.headers, request.body))
  const served = (decision: Decision, classifier?: RouterLogLine['classifier']) => {
    const slug = router.mode === 'shadow' ? active.defaultSlug : decision.slug
    const line: RouterLogLine = {
      time: new Date(now()).toISOString(),
      task: key.slice(-16),
      mode: router.mode,
      chosen: decision.slug,
      served: slug,
      why: decision.reason,
      ...(decision.scores ? { scores: decision.scores } : {}),
      ...(classifier ? { classifier } : {}),
    }
    deps.log(line)
    const model = servedModel(active, models, slug)
    if (model === undefined) throw new Error(`router chose ${slug}, which is not configured`)
    return { model, line }
  }

  const remembered = await recallDecision(key, deps.kv)
  if (remembered !== undefined) return served({ ...remembered, reason: 'cached' })
  const [only] = active.candidates
  if (only !== undefined && active.candidates.length === 1) {
    const decision: Decision = { slug: only.slug, reason: 'single' }
    await keepDecision(key, decision, deps.kv, router.cache)
    return served(decision)
  }

  const signal = taskSignal(request.body, request.bodyBytes)
  const classifierModel = models.find((model) => model.slug === router.classifier)
  let scores: Scores | undefined
  let classifier: RouterLogLine['classifier']
  if (classifierModel !== undefined) {
    const started = now()
    try {
      const answer = await deps.classify(
        classifierRequest(classifierModel.slug, active.candidates, signal, router.maxClassifierTokens),
        classifierModel,
        router.timeoutMs,
      )
      scores = parseScores(
        answer.text,
        active.candidates.map((candidate) => candidate.slug),
      )
      classifier = {
        slug: classifierModel.slug,
        ms: now() - started,
        inputTokens: answer.usage?.input_tokens,
        outputTokens: answer.usage?.output_tokens,
        ...(scores ? {} : { error: 'no scores in the answer' }),
      }
    } catch (error) {
      classifier = {
        slug: classifierModel.slug,
        ms: now() - started,
        error: error instanceof Error ? error.message.slice(0, 200) : 'failed',
      }
    }
  }
  const selection = selectCandidate({
    candidates: active.candidates,
    scores,
    threshold: router.threshold,
    defaultSlug: active.defaultSlug,
    hasImages: signal.hasImages,
    estimatedTokens: signal.estimatedTokens,
  })
  const decision: Decision = { ...selection, ...(scores ? { scores } : {}) }
  await keepDecision(key, decision, deps.kv, router.cache)
  return served(decision, classifier)
}
