import { envValue } from './case-aware-env'
import type { Platform } from './platform'

/** What can be learnt about another process; every answer is undefined (or empty) when it cannot be read. */
export interface ProcessInspector {
  commandLine: (pid: number) => Promise<string | undefined>
  /** The executable's file name (`node.exe`, `workerd`). */
  imageName: (pid: number) => Promise<string | undefined>
  children: (pid: number) => Promise<number[]>
}

const UNREADABLE: ProcessInspector = {
  commandLine: async () => undefined,
  imageName: async () => undefined,
  children: async () => [],
}

/**
 * Linux reads /proc; macOS asks ps and pgrep; Windows has neither (/proc/N resolves to C:\proc\N and MSYS ps has no
 * `-o`), so it asks tasklist for the image name and CIM, through PowerShell, for the command line and children
 * (WMIC is gone from Windows 11 24H2). CODEX_SHIM_PROCESS_INSPECTOR=none reads nothing, so tests can check that the
 * daemon still knows itself without any of this (it asks its control channel first).
 */
export function createProcessInspector(platform: Pick<Platform, 'os' | 'env' | 'exec' | 'fs'>): ProcessInspector {
  if (envValue(platform.env, 'CODEX_SHIM_PROCESS_INSPECTOR', platform.os) === 'none') return UNREADABLE
  if (platform.os === 'win32') return windowsInspector(platform)
  if (platform.os === 'linux') return linuxInspector(platform)
  return psInspector(platform)
}

function linuxInspector(platform: Pick<Platform, 'fs'>): ProcessInspector {
  const commandLine = async (pid: number) => {
    const raw = await platform.fs.readFile(`/proc/${pid}/cmdline`).catch(() => '')
    return raw === '' ? undefined : raw.split('\0').join(' ').trim()
  }
  return {
    commandLine,
    imageName: async (pid) => (await platform.fs.readFile(`/proc/${pid}/comm`).catch(() => '')).trim() || undefined,
    async children(pid) {
      const tasks = await platform.fs.readdir(`/proc/${pid}/task`).catch(() => [])
      const lists = await Promise.all(
        tasks.map((task) => platform.fs.readFile(`/proc/${pid}/task/${task}/children`).catch(() => '')),
      )
      return lists.flatMap(pidsIn)
    },
  }
}

function psInspector(platform: Pick<Platform, 'exec'>): ProcessInspector {
  const ask = (file: string, args: string[]) =>
    platform.exec(file, args, { timeoutMs: 5000 }).then(
      (result) => result.stdout,
      () => '',
    )
  return {
    commandLine: async (pid) => (await ask('ps', ['-o', 'command=', '-p', String(pid)])).trim() || undefined,
    imageName: async (pid) =>
      (await ask('ps', ['-o', 'comm=', '-p', String(pid)])).trim().split('/').at(-1) || undefined,
    children: async (pid) => pidsIn(await ask('pgrep', ['-P', String(pid)])),
  }
}

function windowsInspector(platform: Pick<Platform, 'exec'>): ProcessInspector {
  const cim = async (filter: string) => {
    const script = `Get-CimInstance Win32_Process -Filter '${filter}' | Select-Object ProcessId,ParentProcessId,Name,CommandLine | ConvertTo-Json -Compress`
    const result = await platform
      .exec('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], { timeoutMs: 15_000 })
      .catch(() => undefined)
    return result === undefined ? [] : parseCimProcesses(result.stdout)
  }
  return {
    commandLine: async (pid) => (await cim(`ProcessId=${pid}`))[0]?.commandLine,
    async imageName(pid) {
      const result = await platform
        .exec('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH'], { timeoutMs: 10_000 })
        .catch(() => undefined)
      return result === undefined
        ? undefined
        : parseTasklistCsv(result.stdout).find((row) => row.pid === pid)?.imageName
    },
    children: async (pid) => (await cim(`ParentProcessId=${pid}`)).map((row) => row.pid),
  }
}

export interface TasklistRow {
  imageName: string
  pid: number
}

/**
 * `tasklist /FO CSV /NH` rows: `"node.exe","4242","Console","1","45,120 K"`. With no match tasklist prints an
 * `INFO: No tasks are running…` line instead, which has no quoted fields and so yields no row.
 */
export function parseTasklistCsv(output: string): TasklistRow[] {
  const rows: TasklistRow[] = []
  for (const line of output.split(/\r?\n/)) {
    const fields = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => (match[1] ?? '').replace(/""/g, '"'))
    const pid = Number(fields[1])
    if (fields[0] !== undefined && Number.isInteger(pid) && pid > 0) rows.push({ imageName: fields[0], pid })
  }
  return rows
}

export interface CimProcess {
  pid: number
  parentPid?: number
  name?: string
  /** Null in CIM for processes of other users that we may not read. */
  commandLine?: string
}

/** ConvertTo-Json gives one object for a single match, an array for several, and nothing at all for none. */
export function parseCimProcesses(output: string): CimProcess[] {
  const text = output.trim()
  if (text === '') return []
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return []
  }
  const items = Array.isArray(parsed) ? parsed : [parsed]
  return items.flatMap((item): CimProcess[] => {
    if (typeof item !== 'object' || item === null) return []
    const record = item as Record<string, unknown>
    if (typeof record.ProcessId !== 'number') return []
    return [
      {
        pid: record.ProcessId,
        parentPid: typeof record.ParentProcessId === 'number' ? record.ParentProcessId : undefined,
        name: typeof record.Name === 'string' ? record.Name : undefined,
        commandLine: typeof record.CommandLine === 'string' ? record.CommandLine : undefined,
      },
    ]
  })
}

function pidsIn(text: string): number[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0)
}
