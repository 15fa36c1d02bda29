/**
 * A failure the user can fix: printed as one line plus a hint, never as a stack (like nuxt's ActionableError).
 * citty's runMain prints thrown errors and exits 1.
 */
export class UserError extends Error {
  constructor(message: string, hint?: string) {
    super(hint === undefined ? message : `${message}\n  hint: ${hint}`)
    // An own enumerable `name` would make console.error print `{ name: 'UserError' }` after the message.
    Object.defineProperty(this, 'name', { value: 'UserError', enumerable: false })
    this.stack = this.message
  }
}
