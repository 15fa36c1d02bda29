import type { ResolvedModel } from '../../../shared/host-protocol'

/** OpenAI's chat completions, as models.json resolves it, for tests that compare what each adapter sends. */
export const openAiChatModel: ResolvedModel = {
  slug: 'chat',
  model: 'gpt-5.1',
  provider: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  displayName: 'Chat',
  noImageSupport: false,
  promptCache: false,
  extraHeaders: {},
  index: 0,
}

/** Claude without prompt caching: no `cache_control` in the blocks a test compares. */
export const uncachedClaudeModel: ResolvedModel = {
  ...openAiChatModel,
  slug: 'claude',
  model: 'claude-sonnet-4-5',
  provider: 'anthropic',
  baseUrl: 'https://api.anthropic.com/v1',
  displayName: 'Claude',
}
