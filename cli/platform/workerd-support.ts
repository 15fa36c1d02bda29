/** The platforms workerd publishes binaries for (node_modules/workerd/package.json optionalDependencies). */
const WORKERD_BUILDS = new Set(['darwin arm64', 'darwin x64', 'linux arm64', 'linux x64', 'win32 x64'])

export interface UnsupportedPlatform {
  message: string
  hint: string
}

/**
 * Why the gateway cannot run here, or undefined when it can. workerd has no Windows-on-ARM build, so with native
 * ARM64 Node npm's install fails in workerd's own script ("Unsupported platform: win32 arm64 LE"); x64 Node under
 * the emulation Windows on ARM ships with runs it.
 */
export function workerdSupportProblem(os: NodeJS.Platform, arch: string): UnsupportedPlatform | undefined {
  if (WORKERD_BUILDS.has(`${os} ${arch}`)) return undefined
  if (os === 'win32' && arch === 'arm64') {
    return {
      message:
        'Windows on ARM: workerd, the runtime the gateway runs in, has no native ARM64 build, so the gateway cannot start with ARM64 Node.js.',
      hint: 'Install the x64 build of Node.js 20.19 or newer (Windows on ARM runs it under emulation), then run `npm install` again.',
    }
  }
  return {
    message: `workerd, the runtime the gateway runs in, has no build for ${os} ${arch}.`,
    hint: 'It runs on macOS, Linux (x64, arm64) and Windows x64.',
  }
}
