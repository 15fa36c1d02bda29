/** OpenAI's error `type` values, which Codex and the SDKs understand. */
export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error'

export interface GatewayErrorOptions {
  type?: OpenAiErrorType
  retryAfterSeconds?: number
  cause?: unknown
}

/** A refusal or failure decided before the first byte of a response; `app.onError` turns it into a body. */
export class GatewayError extends Error {
  readonly type: OpenAiErrorType
  readonly retryAfterSeconds?: number

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options: GatewayErrorOptions = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'GatewayError'
    this.type = options.type ?? defaultTypeFor(status)
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

function defaultTypeFor(status: number): OpenAiErrorType {
  if (status === 401) return 'authentication_error'
  if (status === 403) return 'permission_error'
  if (status === 404) return 'not_found_error'
  if (status === 429) return 'rate_limit_error'
  return status >= 500 ? 'server_error' : 'invalid_request_error'
}
