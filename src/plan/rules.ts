// AWS's documented rule semantics, evaluated against a packet set (what Reachability Analyzer carried):
// - security groups: stateful allow lists; a packet is admitted when any rule of any attached group matches
//   (protocol -1 matches everything; CIDR, prefix-list and group-reference peers);
// - network ACLs: stateless; rules in ascending number, the first that matches decides; `*` denies the rest;
// - route tables: the most specific (longest-prefix) route that contains the destination decides its target.
// A path exists when some packet of the set gets through, so "matches part of the set" admits.
import type { AclEntry, Route, SgPeer, SgRule } from './model.js'
import {
  isUnknown,
  minCoverage,
  parseCidr,
  portCoverage,
  prefixLength,
  rangeContains,
  rangeCoverage,
  type IpRange,
  type PortRange,
  type Tri
} from './values.js'

/** The packets a hop carried (or would carry); undefined fields are not known. */
export interface Packet {
  /** Number string ("6"). */
  protocol: string
  /** Destination ports; undefined: every port. */
  ports?: PortRange
  portsKnown?: boolean
  sources?: IpRange[]
  destinations?: IpRange[]
  /** Security groups of the source ENI (for ingress group references). */
  sourceGroups?: string[]
  /** Security groups of the destination ENI (for egress group references). */
  destinationGroups?: string[]
}

export interface Verdict<T> {
  result: Tri
  /** The rule or route that decided, when one did. */
  by?: T
  /** Why the answer is unknown. */
  unknownBecause?: string
}

function protocolCoverage(rule: string, packet: string): 'all' | 'none' {
  return rule === '-1' || rule === packet ? 'all' : 'none'
}

function addressCoverage(
  cidr: string,
  addresses: IpRange[] | undefined
): 'all' | 'some' | 'none' | 'unknown' {
  const range = parseCidr(cidr)
  if (range === undefined) return 'unknown'
  if (addresses === undefined)
    return range.first === 0n && prefixLength(range) === 0 && range.family === 4 ? 'all' : 'unknown'
  return rangeCoverage(range, addresses)
}

/** Does one security-group rule admit (some of) the packet in this direction? */
export function sgRuleAdmits(rule: SgRule, packet: Packet, direction: 'ingress' | 'egress'): Verdict<SgRule> {
  if (rule.direction !== direction) return { result: 'no' }
  if (isUnknown(rule.protocol)) return { result: 'unknown', unknownBecause: rule.protocol.what }
  if (protocolCoverage(rule.protocol, packet.protocol) === 'none') return { result: 'no' }
  if (rule.protocol !== '-1') {
    if (isUnknown(rule.ports)) return { result: 'unknown', unknownBecause: rule.ports.what }
    if (portCoverage(rule.ports, packet.ports) === 'none') return { result: 'no' }
  }
  if (isUnknown(rule.peer)) return { result: 'unknown', unknownBecause: rule.peer.what }
  return peerAdmits(rule, rule.peer, packet, direction)
}

function peerAdmits(
  rule: SgRule,
  peer: SgPeer,
  packet: Packet,
  direction: 'ingress' | 'egress'
): Verdict<SgRule> {
  switch (peer.kind) {
    case 'cidr': {
      const c = addressCoverage(peer.cidr, direction === 'ingress' ? packet.sources : packet.destinations)
      if (c === 'unknown')
        return {
          result: 'unknown',
          unknownBecause: `the ${direction === 'ingress' ? 'source' : 'destination'} address is not known`
        }
      return c === 'none' ? { result: 'no' } : { result: 'yes', by: rule }
    }
    case 'prefix-list':
      return {
        result: 'unknown',
        unknownBecause: `the entries of prefix list ${peer.id} are not in the plan`
      }
    case 'group': {
      const groups = direction === 'ingress' ? packet.sourceGroups : packet.destinationGroups
      if (groups === undefined)
        return {
          result: 'unknown',
          unknownBecause: `the security groups of the ${direction === 'ingress' ? 'source' : 'destination'} are not known`
        }
      return groups.includes(peer.groupId) ? { result: 'yes', by: rule } : { result: 'no' }
    }
  }
}

/** Any rule of any group admits: yes wins, then unknown, else no. */
export function sgAdmits(rules: SgRule[], packet: Packet, direction: 'ingress' | 'egress'): Verdict<SgRule> {
  let unknownBecause: string | undefined
  for (const rule of rules) {
    const v = sgRuleAdmits(rule, packet, direction)
    if (v.result === 'yes') return v
    if (v.result === 'unknown') unknownBecause ??= v.unknownBecause
  }
  return unknownBecause !== undefined ? { result: 'unknown', unknownBecause } : { result: 'no' }
}

function aclMatch(
  entry: AclEntry,
  packet: Packet
): { coverage: 'all' | 'some' | 'none' } | { unknownBecause: string } {
  if (isUnknown(entry.protocol)) return { unknownBecause: entry.protocol.what }
  if (protocolCoverage(entry.protocol, packet.protocol) === 'none') return { coverage: 'none' }
  let ports: 'all' | 'some' | 'none' = 'all'
  if (entry.protocol !== '-1') {
    if (isUnknown(entry.ports)) return { unknownBecause: entry.ports.what }
    if (packet.portsKnown === false && entry.ports !== undefined)
      return { unknownBecause: 'the ports of the return traffic are not known' }
    ports = portCoverage(entry.ports, packet.ports)
  }
  if (isUnknown(entry.cidr)) return { unknownBecause: entry.cidr.what }
  const addresses = entry.egress ? packet.destinations : packet.sources
  const addr = addressCoverage(entry.cidr, addresses)
  if (addr === 'unknown')
    return { unknownBecause: `the ${entry.egress ? 'destination' : 'source'} address is not known` }
  return { coverage: minCoverage(ports, addr) }
}

/**
 * Network ACL: the lowest-numbered matching rule of the direction decides; none matching is the `*` deny.
 * `yes` = allowed (some packets), `no` = denied, with the deciding entry (undefined for `*`).
 */
export function aclDecides(entries: AclEntry[], packet: Packet, egress: boolean): Verdict<AclEntry> {
  const relevant = entries.filter(e => e.egress === egress)
  for (const e of relevant) {
    if (isUnknown(e.ruleNumber)) {
      const m = aclMatch(e, packet)
      if (!('coverage' in m) || m.coverage !== 'none')
        return { result: 'unknown', unknownBecause: e.ruleNumber.what }
    }
  }
  const ordered = relevant
    .filter((e): e is AclEntry & { ruleNumber: number } => !isUnknown(e.ruleNumber))
    .sort((a, b) => a.ruleNumber - b.ruleNumber)
  for (const e of ordered) {
    const m = aclMatch(e, packet)
    if (!('coverage' in m)) return { result: 'unknown', unknownBecause: m.unknownBecause }
    if (m.coverage === 'none') continue
    if (isUnknown(e.action)) return { result: 'unknown', unknownBecause: e.action.what }
    if (e.action === 'allow') return { result: 'yes', by: e }
    // A deny that covers only part of the packets lets the rest reach later rules.
    if (m.coverage === 'all') return { result: 'no', by: e }
  }
  return { result: 'no' }
}

/**
 * Route table: the longest prefix containing every destination wins. A more specific route that takes
 * only part of the destinations, an unknown or a prefix-list destination make the answer unknown.
 */
export function longestPrefixMatch(routes: Route[], destinations: IpRange[]): Verdict<Route> {
  let best: { route: Route; length: number } | undefined
  const partial: number[] = []
  let unknownBecause: string | undefined
  for (const route of routes) {
    if (isUnknown(route.destination)) {
      unknownBecause ??= route.destination.what
      continue
    }
    if (route.destination.kind === 'prefix-list') {
      unknownBecause ??= `the entries of prefix list ${route.destination.id} are not in the plan`
      continue
    }
    const range = parseCidr(route.destination.cidr)
    if (!range) continue
    const length = prefixLength(range)
    if (destinations.every(d => rangeContains(range, d))) {
      if (!best || length > best.length) best = { route, length }
    } else if (rangeCoverage(range, destinations) !== 'none') partial.push(length)
  }
  if (best && partial.some(l => l > best!.length))
    return { result: 'unknown', unknownBecause: 'a more specific route takes part of the destinations' }
  if (unknownBecause !== undefined) return { result: 'unknown', unknownBecause }
  return best ? { result: 'yes', by: best.route } : { result: 'no' }
}

/** Public IPv4 space (everything but RFC 1918), what an internet gateway brings in as sources. */
export const INTERNET_SOURCES: IpRange[] = [
  '0.0.0.0/5',
  '8.0.0.0/7',
  '11.0.0.0/8',
  '12.0.0.0/6',
  '16.0.0.0/4',
  '32.0.0.0/3',
  '64.0.0.0/2',
  '128.0.0.0/3',
  '160.0.0.0/5',
  '168.0.0.0/6',
  '172.0.0.0/12',
  '172.32.0.0/11',
  '172.64.0.0/10',
  '172.128.0.0/9',
  '173.0.0.0/8',
  '174.0.0.0/7',
  '176.0.0.0/4',
  '192.0.0.0/9',
  '192.128.0.0/11',
  '192.160.0.0/13',
  '192.169.0.0/16',
  '192.170.0.0/15',
  '192.172.0.0/14',
  '192.176.0.0/12',
  '192.192.0.0/10',
  '193.0.0.0/8',
  '194.0.0.0/7',
  '196.0.0.0/6',
  '200.0.0.0/5',
  '208.0.0.0/4',
  '224.0.0.0/3'
].map(c => parseCidr(c)!)
