import { createInterface } from 'node:readline/promises'

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  const reader = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await reader.question(`${question} [y/N] `)
    return /^y(es)?$/i.test(answer.trim())
  } finally {
    reader.close()
  }
}
