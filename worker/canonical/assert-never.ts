/**
 * The default of an exhaustive `switch` over one of our unions: it compiles only when every member has its case,
 * so a new member is a type error at each place that must learn it (cloudflare/workers-sdk
 * `packages/workers-utils/src/assert-never.ts`). Reaching it at run time is a bug, never an upstream's doing:
 * upstream input is narrowed into our unions, with an `unknown` member for what we do not know.
 */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(JSON.stringify(value)).slice(0, 200)}`)
}
