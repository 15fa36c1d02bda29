import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
  return { root, runtimeHome, codexHome, targets, directory: join(runtimeHome, 'watched') }
}

test.skipIf(process.platform === 'win32')(
  'the directory holds one link per settings file and nothing else, each read through to its file',
  async () => {
    const { targets, directory } = await homes()
    const links = createWatchedLinks(directory, targets)
    expect(links?.directory).toBe(directory)
    expect(readdirSync(directory).sort()).toEqual(['auth.json', 'config.toml', 'models.json'])
    expect(readlinkSync(join(directory, 'models.json'))).toBe(targets.settings)
    expect(readFileSync(join(directory, 'models.json'), 'utf8')).toBe('{"models": []}')
    // auth.json does not exist yet: a dangling link, read as "no file" until Codex logs in.
    expect(existsSync(join(directory, 'auth.json'))).toBe(false)
    writeFileSync(targets.auth, '{}')
    expect(readFileSync(join(directory, 'auth.json'), 'utf8')).toBe('{}')
    links?.remove()
    expect(existsSync(directory)).toBe(false)
  },
)

test.skipIf(process.platform === 'win32')(
  "a link follows its path: Codex's home moved aside and made again is read anew",
  async () => {
    const { codexHome, targets, directory } = await homes()
    createWatchedLinks(directory, targets)
    renameSync(codexHome, `${codexHome}.old`)
    mkdirSync(codexHome)
    writeFileSync(join(codexHome, 'config.toml'), 'model = "b"\n')
    expect(readFileSync(join(directory, 'config.toml'), 'utf8')).toBe('model = "b"\n')
  },
)

test.skipIf(process.platform === 'win32')(
  "a crashed run's directory is replaced, whatever it held and wherever its links pointed",
  async () => {
    const { root, targets, directory } = await homes()
    mkdirSync(directory)
    writeFileSync(join(directory, 'stray.txt'), 'left behind')
    writeFileSync(join(root, 'other.json'), '{"models": [1]}')
    createWatchedLinks(directory, { ...targets, settings: join(root, 'other.json') })
    createWatchedLinks(directory, targets)
    expect(readdirSync(directory).sort()).toEqual(['auth.json', 'config.toml', 'models.json'])
    expect(readFileSync(join(directory, 'models.json'), 'utf8')).toBe('{"models": []}')
  },
)

test('where the links cannot be made there is no directory, and the worker gets no binding', async () => {
  const { root, targets } = await homes()
  const notADirectory = join(root, 'a-file')
  writeFileSync(notADirectory, '')
  expect(createWatchedLinks(join(notADirectory, 'watched'), targets)).toBeUndefined()
  expect(existsSync(join(notADirectory, 'watched'))).toBe(false)
})
