// zod/mini: the same validators as zod, but tree-shakable, so the worker bundle stays small.
import * as z from 'zod/mini'

/** Anything with zod's safeParse, whatever its input type. */
interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false }
}

/**
 * Every model-row field with the keys it may be spelled as, snake_case first. The first key present (and not
 * null) wins, so `display_name` beats `displayName` beats `name`.
 */
export interface RowField<T> {
  keys: readonly string[]
  schema: Parser<T>
  expected: string
  /** Values of secret fields are never quoted back in error messages. */
  isSecret?: boolean
}

const trimmedText = () => z.string().check(z.trim(), z.minLength(1))

const positiveInteger = z.union([
  z.int().check(z.positive()),
  z.pipe(z.string().check(z.trim(), z.regex(/^[1-9][0-9]*$/)), z.transform(Number)),
])

const booleanLike = z.union([
  z.boolean(),
  z.pipe(
    z.string().check(z.trim(), z.toLowerCase(), z.regex(/^(true|false)$/)),
    z.transform((text: string) => text === 'true'),
  ),
])

/** RFC 9110 token characters: anything else cannot be sent as a header name. */
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

const extraHeaders = z.pipe(
  z.record(z.string().check(z.regex(headerName)), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  z.transform((headers: Record<string, string | number | boolean | null>) => {
    const result: Record<string, string> = {}
    for (const [name, value] of Object.entries(headers)) if (value !== null) result[name] = String(value)
    return result
  }),
)

export const rowFields = {
  model: { keys: ['model'], schema: trimmedText(), expected: 'a non-empty string (the upstream model name)' },
  provider: {
    keys: ['provider'],
    schema: trimmedText(),
    expected: 'one of "openai", "generic-chat-completion-api", "anthropic", "responses" or "ollama"',
  },
  baseUrl: {
    keys: ['base_url', 'baseUrl', 'baseURL'],
    schema: z.pipe(
      z.string().check(z.trim(), z.regex(/^https?:\/\/[^\s/]+/i)),
      z.transform((url: string) => url.replace(/\/+$/, '')),
    ),
    expected: 'an http:// or https:// URL',
  },
  displayName: {
    keys: ['display_name', 'displayName', 'name'],
    schema: trimmedText(),
    expected: 'a non-empty string',
  },
  slug: { keys: ['slug'], schema: trimmedText(), expected: 'a non-empty string' },
  apiKey: {
    keys: ['api_key', 'apiKey', 'bearerToken', 'bearer_token'],
    schema: z.string(),
    expected: 'a string',
    isSecret: true,
  },
  apiKeyEnv: {
    keys: ['api_key_env', 'apiKeyEnv'],
    schema: z.string().check(z.trim(), z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/)),
    expected: 'an environment variable name such as "OPENAI_API_KEY"',
  },
  maxContextLimit: {
    keys: ['max_context_limit', 'maxContextLimit'],
    schema: positiveInteger,
    expected: 'a positive whole number of tokens',
  },
  maxOutputTokens: {
    keys: ['max_output_tokens', 'maxOutputTokens'],
    schema: positiveInteger,
    expected: 'a positive whole number of tokens',
  },
  noImageSupport: { keys: ['no_image_support', 'noImageSupport'], schema: booleanLike, expected: 'true or false' },
  promptCache: { keys: ['prompt_cache', 'promptCache'], schema: booleanLike, expected: 'true or false' },
  extraHeaders: {
    keys: ['extra_headers', 'extraHeaders'],
    schema: extraHeaders,
    expected: 'an object of header names to string values',
  },
  index: { keys: ['index'], schema: z.int().check(z.minimum(0)), expected: 'a whole number >= 0' },
} satisfies Record<string, RowField<unknown>>

export type RowFieldName = keyof typeof rowFields

/** Keys a row may carry that are not model settings: written by generators or kept for other tools. */
export const IGNORED_ROW_KEYS = new Set(['generated_by', 'opencode_go_endpoint', 'comment', '$comment', 'description'])
