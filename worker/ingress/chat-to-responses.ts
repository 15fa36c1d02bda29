import { badRequest, isRecord } from '../http/bad-request'

type Json = Record<string, unknown>

function partsOf(content: unknown, role: string, path: string): Json[] {
  if (typeof content === 'string')
    return content === '' ? [] : [{ type: role === 'assistant' ? 'output_text' : 'input_text', text: content }]
  if (content === null || content === undefined) return []
  if (!Array.isArray(content)) throw badRequest(path, 'expected a string or an array of content parts')
  return content.flatMap((part: unknown, index): Json[] => {
    if (!isRecord(part)) throw badRequest(`${path}[${index}]`, 'expected a content part')
    if (part.type === 'image_url') {
      const url = isRecord(part.image_url) ? part.image_url.url : part.image_url
      return [
        {
          type: 'input_image',
          image_url: String(url),
          ...(isRecord(part.image_url) && part.image_url.detail ? { detail: part.image_url.detail } : {}),
        },
      ]
    }
    if (typeof part.text === 'string')
      return [{ type: role === 'assistant' ? 'output_text' : 'input_text', text: part.text }]
    return []
  })
}

/**
 * A chat-completions request → the canonical Responses request (ingress adapter): system and developer messages
 * as instructions (or developer messages later on), tool_calls and tool messages as function calls and outputs,
 * `max_tokens` / `max_completion_tokens` as `max_output_tokens`, `reasoning_effort` as `reasoning.effort`.
 */
export function chatToResponses(body: Json): Json {
  if (!Array.isArray(body.messages)) throw badRequest('messages', 'expected an array of messages')
  const instructions: string[] = []
  const input: Json[] = []
  body.messages.forEach((message: unknown, index) => {
    const path = `messages[${index}]`
    if (!isRecord(message) || typeof message.role !== 'string')
      throw badRequest(`${path}.role`, 'expected a message with a role')
    const role = message.role
    if (role === 'system' || role === 'developer') {
      const text = partsOf(message.content, 'user', `${path}.content`)
        .map((part) => String(part.text ?? ''))
        .join('\n\n')
      if (input.length === 0) instructions.push(text)
      else input.push({ type: 'message', role: 'developer', content: [{ type: 'input_text', text }] })
      return
    }
    if (role === 'tool') {
      const output =
        typeof message.content === 'string'
          ? message.content
          : partsOf(message.content, 'user', `${path}.content`)
              .map((part) => String(part.text ?? ''))
              .join('\n')
      input.push({ type: 'function_call_output', call_id: String(message.tool_call_id ?? ''), output })
      return
    }
    if (role !== 'user' && role !== 'assistant')
      throw badRequest(`${path}.role`, `unsupported role ${JSON.stringify(role)}`)
    const parts = partsOf(message.content, role, `${path}.content`)
    if (parts.length > 0) input.push({ type: 'message', role, content: parts })
    if (role === 'assistant' && Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        if (!isRecord(call) || !isRecord(call.function)) continue
        input.push({
          type: 'function_call',
          call_id: String(call.id ?? ''),
          name: String(call.function.name ?? ''),
          arguments: String(call.function.arguments ?? '{}'),
        })
      }
    }
  })

  const request: Json = { model: body.model, input, stream: body.stream === true }
  if (instructions.length > 0) request.instructions = instructions.join('\n\n')
  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  if (typeof maxTokens === 'number') request.max_output_tokens = maxTokens
  for (const field of ['temperature', 'top_p', 'parallel_tool_calls'] as const)
    if (body[field] !== undefined) request[field] = body[field]
  if (typeof body.reasoning_effort === 'string') request.reasoning = { effort: body.reasoning_effort }
  if (Array.isArray(body.tools)) {
    request.tools = body.tools
      .filter((tool): tool is Json => isRecord(tool) && tool.type === 'function' && isRecord(tool.function))
      .map((tool) => {
        const fn = tool.function as Json
        return {
          type: 'function',
          name: fn.name,
          description: fn.description,
          parameters: fn.parameters ?? { type: 'object' },
          strict: fn.strict,
        }
      })
  }
  if (typeof body.tool_choice === 'string') request.tool_choice = body.tool_choice
  else if (isRecord(body.tool_choice) && isRecord(body.tool_choice.function))
    request.tool_choice = { type: 'function', name: body.tool_choice.function.name }
  return request
}
