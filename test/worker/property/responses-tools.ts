import fc from 'fast-check'

type Json = Record<string, unknown>

/** Every tool kind a Responses client may offer, each at most once. */
export const TOOLS: Json[] = [
  {
    type: 'function',
    name: 'exec_command',
    description: 'Runs a command in a PTY.',
    strict: true,
    parameters: {
      type: 'object',
      properties: { cmd: { type: 'string' } },
      required: ['cmd'],
      additionalProperties: false,
    },
  },
  { type: 'function', name: 'view_image', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  { type: 'function', name: 'get_goal', description: '', strict: false, parameters: null },
  { type: 'function', name: 'mcp__docs__search-pages', description: 'An MCP tool, as Codex names them.' },
  {
    type: 'custom',
    name: 'apply_patch',
    description: 'Use `apply_patch` to edit files.',
    format: { type: 'grammar', syntax: 'lark', definition: 'start: begin_patch hunk+ end_patch' },
  },
  { type: 'custom', name: 'js_repl', format: { type: 'text' } },
  {
    type: 'namespace',
    name: 'multi_agent_v1',
    description: 'Tools for spawning and managing sub-agents.',
    tools: [
      {
        type: 'function',
        name: 'spawn_agent',
        parameters: { type: 'object', properties: { task: { type: 'string' } } },
      },
      { type: 'function', name: 'close_agent', parameters: { type: 'object', properties: {} } },
    ],
  },
  { type: 'web_search', external_web_access: false },
  { type: 'web_search_preview', search_context_size: 'low' },
  { type: 'local_shell' },
  { type: 'apply_patch' },
  { type: 'computer_use_preview', display_width: 1024, display_height: 768, environment: 'linux' },
  { type: 'image_generation' },
  { type: 'tool_search', execution: 'client' },
  { type: 'file_search', vector_store_ids: ['vs_1'] },
  { type: 'mcp', server_label: 'docs', server_url: 'https://example.com/mcp' },
]

/** Every `tool_choice` shape of wire-formats.md §1.1, naming tools that are offered and some that are not. */
export const toolChoice = fc.constantFrom<unknown>(
  undefined,
  null,
  'auto',
  'none',
  'required',
  { type: 'function', name: 'exec_command' },
  { type: 'function', name: 'spawn_agent', namespace: 'multi_agent_v1' },
  { type: 'function', name: 'not_offered' },
  { type: 'custom', name: 'apply_patch' },
  { type: 'apply_patch' },
  { type: 'web_search_preview' },
  { type: 'image_generation' },
  { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'exec_command' }] },
  { type: 'allowed_tools', mode: 'auto', tools: [] },
  { type: 'mcp', server_label: 'docs' },
)

/** `text` as Codex sends it (verbosity, `--output-schema`) and as other clients do. */
export const textField = fc.constantFrom<unknown>(
  { verbosity: 'low' },
  {
    format: {
      type: 'json_schema',
      strict: true,
      name: 'codex_output_schema',
      schema: {
        type: 'object',
        properties: { answer: { type: 'string' } },
        required: ['answer'],
        additionalProperties: false,
      },
    },
  },
  { format: { type: 'json_object' } },
  { format: { type: 'text' }, verbosity: 'high' },
)

/** A Responses request body; `input` is sometimes the plain-string shorthand. */
