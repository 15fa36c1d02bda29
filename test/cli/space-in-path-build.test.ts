import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readdir, readFile, stat, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { makeTestHome } from '../kit/cli-runner'

const execFileAsync = promisify(execFile)
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The checkout as git sees it (tracked and new files, nothing ignored), as a clone of it would hold. */
async function checkoutFiles(): Promise<string[]> {
  try {
    const { stdout } = await execFileAsync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    })
    return stdout.split('\0').filter(Boolean)
  } catch {
    // Not a git checkout (an unpacked tarball, say): every file but what install and build produce.
    const entries = await readdir(ROOT, { recursive: true, withFileTypes: true })
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
      .filter((file) => !/^(node_modules|dist|\.git|bench\/\.build)(\/|$)/.test(file))
  }
}

test('a checkout whose path has a space (and a non-ASCII letter) builds, passes its tests, and its CLI runs', async () => {
  const checkout = join(await mkdtemp(join(tmpdir(), 'codex shim é ')), 'my checkout')
  let copied = 0
  for (const file of await checkoutFiles()) {
    // Files deleted in the working tree are still listed by git; the build needs only what is there.
    if (
      !(await stat(join(ROOT, file)).then(
        (info) => info.isFile(),
        () => false,
      ))
    )
      continue
    await mkdir(dirname(join(checkout, file)), { recursive: true })
    await copyFile(join(ROOT, file), join(checkout, file))
    copied++
  }
  expect(copied).toBeGreaterThan(100)
  // npm install would fill it; the installed tree is the same, so it is linked rather than downloaded.
  await symlink(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir')

  // What `npm install` runs after installing (the `prepare` script), from the spaced path.
  await execFileAsync('npm', ['run', '--silent', 'prepare'], { cwd: checkout })
  expect((await readdir(join(checkout, 'dist'))).sort()).toEqual(['cli.js', 'worker-config.json', 'worker.js'])

  // `npm test` from there: a worker test inside workerd, and one that starts the checkout's own daemon.
  const tests = await execFileAsync(
    'npx',
    ['vitest', 'run', 'test/worker/resolve-route.test.ts', 'test/e2e/npm-start.test.ts', '--reporter=dot'],
    { cwd: checkout, env: { ...process.env, CI: '1', NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }))
  expect(tests.stdout, tests.stderr).toMatch(/Test Files {2}2 passed \(2\)/)

  const home = await makeTestHome('space-build')
  const cli = join(checkout, 'dist', 'cli.js')
  const generate = await execFileAsync(process.execPath, [cli, 'generate'], {
    cwd: home.root,
    env: { ...home.env, CODEX_SHIM_DISABLE_CHATGPT: '1' },
  })
  expect(generate.stdout + generate.stderr).toContain(home.runtimeHome)
  // The opt-in config names this CLI for its token command: the path with its spaces stays one TOML string.
  expect(await readFile(join(home.runtimeHome, 'codex-config.toml'), 'utf8')).toContain(JSON.stringify(cli))
}, 240_000)

test('no script or CLI module turns a file URL into a path with `.pathname` (/C:/… on Windows, %20 for spaces)', async () => {
  const offenders: string[] = []
  for (const file of await checkoutFiles()) {
    if (!/^(scripts|cli|bin)\/.*\.(ts|mjs|js)$/.test(file)) continue
    const text = await readFile(join(ROOT, file), 'utf8').catch(() => '')
    // URLs of HTTP requests may use their pathname; URLs made from import.meta.url are files.
    if (!text.includes('import.meta.url')) continue
    text.split('\n').forEach((line, index) => {
      if (/[\w)\]]\.pathname\b/.test(line) && !/^\s*(\/\/|\*)/.test(line))
        offenders.push(`${relative(ROOT, join(ROOT, file))}:${index + 1}`)
    })
  }
  expect(offenders).toEqual([])
})
