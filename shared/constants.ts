/** Kept equal to package.json's version by test/shared/version.test.ts. */
export const VERSION = '0.1.0'

export const DEFAULT_PORT = 8765
export const DEFAULT_BIND_HOST = '127.0.0.1'

/** Names every loopback client may use to reach the gateway; the guard always allows them. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'] as const

/** Upper bounds for request bodies, before and after Content-Encoding is undone. */
export const MAX_COMPRESSED_BODY_BYTES = 32 * 1024 * 1024
export const MAX_DECODED_BODY_BYTES = 64 * 1024 * 1024

/** The slug Codex uses for its default model; served by ChatGPT passthrough when the user is logged in. */
export const CHATGPT_PASSTHROUGH_SLUG = 'gpt-5.5'
/** Older builds of this tool and of the original wrote these slugs into users' configs. */
export const CHATGPT_PASSTHROUGH_ALIASES = ['openai-gpt-5-5', 'openai-gpt-5.5'] as const

export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434/v1'
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1'
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com/v1'

/** The id of the provider block this tool writes into Codex's config. */
export const CODEX_PROVIDER_ID = 'codex_shim'
