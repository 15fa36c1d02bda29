import { UserError } from '../user-error'
import { RESTORE_COMMAND } from './desktop-verdict'

export type DesktopOperation = 'patch' | 'restore'

/**
 * A Desktop patch or restore that stopped: the message names the step and the cause, the hint says what state the
 * app is in and how to undo, so nobody is left guessing whether the bundle was touched.
 */
export function stepFailure(operation: DesktopOperation, step: string, cause: unknown, state: string): UserError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new UserError(
    `Desktop ${operation} stopped at "${step}": ${reason}`,
    `${state} To undo a patch: \`${RESTORE_COMMAND}\`.`,
  )
}

/** Runs one named step; whatever it throws becomes a failure that names it (a UserError passes as it is). */
export async function runStep<T>(
  operation: DesktopOperation,
  step: string,
  state: string,
  action: () => Promise<T>,
): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (error instanceof UserError) throw error
    throw stepFailure(operation, step, error, state)
  }
}

export const APP_UNCHANGED = 'Your app was not changed.'
