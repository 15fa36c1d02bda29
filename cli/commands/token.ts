import { defineCommand } from 'citty'
import { ensureGatewayToken, gatewayTokenPath } from '../gateway-token'
import { runtimeHome } from '../paths'
import { ui } from '../ui'

export default defineCommand({
  meta: {
    name: 'token',
    description:
      'Print the gateway token every client must send (created on first use; Codex gets it through the managed block)\n\n' +
      'Examples:\n  codex-shim token\n  curl -H "Authorization: Bearer $(codex-shim token)" http://127.0.0.1:8765/v1/models',
  },
  args: {
    home: {
      type: 'string',
      description: 'The runtime home to read it from (default: $CODEX_SHIM_HOME or ~/.codex-shim)',
      valueHint: 'dir',
    },
  },
  async run({ args }) {
    const home =
      args.home !== undefined && args.home !== '' ? runtimeHome({ CODEX_SHIM_HOME: args.home }) : runtimeHome()
    const token = await ensureGatewayToken(home)
    // Only the token on stdout: Codex's command auth and `$(codex-shim token)` read it as it is.
    ui.out(token)
    if (process.stdout.isTTY) ui.info(ui.dim(`(from ${gatewayTokenPath(home)})`, process.stderr))
  },
})
