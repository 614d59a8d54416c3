// Just enough AWS Signature Version 4 to know who signed a request and to check the signature, so a client that
// signs with the wrong secret or region fails here the way it would against AWS.
import { createHash, createHmac } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

export interface SigV4Authorization {
  accessKeyId: string
  /** yyyymmdd from the credential scope. */
  date: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/

/** Parses `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...`. */
export function parseAuthorization(header: string | undefined): SigV4Authorization | undefined {
  if (!header) return undefined
  const m = AUTH_PATTERN.exec(header)
  if (!m) return undefined
  return {
    accessKeyId: m[1],
    date: m[2],
    region: m[3],
    service: m[4],
    signedHeaders: m[5].split(';'),
    signature: m[6]
  }
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest()
}

/** RFC 3986 encoding as SigV4 wants it for the canonical URI and query. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

function canonicalQuery(search: string): string {
  if (!search) return ''
  const pairs = new URLSearchParams(search)
  return [...pairs]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** Recomputes the signature of a request with the secret the sandbox issued, and compares. */
export function verifySignature(
  auth: SigV4Authorization,
  secretAccessKey: string,
  request: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }
): boolean {
  const amzDate = String(request.headers['x-amz-date'] ?? '')
  if (!amzDate.startsWith(auth.date)) return false
  const url = new URL(request.url, 'http://sandbox.invalid')
  // Non-S3 services double-encode path segments: the canonical URI encodes the path as sent (already
  // encoded once, e.g. a Lambda ARN's `:` as %3A, signed as %253A).
  const canonicalUri = url.pathname
    .split('/')
    .map(seg => uriEncode(seg))
    .join('/')
  const canonicalHeaders = auth.signedHeaders
    .map(name => {
      const raw = request.headers[name]
      const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '')
      return `${name}:${String(value).trim().replace(/\s+/g, ' ')}\n`
    })
    .join('')
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? sha256Hex(request.body))
  const canonicalRequest = [
    request.method,
    canonicalUri,
    canonicalQuery(url.search.slice(1)),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    payloadHash
  ].join('\n')
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n')
  const kDate = hmac('AWS4' + secretAccessKey, auth.date)
  const kRegion = hmac(kDate, auth.region)
  const kService = hmac(kRegion, auth.service)
  const kSigning = hmac(kService, 'aws4_request')
  const expected = createHmac('sha256', kSigning).update(stringToSign).digest('hex')
  return expected === auth.signature
}
