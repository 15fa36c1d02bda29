import { access, readFile, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parse } from 'smol-toml'
import { CODEX_PROVIDER_ID } from '../../shared/constants'
import { formatSettingsError } from '../../shared/settings'
import { chatgptPassthroughState } from '../chatgpt-auth'
import { codexConfigPath } from '../codex/codex-config-file'
import { codexVersion, supportsCatalogUrl } from '../codex/codex-binary'
import { identifyDaemon } from '../daemon/control-channel'
import { isManagedConfigInstalled, managedModel } from '../codex/managed-config'
import type { DaemonContext } from '../daemon/daemon-context'
import { isDaemonProcess, readDaemonRecord } from '../daemon/daemon-record'
import { desktopStatus, nodeDesktopSystem, verdictLine } from '../desktop'
import { probeHealth } from '../daemon/health-probe'
import { gatewayTokenPath, isGatewayAuthOff } from '../gateway-token'
import { missingRemoteVariables, remoteRequestHeaders } from '../remote/remote-provider'
import { readRemotes } from '../remote/remote-store'
import { workerdSupportProblem } from '../platform'
import { readSettingsFile } from '../settings-file'
import { fail, info, ok, warn, type CheckSection } from './checks'
import { cursorCheck } from './cursor-check'
import { localServersCheck } from './local-servers-check'
import { proxyCheck } from './proxy-check'

const RUNTIME_PACKAGES = ['miniflare', 'citty', 'smol-toml', 'zod', 'jsonc-parser'] as const

/**
 * A read-only look at everything that makes the setup work. It writes nothing, starts or stops nothing, never
 * calls a provider, and prints no key or token (only names of variables and counts).
 */
export async function runDoctor(context: DaemonContext): Promise<CheckSection[]> {
  return Promise.all([
    node(context),
    codexCli(context),
    settings(context),
    runtimeFiles(context),
    daemon(context),
    passthrough(context),
    cursorCheck(context),
    localServersCheck(context),
    proxy(context),
    codexConfig(context),
    codexDesktop(context),
    remotes(context),
  ])
}

async function node(context: DaemonContext): Promise<CheckSection> {
  const lines = []
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  lines.push(
    major > 20 || (major === 20 && minor >= 19)
      ? ok(`Node.js ${process.version}`)
      : fail(`Node.js ${process.version} is too old`, 'Install Node.js 20.19 or newer.'),
  )
  const unsupported = workerdSupportProblem(context.platform.os, context.platform.arch)
  if (unsupported !== undefined) lines.push(fail(unsupported.message, unsupported.hint))
  for (const name of RUNTIME_PACKAGES) {
    try {
      import.meta.resolve(name)
      lines.push(ok(`${name} is installed`))
    } catch {
      lines.push(fail(`${name} cannot be loaded`, 'Run `npm install` in the codex-shim directory.'))
    }
  }
  const bundle = fileURLToPath(new URL('./worker.js', import.meta.url))
  lines.push(
    (await exists(bundle))
      ? ok('gateway bundle built (dist/worker.js)')
      : fail('dist/worker.js is missing', 'Run `npm run build`.'),
  )
  return { title: 'Node and dependencies', lines }
}

async function codexCli(context: DaemonContext): Promise<CheckSection> {
  const version = await codexVersion(context.env, context.platform)
  if (!version)
    return { title: 'Codex CLI', lines: [warn('codex not found on PATH', 'Install it: npm install -g @openai/codex')] }
  return {
    title: 'Codex CLI',
    lines: [
      ok(`codex found: ${version.text}`),
      supportsCatalogUrl(version)
        ? ok('reads the catalog from the gateway (model_catalog_url)')
        : info('older Codex: the catalog file is used'),
    ],
  }
}

async function settings(context: DaemonContext): Promise<CheckSection> {
  const title = 'Settings'
  const result = await readSettingsFile(context.settings)
  if (!result.ok) {
    if (result.error.kind === 'not_found')
      return {
        title,
        lines: [warn(`settings file not found: ${context.settings.path}`, 'Create it with your models (see README).')],
      }
    return {
      title,
      lines: [
        fail(
          formatSettingsError(result.error).split('\n').join(' '),
          'Fix the file; the gateway refuses to start with it.',
        ),
      ],
    }
  }
  const models = result.value.models
  const exists = await stat(context.settings.path).then(
    () => true,
    () => false,
  )
  const lines = [
    exists
      ? ok(`${context.settings.path} is valid: ${models.length} model${models.length === 1 ? '' : 's'}`)
      : info(`no settings file yet (${context.settings.path}): 0 models`),
  ]
  const missingKeys = models.filter(
    (model) => model.apiKey === undefined && model.apiKeyEnv !== undefined && !context.env[model.apiKeyEnv],
  )
  if (missingKeys.length > 0) {
    lines.push(
      warn(
        `models missing API keys: ${missingKeys.length} (${missingKeys.map((model) => `${model.slug} needs $${model.apiKeyEnv}`).join(', ')})`,
        'Set the variables where the gateway runs, then `codex-shim restart`.',
      ),
    )
  }
  for (const warning of result.value.warnings) lines.push(warn(warning))
  return { title, lines }
}

async function runtimeFiles(context: DaemonContext): Promise<CheckSection> {
  const lines = [
    (await exists(context.home))
      ? ok(`runtime directory ${context.home}`)
      : info(`runtime directory ${context.home} does not exist yet`),
  ]
  lines.push(
    (await exists(context.files.catalog))
      ? ok(`catalog ${context.files.catalog}`)
      : warn('no model catalog yet', 'Run `codex-shim generate` or `codex-shim start`.'),
  )
  const log = await stat(context.files.logFile).catch(() => undefined)
  if (log) lines.push(info(`log ${context.files.logFile} (${Math.round(log.size / 1024)} KiB)`))
  lines.push(await tokenCheck(context))
  return { title: 'Runtime files', lines }
}

/** Whether clients can authenticate, and whether anyone else could read the token (never the token itself). */
async function tokenCheck(context: DaemonContext) {
  if (isGatewayAuthOff(context.env))
    return warn(
      'CODEX_SHIM_AUTH=off: any local process can use the gateway and your keys',
      'Unset CODEX_SHIM_AUTH, then `codex-shim restart`.',
    )
  const path = gatewayTokenPath(context.home)
  const token = await stat(path).catch(() => undefined)
  if (!token) return info(`gateway token ${path} is created on the first start`)
  if (context.platform.os !== 'win32' && (token.mode & 0o077) !== 0)
    return warn(`gateway token ${path} is readable by other users`, `chmod 600 ${path}`)
  return ok(`gateway token ${path} (readable by you only)`)
}

async function daemon(context: DaemonContext): Promise<CheckSection> {
  const title = 'Gateway daemon'
  const record = await readDaemonRecord(context.files.pidFile)
  const port = record?.port ?? context.port
  if (record && !(await isDaemonProcess(record, context.platform))) {
    return {
      title,
      lines: [
        warn(
          `the recorded daemon (pid ${record.pid}) is not running`,
          'Run `codex-shim start` (it cleans up what the dead run left).',
        ),
      ],
    }
  }
  const health = await probeHealth(port)
  if (!health) {
    return {
      title,
      lines: [
        record
          ? fail(`daemon pid ${record.pid} runs but does not answer on port ${port}`, 'Run `codex-shim restart`.')
          : warn(`not running (nothing answers on 127.0.0.1:${port})`, 'Run `codex-shim start`.'),
      ],
    }
  }
  if (!health.ok) return { title, lines: [fail(`health reports a problem: ${health.error ?? 'unknown'}`)] }
  return {
    title,
    lines: [
      ok(`health ok: ${health.models ?? 0} models on 127.0.0.1:${port} (v${health.version ?? '?'})`),
      info(`chatgpt_passthrough: ${health.chatgpt_passthrough === true}`),
    ],
  }
}

async function passthrough(context: DaemonContext): Promise<CheckSection> {
  const state = await chatgptPassthroughState(context.codexHome, context.env)
  const line =
    state === 'available'
      ? ok('gpt-5.5 passthrough available (Codex is logged in)')
      : state === 'disabled'
        ? info('passthrough switched off by CODEX_SHIM_DISABLE_CHATGPT')
        : info('Codex is not logged in: no gpt-5.5 passthrough', 'Run `codex login` to use your ChatGPT subscription.')
  return { title: 'ChatGPT passthrough', lines: [line] }
}

async function proxy(context: DaemonContext): Promise<CheckSection> {
  const record = await readDaemonRecord(context.files.pidFile)
  const running = await identifyDaemon(record?.control)
  return proxyCheck(context, running?.instance === record?.instance ? running : undefined)
}

async function codexConfig(context: DaemonContext): Promise<CheckSection> {
  const title = 'Codex config'
  const path = codexConfigPath(context.codexHome)
  const text = await readFile(path, 'utf8').catch(() => undefined)
  if (text === undefined)
    return {
      title,
      lines: [
        info(
          `${path} does not exist; the codex-shim provider is not installed`,
          'Run `codex-shim enable` to wire Codex to the gateway.',
        ),
      ],
    }
  try {
    parse(text)
  } catch (error) {
    const where =
      error instanceof Error && 'line' in error ? ` (line ${String((error as { line: unknown }).line)})` : ''
    return {
      title,
      lines: [fail(`${path} is not valid TOML${where}`, 'Codex cannot start with it either: fix the file.')],
    }
  }
  if (!isManagedConfigInstalled(text))
    return { title, lines: [info('codex-shim provider is not currently installed', 'Run `codex-shim enable`.')] }
  const value = parse(text) as { model_catalog_json?: unknown; model_providers?: Record<string, { auth?: unknown }> }
  const lines = [ok('codex-shim provider configured'), ok(`active codex-shim model: ${managedModel(text) ?? '?'}`)]
  if (value.model_providers?.[CODEX_PROVIDER_ID]?.auth === undefined) {
    lines.push(
      fail(
        'the codex-shim block sends no gateway token, so Codex gets 401s',
        'Run `codex-shim enable` (or `codex-shim start`) to update it.',
      ),
    )
  }
  // Codex refuses to start at all when model_catalog_json names a file that is not there.
  const catalog = typeof value.model_catalog_json === 'string' ? value.model_catalog_json : undefined
  if (catalog !== undefined && !(await exists(catalog))) {
    lines.push(
      fail(
        `the catalog file the block names is missing (${catalog}): Codex will not start`,
        'Run `codex-shim start` (or `codex-shim enable`) to write it again.',
      ),
    )
  }
  return { title, lines }
}

/** Each deployed gateway added with `remote add`: are its credentials set here, and does it answer? */
async function remotes(context: DaemonContext): Promise<CheckSection> {
  const title = 'Remote gateways'
  const list = await readRemotes(context.home).catch(() => [])
  if (list.length === 0)
    return { title, lines: [info('none (`codex-shim remote add` points Codex at a gateway deployed for your team)')] }
  const lines = await Promise.all(
    list.map(async (remote) => {
      const missing = missingRemoteVariables(remote, context.env)
      if (missing.length > 0)
        return fail(
          `${remote.name}: ${missing.map((name) => `$${name}`).join(', ')} not set, so Codex sends no credentials`,
          'Set them wherever Codex runs (Codex drops an unset header silently).',
        )
      const health = await fetch(`${remote.url}/health`, {
        headers: remoteRequestHeaders(remote, context.env),
        redirect: 'manual',
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined)
      if (health === undefined)
        return fail(`${remote.name}: ${remote.url} does not answer`, 'Check the URL and your network.')
      if (health.status >= 300 && health.status < 400)
        return fail(
          `${remote.name}: Cloudflare Access redirected to a login page`,
          'The service token was not accepted: check it and the Service Auth policy.',
        )
      if (!health.ok)
        return fail(
          `${remote.name}: /health answered ${health.status}${health.headers.get('cf-access-error') ? ` (Cloudflare Access: ${health.headers.get('cf-access-error')})` : ''}`,
        )
      return ok(`${remote.name}: ${remote.url} answers`)
    }),
  )
  return { title, lines }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

async function codexDesktop(context: DaemonContext): Promise<CheckSection> {
  const title = 'Codex Desktop'
  try {
    const status = await desktopStatus(nodeDesktopSystem(context.env), { codexHome: context.codexHome })
    return { title, lines: [verdictLine(status.verdict), ...status.lines] }
  } catch (error) {
    return {
      title,
      lines: [
        warn(
          `could not read the Desktop app: ${error instanceof Error ? error.message : String(error)}`,
          'Run `codex-shim desktop status` for details.',
        ),
      ],
    }
  }
}
