import { readFile } from 'node:fs/promises'

const FIXTURES = new URL('../../../shared/fixtures/codex-0.169/', import.meta.url)

/** The captured Codex 0.169 turn-2 request (~47 KB), pointed at `model`. */
export async function capturedRequest(model: string): Promise<Record<string, unknown>> {
  const body = JSON.parse(await readFile(new URL('request-2.json', FIXTURES), 'utf8')) as Record<string, unknown>
  return { ...body, model, stream: true }
}

/** A ~400 KB request shaped like a long Codex session: 60 tools and many tool-loop turns. */
export async function largeRequest(model: string): Promise<Record<string, unknown>> {
  const base = await capturedRequest(model)
  const tools = Array.from({ length: 60 }, (_, index) => ({
    type: 'function',
    name: `tool_${index}`,
    description: `Tool number ${index}: ${'does something useful with files and processes. '.repeat(6)}`,
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: 'A path' }, limit: { type: 'integer' } },
      required: ['path'],
    },
    strict: false,
  }))
  const input = [...(base.input as unknown[])]
  for (let turn = 0; JSON.stringify(input).length < 380_000; turn++) {
    input.push({
      type: 'function_call',
      call_id: `call_${turn}`,
      name: 'exec_command',
      arguments: JSON.stringify({ cmd: `rg -n pattern_${turn} src/` }),
    })
    input.push({
      type: 'function_call_output',
      call_id: `call_${turn}`,
      output: `src/file_${turn}.ts:${turn}: ${'const value = compute(input, options) // matched line\n'.repeat(40)}`,
    })
    input.push({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: `Looked at file ${turn}; continuing with the next search.` }],
    })
  }
  return { ...base, tools, input }
}

/** The captured request's text as an Anthropic Messages request (what Claude Code-style clients send). */
export async function messagesRequest(model: string): Promise<Record<string, unknown>> {
  const base = await capturedRequest(model)
  const texts = (base.input as { content?: { text?: string }[] }[]).flatMap(
    (item) => item.content?.map((part) => part.text ?? '') ?? [],
  )
  return {
    model,
    max_tokens: 4096,
    stream: true,
    system: texts.slice(0, 2).join('\n\n'),
    messages: [{ role: 'user', content: texts.slice(2).join('\n\n') || 'hi' }],
  }
}
