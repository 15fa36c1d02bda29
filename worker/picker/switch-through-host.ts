import {
  HOST_ORIGIN,
  HOST_PICKER_SWITCH_PATH,
  HOST_SECRET_HEADER,
  type PickerSwitchReply,
  type PickerSwitchRequest,
} from '../../shared/host-protocol'
import type { Bindings } from '../env'
import { GatewayError } from '../http/gateway-error'

/** Asks the daemon to make `request.slug` Codex's model; its refusals come back as GatewayErrors with their status. */
export async function switchThroughHost(
  host: Fetcher,
  env: Bindings,
  request: PickerSwitchRequest,
): Promise<PickerSwitchReply & { ok: true }> {
  const response = await host.fetch(`${HOST_ORIGIN}${HOST_PICKER_SWITCH_PATH}`, {
    method: 'POST',
    headers: { [HOST_SECRET_HEADER]: env.CODEX_SHIM_HOST_SECRET ?? '', 'content-type': 'application/json' },
    body: JSON.stringify(request),
  })
  if (!response.ok) {
    await response.body?.cancel()
    throw new GatewayError(
      502,
      'host_unavailable',
      `The daemon could not switch the model (HTTP ${response.status}); see its log.`,
    )
  }
  const reply = (await response.json()) as PickerSwitchReply
  if (!reply.ok) throw new GatewayError(reply.status, reply.code, reply.message)
  return reply
}
