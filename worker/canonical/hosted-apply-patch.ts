import { badRequest, isRecord, requireString } from '../http/bad-request'
import type { ApplyPatchCallItem } from '../protocol/responses-items'

/**
 * The hosted `{"type":"apply_patch"}` tool, for upstreams that cannot run it: the model is offered Codex's own
 * freeform patch grammar (as Codex 0.169 sends it, `fixtures/codex-0.169/apply-patch-request-2.json`), and each
 * file of the patch it writes comes back as one `apply_patch_call` with a V4A `operation`, as the Responses API
 * shapes them (`create_file`/`update_file` carry the diff, `delete_file` only the path). The grammar asks for one
 * file per call, since each call is one operation (a patch of several files is still split, not refused), and
 * leaves out Codex's `*** Move to:`: an operation has no way to say "rename".
 */
export type ApplyPatchOperation = ApplyPatchCallItem['operation']

export const APPLY_PATCH_TOOL = {
  description:
    'Create, update or delete files with a patch. Change one file per call; to change several files, make several calls.',
  format: {
    type: 'grammar',
    syntax: 'lark',
    definition: [
      'start: begin_patch hunk end_patch',
      'begin_patch: "*** Begin Patch" LF',
      'end_patch: "*** End Patch" LF?',
      '',
      'hunk: add_hunk | delete_hunk | update_hunk',
      'add_hunk: "*** Add File: " filename LF add_line+',
      'delete_hunk: "*** Delete File: " filename LF',
      'update_hunk: "*** Update File: " filename LF change',
      '',
      'filename: /(.+)/',
      'add_line: "+" /(.*)/ LF -> line',
      '',
      'change: (change_context | change_line)+ eof_line?',
      'change_context: ("@@" | "@@ " /(.+)/) LF',
      'change_line: ("+" | "-" | " ") /(.*)/ LF',
      'eof_line: "*** End of File" LF',
      '',
      '%import common.LF',
      '',
    ].join('\n'),
  },
} as const

const HEADERS: Record<string, ApplyPatchOperation['type']> = {
  '*** Add File: ': 'create_file',
  '*** Update File: ': 'update_file',
  '*** Delete File: ': 'delete_file',
}
const TITLES: Record<ApplyPatchOperation['type'], string> = {
  create_file: 'Add File',
  update_file: 'Update File',
  delete_file: 'Delete File',
}

/**
 * The file operations of a patch the model wrote, or `undefined` when it is not one (no file, a rename, lines
 * outside a file, a deletion with a body): such a call is withheld rather than run half-understood.
 */
export function patchOperations(patch: string): ApplyPatchOperation[] | undefined {
  const operations: { type: ApplyPatchOperation['type']; path: string; body: string[] }[] = []
  for (const line of patch.replace(/\r\n/g, '\n').split('\n')) {
    if (line === '*** Begin Patch') continue
    if (line === '*** End Patch') break
    const opened = Object.entries(HEADERS).find(([prefix]) => line.startsWith(prefix))
    if (opened) {
      operations.push({ type: opened[1], path: line.slice(opened[0].length).trim(), body: [] })
      continue
    }
    if (line.startsWith('*** Move to: ')) return undefined
    const current = operations.at(-1)
    // Blank lines before the first file are noise; anything else there is not a patch.
    if (current === undefined && line.trim() === '') continue
    if (current === undefined) return undefined
    current.body.push(line)
  }
  if (operations.length === 0) return undefined
  const result: ApplyPatchOperation[] = []
  for (const { type, path, body } of operations) {
    while (body.at(-1) === '') body.pop()
    if (path === '' || (type === 'delete_file') !== (body.length === 0)) return undefined
    result.push(type === 'delete_file' ? { type, path } : { type, path, diff: `${body.join('\n')}\n` })
  }
  return result
}

/** An `apply_patch_call` from the history, as the patch text the model would have written for it. */
export function operationPatch(raw: unknown, path: string): string {
  if (!isRecord(raw)) throw badRequest(path, 'expected an operation object')
  const type = raw.type
  if (type !== 'create_file' && type !== 'update_file' && type !== 'delete_file')
    throw badRequest(`${path}.type`, 'expected "create_file", "update_file" or "delete_file"')
  const file = requireString(raw.path, `${path}.path`)
  const diff = type !== 'delete_file' && typeof raw.diff === 'string' ? raw.diff : ''
  const body = diff === '' || diff.endsWith('\n') ? diff : `${diff}\n`
  return `*** Begin Patch\n*** ${TITLES[type]}: ${file}\n${body}*** End Patch\n`
}
