// Small value helpers the plan stage shares: values unknown until apply, IP ranges, protocols, ports.

/** A value the plan cannot tell until apply (Terraform's after_unknown, Pulumi's unknown sentinel). */
export interface Unknown {
  unknown: true
  /** What is unknown, for messages: e.g. "cidr_blocks of aws_security_group_rule.x". */
  what: string
}

export type Maybe<T> = T | Unknown

export function unknown(what: string): Unknown {
  return { unknown: true, what }
}

export function isUnknown(value: unknown): value is Unknown {
  return typeof value === 'object' && value !== null && (value as { unknown?: unknown }).unknown === true
}

/** Three-valued logic: evaluating against an unknown value answers `unknown`, never a guess. */
export type Tri = 'yes' | 'no' | 'unknown'

// ---------------------------------------------------------------------------------------------
// IP ranges (IPv4 and IPv6) as bigint intervals

export interface IpRange {
  family: 4 | 6
  first: bigint
  last: bigint
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined
    value = (value << 8n) + BigInt(Number(part))
  }
  return value
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'))
  const expand = (list: string[]): number[] | undefined => {
    const out: number[] = []
    for (const [i, g] of list.entries()) {
      if (g.includes('.') && i === list.length - 1) {
        const v4 = parseIpv4(g)
        if (v4 === undefined) return undefined
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn))
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16))
      else return undefined
    }
    return out
  }
  const head = expand(groups(halves[0]))
  const tail = halves.length === 2 ? expand(groups(halves[1])) : []
  if (!head || !tail) return undefined
  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail]
  return all.reduce((acc, g) => (acc << 16n) + BigInt(g), 0n)
}

/** "10.0.0.0/8", "10.1.2.3" (a /32), "2001:db8::/32"; undefined when it is not an address or CIDR. */
export function parseCidr(text: string): IpRange | undefined {
  const [address, prefixText, extra] = text.trim().split('/')
  if (extra !== undefined || address === undefined) return undefined
  const family: 4 | 6 = address.includes(':') ? 6 : 4
  const bits = family === 4 ? 32 : 128
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address)
  if (value === undefined) return undefined
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN
  if (!(prefix >= 0 && prefix <= bits)) return undefined
  const size = 1n << BigInt(bits - prefix)
  const first = (value / size) * size
  return { family, first, last: first + size - 1n }
}

export function prefixLength(range: IpRange): number {
  const size = range.last - range.first + 1n
  const bits = range.family === 4 ? 32 : 128
  return bits - (size.toString(2).length - 1)
}

/** How much of the packet's address set a rule's range covers. */
export function rangeCoverage(rule: IpRange, packet: IpRange[]): 'all' | 'some' | 'none' {
  const same = packet.filter(p => p.family === rule.family)
  if (same.length === 0) return 'none'
  const overlapping = same.filter(p => p.first <= rule.last && rule.first <= p.last)
  if (overlapping.length === 0) return 'none'
  const inside = same.every(p => rule.first <= p.first && p.last <= rule.last)
  return inside && same.length === packet.length ? 'all' : 'some'
}

export function rangeContains(outer: IpRange, inner: IpRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last
}

// ---------------------------------------------------------------------------------------------
// Protocols and ports

/**
 * IP protocol as a number string: "-1" for all. Terraform stores tcp/udp/icmp/icmpv6 by name and others
 * by number; Reachability Analyzer says "tcp", "all" or "6": all mean the same here.
 */
export function normaliseProtocol(value: unknown): string | undefined {
  if (typeof value === 'number') return value === -1 ? '-1' : String(value)
  if (typeof value !== 'string') return undefined
  const v = value.trim().toLowerCase()
  const named: Record<string, string> = {
    all: '-1',
    '-1': '-1',
    tcp: '6',
    udp: '17',
    icmp: '1',
    icmpv6: '58'
  }
  if (named[v] !== undefined) return named[v]
  return /^\d{1,3}$/.test(v) ? String(Number(v)) : undefined
}

export function protocolName(protocol: string): string {
  return { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' }[protocol] ?? protocol
}

export interface PortRange {
  from: number
  to: number
}

/** "5432", "8080-8090" or "all ports". */
export function portsText(range: PortRange | undefined): string {
  if (range === undefined || (range.from <= 0 && range.to >= 65535)) return 'all ports'
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`
}

/** How much of the packet's port range a rule's range covers. */
export function portCoverage(
  rule: PortRange | undefined,
  packet: PortRange | undefined
): 'all' | 'some' | 'none' {
  if (rule === undefined) return 'all'
  const p = packet ?? { from: 0, to: 65535 }
  if (rule.to < p.from || p.to < rule.from) return 'none'
  return rule.from <= p.from && p.to <= rule.to ? 'all' : 'some'
}

/** Worst of two coverages: a rule covers a packet set only as much as its narrowest dimension. */
export function minCoverage(...values: Array<'all' | 'some' | 'none'>): 'all' | 'some' | 'none' {
  if (values.includes('none')) return 'none'
  return values.includes('some') ? 'some' : 'all'
}
