import { badRequest, isRecord } from '../../http/bad-request'
import type { ChatContentPart } from './chat-types'
import { imageUrlOf } from '../../canonical/responses-content'

export interface ContentOptions {
  isImageSupported: boolean
  modelName: string
  dropped: string[]
}

const DETAILS = new Set(['auto', 'low', 'high'])

/** Responses content parts → chat parts: text, and images as `image_url` (or a note for text-only models). */
export function chatPartsOf(content: unknown, path: string, options: ContentOptions): ChatContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }]
  if (!Array.isArray(content)) throw badRequest(path, 'expected a string or an array of content parts')
  const parts: ChatContentPart[] = []
  content.forEach((part, index) => {
    const partPath = `${path}[${index}]`
    if (typeof part === 'string') {
      if (part !== '') parts.push({ type: 'text', text: part })
      return
    }
    if (!isRecord(part)) throw badRequest(partPath, 'expected a content part object')
    if (part.type === 'input_image' || part.type === 'image_url') {
      const url = imageUrlOf(part)
      if (url === undefined) throw badRequest(`${partPath}.image_url`, 'expected an image URL or data URL')
      if (!options.isImageSupported) {
        options.dropped.push(`${partPath}: image omitted (no_image_support)`)
        parts.push({ type: 'text', text: `[image omitted: ${options.modelName} does not accept images]` })
        return
      }
      const detail =
        typeof part.detail === 'string' && DETAILS.has(part.detail)
          ? (part.detail as 'auto' | 'low' | 'high')
          : undefined
      parts.push({ type: 'image_url', image_url: detail === undefined ? { url } : { url, detail } })
      return
    }
    if (part.type === 'input_file') {
      const name = typeof part.filename === 'string' ? part.filename : 'file'
      options.dropped.push(`${partPath}: input_file is not supported by chat completions`)
      parts.push({ type: 'text', text: `[file ${name} omitted: this model cannot read attached files]` })
      return
    }
    const text = typeof part.text === 'string' ? part.text : typeof part.refusal === 'string' ? part.refusal : undefined
    if (text === undefined)
      throw badRequest(`${partPath}.type`, `unsupported content part type ${JSON.stringify(part.type)}`)
    if (text !== '') parts.push({ type: 'text', text })
  })
  return parts
}

/** A string when every part is text (what most upstreams handle best), else the part list. */
export function collapseParts(parts: ChatContentPart[]): string | ChatContentPart[] {
  const texts: string[] = []
  for (const part of parts) {
    if (part.type !== 'text') return parts
    texts.push(part.text)
  }
  return texts.join('\n\n')
}
