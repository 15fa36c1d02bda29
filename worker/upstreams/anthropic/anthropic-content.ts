import { imageUrlOf, parseDataUrl } from '../../canonical/responses-content'
import { badRequest, isRecord } from '../../http/bad-request'
import type { AnthropicBlock } from './anthropic-types'

export interface BlockOptions {
  isImageSupported: boolean
  modelName: string
  dropped: string[]
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp'])

/** Anthropic rejects empty and whitespace-only text blocks ("text content blocks must be non-empty"). */
export function textBlock(text: string): AnthropicBlock[] {
  return text.trim() === '' ? [] : [{ type: 'text', text }]
}

/** Responses content → Anthropic blocks: text, and images as base64 or URL sources (a note for text-only models). */
export function blocksOf(content: unknown, path: string, options: BlockOptions): AnthropicBlock[] {
  if (content === undefined || content === null) return []
  if (typeof content === 'string') return textBlock(content)
  if (!Array.isArray(content)) throw badRequest(path, 'expected a string or an array of content parts')
  return content.flatMap((part, index): AnthropicBlock[] => {
    const partPath = `${path}[${index}]`
    if (typeof part === 'string') return textBlock(part)
    if (!isRecord(part)) throw badRequest(partPath, 'expected a content part object')
    if (part.type === 'input_image' || part.type === 'image_url') {
      const url = imageUrlOf(part)
      if (url === undefined) throw badRequest(`${partPath}.image_url`, 'expected an image URL or data URL')
      return imageBlock(url, partPath, options)
    }
    if (part.type === 'input_file') {
      options.dropped.push(`${partPath}: input_file is not sent to Anthropic upstreams`)
      return textBlock(`[file ${typeof part.filename === 'string' ? part.filename : 'file'} omitted]`)
    }
    const text = typeof part.text === 'string' ? part.text : typeof part.refusal === 'string' ? part.refusal : undefined
    if (text === undefined)
      throw badRequest(`${partPath}.type`, `unsupported content part type ${JSON.stringify(part.type)}`)
    return textBlock(text)
  })
}

function imageBlock(url: string, path: string, options: BlockOptions): AnthropicBlock[] {
  if (!options.isImageSupported) {
    options.dropped.push(`${path}: image omitted (no_image_support)`)
    return textBlock(`[image omitted: ${options.modelName} does not accept images]`)
  }
  const data = parseDataUrl(url)
  if (data) {
    if (IMAGE_TYPES.has(data.mediaType))
      return [{ type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.data } }]
    options.dropped.push(`${path}: ${data.mediaType} images are not accepted by Anthropic`)
    return textBlock(`[image omitted: ${data.mediaType} is not a supported image type]`)
  }
  return [{ type: 'image', source: { type: 'url', url } }]
}
