import { badRequest, isRecord } from '../http/bad-request'

/** Text of a part list (or string), for roles whose content is text only. */
export function textOf(content: unknown, path: string): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) throw badRequest(path, 'expected a string or an array of content parts')
  return content
    .map((part, index) => {
      if (typeof part === 'string') return part
      if (!isRecord(part)) throw badRequest(`${path}[${index}]`, 'expected a content part object')
      if (typeof part.text === 'string') return part.text
      if (typeof part.refusal === 'string') return part.refusal
      return ''
    })
    .filter((text) => text !== '')
    .join('\n\n')
}

/** A `data:` URL split into its media type and base64 payload (images for upstreams that want them apart). */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url)
  return match?.[1] === undefined || match[2] === undefined ? undefined : { mediaType: match[1], data: match[2] }
}

/** The URL of an `input_image` part (a string, or `{url}` in older shapes). */
export function imageUrlOf(part: Record<string, unknown>): string | undefined {
  if (typeof part.image_url === 'string') return part.image_url
  if (isRecord(part.image_url) && typeof part.image_url.url === 'string') return part.image_url.url
  return undefined
}
