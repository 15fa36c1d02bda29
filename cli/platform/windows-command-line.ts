/** cmd.exe refuses longer lines ("The command line is too long"). */
export const CMD_LINE_LIMIT = 8191
/** CreateProcess's limit for lpCommandLine, terminating NUL included. */
export const CREATE_PROCESS_LIMIT = 32_767

/**
 * One argument quoted so that the MSVCRT / CommandLineToArgvW parser every Windows program uses gives it back
 * unchanged: backslashes are literal except before a quote, where they must be doubled, and a quote is `\"`
 * (libuv's quote_cmd_arg follows the same rules; "Everyone quotes command line arguments the wrong way", MSDN blog).
 */
export function quoteWindowsArgument(argument: string, options: { always?: boolean } = {}): string {
  if (argument !== '' && options.always !== true && !/[\s"]/.test(argument)) return argument
  let quoted = '"'
  let backslashes = 0
  for (const character of argument) {
    if (character === '\\') {
      backslashes++
      continue
    }
    quoted += character === '"' ? `${'\\'.repeat(backslashes * 2 + 1)}"` : `${'\\'.repeat(backslashes)}${character}`
    backslashes = 0
  }
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`
}

/** The command line CreateProcess gets for `file args…` when nothing sits in between. */
export function windowsCommandLine(file: string, args: readonly string[]): string {
  return [quoteWindowsArgument(file), ...args.map((argument) => quoteWindowsArgument(argument))].join(' ')
}

/** Characters cmd.exe acts on outside quotes (`%` and `!` expand, the rest separate or redirect). */
const CMD_METACHARACTERS = /[()[\]%!^"`<>&|;, *?]/g

/**
 * The line `cmd.exe /d /s /c "<line>"` runs, for a `.cmd`/`.bat` we could not bypass. Every argument is quoted for
 * MSVCRT, then every cmd metacharacter (the quotes included, so cmd never enters its quoted mode) is caret-escaped;
 * twice, because a batch file's `%*` hands the arguments to a second round of cmd parsing (the scheme of
 * https://qntm.org/cmd, as cross-spawn applies it).
 */
export function cmdExeLine(file: string, args: readonly string[]): string {
  const command = file.replace(CMD_METACHARACTERS, '^$&')
  const escaped = args.map((argument) =>
    quoteWindowsArgument(argument, { always: true })
      .replace(CMD_METACHARACTERS, '^$&')
      .replace(CMD_METACHARACTERS, '^$&'),
  )
  return [command, ...escaped].join(' ')
}
