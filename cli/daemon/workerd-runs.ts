import type { Platform } from '../platform'
import { workerdSupportProblem } from '../platform'
import { UserError } from '../user-error'

/** Stops before anything is spawned on a platform workerd has no build for (Windows on ARM), with the way out. */
export function assertWorkerdRuns(platform: Pick<Platform, 'os' | 'arch'>): void {
  const problem = workerdSupportProblem(platform.os, platform.arch)
  if (problem !== undefined) throw new UserError(problem.message, problem.hint)
}
