import { createServer } from 'node:net'

/** Whether something already listens on host:port. workerd's own bind failure is a fatal native error, so we ask first. */
export function isPortBusy(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(true)
      else reject(error)
    })
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)))
  })
}
