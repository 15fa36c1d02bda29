/** Resolves `undefined` after `ms`: the losing side of a race with an upstream's answer (the header grace). */
export const sleep = (ms: number): Promise<undefined> =>
  new Promise((resolve) => setTimeout(() => resolve(undefined), ms))
