// Resource ids, ARNs and the seeded randomness every other sandbox module shares.
import { createHash } from 'node:crypto'

/** mulberry32: small, fast, good enough for seeded jitter and fault draws. */
export class SeededRandom {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  hex(length: number): string {
    let out = ''
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16)
    return out
  }
  /** Base-32-ish upper-case characters, as in access key ids. */
  upper(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
    let out = ''
    while (out.length < length) out += alphabet[Math.floor(this.next() * alphabet.length)]
    return out
  }
  base64(length: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
    let out = ''
    while (out.length < length) out += alphabet[Math.floor(this.next() * alphabet.length)]
    return out
  }
  uuid(): string {
    const h = this.hex(32)
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
}

/** A stable hash of a string, for values derived from ids (IPs, MACs, attachment ids). */
export function stableHex(input: string, length: number): string {
  return createHash('sha256').update(input).digest('hex').slice(0, length)
}

/** Id prefix → ARN resource type. Longer prefixes first where they share a start. */
const PREFIX_ARN_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['tgw-attach-', 'transit-gateway-attachment'],
  ['tgw-rtb-', 'transit-gateway-route-table'],
  ['tgw-', 'transit-gateway'],
  ['vpce-svc-', 'vpc-endpoint-service'],
  ['vpce-', 'vpc-endpoint'],
  ['eni-', 'network-interface'],
  ['igw-', 'internet-gateway'],
  ['vgw-', 'vpn-gateway'],
  ['pcx-', 'vpc-peering-connection'],
  ['subnet-', 'subnet'],
  ['vpc-', 'vpc'],
  ['sg-', 'security-group'],
  ['acl-', 'network-acl'],
  ['rtb-', 'route-table'],
  ['nat-', 'natgateway'],
  ['nip-', 'network-insights-path'],
  ['nia-', 'network-insights-analysis'],
  ['i-', 'instance']
]

export function arnTypeOfId(id: string): string | undefined {
  return PREFIX_ARN_TYPES.find(([prefix]) => id.startsWith(prefix))?.[1]
}

export function prefixOfArnType(type: string): string | undefined {
  return PREFIX_ARN_TYPES.find(([, t]) => t === type)?.[0]
}

export function ec2Arn(region: string, accountId: string, id: string): string {
  const type = arnTypeOfId(id) ?? 'resource'
  return `arn:aws:ec2:${region}:${accountId}:${type}/${id}`
}

export interface ParsedArn {
  region: string
  accountId: string
  type: string
  /** The resource id with its prefix, even when the ARN omits it (as some AWS documentation samples do). */
  id: string
}

export function parseEc2Arn(arn: string): ParsedArn | undefined {
  const m = /^arn:aws[\w-]*:ec2:([a-z0-9-]*):(\d{12}):([a-z-]+)\/(.+)$/.exec(arn)
  if (!m) return undefined
  const [, region, accountId, type, rawId] = m
  const prefix = prefixOfArnType(type)
  const id = prefix && !rawId.startsWith(prefix) ? prefix + rawId : rawId
  return { region, accountId, type, id }
}

export function isIpv4(value: string): boolean {
  const parts = value.split('.')
  return parts.length === 4 && parts.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255)
}

/** EC2 filter values may use `*` (any run) and `?` (one character). */
export function wildcardMatch(value: string, pattern: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return value === pattern
  const re = new RegExp(
    '^' +
      pattern
        .split('')
        .map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
    's'
  )
  return re.test(value)
}
