import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { SettingsSnapshot } from '../../shared/host-protocol'
import type { AppEnv } from '../env'
import { GatewayError } from '../http/gateway-error'
import { readJsonBody } from '../http/read-json-body'
import { fetchSettingsSnapshot, heldSnapshot } from './settings-source'

/**
 * Work a route may do with the settings the isolate already holds while they are confirmed; `c.var.settings` is
 * those held settings while it runs, and the current ones after. It must not touch anything outside the request
 * and the isolate, and whatever it prepares must be checked against the current settings before use. When it
 * returns a promise, the route waits for it too: it must hold only work the route would do anyway.
 */
export type WhileSettingsAreChecked = (
  c: Context<AppEnv>,
  held: SettingsSnapshot & { ok: true },
) => void | Promise<void>

/** Puts the current settings in `c.var.settings`; an invalid models.json is a 500 that quotes the problem. */
export const loadSettings = () =>
  createMiddleware<AppEnv>(async function loadSettings(c, next) {
    const snapshot = await fetchSettingsSnapshot(c.env)
    if (!snapshot.ok) throw new GatewayError(500, 'invalid_settings', snapshot.message)
    c.set('settings', snapshot)
    await next()
  })

/**
 * The same, for routes that take a JSON body: the settings check (reading the settings files, or a HOST round trip
 * when they changed) runs while the body is read and parsed, instead of before it. A broken models.json is reported
 * before a broken body, as it would be one after the other.
 */
export const loadSettingsWithBody = (whileChecked?: WhileSettingsAreChecked) =>
  createMiddleware<AppEnv>(async function loadSettingsWithBody(c, next) {
    const held = whileChecked === undefined ? undefined : heldSnapshot(c.env)
    let preparing: Promise<void> | undefined
    const checked = fetchSettingsSnapshot(c.env)
    const read = readJsonBody(c.req.raw)
    if (held?.ok === true && whileChecked !== undefined) {
      checked.catch(() => undefined) // settled below; a failure is reported there, not as unhandled here
      const body = await read.catch(() => undefined)
      if (body !== undefined) {
        c.set('settings', held)
        c.set('requestBody', body)
        try {
          const prepared = whileChecked(c, held)
          if (prepared instanceof Promise) preparing = prepared.catch(() => undefined)
        } catch {
          // Only preparation: the request is served, or refused with its own error, once the settings are known.
        }
      }
    }
    const [snapshot, body] = await Promise.allSettled([checked, read])
    await preparing
    if (snapshot.status === 'rejected') throw snapshot.reason
    if (!snapshot.value.ok) throw new GatewayError(500, 'invalid_settings', snapshot.value.message)
    if (body.status === 'rejected') throw body.reason
    c.set('settings', snapshot.value)
    c.set('requestBody', body.value)
    await next()
  })
