import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../atomic-write'

/** What `desktop restore` needs to put an original bundle back, and to tell whether it belongs to the installed app. */
export interface BackupManifest {
  version: string
  build?: string
  appPath: string
  /** The original bundle, renamed so that it is no `.app` (Launch Services would otherwise offer it). */
  backupApp: string
  originalHeaderHash: string
  patchedHeaderHash: string
  gateFile: string
  patchedAt: string
}

const MANIFEST = 'manifest.json'

export function backupsRoot(runtimeHome: string): string {
  return join(runtimeHome, 'desktop-backups')
}

/** One folder per app version: a backup only ever goes back into the same version. */
export function backupDirFor(runtimeHome: string, version: string): string {
  return join(backupsRoot(runtimeHome), version.replace(/[^\w.-]/g, '_'))
}

export async function writeBackupManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
}

/** Every backup with a readable manifest, oldest version folder first. */
export async function listBackups(runtimeHome: string): Promise<{ dir: string; manifest: BackupManifest }[]> {
  const root = backupsRoot(runtimeHome)
  const names = await readdir(root).catch(() => [])
  const backups: { dir: string; manifest: BackupManifest }[] = []
  for (const name of names.sort()) {
    const dir = join(root, name)
    const manifest = await readFile(join(dir, MANIFEST), 'utf8').then(parseManifest, () => undefined)
    if (manifest) backups.push({ dir, manifest })
  }
  return backups
}

function parseManifest(text: string): BackupManifest | undefined {
  try {
    const value = JSON.parse(text) as Partial<BackupManifest>
    const fields = [value.version, value.appPath, value.backupApp, value.originalHeaderHash, value.patchedHeaderHash]
    return fields.every((field) => typeof field === 'string') ? (value as BackupManifest) : undefined
  } catch {
    return undefined
  }
}
