import { stat } from 'node:fs/promises'
import { isAbsolute } from 'node:path'

export type WorkspaceChoice = { ok: true; path: string } | { ok: false; message: string }

/**
 * The directory cursor-agent works in: Codex's own working directory when it is an existing directory of this
 * user's (Cursor edits files there with the user's rights, so a path from a request is checked, not trusted),
 * else CODEX_SHIM_CURSOR_WORKSPACE under the same rule, else an error that says how to set one.
 */
export async function chooseCursorWorkspace(
  requested: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<WorkspaceChoice> {
  const problems: string[] = []
  for (const [path, source] of [
    [requested, "Codex's working directory"],
    [env.CODEX_SHIM_CURSOR_WORKSPACE, 'CODEX_SHIM_CURSOR_WORKSPACE'],
  ] as const) {
    if (path === undefined || path === '') continue
    const problem = await workspaceProblem(path)
    if (problem === undefined) return { ok: true, path }
    problems.push(`${source} ${JSON.stringify(path)} ${problem}`)
  }
  const why = problems.length > 0 ? `${problems.join('; ')}.` : "Codex's request names no working directory."
  return {
    ok: false,
    message: `Composer needs a workspace folder for Cursor to work in. ${why} Set CODEX_SHIM_CURSOR_WORKSPACE to a folder of yours where the gateway runs.`,
  }
}

async function workspaceProblem(path: string): Promise<string | undefined> {
  if (!isAbsolute(path)) return 'is not an absolute path'
  const info = await stat(path).catch(() => undefined)
  if (info === undefined) return 'does not exist'
  if (!info.isDirectory()) return 'is not a directory'
  const uid = process.getuid?.()
  if (uid !== undefined && uid !== 0 && info.uid !== uid) return 'belongs to another user'
  return undefined
}
