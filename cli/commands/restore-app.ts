import { desktopRestoreCommand } from './desktop'

/** The original tool's name for `codex-shim desktop restore`. */
export default desktopRestoreCommand('restore-app')
