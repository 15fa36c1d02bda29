/** The one-line answer of `desktop status`, and what `desktop patch` obeys. */
export type Verdict =
  | { kind: 'no-patch-needed'; reason: string }
  | { kind: 'patch-available'; reason: string }
  | { kind: 'cannot-patch'; reason: string }

export function verdictText(verdict: Verdict): string {
  if (verdict.kind === 'no-patch-needed') return `no patch needed: ${verdict.reason}`
  if (verdict.kind === 'patch-available') return `patch available: ${verdict.reason}`
  return `cannot patch: ${verdict.reason}`
}

export const RESTORE_COMMAND = 'codex-shim desktop restore'
export const PATCH_COMMAND = 'codex-shim desktop patch'
