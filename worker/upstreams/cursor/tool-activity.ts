import { isRecord } from '../../http/bad-request'

/**
 * One readable line for a tool call Cursor already ran: "ran `npm test` (exit 1)", "edited src/a.ts (+3 −1)",
 * "read README.md". Shown as reasoning summary, never as a function_call: Codex would run it a second time.
 * Paths inside the workspace are shown relative to it.
 */
export function describeToolActivity(toolCall: unknown, workspace: string | undefined): string | undefined {
  if (!isRecord(toolCall)) return undefined
  const [kind, body] = Object.entries(toolCall).find(([key]) => key.endsWith('ToolCall')) ?? []
  if (kind === undefined || !isRecord(body)) return undefined
  const args = isRecord(body.args) ? body.args : {}
  const result = isRecord(body.result) ? body.result : {}
  const success = isRecord(result.success) ? result.success : undefined
  const rejected = isRecord(result.rejected) ? result.rejected : undefined
  const path = (value: unknown) => relative(typeof value === 'string' ? value : '', workspace)
  const outcome = rejected !== undefined ? ' (not allowed)' : success === undefined ? ' (failed)' : ''
  switch (kind) {
    case 'shellToolCall': {
      const command = typeof args.command === 'string' ? oneLine(args.command) : 'a command'
      const exit =
        success !== undefined && typeof success.exitCode === 'number' ? ` (exit ${success.exitCode})` : outcome
      return `ran \`${command}\`${exit}`
    }
    case 'readToolCall':
      return `read ${path(args.path)}${outcome}`
    case 'editToolCall':
    case 'writeToolCall': {
      const added = Number(success?.linesAdded ?? success?.linesCreated ?? 0)
      const removed = Number(success?.linesRemoved ?? 0)
      return `${kind === 'writeToolCall' ? 'wrote' : 'edited'} ${path(args.path)}${success ? ` (+${added} −${removed})` : outcome}`
    }
    case 'deleteToolCall':
      return `deleted ${path(args.path)}${outcome}`
    case 'grepToolCall':
      return `searched for \`${oneLine(String(args.pattern ?? ''))}\`${outcome}`
    case 'globToolCall':
      return `listed ${oneLine(String(args.globPattern ?? '*'))}${success && typeof success.totalFiles === 'number' ? ` (${success.totalFiles} files)` : outcome}`
    case 'lsToolCall':
      return `listed ${path(args.path)}${outcome}`
    default:
      return `used ${kind.replace(/ToolCall$/, '')}${outcome}`
  }
}

function relative(path: string, workspace: string | undefined): string {
  if (workspace !== undefined && path.startsWith(`${workspace}/`)) return path.slice(workspace.length + 1)
  return path === '' ? 'a file' : path
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 120 ? `${line.slice(0, 117)}...` : line
}
