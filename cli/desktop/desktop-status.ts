import { info, ok, warn, type CheckLine } from '../doctor/checks'
import { checkDesktopCatalog } from './catalog-visibility'
import type { DesktopSystem } from './desktop-system'
import { verdictText, type Verdict } from './desktop-verdict'
import { findDesktopApp, type DesktopLocation } from './find-desktop-app'
import { inspectMacApp, type MacAppInspection } from './inspect-mac-app'
import { describeMacApp, judgeMacApp } from './judge-mac-app'

export interface DesktopStatus {
  verdict: Verdict
  location: DesktopLocation
  /** Set for a macOS bundle: what a patch starts from. */
  inspection?: MacAppInspection
  lines: CheckLine[]
}

export const LINUX_REASON = 'there is no Codex Desktop app for Linux'
export const LINUX_HINT = 'Use the Codex CLI: `codex-shim enable`, then `codex` (or `codex-shim codex` for one run).'

/** Read-only, on every OS: where the app is, whether it reads our catalog, and whether its picker needs help. */
export async function desktopStatus(
  system: DesktopSystem,
  options: { codexHome: string; app?: string },
): Promise<DesktopStatus> {
  const location = await findDesktopApp(system, options.app)
  if (location.kind === 'no-desktop') {
    return {
      verdict: { kind: 'cannot-patch', reason: `${LINUX_REASON}, so there is nothing to patch` },
      location,
      lines: [info(`no Codex Desktop app on ${location.platform}`, LINUX_HINT)],
    }
  }
  const catalog = await checkDesktopCatalog(options.codexHome)
  if (location.kind === 'mac-missing' || location.kind === 'windows-missing') {
    const lines = [
      info(
        `Codex Desktop is not installed (looked for ${location.searched.join(', ')})`,
        'Install Codex Desktop, or use the Codex CLI (`codex-shim codex`).',
      ),
    ]
    return { verdict: { kind: 'cannot-patch', reason: 'Codex Desktop is not installed' }, location, lines }
  }
  if (location.kind === 'windows-store' || location.kind === 'windows-exe') {
    const where = location.kind === 'windows-store' ? `Store package ${location.packages.join(', ')}` : location.path
    const reason =
      location.kind === 'windows-store'
        ? "the Windows app is a Store (MSIX) package whose files cannot be changed; current builds show a custom provider's catalog as they are"
        : 'patching is for macOS only (Windows keeps the ASAR hash in the executable)'
    return { verdict: { kind: 'cannot-patch', reason }, location, lines: [info(`Codex Desktop: ${where}`), ...catalog] }
  }
  const inspection = await inspectMacApp(location.app, system).catch((error: unknown) =>
    error instanceof Error ? error : new Error(String(error)),
  )
  if (inspection instanceof Error) {
    const reason = `could not read ${location.app}: ${inspection.message}`
    return {
      verdict: { kind: 'cannot-patch', reason },
      location,
      lines: [warn(reason, 'Check that the app is complete (reinstall it if in doubt).'), ...catalog],
    }
  }
  const lines = [...describeMacApp(inspection), ...catalog]
  if (location.others.length > 0)
    lines.push(
      info(`other copies with the same bundle id: ${location.others.join(', ')}`, 'Choose one with --app PATH.'),
    )
  return { verdict: judgeMacApp(inspection), location, inspection, lines }
}

/** The verdict as the first line of doctor's section: a patch that would help is worth a warning, nothing more. */
export function verdictLine(verdict: Verdict): CheckLine {
  if (verdict.kind === 'no-patch-needed') return ok(verdictText(verdict))
  if (verdict.kind === 'patch-available') return warn(verdictText(verdict))
  return info(verdictText(verdict))
}
