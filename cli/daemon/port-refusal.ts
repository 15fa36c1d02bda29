import { UserError } from '../user-error'
import type { PortState } from './port-check'

/** Why the gateway cannot bind, in words that lead to the fix. */
export function portRefusal(
  state: Exclude<PortState, 'free'>,
  port: number,
  host: string,
  os: NodeJS.Platform,
): UserError {
  if (state === 'forbidden' && os === 'win32') {
    return new UserError(
      `Port ${port} on ${host} is in a range Windows reserves (Hyper-V, WSL or Docker excluded ports), so nothing may listen on it.`,
      `List the reserved ranges with \`netsh int ipv4 show excludedportrange protocol=tcp\`, then pick a port outside them: codex-shim start --port <port>`,
    )
  }
  if (state === 'forbidden') {
    return new UserError(
      `Listening on port ${port} on ${host} is not permitted.`,
      `Pick a port above 1023: codex-shim start --port ${port < 1024 ? 8765 : port + 1}`,
    )
  }
  return new UserError(
    `Port ${port} on ${host} is already in use by another program.`,
    `Stop that program, or pick another port: codex-shim start --port ${port + 1}`,
  )
}
