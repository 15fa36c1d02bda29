/**
 * JSON.parse's message without the stretch of input V8 sometimes quotes (`Unexpected token 'x', "…" is not
 * valid JSON`): that stretch can hold an API key or a prompt, and neither may reach a log or an error body.
 */
export function jsonParseMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.replace(/, ".*" is not valid JSON$/s, '')
}
