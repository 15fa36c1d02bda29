import { defineCommand } from 'citty'
import { cursorModelsOf } from '../../shared/settings/cursor-schema'
import { probeCursorStatus } from '../cursor/cursor-status'
import { recordCursorStatus } from '../cursor/cursor-status-file'
import { cursorAgentVersion } from '../cursor/cursor-version'
import { runtimeHome, settingsLocation } from '../paths'
import { loadSettingsOrThrow } from '../settings-file'
import { ui } from '../ui'
import { globalArgs } from './_args'

const STATE_TEXT = {
  available: 'installed and logged in: Composer is offered to Codex',
  logged_out: 'installed, but not logged in: run `cursor-agent login`',
  not_installed: 'not installed (or not on PATH): install it from https://cursor.com/cli, or set CURSOR_AGENT_BIN',
  disabled: 'switched off by CODEX_SHIM_DISABLE_CURSOR',
} as const

const status = defineCommand({
  meta: {
    name: 'status',
    description:
      "Show whether Cursor's Composer can be served: cursor-agent installed, its version, the Cursor login, the models and mode\n\nExample:\n  codex-shim cursor status",
  },
  args: { ...globalArgs, json: { type: 'boolean', description: 'Print the status as JSON' } },
  async run({ args }) {
    const settings = await loadSettingsOrThrow(settingsLocation(args.settings))
    const probed = await probeCursorStatus(process.env)
    await recordCursorStatus(runtimeHome(), probed).catch(() => undefined) // a read-only home: the catalog probes again
    const version = probed.binary === undefined ? undefined : await cursorAgentVersion(probed.binary, process.env)
    const models = cursorModelsOf(settings)
    const mode = settings.cursor?.mode ?? 'auto'
    if (args.json) {
      ui.out(
        JSON.stringify(
          {
            state: probed.state,
            binary: probed.binary ?? null,
            version: version ?? null,
            account: probed.account ?? null,
            mode,
            models,
          },
          null,
          2,
        ),
      )
      return
    }
    ui.out(`cursor-agent: ${STATE_TEXT[probed.state]}`)
    if (probed.binary !== undefined) ui.out(`  binary   ${probed.binary}`)
    if (probed.binary !== undefined) ui.out(`  version  ${version ?? 'unknown'}`)
    if (probed.account !== undefined) ui.out(`  account  ${probed.account}`)
    ui.out(
      `  mode     ${mode}${mode === 'auto' ? " (follows Codex's sandbox: read-only asks, workspace-write lets Cursor edit)" : ''}`,
    )
    ui.out('  models')
    for (const model of models)
      ui.out(`    - ${model.slug.padEnd(22)} ${model.displayName} ${ui.dim(`(Cursor's ${model.id})`)}`)
  },
})

export default defineCommand({
  meta: { name: 'cursor', description: "Cursor's Composer through your Cursor login (cursor-agent)" },
  subCommands: { status },
})
