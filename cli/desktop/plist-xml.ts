export type PlistValue = string | number | boolean | Date | Uint8Array | PlistValue[] | PlistDict
export interface PlistDict {
  [key: string]: PlistValue
}

interface Tag {
  name: string
  isClosing: boolean
  isEmpty: boolean
  /** The text between this tag and the next one. */
  text: string
}

/**
 * Apple's XML property list (the format Electron's packagers write Info.plist in, and `codesign --xml` prints
 * entitlements in). Only the value tags; a file that is not a plist, or has one we do not know, is an error.
 */
export function parsePlistXml(xml: string): PlistValue {
  const tags = tokenize(xml)
  const start = tags.findIndex((tag) => tag.name === 'plist' && !tag.isClosing)
  if (start === -1) throw new Error('not an XML property list (no <plist> element)')
  const cursor = { index: start + 1 }
  if (tags[start]?.isEmpty) throw new Error('the property list is empty')
  return readValue(tags, cursor)
}

export function isPlistDict(value: PlistValue | undefined): value is PlistDict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  )
}

export function serializePlistXml(value: PlistValue): string {
  const header =
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
  return `${header}<plist version="1.0">\n${writeValue(value, '')}\n</plist>\n`
}

function tokenize(xml: string): Tag[] {
  const tags: Tag[] = []
  // Declarations, doctype and comments are skipped; everything else must be a tag or the text after one.
  const pattern = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>|<(\/?)([A-Za-z]+)(?:\s[^>]*?)?(\/?)>/g
  let open: { tag: Tag; end: number } | undefined
  for (let match = pattern.exec(xml); match !== null; match = pattern.exec(xml)) {
    if (open) open.tag.text = xml.slice(open.end, match.index)
    open = undefined
    if (match[2] === undefined) continue
    const tag: Tag = { name: match[2], isClosing: match[1] === '/', isEmpty: match[3] === '/', text: '' }
    tags.push(tag)
    open = { tag, end: pattern.lastIndex }
  }
  return tags
}

function readValue(tags: Tag[], cursor: { index: number }): PlistValue {
  const tag = tags[cursor.index++]
  if (!tag || tag.isClosing) throw new Error('a value is missing in the property list')
  switch (tag.name) {
    case 'true':
    case 'false':
      if (!tag.isEmpty) expectClose(tags, cursor, tag.name)
      return tag.name === 'true'
    case 'string':
    case 'integer':
    case 'real':
    case 'date':
    case 'data':
      return readScalar(tags, cursor, tag)
    case 'array':
      return tag.isEmpty ? [] : readArray(tags, cursor)
    case 'dict':
      return tag.isEmpty ? {} : readDict(tags, cursor)
    default:
      throw new Error(`unknown property list element <${tag.name}>`)
  }
}

function readScalar(tags: Tag[], cursor: { index: number }, tag: Tag): PlistValue {
  const text = tag.isEmpty ? '' : decodeEntities(tag.text)
  if (!tag.isEmpty) expectClose(tags, cursor, tag.name)
  if (tag.name === 'string') return text
  if (tag.name === 'date') return new Date(text.trim())
  if (tag.name === 'data') return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'base64'))
  const number = Number(text.trim())
  if (!Number.isFinite(number)) throw new Error(`<${tag.name}> holds "${text}", not a number`)
  return number
}

function readArray(tags: Tag[], cursor: { index: number }): PlistValue[] {
  const items: PlistValue[] = []
  while (!isClose(tags[cursor.index], 'array')) items.push(readValue(tags, cursor))
  cursor.index++
  return items
}

function readDict(tags: Tag[], cursor: { index: number }): PlistDict {
  const dict: PlistDict = {}
  while (!isClose(tags[cursor.index], 'dict')) {
    const key = tags[cursor.index++]
    if (key?.name !== 'key' || key.isClosing) throw new Error('a <dict> entry does not start with <key>')
    const name = key.isEmpty ? '' : decodeEntities(key.text)
    if (!key.isEmpty) expectClose(tags, cursor, 'key')
    dict[name] = readValue(tags, cursor)
  }
  cursor.index++
  return dict
}

function isClose(tag: Tag | undefined, name: string): boolean {
  if (!tag) throw new Error(`the property list ends inside <${name}>`)
  return tag.isClosing && tag.name === name
}

function expectClose(tags: Tag[], cursor: { index: number }, name: string): void {
  const tag = tags[cursor.index++]
  if (!tag?.isClosing || tag.name !== name) throw new Error(`<${name}> is not closed`)
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] ?? ''
  })
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function writeValue(value: PlistValue, indent: string): string {
  if (typeof value === 'string') return `${indent}<string>${escapeText(value)}</string>`
  if (typeof value === 'boolean') return `${indent}<${value}/>`
  if (typeof value === 'number')
    return Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`
  if (value instanceof Date) return `${indent}<date>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</date>`
  if (value instanceof Uint8Array) return `${indent}<data>${Buffer.from(value).toString('base64')}</data>`
  const inner = `${indent}\t`
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}<array/>`
    return [`${indent}<array>`, ...value.map((item) => writeValue(item, inner)), `${indent}</array>`].join('\n')
  }
  const entries = Object.entries(value)
  if (entries.length === 0) return `${indent}<dict/>`
  const lines = entries.flatMap(([key, item]) => [`${inner}<key>${escapeText(key)}</key>`, writeValue(item, inner)])
  return [`${indent}<dict>`, ...lines, `${indent}</dict>`].join('\n')
}
