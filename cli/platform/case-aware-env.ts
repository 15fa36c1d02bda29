/**
 * Windows environment names are case-insensitive (`Path`, `PATH`, `no_proxy`), but a plain copy of the
 * environment is an ordinary object: `{ ...process.env }` keeps `Path` and has no `PATH`. These read a copy the way
 * Windows would; elsewhere names are exact.
 */
export function envNamesMatching(env: NodeJS.ProcessEnv, name: string, os: NodeJS.Platform): string[] {
  if (os !== 'win32') return env[name] === undefined ? [] : [name]
  const wanted = name.toUpperCase()
  return Object.keys(env).filter((key) => key.toUpperCase() === wanted && env[key] !== undefined)
}

export function envValue(env: NodeJS.ProcessEnv, name: string, os: NodeJS.Platform): string | undefined {
  if (os !== 'win32') return env[name]
  // An exact match first: on the real process.env every spelling reads the one variable anyway.
  if (env[name] !== undefined) return env[name]
  const [key] = envNamesMatching(env, name, os)
  return key === undefined ? undefined : env[key]
}
