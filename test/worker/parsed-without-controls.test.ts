import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { withoutControlCharacters } from '../../worker/canonical/control-characters'
import { isParsedWithoutControls, jsonTextMayHoldControls } from '../../worker/canonical/parsed-without-controls'
import { readJsonObjectBody } from '../../worker/http/read-json-body'
import { buildAnthropicRequest } from '../../worker/upstreams/anthropic/anthropic-request'
import { buildChatRequest } from '../../worker/upstreams/openai-chat/chat-request'
import { anthropicModel, chatModel } from './property/request-models'
import { requestArbitraries } from './property/responses-request-arbitraries'

/**
 * Issue 14: a request body whose JSON text has no escape for a removable control skips the walk that tests every
 * text of its history (parsed-without-controls.ts). What reaches the upstream must be exactly what the full walk
 * would send.
 */
type Json = Record<string, unknown>

const readBody = (text: string) =>
  readJsonObjectBody(
    new Request('http://127.0.0.1/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    }),
  )

describe('the scan of the JSON text', () => {
  test.each([
    ['NUL', String.raw`{"a":"x\u0000"}`, true],
    ['ESC in upper case', String.raw`{"a":"\u001B[31m"}`, true],
    ['a 1X control', String.raw`{"a":"\u0010"}`, true],
    ['vertical tab in upper case', String.raw`{"a":"\u000B"}`, true],
    ['backspace as its short escape', String.raw`{"a":"x\by"}`, true],
    ['form feed as its short escape', String.raw`{"a":"x\fy"}`, true],
    ['an odd run of backslashes before b', String.raw`{"a":"x\\\by"}`, true],
    ['tab, LF and CR as unicode escapes', String.raw`{"a":"\u0009\u000a\u000D"}`, false],
    ['tab, LF and CR as short escapes', String.raw`{"a":"\t\n\r"}`, false],
    ['an escaped backslash before b (a Windows path)', String.raw`{"a":"C:\\build\\foo"}`, false],
    ['an escaped backslash before u0000 (its text)', String.raw`{"a":"\\u0000"}`, false],
    ['other unicode escapes', String.raw`{"a":"caf\u00e9 \u2028 \u007f"}`, false],
  ])('%s', (_name, text, mayHold) => {
    expect(() => JSON.parse(text)).not.toThrow()
    expect(jsonTextMayHoldControls(text)).toBe(mayHold)
  })

  test('never says no for text whose strings hold a control the cleaning removes', () => {
    const withControls = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)) })
    fc.assert(
      fc.property(fc.array(withControls, { maxLength: 4 }), (texts) => {
        const text = JSON.stringify({ input: texts.map((content) => ({ type: 'message', content })) })
        if (texts.some((value) => withoutControlCharacters(value) !== value))
          expect(jsonTextMayHoldControls(text)).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('a body read from its text', () => {
  test('only the history it was parsed with is known clean; a replaced history is not', async () => {
    const body = await readBody(JSON.stringify({ model: 'm', input: [{ type: 'message', content: 'hi' }] }))
    expect(isParsedWithoutControls(body.input as unknown[])).toBe(true)
    expect(isParsedWithoutControls([...(body.input as unknown[])])).toBe(false)
    const dirty = await readBody(JSON.stringify({ model: 'm', input: [{ type: 'message', content: 'x\x00' }] }))
    expect(isParsedWithoutControls(dirty.input as unknown[])).toBe(false)
  })

  test("another door's body is not scanned: its ingress builds a new history anyway", async () => {
    const chat = await readBody(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }))
    expect(isParsedWithoutControls(chat.messages as unknown[])).toBe(false)
  })

  test('a raw newline in a clean history still gets its tool arguments escaped', async () => {
    const call = { type: 'function_call', call_id: 'c1', name: 'run', arguments: '{"cmd":"echo a\nb"}' }
    const text = JSON.stringify({
      model: 'chat',
      input: [{ type: 'message', role: 'user', content: 'go' }, call],
    })
    expect(jsonTextMayHoldControls(text)).toBe(false)
    const payload = JSON.parse(buildChatRequest(await readBody(text), chatModel).body) as {
      messages: { tool_calls?: { function: { arguments: string } }[] }[]
    }
    const sent = payload.messages.flatMap((message) => message.tool_calls ?? [])[0]?.function.arguments
    expect(sent).toBe('{"cmd":"echo a\\nb"}')
  })

  const arbitraries = requestArbitraries()
  /** The same body with the controls the cleaning removes taken out of its strings: its text takes the shortcut. */
  const withoutRemovableControls = (text: string) =>
    JSON.stringify(
      JSON.parse(text, (_key, value) => (typeof value === 'string' ? withoutControlCharacters(value) : value)),
    )

  test('any request sends the upstream the same request read from its text as built in memory', async () => {
    const viaChat = (value: Json) => buildChatRequest(value, chatModel).body
    const viaAnthropic = (value: Json) => buildAnthropicRequest(value, anthropicModel).body
    await fc.assert(
      fc.asyncProperty(arbitraries.responsesBody, async (body: Json) => {
        const asSent = JSON.stringify(body)
        const clean = withoutRemovableControls(asSent)
        expect(jsonTextMayHoldControls(clean)).toBe(false)
        for (const text of [asSent, clean]) {
          expect(viaChat(await readBody(text))).toBe(viaChat(JSON.parse(text)))
          expect(viaAnthropic(await readBody(text))).toBe(viaAnthropic(JSON.parse(text)))
        }
      }),
      { numRuns: 300 },
    )
  })
})
