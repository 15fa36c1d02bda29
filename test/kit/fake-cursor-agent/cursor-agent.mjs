#!/usr/bin/env node
// A stand-in for Cursor's `cursor-agent`, for tests (pointed to by CURSOR_AGENT_BIN). It answers `status` and
// `--version`, and a `-p` run replays the real stream-json capture with its own pacing (gaps capped at 40 ms),
// the workspace filled in. Every invocation is recorded (argv, stdin, cwd, the environment variables that matter,
// pid, start time) in $FAKE_CURSOR_DIR/runs.jsonl, and each run's exit in exits.jsonl; $FAKE_CURSOR_DIR/control.json
// picks the behaviour.
import { spawn } from 'node:child_process'
import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.env.FAKE_CURSOR_DIR
const control = (() => {
  try {
    return JSON.parse(readFileSync(join(dir, 'control.json'), 'utf8'))
  } catch {
    return {}
  }
})()
const args = process.argv.slice(2)
const record = (entry) =>
  appendFileSync(
    join(dir, 'runs.jsonl'),
    `${JSON.stringify({ argv: args, cwd: process.cwd(), pid: process.pid, startedAt: Date.now(), hasCursorApiKey: process.env.CURSOR_API_KEY !== undefined, ...entry })}\n`,
  )
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

if (args[0] === '--version') {
  process.stdout.write('2026.11.20-fake\n')
  process.exit(0)
}
if (args[0] === 'status') {
  record({ kind: 'status' })
  const loggedIn = control.loggedIn !== false
  process.stdout.write(
    `${JSON.stringify({ isAuthenticated: loggedIn, ...(loggedIn ? { userInfo: { email: 'dev@example.com' } } : {}) })}\n`,
  )
  process.exit(0)
}

let stdin = ''
process.stdin.setEncoding('utf8')
for await (const chunk of process.stdin) stdin += chunk
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const resume = flag('--resume')
process.on('exit', () =>
  appendFileSync(join(dir, 'exits.jsonl'), `${JSON.stringify({ pid: process.pid, at: Date.now() })}\n`),
)
// Like cursor-agent's shells: a child of its own that shares our stdout, so only a kill of the group ends both.
const grandchild =
  control.grandchild === true
    ? spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { stdio: ['ignore', 'inherit', 'inherit'] })
    : undefined
grandchild?.unref()
record({ kind: 'run', stdin, resume: resume ?? null, ...(grandchild ? { grandchildPid: grandchild.pid } : {}) })

const scenario = control.scenario ?? 'replay'
if (scenario === 'usage_limit') {
  await sleep(30)
  process.stderr.write(
    "Error: You've hit your usage limit. Get Cursor Pro for more Agent usage, or wait until your cycle resets on 12/17/2026.\n",
  )
  process.exit(1)
}
if (resume !== undefined && control.forgetChats === true) {
  // Cursor garbage-collected the chat: it fails before starting one.
  process.stderr.write(`Error: chat ${resume} not found\n`)
  process.exit(1)
}

const session = resume ?? control.sessionId ?? '62266120-d0f6-4312-a348-de84c0d50839'
const fixture = readFileSync(
  new URL('../../../../shared/fixtures/cursor-stream/sleep-shell-read.ndjson', import.meta.url),
  'utf8',
)
const lines = fixture
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) =>
    line.replaceAll('{{WORKDIR}}', process.cwd()).replaceAll('62266120-d0f6-4312-a348-de84c0d50839', session),
  )
let lastAt
for (const line of lines) {
  const at = /"timestamp_ms":(\d+)/.exec(line)?.[1]
  if (at !== undefined && lastAt !== undefined) await sleep(Math.min(40, Math.max(0, Number(at) - lastAt)))
  if (at !== undefined) lastAt = Number(at)
  if (scenario === 'hang' && line.includes('"type":"tool_call"')) {
    // Stuck in a tool: nothing more until someone kills us (the interval keeps Node from exiting on its own).
    setInterval(() => undefined, 1000)
    await new Promise(() => undefined)
  }
  if (scenario === 'trickle' && line.includes('"type":"tool_call"')) {
    // Alive but never done: Cursor reconnecting forever, a line every 100 ms, no result.
    setInterval(() => {
      process.stdout.write(
        `${JSON.stringify({ type: 'connection', subtype: 'reconnecting', session_id: session, timestamp_ms: Date.now(), attempt: 1 })}\n`,
      )
    }, 100)
    await new Promise(() => undefined)
  }
  process.stdout.write(`${line}\n`)
}
