import type { IncomingMessage, ServerResponse } from 'node:http'
import { buildCatalog, type CatalogInput } from '../../shared/catalog'
import { catalogInputOfSnapshot } from '../../shared/catalog/snapshot-catalog-input'
import type { DesktopRestartOutcome, PickerSwitchReply, PickerSwitchRequest } from '../../shared/host-protocol'
import { applyManagedConfig } from '../codex/apply-managed-config'
import { writeCatalogFile } from '../codex/generated-files'
import { UserError } from '../user-error'
import { daemonContext } from './daemon-context'
import { readDaemonRecord } from './daemon-record'
import { providerDisplayName, setProviderDisplayName } from './provider-display-name'
import { restartCodexDesktop } from './restart-codex-desktop'
import type { SettingsSource } from './settings-source'

export interface PickerSwitchOptions {
  source: Pick<SettingsSource, 'current' | 'passthroughEntry'>
  log: (line: string) => void
  /** The daemon's environment, where CODEX_HOME and CODEX_SHIM_HOME are (as for every other command). */
  env?: NodeJS.ProcessEnv
  restart?: () => Promise<DesktopRestartOutcome>
}

/** A slug and two small fields: anything longer is not from our page. */
const MAX_BODY_BYTES = 4096

/** `POST /picker/switch` on HOST: what the page's switch does on the machine. */
export async function servePickerSwitch(
  req: IncomingMessage,
  res: ServerResponse,
  options: PickerSwitchOptions,
): Promise<void> {
  const reply =
    req.method === 'POST'
      ? await switchModel(await readRequest(req), options)
      : refuse(400, 'method_not_allowed', 'POST only.')
  const text = JSON.stringify(reply)
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/**
 * The same steps as `codex-shim model use SLUG`: the catalog file written for the models the gateway serves now,
 * then applyManagedConfig (locked, backed up, atomic, undone exactly by `disable`). Only exact slugs the gateway
 * lists are taken: the page shows those, and a fuzzy match must never pick a model the user did not click.
 */
export async function switchModel(
  request: PickerSwitchRequest | undefined,
  options: PickerSwitchOptions,
): Promise<PickerSwitchReply> {
  if (request === undefined)
    return refuse(400, 'invalid_switch_request', 'Expected {"slug": "...", "restartCodex": false, "port": 8765}.')
  const { snapshot } = await options.source.current()
  if (!snapshot.ok) return refuse(409, 'invalid_settings', snapshot.message)
  const env = options.env ?? process.env
  const input: CatalogInput = {
    ...catalogInputOfSnapshot(snapshot, env),
    passthroughEntry: await options.source.passthroughEntry(),
  }
  // The entries of the catalog Codex will read: what the page lists, router and Composer included.
  const chosen = buildCatalog(input).models.find((entry) => entry.slug === request.slug)
  if (chosen === undefined)
    return refuse(404, 'model_not_found', `No model "${request.slug}" is served by this gateway now; reload the page.`)
  const displayName = chosen.display_name
  const context = daemonContext({ port: await servingPort(env, request.port), env })
  try {
    await writeCatalogFile(context.files.catalog, input)
    const change = await applyManagedConfig(context, request.slug)
    const providerName = providerDisplayName(displayName)
    const named = await setProviderDisplayName(context, request.slug, providerName)
    options.log(
      `[picker] Codex now uses ${request.slug} (${displayName})${change.backup ? `; backup ${change.backup}` : ''}`,
    )
    const restart = request.restartCodex
      ? await (options.restart ?? (() => restartCodexDesktop({ os: process.platform })))()
      : notRequested()
    if (request.restartCodex) options.log(`[picker] restart Codex Desktop: ${restart.kind}`)
    return {
      ok: true,
      active: { slug: request.slug, displayName },
      providerName,
      configPath: change.path,
      isChanged: change.isChanged || named.isChanged,
      restart,
    }
  } catch (error) {
    // A config we must not edit (broken TOML, read-only, an unbalanced block) is the user's to fix: say how.
    if (error instanceof UserError) return refuse(409, 'config_not_changed', error.message)
    throw error
  }
}

/**
 * The port this daemon listens on, from its own daemon.json (a browser may have come through a forwarded port);
 * the port the worker saw when the record is another daemon's or missing.
 */
async function servingPort(env: NodeJS.ProcessEnv, seenByWorker: number): Promise<number> {
  const record = await readDaemonRecord(daemonContext({ port: seenByWorker, env }).files.pidFile)
  return record?.pid === process.pid ? record.port : seenByWorker
}

function notRequested(): DesktopRestartOutcome {
  return {
    kind: 'not_requested',
    message: 'A running Codex keeps its model until it restarts; new sessions use this one.',
  }
}

function refuse(status: 400 | 404 | 409, code: string, message: string): PickerSwitchReply {
  return { ok: false, status, code, message }
}

async function readRequest(req: IncomingMessage): Promise<PickerSwitchRequest | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // Not JSON: the worker always sends JSON, so this is not our worker's call.
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { slug, restartCodex, port } = value as Record<string, unknown>
  if (typeof slug !== 'string' || slug === '' || typeof restartCodex !== 'boolean') return undefined
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) return undefined
  return { slug, restartCodex, port }
}
