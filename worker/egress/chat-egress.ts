import type { ResponsesStreamEvent } from '../protocol/responses-items'
import { incompleteReasonOf, type EgressFactory, type ResponseObject } from './egress'

const FINISH_REASONS: Record<string, string> = { max_output_tokens: 'length', content_filter: 'content_filter' }
/** OpenAI's error types for our failure codes, so an SDK can tell a refusal from an outage. */
const ERROR_TYPES: Record<string, string> = {
  rate_limit_exceeded: 'rate_limit_error',
  context_length_exceeded: 'invalid_request_error',
  invalid_prompt: 'invalid_request_error',
  insufficient_quota: 'insufficient_quota',
}

function chatUsage(usage: Record<string, unknown> | null | undefined) {
  if (!usage) return undefined
  const input = Number(usage.input_tokens ?? 0)
  const output = Number(usage.output_tokens ?? 0)
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: Number((usage.input_tokens_details as Record<string, unknown> | undefined)?.cached_tokens ?? 0) },
    completion_tokens_details: { reasoning_tokens: Number((usage.output_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens ?? 0) },
  }
}

/**
 * Canonical events → chat-completion chunks: text as `content`, reasoning as `reasoning_content`, each finished
 * tool call as one `tool_calls` delta, the finish reason, a usage chunk when the client asked for one, then
 * `[DONE]`; a failure is a `{"error": …}` chunk, which the SDKs raise.
 */
export function chatEgress(options: { includeUsage: boolean }): EgressFactory {
  return (slug) => {
    let id = ''
    let created = 0
    let toolCalls = 0
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: slug, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`

    function encode(event: ResponsesStreamEvent): string {
      const response = event.response as Record<string, unknown> | undefined
      const item = event.item as Record<string, unknown> | undefined
      switch (event.type) {
        case 'response.created':
          id = `chatcmpl-${String(response?.id ?? '').replace(/^resp_/, '')}`
          created = Number(response?.created_at ?? 0)
          return chunk({ role: 'assistant', content: '' })
        case 'response.output_text.delta':
          return chunk({ content: event.delta })
        case 'response.reasoning_summary_text.delta':
          return chunk({ reasoning_content: event.delta })
        case 'response.output_item.done':
          if (item?.type !== 'function_call') return ''
          return chunk({ tool_calls: [{ index: toolCalls++, id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } }] })
        case 'response.completed':
        case 'response.incomplete': {
          const reason = incompleteReasonOf(response)
          const finish = reason !== undefined ? (FINISH_REASONS[reason] ?? 'length') : toolCalls > 0 ? 'tool_calls' : 'stop'
          const usage = options.includeUsage ? chatUsage(response?.usage as Record<string, unknown> | null) : undefined
          const usageChunk = usage ? `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: slug, choices: [], usage })}\n\n` : ''
          return chunk({}, finish) + usageChunk + 'data: [DONE]\n\n'
        }
        case 'response.failed': {
          const error = response?.error as Record<string, unknown> | undefined
          const type = ERROR_TYPES[String(error?.code)] ?? 'server_error'
          return `data: ${JSON.stringify({ error: { message: String(error?.message ?? 'upstream failure'), type, code: error?.code ?? null } })}\n\n`
        }
        default:
          return ''
      }
    }

    return { contentType: 'text/event-stream; charset=utf-8', encode, finalBody: (response) => chatCompletion(response, slug) }
  }
}

function chatCompletion(response: ResponseObject, slug: string) {
  const texts: string[] = []
  const reasoning: string[] = []
  const toolCalls: Record<string, unknown>[] = []
  for (const item of response.output) {
    if (item.type === 'message') texts.push(((item.content as { text?: string }[]) ?? []).map((part) => part.text ?? '').join(''))
    else if (item.type === 'reasoning') reasoning.push(((item.summary as { text: string }[]) ?? []).map((part) => part.text).join(''))
    else if (item.type === 'function_call') toolCalls.push({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } })
  }
  const message: Record<string, unknown> = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null }
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  if (reasoning.some((text) => text !== '')) message.reasoning_content = reasoning.join('')
  const reason = incompleteReasonOf(response)
  return {
    id: `chatcmpl-${String(response.id).replace(/^resp_/, '')}`,
    object: 'chat.completion',
    created: Number(response.created_at ?? 0),
    model: slug,
    choices: [{ index: 0, message, finish_reason: reason !== undefined ? (FINISH_REASONS[reason] ?? 'length') : toolCalls.length > 0 ? 'tool_calls' : 'stop' }],
    usage: chatUsage(response.usage),
  }
}
