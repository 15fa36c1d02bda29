import { readFileSync, rmSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { createRotatingLog } from '../../cli/daemon/log-file'

test('a log removed by hand while full is started again, and logging goes on', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'rotating-log-'))
  const path = join(directory, 'gateway.log')
  const log = createRotatingLog(path, { maxBytes: 32, keep: 2 })
  log.write('a line that fills the whole log\n')
  rmSync(path)
  // Rotation now finds no file to move; before, the write threw and the log stayed dead, on a closed descriptor.
  log.write('after the removal\n')
  log.write('and one more\n')
  expect(readFileSync(path, 'utf8')).toBe('after the removal\nand one more\n')
  log.close()
})
