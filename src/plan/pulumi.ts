// Pulumi's `pulumi preview --json` (one PreviewDigest). Inputs are camelCase of the Terraform names the
// bridged AWS provider uses, so resources are renamed into Terraform's vocabulary and read by extract.ts.
import { extractChanges, type Attributes, type ResourceChange } from './extract.js'
import { PlanError, type ChangeAction, type NetworkChanges } from './model.js'
import { unknown } from './values.js'

/** What a not-yet-known output prints as in a preview (pkg/resource/stack/deployment.go). */
export const PULUMI_UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9'

const TYPES: Record<string, string> = {
  'aws:ec2/securityGroup:SecurityGroup': 'aws_security_group',
  'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup': 'aws_default_security_group',
  'aws:ec2/securityGroupRule:SecurityGroupRule': 'aws_security_group_rule',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': 'aws_vpc_security_group_ingress_rule',
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule': 'aws_vpc_security_group_egress_rule',
  'aws:ec2/networkAcl:NetworkAcl': 'aws_network_acl',
  'aws:ec2/defaultNetworkAcl:DefaultNetworkAcl': 'aws_default_network_acl',
  'aws:ec2/networkAclRule:NetworkAclRule': 'aws_network_acl_rule',
  'aws:ec2/route:Route': 'aws_route',
  'aws:ec2/routeTable:RouteTable': 'aws_route_table',
  'aws:ec2/defaultRouteTable:DefaultRouteTable': 'aws_default_route_table',
  'aws:ec2transitgateway/route:Route': 'aws_ec2_transit_gateway_route',
  'aws:ec2transitgateway/routeTable:RouteTable': 'aws_ec2_transit_gateway_route_table',
  'aws:ec2transitgateway/transitGateway:TransitGateway': 'aws_ec2_transit_gateway',
  'aws:ec2transitgateway/vpcAttachment:VpcAttachment': 'aws_ec2_transit_gateway_vpc_attachment',
  'aws:ec2/instance:Instance': 'aws_instance',
  'aws:ec2/networkInterface:NetworkInterface': 'aws_network_interface',
  'aws:ec2/networkInterfaceSecurityGroupAttachment:NetworkInterfaceSecurityGroupAttachment':
    'aws_network_interface_sg_attachment',
  'aws:ec2/subnet:Subnet': 'aws_subnet',
  'aws:ec2/vpc:Vpc': 'aws_vpc',
  'aws:ec2/internetGateway:InternetGateway': 'aws_internet_gateway',
  'aws:ec2/natGateway:NatGateway': 'aws_nat_gateway',
  'aws:ec2/vpnGateway:VpnGateway': 'aws_vpn_gateway',
  'aws:ec2/vpcPeeringConnection:VpcPeeringConnection': 'aws_vpc_peering_connection',
  'aws:ec2/vpcEndpoint:VpcEndpoint': 'aws_vpc_endpoint',
  'aws:networkfirewall/ruleGroup:RuleGroup': 'aws_networkfirewall_rule_group',
  'aws:networkfirewall/firewallPolicy:FirewallPolicy': 'aws_networkfirewall_firewall_policy',
  'aws:networkfirewall/firewall:Firewall': 'aws_networkfirewall_firewall'
}

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()

/** `aws:ec2/fooBar:FooBar` → `aws_foo_bar` when not in the table (other modules keep their prefix). */
function terraformType(token: string): string {
  if (TYPES[token]) return TYPES[token]
  const m = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):/.exec(token)
  if (!m) return token
  return m[1] === 'ec2' ? `aws_${snake(m[2]!)}` : `aws_${m[1]}_${snake(m[2]!)}`
}

/** camelCase keys → snake_case, the preview's unknown sentinel → Unknown, routes → route. */
function toTerraform(value: unknown, path: string): unknown {
  if (value === PULUMI_UNKNOWN) return unknown(path)
  if (Array.isArray(value)) return value.map((v, i) => toTerraform(v, `${path}[${i}]`))
  if (value && typeof value === 'object') {
    const out: Attributes = {}
    for (const [k, v] of Object.entries(value)) {
      if (k === '__defaults') continue
      const key = k === 'routes' ? 'route' : snake(k)
      out[key] = toTerraform(v, path ? `${path}.${k}` : k)
    }
    return out
  }
  return value
}

function opAction(op: string): ChangeAction | undefined {
  switch (op) {
    case 'same':
    case 'import':
      return 'no-op'
    case 'create':
      return 'create'
    case 'update':
      return 'update'
    case 'delete':
      return 'delete'
    case 'replace':
    case 'create-replacement':
    case 'delete-replaced':
      return 'replace'
    default:
      return undefined // read, refresh, discard, …: no change to the network
  }
}

interface StateV3 {
  id?: string
  type?: string
  inputs?: Attributes
  outputs?: Attributes
}

export function looksLikePulumi(doc: Record<string, unknown>): boolean {
  return Array.isArray(doc.steps) || 'changeSummary' in doc || 'resourcePlans' in doc
}

export function parsePulumiPreview(file: string, doc: Record<string, unknown>): NetworkChanges {
  if ('resourcePlans' in doc) {
    throw new PlanError(
      file,
      'this is a Pulumi update plan (--save-plan); give the output of `pulumi preview --json` instead'
    )
  }
  const steps = doc.steps ?? []
  if (!Array.isArray(steps)) throw new PlanError(file, 'steps is not a list')
  const byUrn = new Map<
    string,
    { action: ChangeAction; old?: StateV3; new?: StateV3; type: string; urn: string }
  >()
  for (const [i, s] of steps.entries()) {
    if (!s || typeof s !== 'object') throw new PlanError(file, `steps[${i}] is not an object`)
    const step = s as Attributes
    const urn = typeof step.urn === 'string' ? step.urn : undefined
    if (!urn) throw new PlanError(file, `steps[${i}] has no urn`)
    const action = opAction(String(step.op))
    if (!action) continue
    const old = (step.oldState ?? undefined) as StateV3 | undefined
    const next = (step.newState ?? undefined) as StateV3 | undefined
    const type = next?.type ?? old?.type ?? urn.split('::')[2]?.split('$').pop() ?? ''
    if (!type.startsWith('aws:')) continue
    const seen = byUrn.get(urn)
    byUrn.set(urn, {
      urn,
      type,
      action: seen && seen.action !== action ? 'replace' : action,
      old: old ?? seen?.old,
      new: next ?? seen?.new
    })
  }
  const changes: ResourceChange[] = []
  for (const s of byUrn.values()) {
    const tfType = terraformType(s.type)
    const side = (state: StateV3 | undefined, which: 'old' | 'new'): Attributes | null => {
      if (!state) return null
      // Before: what is deployed (outputs). After: what the program asks for (inputs) over known outputs.
      const merged =
        which === 'old' ? { ...state.inputs, ...state.outputs } : { ...state.outputs, ...state.inputs }
      const out = toTerraform(merged, '') as Attributes
      if (state.id) out.id = state.id === PULUMI_UNKNOWN ? unknown('id') : state.id
      return out
    }
    const before = s.action === 'create' ? null : side(s.old, 'old')
    const after = s.action === 'delete' ? null : side(s.new, 'new')
    if (after && s.action === 'update' && after.id === undefined && before?.id !== undefined)
      after.id = before.id
    const name = s.urn.split('::').pop() ?? s.urn
    const id = typeof before?.id === 'string' ? before.id : undefined
    changes.push({
      resource: {
        tool: 'pulumi',
        file,
        address: `${s.type}::${name}`,
        type: tfType,
        action: s.action,
        ...(id ? { id } : {})
      },
      before,
      after
    })
  }
  return extractChanges(file, changes)
}
