import { fileURLToPath } from 'node:url'

/** This CLI's own entry (dist/cli.js once built: every module shares the bundle's URL), to run it again. */
export const CLI_SCRIPT = fileURLToPath(import.meta.url)
