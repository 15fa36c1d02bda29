import { desktopPatchCommand } from './desktop'

/** The original tool's name for `codex-shim desktop patch`. */
export default desktopPatchCommand('patch-app')
