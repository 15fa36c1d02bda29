import { defineCommand } from 'citty'
import { daemonContext } from '../daemon/daemon-context'
import { daemonStatus } from '../daemon/daemon-status'
import { ui } from '../ui'
import { globalArgs, parsePort } from './_args'

export default defineCommand({
  meta: {
    name: 'status',
    description:
      'Show whether the gateway runs and answers, with its model count (exit 1 when it does not)\n\nExamples:\n  codex-shim status\n  codex-shim status --json',
  },
  args: { ...globalArgs, json: { type: 'boolean', description: 'Print JSON for scripts' } },
  async run({ args }) {
    const status = await daemonStatus(daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) }))
    if (status.kind !== 'running') process.exitCode = 1
    if (args.json) {
      const body =
        status.kind === 'stopped'
          ? { running: false }
          : {
              running: status.kind === 'running',
              pid: status.record.pid,
              port: status.record.port,
              restarts: status.record.restarts ?? 0,
              last_restart: status.record.lastRestart ?? null,
              health: status.health ?? null,
            }
      return ui.out(JSON.stringify(body, null, 2))
    }
    if (status.kind === 'stopped') return ui.out('The gateway is stopped. Start it with `codex-shim start`.')
    const url = `http://127.0.0.1:${status.record.port}`
    if (status.kind === 'unhealthy') {
      const reason = status.health?.error ?? 'it does not answer /health'
      return ui.out(`The gateway process (pid ${status.record.pid}) exists but is not healthy: ${reason}`)
    }
    const passthrough = status.health.chatgpt_passthrough ? ', gpt-5.5 passthrough on' : ''
    ui.out(
      `Running on ${url} (pid ${status.record.pid}, ${status.health.models ?? 0} models${passthrough}, v${status.health.version ?? '?'}).`,
    )
    const { restarts = 0, lastRestart } = status.record
    if (restarts > 0 && lastRestart)
      ui.out(
        `workerd was restarted ${restarts} time${restarts === 1 ? '' : 's'}; last at ${lastRestart.at}: ${lastRestart.reason}.`,
      )
  },
})
