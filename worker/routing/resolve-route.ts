import { CHATGPT_PASSTHROUGH_SLUG } from '../../shared/constants'
import type { ResolvedModel, SettingsSnapshot } from '../../shared/host-protocol'
import { isPassthroughSlug } from '../../shared/passthrough-slug'
import { findModel } from '../../shared/settings'
import { GatewayError } from '../http/gateway-error'

export type UpstreamRoute = { kind: 'byok'; model: ResolvedModel } | { kind: 'chatgpt'; slug: string }

const MAX_LISTED_SLUGS = 12

type LoadedSettings = SettingsSnapshot & { ok: true }

/** A configured model wins over the passthrough slug, so a BYOK model named `gpt-5.5` is served as configured. */
export function resolveRoute(settings: LoadedSettings, requested: string): UpstreamRoute {
  const model = findModel(settings.models, requested)
  if (model) return { kind: 'byok', model }
  if (isPassthroughSlug(requested)) {
    if (settings.chatgptPassthrough === 'available') return { kind: 'chatgpt', slug: requested }
    if (settings.chatgptPassthrough === 'deployed') {
      throw new GatewayError(
        501,
        'not_available_when_deployed',
        `"${requested}" is served through a personal ChatGPT login on the user's own machine; a shared deployment has none. Use a configured model, or run codex-shim locally for gpt-5.5.`,
      )
    }
    if (settings.chatgptPassthrough === 'logged_out') {
      throw new GatewayError(
        401,
        'chatgpt_login_required',
        `"${requested}" is served through your ChatGPT login, but Codex's auth.json has no access token. Run \`codex login\`, then try again.`,
      )
    }
  }
  throw unknownModel(settings, requested)
}

function unknownModel(settings: LoadedSettings, requested: string): GatewayError {
  const slugs = settings.models.map((model) => model.slug)
  if (settings.chatgptPassthrough === 'available' && !slugs.includes(CHATGPT_PASSTHROUGH_SLUG)) {
    slugs.unshift(CHATGPT_PASSTHROUGH_SLUG)
  }
  const listed = slugs.slice(0, MAX_LISTED_SLUGS).join(', ') + (slugs.length > MAX_LISTED_SLUGS ? ', …' : '')
  const available = slugs.length === 0 ? 'No models are configured' : `Available: ${listed}`
  return new GatewayError(
    404,
    'model_not_found',
    `Unknown model "${requested}". ${available}. Add it to models.json, then run \`codex-shim list\`.`,
  )
}
