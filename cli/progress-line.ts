const BAR_WIDTH = 24

export interface ProgressLine {
  /** One more step done; `line` is printed as it is when there is no terminal to draw a bar on. */
  advance(label: string, line?: string): void
  /** A message that must not be lost under the bar (a rate-limit wait, say). */
  note(text: string): void
  done(): void
}

/**
 * Progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise (a log, a pipe, CI), so
 * captured output never fills with carriage returns.
 */
export function createProgressLine(options: {
  title: string
  total: number
  stream?: NodeJS.WriteStream
  env?: NodeJS.ProcessEnv
}): ProgressLine {
  const stream = options.stream ?? process.stderr
  const isTerminal = stream.isTTY === true && (options.env ?? process.env).TERM !== 'dumb'
  let count = 0
  let label = ''

  function draw(): void {
    const filled = options.total === 0 ? BAR_WIDTH : Math.round((count / options.total) * BAR_WIDTH)
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`
    const text = `${options.title} ${bar} ${count}/${options.total} ${label}`
    const width = stream.columns ?? 80
    stream.write(`\r\x1b[2K${text.length > width - 1 ? text.slice(0, width - 1) : text}`)
  }

  if (isTerminal) draw()
  return {
    advance(next, line) {
      count++
      label = next
      if (isTerminal) draw()
      else if (line !== undefined) stream.write(`${line}\n`)
    },
    note(text) {
      if (isTerminal) {
        stream.write(`\r\x1b[2K${text}\n`)
        draw()
      } else stream.write(`${text}\n`)
    },
    done() {
      if (isTerminal) stream.write('\r\x1b[2K')
    },
  }
}
