import { EventEmitter } from 'node:events'
import path from 'node:path'
import type { ChildProcess, SpawnOptions } from 'node:child_process'
import type { ExecOptions, ExecResult, Platform } from '../../cli/platform'

export interface ExecCall {
  file: string
  args: string[]
  options?: ExecOptions
}

export interface SpawnCall {
  file: string
  args: string[]
  options: SpawnOptions
}

export interface FakePlatformOptions {
  os?: NodeJS.Platform
  arch?: string
  env?: NodeJS.ProcessEnv
  /** Files that exist, with their text; on win32 looked up case-insensitively, as NTFS does. */
  files?: Record<string, string>
  /** Answers exec calls; throw to fail one (a missing program, a non-zero exit). */
  exec?: (file: string, args: string[]) => ExecResult
  /** Decides `kill(pid, signal)`; the default says every pid is gone (ESRCH). */
  kill?: (pid: number, signal: NodeJS.Signals | 0) => void
  execPath?: string
}

/**
 * A Platform for Linux tests of other OSes: `path.win32` for win32, an in-memory file table, and exec/spawn/kill
 * that record every call, so a test can assert what would have run (and what never may, like `/proc` or SIGTERM).
 */
export function fakePlatform(options: FakePlatformOptions = {}) {
  const os = options.os ?? 'win32'
  const files = options.files ?? {}
  const key = (file: string) => (os === 'win32' ? file.toLowerCase() : file)
  const table = new Map(Object.entries(files).map(([file, text]) => [key(file), text]))
  const execCalls: ExecCall[] = []
  const spawnCalls: SpawnCall[] = []
  const killCalls: { pid: number; signal: NodeJS.Signals | 0 }[] = []
  const fileReads: string[] = []
  const gone = (pid: number): never => {
    throw Object.assign(new Error(`kill ESRCH ${pid}`), { code: 'ESRCH' })
  }
  const platform: Platform = {
    os,
    arch: options.arch ?? 'x64',
    path: os === 'win32' ? path.win32 : path.posix,
    env: options.env ?? {},
    execPath: options.execPath ?? (os === 'win32' ? 'C:\\Program Files\\nodejs\\node.exe' : '/usr/bin/node'),
    tmpdir: os === 'win32' ? 'C:\\Users\\me\\AppData\\Local\\Temp' : '/tmp',
    exec: async (file, args, execOptions) => {
      execCalls.push({ file, args: [...args], options: execOptions })
      if (options.exec === undefined) throw Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' })
      return options.exec(file, [...args])
    },
    spawn: (file, args, spawnOptions) => {
      spawnCalls.push({ file, args: [...args], options: spawnOptions })
      return fakeChild()
    },
    fs: {
      isFile: async (file) => table.has(key(file)),
      readFile: async (file) => {
        fileReads.push(file)
        const text = table.get(key(file))
        if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' })
        return text
      },
      // The names directly inside `directory`, from the file table (folders exist only through their files).
      readdir: async (directory) => {
        fileReads.push(directory)
        const prefix = key(platform.path.join(directory, 'x')).slice(0, -1)
        const names = new Set(
          [...table.keys()]
            .filter((file) => file.startsWith(prefix))
            .map((file) => file.slice(prefix.length).split(/[\\/]/)[0] ?? ''),
        )
        if (names.size === 0) throw Object.assign(new Error(`ENOENT: ${directory}`), { code: 'ENOENT' })
        return [...names]
      },
    },
    kill: (pid, signal) => {
      killCalls.push({ pid, signal })
      return options.kill === undefined ? gone(pid) : options.kill(pid, signal)
    },
  }
  return { platform, execCalls, spawnCalls, killCalls, fileReads }
}

/** A child that exits with code 1 at once: enough for code that only looks at how it was spawned. */
function fakeChild(): ChildProcess {
  const child = new EventEmitter() as ChildProcess
  Object.assign(child, { pid: 4242, unref: () => child, stdout: null, stderr: null })
  setTimeout(() => {
    child.emit('exit', 1, null)
    child.emit('close', 1, null)
  }, 5)
  return child
}

/** An npm cmd-shim `.cmd` as npm 10/11 writes it for a `#!/usr/bin/env node` bin (npm/cmd-shim lib/index.js). */
export function npmCmdShim(relativeScript: string): string {
  return [
    '@ECHO off',
    'GOTO start',
    ':find_dp0',
    'SET dp0=%~dp0',
    'EXIT /b',
    ':start',
    'SETLOCAL',
    'CALL :find_dp0',
    '',
    'IF EXIST "%dp0%\\node.exe" (',
    '  SET "_prog=%dp0%\\node.exe"',
    ') ELSE (',
    '  SET "_prog=node"',
    '  SET PATHEXT=%PATHEXT:;.JS;=;%',
    ')',
    '',
    `endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%"  "%dp0%\\${relativeScript}" %*`,
    '',
  ].join('\r\n')
}

/** The `.ps1` shim npm writes beside it. */
export function npmPs1Shim(relativeScript: string): string {
  const script = relativeScript.split('\\').join('/')
  return [
    '#!/usr/bin/env pwsh',
    '$basedir=Split-Path $MyInvocation.MyCommand.Definition -Parent',
    '',
    '$exe=""',
    'if ($PSVersionTable.PSVersion -lt "6.0" -or $IsWindows) {',
    '  $exe=".exe"',
    '}',
    '$ret=0',
    'if (Test-Path "$basedir/node$exe") {',
    `  & "$basedir/node$exe"  "$basedir/${script}" $args`,
    '  $ret=$LASTEXITCODE',
    '} else {',
    `  & "node$exe"  "$basedir/${script}" $args`,
    '  $ret=$LASTEXITCODE',
    '}',
    'exit $ret',
    '',
  ].join('\n')
}
