/**
 * The daemon must outlive a bad request (reference: issue "lock the doors"): Miniflare runs some of its loopback
 * handlers without awaiting them, so one throw there would otherwise end the process with the gateway. What
 * escapes is logged with its stack and the daemon keeps serving; a broken workerd is noticed and restarted by
 * the supervisor.
 */
export function installCrashGuard(log: (line: string) => void): () => void {
  const onRejection = (reason: unknown) =>
    logSafely(log, `[daemon] unhandled rejection (kept running): ${describeError(reason)}`)
  const onException = (error: Error) =>
    logSafely(log, `[daemon] uncaught exception (kept running): ${describeError(error)}`)
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  return () => {
    process.off('unhandledRejection', onRejection)
    process.off('uncaughtException', onException)
  }
}

/** A log that throws here would be one more uncaught exception, logged the same way, without end. */
function logSafely(log: (line: string) => void, line: string): void {
  try {
    log(line)
  } catch {
    // Nowhere left to report it.
  }
}

function describeError(value: unknown): string {
  return value instanceof Error ? (value.stack ?? value.message) : String(value)
}
