import { request } from 'node:http'

export interface HealthReport {
  ok: boolean
  version?: string
  instance?: string
  models?: number
  chatgpt_passthrough?: boolean
  error?: string
}

/**
 * GET /health straight to loopback with node:http: no proxy variables apply, so a corporate HTTP_PROXY cannot
 * capture the probe. Resolves undefined when nothing answers in time or the answer is not ours.
 */
export function probeHealth(port: number, timeoutMs = 1000): Promise<HealthReport | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as HealthReport
          resolve(typeof body.ok === 'boolean' ? body : undefined)
        } catch {
          // Something that is not our gateway answered.
          resolve(undefined)
        }
      })
      res.on('error', () => resolve(undefined))
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(undefined))
    req.end()
  })
}
