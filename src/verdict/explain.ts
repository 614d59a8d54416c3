// One actionable sentence per Reachability Analyzer explanation (and additional detail).
// Each documented code has its own renderer; unknown codes get a generic sentence built from
// whatever fields AWS sent. Renderers never print "undefined": every phrase has a fallback.

import type { Explanation } from '../model.js'
import { EXPLANATION_CODES } from './codes.js'
import { componentId, componentLabel, consoleUrlFor, nonEmpty } from './console.js'
import {
  aclRuleText,
  addressesText,
  firewallRuleText,
  listText,
  portsText,
  protocolName,
  ref,
  refAny,
  routeText,
  sgRuleText,
  tgwRouteText,
  trafficText
} from './phrases.js'
import type { RawAdditionalDetail, RawComponent, RawExplanation, RawPortRange } from './raw.js'

/** The packet being analyzed, as far as it is known (from the path's headers and the assertion). */
export interface PacketContext {
  protocol?: string
  destinationPorts?: RawPortRange[]
  sourcePorts?: RawPortRange[]
  sourceAddresses?: string[]
  destinationAddresses?: string[]
}

export interface ExplainContext {
  /** Region for console links when a component has no ARN (the assertion's region). */
  region?: string
  packet?: PacketContext
}

/**
 * An explanation, or an additional detail mapped onto the same field names. MissingComponentRef is
 * ours: MissingComponent (a bare string) as a component, so renderers can name it.
 */
type Fields = RawExplanation &
  Omit<RawAdditionalDetail, 'AdditionalDetailType' | 'Component'> & { MissingComponentRef?: RawComponent }

type ComponentField = {
  [K in keyof Fields]-?: NonNullable<Fields[K]> extends RawComponent ? K : never
}[keyof Fields]

/** Where the component to link to is found: a component field, the first of SecurityGroups, or the rule's group. */
type PrimaryField = ComponentField | 'SecurityGroups' | 'SecurityGroupRule'

function isComponent(c: unknown): c is RawComponent {
  return typeof c === 'object' && c !== null && componentId(c as RawComponent) !== undefined
}

/** Accessors over one explanation, each with a readable fallback. */
class Facts {
  constructor(
    readonly e: Fields,
    readonly packet: PacketContext
  ) {}

  get direction(): 'ingress' | 'egress' | undefined {
    const d = (nonEmpty(this.e.Direction) ?? nonEmpty(this.e.SecurityGroupRule?.Direction))?.toLowerCase()
    if (d === 'ingress' || d === 'egress') return d
    if (this.e.AclRule?.Egress === true) return 'egress'
    if (this.e.AclRule?.Egress === false) return 'ingress'
    return undefined
  }

  /** "inbound " / "outbound " / "" (with its trailing space, to sit before a noun). */
  get inout(): string {
    const d = this.direction
    return d === 'ingress' ? 'inbound ' : d === 'egress' ? 'outbound ' : ''
  }

  get protocol(): string | undefined {
    const protocols = (this.e.Protocols ?? []).filter(p => nonEmpty(p) !== undefined)
    return protocolName(protocols.length === 1 ? protocols[0] : (this.e.Protocol ?? this.packet.protocol))
  }

  get destinationPorts(): RawPortRange[] | undefined {
    // Explanation.Port is the packet's port; PacketField says which one when AWS sends it.
    if (typeof this.e.Port === 'number' && this.e.PacketField !== 'source-port') {
      return [{ From: this.e.Port, To: this.e.Port }]
    }
    return this.packet.destinationPorts
  }

  /** "tcp/5432", "tcp", or "the traffic". */
  get traffic(): string {
    return trafficText(this.protocol, this.destinationPorts) ?? 'the traffic'
  }

  get src(): string | undefined {
    return addressesText(this.packet.sourceAddresses)
  }

  get dst(): string | undefined {
    return addressesText(this.packet.destinationAddresses)
  }

  /** " from 10.0.1.5" for inbound, " to 10.0.2.9" for outbound, "" when unknown. */
  get peer(): string {
    const d = this.direction
    if (d === 'ingress' && this.src !== undefined) return ` from ${this.src}`
    if (d === 'egress' && this.dst !== undefined) return ` to ${this.dst}`
    return ''
  }

  /** " (state: blackhole)" or "". */
  get state(): string {
    const state = nonEmpty(this.e.State)
    return state === undefined ? '' : ` (state: ${state})`
  }

  /** The addresses AWS attached to the explanation (Address, Addresses). */
  get addresses(): string | undefined {
    return addressesText([...(this.e.Addresses ?? []), this.e.Address])
  }

  /** "inbound tcp/5432", "inbound traffic" or "traffic". */
  get directedTraffic(): string {
    return `${this.inout}${trafficText(this.protocol, this.destinationPorts) ?? 'traffic'}`
  }

  /** ", not tcp/5432" when the packet's traffic is known, else "". */
  get notTraffic(): string {
    const traffic = trafficText(this.protocol, this.destinationPorts)
    return traffic === undefined ? '' : `, not ${traffic}`
  }

  /** "Availability Zone eu-west-1a" / "Availability Zones a and b" from the explanation's zones. */
  get zones(): string | undefined {
    const zones = [...(this.e.AvailabilityZones ?? []), ...(this.e.AvailabilityZoneIds ?? [])].filter(
      (z): z is string => nonEmpty(z) !== undefined
    )
    const unique = [...new Set(zones)]
    if (unique.length === 0) return undefined
    return `Availability Zone${unique.length > 1 ? 's' : ''} ${listText(unique)}`
  }

  /** The Availability Zone of the load balancer target, else the explanation's zones. */
  get targetZone(): string | undefined {
    const zone =
      nonEmpty(this.e.LoadBalancerTarget?.AvailabilityZone) ??
      nonEmpty(this.e.LoadBalancerTarget?.AvailabilityZoneId)
    return zone !== undefined ? `Availability Zone ${zone}` : this.zones
  }

  /** The load balancer the explanation is about. */
  get loadBalancer(): RawComponent | undefined {
    if (nonEmpty(this.e.LoadBalancerArn) !== undefined) return { Arn: this.e.LoadBalancerArn }
    return this.e.LoadBalancers?.find(isComponent) ?? this.e.Component
  }

  get lb(): string {
    return ref('load balancer', this.loadBalancer)
  }

  get listener(): string {
    const port = this.e.LoadBalancerListenerPort ?? this.e.ClassicLoadBalancerListener?.LoadBalancerPort
    if (componentId(this.e.ElasticLoadBalancerListener) !== undefined)
      return ref('listener', this.e.ElasticLoadBalancerListener)
    return typeof port === 'number' ? `the listener on port ${port}` : 'the listener'
  }

  get target(): string {
    const t = this.e.LoadBalancerTarget
    const instance = t?.Instance
    if (componentId(instance) !== undefined) return ref('target', instance)
    const address = nonEmpty(t?.Address)
    if (address !== undefined) return `target ${address}${typeof t?.Port === 'number' ? `:${t.Port}` : ''}`
    return 'the target'
  }

  get targetGroups(): string | undefined {
    const groups = [this.e.LoadBalancerTargetGroup, ...(this.e.LoadBalancerTargetGroups ?? [])]
      .map(g => ref('target group', g, ''))
      .filter(g => g !== '')
    return groups.length === 0 ? undefined : listText([...new Set(groups)])
  }

  get securityGroups(): RawComponent[] {
    const groups = [...(this.e.SecurityGroups ?? []), this.e.SecurityGroup].filter(isComponent)
    if (groups.length === 0 && nonEmpty(this.e.SecurityGroupRule?.SecurityGroupId) !== undefined) {
      return [{ Id: this.e.SecurityGroupRule?.SecurityGroupId }]
    }
    const seen = new Set<string>()
    return groups.filter(g => {
      const id = componentId(g) ?? ''
      if (seen.has(id)) return false
      seen.add(id)
      return true
    })
  }

  /** "security group sg-1 (web)" / "security groups sg-1 and sg-2" / "the security group". */
  get sgs(): { text: string; plural: boolean } {
    const groups = this.securityGroups.map(g => ref('', g).trim())
    if (groups.length === 0) return { text: 'the security groups', plural: true }
    if (groups.length === 1) return { text: `security group ${groups[0]}`, plural: false }
    return { text: `security groups ${listText(groups)}`, plural: true }
  }

  /** " on eni-0123 (name)" or "". */
  get onEni(): string {
    const label = ref('', this.e.NetworkInterface, '').trim()
    return label === '' ? '' : ` on ${label}`
  }

  /** " of subnet subnet-0abc" or "". */
  get ofSubnet(): string {
    return componentId(this.e.Subnet) === undefined ? '' : ` of ${ref('subnet', this.e.Subnet)}`
  }

  get routeTable(): string {
    return ref('route table', this.e.RouteTable ?? this.e.SubnetRouteTable ?? this.e.IngressRouteTable)
  }

  /** "route 0.0.0.0/0 → nat-0123" or "route". */
  get route(): string {
    return routeText(this.e.RouteTableRoute) ?? 'route'
  }

  get tgwRouteTable(): string {
    return ref('transit gateway route table', this.e.TransitGatewayRouteTable)
  }

  /** "route 10.2.0.0/16 → tgw-attach-0abc" or "route". */
  get tgwRoute(): string {
    return tgwRouteText(this.e.TransitGatewayRouteTableRoute) ?? 'route'
  }

  get igw(): string {
    return ref('internet gateway', this.e.InternetGateway ?? this.e.Component)
  }

  get nat(): string {
    return ref('NAT gateway', this.e.NatGateway ?? this.e.Component)
  }

  get attachment(): string {
    return ref('transit gateway attachment', this.e.TransitGatewayAttachment)
  }

  get vpce(): string {
    return ref('VPC endpoint', this.e.VpcEndpoint ?? this.e.Component)
  }

  /** "NAT gateway nat-0123" for the explanation's Component, else the fallback. */
  componentOr(fallback: string): string {
    return refAny(this.e.Component ?? this.e.MissingComponentRef, fallback)
  }

  /** " (vpc-0abc)" or "". */
  get vpcParen(): string {
    const label = componentLabel(this.e.Vpc)
    return label === undefined ? '' : ` (${label})`
  }
}

interface Renderer {
  /** Fields naming the component to link to, in order of preference. */
  primary: readonly PrimaryField[]
  sentence: (f: Facts) => string
}

const r = (primary: readonly PrimaryField[], sentence: (f: Facts) => string): Renderer => ({
  primary,
  sentence
})

const ADDRESS_LIMITS = {
  rfc1918: 'private (RFC 1918)',
  rfc6598: 'shared (RFC 6598, 100.64.0.0/10)'
}

/** "port 443" or "its own port". */
function listenerPort(port: number | undefined): string {
  return typeof port === 'number' ? `port ${port}` : 'its own port'
}

function dstOr(f: Facts, fallback: string): string {
  return f.dst ?? fallback
}

function srcOr(f: Facts, fallback: string): string {
  return f.src ?? fallback
}

/** FILTER_AT_<SOURCE|DESTINATION>_<FIELD>: the path's own filter matched nothing. */
function filterSentence(code: string): Renderer {
  const atSource = code.startsWith('FILTER_AT_SOURCE_')
  const field = code.replace(/^FILTER_AT_(SOURCE|DESTINATION)_/, '')
  return r(['Component', 'Destination', 'NetworkInterface'], f => {
    const words: Record<string, [string, string | undefined]> = {
      DESTINATION_ADDRESS: ['destination address', f.addresses ?? f.dst],
      DESTINATION_PORT_RANGE: [
        'destination port',
        portsText(f.e.PortRanges) ?? portsText(f.destinationPorts)
      ],
      PROTOCOL: ['protocol', f.protocol],
      SOURCE_ADDRESS: ['source address', f.addresses ?? f.src],
      SOURCE_PORT_RANGE: ['source port', portsText(f.e.PortRanges) ?? portsText(f.packet.sourcePorts)]
    }
    const [what, value] = words[field] ?? [field.toLowerCase().replace(/_/g, ' '), undefined]
    const where = atSource ? 'source' : 'destination'
    const component = componentId(f.e.Component) !== undefined ? ` (${refAny(f.e.Component)})` : ''
    return (
      `No traffic matching the path's ${what}${value !== undefined ? ` ${value}` : ''} exists at the ${where}${component}; ` +
      `check the assertion's protocol, port and addresses`
    )
  })
}

const RENDERERS: Record<string, Renderer> = {
  // --- path_not_reachable ---
  BAD_STATE: r(
    ['Component', 'NetworkInterface', 'TransitGatewayAttachment', 'VpcPeeringConnection'],
    f =>
      `${f.componentOr('A component on the path')} is not in a functional state${f.state}, so traffic cannot pass through it`
  ),
  BAD_STATE_ATTACHMENT: r(['TransitGatewayAttachment', 'Component', 'AttachedTo'], f => {
    const ends = [
      f.e.Component,
      f.e.AttachedTo,
      f.e.Vpc,
      f.e.TransitGateway,
      f.e.VpnGateway,
      f.e.InternetGateway
    ]
      .filter(isComponent)
      .map(c => refAny(c))
    const which =
      componentId(f.e.TransitGatewayAttachment) !== undefined
        ? ` ${ref('', f.e.TransitGatewayAttachment).trim()}`
        : ''
    const between =
      ends.length >= 2 ? ` between ${ends[0]} and ${ends[1]}` : ends.length === 1 ? ` of ${ends[0]}` : ''
    return `The attachment${which}${between} is not in a functional state${f.state}, so traffic cannot cross it`
  }),
  BAD_STATE_ROUTE: r(
    ['RouteTable', 'TransitGatewayRouteTable', 'Component'],
    f =>
      `The ${routeText(f.e.RouteTableRoute) ?? tgwRouteText(f.e.TransitGatewayRouteTableRoute) ?? 'route'} in ` +
      `${componentId(f.e.TransitGatewayRouteTable) !== undefined && componentId(f.e.RouteTable) === undefined ? f.tgwRouteTable : f.routeTable} ` +
      `is not in a functional state${f.state}, so it cannot carry the traffic`
  ),
  BAD_STATE_VPN: r(
    ['VpnConnection', 'Component'],
    f =>
      `${ref('VPN connection', f.e.VpnConnection, 'The VPN connection')} is not in a functional state${f.state}, so traffic cannot cross it`
  ),
  CANNOT_ROUTE: r(
    ['RouteTable', 'Component'],
    f =>
      `The ${f.route} in ${f.routeTable} does not match the destination ${dstOr(f, 'address of the packet')}, so it cannot carry the traffic`
  ),
  ELB_ACL_RESTRICTION: r(
    ['Acl', 'Component'],
    f =>
      `${ref('Classic Load Balancer', f.loadBalancer)} sends its outbound traffic through ` +
      `${ref('network ACL', f.e.Acl)}${f.ofSubnet}, which does not admit ${f.traffic}${f.peer}` +
      `${f.e.AclRule !== undefined ? ` (${aclRuleText(f.e.AclRule)})` : ''}; ` +
      `Classic Load Balancers apply network ACLs even to targets in their own subnet`
  ),
  ELB_INSTALLED_AZ_RESTRICTION: r(
    ['Component', 'LoadBalancerTargetGroup'],
    f =>
      `${f.lb} sends traffic only to targets in its enabled Availability Zones` +
      `${f.zones !== undefined ? ` (${f.zones.replace(/^Availability Zones? /, '')})` : ''}, and ${f.target} is in ` +
      `${nonEmpty(f.e.LoadBalancerTarget?.AvailabilityZone) ?? 'another zone'}; enable that zone on the load balancer`
  ),
  ELB_LISTENER_PORT_RESTRICTION: r(
    ['Component', 'ElasticLoadBalancerListener'],
    f =>
      `On ${ref('Classic Load Balancer', f.loadBalancer)}, ${f.listener} accepts only traffic to ` +
      `${listenerPort(f.e.ClassicLoadBalancerListener?.LoadBalancerPort ?? f.e.LoadBalancerListenerPort)}${f.notTraffic}`
  ),
  ELB_LISTENERS_MISMATCH: r(
    ['Component'],
    f => `${ref('Classic Load Balancer', f.loadBalancer)} has no listener that accepts ${f.traffic}`
  ),
  ELB_NOT_CROSSZONE: r(
    ['Component', 'LoadBalancerTargetGroup'],
    f =>
      `${f.lb} cannot send traffic to ${f.target}${f.targetZone !== undefined ? ` in ${f.targetZone}` : ''} ` +
      `because cross-zone load balancing is disabled`
  ),
  ELBV2_LISTENER_HAS_NO_TG: r(
    ['ElasticLoadBalancerListener', 'Component'],
    f =>
      `${f.listener} of ${f.lb} forwards only to target groups with no registered targets` +
      `${f.targetGroups !== undefined ? ` (${f.targetGroups})` : ''}`
  ),
  ELBV2_LISTENER_PORT_RESTRICTION: r(
    ['ElasticLoadBalancerListener', 'Component'],
    f =>
      `${f.listener} of ${f.lb} accepts only traffic to ` +
      `${listenerPort(f.e.LoadBalancerListenerPort)}${f.notTraffic}`
  ),
  ELBV2_LISTENER_REQUIRES_TG_ACCEPT: r(
    ['ElasticLoadBalancerListener', 'Component'],
    f =>
      `${f.listener} of ${f.lb} has no target group that accepts ${f.traffic}` +
      `${f.targetGroups !== undefined ? ` (checked ${f.targetGroups})` : ''}`
  ),
  ELBV2_LISTENERS_MISMATCH: r(['Component'], f => `${f.lb} has no listener that accepts ${f.traffic}`),
  ELBV2_NO_TARGETS_IN_AZ: r(
    ['Component', 'LoadBalancerTargetGroup'],
    f =>
      `${f.lb} has no targets in ${f.zones ?? f.targetZone ?? 'the Availability Zone the traffic arrives in'}`
  ),
  ELBV2_SOURCE_ADDRESS_PRESERVATION: r(
    ['Component'],
    f =>
      `${ref('Network Load Balancer', f.loadBalancer)} preserves the client source address` +
      `${f.src !== undefined ? ` ${f.src}` : ''}, so the target's security group and network ACL must allow the client's address, not the load balancer's`
  ),
  ENI_ADDRESS_RESTRICTION: r(['NetworkInterface', 'Component'], f => {
    const egress = f.direction === 'egress'
    const address = egress ? f.src : f.dst
    const preposition = f.direction === undefined ? 'for' : egress ? 'from' : 'to'
    return (
      `${ref('network interface', f.e.NetworkInterface, 'The network interface')} accepts ${f.inout}traffic only ` +
      `${preposition} its own private IP addresses${address !== undefined ? `, and the packet's ${egress ? 'source' : 'destination'} is ${address}` : ''}`
    )
  }),
  ENI_SG_RULES_MISMATCH: r(
    ['SecurityGroup', 'SecurityGroups', 'SecurityGroupRule', 'NetworkInterface'],
    f => {
      const { text, plural } = f.sgs
      const rule = sgRuleText(f.e.SecurityGroupRule, componentId(f.securityGroups[0]))
      const field = nonEmpty(f.e.PacketField)?.replace(/-/g, ' ')
      const ruleNote =
        rule === undefined
          ? ''
          : `; its ${f.inout}rule ${rule} does not match the packet's ${field ?? 'fields'}`
      return `${text} ${plural ? 'have' : 'has'} no ${f.inout}rule allowing ${f.traffic}${f.peer}${f.onEni}${ruleNote}`
    }
  ),
  ENI_SOURCE_DEST_CHECK_RESTRICTION: r(['NetworkInterface', 'Component'], f => {
    const egress = f.direction === 'egress'
    const address = egress ? f.src : f.dst
    return (
      `${ref('network interface', f.e.NetworkInterface ?? f.e.Component, 'The network interface')} has source/destination check enabled, ` +
      `so it drops ${f.inout}traffic whose ${egress ? 'source' : 'destination'} address${address !== undefined ? ` (${address})` : ''} ` +
      `is not one of its own; disable the check if it forwards traffic (NAT instance, appliance)`
    )
  }),
  FIREWALL_RULES_RESTRICTION: r(
    ['Component'],
    f =>
      `${ref('Network Firewall', f.e.Component, 'The Network Firewall')} blocks ${f.traffic}${f.peer}` +
      `${firewallRuleText(f.e.FirewallStatelessRule, f.e.FirewallStatefulRule) !== undefined ? ` with its ${firewallRuleText(f.e.FirewallStatelessRule, f.e.FirewallStatefulRule)}` : ' with a matching rule'}`
  ),
  GATEWAY_REJECTS_SPOOFED_TRAFFIC: r(
    ['Component', 'InternetGateway', 'VpnGateway', 'NatGateway'],
    f =>
      `${refAny(f.e.Component ?? f.e.InternetGateway ?? f.e.VpnGateway ?? f.e.NatGateway, 'The gateway')} rejects traffic from the VPC ` +
      `whose source address${f.src !== undefined ? ` (${f.src})` : ''} does not belong to the sending resource (spoofed)`
  ),
  GWLB_DESTINATION_PORT_RESTRICTION: r(
    ['Component'],
    f =>
      `${ref('Gateway Load Balancer', f.loadBalancer)} exchanges traffic with its targets only on ` +
      `destination port 6081 (GENEVE)${f.notTraffic}`
  ),
  GWLB_PROTOCOL_RESTRICTION: r(
    ['Component'],
    f =>
      `${ref('Gateway Load Balancer', f.loadBalancer)} exchanges traffic with its targets only over ` +
      `GENEVE (udp/6081)${f.notTraffic}`
  ),
  HIGHER_PRIORITY_ROUTE: r(
    ['RouteTable', 'Component'],
    f =>
      `The ${f.route} in ${f.routeTable} cannot be used: a higher-priority route for the same destination CIDR takes precedence`
  ),
  IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS: r(
    ['InternetGateway', 'Component'],
    f =>
      `${f.igw} accepts inbound traffic only for destination addresses inside the CIDR blocks of ${ref('VPC', f.e.Vpc, 'its VPC')}` +
      `${f.dst !== undefined ? `, and ${f.dst} is not` : ''}`
  ),
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS: r(
    ['InternetGateway', 'Component'],
    f => `${f.igw} rejects outbound traffic to ${ADDRESS_LIMITS.rfc1918} destination ${dstOr(f, 'addresses')}`
  ),
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS: r(
    ['InternetGateway', 'Component'],
    f => `${f.igw} rejects outbound traffic to ${ADDRESS_LIMITS.rfc6598} destination ${dstOr(f, 'addresses')}`
  ),
  IGW_NAT_REFLECTION: r(
    ['InternetGateway', 'Component'],
    f =>
      `The path goes through ${f.igw} as an intermediate hop, which Reachability Analyzer does not support; ` +
      `assert source → internet gateway and internet gateway → destination separately`
  ),
  IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: r(
    ['InternetGateway', 'Component'],
    f =>
      `${f.igw} rejects inbound traffic to ${dstOr(f, 'the destination')}: it is not the public IP of a network interface ` +
      `with an available attachment in ${ref('VPC', f.e.Vpc, 'the VPC')}`
  ),
  IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS: r(
    ['InternetGateway', 'Component'],
    f =>
      `Traffic from ${srcOr(f, 'the source')} cannot leave through ${f.igw}: the source has no public or Elastic IP address ` +
      `(or is not an attached network interface in ${ref('VPC', f.e.Vpc, 'the VPC')}); assign one or route through a NAT gateway`
  ),
  IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS: r(
    ['InternetGateway', 'Component'],
    f => `${f.igw} rejects inbound traffic from ${ADDRESS_LIMITS.rfc1918} source ${srcOr(f, 'addresses')}`
  ),
  IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS: r(
    ['InternetGateway', 'Component'],
    f => `${f.igw} rejects inbound traffic from ${ADDRESS_LIMITS.rfc6598} source ${srcOr(f, 'addresses')}`
  ),
  INGRESS_RTB_NO_PUBLIC_IP: r(
    ['NetworkInterface', 'IngressRouteTable', 'Component'],
    f =>
      `${ref('middlebox appliance', f.e.NetworkInterface ?? f.e.Component)} behind ${ref('ingress route table', f.e.IngressRouteTable, 'the ingress route table')} has no public IP address, ` +
      `so it cannot receive traffic from the internet`
  ),
  INGRESS_RTB_TRAFFIC_REDIRECTION: r(
    ['IngressRouteTable', 'RouteTable', 'Component'],
    f =>
      `${ref('ingress route table', f.e.IngressRouteTable, 'The ingress route table')} redirects this subnet's traffic to a ` +
      `middlebox appliance, so the direct route to ${f.igw} in ${f.routeTable} cannot be used`
  ),
  MORE_SPECIFIC_ROUTE: r(
    ['RouteTable', 'Component'],
    f =>
      `The ${f.route} in ${f.routeTable} cannot be used: a more specific route matches the destination ${dstOr(f, 'address')}`
  ),
  NGW_DEST_ADDRESS_PRESERVATION: r(
    ['NatGateway', 'Component'],
    f =>
      `${f.nat} does not change the destination address${f.dst !== undefined ? ` ${f.dst}` : ''}, so it cannot deliver the traffic anywhere else`
  ),
  NGW_REQUIRES_SOURCE_IN_VPC: r(
    ['NatGateway', 'Component'],
    f =>
      `${f.nat} forwards only traffic from network interfaces in its own VPC${f.vpcParen}; ` +
      `traffic from ${srcOr(f, 'the source')} (peering, VPN or Direct Connect) is dropped`
  ),
  NGW_SOURCE_ADDRESS_REASSIGN: r(
    ['NatGateway', 'Component'],
    f =>
      `${f.nat} replaces the source address${f.src !== undefined ? ` ${f.src}` : ''} with its own private IP, ` +
      `so rules after it must allow the NAT gateway's address`
  ),
  NO_POSSIBLE_DESTINATION: r(
    ['Component', 'RouteTable'],
    f =>
      `${f.componentOr('The path')} cannot deliver the packet to any destination` +
      `${f.dst !== undefined ? ` for ${f.dst}` : ''}; if the destination is in another account or Region, the analysis needs ` +
      `cross-account access (AdditionalAccounts) or the right Region`
  ),
  NO_ROUTE_TO_DESTINATION: r(
    ['RouteTable', 'SubnetRouteTable', 'TransitGatewayRouteTable', 'Component'],
    f => {
      const destination = f.dst ?? ref('', f.e.Destination, '').trim()
      const alsoNamed =
        f.dst !== undefined && componentId(f.e.Destination) !== undefined
          ? ` (${refAny(f.e.Destination)})`
          : ''
      return `${f.routeTable}${f.ofSubnet} has no route to ${destination || 'the destination'}${alsoNamed}`
    }
  ),
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: r(
    ['VpcPeeringConnection', 'Component'],
    f =>
      `${ref('VPC peering connection', f.e.VpcPeeringConnection ?? f.e.Component, 'The VPC peering connection')} carries traffic only ` +
      `between addresses inside the peered VPCs' CIDR blocks${f.dst !== undefined ? `; the packet's destination is ${f.dst}` : ''}`
  ),
  PROTOCOL_RESTRICTION: r(['Component'], f => {
    const allowed = (f.e.Protocols ?? [])
      .map(p => protocolName(p))
      .filter((p): p is string => p !== undefined)
    const asked = protocolName(f.packet.protocol)
    const not = asked !== undefined && !allowed.includes(asked) ? `, not ${asked}` : ''
    return (
      `${f.componentOr('A component on the path')} accepts only ` +
      `${allowed.length > 0 ? `${listText(allowed)} traffic` : 'some protocols'}${not}`
    )
  }),
  REGIONAL_NGW_ROUTE_AZ_RESTRICTION: r(
    ['NatGateway', 'Component'],
    f =>
      `${ref('regional NAT gateway', f.e.NatGateway ?? f.e.Component)} is not registered in ` +
      `${f.zones ?? 'the Availability Zone'} where the traffic originates`
  ),
  REMAP_EPHEMERAL_PORT: r(
    ['Component', 'NatGateway'],
    f =>
      `${f.componentOr('The NAT gateway or load balancer')} remaps the source port to an ` +
      `ephemeral port (1024-65535), so rules after it must allow that range`
  ),
  SG_HAS_NO_RULES: r(['SecurityGroup', 'SecurityGroups', 'SecurityGroupRule', 'NetworkInterface'], f => {
    const { text, plural } = f.sgs
    return `${text} ${plural ? 'have' : 'has'} no ${f.inout}rules at all${f.onEni}, so ${f.traffic}${f.peer} is denied`
  }),
  SG_REFERENCES_NOT_PRESERVED: r(
    ['Component', 'SecurityGroup'],
    f =>
      `${f.componentOr('A component on the path')} discards security group information ` +
      `about the traffic it forwards, so rules in ${f.sgs.text} that reference a security group cannot allow it; allow the source CIDR instead`
  ),
  SG_REFERENCING_SUPPORT: r(
    ['TransitGatewayAttachment', 'SecurityGroup', 'Component'],
    f =>
      `${f.attachment} does not have security group referencing support enabled, so rules in ` +
      `${f.sgs.text} that reference a security group cannot allow traffic through ${ref('transit gateway', f.e.TransitGateway)}`
  ),
  SUBNET_ACL_RESTRICTION: r(['Acl', 'Subnet', 'Component'], f => {
    const acl = ref('network ACL', f.e.Acl ?? f.e.Component, 'The network ACL')
    const rule = aclRuleText(f.e.AclRule)
    if (rule !== undefined) return `${acl}${f.ofSubnet} blocks ${f.directedTraffic}${f.peer} (${rule})`
    return `${acl}${f.ofSubnet} has no rule allowing ${f.directedTraffic}${f.peer}, so its default rule denies it`
  }),
  TARGET_ADDRESS_RESTRICTION: r(
    ['Component', 'LoadBalancerTargetGroup'],
    f =>
      `${f.lb} routes only traffic addressed to one of its targets` +
      `${f.dst !== undefined ? `, and ${f.dst} is not a target address` : ''}`
  ),
  TARGET_PORT_RESTRICTION: r(
    ['Component', 'LoadBalancerTargetGroup'],
    f =>
      `${f.lb} sends traffic to ${f.target} only on its registered port` +
      `${typeof f.e.LoadBalancerTargetPort === 'number' ? ` ${f.e.LoadBalancerTargetPort}` : ''}` +
      `${portsText(f.destinationPorts) !== undefined ? `, not ${portsText(f.destinationPorts)}` : ''}`
  ),
  TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION: r(
    ['TransitGatewayAttachment', 'TransitGateway', 'Component'],
    f =>
      `${f.attachment} is not associated with a route table of ${ref('transit gateway', f.e.TransitGateway)}, ` +
      `so the transit gateway cannot route its traffic`
  ),
  TGW_ATTACH_VPC_AZ_RESTRICTION: r(
    ['TransitGatewayAttachment', 'NetworkInterface', 'Component'],
    f =>
      `${f.attachment} cannot forward traffic to ${ref('network interface', f.e.NetworkInterface)}` +
      `${f.zones !== undefined ? ` in ${f.zones}` : ''}: without appliance mode it delivers only within the same Availability Zone, ` +
      `and with appliance mode the return traffic must use the forward path's zone`
  ),
  TGW_BAD_STATE_VPN: r(
    ['VpnConnection', 'TransitGatewayAttachment', 'Component'],
    f =>
      `${ref('VPN connection', f.e.VpnConnection, 'The VPN connection')} attached to ${ref('transit gateway', f.e.TransitGateway)} ` +
      `is not in a functional state${f.state}`
  ),
  TGW_ROUTE_AZ_RESTRICTION: r(
    ['TransitGateway', 'TransitGatewayAttachment', 'Component'],
    f =>
      `${ref('transit gateway', f.e.TransitGateway, 'The transit gateway')} is not registered in ` +
      `${f.zones ?? 'the Availability Zone'} where the traffic originates; ` +
      `add a subnet in that zone to ${f.attachment}`
  ),
  TGW_RTB_BAD_STATE_ROUTE: r(
    ['TransitGatewayRouteTable', 'Component'],
    f =>
      `The ${f.tgwRoute} in ${f.tgwRouteTable} is not in a functional state${f.state}, so it cannot carry the traffic`
  ),
  TGW_RTB_CANNOT_ROUTE: r(
    ['TransitGatewayRouteTable', 'Component'],
    f =>
      `The ${f.tgwRoute} in ${f.tgwRouteTable} does not match the destination ${dstOr(f, 'address of the packet')}`
  ),
  TGW_RTB_HIGHER_PRIORITY_ROUTE: r(
    ['TransitGatewayRouteTable', 'Component'],
    f =>
      `The ${f.tgwRoute} in ${f.tgwRouteTable} cannot be used: a higher-priority route for the same destination CIDR takes precedence`
  ),
  TGW_RTB_MORE_SPECIFIC_ROUTE: r(
    ['TransitGatewayRouteTable', 'Component'],
    f =>
      `The ${f.tgwRoute} in ${f.tgwRouteTable} cannot be used: a more specific route matches the destination ${dstOr(f, 'address')}`
  ),
  TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT: r(
    ['TransitGatewayRouteTable', 'TransitGatewayAttachment', 'Component'],
    f =>
      `${f.tgwRouteTable} has no route${f.dst !== undefined ? ` for ${f.dst}` : ''} that leads to ${f.attachment}`
  ),
  TGW_RTB_ROUTES_ARE_UNKNOWN: r(
    ['TransitGatewayRouteTable', 'Component'],
    f =>
      `The routes of ${f.tgwRouteTable} are unknown to the analysis (an internal error, or the route table belongs to ` +
      `an account the analysis does not include)`
  ),
  UNKNOWN_DESTINATION: r(
    ['Destination', 'Component'],
    f =>
      `The path stops at ${f.componentOr('a component')}: the analysis knows too little ` +
      `about the destination${f.dst !== undefined ? ` ${f.dst}` : ''}${componentId(f.e.Destination) !== undefined ? ` (${refAny(f.e.Destination)})` : ''} to continue`
  ),
  UNKNOWN_PEERED_SGS: r(
    ['VpcPeeringConnection', 'SecurityGroup', 'Component'],
    f =>
      `The peer VPC of ${ref('VPC peering connection', f.e.VpcPeeringConnection, 'the VPC peering connection')} is unknown to the ` +
      `analysis (typically another account), so rules in ${f.sgs.text} that reference its security groups are treated as denying`
  ),
  UNKNOWN_RESOURCE: r(
    ['Component'],
    f =>
      `Reachability Analyzer cannot describe ${f.componentOr('a resource on the path')}` +
      `${nonEmpty(f.e.ComponentAccount) !== undefined ? ` in account ${f.e.ComponentAccount}` : ''}` +
      `${nonEmpty(f.e.ComponentRegion) !== undefined ? ` (${f.e.ComponentRegion})` : ''}, so it cannot analyze the path through it`
  ),
  VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS: r(
    ['VpnGateway', 'Component'],
    f =>
      `${ref('virtual private gateway', f.e.VpnGateway ?? f.e.Component, 'The virtual private gateway')} rejects outbound traffic ` +
      `from ${srcOr(f, 'the source')}: it is not an address of an attached network interface in ${ref('VPC', f.e.Vpc, 'the VPC')}`
  ),
  VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: r(
    ['VpnGateway', 'Component'],
    f =>
      `${ref('virtual private gateway', f.e.VpnGateway ?? f.e.Component, 'The virtual private gateway')} rejects inbound traffic ` +
      `to ${dstOr(f, 'the destination')}: it is not the private IP of an attached network interface in ${ref('VPC', f.e.Vpc, 'the VPC')}`
  ),
  VPC_BLOCK_PUBLIC_ACCESS_ENABLED: r(
    ['Vpc', 'InternetGateway', 'Component'],
    f =>
      `VPC Block Public Access is enabled${componentId(f.e.Vpc) !== undefined ? ` for ${ref('VPC', f.e.Vpc)}` : ''}, ` +
      `so internet traffic through ${f.igw} is blocked`
  ),
  VPC_LOCAL_ROUTE_CIDR_RESTRICTION: r(
    ['RouteTable', 'Vpc', 'Component'],
    f =>
      `The local route of ${f.routeTable} covers only destinations inside the CIDR blocks of ${ref('VPC', f.e.Vpc, 'the VPC')}` +
      `${f.dst !== undefined ? `, and ${f.dst} is outside them` : ''}`
  ),
  VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION: r(
    ['VpcEndpoint', 'PrefixList', 'Component'],
    f =>
      `${ref('gateway endpoint', f.e.VpcEndpoint ?? f.e.Component)} emits only traffic whose source is in ` +
      `${ref('prefix list', f.e.PrefixList, 'its prefix list')}${f.src !== undefined ? `, and ${f.src} is not` : ''}`
  ),
  VPCE_GATEWAY_PROTOCOL_RESTRICTION: r(
    ['VpcEndpoint', 'Component'],
    f =>
      `${ref('gateway endpoint', f.e.VpcEndpoint ?? f.e.Component)} accepts only TCP or ICMP echo traffic` +
      `${f.notTraffic}`
  ),
  VPCE_INTRA_VPC_TRAFFIC: r(
    ['VpcEndpoint', 'Component'],
    f =>
      `${f.vpce} cannot initiate connections to resources in its own VPC${f.vpcParen}; ` +
      `assert the reverse direction (resource → endpoint) instead`
  ),
  VPCE_SERVICE_NOT_INSTALLED_IN_AZ: r(
    ['VpcEndpoint', 'Component'],
    f =>
      `The endpoint service behind ${f.vpce} is not available in ` +
      `${f.zones ?? 'the Availability Zone of the traffic'}`
  ),

  // --- configuration ---
  DISCONNECTED_VPCS: r(['SourceVpc', 'DestinationVpc', 'Vpc', 'Component'], f => {
    const a = componentId(f.e.SourceVpc) !== undefined ? ref('', f.e.SourceVpc).trim() : undefined
    const b = componentId(f.e.DestinationVpc) !== undefined ? ref('', f.e.DestinationVpc).trim() : undefined
    const which =
      a !== undefined && b !== undefined ? `VPCs ${a} and ${b} are` : 'The source and destination VPCs are'
    return `${which} not connected by any resource Reachability Analyzer supports (peering, transit gateway, VPN), so no path exists between them`
  }),
  NO_PATH: r(
    ['Component'],
    f =>
      `AWS found no path${componentId(f.e.Component) !== undefined ? ` at ${refAny(f.e.Component)}` : ''} and named no blocking ` +
      `component: filters, addresses or ports were not met, a component is temporarily isolated, the source cannot initiate ` +
      `traffic, or the path needs an unsupported feature such as IPv6`
  ),
  NO_SOURCE_OR_DESTINATION: r(
    ['Component', 'MissingComponentRef'],
    f =>
      `The source or destination${f.e.Component !== undefined || f.e.MissingComponentRef !== undefined ? ` (${f.componentOr('')})` : ''} does not exist; ` +
      `it may have been deleted, or the selector matched the wrong resource`
  ),
  UNASSOCIATED_COMPONENT: r(
    ['Component', 'NetworkInterface'],
    f =>
      `${f.componentOr('A component of the path')} is not associated with a VPC in this ` +
      `account (for example a terminated instance), or none of its network interfaces has an IPv4 address`
  ),
  UNSUPPORTED_COMPONENT: r(
    ['Component'],
    f =>
      `${f.componentOr('A component of the path')} is not supported by Reachability Analyzer, ` +
      `so it cannot analyze this path`
  ),

  // --- search_filter ---
  COMPONENT_FILTER_RESTRICTION: r(
    ['Component'],
    f =>
      `No path from the source to the destination traverses ${f.componentOr('the required (via) component')}: ` +
      `the traffic bypasses it, or it cannot lie on a path between them`
  ),
  COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT: r(
    ['Component'],
    f =>
      `Every path from the source to the destination traverses ${f.componentOr('a component the avoid filter excludes')}, ` +
      `so no path is left once the component filter (via/avoid) removes it`
  ),
  FILTER_AT_DESTINATION_DESTINATION_ADDRESS: filterSentence('FILTER_AT_DESTINATION_DESTINATION_ADDRESS'),
  FILTER_AT_DESTINATION_DESTINATION_PORT_RANGE: filterSentence(
    'FILTER_AT_DESTINATION_DESTINATION_PORT_RANGE'
  ),
  FILTER_AT_DESTINATION_PROTOCOL: filterSentence('FILTER_AT_DESTINATION_PROTOCOL'),
  FILTER_AT_DESTINATION_SOURCE_ADDRESS: filterSentence('FILTER_AT_DESTINATION_SOURCE_ADDRESS'),
  FILTER_AT_DESTINATION_SOURCE_PORT_RANGE: filterSentence('FILTER_AT_DESTINATION_SOURCE_PORT_RANGE'),
  FILTER_AT_SOURCE_DESTINATION_ADDRESS: filterSentence('FILTER_AT_SOURCE_DESTINATION_ADDRESS'),
  FILTER_AT_SOURCE_DESTINATION_PORT_RANGE: filterSentence('FILTER_AT_SOURCE_DESTINATION_PORT_RANGE'),
  FILTER_AT_SOURCE_PROTOCOL: filterSentence('FILTER_AT_SOURCE_PROTOCOL'),
  FILTER_AT_SOURCE_SOURCE_ADDRESS: filterSentence('FILTER_AT_SOURCE_SOURCE_ADDRESS'),
  FILTER_AT_SOURCE_SOURCE_PORT_RANGE: filterSentence('FILTER_AT_SOURCE_SOURCE_PORT_RANGE'),
  IGW_EXPECTS_PUBLIC_ADDRESS: r(
    ['InternetGateway', 'Component'],
    f =>
      `${f.igw} needs public IP addresses on its side of the path` +
      `${(f.addresses ?? f.dst) !== undefined ? `, but the path uses ${f.addresses ?? f.dst}` : ''}`
  ),

  // --- additional_detail_codes (warnings) ---
  ASSUMPTION_PRESERVE_CLIENT_IP_IS_DISABLED: r(
    ['LoadBalancerTargetGroup', 'Component'],
    f =>
      `Could not read the attributes of ${f.targetGroups ?? 'the target group'}; the path assumes client IP preservation is ` +
      `disabled, so verify that setting`
  ),
  ASSUMPTION_PRESERVE_CLIENT_IP_IS_ENABLED: r(
    ['LoadBalancerTargetGroup', 'Component'],
    f =>
      `Could not read the attributes of ${f.targetGroups ?? 'the target group'}; the path assumes client IP preservation is ` +
      `enabled, so verify that setting`
  ),
  AVAILABILITY_ZONE_CROSSED: r(
    ['Component'],
    f =>
      `The path crosses Availability Zones${componentId(f.e.Component) !== undefined ? ` at ${refAny(f.e.Component)}` : ''} ` +
      `(inter-AZ data transfer is charged)`
  ),
  FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULE_GROUP_TYPE: r(['Component'], f => {
    const groups = (f.e.RuleGroupTypePairs ?? [])
      .map(p => [nonEmpty(p.RuleGroupType), ruleGroupName(p.RuleGroupArn)].filter(Boolean).join(' '))
      .filter(s => s !== '')
    return (
      `${ref('Network Firewall', f.e.Component, 'The Network Firewall')} has a higher-priority rule group of an unsupported type` +
      `${groups.length > 0 ? ` (${listText(groups)})` : ''} that the analysis ignored; verify the firewall's real behaviour`
    )
  }),
  FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULES: r(
    ['Component'],
    f =>
      `${ref('Network Firewall', f.e.Component, 'The Network Firewall')} has a higher-priority rule with an unsupported rule option ` +
      `${ruleOptionsText(f)}that the analysis ignored; verify the firewall's real behaviour`
  ),
  FIREWALL_UNSUPPORTED_RULE_OPTIONS: r(
    ['Component'],
    f =>
      `The matching rule of ${ref('Network Firewall', f.e.Component)} uses rule options the analysis does not support ` +
      `${ruleOptionsText(f)}; verify the firewall's real behaviour`.replace(/ ;/, ';')
  ),
  MISSING_TARGET_GROUP_ATTRIBUTES: r(
    ['LoadBalancerTargetGroup', 'Component'],
    f =>
      `The attributes of ${f.targetGroups ?? 'the target group'} were missing and not considered by the analysis`
  ),
  PATH_THROUGH_GWLB_NOT_CHECKED: r(
    ['VpcEndpoint', 'VpcEndpointService', 'Component'],
    f =>
      `Inspection through the Gateway Load Balancer behind ${ref('VPC endpoint', f.e.VpcEndpoint ?? f.e.Component)}` +
      `${nonEmpty(f.e.ServiceName) !== undefined ? ` (${f.e.ServiceName})` : componentId(f.e.VpcEndpointService) !== undefined ? ` (${ref('service', f.e.VpcEndpointService)})` : ''} ` +
      `was not analyzed`
  ),
  RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY: r(
    ['RouteTable', 'VpcEndpoint', 'Component'],
    f =>
      `The route table of ${refAny(f.e.VpcEndpoint ?? f.e.Component, 'the VPC endpoint')} has no route back to the transit gateway` +
      `${componentId(f.e.RouteTable) !== undefined ? ` (${ref('route table', f.e.RouteTable)})` : ''}; response traffic might be dropped`
  ),
  TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED: r(
    ['TransitGatewayAttachment', 'Component'],
    f =>
      `${ref('transit gateway VPC attachment', f.e.TransitGatewayAttachment ?? f.e.Component, 'The transit gateway VPC attachment')} ` +
      `has appliance mode disabled although Network Firewall inspects the traffic; enable appliance mode to keep flows symmetric`
  ),
  UNIDIRECTIONAL_PATH_ANALYSIS_ONLY: r(
    ['Component'],
    f =>
      `Only the forward path was analyzed${componentId(f.e.Component) !== undefined ? ` (at ${refAny(f.e.Component)})` : ''}; ` +
      `the return traffic might still be blocked`
  )
}

function ruleGroupName(arn: string | undefined): string | undefined {
  const name = arn?.split('/').slice(1).join('/')
  return nonEmpty(name) ?? nonEmpty(arn)
}

/** "(keywords: flowbits, lua) " or "". */
function ruleOptionsText(f: Facts): string {
  const keywords = [
    ...(f.e.RuleOptions ?? []),
    ...(f.e.RuleGroupRuleOptionsPairs ?? []).flatMap(p => p.RuleOptions ?? [])
  ]
    .map(o => nonEmpty(o.Keyword))
    .filter((k): k is string => k !== undefined)
  return keywords.length === 0 ? '' : `(${listText([...new Set(keywords)])}) `
}

/** Component-valued fields, in the order a generic sentence names them. */
const GENERIC_COMPONENT_FIELDS: readonly ComponentField[] = [
  'Component',
  'SecurityGroup',
  'Acl',
  'RouteTable',
  'NetworkInterface',
  'Subnet',
  'InternetGateway',
  'NatGateway',
  'TransitGateway',
  'TransitGatewayAttachment',
  'TransitGatewayRouteTable',
  'VpcPeeringConnection',
  'VpcEndpoint',
  'VpnGateway',
  'VpnConnection',
  'ElasticLoadBalancerListener',
  'LoadBalancerTargetGroup',
  'Destination',
  'AttachedTo',
  'Vpc'
]

/** A sentence for a code this version does not know, from whatever AWS sent. */
function genericSentence(code: string, f: Facts): string {
  const named = GENERIC_COMPONENT_FIELDS.map(field => f.e[field] as RawComponent | undefined)
    .filter(isComponent)
    .map(c => refAny(c))
  const unique = [...new Set(named)].slice(0, 4)
  const details = [
    f.inout.trim(),
    trafficText(f.protocol, f.destinationPorts),
    routeText(f.e.RouteTableRoute),
    aclRuleText(f.e.AclRule),
    sgRuleText(f.e.SecurityGroupRule, componentId(f.securityGroups[0]))
  ].filter((d): d is string => d !== undefined && d !== '')
  return (
    `Reachability Analyzer reported ${code}${unique.length > 0 ? ` at ${listText(unique)}` : ''}` +
    `${details.length > 0 ? ` (${details.join('; ')})` : ''}`
  )
}

/** Capitalized, single-spaced, ending with a period. */
function finish(text: string): string {
  const t = text
    .replace(/\s+/g, ' ')
    .replace(/ ([,;:)])/g, '$1')
    .trim()
  const capitalized = t.charAt(0).toUpperCase() + t.slice(1)
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`
}

function rendererFor(code: string): Renderer | undefined {
  return Object.hasOwn(RENDERERS, code) ? RENDERERS[code] : undefined
}

function primaryComponent(renderer: Renderer | undefined, e: Fields): RawComponent | undefined {
  const fields: readonly PrimaryField[] = renderer?.primary ?? GENERIC_COMPONENT_FIELDS
  for (const field of fields) {
    const value: unknown =
      field === 'SecurityGroups'
        ? e.SecurityGroups?.[0]
        : field === 'SecurityGroupRule'
          ? { Id: e.SecurityGroupRule?.SecurityGroupId }
          : e[field]
    if (isComponent(value)) return value
  }
  if (nonEmpty(e.LoadBalancerArn) !== undefined) return { Arn: e.LoadBalancerArn }
  return undefined
}

function withMissingComponent(e: Fields): Fields {
  const missing = nonEmpty(e.MissingComponent)
  if (missing === undefined || e.MissingComponentRef !== undefined) return e
  return { ...e, MissingComponentRef: missing.startsWith('arn:') ? { Arn: missing } : { Id: missing } }
}

/** The sentence for one explanation's fields under a code (documented or not). */
export function explanationSentence(code: string, fields: Fields, packet: PacketContext = {}): string {
  const facts = new Facts(withMissingComponent(fields), packet)
  const renderer = rendererFor(code)
  return finish(renderer !== undefined ? renderer.sentence(facts) : genericSentence(code, facts))
}

/** Turn one raw AWS explanation into the model's Explanation: sentence, blocking component, console link. */
export function explainExplanation(raw: RawExplanation, context: ExplainContext = {}): Explanation {
  const fields = withMissingComponent(raw ?? {})
  const code = nonEmpty(fields.ExplanationCode) ?? 'UNSPECIFIED'
  const renderer = rendererFor(code)
  const primary = primaryComponent(renderer, fields)
  const region = nonEmpty(fields.ComponentRegion) ?? context.region
  const explanation: Explanation = {
    code,
    sentence: explanationSentence(code, fields, context.packet),
    raw
  }
  const direction = new Facts(fields, context.packet ?? {}).direction
  if (direction !== undefined) explanation.direction = direction
  const id = componentId(primary)
  if (id !== undefined) explanation.componentId = id
  if (nonEmpty(primary?.Arn) !== undefined) explanation.componentArn = primary?.Arn
  const url =
    primary === undefined
      ? undefined
      : consoleUrlFor({ id: nonEmpty(primary.Id), arn: nonEmpty(primary.Arn) }, region)
  if (url !== undefined) explanation.consoleUrl = url
  return explanation
}

/** The warning sentence for an additional detail attached to a path component. */
export function additionalDetailSentence(detail: RawAdditionalDetail, packet: PacketContext = {}): string {
  const code = nonEmpty(detail?.AdditionalDetailType) ?? 'UNSPECIFIED_DETAIL'
  const { AdditionalDetailType: _type, ...fields } = detail ?? {}
  return explanationSentence(code, fields, packet)
}

/** Sanity: the catalogue and the renderers describe the same codes. */
export function codesWithoutSentence(): string[] {
  return Object.keys(EXPLANATION_CODES).filter(code => !Object.hasOwn(RENDERERS, code))
}
