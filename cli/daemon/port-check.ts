import { createServer } from 'node:net'

/** `forbidden` is EACCES: on Windows almost always a port range Hyper-V, WSL or Docker reserved, not a program. */
export type PortState = 'free' | 'in_use' | 'forbidden'

/** Whether something already listens on host:port. workerd's own bind failure is a fatal native error, so we ask first. */
export function checkPort(port: number, host: string): Promise<PortState> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve('in_use')
      else if (error.code === 'EACCES') resolve('forbidden')
      else reject(error)
    })
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')))
  })
}

export async function isPortBusy(port: number, host: string): Promise<boolean> {
  return (await checkPort(port, host)) !== 'free'
}
