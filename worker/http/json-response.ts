const encoder = new TextEncoder()

/**
 * A JSON response with its Content-Length set, so the request log can report its size. JSON here is always
 * small and complete (never a stream), so encoding it up front costs nothing extra.
 */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const bytes = encoder.encode(JSON.stringify(body))
  return new Response(bytes, {
    status,
    headers: { 'content-type': 'application/json', 'content-length': String(bytes.byteLength), ...headers },
  })
}
