import { ANTHROPIC_DEFAULT_BASE_URL, OLLAMA_DEFAULT_BASE_URL, OPENAI_DEFAULT_BASE_URL } from '../constants'
import { describeValue } from './describe-value'
import type { ProviderKind } from './model-config'
import { IGNORED_ROW_KEYS, rowFields, type RowField, type RowFieldName } from './row-fields'
import type { SettingsProblem } from './settings-error'

/** A row with every field resolved, before slugs are assigned across the whole list. */
export interface ModelRowDraft {
  explicitSlug?: string
  model: string
  provider: ProviderKind
  baseUrl: string
  displayName: string
  apiKey?: string
  apiKeyEnv?: string
  maxContextLimit?: number
  maxOutputTokens?: number
  noImageSupport: boolean
  promptCache: boolean
  extraHeaders: Record<string, string>
  index: number
}

export interface ParsedRow {
  draft?: ModelRowDraft
  problems: SettingsProblem[]
  warnings: string[]
}

const PROVIDER_ALIASES: Record<string, ProviderKind | 'ollama'> = {
  openai: 'openai',
  'generic-chat-completion-api': 'generic-chat-completion-api',
  generic: 'generic-chat-completion-api',
  anthropic: 'anthropic',
  responses: 'responses',
  ollama: 'ollama',
}

/** Base URLs filled in when a row names a first-party provider without one. */
const DEFAULT_BASE_URLS: Partial<Record<ProviderKind | 'ollama', string>> = {
  openai: OPENAI_DEFAULT_BASE_URL,
  responses: OPENAI_DEFAULT_BASE_URL,
  anthropic: ANTHROPIC_DEFAULT_BASE_URL,
  ollama: OLLAMA_DEFAULT_BASE_URL,
}

const knownRowKeys = new Set(Object.values(rowFields).flatMap((field: RowField<unknown>) => field.keys))

/**
 * The original tool's launch-models rows name no provider: a base URL on Ollama's port or host says which it is
 * (peer-behavior.md §1.3). Only a row without a provider is inferred; one that names its provider keeps it.
 */
function looksLikeOllama(baseUrl: string): boolean {
  const url = baseUrl.toLowerCase()
  return url.includes('11434') || url.includes('ollama')
}

/** A bare string row is an Ollama model name, the launch-models shape. */
function expandStringRow(name: string): Record<string, unknown> {
  return { model: name, display_name: name, provider: 'ollama' }
}

export function parseModelRow(raw: unknown, rowPath: string, position: number): ParsedRow {
  if (typeof raw === 'string') raw = expandStringRow(raw)
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      problems: [{ path: rowPath, message: `expected a model object or a model name, got ${describeValue(raw)}` }],
      warnings: [],
    }
  }
  const row = raw as Record<string, unknown>
  const problems: SettingsProblem[] = []
  const warnings: string[] = []

  function read<N extends RowFieldName>(name: N): ReturnType<(typeof rowFields)[N]['schema']['parse']> | undefined {
    const field: RowField<unknown> = rowFields[name]
    const key = field.keys.find((candidate) => row[candidate] !== undefined && row[candidate] !== null)
    if (key === undefined) return undefined
    const parsed = field.schema.safeParse(row[key])
    if (parsed.success) return parsed.data as ReturnType<(typeof rowFields)[N]['schema']['parse']>
    const got = field.isSecret ? '' : `, got ${describeValue(row[key])}`
    problems.push({ path: `${rowPath}.${key}`, message: `expected ${field.expected}${got}` })
    return undefined
  }

  for (const key of Object.keys(row)) {
    if (!knownRowKeys.has(key) && !IGNORED_ROW_KEYS.has(key)) warnings.push(`${rowPath}.${key}: unknown key, ignored`)
  }

  const model = read('model')
  if (model === undefined && !problems.some((p) => p.path === `${rowPath}.model`)) {
    problems.push({ path: `${rowPath}.model`, message: `required: ${rowFields.model.expected}` })
  }

  let baseUrl = read('baseUrl')
  const providerText = read('provider')
  let provider: ProviderKind | 'ollama' | undefined
  if (providerText !== undefined) {
    provider = PROVIDER_ALIASES[providerText.toLowerCase()]
    if (provider === undefined) {
      problems.push({
        path: `${rowPath}.provider`,
        message: `expected ${rowFields.provider.expected}, got ${describeValue(providerText)}`,
      })
    }
  } else if (baseUrl !== undefined && looksLikeOllama(baseUrl)) {
    provider = 'ollama'
  } else if (!problems.some((p) => p.path === `${rowPath}.provider`)) {
    problems.push({ path: `${rowPath}.provider`, message: `required: ${rowFields.provider.expected}` })
  }

  if (baseUrl === undefined && provider !== undefined) {
    baseUrl = DEFAULT_BASE_URLS[provider]
    const baseUrlWasWrong = problems.some((p) => rowFields.baseUrl.keys.some((key) => p.path === `${rowPath}.${key}`))
    if (baseUrl === undefined && !baseUrlWasWrong) {
      problems.push({
        path: `${rowPath}.base_url`,
        message: `required for provider "${provider}": an http:// or https:// URL`,
      })
    }
  }

  const displayName = read('displayName')
  const explicitSlug = read('slug')
  const apiKey = read('apiKey')
  const apiKeyEnv = read('apiKeyEnv')
  const maxContextLimit = read('maxContextLimit')
  const maxOutputTokens = read('maxOutputTokens')
  const noImageSupport = read('noImageSupport')
  const promptCache = read('promptCache')
  const extraHeaders = read('extraHeaders')
  const index = read('index')

  if (problems.length > 0 || model === undefined || provider === undefined || baseUrl === undefined) {
    return { problems, warnings }
  }
  return {
    problems,
    warnings,
    draft: {
      explicitSlug,
      model,
      provider: provider === 'ollama' ? 'generic-chat-completion-api' : provider,
      baseUrl,
      displayName: displayName ?? model,
      apiKey: apiKey === '' ? undefined : apiKey,
      apiKeyEnv,
      maxContextLimit,
      maxOutputTokens,
      noImageSupport: noImageSupport ?? false,
      promptCache: promptCache ?? true,
      extraHeaders: extraHeaders ?? {},
      index: index ?? position,
    },
  }
}
