import { readFile } from 'node:fs/promises'
import { defineCommand } from 'citty'
import { applyManagedConfig, legacyBlockNotice } from '../codex/apply-managed-config'
import { codexConfigPath } from '../codex/codex-config-file'
import { desktopProxyNote, isDesktopRunning, launchCodexDesktop, spawnerFor } from '../codex/launch-desktop'
import { isProxyConfigured, proxySettingsFrom, readWindowsSystemProxy } from '../platform'
import { chooseManagedModel } from '../codex/resolve-model-choice'
import { prepareGateway } from '../prepare-gateway'
import { ui } from '../ui'
import { UserError } from '../user-error'
import { globalArgs, parsePort } from './_args'

export default defineCommand({
  meta: {
    name: 'app',
    description:
      'Start the gateway, write the managed Codex config, and open Codex Desktop on PATH (exit 1 when it cannot be opened)\n\n' +
      'Examples:\n  codex-shim app\n  codex-shim app ~/src/project -m claude',
  },
  args: {
    ...globalArgs,
    path: {
      type: 'positional',
      description: 'Workspace to open (default: the current directory)',
      required: false,
      default: '.',
    },
    model: { type: 'string', alias: 'm', description: 'Model slug to select first' },
  },
  async run({ args }) {
    const { context, input } = await prepareGateway({ settingsFlag: args.settings, port: parsePort(args.port) })
    const model = chooseManagedModel(
      input,
      await readFile(codexConfigPath(context.codexHome), 'utf8').catch(() => ''),
      args.model,
    )
    const change = await applyManagedConfig(context, model)
    ui.success(`Codex uses codex-shim (model ${model}) via ${change.path}.`)
    const notice = legacyBlockNotice(change)
    if (notice) ui.info(notice)
    const { platform } = context
    // Asked before the launch: afterwards the app we just opened would count as "already running".
    const wasRunning = change.isChanged ? await isDesktopRunning(platform) : false
    const launch = await launchCodexDesktop(args.path, context.env, platform.os, spawnerFor(platform))
    if (launch.kind === 'unsupported') return ui.warn(launch.reason)
    if (launch.kind === 'failed') throw new UserError(launch.reason, launch.hint)
    ui.success(`Opened Codex Desktop (${launch.how}).`)
    // A running Desktop keeps the config it started with.
    if (wasRunning === true)
      ui.info('Codex Desktop was already running: quit it and start it again so that it reads the new settings.')
    else if (wasRunning === undefined)
      ui.info('If Codex Desktop was already open, quit and reopen it so that it reads the new settings.')
    const isProxyInPlay =
      isProxyConfigured(proxySettingsFrom(context.env, platform.os)) ||
      (await readWindowsSystemProxy(platform))?.isEnabled === true
    const note = desktopProxyNote(platform.os, isProxyInPlay)
    if (note !== undefined) ui.info(note)
  },
})
