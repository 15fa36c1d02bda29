/**
 * Makes the daemon's stdout and stderr go quiet once their reader has gone (`start --foreground 2>&1 | head`, a
 * closed terminal). A failed write is an `error` event on the stream: unhandled, it is an uncaught exception,
 * whose log line fails the same way, and the daemon would spin on that at full CPU. The gateway keeps serving;
 * its output has nowhere to go, so it is dropped.
 */
export function dropOutputWhenReaderLeaves(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.once('error', () => {
      stream.write = (() => true) as typeof stream.write
      // Later failures of the same destroyed stream, if any were already queued, are expected now.
      stream.on('error', () => undefined)
    })
  }
}
