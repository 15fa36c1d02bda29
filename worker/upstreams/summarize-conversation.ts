import type { ResolvedModel } from '../../shared/host-protocol'
import { COMPACTION_REQUEST, outputText } from '../canonical/compaction'
import { isRecord } from '../http/bad-request'
import type { ResponsesUsage } from '../protocol/responses-usage'
import type { UpstreamAdapter } from './upstream-adapter'
import { serveThroughUpstream, type ServeOptions } from './serve-through-upstream'

const NO_STATE = 'No earlier conversation state was available to summarize.'

/**
 * Asks the model for a handoff summary of `body.input` (without a trailing `compaction_trigger`): a
 * non-streaming request with Codex's instructions and tools (Anthropic refuses tool history without tool
 * definitions) but `tool_choice: none`, and our request as the last user message.
 */
export async function summarizeConversation<Context>(
  adapter: UpstreamAdapter<Context>,
  body: Record<string, unknown>,
  model: ResolvedModel,
  options: Omit<ServeOptions, 'headerGraceMs'>,
): Promise<{ summary: string; usage: ResponsesUsage | null }> {
  const history = Array.isArray(body.input)
    ? body.input.filter((item) => !(isRecord(item) && item.type === 'compaction_trigger'))
    : typeof body.input === 'string'
      ? [{ type: 'message', role: 'user', content: body.input }]
      : []
  const request: Record<string, unknown> = {
    model: body.model,
    input: [...history, { type: 'message', role: 'user', content: [{ type: 'input_text', text: COMPACTION_REQUEST }] }],
    stream: false,
  }
  if (typeof body.instructions === 'string') request.instructions = body.instructions
  if (Array.isArray(body.tools) && body.tools.length > 0) {
    request.tools = body.tools
    request.tool_choice = 'none'
  }
  const response = await serveThroughUpstream(adapter, request, model, { ...options, headerGraceMs: 0 })
  const result = (await response.json()) as { usage?: ResponsesUsage | null }
  return { summary: outputText(result) || NO_STATE, usage: result.usage ?? null }
}
