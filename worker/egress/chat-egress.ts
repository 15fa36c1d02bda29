import { assertNever } from '../canonical/assert-never'
import type { ResponseObject, ResponsesStreamEvent } from '../protocol/responses-stream-events'
import type { ResponsesUsage } from '../protocol/responses-usage'
import { incompleteReasonOf, messageText, summaryText, type EgressFactory } from './egress'
import { translatableEvent, type TranslatableEvent } from './translatable-events'

const FINISH_REASONS: Record<string, string> = { max_output_tokens: 'length', content_filter: 'content_filter' }
/** OpenAI's error types for our failure codes, so an SDK can tell a refusal from an outage. */
const ERROR_TYPES: Record<string, string> = {
  rate_limit_exceeded: 'rate_limit_error',
  context_length_exceeded: 'invalid_request_error',
  invalid_prompt: 'invalid_request_error',
  insufficient_quota: 'insufficient_quota',
}

function chatUsage(usage: ResponsesUsage | null) {
  if (!usage) return undefined
  const { input_tokens: input, output_tokens: output } = usage
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: usage.input_tokens_details.cached_tokens },
    completion_tokens_details: { reasoning_tokens: usage.output_tokens_details.reasoning_tokens },
  }
}

function finishReasonOf(response: ResponseObject, hasToolCalls: boolean): string {
  const reason = incompleteReasonOf(response)
  return reason !== undefined ? (FINISH_REASONS[reason] ?? 'length') : hasToolCalls ? 'tool_calls' : 'stop'
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

    function encodeTranslatable(event: TranslatableEvent): string {
      switch (event.type) {
        case 'response.created':
          id = `chatcmpl-${event.response.id.replace(/^resp_/, '')}`
          created = event.response.created_at
          return chunk({ role: 'assistant', content: '' })
        case 'response.output_text.delta':
          return chunk({ content: event.delta })
        case 'response.reasoning_summary_text.delta':
          return chunk({ reasoning_content: event.delta })
        case 'response.output_item.done': {
          const { item } = event
          if (item.type !== 'function_call') return ''
          return chunk({
            tool_calls: [
              {
                index: toolCalls++,
                id: item.call_id,
                type: 'function',
                function: { name: item.name, arguments: item.arguments },
              },
            ],
          })
        }
        case 'response.completed':
        case 'response.incomplete': {
          const finish = finishReasonOf(event.response, toolCalls > 0)
          const usage = options.includeUsage ? chatUsage(event.response.usage) : undefined
          const usageChunk = usage
            ? `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: slug, choices: [], usage })}\n\n`
            : ''
          return `${chunk({}, finish)}${usageChunk}data: [DONE]\n\n`
        }
        case 'response.failed': {
          const { error } = event.response
          const type = ERROR_TYPES[String(error?.code)] ?? 'server_error'
          return `data: ${JSON.stringify({ error: { message: error?.message ?? 'upstream failure', type, code: error?.code ?? null } })}\n\n`
        }
        // A call is sent whole when it is done; other items have nothing to open in a chunk.
        case 'response.output_item.added':
        case 'response.function_call_arguments.delta':
        case 'response.custom_tool_call_input.delta':
          return ''
        default:
          return assertNever(event)
      }
    }

    function encode(event: ResponsesStreamEvent): string {
      const translatable = translatableEvent(event)
      return translatable === undefined ? '' : encodeTranslatable(translatable)
    }

    return {
      contentType: 'text/event-stream; charset=utf-8',
      encode,
      finalBody: (response) => chatCompletion(response, slug),
    }
  }
}

function chatCompletion(response: ResponseObject, slug: string) {
  const texts: string[] = []
  const reasoning: string[] = []
  const toolCalls: Record<string, unknown>[] = []
  for (const item of response.output) {
    if (item.type === 'message') texts.push(messageText(item))
    else if (item.type === 'reasoning') reasoning.push(summaryText(item))
    else if (item.type === 'function_call')
      toolCalls.push({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } })
  }
  const message: Record<string, unknown> = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null }
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  if (reasoning.some((text) => text !== '')) message.reasoning_content = reasoning.join('')
  return {
    id: `chatcmpl-${response.id.replace(/^resp_/, '')}`,
    object: 'chat.completion',
    created: response.created_at,
    model: slug,
    choices: [{ index: 0, message, finish_reason: finishReasonOf(response, toolCalls.length > 0) }],
    usage: chatUsage(response.usage),
  }
}
