import { isRecord } from '../http/bad-request'

const MAX_MESSAGE = 600

/**
 * The human part of an error body: OpenAI, Anthropic, vLLM, Mistral and Gemini (an array) shapes, and
 * pydantic's `detail` list (FastAPI servers), which names the offending field.
 */
export function upstreamMessage(bodyText: string): string {
  const value = parseErrorBody(bodyText)
  if (value === undefined) return bodyText.trim().slice(0, MAX_MESSAGE)
  const candidates: unknown[] = []
  if (isRecord(value)) {
    const error = value.error
    if (isRecord(error)) candidates.push(error.message, error.msg)
    candidates.push(
      typeof error === 'string' ? error : undefined,
      value.message,
      value.detail,
      value.msg,
      detailListMessage(value.detail),
    )
  }
  const found = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '')
  return (found ?? bodyText.trim()).slice(0, MAX_MESSAGE)
}

/** The machine-readable kind an error body states (`error.code`, `error.type`, or Anthropic's top-level type). */
export function upstreamErrorCode(bodyText: string): string {
  const value = parseErrorBody(bodyText)
  if (!isRecord(value)) return ''
  const error = isRecord(value.error) ? value.error : value
  return [error.code, error.type].filter((part) => typeof part === 'string' || typeof part === 'number').join(' ')
}

function parseErrorBody(bodyText: string): unknown {
  try {
    const value: unknown = JSON.parse(bodyText)
    return Array.isArray(value) ? value[0] : value
  } catch {
    // Not JSON (an HTML error page, plain text): the text itself is the message.
    return undefined
  }
}

function detailListMessage(detail: unknown): string | undefined {
  if (!Array.isArray(detail)) return undefined
  const parts = detail.filter(isRecord).map((entry) => {
    const where = Array.isArray(entry.loc) ? `${entry.loc.join('.')}: ` : ''
    return `${where}${typeof entry.msg === 'string' ? entry.msg : ''}`
  })
  return parts.length === 0 ? undefined : parts.join('; ')
}
