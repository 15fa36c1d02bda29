/**
 * A strict reading of the chat-completions request schema, as the pickiest servers apply it (OpenAI's own
 * validation, Mistral's extra_forbidden, vLLM/Qwen role templates; wire-formats.md §2.1 and §5): returns the
 * violations, empty when a request would be accepted everywhere we know of.
 */
const MESSAGE_KEYS: Record<string, ReadonlySet<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'reasoning_content', 'reasoning_details']),
  tool: new Set(['role', 'tool_call_id', 'content']),
}
const TOP_LEVEL_KEYS = new Set([
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning_effort',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stream',
  'stream_options',
  'response_format',
  'verbosity',
  'prompt_cache_key',
])
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/

export function validateChatRequest(body: Record<string, unknown>): string[] {
  const problems: string[] = []
  for (const key of Object.keys(body)) if (!TOP_LEVEL_KEYS.has(key)) problems.push(`unknown top-level field ${key}`)
  if (typeof body.model !== 'string' || body.model === '') problems.push('model must be a non-empty string')
  const messages = body.messages
  if (!Array.isArray(messages) || messages.length === 0) return [...problems, 'messages must be a non-empty array']

  let awaiting: string[] = []
  for (const [index, message] of (messages as Record<string, unknown>[]).entries()) {
    const at = `messages[${index}]`
    const role = String(message.role)
    const allowed = MESSAGE_KEYS[role]
    if (!allowed) {
      problems.push(`${at}: unknown role ${role}`)
      continue
    }
    for (const key of Object.keys(message)) if (!allowed.has(key)) problems.push(`${at}: unknown field ${key}`)
    if (role === 'system' && index !== 0) problems.push(`${at}: system message after the start`)
    if (role !== 'tool' && awaiting.length > 0) {
      problems.push(`${at}: tool calls ${awaiting.join(', ')} have no tool message before this ${role} message`)
      awaiting = []
    }
    const previous = messages[index - 1] as Record<string, unknown> | undefined
    if (role !== 'tool' && previous?.role === role) problems.push(`${at}: two ${role} messages in a row`)
    if (role === 'tool') {
      const id = String(message.tool_call_id)
      if (!awaiting.includes(id))
        problems.push(`${at}: tool message for ${id}, which the preceding assistant message did not call`)
      awaiting = awaiting.filter((waiting) => waiting !== id)
      if (typeof message.content !== 'string' || message.content === '')
        problems.push(`${at}: tool content must be a non-empty string`)
      continue
    }
    const toolCalls = message.tool_calls as Record<string, unknown>[] | undefined
    if (role === 'assistant' && toolCalls !== undefined) {
      if (!Array.isArray(toolCalls) || toolCalls.length === 0)
        problems.push(`${at}: tool_calls must be a non-empty array`)
      for (const [callIndex, call] of (toolCalls ?? []).entries()) {
        const fn = call.function as Record<string, unknown> | undefined
        if (typeof call.id !== 'string' || call.id === '') problems.push(`${at}.tool_calls[${callIndex}]: id missing`)
        if (call.type !== 'function') problems.push(`${at}.tool_calls[${callIndex}]: type must be function`)
        if (!FUNCTION_NAME.test(String(fn?.name)))
          problems.push(`${at}.tool_calls[${callIndex}]: bad function name ${String(fn?.name)}`)
        try {
          JSON.parse(String(fn?.arguments))
        } catch {
          problems.push(`${at}.tool_calls[${callIndex}]: arguments are not JSON`)
        }
        for (const key of Object.keys(call))
          if (!['id', 'type', 'function', 'extra_content'].includes(key))
            problems.push(`${at}.tool_calls[${callIndex}]: unknown field ${key}`)
      }
      awaiting = (toolCalls ?? []).map((call) => String(call.id))
      if (message.content !== null && message.content !== '' && typeof message.content !== 'string')
        problems.push(`${at}: assistant content must be a string or null`)
      continue
    }
    problems.push(...contentProblems(message.content, at))
  }
  if (awaiting.length > 0) problems.push(`tool calls ${awaiting.join(', ')} are never answered`)

  const tools = body.tools as Record<string, unknown>[] | undefined
  if (tools !== undefined) {
    if (!Array.isArray(tools) || tools.length === 0) problems.push('tools must be a non-empty array when present')
    const names = new Set<string>()
    for (const [index, tool] of (tools ?? []).entries()) {
      const fn = tool.function as Record<string, unknown> | undefined
      if (tool.type !== 'function' || !fn) problems.push(`tools[${index}]: must be {type:"function", function:{...}}`)
      if (!FUNCTION_NAME.test(String(fn?.name))) problems.push(`tools[${index}]: bad name ${String(fn?.name)}`)
      if (names.has(String(fn?.name))) problems.push(`tools[${index}]: duplicate name ${String(fn?.name)}`)
      names.add(String(fn?.name))
      const parameters = fn?.parameters as Record<string, unknown> | undefined
      if (typeof parameters !== 'object' || parameters === null || parameters.type !== 'object')
        problems.push(`tools[${index}]: parameters must be an object schema`)
    }
  } else {
    if (body.parallel_tool_calls !== undefined) problems.push('parallel_tool_calls without tools')
    if (body.tool_choice !== undefined) problems.push('tool_choice without tools')
  }
  if (body.tool_choice !== undefined && tools !== undefined)
    problems.push(...toolChoiceProblems(body.tool_choice, tools))
  if (body.parallel_tool_calls !== undefined && typeof body.parallel_tool_calls !== 'boolean')
    problems.push('parallel_tool_calls must be a boolean')
  if (body.stream_options !== undefined && body.stream !== true) problems.push('stream_options without stream')
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    if (body[field] !== undefined && (!Number.isInteger(body[field]) || (body[field] as number) < 1))
      problems.push(`${field} must be a positive integer`)
  }
  if (body.max_tokens !== undefined && body.max_completion_tokens !== undefined)
    problems.push('both max_tokens and max_completion_tokens')
  if (body.reasoning_effort !== undefined && !REASONING_EFFORTS.has(String(body.reasoning_effort)))
    problems.push(`reasoning_effort ${String(body.reasoning_effort)} is not one the API knows`)
  if (body.response_format !== undefined) problems.push(...responseFormatProblems(body.response_format))
  return problems
}

const REASONING_EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'])

/** `"none" | "auto" | "required"`, or `{type:"function", function:{name}}` naming an offered tool (wire-formats.md §2.1). */
function toolChoiceProblems(choice: unknown, tools: Record<string, unknown>[]): string[] {
  if (choice === 'none' || choice === 'auto' || choice === 'required') return []
  const named = typeof choice === 'object' && choice !== null ? (choice as Record<string, unknown>) : undefined
  const name = (named?.function as Record<string, unknown> | undefined)?.name
  if (named?.type !== 'function' || typeof name !== 'string')
    return [`tool_choice ${JSON.stringify(choice)} is not a mode or a named function`]
  const offered = tools.some((tool) => (tool.function as Record<string, unknown> | undefined)?.name === name)
  return offered ? [] : [`tool_choice names ${name}, which is not offered`]
}

/** `{type:"text"}`, `{type:"json_object"}` or `{type:"json_schema", json_schema:{name, schema, strict?}}`. */
function responseFormatProblems(format: unknown): string[] {
  const value = typeof format === 'object' && format !== null ? (format as Record<string, unknown>) : {}
  if (value.type === 'text' || value.type === 'json_object') return []
  if (value.type !== 'json_schema') return [`response_format type ${String(value.type)} is unknown`]
  const schema = value.json_schema as Record<string, unknown> | undefined
  if (!FUNCTION_NAME.test(String(schema?.name)))
    return [`response_format.json_schema.name ${String(schema?.name)} is missing or invalid`]
  return typeof schema?.schema === 'object' && schema.schema !== null
    ? []
    : ['response_format.json_schema.schema must be an object']
}

function contentProblems(content: unknown, at: string): string[] {
  if (typeof content === 'string') return content.trim() === '' ? [`${at}: empty content`] : []
  if (!Array.isArray(content) || content.length === 0) return [`${at}: content must be a non-empty string or part list`]
  const problems: string[] = []
  content.forEach((part: Record<string, unknown>, index) => {
    if (part.type === 'text' && (typeof part.text !== 'string' || part.text === ''))
      problems.push(`${at}.content[${index}]: empty text part`)
    else if (
      part.type === 'image_url' &&
      typeof (part.image_url as Record<string, unknown> | undefined)?.url !== 'string'
    )
      problems.push(`${at}.content[${index}]: image without url`)
    else if (part.type !== 'text' && part.type !== 'image_url')
      problems.push(`${at}.content[${index}]: unknown part ${String(part.type)}`)
  })
  return problems
}
