import { slugify } from '../../shared/settings'
import type { Row } from '../models-file/merge-generated-rows'
import type { ModelFacts } from './models-dev'
import { opencodeGoDisplayName } from './opencode-display-name'
import {
  OPENCODE_ENDPOINTS,
  OPENCODE_GO_GENERATED_BY,
  PROVIDER_OF_ENDPOINT,
  type OpencodeEndpoint,
} from './opencode-go-endpoints'
import type { EndpointVerdict } from './probe-endpoint'

export type EndpointVerdicts = Record<OpencodeEndpoint, EndpointVerdict>

/**
 * The endpoint a model is served through: the one `--prefer` names if it works, else the model's native one
 * (OpenCode converts formats, but natively nothing is lost in translation), else chat, messages, responses.
 */
export function chooseEndpoint(
  verdicts: EndpointVerdicts,
  prefer: OpencodeEndpoint | undefined,
  native: OpencodeEndpoint | undefined,
): OpencodeEndpoint | undefined {
  const order = [prefer, native, ...OPENCODE_ENDPOINTS].filter(
    (endpoint): endpoint is OpencodeEndpoint => endpoint !== undefined,
  )
  return order.find((endpoint) => verdicts[endpoint].kind === 'works')
}

export interface OpencodeRowInput {
  id: string
  endpoint: OpencodeEndpoint
  baseUrl: string
  apiKeyEnv: string
  facts: ModelFacts | undefined
}

/**
 * An `ocgo-<slug>` row. What models.dev does not know is left conservative: no context length (the catalog's
 * 128k default) and no images.
 */
export function opencodeGoRow(input: OpencodeRowInput): Row {
  return {
    slug: `ocgo-${slugify(input.id)}`,
    model: input.id,
    display_name: opencodeGoDisplayName(input.id),
    provider: PROVIDER_OF_ENDPOINT[input.endpoint],
    base_url: input.baseUrl,
    api_key_env: input.apiKeyEnv,
    ...(input.facts?.contextWindow === undefined ? {} : { max_context_limit: input.facts.contextWindow }),
    no_image_support: input.facts?.supportsImages !== true,
    generated_by: OPENCODE_GO_GENERATED_BY,
    opencode_go_endpoint: input.endpoint,
  }
}
