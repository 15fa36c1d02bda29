import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose'

/**
 * A stand-in for a Cloudflare Access team: RSA signing keys made in the test, published as a JWKS at
 * `/cdn-cgi/access/certs` on 127.0.0.1 (the team domain the deployed gateway is told about), and tokens signed
 * with them the way Access signs application tokens (RS256, `kid`, `iss` = team domain, `aud` an array).
 */
export interface AccessTeam {
  teamDomain: string
  aud: string
  /** Signs a token; `overrides` change claims or the header (e.g. `alg`), `key` picks another key. */
  sign: (
    claims: JWTPayload,
    options?: { key?: SigningKey; expiresInSeconds?: number; notBeforeSeconds?: number },
  ) => Promise<string>
  /** Adds a new key and publishes it (Access rotates every six weeks and keeps the old key a week). */
  rotate: () => Promise<SigningKey>
  /** A key that is not in the published set. */
  stranger: () => Promise<SigningKey>
  /** How often the JWKS was fetched. */
  fetches: () => number
  close: () => Promise<void>
}

export interface SigningKey {
  kid: string
  privateKey: CryptoKey
  publicJwk: JWK
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } }
}

export async function startAccessTeam(aud = 'test-aud-tag-0123456789abcdef'): Promise<AccessTeam> {
  const keys: SigningKey[] = [await newKey('kid-1')]
  let fetchCount = 0
  const server: Server = createServer((req, res) => {
    if (req.url !== '/cdn-cgi/access/certs') {
      res.writeHead(404).end()
      return
    }
    fetchCount++
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const teamDomain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let rotations = 1
  return {
    teamDomain,
    aud,
    async sign(claims, options = {}) {
      const key = options.key ?? keys.at(-1) ?? keys[0]
      if (!key) throw new Error('no key')
      const now = Math.floor(Date.now() / 1000)
      return new SignJWT({ type: 'app', iss: teamDomain, aud: [aud], ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuedAt(now)
        .setNotBefore(now + (options.notBeforeSeconds ?? 0))
        .setExpirationTime(now + (options.expiresInSeconds ?? 60))
        .sign(key.privateKey)
    },
    async rotate() {
      const key = await newKey(`kid-${++rotations}`)
      keys.push(key)
      return key
    },
    stranger: () => newKey('kid-stranger'),
    fetches: () => fetchCount,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
