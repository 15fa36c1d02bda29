import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

/** Debian's chromium package; .ci/run installs it. Nothing is downloaded: playwright-core only drives it. */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/**
 * Whether the browser tests can run. On CI a missing browser is a failure (the install step broke), not a skip;
 * on a developer's machine without it the tests are skipped with the command that installs it.
 */
export function chromiumAvailability():
  | { isAvailable: true }
  | { isAvailable: false; message: string; mustFail: boolean } {
  if (existsSync(CHROMIUM_PATH)) return { isAvailable: true }
  return {
    isAvailable: false,
    message: `${CHROMIUM_PATH} is missing, so the browser tests cannot run. Install it with: apt-get update && apt-get install -y chromium`,
    mustFail: process.env.CI === 'true' || process.env.CI === '1',
  }
}

/** No GPU, no network chatter of its own, no first-run UI: only the pages the test opens. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Chromium {
  context: BrowserContext
  close: () => Promise<void>
}

/** A real headless Chromium with a fresh profile (its own --user-data-dir), removed again on close. */
export async function launchChromium(): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), 'codex-shim-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 900 },
  })
  return {
    context,
    close: async () => {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}
