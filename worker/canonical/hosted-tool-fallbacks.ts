import { isRecord } from '../http/bad-request'
import { APPLY_PATCH_TOOL } from './hosted-apply-patch'
import type { FunctionDeclaration } from './tool-declarations'
import type { HostedToolKind } from './tool-registry'

/**
 * Hosted tools an upstream cannot run get a function the model can call, named after the tool's kind; the client
 * then answers the call. apply_patch is offered like Codex's freeform apply_patch, grammar included.
 */
export const HOSTED_FALLBACKS: Record<HostedToolKind, FunctionDeclaration> = {
  local_shell: fallback(
    'local_shell',
    'Run a command in the local shell. Pass the program and its arguments as an array.',
    {
      command: { type: 'array', items: { type: 'string' }, description: 'Program and arguments, e.g. ["ls", "-la"]' },
      working_directory: { type: 'string' },
      timeout_ms: { type: 'integer' },
    },
    ['command'],
  ),
  web_search: fallback('web_search', 'Search the web. Returns results for the query.', { query: { type: 'string' } }, [
    'query',
  ]),
  computer_use: fallback(
    'computer_use',
    'Perform an action on the computer screen (click, type, scroll, screenshot, ...).',
    {
      action: { type: 'string' },
      x: { type: 'number' },
      y: { type: 'number' },
      text: { type: 'string' },
    },
    ['action'],
  ),
  apply_patch: freeformFunction('apply_patch', APPLY_PATCH_TOOL),
}

function fallback(
  name: string,
  description: string,
  properties: Record<string, unknown>,
  required: string[],
): FunctionDeclaration {
  return { name, description, parameters: { type: 'object', properties, required } }
}

/** A freeform tool as a function with one string parameter, `input`, that carries the raw text. */
export function freeformFunction(name: string, tool: Record<string, unknown>): FunctionDeclaration {
  return {
    name,
    description: customToolDescription(tool),
    parameters: {
      type: 'object',
      properties: { input: { type: 'string', description: 'The raw input text' } },
      required: ['input'],
      additionalProperties: false,
    },
  }
}

/** Tells the model how to call a freeform tool through a function, with its grammar when it has one. */
function customToolDescription(tool: Record<string, unknown>): string {
  const lines = [typeof tool.description === 'string' ? tool.description : '']
  lines.push('', 'This tool takes raw text, not JSON fields: put the complete text in the `input` string argument.')
  const format = isRecord(tool.format) ? tool.format : undefined
  if (format?.type === 'grammar' && typeof format.definition === 'string') {
    lines.push(`The text must match this ${String(format.syntax ?? '')} grammar:`, '```', format.definition, '```')
  }
  return lines.join('\n').trim()
}
