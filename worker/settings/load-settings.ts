import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { GatewayError } from '../http/gateway-error'
import { fetchSettingsSnapshot } from './settings-source'

/** Puts the current settings in `c.var.settings`; an invalid models.json is a 500 that quotes the problem. */
export const loadSettings = () =>
  createMiddleware<AppEnv>(async function loadSettings(c, next) {
    const snapshot = await fetchSettingsSnapshot(c.env)
    if (!snapshot.ok) throw new GatewayError(500, 'invalid_settings', snapshot.message)
    c.set('settings', snapshot)
    await next()
  })
