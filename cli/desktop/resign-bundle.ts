import { readdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { DesktopSystem } from './desktop-system'
import { adHocEntitlements } from './entitlements'

/**
 * Re-signs the patched copy inside out, touching only what the patch changed: each framework whose binary got a
 * new digest (plain ad hoc), then, since those no longer carry the vendor's team id, the helper apps that load them,
 * and last the main bundle, each with its own entitlements made fit for an ad-hoc signature. No `--deep`: that
 * would replace every nested vendor signature (reference/opencode-and-desktop.md §2.2).
 */
export async function resignPatchedCopy(
  system: DesktopSystem,
  copy: string,
  changedFrameworks: readonly string[],
  workDir: string,
): Promise<string[]> {
  const signed: string[] = []
  for (const framework of changedFrameworks) {
    await system.signAdHoc(framework, {})
    signed.push(relative(copy, framework))
  }
  const bundles = changedFrameworks.length > 0 ? [...(await listHelperApps(copy)), copy] : [copy]
  for (const [index, bundle] of bundles.entries()) {
    const entitlements = adHocEntitlements(await system.readEntitlements(bundle))
    const file = join(workDir, `entitlements-${index}.plist`)
    await writeFile(file, entitlements.xml)
    await system.signAdHoc(bundle, { entitlementsFile: file })
    signed.push(relative(copy, bundle) || '.')
  }
  return signed
}

/** Electron's helpers (`<Name> Helper (Renderer).app`, …) live next to the frameworks. */
export async function listHelperApps(app: string): Promise<string[]> {
  const frameworks = join(app, 'Contents', 'Frameworks')
  const names = await readdir(frameworks).catch(() => [])
  return names
    .filter((name) => name.endsWith('.app'))
    .sort()
    .map((name) => join(frameworks, name))
}
