import { describe, expect, test } from 'vitest'
import { cmdExeLine, quoteWindowsArgument, windowsCommandLine } from '../../../cli/platform'
import { argumentsThroughBatch, CmdInjection, cmdPhase2, parseWindowsCommandLine } from '../../kit/windows-argv'

/** Arguments that break naive quoting: spaces, cmd metacharacters, variables, quotes, trailing backslashes, empty. */
const HOSTILE = [
  'exec',
  'fix the failing test',
  'a&b',
  'x | del *',
  '<in> >out',
  '50%',
  '%PATH%',
  '100% sure %OS%',
  '!bang!',
  '^caret',
  'say "hi"',
  '"',
  '\\"',
  'C:\\dir with space\\',
  'C:\\a\\\\b',
  '',
  'model_catalog_json="C:\\\\Users\\\\John Smith\\\\.codex-shim\\\\model-catalog.json"',
  'tab\there',
  'ünïcödé ✓',
]

describe('windowsCommandLine (what CreateProcess gets, spawned without a shell)', () => {
  test('gives every argument back unchanged to the MSVCRT parser', () => {
    const line = windowsCommandLine('C:\\Program Files\\nodejs\\node.exe', HOSTILE)
    expect(parseWindowsCommandLine(line)).toEqual(['C:\\Program Files\\nodejs\\node.exe', ...HOSTILE])
  })

  test.each(HOSTILE.map((argument) => [argument]))('round-trips %j alone', (argument) => {
    expect(parseWindowsCommandLine(`x.exe ${quoteWindowsArgument(argument)}`)).toEqual(['x.exe', argument])
  })

  test('the README’s prompt reaches Codex as one argument, not four words', () => {
    const args = parseWindowsCommandLine(windowsCommandLine('node.exe', ['codex.js', 'exec', 'fix the failing test']))
    expect(args.slice(1)).toEqual(['codex.js', 'exec', 'fix the failing test'])
  })
})

describe('cmdExeLine (the last resort: a .cmd we cannot bypass, through cmd.exe /d /s /c)', () => {
  const env = { PATH: 'C:\\Windows', OS: 'Windows_NT', dp0: 'X' }

  test('every argument survives cmd’s two rounds of parsing and MSVCRT, and nothing runs as a command', () => {
    const shim = 'C:\\Program Files\\nodejs\\codex.cmd'
    const line = `cmd.exe /d /s /c "${cmdExeLine(shim, HOSTILE)}"`
    const { command, args } = argumentsThroughBatch(line, env)
    expect(command).toBe(shim)
    expect(args).toEqual(HOSTILE)
  })

  test('the oracle is not lenient: unescaped `&` would run a second command', () => {
    expect(() => cmdPhase2('codex.cmd exec "a" & calc')).toThrow(CmdInjection)
  })

  test('what `shell: true` built before (arguments joined with spaces, unquoted) fails the same check', () => {
    // Node's shell: true on Windows: cmd.exe /d /s /c "<file> <args.join(' ')>" (lib/child_process.js).
    const naive = `cmd.exe /d /s /c "codex.cmd ${['exec', 'fix the failing test'].join(' ')}"`
    expect(argumentsThroughBatch(naive, env).args).toEqual(['exec', 'fix', 'the', 'failing', 'test'])
    expect(() => argumentsThroughBatch(`cmd.exe /d /s /c "codex.cmd ${HOSTILE.join(' ')}"`, env)).toThrow(CmdInjection)
  })
})
