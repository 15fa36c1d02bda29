import { isRecord } from '../../shared/is-record'
import { fetchJson } from '../fetch-json'
import { UserError } from '../user-error'

/**
 * The model ids `GET <base>/models` lists (`data[].id`; nothing else is in it, §1.2), sorted. Anything but a
 * non-empty list stops the refresh before a row is touched.
 */
export async function listOpencodeModels(baseUrl: string, apiKey: string): Promise<string[]> {
  const url = `${baseUrl}/models`
  const answer = await fetchJson(url, { headers: { authorization: `Bearer ${apiKey}` }, timeoutMs: 20_000 })
  const nothingChanged = 'Nothing was changed.'
  if (answer.kind === 'timed_out')
    throw new UserError(
      `OpenCode Go did not answer GET ${url} in 20 s. ${nothingChanged}`,
      'Check your network and try again.',
    )
  if (answer.kind === 'unreachable')
    throw new UserError(
      `Cannot reach OpenCode Go at ${url} (${answer.message}). ${nothingChanged}`,
      'Check your network (and --base-url, if you passed one).',
    )
  if (answer.status !== 200)
    throw new UserError(`OpenCode Go answered ${answer.status} to GET ${url}. ${nothingChanged}`)
  const data = isRecord(answer.json) && Array.isArray(answer.json.data) ? answer.json.data : undefined
  if (data === undefined)
    throw new UserError(
      `GET ${url} did not answer with a model list. ${nothingChanged}`,
      'Is --base-url the OpenCode Go API (…/zen/go/v1)?',
    )
  const ids = [
    ...new Set(
      data.flatMap((entry) =>
        isRecord(entry) && typeof entry.id === 'string' && entry.id.trim() !== '' ? [entry.id.trim()] : [],
      ),
    ),
  ].sort()
  if (ids.length === 0) throw new UserError(`OpenCode Go lists no models at ${url}. ${nothingChanged}`)
  return ids
}
