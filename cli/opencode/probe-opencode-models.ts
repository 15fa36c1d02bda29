import type { ProgressLine } from '../progress-line'
import { runBounded } from '../run-bounded'
import { UserError } from '../user-error'
import type { ModelFacts, ModelsDevFacts } from './models-dev'
import { endpointProbeRequest, OPENCODE_ENDPOINTS, type OpencodeEndpoint } from './opencode-go-endpoints'
import { chooseEndpoint, type EndpointVerdicts } from './opencode-go-row'
import { probeEndpoint, type EndpointVerdict } from './probe-endpoint'
import { createRateGate } from './rate-gate'

export interface ModelProbe {
  id: string
  verdicts: EndpointVerdicts
  chosen?: OpencodeEndpoint
  facts?: ModelFacts
}

export interface ProbeSettings {
  baseUrl: string
  apiKey: string
  apiKeyEnv: string
  prefer?: OpencodeEndpoint
  facts: ModelsDevFacts
  /** At most this many requests in flight (the issue's 4), each given `timeoutMs` (20 s). */
  concurrency: number
  timeoutMs: number
}

/** ✓ works, ✗ refused (or the key was), ? could not tell. */
export function verdictMark(verdict: EndpointVerdict): string {
  return verdict.kind === 'works' ? '✓' : verdict.kind === 'unknown' ? '?' : '✗'
}

/**
 * Tries every model on every endpoint with a tiny request, a few at a time. A key OpenCode refuses stops the
 * run (every later answer would say the same, and each costs a request).
 */
export async function probeOpencodeModels(
  ids: readonly string[],
  settings: ProbeSettings,
  progress: ProgressLine,
): Promise<ModelProbe[]> {
  const gate = createRateGate()
  const tasks = ids.flatMap((id) => OPENCODE_ENDPOINTS.map((endpoint) => ({ id, endpoint })))
  const verdicts = new Map<string, Partial<EndpointVerdicts>>()
  let refusedKey: Extract<EndpointVerdict, { kind: 'key_rejected' }> | undefined
  let finishedModels = 0

  await runBounded(tasks, settings.concurrency, async ({ id, endpoint }) => {
    const verdict: EndpointVerdict = refusedKey
      ? { kind: 'unknown', reason: 'not tried: the key was refused' }
      : await probeEndpoint(endpointProbeRequest(endpoint, settings.baseUrl, id, settings.apiKey), {
          gate,
          timeoutMs: settings.timeoutMs,
          apiKey: settings.apiKey,
          onRateLimited: (seconds) =>
            progress.note(`OpenCode Go is rate limiting: waiting ${seconds} s as its retry-after asks.`),
        })
    if (verdict.kind === 'key_rejected') refusedKey ??= verdict
    const forModel = verdicts.get(id) ?? {}
    forModel[endpoint] = verdict
    verdicts.set(id, forModel)
    const isModelDone = OPENCODE_ENDPOINTS.every((name) => forModel[name] !== undefined)
    if (isModelDone) finishedModels++
    const line = isModelDone
      ? `[${finishedModels}/${ids.length}] ${id}: ${OPENCODE_ENDPOINTS.map((name) => `${name} ${verdictMark(forModel[name] as EndpointVerdict)}`).join(', ')}`
      : undefined
    progress.advance(`${id} ${endpoint}`, line)
  })
  progress.done()

  if (refusedKey) {
    throw new UserError(
      `OpenCode Go refused the key in $${settings.apiKeyEnv} (${refusedKey.status}${refusedKey.message ? `: ${refusedKey.message}` : ''}). Nothing was changed.`,
      `Check the key (an OpenCode Go subscription key), then run the refresh again.`,
    )
  }
  return ids.map((id) => {
    const forModel = verdicts.get(id) as EndpointVerdicts
    const facts = settings.facts.facts.get(id)
    const chosen = chooseEndpoint(forModel, settings.prefer, facts?.nativeEndpoint)
    return { id, verdicts: forModel, ...(chosen ? { chosen } : {}), ...(facts ? { facts } : {}) }
  })
}
