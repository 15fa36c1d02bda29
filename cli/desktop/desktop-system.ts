/** The bundle id of Codex Desktop, kept when the app became ChatGPT.app (reference/opencode-and-desktop.md §2.2). */
export const CODEX_BUNDLE_ID = 'com.openai.codex'

export interface CommandResult {
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * Everything the Desktop commands ask of macOS or Windows, passed in by the command so that the tests run on Linux
 * with fakes. Files are read and written directly; only other programs go through here.
 */
export interface DesktopSystem {
  platform: NodeJS.Platform
  homeDir: string
  env: NodeJS.ProcessEnv
  /** `mdfind "kMDItemCFBundleIdentifier == '<id>'"`: Spotlight's list of bundles with that id (may be empty). */
  findBundlesById(bundleId: string): Promise<string[]>
  /** `plutil -convert xml1 -o - <file>`, for an Info.plist stored in the binary format. */
  plistToXml(path: string): Promise<string>
  /** `ditto --noqtn <from> <to>`: a copy keeping symlinks, permissions, xattrs and signatures, without quarantine. */
  copyBundle(from: string, to: string): Promise<void>
  /** `codesign -d --entitlements - --xml <bundle>`: the entitlements as an XML plist ('' when it has none). */
  readEntitlements(bundle: string): Promise<string>
  /** `codesign --force --sign - [--options runtime --entitlements <file> --generate-entitlement-der] <bundle>`. */
  signAdHoc(bundle: string, options: { entitlementsFile?: string }): Promise<void>
  /** `codesign --verify --deep --strict <bundle>`. */
  verifySignature(bundle: string): Promise<CommandResult>
  /** Whether an app with this bundle id runs now; the bundle must not change under a running app. */
  isAppRunning(bundleId: string): Promise<boolean>
  /** Windows: the names of installed Store (MSIX) packages whose name starts with one of `prefixes`. */
  findStorePackages(prefixes: readonly string[]): Promise<string[]>
}
