/** Random, collision-free item ids with the prefixes OpenAI uses (`resp_`, `msg_`, `rs_`, `fc_`, `ctc_`). */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`
}
