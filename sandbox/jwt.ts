// Minimal HS256 JWTs: the sandbox's GitHub OIDC endpoint signs them and its STS verifies them.
import { createHmac, timingSafeEqual } from 'node:crypto'

export type JwtClaims = Record<string, unknown> & {
  sub?: string
  aud?: string | string[]
  iss?: string
  exp?: number
}

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url')

export function signJwt(claims: JwtClaims, secret: string, kid = 'sandbox'): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid }))
  const payload = b64url(JSON.stringify(claims))
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${signature}`
}

export type JwtCheck = { ok: true; claims: JwtClaims } | { ok: false; reason: 'malformed' | 'signature' }

/** Checks the shape and the signature; expiry and audience are the caller's business (STS words them itself). */
export function verifyJwt(token: string, secret: string): JwtCheck {
  const parts = token.split('.')
  if (parts.length !== 3) return { ok: false, reason: 'malformed' }
  let claims: JwtClaims
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string }
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JwtClaims
    if (header.alg !== 'HS256' || typeof claims !== 'object' || claims === null)
      return { ok: false, reason: 'signature' }
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest()
  const given = Buffer.from(parts[2], 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature' }
  return { ok: true, claims }
}

/** IAM's StringLike: `*` matches any run of characters, `?` exactly one; everything else literally. */
export function stringLike(value: string, pattern: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${re}$`, 's').test(value)
}
