import { readFile } from 'node:fs/promises'
import { isRecord } from '../../shared/is-record'
import { ROW_LIST_KEYS, type Row } from './merge-generated-rows'

/**
 * Every row of models.json, from every list it keeps rows in, a bare name as the Ollama row it stands for; none
 * when the file is missing or is not JSON (the write that follows refuses such a file with the reason).
 */
export async function readModelRows(path: string): Promise<Row[]> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return []
  }
  const document = parsed
  const lists = Array.isArray(document)
    ? [document]
    : isRecord(document)
      ? ROW_LIST_KEYS.map((key) => document[key])
      : []
  return lists.flatMap((list) =>
    Array.isArray(list)
      ? list.flatMap((row): Row[] =>
          isRecord(row) ? [row] : typeof row === 'string' ? [{ model: row, provider: 'ollama' }] : [],
        )
      : [],
  )
}
