import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { expect, test } from 'vitest'
import { createWatchedLinks } from '../../cli/daemon/watched-links'

async function homes() {
  const root = await mkdtemp(join(tmpdir(), 'watched-links-'))
  const runtimeHome = join(root, '.codex-shim')
  const codexHome = join(root, '.codex')
  mkdirSync(runtimeHome)
  mkdirSync(codexHome)
  writeFileSync(join(runtimeHome, 'my-models.json'), '{"models": []}')
  writeFileSync(join(codexHome, 'config.toml'), 'model = "a"\n')
  const targets = {
    settings: join(runtimeHome, 'my-models.json'),
    auth: join(codexHome, 'auth.json'),
    config: join(codexHome, 'config.toml'),
  }
  return { root, runtimeHome, codexHome, targets, folder: join(runtimeHome, 'watched') }
}

const onPosix = test.skipIf(process.platform === 'win32')

onPosix('a run gets a new directory of one link per settings file, each read through to its file', async () => {
  const { targets, folder } = await homes()
  const links = createWatchedLinks(folder, targets)
  if (links === undefined) throw new Error('no links')
  expect(dirname(links.directory)).toBe(folder)
  expect(readdirSync(links.directory).sort()).toEqual(['auth.json', 'config.toml', 'models.json'])
  expect(readlinkSync(join(links.directory, 'models.json'))).toBe(targets.settings)
  expect(readFileSync(join(links.directory, 'models.json'), 'utf8')).toBe('{"models": []}')
  // auth.json does not exist yet: a dangling link, read as "no file" until Codex logs in.
  expect(existsSync(join(links.directory, 'auth.json'))).toBe(false)
  writeFileSync(targets.auth, '{}')
  expect(readFileSync(join(links.directory, 'auth.json'), 'utf8')).toBe('{}')
  links.remove()
  expect(existsSync(links.directory)).toBe(false)
  expect(readFileSync(targets.auth, 'utf8')).toBe('{}')
})

onPosix("a link follows its path: Codex's home moved aside and made again is read anew", async () => {
  const { codexHome, targets, folder } = await homes()
  const links = createWatchedLinks(folder, targets)
  renameSync(codexHome, `${codexHome}.old`)
  mkdirSync(codexHome)
  writeFileSync(join(codexHome, 'config.toml'), 'model = "b"\n')
  expect(readFileSync(join(links?.directory ?? '', 'config.toml'), 'utf8')).toBe('model = "b"\n')
  links?.remove()
})

onPosix("a crashed run's links are cleared at the next start, and nothing that is not a link of ours", async () => {
  const { targets, folder } = await homes()
  const crashed = createWatchedLinks(folder, targets)
  const kept = join(folder, 'run-kept')
  mkdirSync(kept)
  symlinkSync(targets.config, join(kept, 'models.json'))
  writeFileSync(join(kept, 'notes.txt'), 'mine')
  writeFileSync(join(folder, 'notes.txt'), 'mine too')
  const next = createWatchedLinks(folder, targets)
  expect(existsSync(crashed?.directory ?? '')).toBe(false)
  expect(readdirSync(kept)).toEqual(['notes.txt'])
  expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('mine too')
  expect(readdirSync(folder).sort()).toEqual(['notes.txt', 'run-kept', next?.directory.split('/').at(-1)].sort())
  next?.remove()
})

onPosix('a settings file kept in the watched folder itself survives start and stop', async () => {
  const { targets, folder } = await homes()
  mkdirSync(folder)
  const settings = join(folder, 'models.json')
  writeFileSync(settings, '{"models": [1]}')
  const links = createWatchedLinks(folder, { ...targets, settings })
  expect(readFileSync(join(links?.directory ?? '', 'models.json'), 'utf8')).toBe('{"models": [1]}')
  links?.remove()
  expect(readFileSync(settings, 'utf8')).toBe('{"models": [1]}')
})

test('where the links cannot be made there is no binding, and nothing is removed', async () => {
  const { root, targets } = await homes()
  const notAFolder = join(root, 'watched')
  writeFileSync(notAFolder, 'a file of the user')
  expect(createWatchedLinks(notAFolder, targets)).toBeUndefined()
  expect(readFileSync(notAFolder, 'utf8')).toBe('a file of the user')
})
