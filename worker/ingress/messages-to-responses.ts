import { badRequest, isRecord } from '../http/bad-request'

type Json = Record<string, unknown>

/** Thinking budget → Codex-style effort, so the upstream adapter maps it back to its own thinking control. */
function effortFor(thinking: unknown): string | undefined {
  if (!isRecord(thinking)) return undefined
  if (thinking.type === 'disabled') return undefined
  if (thinking.type === 'adaptive') return 'medium'
  const budget = Number(thinking.budget_tokens ?? 0)
  return budget <= 2048 ? 'low' : budget <= 8192 ? 'medium' : 'high'
}

function imagePart(source: unknown, path: string): Json {
  if (isRecord(source) && source.type === 'base64' && typeof source.data === 'string') {
    return { type: 'input_image', image_url: `data:${String(source.media_type ?? 'image/png')};base64,${source.data}` }
  }
  if (isRecord(source) && source.type === 'url' && typeof source.url === 'string')
    return { type: 'input_image', image_url: source.url }
  throw badRequest(`${path}.source`, 'expected a base64 or url image source')
}

function blocksOf(content: unknown, path: string): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  if (!Array.isArray(content)) throw badRequest(path, 'expected a string or an array of content blocks')
  return content.map((block, index) => {
    if (!isRecord(block)) throw badRequest(`${path}[${index}]`, 'expected a content block')
    return block
  })
}

function toolResultOutput(content: unknown, path: string): string | Json[] {
  if (content === undefined || content === null) return ''
  if (typeof content === 'string') return content
  return blocksOf(content, path).map((block, index) =>
    block.type === 'image'
      ? imagePart(block.source, `${path}[${index}]`)
      : { type: 'input_text', text: String(block.text ?? '') },
  )
}

/**
 * An Anthropic Messages request → the canonical Responses request (ingress adapter, ARCHITECTURE.md): system as
 * instructions, text and images as input parts, tool_use/tool_result as function calls and outputs, thinking
 * blocks as reasoning items whose `encrypted_content` is the block's signature (our envelope, when we made it).
 */
export function messagesToResponses(body: Json): Json {
  if (!Array.isArray(body.messages)) throw badRequest('messages', 'expected an array of messages')
  const input: Json[] = []
  body.messages.forEach((message: unknown, index) => {
    const path = `messages[${index}]`
    if (!isRecord(message) || (message.role !== 'user' && message.role !== 'assistant'))
      throw badRequest(`${path}.role`, 'expected "user" or "assistant"')
    const isUser = message.role === 'user'
    let parts: Json[] = []
    const flushParts = () => {
      if (parts.length === 0) return
      input.push({ type: 'message', role: message.role, content: parts })
      parts = []
    }
    blocksOf(message.content, `${path}.content`).forEach((block, blockIndex) => {
      const at = `${path}.content[${blockIndex}]`
      switch (block.type) {
        case 'text':
          parts.push({ type: isUser ? 'input_text' : 'output_text', text: String(block.text ?? '') })
          return
        case 'image':
          parts.push(imagePart(block.source, at))
          return
        case 'tool_use':
          flushParts()
          input.push({
            type: 'function_call',
            call_id: String(block.id),
            name: String(block.name),
            arguments: JSON.stringify(block.input ?? {}),
          })
          return
        case 'tool_result':
          flushParts()
          input.push({
            type: 'function_call_output',
            call_id: String(block.tool_use_id),
            output: toolResultOutput(block.content, `${at}.content`),
          })
          return
        case 'thinking':
          flushParts()
          input.push({
            type: 'reasoning',
            summary: [{ type: 'summary_text', text: String(block.thinking ?? '') }],
            encrypted_content: String(block.signature ?? ''),
          })
          return
        case 'redacted_thinking':
          return
        default:
          parts.push({ type: isUser ? 'input_text' : 'output_text', text: `[${String(block.type)} block omitted]` })
      }
    })
    flushParts()
  })

  const request: Json = { model: body.model, input, stream: body.stream === true }
  const system =
    typeof body.system === 'string'
      ? body.system
      : Array.isArray(body.system)
        ? body.system.map((block) => (isRecord(block) ? String(block.text ?? '') : '')).join('\n\n')
        : undefined
  if (system) request.instructions = system
  if (typeof body.max_tokens === 'number') request.max_output_tokens = body.max_tokens
  for (const field of ['temperature', 'top_p'] as const)
    if (typeof body[field] === 'number') request[field] = body[field]
  const effort = effortFor(body.thinking)
  if (effort) request.reasoning = { effort }
  if (Array.isArray(body.tools)) {
    request.tools = body.tools
      .filter(
        (tool): tool is Json =>
          isRecord(tool) && (tool.type === undefined || tool.type === 'custom') && typeof tool.name === 'string',
      )
      .map((tool) => ({
        type: 'function',
        name: tool.name,
        description: tool.description,
        parameters: tool.input_schema ?? { type: 'object' },
      }))
  }
  if (isRecord(body.tool_choice)) {
    const choice = body.tool_choice
    request.tool_choice =
      choice.type === 'any'
        ? 'required'
        : choice.type === 'none'
          ? 'none'
          : choice.type === 'tool'
            ? { type: 'function', name: choice.name }
            : 'auto'
    if (choice.disable_parallel_tool_use === true) request.parallel_tool_calls = false
  }
  return request
}
