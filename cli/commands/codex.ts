import { defineCommand } from 'citty'
import { CODEX_PROVIDER_ID } from '../../shared/constants'
import { defaultModelSlug } from '../codex/generated-files'
import { codexProviderTable, tokenCommandAuth } from '../codex/provider-settings'
import { runCodexAttached } from '../codex/run-codex'
import { prepareGateway } from '../prepare-gateway'
import { globalArgs, parsePort } from './_args'

/** `-c key=value` pairs that point one Codex run at the gateway, with nothing written to Codex's config. */
export function codexOverrides(options: {
  port: number
  catalogPath: string
  model?: string
  runtimeHome: string
}): string[] {
  const pairs: [string, unknown][] = [
    ['model_provider', CODEX_PROVIDER_ID],
    ['model_catalog_json', options.catalogPath],
  ]
  if (options.model !== undefined) pairs.unshift(['model', options.model])
  const provider = codexProviderTable(options.port, tokenCommandAuth(options.runtimeHome))
  pairs.push(...dottedPairs(`model_providers.${CODEX_PROVIDER_ID}`, provider))
  // Values are TOML: JSON quoting is valid TOML for these strings, numbers and arrays of strings.
  return pairs.flatMap(([key, value]) => ['-c', `${key}=${JSON.stringify(value)}`])
}

/** Nested tables as dotted keys (`a.auth.command`), since `-c` takes one TOML value per key. */
function dottedPairs(prefix: string, table: Record<string, unknown>): [string, unknown][] {
  return Object.entries(table).flatMap(([key, value]): [string, unknown][] =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? dottedPairs(`${prefix}.${key}`, value as Record<string, unknown>)
      : [[`${prefix}.${key}`, value]],
  )
}

export default defineCommand({
  meta: {
    name: 'codex',
    description:
      'Run the Codex CLI through the gateway for this one run (inline -c overrides; no config file is changed)\n\n' +
      'Examples:\n  codex-shim codex -- exec "summarize this repo"\n  codex-shim codex -m claude',
  },
  args: { ...globalArgs },
  async run({ rawArgs, args }) {
    const passThrough = argumentsForCodex(rawArgs)
    const { context, input } = await prepareGateway({ settingsFlag: args.settings, port: parsePort(args.port) })
    const hasModel = passThrough.some((arg) => arg === '-m' || arg === '--model' || arg.startsWith('--model='))
    const overrides = codexOverrides({
      port: context.port,
      catalogPath: context.files.catalog,
      model: hasModel ? undefined : defaultModelSlug(input),
      runtimeHome: context.home,
    })
    // Codex options before a subcommand apply to it, so the overrides go first.
    const exitCode = await runCodexAttached([...overrides, ...passThrough], context)
    process.exitCode = exitCode
  },
})

/** Everything after `codex` except our own flags; a leading `--` is optional. */
function argumentsForCodex(rawArgs: string[]): string[] {
  const separator = rawArgs.indexOf('--')
  if (separator !== -1) return rawArgs.slice(separator + 1)
  const result: string[] = []
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] ?? ''
    if (arg === '--settings' || arg === '--port') i++
    else if (!arg.startsWith('--settings=') && !arg.startsWith('--port=')) result.push(arg)
  }
  return result
}
