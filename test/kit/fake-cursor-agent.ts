import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const FAKE_CURSOR_AGENT_BIN = fileURLToPath(new URL('./fake-cursor-agent/cursor-agent.mjs', import.meta.url))

export interface FakeCursorControl {
  loggedIn?: boolean
  /** `hang`: silent inside a tool call; `trickle`: a `connection` line every 100 ms, never a result. */
  scenario?: 'replay' | 'usage_limit' | 'hang' | 'trickle'
  /** A run starts a child of its own that shares its stdout (as Cursor's shells do). */
  grandchild?: boolean
  /** Every `--resume` fails before the chat starts, as when Cursor has garbage-collected it. */
  forgetChats?: boolean
  sessionId?: string
}

export interface FakeCursorRun {
  kind: 'status' | 'run'
  argv: string[]
  cwd: string
  pid: number
  /** Date.now() when it started. */
  startedAt: number
  grandchildPid?: number
  stdin?: string
  resume?: string | null
  hasCursorApiKey: boolean
}

export interface FakeCursorAgent {
  /** The environment that points codex-shim at the fake. */
  env: { CURSOR_AGENT_BIN: string; FAKE_CURSOR_DIR: string }
  control: (next: FakeCursorControl) => Promise<void>
  /** Every invocation so far, oldest first. */
  invocations: () => Promise<FakeCursorRun[]>
  /** Only the turns (`-p` runs). */
  runs: () => Promise<FakeCursorRun[]>
  /** When each turn's process exited (Date.now()), by pid. */
  exits: () => Promise<Map<number, number>>
}

/** A fake `cursor-agent` that replays the real capture and records how it was run (see the script's header). */
export async function makeFakeCursorAgent(control: FakeCursorControl = {}): Promise<FakeCursorAgent> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-cursor-'))
  const write = (next: FakeCursorControl) => writeFile(join(dir, 'control.json'), JSON.stringify(next))
  await write(control)
  const lines = async (name: string) =>
    (await readFile(join(dir, name), 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown)
  const invocations = async () => (await lines('runs.jsonl')) as FakeCursorRun[]
  return {
    env: { CURSOR_AGENT_BIN: FAKE_CURSOR_AGENT_BIN, FAKE_CURSOR_DIR: dir },
    control: write,
    invocations,
    runs: async () => (await invocations()).filter((run) => run.kind === 'run'),
    exits: async () =>
      new Map(((await lines('exits.jsonl')) as { pid: number; at: number }[]).map((exit) => [exit.pid, exit.at])),
  }
}
