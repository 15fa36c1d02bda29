import { defineCommand } from 'citty'
import { removeManagedConfigFile } from '../codex/apply-managed-config'
import { daemonContext } from '../daemon/daemon-context'
import { stopDaemon } from '../daemon/stop-daemon'
import { ui } from '../ui'
import { globalArgs, parsePort } from './_args'

export default defineCommand({
  meta: {
    name: 'disable',
    description:
      'Remove the managed block from ~/.codex/config.toml (restoring your own model keys) and stop the gateway\n\nExample:\n  codex-shim disable',
  },
  args: { ...globalArgs },
  async run({ args }) {
    const context = daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) })
    const change = await removeManagedConfigFile(context)
    if (change.isChanged) ui.success(`Removed the codex-shim block from ${change.path}; your own settings are back.`)
    else ui.out(`${change.path} has no codex-shim block.`)
    const stopped = await stopDaemon(context)
    if (stopped.kind === 'stopped') ui.success(`Stopped the gateway (pid ${stopped.pid}).`)
  },
})
