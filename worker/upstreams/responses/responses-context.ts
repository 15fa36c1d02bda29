/** What translating or relaying a Responses upstream's answer needs from the request side. */
export interface ResponsesContext {
  slug: string
  /** Redacted from every message the upstream sends back (the model's key and headers, the gateway's secrets). */
  secrets: readonly string[]
}
