import { styleText } from 'node:util'

type Style = Parameters<typeof styleText>[0]

/** Colour only for a terminal that wants it: never when piped, with NO_COLOR, or on a dumb terminal. */
function isColorful(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true && process.env.TERM !== 'dumb'
}

function paint(stream: NodeJS.WriteStream, style: Style, text: string): string {
  return isColorful(stream) ? styleText(style, text) : text
}

/** CLI output: results scripts read go to stdout; progress, warnings and errors to stderr. */
export const ui = {
  out(text: string): void {
    process.stdout.write(`${text}\n`)
  },
  success(text: string): void {
    process.stdout.write(`${paint(process.stdout, 'green', '✓')} ${text}\n`)
  },
  info(text: string): void {
    process.stderr.write(`${text}\n`)
  },
  warn(text: string): void {
    process.stderr.write(`${paint(process.stderr, 'yellow', 'warning:')} ${text}\n`)
  },
  dim(text: string, stream: NodeJS.WriteStream = process.stdout): string {
    return paint(stream, 'dim', text)
  },
  bold(text: string, stream: NodeJS.WriteStream = process.stdout): string {
    return paint(stream, 'bold', text)
  },
}
