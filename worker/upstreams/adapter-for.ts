import type { ResolvedModel } from '../../shared/host-protocol'
import { anthropicAdapter } from './anthropic'
import { openAiChatAdapter } from './openai-chat'
import type { UpstreamAdapter } from './upstream-adapter'

/** The adapter for a configured model's wire format. */
export function adapterFor(model: ResolvedModel): UpstreamAdapter<unknown> {
  return (model.provider === 'anthropic' ? anthropicAdapter : openAiChatAdapter) as UpstreamAdapter<unknown>
}
