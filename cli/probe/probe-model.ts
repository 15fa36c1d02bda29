import type { ModelConfig } from '../../shared/settings'
import { isRecord } from '../../shared/is-record'
import { probeRequest, PROBE_TOOL_NAME } from './probe-requests'
import { streamThroughGateway, type GatewayAnswer } from './stream-through-gateway'

export type KeyVerdict = 'accepted' | 'rejected' | 'missing' | 'unknown'
export type StreamVerdict = 'ok' | 'one piece' | 'failed'
export type UsageVerdict = 'reported' | 'missing' | 'skipped'
export type ToolVerdict = 'structured' | 'text' | 'none' | 'failed' | 'skipped'
export type ImageVerdict = 'accepted' | 'rejected' | 'failed' | 'skipped' | 'not sent'
export type ReasoningVerdict = 'shown' | 'none' | 'failed' | 'skipped'

export interface ModelProbeReport {
  slug: string
  key: KeyVerdict
  streaming: StreamVerdict
  usage: UsageVerdict
  tools: ToolVerdict
  images: ImageVerdict
  reasoning: ReasoningVerdict
  ttfbMs?: number
  totalMs?: number
  /** The gateway's own words for each check that failed. */
  errors: Partial<Record<'basic' | 'tools' | 'images' | 'reasoning', string>>
}

export interface GatewayTarget {
  url: string
  token: string | undefined
  timeoutMs: number
}

/** Failures no retry fixes: how the gateway words an upstream's 4xx (worker/upstreams/failure-to-client.ts). */
const isRejection = (answer: Extract<GatewayAnswer, { kind: 'failed' }>) =>
  answer.code === 'upstream_rejected' || answer.code === 'invalid_prompt' || answer.status === 400

/**
 * Checks one model the way Codex will use it, through the gateway: a plain streamed turn (key, streaming,
 * usage, time to first token), a forced tool call, an image (unless `no_image_support`), and reasoning. When the
 * plain turn fails, the rest is not sent: it would fail the same way and still cost requests.
 */
export async function probeModel(model: ModelConfig, gateway: GatewayTarget): Promise<ModelProbeReport> {
  const send = (check: Parameters<typeof probeRequest>[0]) =>
    streamThroughGateway(gateway.url, gateway.token, probeRequest(check, model.slug), gateway.timeoutMs)
  const report: ModelProbeReport = {
    slug: model.slug,
    key: 'unknown',
    streaming: 'failed',
    usage: 'skipped',
    tools: 'skipped',
    images: 'skipped',
    reasoning: 'skipped',
    errors: {},
  }
  const basic = await send('basic')
  if (basic.kind === 'failed') {
    report.errors.basic = basic.message
    report.key =
      basic.code === 'missing_api_key' ? 'missing' : /rejected the API key/.test(basic.message) ? 'rejected' : 'unknown'
    report.totalMs = basic.totalMs
    return report
  }
  report.key = 'accepted'
  report.streaming = basic.deltaCount > 0 ? 'ok' : 'one piece'
  report.usage = hasUsage(basic.response) ? 'reported' : 'missing'
  report.ttfbMs = basic.ttfbMs
  report.totalMs = basic.totalMs

  const tools = await send('tools')
  if (tools.kind === 'failed') {
    report.tools = 'failed'
    report.errors.tools = tools.message
  } else
    report.tools = outputItems(tools.response).some(
      (item) => item.type === 'function_call' && item.name === PROBE_TOOL_NAME,
    )
      ? 'structured'
      : hasText(tools.response)
        ? 'text'
        : 'none'

  if (model.noImageSupport) report.images = 'not sent'
  else {
    const images = await send('images')
    if (images.kind === 'completed') report.images = 'accepted'
    else {
      report.images = isRejection(images) ? 'rejected' : 'failed'
      report.errors.images = images.message
    }
  }

  const reasoning = await send('reasoning')
  if (reasoning.kind === 'failed') {
    report.reasoning = 'failed'
    report.errors.reasoning = reasoning.message
  } else {
    const streamed = [...reasoning.eventTypes].some((type) => type.startsWith('response.reasoning'))
    report.reasoning =
      streamed || outputItems(reasoning.response).some((item) => item.type === 'reasoning') ? 'shown' : 'none'
  }
  return report
}

function outputItems(response: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(response.output) ? response.output.filter(isRecord) : []
}

function hasText(response: Record<string, unknown>): boolean {
  return outputItems(response).some(
    (item) =>
      item.type === 'message' &&
      Array.isArray(item.content) &&
      item.content.some((part) => isRecord(part) && typeof part.text === 'string' && part.text.trim() !== ''),
  )
}

function hasUsage(response: Record<string, unknown>): boolean {
  const usage = isRecord(response.usage) ? response.usage : {}
  return [usage.input_tokens, usage.output_tokens, usage.total_tokens].some(
    (value) => typeof value === 'number' && value > 0,
  )
}
