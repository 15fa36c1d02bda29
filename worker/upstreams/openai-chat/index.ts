import { packReasoning } from '../../canonical/reasoning-envelope'
import type { UpstreamAdapter } from '../upstream-adapter'
import { classifyHttpFailure } from '../upstream-failure'
import type { ChatTranslationContext } from './chat-context'
import { buildChatRequest } from './chat-request'
import { createChatStreamTranslator } from './chat-stream'

/** OpenAI chat completions and every server that copies it (`openai`, `generic-chat-completion-api`, `ollama`). */
export const openAiChatAdapter = {
  name: 'openai-chat',
  buildRequest: buildChatRequest,
  createTranslator: createChatStreamTranslator,
  sealReasoning: (context, text) => packReasoning(context.origin, { kind: 'chat', text }),
  classifyHttpError: (context, status, headers, bodyText) => classifyHttpFailure(status, headers, bodyText, context.secrets),
} satisfies UpstreamAdapter<ChatTranslationContext>
