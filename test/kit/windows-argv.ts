/**
 * Test oracles for Windows command lines, so quoting is checked on Linux against the rules Windows programs
 * parse with, not against our own quoting code.
 */

/**
 * The MSVCRT (2008+) / CommandLineToArgvW rules: argv[0] ends at the next quote if it starts with one, else at
 * whitespace; then 2n backslashes + `"` give n backslashes and toggle quoting, 2n+1 backslashes + `"` give n
 * backslashes and a literal quote, other backslashes are literal, and `""` inside quotes is a literal quote.
 */
export function parseWindowsCommandLine(line: string): string[] {
  const argv: string[] = []
  let index = 0
  if (line.startsWith('"')) {
    const end = line.indexOf('"', 1)
    argv.push(line.slice(1, end === -1 ? undefined : end))
    index = end === -1 ? line.length : end + 1
  } else {
    const end = line.search(/[ \t]/)
    argv.push(line.slice(0, end === -1 ? undefined : end))
    index = end === -1 ? line.length : end
  }
  let current: string | undefined
  let isQuoted = false
  while (index < line.length) {
    const character = line[index] ?? ''
    if (!isQuoted && (character === ' ' || character === '\t')) {
      if (current !== undefined) argv.push(current)
      current = undefined
      index++
      continue
    }
    current ??= ''
    if (character === '\\') {
      let count = 0
      while (line[index] === '\\') {
        count++
        index++
      }
      if (line[index] === '"') {
        current += '\\'.repeat(Math.floor(count / 2))
        if (count % 2 === 1) {
          current += '"'
          index++
        }
      } else {
        current += '\\'.repeat(count)
      }
      continue
    }
    if (character === '"') {
      if (isQuoted && line[index + 1] === '"') {
        current += '"'
        index += 2
        continue
      }
      isQuoted = !isQuoted
      index++
      continue
    }
    current += character
    index++
  }
  if (current !== undefined) argv.push(current)
  return argv
}

export class CmdInjection extends Error {}

/**
 * cmd.exe's parsing of one line, as far as it matters here: phase 1 expands `%NAME%` for defined names (left as
 * they are otherwise, as on the command line); phase 2 makes `^` escape the next character and `"` toggle quoted
 * mode (where everything is literal), and an unescaped `& | < >` outside quotes would start another command, which
 * throws CmdInjection.
 */
export function cmdPhase1(line: string, env: Record<string, string>): string {
  let out = ''
  let index = 0
  while (index < line.length) {
    const character = line[index] ?? ''
    if (character === '%') {
      const end = line.indexOf('%', index + 1)
      const name = end === -1 ? undefined : line.slice(index + 1, end)
      const value =
        name === undefined
          ? undefined
          : Object.entries(env).find(([key]) => key.toUpperCase() === name.toUpperCase())?.[1]
      if (value !== undefined && end !== -1) {
        out += value
        index = end + 1
        continue
      }
    }
    out += character
    index++
  }
  return out
}

export function cmdPhase2(line: string): string {
  let out = ''
  let isQuoted = false
  for (let index = 0; index < line.length; index++) {
    const character = line[index] ?? ''
    if (isQuoted) {
      if (character === '"') isQuoted = false
      out += character
      continue
    }
    if (character === '^') {
      index++
      out += line[index] ?? ''
      continue
    }
    if (character === '"') isQuoted = true
    else if ('&|<>'.includes(character)) throw new CmdInjection(`unescaped ${character} in: ${line}`)
    out += character
  }
  return out
}

/**
 * What a batch file started as `cmd.exe /d /s /c "<line>"` hands its node script, for an npm-style shim whose last
 * line is `"%_prog%" "%dp0%\x.js" %*`: /s strips the outer quotes, cmd parses the line (phases 1 and 2), and the
 * batch file's `%*` puts the arguments through phase 2 once more; node then parses the result with MSVCRT rules.
 */
export function argumentsThroughBatch(
  commandLine: string,
  env: Record<string, string>,
): { command: string; args: string[] } {
  const match = /^\S+ \/d \/s \/c "(.*)"$/s.exec(commandLine)
  if (match?.[1] === undefined) throw new Error(`not a cmd /d /s /c line: ${commandLine}`)
  const expanded = cmdPhase1(match[1], env)
  // The program ends at the first space that is not caret-escaped.
  const split = /^((?:\^.|[^ ^])+)(?: (.*))?$/s.exec(expanded)
  const command = cmdPhase2(split?.[1] ?? '')
  const secondRound = cmdPhase2(cmdPhase2(split?.[2] ?? ''))
  return { command, args: parseWindowsCommandLine(`node.exe ${secondRound}`).slice(1) }
}
