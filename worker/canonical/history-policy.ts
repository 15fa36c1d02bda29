/** Item types that only a Responses server can act on: left out with a note, never a 400. */
export const SERVER_ONLY_ITEMS = new Set([
  'web_search_call',
  'file_search_call',
  'image_generation_call',
  'code_interpreter_call',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
  'tool_search_call',
  'tool_search_output',
  'additional_tools',
  'item_reference',
  'compaction',
  'compaction_trigger',
  'compaction_summary',
])

/** The answer given for a call Codex interrupted, so strict upstreams accept the history. */
export const ABORTED_OUTPUT = '[no output: this tool call was interrupted before it finished]'
