import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { writeFileAtomic } from '../../cli/atomic-write'

/** How many of the next renames fail as Windows fails them while an indexer or antivirus holds the file. */
let failingRenames = 0
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return {
    ...actual,
    rename: (async (from: string, to: string) => {
      if (failingRenames > 0) {
        failingRenames--
        throw Object.assign(new Error(`EPERM: operation not permitted, rename '${from}' -> '${to}'`), { code: 'EPERM' })
      }
      return actual.rename(from, to)
    }) as typeof actual.rename,
  }
})

beforeEach(() => {
  failingRenames = 0
})

describe('writeFileAtomic on Windows', () => {
  test('retries a rename that fails while another process holds the file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'codex-shim-atomic-'))
    failingRenames = 2
    await writeFileAtomic(join(directory, 'config.toml'), 'model = "x"\n', 0o644, 'win32')
    expect(await readFile(join(directory, 'config.toml'), 'utf8')).toBe('model = "x"\n')
  })

  test('gives up after its retries and leaves no temporary file behind', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'codex-shim-atomic-'))
    failingRenames = 100
    await expect(writeFileAtomic(join(directory, 'config.toml'), 'x', 0o644, 'win32')).rejects.toMatchObject({
      code: 'EPERM',
    })
    expect(await readdir(directory)).toEqual([])
  })

  test('elsewhere an EPERM is final at once', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'codex-shim-atomic-'))
    failingRenames = 1
    await expect(writeFileAtomic(join(directory, 'f'), 'x', 0o644, 'linux')).rejects.toMatchObject({ code: 'EPERM' })
  })
})
