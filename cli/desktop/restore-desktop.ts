import { access, mkdtemp, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { UserError } from '../user-error'
import { asarHeaderHash } from './asar-archive'
import { listBackups, type BackupManifest } from './desktop-backups'
import { LINUX_HINT, LINUX_REASON } from './desktop-status'
import { CODEX_BUNDLE_ID, type DesktopSystem } from './desktop-system'
import { findDesktopApp } from './find-desktop-app'
import { appAsarPath } from './inspect-mac-app'
import { moveBundle } from './move-bundle'
import { APP_UNCHANGED, runStep, stepFailure } from './step-failure'

export interface RestoreOptions {
  runtimeHome: string
  app?: string
}

export type RestoreOutcome =
  | { kind: 'restored'; app: string; version: string }
  | { kind: 'nothing-to-restore'; reason: string }

/**
 * Puts back the original bundle a patch moved aside, only into the same app version: after an update the
 * installed app is a new original, and an old bundle would downgrade it.
 */
export async function restoreDesktop(system: DesktopSystem, options: RestoreOptions): Promise<RestoreOutcome> {
  if (system.platform !== 'darwin') {
    if (system.platform === 'win32')
      throw new UserError(
        'Cannot restore: codex-shim patches Codex Desktop on macOS only, so there is nothing to restore on Windows.',
      )
    throw new UserError(`Cannot restore: ${LINUX_REASON}, so there is nothing to restore.`, LINUX_HINT)
  }
  const backups = await listBackups(options.runtimeHome)
  const location = await runStep('restore', 'find the app', APP_UNCHANGED, () => findDesktopApp(system, options.app))
  if (location.kind !== 'mac-app') {
    // A patch stopped between its two renames: the app is gone and its original waits in the backup.
    const orphan = await findOrphan(backups)
    if (!orphan)
      return { kind: 'nothing-to-restore', reason: 'Codex Desktop is not installed and there is no backup of it' }
    await putBack(system, orphan.manifest, orphan.dir)
    return { kind: 'restored', app: orphan.manifest.appPath, version: orphan.manifest.version }
  }
  const version = location.info.version ?? location.info.build ?? 'unknown-version'
  const backup = backups.find((candidate) => candidate.manifest.version === version)
  if (!backup) {
    if (backups.length === 0)
      return {
        kind: 'nothing-to-restore',
        reason: `there is no backup; Codex Desktop ${version} was not patched by codex-shim`,
      }
    const held = backups
      .map(({ manifest }) => `${manifest.version}${manifest.build ? ` (build ${manifest.build})` : ''}`)
      .join(', ')
    throw stepFailure(
      'restore',
      'match the backup',
      `the backup is of Codex Desktop ${held}, and the installed app is ${version}. An update replaced the patched app, so there is nothing to put back; an older bundle would downgrade it`,
      `${APP_UNCHANGED} Delete ${backups.map((entry) => entry.dir).join(', ')} once you no longer want it.`,
    )
  }
  const current = await runStep('restore', 'read the app', APP_UNCHANGED, () =>
    asarHeaderHash(appAsarPath(location.app)),
  )
  if (current === backup.manifest.originalHeaderHash) {
    await rm(backup.dir, { recursive: true, force: true })
    return {
      kind: 'nothing-to-restore',
      reason: `Codex Desktop ${version} is already the original (the stale backup was removed)`,
    }
  }
  if (current !== backup.manifest.patchedHeaderHash) {
    throw stepFailure(
      'restore',
      'match the backup',
      `${location.app} is neither the original ${version} nor codex-shim's patch of it`,
      `${APP_UNCHANGED} Reinstall Codex Desktop to get a clean app.`,
    )
  }
  if (
    await runStep('restore', 'check that Codex Desktop is closed', APP_UNCHANGED, () =>
      system.isAppRunning(CODEX_BUNDLE_ID),
    )
  ) {
    throw stepFailure(
      'restore',
      'check that Codex Desktop is closed',
      'Codex Desktop is running',
      `${APP_UNCHANGED} Quit it (⌘Q), then run the restore again.`,
    )
  }
  const aside = await mkdtemp(join(dirname(location.app), '.codex-shim-restore-'))
  const patched = join(aside, basename(location.app))
  await runStep('restore', 'move the patched app aside', APP_UNCHANGED, () => rename(location.app, patched))
  try {
    await putBack(system, { ...backup.manifest, appPath: location.app }, backup.dir)
  } catch (error) {
    await rename(patched, location.app).catch(() => undefined)
    throw error
  }
  await rm(aside, { recursive: true, force: true })
  return { kind: 'restored', app: location.app, version }
}

async function putBack(system: DesktopSystem, manifest: BackupManifest, dir: string): Promise<void> {
  const state = `The original app is at ${manifest.backupApp}.`
  await runStep('restore', 'find the backup', state, () => access(manifest.backupApp))
  await runStep('restore', 'put the original back', state, () =>
    moveBundle(system, manifest.backupApp, manifest.appPath),
  )
  await rm(dir, { recursive: true, force: true })
}

/** A backup whose app path is empty: the patched copy never took the original's place. */
async function findOrphan(
  backups: readonly { dir: string; manifest: BackupManifest }[],
): Promise<{ dir: string; manifest: BackupManifest } | undefined> {
  for (const backup of backups) {
    if (
      !(await access(backup.manifest.appPath).then(
        () => true,
        () => false,
      ))
    )
      return backup
  }
  return undefined
}
