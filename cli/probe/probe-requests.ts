/** A 16×16 red PNG: small enough to cost a handful of tokens, large enough that no API calls it too small. */
const RED_SQUARE_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGO4IydHEmIY1TCqYfhqAACaMxgQdGu1YAAAAABJRU5ErkJggg=='

export const PROBE_TOOL_NAME = 'record_answer'

export type ProbeCheck = 'basic' | 'tools' | 'images' | 'reasoning'

/**
 * The Responses requests `probe` sends through the gateway, shaped as Codex sends them (streamed, stateless),
 * each asking for a few tokens. The reasoning one allows more: Anthropic's smallest thinking budget needs a
 * 6k max_tokens (worker/upstreams/anthropic/anthropic-request.ts), and tokens are billed as used, not as allowed.
 */
export function probeRequest(check: ProbeCheck, slug: string): Record<string, unknown> {
  const base = { model: slug, stream: true, store: false }
  const user = (content: unknown) => [{ type: 'message', role: 'user', content }]
  switch (check) {
    case 'basic':
      return {
        ...base,
        input: user([{ type: 'input_text', text: 'Reply with the single word: ok' }]),
        max_output_tokens: 64,
      }
    case 'tools':
      return {
        ...base,
        input: user([{ type: 'input_text', text: `Call ${PROBE_TOOL_NAME} with the answer "ok".` }]),
        tools: [
          {
            type: 'function',
            name: PROBE_TOOL_NAME,
            description: 'Records the answer.',
            strict: false,
            parameters: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
          },
        ],
        tool_choice: { type: 'function', name: PROBE_TOOL_NAME },
        parallel_tool_calls: false,
        max_output_tokens: 256,
      }
    case 'images':
      return {
        ...base,
        input: user([
          { type: 'input_text', text: 'What colour is this picture? One word.' },
          { type: 'input_image', image_url: RED_SQUARE_PNG, detail: 'low' },
        ]),
        max_output_tokens: 64,
      }
    case 'reasoning':
      return {
        ...base,
        input: user([{ type: 'input_text', text: 'What is 17 * 23? Answer with the number only.' }]),
        reasoning: { effort: 'low', summary: 'auto' },
        max_output_tokens: 6144,
      }
  }
}
