import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli } from '../kit/cli-runner'
import { startGatewayHarness, type GatewayHarness } from '../kit/gateway-harness'
import { chromiumAvailability, launchChromium, type Chromium } from './chromium'
import { startForeignSite, type ForeignSite } from './foreign-page'

const CODEX_BIN = fileURLToPath(new URL('../../node_modules/.bin/codex', import.meta.url))
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url))
const USER_CONFIG = '# my own settings\napproval_policy = "never"\n\n[profiles.fast]\nmodel = "gpt-5.5"\n'

const availability = chromiumAvailability()
if (!availability.isAvailable) {
  if (availability.mustFail) throw new Error(availability.message)
  // Straight to stderr: vitest hides console output of files whose tests did not fail, and a skip should be seen.
  process.stderr.write(`\nSkipping the browser tests: ${availability.message}\n`)
}

describe.skipIf(!availability.isAvailable)(
  `the model picker in headless Chromium${availability.isAvailable ? '' : ' (skipped: /usr/bin/chromium is missing)'}`,
  () => {
    let gateway: GatewayHarness
    let browser: Chromium
    let foreign: ForeignSite
    let page: Page
    let pickerUrl: string
    const consoleProblems: string[] = []
    const configPath = () => join(gateway.home.codexHome, 'config.toml')
    const managedModel = async () => /^model = "([^"]+)"$/m.exec(await readFile(configPath(), 'utf8'))?.[1]
    const env = () => ({ ...gateway.home.env, CODEX_SHIM_CODEX_BIN: CODEX_BIN })

    beforeAll(async () => {
      gateway = await startGatewayHarness({
        models: [
          {
            model: 'mock-alpha',
            slug: 'alpha',
            display_name: 'Alpha Chat',
            provider: 'openai',
            api_key: 'sk-browser-test-alpha',
            max_context_limit: 131072,
          },
          {
            model: 'mock-beta',
            slug: 'beta',
            display_name: 'Beta Reasoner',
            provider: 'generic-chat-completion-api',
            api_key: 'sk-browser-test-beta',
            max_context_limit: 1048576,
          },
          {
            model: 'mock-gamma',
            slug: 'gamma',
            display_name: 'Gamma Vision',
            provider: 'anthropic',
            api_key_env: 'CODEX_SHIM_TEST_UNSET_KEY',
            no_image_support: true,
          },
        ],
      })
      await mkdir(gateway.home.codexHome, { recursive: true })
      await writeFile(configPath(), USER_CONFIG)
      const use = await runCli(['model', 'use', 'alpha', '--port', String(gateway.port)], env())
      expect(use.exitCode, use.stderr).toBe(0)
      const picker = await runCli(['picker', '--no-open', '--port', String(gateway.port)], env())
      expect(picker.exitCode, picker.stderr).toBe(0)
      pickerUrl = picker.stdout.trim()
      foreign = await startForeignSite(gateway.url, 'gamma')
      browser = await launchChromium()
      page = await browser.context.newPage()
      page.on('console', (message) => {
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
          consoleProblems.push(message.text())
      })
      page.on('pageerror', (error) => consoleProblems.push(error.message))
    }, 120_000)

    afterAll(async () => {
      await browser?.close()
      await foreign?.close()
      await gateway?.stop()
    })

    test('`codex-shim picker --no-open` prints the sign-in link', () => {
      expect(pickerUrl).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:${gateway.port}/picker\\?token=[A-Za-z0-9_-]{20,}$`),
      )
    })

    test('without the token the page is a 401', async () => {
      const response = await page.goto(`${gateway.url}/picker`)
      expect(response?.status()).toBe(401)
      expect(await page.textContent('body')).toContain('codex-shim picker')
    })

    test('the link signs the browser in, drops the token from the address bar and lists the configured models', async () => {
      await page.goto(pickerUrl)
      expect(page.url()).toBe(`${gateway.url}/picker`)
      await page.waitForSelector('body[data-ready="true"]')
      const cookies = await browser.context.cookies(`${gateway.url}/picker`)
      expect(
        cookies.map((cookie) => ({ name: cookie.name, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite })),
      ).toContainEqual({ name: 'codex_shim_picker', httpOnly: true, sameSite: 'Strict' })
      expect(cookies.some((cookie) => pickerUrl.includes(cookie.value))).toBe(false)

      const options = page.locator('#model-list [role="option"]')
      expect(await options.evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.slug))).toEqual([
        'alpha',
        'beta',
        'gamma',
      ])
      const alpha = page.locator('[role="option"][data-slug="alpha"]')
      await expect.poll(() => alpha.getAttribute('aria-selected')).toBe('true')
      expect(await alpha.textContent()).toContain('Alpha Chat')
      expect(await alpha.textContent()).toContain(`openai · 127.0.0.1:${gateway.upstream.port}`)
      expect(await alpha.textContent()).toContain('131k context')
      expect(await page.locator('[data-slug="beta"]').textContent()).toContain('1M context')
      const gamma = await page.locator('[data-slug="gamma"]').textContent()
      expect(gamma).toContain('images: no')
      expect(gamma).toContain('key missing (CODEX_SHIM_TEST_UNSET_KEY)')
      expect(await page.textContent('#active-name')).toBe('Alpha Chat (alpha)')
    })

    test('typing in the filter narrows the list', async () => {
      await page.fill('#filter', 'reason')
      const visible = () =>
        page
          .locator('#model-list [role="option"]:visible')
          .evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.slug))
      expect(await visible()).toEqual(['beta'])
      await page.fill('#filter', 'anthropic')
      expect(await visible()).toEqual(['gamma'])
      await page.fill('#filter', '')
      expect(await visible()).toEqual(['alpha', 'beta', 'gamma'])
    })

    test('arrow keys and Enter switch the model, and the managed block on disk changes to it', async () => {
      await page.focus('#filter')
      // The filter test left the last match current; up to the top, then one down.
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp')
      expect(
        await page.getAttribute(`#${await page.getAttribute('#filter', 'aria-activedescendant')}`, 'data-slug'),
      ).toBe('alpha')
      await page.keyboard.press('ArrowDown')
      const current = await page.getAttribute('#filter', 'aria-activedescendant')
      expect(await page.getAttribute(`#${current}`, 'data-slug')).toBe('beta')
      const ring = await page.locator('[data-slug="beta"]').evaluate((node) => getComputedStyle(node).borderColor)
      expect(ring).not.toBe(
        await page.locator('[data-slug="gamma"]').evaluate((node) => getComputedStyle(node).borderColor),
      )
      await page.keyboard.press('Enter')
      await page.waitForFunction(() =>
        document.getElementById('switch-status')?.textContent?.startsWith('Codex now uses'),
      )
      expect(await page.textContent('#switch-status')).toContain('Beta Reasoner (beta)')
      expect(await managedModel()).toBe('beta')
      expect(await readFile(configPath(), 'utf8')).toContain('name = "Beta Reasoner (codex-shim)"')
      expect(await page.getAttribute('[data-slug="beta"]', 'aria-selected')).toBe('true')
      expect(await page.getAttribute('[data-slug="alpha"]', 'aria-selected')).toBe('false')
    })

    test('the live panel shows a request made now, with its token counts, without a reload or a layout shift', async () => {
      await page.evaluate(() => {
        const shifts = { total: 0 }
        ;(window as unknown as { shifts: typeof shifts }).shifts = shifts
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
            if (!entry.hadRecentInput) shifts.total += entry.value
        }).observe({ type: 'layout-shift' })
      })
      gateway.upstream.enqueue({
        kind: 'chat',
        text: 'Hello from beta.',
        usage: { prompt_tokens: 1234, completion_tokens: 56, prompt_tokens_details: { cached_tokens: 1000 } },
      })
      const response = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...gateway.authHeaders },
        body: JSON.stringify({ model: 'beta', input: 'say hello', stream: true }),
      })
      expect(response.status).toBe(200)
      await response.text()
      const row = page.locator('#recent tbody tr', { hasText: 'beta' }).first()
      await row.waitFor({ timeout: 10_000 })
      const cells = await row.locator('td').allTextContents()
      expect(cells.slice(1, 4)).toEqual(['beta', 'openai-chat', '200'])
      expect(cells.slice(6, 9)).toEqual(['1,234', '56', '1,000'])
      expect(await page.locator('#totals tbody tr', { hasText: 'beta' }).locator('td').allTextContents()).toEqual([
        'beta',
        '1',
        '0',
        '1,234',
        '56',
        '1,000',
      ])
      expect(await page.locator('[data-slug="beta"] .dot').getAttribute('class')).toContain('is-ok')
      expect(await page.evaluate(() => (window as unknown as { shifts: { total: number } }).shifts.total)).toBe(0)
      expect(await page.textContent('#live-state')).toContain('live')
    })

    test('a failed request turns its model’s status dot red, with the error code and time', async () => {
      gateway.upstream.enqueue({
        kind: 'status',
        status: 500,
        body: { error: { message: 'upstream broke', type: 'server_error' } },
      })
      for (const model of ['alpha', 'gamma']) {
        const response = await fetch(`${gateway.url}/v1/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...gateway.authHeaders },
          body: JSON.stringify({ model, input: 'hello', stream: true }),
        })
        await response.text()
      }
      const alpha = page.locator('[data-slug="alpha"]')
      await expect.poll(() => alpha.locator('.dot').getAttribute('class'), { timeout: 10_000 }).toContain('is-failed')
      expect(await alpha.locator('.last').textContent()).toMatch(/last request failed \(.+\) at \d/)
      // A missing key stays the dot's message: it is the thing to fix first.
      await page.locator('#recent tbody tr', { hasText: 'gamma' }).first().waitFor()
      expect(await page.locator('[data-slug="gamma"] .dot').getAttribute('class')).toContain('is-missing')
      const gammaCells = await page
        .locator('#recent tbody tr', { hasText: 'gamma' })
        .first()
        .locator('td')
        .allTextContents()
      expect(gammaCells.at(-1)).not.toBe('')
    })

    test('a page on another local port cannot switch the model, by fetch or by form', async () => {
      const before = await readFile(configPath(), 'utf8')
      const attacker = await browser.context.newPage()
      await attacker.goto(`${foreign.origin}/fetch.html`)
      await attacker.waitForFunction(() => document.title === 'done')
      const outcomes = await attacker.evaluate(() => (window as unknown as { results: string[] }).results)
      // JSON: the preflight is refused. no-cors: sent, refused (415), and its answer withheld by Cross-Origin-Resource-Policy.
      expect(outcomes).toEqual(['rejected: Failed to fetch', 'rejected: Failed to fetch'])
      const form = attacker.waitForNavigation()
      await attacker.goto(`${foreign.origin}/form.html`)
      await form
      await attacker.close()
      expect(await readFile(configPath(), 'utf8')).toBe(before)
      // Both bodies reached the gateway and were refused there (the fetch with JSON never got past its preflight).
      const refusals = async () =>
        (await readFile(join(gateway.home.runtimeHome, 'logs', 'gateway.log'), 'utf8')).match(
          /POST \/api\/switch status=415/g,
        )?.length ?? 0
      await expect.poll(refusals, { timeout: 5_000 }).toBeGreaterThanOrEqual(2)
    })

    test('a bad CSRF header from the page itself is a 403 and changes nothing', async () => {
      const before = await readFile(configPath(), 'utf8')
      const status = await page.evaluate(() =>
        fetch('/api/switch', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-codex-shim-csrf': 'not.the-token' },
          body: JSON.stringify({ slug: 'gamma', restart_codex: false }),
        }).then((r) => r.status),
      )
      expect(status).toBe(403)
      expect(await readFile(configPath(), 'utf8')).toBe(before)
    })

    test('a switch made elsewhere (`codex-shim model use`) shows on the open page without a reload', async () => {
      const use = await runCli(['model', 'use', 'alpha', '--port', String(gateway.port)], env())
      expect(use.exitCode, use.stderr).toBe(0)
      await expect
        .poll(() => page.getAttribute('[data-slug="alpha"]', 'aria-selected'), { timeout: 10_000 })
        .toBe('true')
      expect(await page.textContent('#active-name')).toBe('Alpha Chat (alpha)')
      expect(await page.textContent('#switch-status')).toBe(
        'Codex now uses Alpha Chat (alpha), changed outside this page.',
      )
    })

    test('the page works at 360 px wide without sideways scrolling, and the CSP blocked nothing of its own', async () => {
      await page.setViewportSize({ width: 360, height: 800 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      expect(await page.locator('[data-slug="gamma"]').isVisible()).toBe(true)
      await mkdir(DOCS, { recursive: true })
      await page.screenshot({ path: join(DOCS, 'picker-360.png') })
      await page.setViewportSize({ width: 1280, height: 900 })
      expect(consoleProblems).toEqual([])
    })

    test('screenshots in light and dark are written to docs/', async () => {
      await mkdir(DOCS, { recursive: true })
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme })
        await page.locator('#filter').blur()
        const path = join(DOCS, `picker-${scheme}.png`)
        await page.screenshot({ path, fullPage: true })
        expect((await readFile(path)).subarray(1, 4).toString()).toBe('PNG')
      }
    })

    test('disable gives back the user’s config byte for byte', async () => {
      const disable = await runCli(['disable', '--port', String(gateway.port)], env())
      expect(disable.exitCode, disable.stderr).toBe(0)
      expect(await readFile(configPath(), 'utf8')).toBe(USER_CONFIG)
    })
  },
)
