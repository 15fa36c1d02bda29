import { withoutControlCharacters } from '../../../worker/canonical/control-characters'

type Json = Record<string, unknown>
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The texts of a Responses request that must reach the upstream, as the gateway cleans them (control-characters.ts):
 * instructions, every message's text parts, and tool outputs. Whitespace-only texts are left out: upstreams refuse
 * them, so they may be dropped.
 */
export function textsThatMustArrive(body: Json): string[] {
  const texts: unknown[] = [body.instructions]
  const items =
    typeof body.input === 'string'
      ? [{ role: 'user', content: body.input }]
      : Array.isArray(body.input)
        ? body.input
        : []
  for (const item of items) {
    if (!isJson(item)) continue
    if (item.type === undefined || item.type === 'message') texts.push(...partTexts(item.content))
    else if (typeof item.type === 'string' && item.type.endsWith('_output') && item.type !== 'apply_patch_call_output')
      texts.push(...partTexts(item.output))
  }
  return texts.flatMap((text) =>
    typeof text === 'string' && withoutControlCharacters(text).trim() !== '' ? [withoutControlCharacters(text)] : [],
  )
}

function partTexts(content: unknown): unknown[] {
  if (typeof content === 'string') return [content]
  if (!Array.isArray(content)) return []
  return content.map((part) => (isJson(part) ? (part.text ?? part.refusal) : part))
}

/** `text` occurs in `value` once both are JSON: JSON escapes character by character, so a substring stays one. */
export function jsonContains(value: unknown, text: string): boolean {
  return JSON.stringify(value).includes(JSON.stringify(text).slice(1, -1))
}
