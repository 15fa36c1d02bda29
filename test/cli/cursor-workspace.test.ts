import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { chooseCursorWorkspace } from '../../cli/cursor/cursor-workspace'

describe('the folder cursor-agent works in', () => {
  test("Codex's working directory when it is a folder of this user's", async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cursor-cwd-'))
    const fallback = await mkdtemp(join(tmpdir(), 'cursor-fallback-'))
    expect(await chooseCursorWorkspace(cwd, { CODEX_SHIM_CURSOR_WORKSPACE: fallback })).toEqual({ ok: true, path: cwd })
  })

  test.each([
    ['names none', async () => undefined],
    ['names one that does not exist', async () => join(tmpdir(), 'no-such-codex-cwd')],
    [
      'names a file',
      async () => writeFile(join(tmpdir(), 'cursor-a-file'), '').then(() => join(tmpdir(), 'cursor-a-file')),
    ],
    ['names a relative path', async () => 'src'],
  ])('CODEX_SHIM_CURSOR_WORKSPACE when Codex %s', async (_, requested) => {
    const fallback = await mkdtemp(join(tmpdir(), 'cursor-fallback-'))
    expect(await chooseCursorWorkspace(await requested(), { CODEX_SHIM_CURSOR_WORKSPACE: fallback })).toEqual({
      ok: true,
      path: fallback,
    })
  })

  test('no usable folder is an error that says what was wrong with each and how to set one', async () => {
    const missing = join(tmpdir(), 'no-such-codex-cwd')
    const choice = await chooseCursorWorkspace(missing, { CODEX_SHIM_CURSOR_WORKSPACE: 'relative/dir' })
    expect(choice.ok).toBe(false)
    const message = choice.ok ? '' : choice.message
    expect(message).toContain(`Codex's working directory "${missing}" does not exist`)
    expect(message).toContain('CODEX_SHIM_CURSOR_WORKSPACE "relative/dir" is not an absolute path')
    expect(message).toContain('Set CODEX_SHIM_CURSOR_WORKSPACE to a folder of yours')
  })

  test('nothing named at all says so', async () => {
    const choice = await chooseCursorWorkspace(undefined, {})
    expect(choice).toEqual({
      ok: false,
      message: expect.stringContaining("Codex's request names no working directory."),
    })
  })
})
