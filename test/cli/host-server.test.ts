import { existsSync } from 'node:fs'
import { mkdtemp, stat, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, posix, win32 } from 'node:path'
import { describe, expect, test } from 'vitest'
import { hostSocketPath, startHostServer } from '../../cli/daemon/host-server'

const answer = async (_req: unknown, res: import('node:http').ServerResponse) => void res.end('host answered')

function get(target: { socketPath: string } | { host: string; port: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path: '/settings' }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve(body))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('where HOST listens', () => {
  test('a socket in the runtime home; TCP on Windows and for paths too long for a socket', () => {
    expect(hostSocketPath('/home/me/.codex-shim', { os: 'linux', path: posix })).toBe('/home/me/.codex-shim/host.sock')
    expect(hostSocketPath('C:\\Users\\me\\.codex-shim', { os: 'win32', path: win32 })).toBeUndefined()
    expect(hostSocketPath(`/home/${'x'.repeat(120)}`, { os: 'darwin', path: posix })).toBeUndefined()
  })

  test('on a socket: mode 0600, a stale file from a killed daemon replaced, the file gone after close', async () => {
    const home = await mkdtemp(join(tmpdir(), 'host-server-'))
    const path = join(home, 'host.sock')
    await writeFile(path, 'left by a daemon that was killed')
    const server = await startHostServer(answer, path)
    expect(server.designator).toEqual({ external: { address: `unix:${path}`, http: {} } })
    expect(((await stat(path)).mode & 0o777).toString(8)).toBe('600')
    expect(await get({ socketPath: path })).toBe('host answered')
    await server.close()
    expect(existsSync(path)).toBe(false)
  })

  test('on loopback TCP when there is no socket path', async () => {
    const server = await startHostServer(answer, undefined)
    const address = server.designator.external.address
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(await get({ host: '127.0.0.1', port: Number(address.split(':')[1]) })).toBe('host answered')
    await server.close()
  })

  test('falls back to loopback TCP where the socket cannot be made', async () => {
    const home = await mkdtemp(join(tmpdir(), 'host-server-'))
    const server = await startHostServer(answer, join(home, 'no-such-directory', 'host.sock'))
    const address = server.designator.external.address
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(await get({ host: '127.0.0.1', port: Number(address.split(':')[1]) })).toBe('host answered')
    await server.close()
  })
})
