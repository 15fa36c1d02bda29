import type { ResolvedModel } from '../../shared/host-protocol'
import { anthropicAdapter } from './anthropic'
import { openAiChatAdapter } from './openai-chat'
import { responsesAdapter } from './responses'
import type { UpstreamAdapter } from './upstream-adapter'

/** The adapter for a configured model's wire format. */
export function adapterFor(model: ResolvedModel): UpstreamAdapter<unknown> {
  switch (model.provider) {
    case 'anthropic':
      return anthropicAdapter as UpstreamAdapter<unknown>
    case 'responses':
      return responsesAdapter as UpstreamAdapter<unknown>
    case 'openai':
    case 'generic-chat-completion-api':
      return openAiChatAdapter as UpstreamAdapter<unknown>
  }
}
