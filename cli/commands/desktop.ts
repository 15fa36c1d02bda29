import { defineCommand, type ArgsDef } from 'citty'
import type { CheckLine } from '../doctor/checks'
import {
  desktopStatus,
  nodeDesktopSystem,
  patchDesktop,
  RESTORE_COMMAND,
  restoreDesktop,
  verdictText,
} from '../desktop'
import { codexHome, runtimeHome } from '../paths'
import { ui } from '../ui'
import { globalArgs } from './_args'

const appArg = {
  app: {
    type: 'string',
    description: 'The app bundle to use (default: found by its bundle id, com.openai.codex)',
    valueHint: 'path',
  },
} as const satisfies ArgsDef

const LABELS: Record<CheckLine['level'], string> = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL', info: 'INFO' }

export const desktopStatusCommand = defineCommand({
  meta: {
    name: 'status',
    description:
      'Find Codex Desktop and say whether its model picker needs the patch: "no patch needed", "patch available" or "cannot patch: why" (read-only)\n\n' +
      'Examples:\n  codex-shim desktop status\n  codex-shim desktop status --json',
  },
  args: { ...globalArgs, ...appArg, json: { type: 'boolean', description: 'Print JSON for scripts' } },
  async run({ args }) {
    const status = await desktopStatus(nodeDesktopSystem(), { codexHome: codexHome(), app: args.app })
    if (args.json) {
      const app = status.inspection
        ? {
            path: status.inspection.app,
            version: status.inspection.info.version ?? null,
            build: status.inspection.info.build ?? null,
          }
        : null
      return ui.out(
        JSON.stringify(
          { verdict: status.verdict.kind, text: verdictText(status.verdict), app, checks: status.lines },
          null,
          2,
        ),
      )
    }
    ui.out(`${ui.bold('Codex Desktop:')} ${verdictText(status.verdict)}`)
    for (const line of status.lines) {
      ui.out(`  ${LABELS[line.level]}  ${line.message}`)
      if (line.hint && line.level !== 'ok') ui.out(ui.dim(`        ${line.hint}`))
    }
  },
})

/** `desktop patch`, and `patch-app` for users of the original tool. */
export function desktopPatchCommand(name: string) {
  return defineCommand({
    meta: {
      name,
      description:
        'macOS: patch the Desktop picker so that it lists custom catalog models, only when `desktop status` says a patch is available\n\n' +
        `Examples:\n  codex-shim ${name === 'patch' ? 'desktop patch' : name} --dry-run\n  codex-shim ${name === 'patch' ? 'desktop patch' : name}`,
    },
    args: {
      ...globalArgs,
      ...appArg,
      'dry-run': { type: 'boolean', description: 'List the exact edits and change nothing' },
    },
    async run({ args }) {
      const outcome = await patchDesktop(nodeDesktopSystem(), {
        codexHome: codexHome(),
        runtimeHome: runtimeHome(),
        app: args.app,
        isDryRun: args['dry-run'] === true,
        onStep: (step) => ui.info(`  done: ${step}`),
      })
      if (outcome.kind === 'nothing-to-do') return ui.success(`Nothing to patch: ${verdictText(outcome.verdict)}`)
      const heading =
        outcome.kind === 'dry-run'
          ? 'A patch would make these edits:'
          : `Patched Codex Desktop ${outcome.version} (${outcome.app}) with these edits:`
      ui.out(heading)
      outcome.edits.forEach((edit, index) => {
        ui.out(edit.startsWith(' ') ? `   ${edit}` : `${String(index + 1).padStart(2)}. ${edit}`)
      })
      if (outcome.kind === 'dry-run') return ui.out('Nothing was changed (dry run).')
      ui.success(`The picker now lists every catalog model. Undo with \`${RESTORE_COMMAND}\`.`)
      ui.info('The app is now signed ad hoc: macOS may ask you to allow it again, and you may have to sign in again.')
    },
  })
}

/** `desktop restore`, and `restore-app` for users of the original tool. */
export function desktopRestoreCommand(name: string) {
  return defineCommand({
    meta: {
      name,
      description:
        'macOS: put back the original Desktop app a patch kept, only into the same app version\n\nExamples:\n  codex-shim desktop restore',
    },
    args: { ...globalArgs, ...appArg },
    async run({ args }) {
      const outcome = await restoreDesktop(nodeDesktopSystem(), { runtimeHome: runtimeHome(), app: args.app })
      if (outcome.kind === 'nothing-to-restore') return ui.success(`Nothing to restore: ${outcome.reason}.`)
      ui.success(`Restored the original Codex Desktop ${outcome.version} at ${outcome.app}.`)
    },
  })
}

export default defineCommand({
  meta: {
    name: 'desktop',
    description: 'Codex Desktop: whether its model picker needs help (status), the macOS picker patch, and its undo',
  },
  subCommands: {
    status: desktopStatusCommand,
    patch: desktopPatchCommand('patch'),
    restore: desktopRestoreCommand('restore'),
  },
})
