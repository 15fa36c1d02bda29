import { defineCommand } from 'citty'
import { daemonContext } from '../daemon/daemon-context'
import type { CheckLevel } from '../doctor/checks'
import { runDoctor } from '../doctor/run-doctor'
import { ui } from '../ui'
import { globalArgs, parsePort } from './_args'

const LABELS: Record<CheckLevel, string> = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL', info: 'INFO' }

export default defineCommand({
  meta: {
    name: 'doctor',
    description:
      'Check the setup without changing anything (no writes, no provider calls, no secrets printed); exit 1 only on FAIL\n\n' +
      'Examples:\n  codex-shim doctor\n  codex-shim doctor --json',
  },
  args: { ...globalArgs, json: { type: 'boolean', description: 'Print JSON for scripts' } },
  async run({ args }) {
    const sections = await runDoctor(daemonContext({ settingsFlag: args.settings, port: parsePort(args.port) }))
    const counts = { ok: 0, warn: 0, fail: 0, info: 0 }
    for (const line of sections.flatMap((section) => section.lines)) counts[line.level]++
    if (counts.fail > 0) process.exitCode = 1
    if (args.json) return ui.out(JSON.stringify({ sections, summary: counts }, null, 2))
    for (const section of sections) {
      ui.out(ui.bold(section.title))
      for (const line of section.lines) {
        ui.out(`  ${LABELS[line.level]}  ${line.message}`)
        if (line.hint && line.level !== 'ok') ui.out(ui.dim(`        ${line.hint}`))
      }
    }
    ui.out(ui.bold('Summary'))
    ui.out(`  ${counts.fail} failed, ${counts.warn} warnings, ${counts.ok} ok`)
  },
})
