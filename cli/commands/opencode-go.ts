import { defineCommand } from 'citty'
import type { ModelsFileEdit } from '../models-file/edit-models-file'
import {
  OPENCODE_ENDPOINTS,
  OPENCODE_GO_BASE_URL,
  OPENCODE_GO_KEY_ENV,
  type OpencodeEndpoint,
} from '../opencode/opencode-go-endpoints'
import { refreshOpencodeGo } from '../opencode/refresh-opencode-go'
import { refreshTable, unservedReasons } from '../opencode/refresh-table'
import { runtimeHome, settingsLocation } from '../paths'
import { ui } from '../ui'
import { UserError } from '../user-error'
import { globalArgs } from './_args'

const refresh = defineCommand({
  meta: {
    name: 'refresh',
    description:
      'Write an ocgo-<model> row for every model OpenCode Go serves, after trying each on chat, messages and responses\n\n' +
      'Examples:\n  codex-shim opencode-go refresh\n  codex-shim opencode-go refresh --dry-run\n  codex-shim opencode-go refresh --prefer messages --api-key-env MY_GO_KEY',
  },
  args: {
    ...globalArgs,
    'api-key-env': {
      type: 'string',
      description: `Variable holding the OpenCode Go key (default: ${OPENCODE_GO_KEY_ENV})`,
      valueHint: 'name',
    },
    prefer: {
      type: 'string',
      description: 'Endpoint to use when a model answers on several (default: its native one)',
      valueHint: 'chat|messages|responses',
    },
    'dry-run': { type: 'boolean', description: 'Probe and show the table, but write nothing' },
    'base-url': { type: 'string', description: `OpenCode Go API (default: ${OPENCODE_GO_BASE_URL})`, valueHint: 'url' },
    offline: { type: 'boolean', description: 'Do not download models.dev (its cached copy is used if there is one)' },
  },
  async run({ args }) {
    const apiKeyEnv = parseEnvName(args['api-key-env'])
    const apiKey = process.env[apiKeyEnv]?.trim() ?? ''
    if (apiKey === '') throw new UserError(`Set ${apiKeyEnv} before refreshing OpenCode Go models.`)
    const location = settingsLocation(args.settings)
    const { probes, outcomes, facts, edit } = await refreshOpencodeGo({
      settingsPath: location.path,
      home: runtimeHome(),
      baseUrl: parseBaseUrl(args['base-url']),
      apiKey,
      apiKeyEnv,
      prefer: parsePrefer(args.prefer),
      isDryRun: args['dry-run'] === true,
      isOffline: args.offline === true,
      env: process.env,
    })
    for (const line of refreshTable(probes, outcomes)) ui.out(line)
    if (facts.note) ui.info(facts.note)
    const unserved = unservedReasons(probes)
    if (unserved.length > 0) ui.info(`No endpoint served:\n${unserved.map((line) => `  ${line}`).join('\n')}`)
    reportEdit(edit, args['dry-run'] === true, location.isExplicit)
  },
})

function reportEdit(edit: ModelsFileEdit, isDryRun: boolean, isExplicit: boolean): void {
  const counts = `${edit.added.length} added, ${edit.updated.length} updated, ${edit.removed.length} removed, ${edit.unchanged.length} unchanged`
  if (isDryRun) {
    ui.info(
      `Dry run: ${edit.path} was not changed (${edit.isChanged ? `it would get ${counts}` : 'it is already up to date'}).`,
    )
    return
  }
  if (!edit.isChanged) {
    ui.success(`${edit.path} is already up to date (${counts}).`)
    return
  }
  ui.success(`Wrote ${edit.path}: ${counts}.`)
  if (edit.backup) ui.info(`Backup of the previous file: ${edit.backup}`)
  if (edit.isCreated && !isExplicit)
    ui.info(
      'This is your first models.json, so local servers are no longer served on their own: `codex-shim discover --add` adds them.',
    )
  ui.info('The gateway serves the new rows without a restart; `codex-shim list` shows their slugs.')
}

function parseEnvName(value: string | undefined): string {
  if (value === undefined || value === '') return OPENCODE_GO_KEY_ENV
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
    throw new UserError(
      `--api-key-env must be an environment variable name such as ${OPENCODE_GO_KEY_ENV}, got "${value}".`,
    )
  return value
}

function parsePrefer(value: string | undefined): OpencodeEndpoint | undefined {
  if (value === undefined || value === '') return undefined
  const endpoint = OPENCODE_ENDPOINTS.find((name) => name === value.toLowerCase())
  if (endpoint === undefined) throw new UserError(`--prefer must be chat, messages or responses, got "${value}".`)
  return endpoint
}

function parseBaseUrl(value: string | undefined): string {
  if (value === undefined || value === '') return OPENCODE_GO_BASE_URL
  if (!/^https?:\/\/[^\s/]+/i.test(value))
    throw new UserError(`--base-url must be an http:// or https:// URL, got "${value}".`)
  return value.replace(/\/+$/, '')
}

export default defineCommand({
  meta: {
    name: 'opencode-go',
    description: 'OpenCode Go models: `refresh` writes a models.json row for each one that works',
  },
  subCommands: { refresh },
})
