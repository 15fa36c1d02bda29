/**
 * citty hands a subcommand only the arguments after its name, so `codex-shim --port 9000 start` would lose the
 * port. Global value flags written before the command are moved after it.
 */
export function moveGlobalFlagsAfterCommand(argv: readonly string[], valueFlags: readonly string[]): string[] {
  const moved: string[] = []
  const rest: string[] = []
  let index = 0
  for (; index < argv.length; index++) {
    const arg = argv[index] ?? ''
    if (arg === '--' || !arg.startsWith('-')) break
    const name = arg.split('=', 1)[0] ?? ''
    if (!valueFlags.includes(name)) {
      rest.push(arg)
      continue
    }
    moved.push(arg)
    if (!arg.includes('=') && index + 1 < argv.length) moved.push(argv[++index] ?? '')
  }
  const command = argv[index]
  if (command === undefined || command === '--') return [...argv]
  return [...rest, command, ...moved, ...argv.slice(index + 1)]
}
