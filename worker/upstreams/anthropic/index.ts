import type { UpstreamAdapter } from '../upstream-adapter'
import { classifyHttpFailure } from '../upstream-failure'
import type { AnthropicTranslationContext } from './anthropic-context'
import { buildAnthropicRequest } from './anthropic-request'
import { createAnthropicStreamTranslator } from './anthropic-stream'

/** Anthropic Messages and compatible endpoints (DeepSeek's, OpenCode Go's, ...). */
export const anthropicAdapter = {
  name: 'anthropic',
  buildRequest: buildAnthropicRequest,
  createTranslator: createAnthropicStreamTranslator,
  // Thinking blocks are sealed by the translator itself, signature included; a summary alone is never sealed.
  sealReasoning: () => null,
  classifyHttpError: (context, status, headers, bodyText) =>
    classifyHttpFailure(status, headers, bodyText, context.secrets),
} satisfies UpstreamAdapter<AnthropicTranslationContext>
