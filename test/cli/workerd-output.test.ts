import { PassThrough } from 'node:stream'
import { once } from 'node:events'
import { expect, test } from 'vitest'
import { forwardWorkerdOutput } from '../../cli/daemon/workerd-output'

test("workerd's output is passed on in whole lines, a line split across chunks written once it is complete", async () => {
  const from = new PassThrough()
  const writes: string[] = []
  forwardWorkerdOutput(from, { write: (text: string | Uint8Array) => writes.push(String(text)) > 0 })
  from.write('one\ntw')
  from.write('o\nthree\nfo')
  from.write('ur')
  from.end('\nlast without a newline')
  await once(from, 'end')
  expect(writes).toEqual(['one\n', 'two\nthree\n', 'four\n', 'last without a newline\n'])
  expect(writes.join('')).toBe('one\ntwo\nthree\nfour\nlast without a newline\n')
})

test('multi-byte characters split between chunks arrive intact', async () => {
  const from = new PassThrough()
  const writes: string[] = []
  forwardWorkerdOutput(from, { write: (text: string | Uint8Array) => writes.push(String(text)) > 0 })
  const bytes = Buffer.from('caf\u00e9 \u65e5\u672c\n')
  from.write(bytes.subarray(0, 4)) // ends inside the two bytes of é
  from.end(bytes.subarray(4))
  await once(from, 'end')
  expect(writes.join('')).toBe('caf\u00e9 \u65e5\u672c\n')
})
