import type { LocalServer } from './local-servers'

/** A model a local server offers, with what the server says about it (undefined: it did not say). */
export interface LocalModel {
  id: string
  contextLength?: number
  supportsImages?: boolean
  supportsTools?: boolean
}

export interface FoundServer extends LocalServer {
  models: LocalModel[]
}
