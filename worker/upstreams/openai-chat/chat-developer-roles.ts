import { isRecord } from '../../http/bad-request'

type ChatContent = string | unknown[]

export function hasDeveloperMessage(messages: unknown): messages is unknown[] {
  return Array.isArray(messages) && messages.some((message) => isRecord(message) && message.role === 'developer')
}

/**
 * Chat messages without the `developer` role, which DeepSeek, Qwen, GLM and most templates refuse
 * (wire-formats.md §5 row 18), mapped as the Responses route maps them (chat-messages.ts): the leading system
 * and developer messages become one system message, and a developer message later on becomes user text, merged
 * with the user message beside it, since many servers take a system message only first and want roles to
 * alternate. Every other message is left as the client sent it.
 */
export function withoutDeveloperRoles(messages: unknown[]): unknown[] {
  const mapped: unknown[] = []
  const leading: ChatContent[] = []
  let isLeading = true
  /** The last mapped message is a user message that a developer message went into (or came before). */
  let isUserFromDeveloper = false

  for (const message of messages) {
    const role = isRecord(message) ? message.role : undefined
    if (isLeading && (role === 'system' || role === 'developer')) {
      leading.push(contentOf(message))
      continue
    }
    isLeading = false
    const last = mapped.at(-1)
    if (role === 'developer') {
      if (isUserMessage(last))
        mapped[mapped.length - 1] = { ...last, content: joinContent(last.content, contentOf(message)) }
      else mapped.push({ role: 'user', content: contentOf(message) })
      isUserFromDeveloper = true
      continue
    }
    if (role === 'user' && isUserFromDeveloper && isUserMessage(last) && isRecord(message)) {
      mapped[mapped.length - 1] = { ...message, content: joinContent(last.content, contentOf(message)) }
    } else mapped.push(message)
    isUserFromDeveloper = false
  }
  if (leading.length === 0) return mapped
  return [{ role: 'system', content: leading.reduce(joinContent) }, ...mapped]
}

function contentOf(message: unknown): ChatContent {
  const content = isRecord(message) ? message.content : undefined
  return typeof content === 'string' || Array.isArray(content) ? content : ''
}

function isUserMessage(message: unknown): message is { role: 'user'; content: ChatContent } {
  return isRecord(message) && message.role === 'user'
}

/** Two strings join with a blank line; a part list on either side makes the result a part list. */
function joinContent(left: ChatContent, right: ChatContent): ChatContent {
  if (typeof left === 'string' && typeof right === 'string')
    return left === '' ? right : right === '' ? left : `${left}\n\n${right}`
  const asParts = (content: ChatContent): unknown[] =>
    typeof content === 'string' ? (content === '' ? [] : [{ type: 'text', text: content }]) : content
  return [...asParts(left), ...asParts(right)]
}
