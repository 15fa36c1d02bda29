export { envNamesMatching, envValue } from './case-aware-env'
export { commandInvocation, fileInvocation, type Invocation } from './command-invocation'
export { killTree, treeKillCommand } from './kill-tree'
export { withLoopbackNoProxy } from './loopback-no-proxy'
export { npmShimTarget } from './npm-shim-target'
export {
  hostPlatform,
  type Exec,
  type ExecOptions,
  type ExecResult,
  type Platform,
  type PlatformFs,
  type SpawnProcess,
} from './platform'
export { createProcessInspector, parseCimProcesses, parseTasklistCsv, type ProcessInspector } from './process-inspector'
export {
  isLoopbackHost,
  isProxyConfigured,
  noProxyEntries,
  proxyFor,
  proxySettingsFrom,
  redactProxyUrl,
  type ProxySettings,
} from './proxy-settings'
export { resolveCommand } from './resolve-command'
export { persistVariableCommand, setVariableCommand, userShell, type ShellKind } from './shell-syntax'
export {
  cmdExeLine,
  CMD_LINE_LIMIT,
  CREATE_PROCESS_LIMIT,
  quoteWindowsArgument,
  windowsCommandLine,
} from './windows-command-line'
export {
  isBypassed,
  parseInternetSettings,
  readWindowsSystemProxy,
  systemProxyUrl,
  type WindowsSystemProxy,
} from './windows-system-proxy'
export { workerdSupportProblem } from './workerd-support'
