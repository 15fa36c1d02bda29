import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative } from 'node:path'
import { UserError } from '../user-error'
import { asarHeaderHash, repackAsar } from './asar-archive'
import { writeBackupManifest } from './desktop-backups'
import { desktopStatus, LINUX_HINT, LINUX_REASON } from './desktop-status'
import { CODEX_BUNDLE_ID, type DesktopSystem } from './desktop-system'
import { verdictText, type Verdict } from './desktop-verdict'
import { describePatch } from './describe-patch'
import { infoPlistPath, replaceAsarHash } from './info-plist'
import { appAsarPath } from './inspect-mac-app'
import { computeIntegrityDigest, writeDigestSlots } from './integrity-digest'
import { moveBundle } from './move-bundle'
import { integrityAfter, planPatch, type PatchPlan } from './patch-plan'
import { resignPatchedCopy } from './resign-bundle'
import { APP_UNCHANGED, runStep, stepFailure } from './step-failure'

export interface PatchOptions {
  codexHome: string
  runtimeHome: string
  app?: string
  isDryRun: boolean
  onStep?: (step: string) => void
}

export type PatchOutcome =
  | { kind: 'nothing-to-do'; verdict: Verdict }
  | { kind: 'dry-run'; edits: string[] }
  | { kind: 'patched'; edits: string[]; app: string; backupApp: string; version: string }

/**
 * The picker patch, only where `desktop status` says one is available: on a copy of the app, checked with codesign,
 * then swapped in, the original kept whole (keyed by version) so that restore gives back its exact bytes.
 */
export async function patchDesktop(system: DesktopSystem, options: PatchOptions): Promise<PatchOutcome> {
  const status = await runStep('patch', 'read the app', APP_UNCHANGED, () =>
    desktopStatus(system, { codexHome: options.codexHome, app: options.app }),
  )
  if (status.location.kind === 'no-desktop') throw new UserError(`Cannot patch: ${LINUX_REASON}.`, LINUX_HINT)
  if (status.verdict.kind === 'no-patch-needed') return { kind: 'nothing-to-do', verdict: status.verdict }
  if (status.verdict.kind === 'cannot-patch' || !status.inspection)
    throw stepFailure('patch', 'check', verdictText(status.verdict), APP_UNCHANGED)
  const inspection = status.inspection
  const plan = await runStep('patch', 'edit the picker gate', APP_UNCHANGED, async () =>
    planPatch(inspection, options.runtimeHome),
  )
  if (options.isDryRun) {
    const values = await runStep('patch', 'repack app.asar (trial)', APP_UNCHANGED, () => trialValues(plan))
    return { kind: 'dry-run', edits: describePatch(plan, values) }
  }

  if (
    await runStep('patch', 'check that Codex Desktop is closed', APP_UNCHANGED, () =>
      system.isAppRunning(CODEX_BUNDLE_ID),
    )
  ) {
    throw stepFailure(
      'patch',
      'check that Codex Desktop is closed',
      'Codex Desktop is running',
      `${APP_UNCHANGED} Quit it (⌘Q), then run the patch again.`,
    )
  }
  // Next to the app, so that the final swap is a rename on one volume.
  const workDir = await runStep('patch', 'copy the app', APP_UNCHANGED, () =>
    mkdtemp(join(dirname(inspection.app), '.codex-shim-patch-')),
  )
  try {
    const values = await buildPatchedCopy(system, plan, workDir, options.onStep)
    await runStep('patch', 'back up the original', APP_UNCHANGED, async () => {
      await rm(plan.backupDir, { recursive: true, force: true })
      await writeBackupManifest(plan.backupDir, {
        version: plan.version,
        build: inspection.info.build,
        appPath: inspection.app,
        backupApp: plan.backupApp,
        originalHeaderHash: inspection.headerHash,
        patchedHeaderHash: values.newHeaderHash,
        gateFile: plan.gateFile,
        patchedAt: new Date().toISOString(),
      })
      await moveBundle(system, inspection.app, plan.backupApp)
    })
    options.onStep?.(`backed up the original to ${plan.backupApp}`)
    await swapIn(system, join(workDir, basename(inspection.app)), plan)
    options.onStep?.(`swapped the patched copy into ${inspection.app}`)
    return {
      kind: 'patched',
      edits: describePatch(plan, values),
      app: inspection.app,
      backupApp: plan.backupApp,
      version: plan.version,
    }
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}

/** Everything on the copy, in order; the installed app is only read. */
async function buildPatchedCopy(
  system: DesktopSystem,
  plan: PatchPlan,
  workDir: string,
  onStep?: (step: string) => void,
): Promise<{ newHeaderHash: string; newDigest?: string }> {
  const { inspection } = plan
  const copy = join(workDir, basename(inspection.app))
  const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
    const result = await runStep('patch', name, APP_UNCHANGED, action)
    onStep?.(name)
    return result
  }
  await step('copy the app', () => system.copyBundle(inspection.app, copy))
  const newHeaderHash = await step('repack app.asar', async () => {
    // Written beside the copy, not into it: the copy's own app.asar.unpacked stays exactly as ditto made it.
    const repacked = join(workDir, 'repack', 'app.asar')
    await repackAsar(inspection.asar, repacked, new Map([[plan.gateFile, plan.patchedScript]]))
    await rename(repacked, appAsarPath(copy))
    return asarHeaderHash(appAsarPath(copy))
  })
  const entry = inspection.plistEntry
  if (entry)
    await step('update Info.plist', () =>
      writeFile(infoPlistPath(copy), replaceAsarHash(inspection.info.xml, entry.hash, newHeaderHash)),
    )
  const integrity = integrityAfter(plan, newHeaderHash)
  const newDigest = integrity ? computeIntegrityDigest(integrity) : undefined
  const changedFrameworks: string[] = []
  for (const { framework, slots } of inspection.digests) {
    if (slots.state !== 'on' || !newDigest) continue
    await step(`update the integrity digest in ${framework.label}`, async () => {
      const path = join(copy, framework.label)
      await writeFile(path, writeDigestSlots(await readFile(path), slots.offsets, newDigest))
    })
    changedFrameworks.push(join(copy, relative(inspection.app, framework.framework)))
  }
  await step('re-sign', () => resignPatchedCopy(system, copy, changedFrameworks, workDir))
  await step('verify the signature', async () => {
    const result = await system.verifySignature(copy)
    if (result.exitCode !== 0)
      throw new Error(`codesign --verify --deep --strict: ${result.stderr.trim() || `exit ${result.exitCode}`}`)
  })
  return { newHeaderHash, newDigest: newDigest?.toString('hex') }
}

/** The original is already in the backup; if the patched copy cannot take its place, the original goes back. */
async function swapIn(system: DesktopSystem, copy: string, plan: PatchPlan): Promise<void> {
  const app = plan.inspection.app
  try {
    await rename(copy, app)
  } catch (error) {
    const isRestored = await moveBundle(system, plan.backupApp, app).then(
      () => true,
      () => false,
    )
    const state = isRestored ? APP_UNCHANGED : `The original app is at ${plan.backupApp}; move it back to ${app}.`
    throw stepFailure('patch', 'swap in the patched copy', error, state)
  }
}

/** For a dry run: the new header hash and digest from a trial archive in the system's temp folder, removed at once. */
async function trialValues(plan: PatchPlan): Promise<{ newHeaderHash: string; newDigest?: string }> {
  const trialDir = await mkdtemp(join(tmpdir(), 'codex-shim-dry-run-'))
  try {
    const trial = join(trialDir, 'app.asar')
    await repackAsar(plan.inspection.asar, trial, new Map([[plan.gateFile, plan.patchedScript]]))
    const newHeaderHash = await asarHeaderHash(trial)
    const integrity = integrityAfter(plan, newHeaderHash)
    const usesDigest = plan.inspection.digests.some((digest) => digest.slots.state === 'on')
    return {
      newHeaderHash,
      newDigest: integrity && usesDigest ? computeIntegrityDigest(integrity).toString('hex') : undefined,
    }
  } finally {
    await rm(trialDir, { recursive: true, force: true })
  }
}
