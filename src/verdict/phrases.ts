// Small phrase builders shared by explanation sentences and hop details. Every builder returns
// undefined (never "undefined") when AWS left out what it needs, so callers can fall back.

import { componentLabel, componentType, nonEmpty, parseArn } from './console.js'
import type {
  RawAclRule,
  RawComponent,
  RawFirewallStatefulRule,
  RawFirewallStatelessRule,
  RawPortRange,
  RawRouteTableRoute,
  RawSecurityGroupRule,
  RawTransitGatewayRouteTableRoute
} from './raw.js'

const PROTOCOL_NUMBERS: Record<string, string> = {
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '-1': 'all',
  all: 'all'
}

/** "tcp", "udp", "icmp", "all" from a name or an IANA number as AWS gives them ("6", 6, "-1"). */
export function protocolName(p: string | number | undefined | null): string | undefined {
  if (p === undefined || p === null) return undefined
  const s = String(p).trim().toLowerCase()
  if (s === '') return undefined
  return PROTOCOL_NUMBERS[s] ?? s
}

function portRangeText(r: RawPortRange | undefined): string | undefined {
  if (r === undefined || r === null) return undefined
  const from = typeof r.From === 'number' ? r.From : undefined
  const to = typeof r.To === 'number' ? r.To : undefined
  if (from === undefined && to === undefined) return undefined
  if (from === undefined || to === undefined || from === to) return String(from ?? to)
  return `${from}-${to}`
}

/** "5432", "8000-8100", "80,443"; undefined when absent or when the ranges cover every port. */
export function portsText(ranges: ReadonlyArray<RawPortRange | undefined> | undefined): string | undefined {
  const present = (ranges ?? []).filter((r): r is RawPortRange => r !== undefined && r !== null)
  if (present.some(r => (r.From ?? 0) <= 0 && (r.To ?? -1) >= 65535)) return undefined
  const texts = present.map(portRangeText).filter((t): t is string => t !== undefined)
  return texts.length === 0 ? undefined : texts.join(',')
}

/** "tcp/5432", "tcp", "all traffic", "port 5432"; undefined when neither protocol nor port is known. */
export function trafficText(
  protocol: string | number | undefined,
  ports: ReadonlyArray<RawPortRange | undefined> | undefined
): string | undefined {
  const proto = protocolName(protocol)
  const p = portsText(ports)
  if (proto === 'all') return 'all traffic'
  if (proto !== undefined && p !== undefined) return `${proto}/${p}`
  if (proto !== undefined) return proto
  if (p !== undefined) return `port ${p}`
  return undefined
}

/** An address without a host-route suffix: "10.0.2.87/32" → "10.0.2.87". */
function addressText(a: string): string {
  return a.endsWith('/32') ? a.slice(0, -3) : a
}

/** "10.0.1.5", "a and b", "a, b and 3 more"; undefined for an empty list. */
export function addressesText(list: ReadonlyArray<string | undefined> | undefined): string | undefined {
  const xs = [...new Set((list ?? []).filter((x): x is string => nonEmpty(x) !== undefined).map(addressText))]
  if (xs.length === 0) return undefined
  if (xs.length === 1) return xs[0]
  if (xs.length === 2) return `${xs[0]} and ${xs[1]}`
  return `${xs[0]}, ${xs[1]} and ${xs.length - 2} more`
}

/** "a", "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** How each component type reads in a sentence. */
const KIND_WORDS: Record<string, string> = {
  instance: 'instance',
  'network-interface': 'network interface',
  'security-group': 'security group',
  'network-acl': 'network ACL',
  'route-table': 'route table',
  subnet: 'subnet',
  vpc: 'VPC',
  'internet-gateway': 'internet gateway',
  'egress-only-internet-gateway': 'egress-only internet gateway',
  natgateway: 'NAT gateway',
  'transit-gateway': 'transit gateway',
  'transit-gateway-attachment': 'transit gateway attachment',
  'transit-gateway-route-table': 'transit gateway route table',
  'vpc-endpoint': 'VPC endpoint',
  'vpc-endpoint-service': 'VPC endpoint service',
  'vpc-peering-connection': 'VPC peering connection',
  'vpn-gateway': 'virtual private gateway',
  'vpn-connection': 'VPN connection',
  'customer-gateway': 'customer gateway',
  'prefix-list': 'prefix list',
  'load-balancer': 'load balancer',
  'load-balancer-listener': 'load balancer listener',
  'target-group': 'target group',
  'network-firewall': 'Network Firewall',
  'network-firewall-rule-group': 'Network Firewall rule group'
}

/** "security group", "NAT gateway", … for a component; "component" when its kind is unknown. */
export function kindWords(c: RawComponent | undefined): string {
  if (c === undefined || c === null) return 'component'
  const fromArn = componentType({ arn: nonEmpty(c.Arn) })
  const fromId = componentType({ id: nonEmpty(c.Id) })
  const known = [fromArn, fromId].find(t => t !== undefined && Object.hasOwn(KIND_WORDS, t))
  if (known !== undefined) return KIND_WORDS[known]!
  const type = fromArn ?? fromId
  return type === undefined ? 'component' : type.replace(/-/g, ' ')
}

/** "security group sg-0abc (web-sg)" or, when AWS named nothing, the fallback ("the security group"). */
export function ref(kind: string, c: RawComponent | undefined, fallback = `the ${kind}`): string {
  const label = componentLabel(c)
  return label === undefined ? fallback : `${kind} ${label}`
}

/** Like ref, with the kind read from the component itself ("NAT gateway nat-0123"). */
export function refAny(c: RawComponent | undefined, fallback = 'a component on the path'): string {
  const label = componentLabel(c)
  return label === undefined ? fallback : `${kindWords(c)} ${label}`
}

/** "route 0.0.0.0/0 → nat-0123" (with the state when it is not active). */
export function routeText(r: RawRouteTableRoute | undefined): string | undefined {
  if (r === undefined || r === null) return undefined
  const destination = nonEmpty(r.DestinationCidr) ?? nonEmpty(r.DestinationPrefixListId)
  const target =
    nonEmpty(r.GatewayId) ??
    nonEmpty(r.NatGatewayId) ??
    nonEmpty(r.TransitGatewayId) ??
    nonEmpty(r.VpcPeeringConnectionId) ??
    nonEmpty(r.NetworkInterfaceId) ??
    nonEmpty(r.InstanceId) ??
    nonEmpty(r.EgressOnlyInternetGatewayId) ??
    nonEmpty(r.CarrierGatewayId) ??
    nonEmpty(r.LocalGatewayId) ??
    nonEmpty(r.CoreNetworkArn)
  if (destination === undefined && target === undefined) return undefined
  const state = nonEmpty(r.State) !== undefined && r.State !== 'active' ? ` (${r.State})` : ''
  return `route ${destination ?? 'to an unnamed destination'} → ${target ?? 'no target'}${state}`
}

/** "route 10.1.0.0/16 → tgw-attach-0abc (vpc vpc-0def)" for a transit gateway route table route. */
export function tgwRouteText(r: RawTransitGatewayRouteTableRoute | undefined): string | undefined {
  if (r === undefined || r === null) return undefined
  const destination = nonEmpty(r.DestinationCidr) ?? nonEmpty(r.PrefixListId)
  const attachment = nonEmpty(r.AttachmentId)
  const resource = nonEmpty(r.ResourceId)
  const type = nonEmpty(r.ResourceType)
  const target = attachment ?? resource
  if (destination === undefined && target === undefined) return undefined
  const resourceNote =
    attachment !== undefined && resource !== undefined
      ? ` (${type !== undefined ? `${type} ` : ''}${resource})`
      : ''
  const state = nonEmpty(r.State) !== undefined && r.State !== 'active' ? ` (${r.State})` : ''
  return `route ${destination ?? 'to an unnamed destination'} → ${target ?? 'no target'}${resourceNote}${state}`
}

const DEFAULT_ACL_RULE_NUMBER = 32767

/** "rule 100 denies inbound tcp/5432 from 10.0.0.0/8"; "the default rule (*) denies all inbound traffic …". */
export function aclRuleText(rule: RawAclRule | undefined): string | undefined {
  if (rule === undefined || rule === null) return undefined
  const number =
    rule.RuleNumber === DEFAULT_ACL_RULE_NUMBER
      ? 'the default rule (*)'
      : typeof rule.RuleNumber === 'number'
        ? `rule ${rule.RuleNumber}`
        : 'a rule'
  const action = nonEmpty(rule.RuleAction)
  const verb =
    action === undefined
      ? 'matches'
      : action === 'allow'
        ? 'allows'
        : action === 'deny'
          ? 'denies'
          : `${action}s`
  const direction = rule.Egress === true ? 'outbound' : rule.Egress === false ? 'inbound' : undefined
  const traffic = trafficText(rule.Protocol, [rule.PortRange])
  const what =
    traffic === 'all traffic' || traffic === undefined
      ? `all ${direction !== undefined ? `${direction} ` : ''}traffic`
      : `${direction !== undefined ? `${direction} ` : ''}${traffic}`
  const cidr = nonEmpty(rule.Cidr)
  const peer = cidr === undefined ? '' : rule.Egress === true ? ` to ${cidr}` : ` from ${cidr}`
  return `${number} ${verb} ${what}${peer}`
}

/**
 * Whom a security group rule admits: a CIDR, a prefix list, or the security group it references. AWS names
 * the referenced group in the rule's SecurityGroupId; the group that owns the rule is the hop's component. A
 * SecurityGroupId equal to that owner (or beside a CIDR or prefix list) is the owner, not a peer.
 */
function sgRulePeer(rule: RawSecurityGroupRule, owner: string | undefined): string | undefined {
  const cidr = nonEmpty(rule.Cidr)
  if (cidr !== undefined) return cidr
  const prefixList = nonEmpty(rule.PrefixListId)
  if (prefixList !== undefined) return `prefix list ${prefixList}`
  const group = nonEmpty(rule.SecurityGroupId)
  return group !== undefined && owner !== undefined && group !== owner ? group : undefined
}

/**
 * The security group a rule belongs to: the hop's own group when it is one; else the rule's SecurityGroupId
 * when the rule's peer is a CIDR or prefix list (so the id cannot be the peer); else not known.
 */
export function sgRuleOwner(rule: RawSecurityGroupRule | undefined, component?: string): string | undefined {
  if (component !== undefined && component.startsWith('sg-')) return component
  if (rule === undefined || rule === null) return undefined
  const peerNamed = nonEmpty(rule.Cidr) ?? nonEmpty(rule.PrefixListId)
  return peerNamed !== undefined ? nonEmpty(rule.SecurityGroupId) : undefined
}

/** "tcp/5432 from 10.0.1.0/24", "tcp/5432 from sg-app", "tcp/443 to prefix list pl-0abc" (owner: see sgRuleOwner). */
export function sgRuleText(rule: RawSecurityGroupRule | undefined, owner?: string): string | undefined {
  if (rule === undefined || rule === null) return undefined
  const traffic = trafficText(rule.Protocol, [rule.PortRange])
  const peer = sgRulePeer(rule, owner ?? sgRuleOwner(rule))
  if (traffic === undefined && peer === undefined) return undefined
  const preposition = rule.Direction === 'egress' ? 'to' : 'from'
  return `${traffic ?? 'traffic'}${peer !== undefined ? ` ${preposition} ${peer}` : ''}`
}

/** "sg-db allows tcp/5432 from sg-app": the rule said with the group that owns it, never the one it names. */
export function sgRuleSentence(
  rule: RawSecurityGroupRule | undefined,
  component?: string
): string | undefined {
  const owner = sgRuleOwner(rule, component)
  const text = sgRuleText(rule, owner ?? component)
  if (text === undefined) return undefined
  return `${owner ?? 'a security group'} allows ${text}`
}

function ruleGroupText(arn: string | undefined): string | undefined {
  const parsed = parseArn(arn)
  if (parsed === undefined) return nonEmpty(arn)
  return parsed.resource.split('/').slice(1).join('/') || undefined
}

function endpointsText(addresses: string[] | undefined, ports: RawPortRange[] | undefined): string {
  const where = addressesText(addresses) ?? 'any'
  const p = portsText(ports)
  return p === undefined ? where : `${where} port ${p}`
}

/** "stateless rule (priority 10) of rule group block-db: drop tcp from 10.0.0.0/8 to any port 5432". */
export function firewallRuleText(
  stateless: RawFirewallStatelessRule | undefined,
  stateful: RawFirewallStatefulRule | undefined
): string | undefined {
  const rule = stateless ?? stateful
  if (rule === undefined || rule === null) return undefined
  const kind = stateless !== undefined ? 'stateless rule' : 'stateful rule'
  const priority =
    stateless !== undefined && typeof stateless.Priority === 'number'
      ? ` (priority ${stateless.Priority})`
      : ''
  const group = ruleGroupText(rule.RuleGroupArn)
  const protocols =
    stateless !== undefined
      ? (stateless.Protocols ?? []).map(p => protocolName(p)).filter((p): p is string => p !== undefined)
      : [protocolName(stateful?.Protocol)].filter((p): p is string => p !== undefined)
  const action = nonEmpty(rule.RuleAction)?.toLowerCase() ?? 'matches'
  const proto = protocols.length > 0 ? ` ${protocols.join('/')}` : ''
  return (
    `${kind}${priority}${group !== undefined ? ` of rule group ${group}` : ''}: ${action}${proto}` +
    ` from ${endpointsText(rule.Sources, rule.SourcePorts)} to ${endpointsText(rule.Destinations, rule.DestinationPorts)}`
  )
}
