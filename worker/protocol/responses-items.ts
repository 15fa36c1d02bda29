/**
 * The output items this gateway produces, shaped as the Responses API and Codex 0.169 expect them. Type aliases,
 * not interfaces, so that an item is also a plain JSON record wherever one is taken.
 */
export type OutputTextPart = {
  type: 'output_text'
  text: string
  annotations: []
  logprobs: []
}

/** The model declined (wire-formats.md §1.3): a message whose one part says so. */
export type RefusalPart = {
  type: 'refusal'
  refusal: string
}

export type MessageContentPart = OutputTextPart | RefusalPart

export type MessageItem = {
  id: string
  type: 'message'
  role: 'assistant'
  status: ItemStatus
  content: MessageContentPart[]
}

export type SummaryTextPart = { type: 'summary_text'; text: string }

export type ReasoningItem = {
  id: string
  type: 'reasoning'
  status: ItemStatus
  summary: SummaryTextPart[]
  /** Our envelope with the provider's reasoning state (canonical/reasoning-envelope.ts). */
  encrypted_content: string | null
}

export type FunctionCallItem = {
  id: string
  type: 'function_call'
  status: ItemStatus
  call_id: string
  name: string
  arguments: string
  namespace?: string
}

export type CustomToolCallItem = {
  id: string
  type: 'custom_tool_call'
  status: ItemStatus
  call_id: string
  name: string
  input: string
  namespace?: string
}

export type LocalShellCallItem = {
  id: string
  type: 'local_shell_call'
  status: ItemStatus
  call_id: string
  action: {
    type: 'exec'
    command: string[]
    env: Record<string, string>
    timeout_ms?: number
    working_directory?: string
  }
}

/** The hosted apply_patch tool's call: one file's operation, with a V4A diff for create and update (wire-formats.md §1.2). */
export type ApplyPatchCallItem = {
  id: string
  type: 'apply_patch_call'
  status: ItemStatus
  call_id: string
  operation: { type: 'create_file' | 'update_file'; path: string; diff: string } | { type: 'delete_file'; path: string }
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete'

export type CompactionItem = {
  id: string
  type: 'compaction'
  status: ItemStatus
  encrypted_content: string
}

export type OutputItem =
  | MessageItem
  | ReasoningItem
  | FunctionCallItem
  | CustomToolCallItem
  | LocalShellCallItem
  | ApplyPatchCallItem
  | CompactionItem

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed'
