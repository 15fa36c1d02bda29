import { fileInvocation, type Invocation, type Platform } from '../platform'

type InvocationPlatform = Pick<Platform, 'os' | 'path' | 'env' | 'fs' | 'execPath'>

/**
 * How to start cursor-agent without a shell (reference/windows.md §16). On Windows its installer's
 * `cursor-agent.cmd` runs `cursor-agent.ps1`, which runs `versions\<version>\node.exe index.js`: both wrappers are
 * bypassed and the newest version's node.exe runs index.js directly, so there is no cmd.exe quoting, no
 * PowerShell execution policy and no 8191-character limit (the prompt goes on stdin anyway). Anything else (a
 * `.cmd` elsewhere, an npm shim, a Node script such as a test's fake) goes through the platform seam's rules.
 */
export async function cursorAgentInvocation(
  binary: string,
  args: readonly string[],
  platform: InvocationPlatform,
): Promise<Invocation> {
  if (platform.os === 'win32' && /\.(cmd|ps1|bat)$/i.test(binary)) {
    const direct = await installedNodeEntry(platform.path.dirname(binary), platform)
    if (direct !== undefined)
      return { file: direct.node, args: [direct.script, ...args], windowsVerbatimArguments: false, via: 'script' }
  }
  return fileInvocation(binary, args, platform)
}

/** The newest `versions\<version>\` that has both node.exe and index.js (version names sort as dates). */
async function installedNodeEntry(
  installDir: string,
  platform: InvocationPlatform,
): Promise<{ node: string; script: string } | undefined> {
  const versions = platform.path.join(installDir, 'versions')
  const names = await platform.fs.readdir(versions).catch(() => [] as string[]) // no versions folder: not Cursor's installer layout
  for (const name of [...names].sort().reverse()) {
    const node = platform.path.join(versions, name, 'node.exe')
    const script = platform.path.join(versions, name, 'index.js')
    if ((await platform.fs.isFile(node)) && (await platform.fs.isFile(script))) return { node, script }
  }
  return undefined
}
