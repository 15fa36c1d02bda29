import type { UsableCandidate } from './router-candidates'
import type { TaskSignal } from './task-signal'

/**
 * The classifier's request, in the canonical (Responses) form every adapter takes. It lists each candidate's
 * slug, image support and capability card, never its price (the router weighs price itself), and asks for
 * scores only. The task is described by its signal, not the conversation.
 */
export function classifierRequest(
  classifierSlug: string,
  candidates: readonly UsableCandidate[],
  signal: TaskSignal,
  maxTokens: number,
): Record<string, unknown> {
  const list = candidates
    .map((candidate) => `- ${candidate.slug} (images: ${candidate.takesImages ? 'yes' : 'no'}): ${candidate.card}`)
    .join('\n')
  const instructions = [
    'You route coding tasks to models. For the task below, score how well each model can do it, from 0.0 (cannot) to 1.0 (certainly can).',
    'Models:',
    list,
    'Answer with one JSON object and nothing else: {"scores": {"<slug>": <0.0-1.0>, ...}, "reasoning": "<one sentence>"}',
  ].join('\n')
  const task = [
    '<task>',
    signal.text === '' ? '(no text)' : signal.text,
    '</task>',
    `<facts>images: ${signal.hasImages ? 'yes' : 'no'}; tools offered: ${signal.toolCount}; conversation size: about ${signal.estimatedTokens} tokens</facts>`,
  ].join('\n')
  return {
    model: classifierSlug,
    instructions,
    input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: task }] }],
    stream: false,
    max_output_tokens: maxTokens,
  }
}
