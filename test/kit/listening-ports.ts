import { readdir, readFile, readlink } from 'node:fs/promises'

/**
 * The TCP ports a process listens on (Linux): its socket inodes from /proc/<pid>/fd, matched against the LISTEN
 * rows of /proc/net/tcp and tcp6. What any local process could find and connect to.
 */
export async function listeningPortsOf(pid: number): Promise<number[]> {
  const inodes = new Set<string>()
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [])) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1]
    if (inode !== undefined) inodes.add(inode)
  }
  const ports = new Set<number>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const rows = (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)
    for (const row of rows) {
      const fields = row.trim().split(/\s+/)
      // fields: sl, local address (hex ip:port), remote address, state (0A = LISTEN), …, inode at index 9
      if (fields[3] !== '0A' || !inodes.has(fields[9] ?? '')) continue
      ports.add(Number.parseInt(fields[1]?.split(':')[1] ?? '', 16))
    }
  }
  return [...ports].sort((a, b) => a - b)
}
