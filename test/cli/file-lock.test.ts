import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { withFileLock } from '../../cli/file-lock'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('withFileLock', () => {
  test('read-modify-write sections never overlap: no update is lost', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'))
    const counter = join(dir, 'counter')
    await writeFile(counter, '0')
    const increment = () =>
      withFileLock(
        `${counter}.lock`,
        async () => {
          const value = Number(await readFile(counter, 'utf8'))
          await pause(2)
          await writeFile(counter, String(value + 1))
        },
        { purpose: 'counting' },
      )
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        for (let i = 0; i < 8; i++) await increment()
      }),
    )
    expect(await readFile(counter, 'utf8')).toBe('40')
  })

  test('a lock left by a process that is gone is taken over at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'))
    await writeFile(join(dir, 'x.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, nonce: 'dead', at: Date.now() }))
    const started = Date.now()
    expect(await withFileLock(join(dir, 'x.lock'), async () => 'ran', { purpose: 'testing' })).toBe('ran')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  test('a lock whose holder still runs is waited for, then refused with its pid and the way out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'))
    const lock = join(dir, 'x.lock')
    await writeFile(lock, JSON.stringify({ pid: process.pid, nonce: 'alive', at: Date.now() }))
    await expect(
      withFileLock(lock, async () => 'ran', { purpose: 'changing the file', timeoutMs: 200 }),
    ).rejects.toThrow(
      new RegExp(
        `Another codex-shim command \\(pid ${process.pid}\\) is changing the file[\\s\\S]*delete ${lock.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    )
    // The holder's lock is untouched.
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ nonce: 'alive' })
  })
})
