import { writeFileAtomic } from '../atomic-write'
import { UserError } from '../user-error'
import { remoteRequestHeaders } from './remote-provider'
import type { Remote } from './remote-store'

const TIMEOUT_MS = 20_000

export interface RemoteCatalog {
  models: { slug: string }[]
}

/**
 * The deployed gateway's Codex catalog (`GET <url>/v1/models`, which serves it beside the OpenAI list), saved
 * where the managed block's `model_catalog_json` points while the remote is in use. Access's own refusals are
 * recognised, so the user hears what to fix rather than "invalid JSON".
 */
export async function fetchRemoteCatalog(remote: Remote, env: NodeJS.ProcessEnv, file: string): Promise<RemoteCatalog> {
  let response: Response
  try {
    response = await fetch(`${remote.url}/v1/models`, {
      headers: remoteRequestHeaders(remote, env),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error) {
    if (error instanceof UserError) throw error
    throw new UserError(
      `Remote "${remote.name}" could not be reached at ${remote.url}: ${error instanceof Error ? error.message : String(error)}.`,
      'Check the URL and your network.',
    )
  }
  if (response.status >= 300 && response.status < 400) {
    throw new UserError(
      `Remote "${remote.name}" redirected the request (${response.status}) to ${response.headers.get('location') ?? 'a login page'}: Cloudflare Access did not accept the service token.`,
      'Check the service token and that the Access policy has a Service Auth rule for it.',
    )
  }
  if (!response.ok) {
    const accessError = response.headers.get('cf-access-error')
    const detail = accessError ? `Cloudflare Access: ${accessError}` : (await response.text()).slice(0, 300)
    throw new UserError(
      `Remote "${remote.name}" refused the request (HTTP ${response.status}): ${detail}`,
      "Check the credentials variables and the remote gateway's access settings.",
    )
  }
  const body = (await response.json().catch(() => undefined)) as Partial<RemoteCatalog> | undefined
  if (!Array.isArray(body?.models))
    throw new UserError(
      `Remote "${remote.name}" did not answer with a Codex catalog.`,
      `Is ${remote.url} a codex-shim gateway?`,
    )
  const catalog: RemoteCatalog = {
    models: body.models.filter(
      (entry): entry is { slug: string } => typeof (entry as { slug?: unknown }).slug === 'string',
    ),
  }
  await writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`)
  return catalog
}
