import { HOST_ORIGIN, HOST_SECRET_HEADER } from '../../shared/host-protocol'
import type { Bindings } from '../env'
import { GatewayError } from '../http/gateway-error'

/** A GET to the daemon through HOST, carrying the run's secret (HOST refuses calls without it). */
export async function callHost<T>(host: Fetcher, env: Bindings, path: string): Promise<T> {
  const response = await host.fetch(`${HOST_ORIGIN}${path}`, {
    headers: { [HOST_SECRET_HEADER]: env.CODEX_SHIM_HOST_SECRET ?? '' },
  })
  if (!response.ok) {
    await response.body?.cancel()
    throw new GatewayError(
      502,
      'host_unavailable',
      `The daemon could not answer ${path} (HTTP ${response.status}); see its log.`,
    )
  }
  return (await response.json()) as T
}
