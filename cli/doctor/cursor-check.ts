import { probeCursorStatus } from '../cursor/cursor-status'
import type { DaemonContext } from '../daemon/daemon-context'
import { info, ok, warn, type CheckSection } from './checks'

/** Composer: is cursor-agent there and logged in (a local probe; Cursor's servers check the login, no model runs). */
export async function cursorCheck(context: DaemonContext): Promise<CheckSection> {
  const title = "Cursor's Composer"
  const status = await probeCursorStatus(context.env)
  if (status.state === 'available')
    return {
      title,
      lines: [
        ok(
          `cursor-agent logged in${status.account ? ` as ${status.account}` : ''}: Composer is offered (${status.binary})`,
        ),
      ],
    }
  if (status.state === 'logged_out')
    return {
      title,
      lines: [
        warn(
          `cursor-agent is installed (${status.binary}) but not logged in`,
          'Run `cursor-agent login` to offer Composer in Codex.',
        ),
      ],
    }
  if (status.state === 'disabled') return { title, lines: [info('switched off by CODEX_SHIM_DISABLE_CURSOR')] }
  return {
    title,
    lines: [
      info(
        'cursor-agent is not installed: no Composer',
        context.env.CURSOR_AGENT_BIN
          ? `CURSOR_AGENT_BIN (${context.env.CURSOR_AGENT_BIN}) is not a file.`
          : 'Install it from https://cursor.com/cli to use Composer with your Cursor subscription.',
      ),
    ],
  }
}
