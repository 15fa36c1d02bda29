import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { readdir, readFile, stat } from 'node:fs/promises'
import { arch, tmpdir } from 'node:os'
import path, { type PlatformPath } from 'node:path'
import { treeKillCommand } from './kill-tree'

export interface ExecOptions {
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  maxBuffer?: number
  /** For cmd.exe lines we quoted ourselves (windows-command-line.ts): libuv must not quote them again. */
  windowsVerbatimArguments?: boolean
}

export interface ExecResult {
  stdout: string
  stderr: string
}

/** Runs a program to its end without a shell; rejects when it cannot start or exits non-zero (like execFile). */
export type Exec = (file: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>

export type SpawnProcess = (file: string, args: readonly string[], options: SpawnOptions) => ChildProcess

/** The few file-system reads that command resolution and process inspection need. */
export interface PlatformFs {
  isFile: (file: string) => Promise<boolean>
  readFile: (file: string) => Promise<string>
  readdir: (directory: string) => Promise<string[]>
}

/**
 * Everything platform-dependent that the CLI and the daemon ask for, passed in by the caller instead of read from
 * `process.platform` deep inside, so that the Windows paths (command resolution, spawning, process identity, tree
 * kill, the Desktop launcher, proxy settings) run in Linux tests with `os: 'win32'`, `path.win32` and fake
 * `tasklist`/`reg` output (reference/windows.md, "Suggested seam").
 */
export interface Platform {
  os: NodeJS.Platform
  arch: string
  path: PlatformPath
  env: NodeJS.ProcessEnv
  /** The Node binary running us: what npm's shims would start for a `.js` entry. */
  execPath: string
  tmpdir: string
  exec: Exec
  spawn: SpawnProcess
  fs: PlatformFs
  /** `process.kill`; signal 0 only tests liveness, and on Windows every other signal is TerminateProcess. */
  kill: (pid: number, signal: NodeJS.Signals | 0) => void
}

/** The machine we run on. `env` is the environment children get and lookups read (the command's, usually process.env). */
export function hostPlatform(env: NodeJS.ProcessEnv = process.env): Platform {
  return {
    os: process.platform,
    arch: arch(),
    path: process.platform === 'win32' ? path.win32 : path.posix,
    env,
    execPath: process.execPath,
    tmpdir: tmpdir(),
    exec: execWithoutShell,
    spawn: (file, args, options) => spawn(file, [...args], options),
    fs: {
      isFile: (file) =>
        stat(file).then(
          (info) => info.isFile(),
          () => false,
        ),
      readFile: (file) => readFile(file, 'utf8'),
      readdir: (directory) => readdir(directory),
    },
    kill: (pid, signal) => {
      process.kill(pid, signal)
    },
  }
}

/**
 * No shell, ever: arguments reach the program as they are (libuv quotes them on Windows). windowsHide, because the
 * daemon has no console of its own, so each helper (tasklist, reg, powershell) would otherwise flash a window. On a
 * timeout the whole tree goes: execFile's own timeout would end only the direct child (node.exe running an npm
 * shim's script), leaving what it started running.
 */
function execWithoutShell(file: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      {
        env: options.env,
        maxBuffer: options.maxBuffer ?? 8 * 1024 * 1024,
        windowsHide: true,
        windowsVerbatimArguments: options.windowsVerbatimArguments,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        clearTimeout(timer)
        if (error) reject(error)
        else resolve({ stdout, stderr })
      },
    )
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => endTree(child), options.timeoutMs)
  })
}

function endTree(child: ChildProcess): void {
  const command = child.pid === undefined ? undefined : treeKillCommand(child.pid, process.platform)
  if (command === undefined) child.kill('SIGKILL')
  else execFile(command.file, command.args, { windowsHide: true }, () => undefined)
}
