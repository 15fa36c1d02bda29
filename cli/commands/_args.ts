import type { ArgsDef } from 'citty'
import { DEFAULT_PORT } from '../../shared/constants'
import { UserError } from '../user-error'

/** Accepted before or after the command name (`codex-shim --port 9000 start`); main.ts moves them after it. */
export const globalArgs = {
  settings: {
    type: 'string',
    description: 'Path of the models.json to use (default: ~/.codex-shim/models.json)',
    valueHint: 'file',
  },
  port: {
    type: 'string',
    description: `Port of the gateway on 127.0.0.1 (default: ${DEFAULT_PORT})`,
    valueHint: 'number',
  },
} as const satisfies ArgsDef

export const GLOBAL_VALUE_FLAGS = ['--settings', '--port'] as const

export function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT
  const port = Number(value)
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UserError(`--port must be a whole number from 1 to 65535, got "${value}".`)
  }
  return port
}
