/**
 * Anthropic's structural rules for a Messages request (wire-formats.md §3.2, §3.3, §5 rows 16, 19-21, 23, 25, and
 * the extended-thinking rules of Anthropic's docs), as the API applies them: returns the violations, empty when the
 * request would be accepted. Stricter than Anthropic in one place, on purpose: turns must alternate as sent
 * (Anthropic would merge two user turns, but a thinking block merged into the middle of a turn is then refused, and
 * compatible endpoints such as DeepSeek's do not merge at all). Pure TypeScript: runs in workerd and Node.
 */
type Json = Record<string, unknown>

const TOP_LEVEL_KEYS = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'thinking',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'metadata',
  'output_config',
  'service_tier',
])
const BLOCKS_BY_ROLE: Record<string, ReadonlySet<string>> = {
  user: new Set(['text', 'image', 'document', 'tool_result']),
  assistant: new Set(['text', 'tool_use', 'thinking', 'redacted_thinking']),
}
const TOOL_USE_ID = /^[A-Za-z0-9_-]+$/
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp'])
const TOOL_CHOICES = new Set(['auto', 'any', 'tool', 'none'])
/** Anthropic's limit on `cache_control` breakpoints in one request. */
const MAX_BREAKPOINTS = 4
const MIN_THINKING_BUDGET = 1024

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const isBlank = (text: unknown): boolean => typeof text !== 'string' || text.trim() === ''

export function validateAnthropicRequest(body: Json): string[] {
  const problems: string[] = []
  for (const key of Object.keys(body)) if (!TOP_LEVEL_KEYS.has(key)) problems.push(`unknown top-level field ${key}`)
  if (typeof body.model !== 'string' || body.model === '') problems.push('model must be a non-empty string')
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1)
    problems.push('max_tokens must be a positive integer')
  if (body.stream !== undefined && typeof body.stream !== 'boolean') problems.push('stream must be a boolean')
  problems.push(...samplingProblems(body))
  problems.push(...systemProblems(body.system))
  const toolNames = toolProblems(body.tools, problems)

  const messages = body.messages
  if (!Array.isArray(messages) || messages.length === 0) return [...problems, 'messages must be a non-empty array']
  const seen: Seen = { toolUseIds: new Set(), usesTools: false }
  for (const [index, message] of messages.entries()) problems.push(...messageProblems(messages, index, message, seen))

  if (seen.usesTools && toolNames.size === 0) problems.push('tool_use or tool_result blocks without tool definitions')
  problems.push(...thinkingProblems(body, messages as Json[]))
  problems.push(...toolChoiceProblems(body, toolNames))
  problems.push(...finalTurnProblems(messages as Json[]))
  const breakpoints = countCacheControl(body)
  if (breakpoints > MAX_BREAKPOINTS)
    problems.push(`${breakpoints} cache_control breakpoints, more than ${MAX_BREAKPOINTS}`)
  return problems
}

/** What the walk over the messages has met so far. */
interface Seen {
  toolUseIds: Set<string>
  usesTools: boolean
}

function messageProblems(messages: unknown[], index: number, message: unknown, seen: Seen): string[] {
  const at = `messages[${index}]`
  if (!isJson(message)) return [`${at}: not an object`]
  const problems: string[] = []
  for (const key of Object.keys(message))
    if (key !== 'role' && key !== 'content') problems.push(`${at}: unknown field ${key}`)
  const role = String(message.role)
  const allowed = BLOCKS_BY_ROLE[role]
  if (!allowed) return [...problems, `${at}: role must be user or assistant, not ${role}`]
  if (index === 0 && role !== 'user') problems.push(`${at}: the first message must be the user's`)
  const previous = messages[index - 1] as Json | undefined
  if (previous?.role === role) problems.push(`${at}: two ${role} turns in a row`)
  const content = message.content
  if (typeof content === 'string') return isBlank(content) ? [...problems, `${at}: empty content`] : problems
  if (!Array.isArray(content) || content.length === 0)
    return [...problems, `${at}: content must be a non-empty string or block list`]

  const closing = content.at(-1) as Json | undefined
  // "The final block in an assistant message cannot be `thinking`."
  if (closing?.type === 'thinking' || closing?.type === 'redacted_thinking')
    problems.push(`${at}: ends with a ${String(closing.type)} block`)
  let hasOtherBlock = false
  for (const [blockIndex, block] of content.entries()) {
    const blockAt = `${at}.content[${blockIndex}]`
    if (!isJson(block)) {
      problems.push(`${blockAt}: not an object`)
      continue
    }
    const type = String(block.type)
    if (!allowed.has(type)) problems.push(`${blockAt}: a ${type} block in a ${role} turn`)
    else if (type === 'thinking' || type === 'redacted_thinking') {
      // Thinking opens the assistant turn it belongs to, and goes back signed and unchanged.
      if (hasOtherBlock) problems.push(`${blockAt}: ${type} after other blocks`)
      problems.push(...thinkingBlockProblems(block, blockAt))
    } else if (type === 'tool_result') {
      // tool_result blocks open the user turn after the tool_use.
      if (hasOtherBlock) problems.push(`${blockAt}: tool_result after other blocks`)
      seen.usesTools = true
      problems.push(...toolResultProblems(block, blockAt, previous, content))
    } else {
      hasOtherBlock = true
      if (type === 'tool_use') problems.push(...toolUseProblems(block, blockAt, messages[index + 1], seen))
      else problems.push(...contentBlockProblems(block, blockAt))
    }
  }
  return problems
}

function thinkingBlockProblems(block: Json, at: string): string[] {
  const problems: string[] = []
  if (block.type === 'thinking' && (typeof block.thinking !== 'string' || isBlank(block.signature)))
    problems.push(`${at}: thinking without its text and signature`)
  if (block.type === 'redacted_thinking' && isBlank(block.data)) problems.push(`${at}: redacted_thinking without data`)
  if (block.cache_control !== undefined) problems.push(`${at}: cache_control on a thinking block`)
  return problems
}

/** A valid id and name, an object input, an id used once in the request, answered once in the next turn. */
function toolUseProblems(block: Json, at: string, next: unknown, seen: Seen): string[] {
  const problems: string[] = []
  seen.usesTools = true
  const id = String(block.id)
  if (!TOOL_USE_ID.test(id)) problems.push(`${at}: tool_use id ${id} breaks Anthropic's pattern`)
  if (seen.toolUseIds.has(id)) problems.push(`${at}: tool_use id ${id} is used twice`)
  seen.toolUseIds.add(id)
  if (!TOOL_NAME.test(String(block.name))) problems.push(`${at}: bad tool name ${String(block.name)}`)
  if (!isJson(block.input)) problems.push(`${at}: tool_use input must be an object`)
  const answers =
    isJson(next) && Array.isArray(next.content)
      ? (next.content as Json[]).filter((other) => other.type === 'tool_result' && other.tool_use_id === id).length
      : 0
  if (answers !== 1) problems.push(`${at}: tool_use ${id} is answered ${answers} times in the next turn, not once`)
  return problems
}

/**
 * Anthropic's sampling ranges are narrower than OpenAI's (temperature 0..1, not 0..2: anthropics/anthropic-sdk-python#893,
 * vercel/ai#10308), and Claude 4.1 and later refuse `temperature` and `top_p` together ("cannot both be specified for
 * this model": BerriAI/litellm#15097).
 */
const ONE_SAMPLER_MODELS = /claude-(?:opus|sonnet|haiku)-(?:4-[1-9](?!\d)|[5-9])/
function samplingProblems(body: Json): string[] {
  const problems: string[] = []
  for (const field of ['temperature', 'top_p']) {
    const value = body[field]
    if (value !== undefined && (typeof value !== 'number' || value < 0 || value > 1))
      problems.push(`${field} ${String(value)} is outside 0..1`)
  }
  if (body.temperature !== undefined && body.top_p !== undefined && ONE_SAMPLER_MODELS.test(String(body.model)))
    problems.push(`temperature and top_p together, which ${String(body.model)} refuses`)
  return problems
}

function systemProblems(system: unknown): string[] {
  if (system === undefined) return []
  if (typeof system === 'string') return isBlank(system) ? ['system: empty'] : []
  if (!Array.isArray(system) || system.length === 0) return ['system must be a non-empty string or text-block list']
  return system.flatMap((block: unknown, index) =>
    isJson(block) && block.type === 'text' && !isBlank(block.text)
      ? []
      : [`system[${index}]: must be a non-empty text block`],
  )
}

/** The tool names offered, after listing what is wrong with the definitions. */
function toolProblems(tools: unknown, problems: string[]): Set<string> {
  const names = new Set<string>()
  if (tools === undefined) return names
  if (!Array.isArray(tools) || tools.length === 0) {
    problems.push('tools must be a non-empty array when present')
    return names
  }
  for (const [index, tool] of tools.entries()) {
    const at = `tools[${index}]`
    if (!isJson(tool)) {
      problems.push(`${at}: not an object`)
      continue
    }
    for (const key of Object.keys(tool))
      if (!['name', 'description', 'input_schema', 'cache_control'].includes(key))
        problems.push(`${at}: unknown field ${key}`)
    const name = String(tool.name)
    if (!TOOL_NAME.test(name)) problems.push(`${at}: bad name ${name}`)
    if (names.has(name)) problems.push(`${at}: duplicate name ${name}`)
    names.add(name)
    if (!isJson(tool.input_schema) || tool.input_schema.type !== 'object')
      problems.push(`${at}: input_schema must be an object schema`)
    if (tool.description !== undefined && typeof tool.description !== 'string')
      problems.push(`${at}: description must be a string`)
  }
  return names
}

function toolResultProblems(block: Json, at: string, previous: Json | undefined, siblings: unknown[]): string[] {
  const problems: string[] = []
  const id = String(block.tool_use_id)
  const isCalled =
    previous?.role === 'assistant' &&
    Array.isArray(previous.content) &&
    (previous.content as Json[]).some((other) => other.type === 'tool_use' && other.id === id)
  if (!isCalled) problems.push(`${at}: tool_result ${id} answers no tool_use of the previous turn`)
  if (siblings.filter((other) => isJson(other) && other.type === 'tool_result' && other.tool_use_id === id).length > 1)
    problems.push(`${at}: tool_result ${id} given twice`)
  const content = block.content
  if (typeof content === 'string') {
    if (content === '') problems.push(`${at}: empty tool_result content`)
  } else if (Array.isArray(content)) {
    if (content.length === 0) problems.push(`${at}: empty tool_result content`)
    content.forEach((inner: unknown, index) => {
      const innerAt = `${at}.content[${index}]`
      if (!isJson(inner) || (inner.type !== 'text' && inner.type !== 'image'))
        problems.push(`${innerAt}: only text and image blocks go in a tool_result`)
      else problems.push(...contentBlockProblems(inner, innerAt))
    })
  } else if (content !== undefined) problems.push(`${at}: tool_result content must be a string or block list`)
  return problems
}

/** A text or image block: non-empty text; an image Anthropic can read. */
function contentBlockProblems(block: Json, at: string): string[] {
  if (block.type === 'text') return isBlank(block.text) ? [`${at}: empty text block`] : []
  if (block.type !== 'image') return []
  const source = isJson(block.source) ? block.source : {}
  if (source.type === 'base64') {
    if (!IMAGE_TYPES.has(String(source.media_type)))
      return [`${at}: image type ${String(source.media_type)} is not accepted`]
    return typeof source.data === 'string' && source.data !== '' ? [] : [`${at}: image without data`]
  }
  if (source.type === 'url')
    return typeof source.url === 'string' && /^https?:\/\//.test(source.url)
      ? []
      : [`${at}: image url ${String(source.url)} is not an http(s) URL`]
  return [`${at}: image source must be base64 or url`]
}

/**
 * Extended thinking: a budget of at least 1024 below max_tokens, default sampling, and a tool loop or final
 * assistant turn that continues from the assistant's own thinking (it opens with a thinking block); without
 * thinking, no thinking block in a final assistant turn. Anthropic's own wording is quoted; its messages are in
 * anthropics/claude-code#11978 and tailcallhq/forgecode#1195, #2107.
 */
function thinkingProblems(body: Json, messages: Json[]): string[] {
  const last = messages.at(-1)
  // "When thinking is disabled, an `assistant` message in the final position cannot contain `thinking`."
  if (body.thinking === undefined || (isJson(body.thinking) && body.thinking.type === 'disabled')) {
    const hasThinking =
      last?.role === 'assistant' &&
      Array.isArray(last.content) &&
      (last.content as Json[]).some((block) => block.type === 'thinking' || block.type === 'redacted_thinking')
    return hasThinking ? ['without thinking, a final assistant turn cannot hold thinking blocks'] : []
  }
  const thinking = isJson(body.thinking) ? body.thinking : {}
  if (thinking.type !== 'enabled')
    return thinking.type === 'disabled' ? [] : ['thinking.type must be enabled or disabled']
  const problems: string[] = []
  const budget = thinking.budget_tokens
  if (!Number.isInteger(budget) || (budget as number) < MIN_THINKING_BUDGET)
    problems.push(`thinking.budget_tokens ${String(budget)} is below ${MIN_THINKING_BUDGET}`)
  if (typeof budget === 'number' && typeof body.max_tokens === 'number' && budget >= body.max_tokens)
    problems.push('thinking.budget_tokens must be below max_tokens')
  for (const field of ['temperature', 'top_p', 'top_k'])
    if (body[field] !== undefined) problems.push(`${field} is not allowed with thinking`)
  const previous = messages.at(-2)
  const opening = Array.isArray(last?.content) ? (last.content as Json[])[0]?.type : undefined
  // "When `thinking` is enabled, a final `assistant` message must start with a thinking block."
  if (last?.role === 'assistant' && opening !== 'thinking' && opening !== 'redacted_thinking')
    problems.push('with thinking, a final assistant turn must open with a thinking block')
  const isToolLoop =
    last?.role === 'user' &&
    Array.isArray(last.content) &&
    (last.content as Json[]).some((block) => block.type === 'tool_result')
  const first = Array.isArray(previous?.content) ? (previous.content as Json[])[0] : undefined
  if (isToolLoop && first?.type !== 'thinking' && first?.type !== 'redacted_thinking')
    problems.push('with thinking, the assistant turn of the current tool loop must open with a thinking block')
  return problems
}

function toolChoiceProblems(body: Json, toolNames: Set<string>): string[] {
  const choice = body.tool_choice
  if (choice === undefined) return []
  if (toolNames.size === 0) return ['tool_choice without tools']
  if (!isJson(choice) || !TOOL_CHOICES.has(String(choice.type)))
    return [`tool_choice ${JSON.stringify(choice)} is not auto, any, tool or none`]
  const problems: string[] = []
  if (choice.type === 'tool' && !toolNames.has(String(choice.name)))
    problems.push(`tool_choice names ${String(choice.name)}, which is not offered`)
  if (choice.disable_parallel_tool_use !== undefined && typeof choice.disable_parallel_tool_use !== 'boolean')
    problems.push('tool_choice.disable_parallel_tool_use must be a boolean')
  if (body.thinking !== undefined && choice.type !== 'auto' && choice.type !== 'none')
    problems.push(`tool_choice ${String(choice.type)} is not allowed with thinking`)
  return problems
}

/** A request that ends on an assistant turn asks the model to continue it: "final assistant content cannot end with trailing whitespace". */
function finalTurnProblems(messages: Json[]): string[] {
  const last = messages.at(-1)
  if (last?.role !== 'assistant') return []
  const blocks = Array.isArray(last.content) ? (last.content as Json[]) : [{ type: 'text', text: last.content }]
  const final = blocks.at(-1)
  if (final?.type === 'text' && typeof final.text === 'string' && final.text !== final.text.trimEnd())
    return ['the final assistant turn ends with whitespace']
  return []
}

function countCacheControl(body: Json): number {
  const blocks: unknown[] = [
    ...(Array.isArray(body.tools) ? body.tools : []),
    ...(Array.isArray(body.system) ? body.system : []),
  ]
  for (const message of Array.isArray(body.messages) ? (body.messages as Json[]) : []) {
    if (!Array.isArray(message.content)) continue
    for (const block of message.content as Json[]) {
      blocks.push(block)
      if (block.type === 'tool_result' && Array.isArray(block.content)) blocks.push(...(block.content as unknown[]))
    }
  }
  return blocks.filter((block) => isJson(block) && block.cache_control !== undefined).length
}
