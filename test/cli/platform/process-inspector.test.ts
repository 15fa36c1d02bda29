import { describe, expect, test } from 'vitest'
import { createProcessInspector, parseCimProcesses, parseTasklistCsv } from '../../../cli/platform'
import { fakePlatform } from '../../kit/fake-platform'

const TASKLIST = '"node.exe","4242","Console","1","45,120 K"\r\n'
const CIM_ONE =
  '{"ProcessId":4242,"ParentProcessId":1000,"Name":"node.exe","CommandLine":"\\"C:\\\\Program Files\\\\nodejs\\\\node.exe\\" C:\\\\x\\\\cli.js start --foreground --instance abc"}'
const CIM_CHILDREN =
  '[{"ProcessId":5001,"ParentProcessId":4242,"Name":"workerd.exe","CommandLine":"workerd.exe serve"},{"ProcessId":5002,"ParentProcessId":4242,"Name":"conhost.exe","CommandLine":null}]'

describe('process identity on Windows', () => {
  test('never touches /proc, ps or pgrep; asks tasklist and CIM (hidden, no shell)', async () => {
    const { platform, execCalls, fileReads } = fakePlatform({
      exec: (file, args) => {
        if (file === 'tasklist') return { stdout: TASKLIST, stderr: '' }
        const script = args.at(-1) ?? ''
        return { stdout: script.includes('ParentProcessId=4242') ? CIM_CHILDREN : CIM_ONE, stderr: '' }
      },
    })
    const inspector = createProcessInspector(platform)
    expect(await inspector.imageName(4242)).toBe('node.exe')
    expect(await inspector.commandLine(4242)).toBe(
      '"C:\\Program Files\\nodejs\\node.exe" C:\\x\\cli.js start --foreground --instance abc',
    )
    expect(await inspector.children(4242)).toEqual([5001, 5002])
    expect(fileReads).toEqual([])
    expect(execCalls.map((call) => call.file)).toEqual(['tasklist', 'powershell.exe', 'powershell.exe'])
    expect(execCalls[0]?.args).toEqual(['/FI', 'PID eq 4242', '/FO', 'CSV', '/NH'])
    expect(execCalls[1]?.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-Command'])
    expect(execCalls[1]?.args[3]).toContain("Get-CimInstance Win32_Process -Filter 'ProcessId=4242'")
  })

  test('reads nothing when the tools are missing: undefined, never a guess', async () => {
    const { platform } = fakePlatform()
    const inspector = createProcessInspector(platform)
    expect(await inspector.commandLine(1)).toBeUndefined()
    expect(await inspector.imageName(1)).toBeUndefined()
    expect(await inspector.children(1)).toEqual([])
  })

  test('CODEX_SHIM_PROCESS_INSPECTOR=none reads nothing at all, on any OS', async () => {
    const { platform, execCalls, fileReads } = fakePlatform({
      os: 'linux',
      env: { CODEX_SHIM_PROCESS_INSPECTOR: 'none' },
      files: { '/proc/1/cmdline': 'init' },
    })
    expect(await createProcessInspector(platform).commandLine(1)).toBeUndefined()
    expect([...execCalls, ...fileReads]).toEqual([])
  })
})

describe('parsing tasklist and CIM output', () => {
  test.each([
    ['a row', TASKLIST, [{ imageName: 'node.exe', pid: 4242 }]],
    ['no match (an INFO line, no fields)', 'INFO: No tasks are running which match the specified criteria.\r\n', []],
    [
      'several rows and a quote inside a field',
      '"a ""b"".exe","7","Services","0","1 K"\r\n"workerd.exe","8","Console","1","2 K"',
      [
        { imageName: 'a "b".exe', pid: 7 },
        { imageName: 'workerd.exe', pid: 8 },
      ],
    ],
  ])('tasklist: %s', (_name, output, rows) => {
    expect(parseTasklistCsv(output)).toEqual(rows)
  })

  test.each([
    ['one object', CIM_ONE, [4242]],
    ['an array', CIM_CHILDREN, [5001, 5002]],
    ['nothing (no match)', '', []],
    ['not JSON', 'Get-CimInstance : Access denied', []],
  ])('CIM: %s', (_name, output, pids) => {
    expect(parseCimProcesses(output).map((row) => row.pid)).toEqual(pids)
  })

  test('a command line CIM withholds (another user’s process) is undefined, not "null"', () => {
    expect(parseCimProcesses(CIM_CHILDREN)[1]).toEqual({
      pid: 5002,
      parentPid: 4242,
      name: 'conhost.exe',
      commandLine: undefined,
    })
  })
})
