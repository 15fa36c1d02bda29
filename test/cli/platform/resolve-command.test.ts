import { describe, expect, test } from 'vitest'
import { resolveCommand } from '../../../cli/platform'
import { fakePlatform } from '../../kit/fake-platform'

const NODEJS = 'C:\\Program Files\\nodejs'
const NPM = 'C:\\Users\\John Smith\\AppData\\Roaming\\npm'

describe('resolveCommand on Windows (path.win32, a fake file table)', () => {
  test.each([
    {
      name: 'finds npm’s codex.cmd through `Path` (a plain copy of the environment has no `PATH` key)',
      env: { Path: `${NODEJS};${NPM}`, PATHEXT: '.COM;.EXE;.BAT;.CMD' },
      files: [`${NPM}\\codex.cmd`],
      command: 'codex',
      expected: `${NPM}\\codex.cmd`,
    },
    {
      name: 'tries a name that has an extension as given (CODEX_SHIM_CODEX_BIN=codex.exe)',
      env: { Path: NODEJS, PATHEXT: '.COM;.EXE;.BAT;.CMD' },
      files: [`${NODEJS}\\codex.exe`],
      command: 'codex.exe',
      expected: `${NODEJS}\\codex.exe`,
    },
    {
      name: 'uses cmd’s full default PATHEXT (with .COM and .BAT) when none is set',
      env: { Path: NODEJS },
      files: [`${NODEJS}\\codex.bat`],
      command: 'codex',
      expected: `${NODEJS}\\codex.bat`,
    },
    {
      name: 'takes the first directory, and PATHEXT’s order within it',
      env: { PATH: `${NODEJS};${NPM}`, PATHEXT: '.EXE;.CMD' },
      files: [`${NPM}\\codex.exe`, `${NODEJS}\\codex.cmd`, `${NODEJS}\\codex.exe`],
      command: 'codex',
      expected: `${NODEJS}\\codex.exe`,
    },
    {
      name: 'strips the quotes of a quoted Path entry',
      env: { Path: `"${NODEJS}";C:\\Windows`, PATHEXT: '.EXE;.CMD' },
      files: [`${NODEJS}\\codex.cmd`],
      command: 'codex',
      expected: `${NODEJS}\\codex.cmd`,
    },
    {
      name: 'resolves a full path without extension with PATHEXT',
      env: { Path: 'C:\\Windows', PATHEXT: '.EXE;.CMD' },
      files: [`${NPM}\\codex.cmd`],
      command: `${NPM}\\codex`,
      expected: `${NPM}\\codex.cmd`,
    },
    {
      name: 'says "not installed" with undefined',
      env: { Path: `${NODEJS};${NPM}` },
      files: [],
      command: 'codex',
      expected: undefined,
    },
  ])('$name', async ({ env, files, command, expected }) => {
    const { platform } = fakePlatform({ env, files: Object.fromEntries(files.map((file) => [file, ''])) })
    expect(await resolveCommand(command, platform)).toBe(expected)
  })
})

describe('resolveCommand on POSIX', () => {
  test('searches PATH in order and takes a path with a directory as it is', async () => {
    const { platform } = fakePlatform({
      os: 'linux',
      env: { PATH: '/opt/a:/usr/local/bin' },
      files: { '/usr/local/bin/codex': '', '/srv/x/codex': '' },
    })
    expect(await resolveCommand('codex', platform)).toBe('/usr/local/bin/codex')
    expect(await resolveCommand('/srv/x/codex', platform)).toBe('/srv/x/codex')
    expect(await resolveCommand('/nonexistent/codex', platform)).toBeUndefined()
  })
})
