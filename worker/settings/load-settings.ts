import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { GatewayError } from '../http/gateway-error'
import { readJsonBody } from '../http/read-json-body'
import { fetchSettingsSnapshot } from './settings-source'

/** Puts the current settings in `c.var.settings`; an invalid models.json is a 500 that quotes the problem. */
export const loadSettings = () =>
  createMiddleware<AppEnv>(async function loadSettings(c, next) {
    const snapshot = await fetchSettingsSnapshot(c.env)
    if (!snapshot.ok) throw new GatewayError(500, 'invalid_settings', snapshot.message)
    c.set('settings', snapshot)
    await next()
  })

/**
 * The same, for routes that take a JSON body: the settings check (a HOST round trip, most of a millisecond) runs
 * while the body is read and parsed, instead of before it. A broken models.json is reported before a broken body,
 * as it would be one after the other.
 */
export const loadSettingsWithBody = () =>
  createMiddleware<AppEnv>(async function loadSettingsWithBody(c, next) {
    const [snapshot, body] = await Promise.allSettled([fetchSettingsSnapshot(c.env), readJsonBody(c.req.raw)])
    if (snapshot.status === 'rejected') throw snapshot.reason
    if (!snapshot.value.ok) throw new GatewayError(500, 'invalid_settings', snapshot.value.message)
    if (body.status === 'rejected') throw body.reason
    c.set('settings', snapshot.value)
    c.set('requestBody', body.value)
    await next()
  })
