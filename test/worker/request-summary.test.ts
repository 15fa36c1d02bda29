import { Hono } from 'hono'
import { describe, expect, test } from 'vitest'
import type { AppEnv } from '../../worker/env'
import { requestLog } from '../../worker/http/request-summary'

describe('work after a request (RequestSummary.afterFinish)', () => {
  test('waits for a streaming request to finish, and runs at once once it has', async () => {
    const events: string[] = []
    let finishStream: () => void = () => undefined
    const app = new Hono<AppEnv>().use(requestLog({ onFinish: () => events.push('line logged') })).get('/', (c) => {
      const summary = c.var.summary
      summary.isDeferred = true
      summary.afterFinish(() => events.push('side work'))
      finishStream = () => {
        summary.finish({ status: 200 })
        summary.afterFinish(() => events.push('late side work'))
      }
      return c.text('streaming')
    })
    const response = await app.request('/')
    expect(await response.text()).toBe('streaming')
    expect(events).toEqual([])
    finishStream()
    expect(events).toEqual(['line logged', 'side work', 'late side work'])
  })

  test('after a request that is not streamed, and a task that throws does not stop the others', async () => {
    const events: string[] = []
    const app = new Hono<AppEnv>().use(requestLog()).get('/', (c) => {
      c.var.summary.afterFinish(() => {
        throw new Error('broken side work')
      })
      c.var.summary.afterFinish(() => events.push('side work'))
      events.push('handler')
      return c.text('done')
    })
    expect((await app.request('/')).status).toBe(200)
    expect(events).toEqual(['handler', 'side work'])
  })
})
