import * as z from 'zod/mini'
import type { RouterConfig } from './model-config'
import type { SettingsProblem } from './settings-error'

const text = () => z.string().check(z.trim(), z.minLength(1))

/** Accepts snake_case and camelCase, like model rows; validated now, used by the auto router. */
const candidateSchema = z.looseObject({
  slug: text(),
  cost: z.optional(z.number().check(z.minimum(0))),
  supports_images: z.optional(z.boolean()),
  supportsImages: z.optional(z.boolean()),
  card: z.optional(z.string()),
})

const routerSchema = z.looseObject({
  enabled: z._default(z.boolean(), false),
  slug: z._default(text(), 'codex-auto'),
  display_name: z.optional(text()),
  displayName: z.optional(text()),
  classifier: z.optional(text()),
  /** The classifier's price per million tokens, for `router report` (a candidate's `cost` prices it otherwise). */
  classifier_cost: z.optional(z.number().check(z.minimum(0))),
  classifierCost: z.optional(z.number().check(z.minimum(0))),
  threshold: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.7),
  default: z.optional(text()),
  cache: z._default(z.boolean(), true),
  candidates: z._default(z.array(candidateSchema), []),
  mode: z._default(z.enum(['route', 'shadow']), 'route'),
  timeout_ms: z.optional(z.number().check(z.int(), z.positive())),
  timeoutMs: z.optional(z.number().check(z.int(), z.positive())),
  max_classifier_tokens: z.optional(z.number().check(z.int(), z.positive())),
  maxClassifierTokens: z.optional(z.number().check(z.int(), z.positive())),
})

export function parseRouterBlock(raw: unknown, path: string): { router?: RouterConfig; problems: SettingsProblem[] } {
  const parsed = routerSchema.safeParse(raw)
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        path: [path, ...issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))]
          .join('')
          .replace(/\.\[/g, '['),
        message: issue.message,
      })),
    }
  }
  const block = parsed.data
  return {
    problems: [],
    router: {
      enabled: block.enabled,
      slug: block.slug,
      displayName: block.display_name ?? block.displayName ?? 'Auto (smart routing)',
      classifier: block.classifier,
      classifierCost: block.classifier_cost ?? block.classifierCost,
      threshold: block.threshold,
      default: block.default,
      cache: block.cache,
      mode: block.mode,
      timeoutMs: block.timeout_ms ?? block.timeoutMs ?? 8000,
      maxClassifierTokens: block.max_classifier_tokens ?? block.maxClassifierTokens ?? 400,
      candidates: block.candidates.map((candidate) => ({
        slug: candidate.slug,
        cost: candidate.cost,
        supportsImages: candidate.supports_images ?? candidate.supportsImages ?? true,
        card: candidate.card,
      })),
    },
  }
}
