// AWS console links and component kinds, derived from resource ids and ARNs (no AWS calls).

import type { RawComponent } from './raw.js'

/** A component as the verdict layer refers to it: an id and/or an ARN. */
export interface ComponentRef {
  id?: string
  arn?: string
}

interface ParsedArn {
  service: string
  region: string
  account: string
  /** The part after the account, e.g. "security-group/sg-0abc" or "loadbalancer/app/web/123". */
  resource: string
  /** The resource type segment, e.g. "security-group". */
  type: string
}

export function parseArn(arn: string | undefined): ParsedArn | undefined {
  if (arn === undefined || !arn.startsWith('arn:')) return undefined
  const parts = arn.split(':')
  if (parts.length < 6) return undefined
  const resource = parts.slice(5).join(':')
  const type = resource.split('/')[0] ?? ''
  return { service: parts[2] ?? '', region: parts[3] ?? '', account: parts[4] ?? '', resource, type }
}

/** The id at the end of an ARN ("arn:…:security-group/sg-0abc" → "sg-0abc"). */
export function idFromArn(arn: string | undefined): string | undefined {
  const parsed = parseArn(arn)
  if (parsed === undefined) return undefined
  const slash = parsed.resource.lastIndexOf('/')
  const id = slash >= 0 ? parsed.resource.slice(slash + 1) : parsed.resource
  return id === '' ? undefined : id
}

/** Id prefixes, longest first where two share a start (tgw-attach- before tgw-, igw- before i-). */
const ID_PREFIX_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['tgw-attach-', 'transit-gateway-attachment'],
  ['tgw-rtb-', 'transit-gateway-route-table'],
  ['tgw-', 'transit-gateway'],
  ['vpce-svc-', 'vpc-endpoint-service'],
  ['vpce-', 'vpc-endpoint'],
  ['eigw-', 'egress-only-internet-gateway'],
  ['igw-', 'internet-gateway'],
  ['eni-', 'network-interface'],
  ['sg-', 'security-group'],
  ['acl-', 'network-acl'],
  ['rtb-', 'route-table'],
  ['subnet-', 'subnet'],
  ['vpc-', 'vpc'],
  ['nat-', 'natgateway'],
  ['pcx-', 'vpc-peering-connection'],
  ['vgw-', 'vpn-gateway'],
  ['vpn-', 'vpn-connection'],
  ['cgw-', 'customer-gateway'],
  ['pl-', 'prefix-list'],
  ['i-', 'instance']
]

/** ARN resource types of Elastic Load Balancing and Network Firewall, renamed to read well. */
const ARN_TYPE_NAMES: Record<string, string> = {
  loadbalancer: 'load-balancer',
  listener: 'load-balancer-listener',
  targetgroup: 'target-group',
  firewall: 'network-firewall',
  'stateful-rulegroup': 'network-firewall-rule-group',
  'stateless-rulegroup': 'network-firewall-rule-group'
}

/** The kind of a component, e.g. "security-group", from its ARN or else its id prefix. */
export function componentType(ref: ComponentRef): string | undefined {
  const parsed = parseArn(ref.arn)
  if (parsed !== undefined && parsed.type !== '') return ARN_TYPE_NAMES[parsed.type] ?? parsed.type
  const id = ref.id ?? idFromArn(ref.arn)
  if (id === undefined) return undefined
  return ID_PREFIX_TYPES.find(([prefix]) => id.startsWith(prefix))?.[1]
}

/** Console fragments by component type: [console, fragment key]. */
const CONSOLE_PAGES: Record<string, readonly ['ec2' | 'vpcconsole', string]> = {
  instance: ['ec2', 'InstanceDetails:instanceId='],
  'network-interface': ['ec2', 'NetworkInterface:networkInterfaceId='],
  'security-group': ['vpcconsole', 'SecurityGroup:groupId='],
  'network-acl': ['vpcconsole', 'NetworkAclDetails:networkAclId='],
  'route-table': ['vpcconsole', 'RouteTableDetails:routeTableId='],
  subnet: ['vpcconsole', 'SubnetDetails:subnetId='],
  vpc: ['vpcconsole', 'VpcDetails:VpcId='],
  'internet-gateway': ['vpcconsole', 'InternetGateway:internetGatewayId='],
  'egress-only-internet-gateway': ['vpcconsole', 'EgressOnlyInternetGateway:egressOnlyInternetGatewayId='],
  natgateway: ['vpcconsole', 'NatGatewayDetails:natGatewayId='],
  'transit-gateway': ['vpcconsole', 'TransitGatewayDetails:transitGatewayId='],
  'transit-gateway-attachment': ['vpcconsole', 'TransitGatewayAttachmentDetails:transitGatewayAttachmentId='],
  'transit-gateway-route-table': [
    'vpcconsole',
    'TransitGatewayRouteTableDetails:transitGatewayRouteTableId='
  ],
  'vpc-endpoint': ['vpcconsole', 'EndpointDetails:vpcEndpointId='],
  'vpc-endpoint-service': ['vpcconsole', 'EndpointServiceDetails:endpointServiceId='],
  'vpc-peering-connection': ['vpcconsole', 'PeeringConnectionDetails:VpcPeeringConnectionId='],
  'vpn-gateway': ['vpcconsole', 'VpnGatewayDetails:VpnGatewayId='],
  'vpn-connection': ['vpcconsole', 'VpnConnectionDetails:VpnConnectionId='],
  'customer-gateway': ['vpcconsole', 'CustomerGatewayDetails:customerGatewayId='],
  'prefix-list': ['vpcconsole', 'PrefixListDetails:prefixListId=']
}

function consoleBase(console: 'ec2' | 'vpcconsole', region: string): string {
  return `https://${region}.console.aws.amazon.com/${console}/home?region=${region}#`
}

/**
 * The EC2/VPC console page of a component, in the region of its ARN (else `region`).
 * Undefined when the region is unknown or the console has no page we know for that kind.
 */
export function consoleUrlFor(ref: ComponentRef, region?: string): string | undefined {
  const parsed = parseArn(ref.arn)
  const effectiveRegion = parsed !== undefined && parsed.region !== '' ? parsed.region : region
  if (effectiveRegion === undefined || effectiveRegion === '') return undefined
  if (parsed?.service === 'elasticloadbalancing')
    return loadBalancingUrl(parsed, ref.arn ?? '', effectiveRegion)
  if (parsed?.service === 'network-firewall') {
    if (parsed.type !== 'firewall') return undefined
    return `${consoleBase('vpcconsole', effectiveRegion)}FirewallDetails:firewallName=${parsed.resource.slice('firewall/'.length)}`
  }
  const type = componentType(ref)
  const id = ref.id ?? idFromArn(ref.arn)
  const page = type === undefined ? undefined : CONSOLE_PAGES[type]
  if (page === undefined || id === undefined) return undefined
  return `${consoleBase(page[0], effectiveRegion)}${page[1]}${id}`
}

function loadBalancingUrl(parsed: ParsedArn, arn: string, region: string): string | undefined {
  const base = consoleBase('ec2', region)
  if (parsed.type === 'targetgroup') return `${base}TargetGroup:targetGroupArn=${arn}`
  if (parsed.type === 'loadbalancer') return `${base}LoadBalancer:loadBalancerArn=${arn}`
  if (parsed.type === 'listener') {
    // listener/app/NAME/LB-ID/LISTENER-ID: link to the load balancer that owns the listener.
    const segments = parsed.resource.split('/')
    if (segments.length < 5) return undefined
    const lbArn = `arn:${arn.split(':')[1]}:elasticloadbalancing:${parsed.region}:${parsed.account}:loadbalancer/${segments.slice(1, 4).join('/')}`
    return `${base}LoadBalancer:loadBalancerArn=${lbArn}`
  }
  return undefined
}

/** The id a component is shown by: its Id, else the id in its ARN, else its Name. */
export function componentId(c: RawComponent | undefined): string | undefined {
  if (c === undefined || c === null) return undefined
  return nonEmpty(c.Id) ?? displayIdFromArn(c.Arn) ?? nonEmpty(c.Name)
}

/**
 * The id an ARN is shown by. Load balancers and firewalls are named by the path after their type
 * ("loadbalancer/app/web/50dc…" → "app/web/50dc…"), since their last segment alone is a bare hash.
 */
function displayIdFromArn(arn: string | undefined): string | undefined {
  const parsed = parseArn(arn)
  if (parsed?.service === 'elasticloadbalancing' || parsed?.service === 'network-firewall') {
    const rest = parsed.resource.slice(parsed.type.length + 1)
    return rest === '' ? undefined : rest
  }
  return idFromArn(arn)
}

/** "sg-0abc (web-sg)": the id, plus the name when AWS gave one that says more than the id. */
export function componentLabel(c: RawComponent | undefined): string | undefined {
  const id = componentId(c)
  if (id === undefined) return undefined
  const name = nonEmpty(c?.Name)
  return name !== undefined && name !== id ? `${id} (${name})` : id
}

export function nonEmpty(s: string | undefined | null): string | undefined {
  return typeof s === 'string' && s.trim() !== '' ? s : undefined
}
