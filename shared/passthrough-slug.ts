import { CHATGPT_PASSTHROUGH_ALIASES, CHATGPT_PASSTHROUGH_SLUG } from './constants'

/**
 * Slugs served by the ChatGPT passthrough: `gpt-5.5`, and the `openai-gpt-5-5*` family that older builds of this
 * tool and of the original wrote into configs (`openai-gpt-5-5-codex-max` included), all sent on as gpt-5.5.
 */
export function isPassthroughSlug(slug: string): boolean {
  return slug === CHATGPT_PASSTHROUGH_SLUG || CHATGPT_PASSTHROUGH_ALIASES.some((alias) => slug.startsWith(alias))
}
