// The benchmark's floor: the least a gateway on workerd can do. It parses the request body, sends it on to the
// upstream (serialized again: any gateway must send the upstream the whole conversation, so the floor pays for
// serializing, encoding and uploading it, and the upstream for reading it, as the gateway does), and pumps the
// answer's bytes back (MODE "pump"), or returns the upstream body as it is (MODE "raw", what a same-format
// passthrough can reach). Run by the bench in the same Miniflare/workerd setup as the gateway, so the difference
// between the two is our own code.
export default {
  async fetch(request, env, ctx) {
    const body = await request.json()
    const upstream = await fetch(`${env.UPSTREAM_URL}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
    })
    const headers = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
    if (env.MODE === 'raw') return new Response(upstream.body, { headers })
    const { readable, writable } = new IdentityTransformStream()
    ctx.waitUntil(
      (async () => {
        const reader = upstream.body.getReader()
        const writer = writable.getWriter()
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          await writer.write(value)
        }
        await writer.close()
      })(),
    )
    return new Response(readable, { headers })
  },
}
