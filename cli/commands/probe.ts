import { defineCommand } from 'citty'
import { ensureGatewayToken, isGatewayAuthOff } from '../gateway-token'
import { loadCatalogInput } from '../load-catalog-input'
import { prepareGateway } from '../prepare-gateway'
import { confirmOnTerminal } from '../probe/confirm-on-terminal'
import { probeModel } from '../probe/probe-model'
import { probeSuggestions, probeTable } from '../probe/probe-report'
import { ui } from '../ui'
import { UserError } from '../user-error'
import { globalArgs, parsePort } from './_args'

/** A reasoning turn on a slow model can take a while; past this the check counts as failed. */
const REQUEST_TIMEOUT_MS = 120_000

export default defineCommand({
  meta: {
    name: 'probe',
    description:
      'Check what each configured model can do, through the gateway (a few tiny billed requests per model): key, streaming, usage, tool calls, images, reasoning, TTFB\n\n' +
      'Examples:\n  codex-shim probe\n  codex-shim probe deepseek-chat --yes\n  codex-shim probe --json --yes',
  },
  args: {
    ...globalArgs,
    slug: { type: 'positional', description: 'Models to probe (default: every configured model)', required: false },
    json: { type: 'boolean', description: 'Print JSON for scripts' },
    yes: { type: 'boolean', description: 'Do not ask before sending the requests' },
  },
  async run({ args }) {
    const port = parsePort(args.port)
    // Checked before the gateway starts: a wrong slug should not cost a daemon start.
    const { settings } = await loadCatalogInput(args.settings)
    const wanted = args._.map(String)
    const unknown = wanted.filter((slug) => !settings.models.some((model) => model.slug === slug))
    if (unknown.length > 0)
      throw new UserError(
        `No model ${unknown.map((slug) => `\`${slug}\``).join(', ')} in models.json.`,
        'Run `codex-shim list` to see the slugs.',
      )
    const models =
      wanted.length === 0 ? settings.models : settings.models.filter((model) => wanted.includes(model.slug))
    if (models.length === 0)
      throw new UserError(
        'No configured models to probe.',
        'Add models to models.json (or run `codex-shim discover --add`).',
      )

    const requests = models.reduce((sum, model) => sum + (model.noImageSupport ? 3 : 4), 0)
    ui.info(
      `probe sends ${requests} tiny requests (${models.length} model${models.length === 1 ? '' : 's'}, a few each) through the gateway; providers bill them like any other.`,
    )
    if (
      !args.yes &&
      process.stdin.isTTY === true &&
      process.stderr.isTTY === true &&
      !(await confirmOnTerminal('Send them?'))
    ) {
      ui.info('Nothing was sent.')
      return
    }
    const { context, started } = await prepareGateway({ settingsFlag: args.settings, port })
    const token = isGatewayAuthOff(context.env) ? undefined : await ensureGatewayToken(context.home)
    const reports = []
    for (const model of models) {
      ui.info(`Probing ${model.slug} …`)
      reports.push({
        model,
        report: await probeModel(model, { url: started.url, token, timeoutMs: REQUEST_TIMEOUT_MS }),
      })
    }
    if (reports.some(({ report }) => report.streaming === 'failed')) process.exitCode = 1
    if (args.json)
      return ui.out(
        JSON.stringify(
          reports.map(({ model, report }) => ({ ...report, suggestions: probeSuggestions(report, model) })),
          null,
          2,
        ),
      )
    for (const line of probeTable(reports.map(({ report }) => report))) ui.out(line)
    for (const { model, report } of reports) {
      const suggestions = probeSuggestions(report, model)
      if (suggestions.length > 0)
        ui.out(`\n${ui.bold(model.slug)}\n${suggestions.map((line) => `  - ${line}`).join('\n')}`)
    }
    ui.out(
      ui.dim(
        '\nTTFB and total: of the plain streamed turn, through the gateway (TTFB is the time to its first token).',
      ),
    )
  },
})
