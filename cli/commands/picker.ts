import { defineCommand } from 'citty'
import { ensureGatewayToken, isGatewayAuthOff } from '../gateway-token'
import { openInBrowser } from '../open-browser'
import { prepareGateway } from '../prepare-gateway'
import { ui } from '../ui'
import { globalArgs, parsePort } from './_args'

export default defineCommand({
  meta: {
    name: 'picker',
    description:
      'Open the model picker and live activity page in your browser (starts the gateway if needed)\n\n' +
      'Examples:\n  codex-shim picker\n  codex-shim picker --no-open',
  },
  args: {
    ...globalArgs,
    open: {
      type: 'boolean',
      default: true,
      description: 'Open the page in the default browser',
      negativeDescription: 'Only print the URL',
    },
  },
  async run({ args }) {
    const { context } = await prepareGateway({ settingsFlag: args.settings, port: parsePort(args.port) })
    const base = `http://127.0.0.1:${context.port}/picker`
    // The link signs the browser in once (an HttpOnly cookie) and then drops the token from the address bar.
    const url = isGatewayAuthOff(context.env)
      ? base
      : `${base}?token=${encodeURIComponent(await ensureGatewayToken(context.home))}`
    ui.out(url)
    if (!args.open) return
    const opened = await openInBrowser(url)
    if (opened.kind === 'failed') ui.warn(`Could not open a browser (${opened.reason}); open the URL above yourself.`)
    else ui.info(`Opened the picker in your browser. The link holds your gateway token: do not share it.`)
  },
})
