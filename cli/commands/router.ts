import { readFile } from 'node:fs/promises'
import { defineCommand } from 'citty'
import { contextLimitsFor } from '../../shared/catalog'
import { classifierRequest } from '../../shared/router/classifier-prompt'
import { parseScores } from '../../shared/router/parse-scores'
import { activeRouter, isRouterDisabled } from '../../shared/router/router-candidates'
import { selectCandidate } from '../../shared/router/select-candidate'
import { daemonContext } from '../daemon/daemon-context'
import { ensureGatewayToken } from '../gateway-token'
import { prepareGateway } from '../prepare-gateway'
import { autoRequestUsages, buildRouterReport } from '../router/router-report'
import { reportTable, reportVerdict } from '../router/format-router-report'
import { routerPrices } from '../router/router-prices'
import { readRouterDecisions, routerLogPath } from '../router/router-log-file'
import type { RouterConfig } from '../../shared/settings'
import { loadSettingsOrThrow } from '../settings-file'
import { settingsLocation } from '../paths'
import { ui } from '../ui'
import { UserError } from '../user-error'
import { globalArgs, parsePort } from './_args'

async function routerSettings(settingsFlag: string | undefined) {
  const settings = await loadSettingsOrThrow(settingsLocation(settingsFlag))
  if (settings.router === undefined)
    throw new UserError('models.json has no router block.', 'See "Auto router" in the README for a worked example.')
  return { settings, router: settings.router }
}

const status = defineCommand({
  meta: {
    name: 'status',
    description:
      'Show the auto router: its settings, its candidates and whether each can be used now\n\nExample:\n  codex-shim router status',
  },
  args: { ...globalArgs },
  async run({ args }) {
    const { settings, router } = await routerSettings(args.settings)
    const disabled = isRouterDisabled(process.env.CODEX_SHIM_DISABLE_ROUTER)
    const active = activeRouter(router, settings.models, disabled)
    const state = disabled
      ? 'switched off by CODEX_SHIM_DISABLE_ROUTER'
      : !router.enabled
        ? 'disabled (router.enabled is false)'
        : active
          ? 'on'
          : 'on, but no candidate is a configured model'
    ui.out(`${ui.bold(router.slug)} "${router.displayName}": ${state}`)
    ui.out(
      `  mode ${router.mode}, threshold ${router.threshold}, classifier ${classifierText(router)}, default ${active?.defaultSlug ?? router.default ?? '(first candidate)'}, cache ${router.cache ? 'on' : 'off'}, timeout ${router.timeoutMs} ms`,
    )
    if (active)
      ui.out(
        `  Codex sees a ${active.contextWindow.toLocaleString('en')}-token window, ${active.takesImages ? 'with' : 'without'} images`,
      )
    for (const candidate of router.candidates) {
      const model = settings.models.find((entry) => entry.slug === candidate.slug)
      const usable =
        model === undefined
          ? 'not configured'
          : model.apiKey === undefined && model.apiKeyEnv !== undefined && !process.env[model.apiKeyEnv]
            ? `key missing ($${model.apiKeyEnv} is not set here)`
            : 'usable'
      const window = model ? contextLimitsFor(model.maxContextLimit).contextWindow.toLocaleString('en') : '?'
      ui.out(
        `  - ${candidate.slug.padEnd(24)} ${(candidate.cost === undefined ? 'unpriced' : `cost ${String(candidate.cost).padStart(6)}/M`).padEnd(15)}  images ${candidate.supportsImages && !model?.noImageSupport ? 'yes' : 'no '}  window ${window.padStart(9)}  ${usable}`,
      )
    }
  },
})

const explain = defineCommand({
  meta: {
    name: 'explain',
    description:
      'Classify TASK once, live, and show each candidate\'s score and the choice (calls the classifier model: one small billed request)\n\nExamples:\n  codex-shim router explain "rename a variable"\n  codex-shim router explain "what is in this screenshot?" --image',
  },
  args: {
    ...globalArgs,
    task: { type: 'positional', description: 'The task, as a user would ask it', required: true },
    image: { type: 'boolean', description: 'Pretend the task comes with an image' },
  },
  async run({ args }) {
    const { settings, router } = await routerSettings(args.settings)
    const active = activeRouter(router, settings.models, false)
    if (active === undefined)
      throw new UserError('The router has no usable candidates.', 'Run `codex-shim router status`.')
    if (router.classifier === undefined)
      throw new UserError('The router has no classifier model.', 'Set router.classifier in models.json.')
    const { context } = await prepareGateway({ settingsFlag: args.settings, port: parsePort(args.port) })
    const signal = {
      text: args.task,
      hasImages: args.image === true,
      toolCount: 0,
      estimatedTokens: Math.ceil(args.task.length / 4),
    }
    const started = Date.now()
    const response = await fetch(`http://127.0.0.1:${context.port}/v1/responses`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await ensureGatewayToken(context.home)}`,
      },
      body: JSON.stringify(classifierRequest(router.classifier, active.candidates, signal, router.maxClassifierTokens)),
    })
    const body = (await response.json()) as {
      output?: { content?: { text?: string }[] }[]
      error?: { message?: string }
      usage?: { input_tokens?: number; output_tokens?: number }
    }
    if (!response.ok)
      throw new UserError(`The classifier (${router.classifier}) failed: ${body.error?.message ?? response.status}`)
    const text = (body.output ?? [])
      .flatMap((item) => item.content ?? [])
      .map((part) => part.text ?? '')
      .join('')
    const scores = parseScores(
      text,
      active.candidates.map((candidate) => candidate.slug),
    )
    const selection = selectCandidate({
      candidates: active.candidates,
      scores,
      threshold: router.threshold,
      defaultSlug: active.defaultSlug,
      hasImages: signal.hasImages,
      estimatedTokens: signal.estimatedTokens,
    })
    ui.out(
      `classifier ${router.classifier}: ${Date.now() - started} ms, ${body.usage?.input_tokens ?? '?'} in / ${body.usage?.output_tokens ?? '?'} out tokens`,
    )
    if (scores === undefined)
      ui.warn(`its answer had no scores, so the default serves: ${JSON.stringify(text.slice(0, 200))}`)
    const prices = routerPrices(router)
    for (const candidate of active.candidates)
      ui.out(
        `  ${candidate.slug.padEnd(24)} ${scores ? (scores[candidate.slug] ?? 0).toFixed(2) : '  - '}  ${priceText(prices.candidate(candidate.slug))}${candidate.slug === selection.slug ? '  <- chosen' : ''}`,
      )
    ui.out(
      `choice: ${ui.bold(selection.slug)} (${selection.reason}; threshold ${router.threshold}${router.mode === 'shadow' ? `; shadow mode serves ${active.defaultSlug}` : ''})`,
    )
  },
})

const report = defineCommand({
  meta: {
    name: 'report',
    description:
      'What the router decided and what it saved against always using its default\n\nExamples:\n  codex-shim router report\n  codex-shim router report --since 30d --json',
  },
  args: {
    ...globalArgs,
    since: { type: 'string', description: 'How far back: 7d (default), 24h, 90m', valueHint: 'age' },
    json: { type: 'boolean', description: 'Print JSON for scripts' },
  },
  async run({ args }) {
    const { router } = await routerSettings(args.settings)
    const context = daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) })
    const since = Date.now() - ageMs(args.since ?? '7d')
    const decisions = await readRouterDecisions(routerLogPath(context.files.logDir))
    const logs = await Promise.all(
      ['.3', '.2', '.1', ''].map((suffix) => readFile(`${context.files.logFile}${suffix}`, 'utf8').catch(() => '')),
    )
    const result = buildRouterReport(router, decisions, autoRequestUsages(logs.join('\n')), since)
    if (args.json) return ui.out(JSON.stringify(result, null, 2))
    ui.out(
      `Auto router since ${result.since}: ${result.decisions} decisions, ${result.cacheHits} of them cache hits, ${result.classifierFailures} classifier failures`,
    )
    ui.out('')
    for (const line of reportTable(result)) ui.out(line)
    ui.out('')
    for (const line of reportVerdict(result, router.default ?? router.candidates[0]?.slug ?? '(none)')) ui.out(line)
  },
})

function classifierText(router: RouterConfig): string {
  if (router.classifier === undefined) return '(none)'
  return `${router.classifier} (${priceText(routerPrices(router).classifier(router.classifier))})`
}

function priceText(price: number | undefined): string {
  return price === undefined ? 'unpriced' : `cost ${price}/M`
}

function ageMs(text: string): number {
  const match = /^(\d+)\s*(m|h|d)$/.exec(text.trim())
  if (!match) throw new UserError(`--since takes an age like 7d, 24h or 90m, got "${text}".`)
  return Number(match[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd']
}

export default defineCommand({
  meta: {
    name: 'router',
    description:
      'The auto router: status, a live explanation of one choice, and a report of what it decided\n\nExamples:\n  codex-shim router status\n  codex-shim router explain "fix a typo"\n  codex-shim router report',
  },
  subCommands: { status, explain, report },
})
