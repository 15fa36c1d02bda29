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
  // The translator seals each reasoning item itself, with the field its text came in (chat-reasoning-writer.ts).
  sealReasoning: () => null,
  classifyHttpError: (context, status, headers, bodyText) =>
    classifyHttpFailure(status, headers, bodyText, context.secrets),
} satisfies UpstreamAdapter<ChatTranslationContext>
