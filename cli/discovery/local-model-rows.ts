import { slugify } from '../../shared/settings'
import type { FoundServer, LocalModel } from './local-model'

/** Marks the rows `discover --add` wrote, so a later run replaces them and leaves the user's own alone. */
export const DISCOVER_GENERATED_BY = 'codex-shim discover'

/** Ollama's implicit tag: `qwen3:latest` is what `ollama run qwen3` runs, and `qwen3` is what people call it. */
const nameOf = (model: LocalModel) => model.id.replace(/:latest$/, '')

/**
 * The models.json row for a local model: the server's OpenAI-compatible `/v1`, no key, and images only when the
 * server says the model takes them. A context length the server did not report is left to the catalog's default.
 */
export function localModelRow(server: FoundServer, model: LocalModel): Record<string, unknown> {
  return {
    slug: `${server.kind}-${slugify(nameOf(model))}`,
    model: model.id,
    display_name: `${nameOf(model)} (${server.label})`,
    provider: server.kind === 'ollama' ? 'ollama' : 'generic-chat-completion-api',
    base_url: `${server.url}/v1`,
    ...(model.contextLength === undefined ? {} : { max_context_limit: model.contextLength }),
    no_image_support: model.supportsImages !== true,
    generated_by: DISCOVER_GENERATED_BY,
  }
}

/** Base URLs compared the way the gateway would reach them: `localhost` is 127.0.0.1 to workerd (toolchain.md §5). */
export function comparableBaseUrl(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '').replace('://localhost', '://127.0.0.1')
}
