import { defineCommand } from 'citty'
import { daemonContext } from '../daemon/daemon-context'
import { stopDaemon } from '../daemon/stop-daemon'
import { ui } from '../ui'
import { globalArgs, parsePort } from './_args'

export default defineCommand({
  meta: {
    name: 'stop',
    description: 'Stop the background gateway and its workerd process\n\nExample:\n  codex-shim stop',
  },
  args: { ...globalArgs },
  async run({ args }) {
    const outcome = await stopDaemon(daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) }))
    if (outcome.kind === 'stopped') ui.success(`Stopped the gateway (pid ${outcome.pid}).`)
    else if (outcome.kind === 'cleaned_up')
      ui.success('The gateway was not running; removed what a killed run left behind.')
    else ui.out('The gateway is not running.')
  },
})
