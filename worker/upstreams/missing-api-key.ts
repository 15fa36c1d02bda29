import type { ResolvedModel } from '../../shared/host-protocol'
import { GatewayError } from '../http/gateway-error'

/**
 * A key the daemon cannot find is a 400: no retry sets the variable, and Codex retries a 401 five times before
 * showing it (reference/codex-client.md §5), where a 400 is shown at once, as it is.
 */
export function assertApiKeyAvailable(model: ResolvedModel): void {
  if (model.missingApiKeyEnv === undefined) return
  throw new GatewayError(
    400,
    'missing_api_key',
    `Model ${model.slug} reads its API key from $${model.missingApiKeyEnv}, which is not set where the gateway runs. Set it, then run \`codex-shim restart\`.`,
    { type: 'invalid_request_error' },
  )
}
