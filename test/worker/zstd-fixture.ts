/**
 * A Responses request body compressed by the real zstd CLI (`zstd -19`, v1.5), base64-encoded so it can be
 * imported inside workerd. Decompressed it is JSON: model "demo", one user message of "zstd works " × 400.
 */
export const ZSTD_REQUEST_BASE64 =
  'KLUv/WSyED0DAPLGFBGgbyCjn399321PAKbhJVR9DfknlB2clYcyeoORR/aOCjraR8brHbyBy/qStJfNGW/g8ONcDnoDf1RifOYd/J+VjkUHl/O15A3csT/ewdcfxxwHBQAi4dLVSs4IFzBVK7J2QgF71Eq2'

export function zstdRequestBytes(): Uint8Array {
  return Uint8Array.from(atob(ZSTD_REQUEST_BASE64), (char) => char.charCodeAt(0))
}
