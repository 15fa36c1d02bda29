import type { Readable } from 'node:stream'

/**
 * workerd's console output (the request log lines, errors), passed on to the daemon's own output, which is its
 * log file or, in the foreground, the terminal. Miniflare's default reads each line with readline and writes it
 * again with `console.log`: with a line per request, about 0.2–0.4 ms of the daemon's CPU per request, on cores
 * the requests share. Here each chunk is written at once, up to its last complete line, so lines stay whole
 * beside the daemon's own.
 */
export function forwardWorkerdOutput(from: Readable, to: Pick<NodeJS.WriteStream, 'write'>): void {
  let partial = ''
  from.setEncoding('utf8')
  from.on('data', (chunk: string) => {
    const text = partial === '' ? chunk : partial + chunk
    const end = text.lastIndexOf('\n') + 1
    partial = text.slice(end)
    if (end > 0) to.write(end === text.length ? text : text.slice(0, end))
  })
  from.on('end', () => {
    if (partial !== '') to.write(`${partial}\n`)
    partial = ''
  })
}
