import fc from 'fast-check'
import type { ResolvedModel } from '../../../shared/host-protocol'
import { upstreamOrigin } from '../../../worker/canonical/reasoning-envelope'

/** The models the request properties send to, as models.json resolves them. */
export const chatModel: ResolvedModel = {
  slug: 'deepseek',
  model: 'deepseek-reasoner',
  provider: 'generic-chat-completion-api',
  baseUrl: 'https://api.deepseek.com/v1',
  displayName: 'DeepSeek',
  apiKey: 'sk-test-key',
  noImageSupport: false,
  promptCache: true,
  extraHeaders: {},
  index: 0,
}
export const openAiModel: ResolvedModel = {
  ...chatModel,
  slug: 'gpt',
  model: 'gpt-5.1',
  provider: 'openai',
  baseUrl: 'https://api.openai.com/v1',
}
export const anthropicModel: ResolvedModel = {
  slug: 'claude',
  model: 'claude-sonnet-4-5',
  provider: 'anthropic',
  baseUrl: 'https://api.anthropic.com/v1',
  displayName: 'Claude',
  apiKey: 'sk-ant-test',
  noImageSupport: false,
  promptCache: true,
  extraHeaders: {},
  index: 0,
}

/** The models a request goes to: with and without images, output caps and prompt caching. */
export const chatModels = fc.constantFrom<ResolvedModel>(chatModel, openAiModel, {
  ...chatModel,
  noImageSupport: true,
  maxOutputTokens: 8192,
})
export const anthropicModels = fc.constantFrom<ResolvedModel>(
  anthropicModel,
  { ...anthropicModel, noImageSupport: true, promptCache: false },
  { ...anthropicModel, maxOutputTokens: 8192 },
)

export const CHAT_ORIGINS = [chatModel, openAiModel].map((model) => upstreamOrigin(model.provider, model.baseUrl))
export const ANTHROPIC_ORIGIN = upstreamOrigin(anthropicModel.provider, anthropicModel.baseUrl)
