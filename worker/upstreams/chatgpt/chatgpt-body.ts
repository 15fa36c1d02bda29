import { CHATGPT_PASSTHROUGH_SLUG } from '../../../shared/constants'
import { expandOwnCompactions } from '../../canonical/compaction'
import { unpackReasoning } from '../../canonical/reasoning-envelope'
import { isRecord } from '../../http/bad-request'

const encoder = new TextEncoder()

/**
 * The bytes to send ChatGPT's backend: Codex's request exactly as it came, unless it names an alias of the model
 * or carries items only this gateway can read (our reasoning envelopes, which the backend would reject, and our
 * compaction items, which become their summary). Only then is it re-serialized.
 */
export function passthroughBody(
  body: Record<string, unknown>,
  bytes: Uint8Array,
  options: { dropStream?: boolean } = {},
): Uint8Array {
  const input = Array.isArray(body.input) ? body.input : undefined
  const hasOwnItems =
    input?.some(
      (item) =>
        isRecord(item) &&
        (item.type === 'reasoning' || item.type === 'compaction') &&
        unpackReasoning(item.encrypted_content) !== undefined,
    ) ?? false
  if (body.model === CHATGPT_PASSTHROUGH_SLUG && !hasOwnItems && !(options.dropStream && 'stream' in body)) return bytes
  const next: Record<string, unknown> = { ...body, model: CHATGPT_PASSTHROUGH_SLUG }
  if (options.dropStream) delete next.stream
  if (input && hasOwnItems) {
    next.input = (expandOwnCompactions(input) as unknown[]).filter(
      (item) => !(isRecord(item) && item.type === 'reasoning' && unpackReasoning(item.encrypted_content) !== undefined),
    )
  }
  return encoder.encode(JSON.stringify(next))
}

/** Every `"model": "gpt-5.5"` in a compact answer becomes the slug the client asked for. */
export function rewriteModel(value: unknown, slug: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => rewriteModel(entry, slug))
  if (!isRecord(value)) return value
  const result: Record<string, unknown> = {}
  for (const [key, entry] of Object.entries(value))
    result[key] = key === 'model' && entry === CHATGPT_PASSTHROUGH_SLUG ? slug : rewriteModel(entry, slug)
  return result
}
