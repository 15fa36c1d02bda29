import { CHATGPT_PASSTHROUGH_SLUG } from '../../shared/constants'
import { DEFAULT_CURSOR_MODELS, type CursorModel } from '../../shared/cursor-protocol'
import type { ResolvedModel, SettingsSnapshot } from '../../shared/host-protocol'
import { isPassthroughSlug } from '../../shared/passthrough-slug'
import { findModel, type CursorConfig } from '../../shared/settings'
import { GatewayError } from '../http/gateway-error'

export type UpstreamRoute =
  | { kind: 'byok'; model: ResolvedModel }
  | { kind: 'chatgpt'; slug: string }
  | { kind: 'cursor'; model: CursorModel; mode: CursorConfig['mode'] }

const MAX_LISTED_SLUGS = 12

type LoadedSettings = SettingsSnapshot & { ok: true }

/** A configured model wins over the passthrough slug, so a BYOK model named `gpt-5.5` is served as configured. */
export function resolveRoute(settings: LoadedSettings, requested: string): UpstreamRoute {
  const model = findModel(settings.models, requested)
  if (model) return { kind: 'byok', model }
  const cursor = cursorRoute(settings, requested)
  if (cursor) return cursor
  if (isPassthroughSlug(requested)) {
    if (settings.chatgptPassthrough === 'available') return { kind: 'chatgpt', slug: requested }
    if (settings.chatgptPassthrough === 'deployed') {
      // A 400, not a 501: Codex retries every 5xx, and no retry brings a ChatGPT login to a shared deployment.
      throw new GatewayError(
        400,
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

/** Composer by slug or by Cursor's id (`composer-2.5`), while cursor-agent can serve it; otherwise why not. */
function cursorRoute(settings: LoadedSettings, requested: string): UpstreamRoute | undefined {
  const offer = settings.cursor
  if (offer === undefined) {
    if (!DEFAULT_CURSOR_MODELS.some((model) => model.slug === requested || model.id === requested)) return undefined
    throw new GatewayError(
      400,
      'not_available_when_deployed',
      `"${requested}" is Cursor's Composer, run through cursor-agent and a Cursor login on the user's own machine; a shared deployment has neither. Use a configured model, or run codex-shim locally.`,
    )
  }
  const model = offer.models.find((candidate) => candidate.slug === requested || candidate.id === requested)
  if (model === undefined) return undefined
  if (offer.state === 'available') return { kind: 'cursor', model, mode: offer.mode }
  if (offer.state === 'logged_out') {
    throw new GatewayError(
      401,
      'cursor_login_required',
      `"${requested}" is served through your Cursor login, but cursor-agent is not logged in. Run \`cursor-agent login\`, then try again.`,
    )
  }
  if (offer.state === 'not_installed') {
    throw new GatewayError(
      400,
      'cursor_not_installed',
      `"${requested}" is served through Cursor's cursor-agent, which is not installed (or not on PATH). Install it from https://cursor.com/cli, or set CURSOR_AGENT_BIN.`,
    )
  }
  throw new GatewayError(
    400,
    'cursor_disabled',
    `"${requested}" is served through cursor-agent, which is switched off (CODEX_SHIM_DISABLE_CURSOR).`,
  )
}

function unknownModel(settings: LoadedSettings, requested: string): GatewayError {
  const slugs = settings.models.map((model) => model.slug)
  if (settings.chatgptPassthrough === 'available' && !slugs.includes(CHATGPT_PASSTHROUGH_SLUG)) {
    slugs.unshift(CHATGPT_PASSTHROUGH_SLUG)
  }
  if (settings.cursor?.state === 'available')
    slugs.push(...settings.cursor.models.map((model) => model.slug).filter((slug) => !slugs.includes(slug)))
  const listed = slugs.slice(0, MAX_LISTED_SLUGS).join(', ') + (slugs.length > MAX_LISTED_SLUGS ? ', …' : '')
  const available = slugs.length === 0 ? 'No models are configured' : `Available: ${listed}`
  return new GatewayError(
    404,
    'model_not_found',
    `Unknown model "${requested}". ${available}. Add it to models.json, then run \`codex-shim list\`.`,
  )
}
