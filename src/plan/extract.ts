// From one resource's before/after attributes (Terraform names, unknowns already marked) to the network
// changes it makes. Both readers (terraform.ts, pulumi.ts) bring their resources here, so the
// provider's semantics live in one place. Attribute names and meanings: the AWS provider's resource
// documentation (https://registry.terraform.io/providers/hashicorp/aws/latest/docs, from
// hashicorp/terraform-provider-aws website/docs/r/*.html.markdown).
import type {
  AclEntry,
  AclRuleSet,
  NetworkChanges,
  PlanResource,
  Route,
  RouteSet,
  SgAttachment,
  SgPeer,
  SgRule,
  SgRuleSet
} from './model.js'
import { emptyChanges } from './model.js'
import { isUnknown, normaliseProtocol, unknown, type Maybe, type PortRange } from './values.js'

export type Attributes = Record<string, unknown>

/** One resource instance of a plan: attributes use Terraform's names; unknowns are Unknown markers. */
export interface ResourceChange {
  resource: PlanResource
  before: Attributes | null
  after: Attributes | null
}

const ROUTE_TARGETS = [
  'gateway_id',
  'nat_gateway_id',
  'transit_gateway_id',
  'vpc_peering_connection_id',
  'network_interface_id',
  'vpc_endpoint_id',
  'egress_only_gateway_id',
  'carrier_gateway_id',
  'local_gateway_id',
  'core_network_arn',
  'instance_id'
]

/** Destroying or replacing one of these takes a path component away (its id is gone after apply). */
const LIFECYCLE_TYPES = new Set([
  'aws_instance',
  'aws_network_interface',
  'aws_subnet',
  'aws_vpc',
  'aws_security_group',
  'aws_network_acl',
  'aws_route_table',
  'aws_internet_gateway',
  'aws_egress_only_internet_gateway',
  'aws_nat_gateway',
  'aws_vpn_gateway',
  'aws_ec2_transit_gateway',
  'aws_ec2_transit_gateway_vpc_attachment',
  'aws_ec2_transit_gateway_peering_attachment',
  'aws_ec2_transit_gateway_route_table',
  'aws_vpc_peering_connection',
  'aws_vpc_endpoint',
  'aws_lb',
  'aws_networkfirewall_firewall'
])

const FIREWALL_TYPES = new Set([
  'aws_networkfirewall_rule_group',
  'aws_networkfirewall_firewall_policy',
  'aws_networkfirewall_firewall'
])

/** Types whose network meaning the extractors below read in full. */
const MODELLED = new Set([
  'aws_security_group',
  'aws_default_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_network_acl',
  'aws_default_network_acl',
  'aws_network_acl_rule',
  'aws_route',
  'aws_route_table',
  'aws_default_route_table',
  'aws_ec2_transit_gateway_route',
  'aws_instance',
  'aws_network_interface',
  'aws_network_interface_sg_attachment'
])

const AWS_ID = /^(?:\d{12}\/)?([a-z]+(?:-[a-z]+)*-[0-9a-f]{8,17})$/

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A string attribute: Unknown stays Unknown, "" and null are absent. */
function mstr(value: unknown): Maybe<string> | undefined {
  if (isUnknown(value)) return value
  return str(value)
}

/** `ACCOUNT/sg-…` names the group in another account; the id is what analyses show. */
function groupIdOf(value: Maybe<string> | undefined): Maybe<string> | undefined {
  if (value === undefined || isUnknown(value)) return value
  return value.includes('/') ? value.slice(value.lastIndexOf('/') + 1) : value
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function num(value: unknown): Maybe<number> | undefined {
  if (isUnknown(value)) return value
  if (typeof value === 'number') return value
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value)
  return undefined
}

/** Protocol -1 means every port; so do from/to -1 or absent (Framework rules: null when -1). */
function portsOf(
  from: unknown,
  to: unknown,
  protocol: Maybe<string>,
  what: string
): Maybe<PortRange | undefined> {
  if (!isUnknown(protocol) && protocol === '-1') return undefined
  const f = num(from)
  const t = num(to)
  if (isUnknown(f) || isUnknown(t)) return unknown(`ports of ${what}`)
  if (f === undefined && t === undefined) return undefined
  if ((f ?? -1) < 0 && (t ?? -1) < 0) return undefined
  return { from: Math.max(0, f ?? 0), to: t === undefined || t < 0 ? 65535 : t }
}

function protocolOf(value: unknown, what: string): Maybe<string> {
  if (isUnknown(value)) return unknown(`protocol of ${what}`)
  return normaliseProtocol(value) ?? unknown(`protocol ${JSON.stringify(value)} of ${what}`)
}

/** One SG rule per peer: a block naming three CIDRs and a group is four permissions to AWS. */
function sgPeers(
  attrs: Attributes,
  own: Maybe<string> | undefined,
  what: string,
  fields: {
    cidrs: string[]
    prefixLists: string[]
    groups: string[]
    selfField?: string
  }
): Array<Maybe<SgPeer>> {
  const peers: Array<Maybe<SgPeer>> = []
  const add = (value: unknown, make: (v: string) => SgPeer, field: string) => {
    if (isUnknown(value)) peers.push(unknown(`${field} of ${what}`))
    else if (Array.isArray(value)) {
      for (const v of value) {
        if (isUnknown(v) || v === null) peers.push(unknown(`${field} of ${what}`))
        else if (str(v)) peers.push(make(str(v)!))
      }
    } else if (str(value)) peers.push(make(str(value)!))
  }
  for (const f of fields.cidrs) add(attrs[f], cidr => ({ kind: 'cidr', cidr }), f)
  for (const f of fields.prefixLists) add(attrs[f], id => ({ kind: 'prefix-list', id }), f)
  for (const f of fields.groups) add(attrs[f], g => ({ kind: 'group', groupId: groupIdOf(g) as string }), f)
  if (fields.selfField !== undefined) {
    const self = attrs[fields.selfField]
    if (isUnknown(self)) peers.push(unknown(`self of ${what}`))
    else if (self === true) {
      if (own === undefined || isUnknown(own)) peers.push(unknown(`the group id (self) of ${what}`))
      else peers.push({ kind: 'group', groupId: own })
    }
  }
  return peers
}

function inlineSgRules(
  attrs: Attributes | null,
  own: Maybe<string> | undefined,
  what: string
): Maybe<SgRule[]> | null {
  if (attrs === null) return null
  const rules: SgRule[] = []
  for (const direction of ['ingress', 'egress'] as const) {
    const blocks = attrs[direction]
    if (isUnknown(blocks)) return unknown(`${direction} rules of ${what}`)
    for (const block of list(blocks)) {
      if (isUnknown(block) || typeof block !== 'object' || block === null) {
        rules.push({
          direction,
          protocol: unknown(`a ${direction} rule of ${what}`),
          ports: undefined,
          peer: unknown(`a ${direction} rule of ${what}`)
        })
        continue
      }
      const b = block as Attributes
      const protocol = protocolOf(b.protocol, what)
      const ports = portsOf(b.from_port, b.to_port, protocol, what)
      for (const peer of sgPeers(b, own, what, {
        cidrs: ['cidr_blocks', 'ipv6_cidr_blocks'],
        prefixLists: ['prefix_list_ids'],
        groups: ['security_groups'],
        selfField: 'self'
      }))
        rules.push({ direction, protocol, ports, peer })
    }
  }
  return rules
}

function standaloneSgRules(attrs: Attributes | null, what: string): SgRule[] | null {
  if (attrs === null) return null
  const direction = attrs.type === 'egress' ? 'egress' : 'ingress'
  const protocol = protocolOf(attrs.protocol, what)
  const ports = portsOf(attrs.from_port, attrs.to_port, protocol, what)
  return sgPeers(attrs, groupIdOf(mstr(attrs.security_group_id)), what, {
    cidrs: ['cidr_blocks', 'ipv6_cidr_blocks'],
    prefixLists: ['prefix_list_ids'],
    groups: ['source_security_group_id'],
    selfField: 'self'
  }).map(peer => ({ direction, protocol, ports, peer }))
}

function vpcSgRule(attrs: Attributes | null, direction: 'ingress' | 'egress', what: string): SgRule[] | null {
  if (attrs === null) return null
  const protocol = protocolOf(attrs.ip_protocol, what)
  const ports = portsOf(attrs.from_port, attrs.to_port, protocol, what)
  const peers = sgPeers(attrs, undefined, what, {
    cidrs: ['cidr_ipv4', 'cidr_ipv6'],
    prefixLists: ['prefix_list_id'],
    groups: ['referenced_security_group_id']
  })
  return (peers.length ? peers : [unknown(`the peer of ${what}`)]).map(peer => ({
    direction,
    protocol,
    ports,
    peer
  }))
}

function aclEntriesInline(attrs: Attributes | null, what: string): Maybe<AclEntry[]> | null {
  if (attrs === null) return null
  const entries: AclEntry[] = []
  for (const direction of ['ingress', 'egress'] as const) {
    const blocks = attrs[direction]
    if (isUnknown(blocks)) return unknown(`${direction} rules of ${what}`)
    for (const block of list(blocks)) {
      const b = (typeof block === 'object' && block !== null && !isUnknown(block) ? block : {}) as Attributes
      entries.push(aclEntry(b, direction === 'egress', 'rule_no', 'action', what))
    }
  }
  return entries
}

function aclEntry(
  b: Attributes,
  egress: boolean,
  numberField: string,
  actionField: string,
  what: string
): AclEntry {
  const protocol = protocolOf(b.protocol, what)
  const action = b[actionField]
  const cidr = mstr(b.cidr_block) ?? mstr(b.ipv6_cidr_block)
  return {
    egress,
    ruleNumber: num(b[numberField]) ?? unknown(`rule number of ${what}`),
    action: isUnknown(action)
      ? unknown(`action of ${what}`)
      : action === 'allow' || action === 'deny'
        ? action
        : unknown(`action of ${what}`),
    protocol,
    ports: portsOf(b.from_port, b.to_port, protocol, what),
    cidr: cidr ?? unknown(`cidr of ${what}`)
  }
}

function routeOf(b: Attributes, destFields: { cidr: string[]; prefixList: string }, what: string): Route {
  let destination: Route['destination'] = unknown(`destination of ${what}`)
  for (const f of destFields.cidr) {
    const v = mstr(b[f])
    if (v !== undefined) {
      destination = isUnknown(v) ? v : { kind: 'cidr', cidr: v }
      break
    }
  }
  if (isUnknown(destination)) {
    const pl = mstr(b[destFields.prefixList])
    if (pl !== undefined) destination = isUnknown(pl) ? pl : { kind: 'prefix-list', id: pl }
  }
  let target: Maybe<string> = unknown(`target of ${what}`)
  for (const f of ROUTE_TARGETS) {
    const v = mstr(b[f])
    if (v !== undefined) {
      target = v
      break
    }
  }
  return { destination, target }
}

function inlineRoutes(attrs: Attributes | null, what: string): Maybe<Route[]> | null {
  if (attrs === null) return null
  const blocks = attrs.route
  if (isUnknown(blocks)) return unknown(`routes of ${what}`)
  return list(blocks).map(b =>
    routeOf(
      (typeof b === 'object' && b !== null && !isUnknown(b) ? b : {}) as Attributes,
      {
        cidr: ['cidr_block', 'ipv6_cidr_block'],
        prefixList: 'destination_prefix_list_id'
      },
      what
    )
  )
}

function groupList(value: unknown, what: string): Maybe<string[]> {
  if (isUnknown(value)) return unknown(`security groups of ${what}`)
  const out: string[] = []
  for (const v of list(value)) {
    if (isUnknown(v) || v === null) return unknown(`security groups of ${what}`)
    const s = str(v)
    if (s) out.push(groupIdOf(s) as string)
  }
  return out
}

/** Every AWS id or ARN among a resource's attributes (top level and one level down). */
function idsIn(attrs: Attributes | null): string[] {
  const out = new Set<string>()
  const visit = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      if (v.startsWith('arn:aws')) out.add(v)
      const m = AWS_ID.exec(v)
      if (m) out.add(m[1]!)
    } else if (Array.isArray(v) && depth < 6) v.forEach(x => visit(x, depth + 1))
    else if (v && typeof v === 'object' && !isUnknown(v) && depth < 6)
      Object.values(v).forEach(x => visit(x, depth + 1))
  }
  visit(attrs, 0)
  return [...out]
}

/** Reads every resource change into the normalised network-change model. */
export function extractChanges(file: string, changes: ResourceChange[]): NetworkChanges {
  const out = emptyChanges()
  out.files.push(file)
  for (const { resource, before, after } of changes) {
    out.resources.push(resource)
    const what = resource.address
    const beforeId = str(before?.id)
    const afterId =
      after === null
        ? undefined
        : (mstr(after.id) ??
          (resource.action === 'create' || resource.action === 'replace'
            ? unknown(`id of ${what}`)
            : beforeId))
    const type = resource.type

    if (resource.action !== 'no-op' && LIFECYCLE_TYPES.has(type) && beforeId !== undefined) {
      if (resource.action === 'delete' || resource.action === 'replace') {
        out.lifecycle.push({ resource, id: beforeId, action: resource.action })
        const eni = str(before?.primary_network_interface_id)
        if (eni) out.lifecycle.push({ resource, id: eni, action: resource.action })
      }
    }

    switch (type) {
      case 'aws_security_group':
      case 'aws_default_security_group': {
        const set: SgRuleSet = {
          resource,
          groupBefore: beforeId,
          groupAfter: afterId,
          before: inlineSgRules(before, beforeId, what) as SgRule[] | null,
          after: inlineSgRules(after, afterId, what),
          complete: true
        }
        out.sgRules.push(set)
        break
      }
      case 'aws_security_group_rule':
        out.sgRules.push({
          resource,
          groupBefore: groupIdOf(mstr(before?.security_group_id)),
          groupAfter: groupIdOf(mstr(after?.security_group_id)),
          before: standaloneSgRules(before, what),
          after: standaloneSgRules(after, what),
          complete: false
        })
        break
      case 'aws_vpc_security_group_ingress_rule':
      case 'aws_vpc_security_group_egress_rule': {
        const direction = type.endsWith('ingress_rule') ? 'ingress' : 'egress'
        out.sgRules.push({
          resource,
          groupBefore: groupIdOf(mstr(before?.security_group_id)),
          groupAfter: groupIdOf(mstr(after?.security_group_id)),
          before: vpcSgRule(before, direction, what),
          after: vpcSgRule(after, direction, what),
          complete: false
        })
        break
      }
      case 'aws_network_acl':
      case 'aws_default_network_acl': {
        const set: AclRuleSet = {
          resource,
          aclBefore: beforeId,
          aclAfter: afterId,
          before: aclEntriesInline(before, what) as AclEntry[] | null,
          after: aclEntriesInline(after, what),
          complete: true
        }
        out.aclRules.push(set)
        break
      }
      case 'aws_network_acl_rule': {
        const entry = (a: Attributes | null) =>
          a === null ? null : [aclEntry(a, a.egress === true, 'rule_number', 'rule_action', what)]
        out.aclRules.push({
          resource,
          aclBefore: mstr(before?.network_acl_id),
          aclAfter: mstr(after?.network_acl_id),
          before: entry(before),
          after: entry(after),
          complete: false
        })
        break
      }
      case 'aws_route': {
        const route = (a: Attributes | null) =>
          a === null
            ? null
            : [
                routeOf(
                  a,
                  {
                    cidr: ['destination_cidr_block', 'destination_ipv6_cidr_block'],
                    prefixList: 'destination_prefix_list_id'
                  },
                  what
                )
              ]
        const set: RouteSet = {
          resource,
          tableBefore: mstr(before?.route_table_id),
          tableAfter: mstr(after?.route_table_id),
          before: route(before),
          after: route(after),
          complete: false,
          transitGateway: false
        }
        out.routes.push(set)
        break
      }
      case 'aws_route_table':
      case 'aws_default_route_table': {
        const tableBefore = str(before?.default_route_table_id) ?? beforeId
        out.routes.push({
          resource,
          tableBefore,
          tableAfter:
            type === 'aws_default_route_table' ? (mstr(after?.default_route_table_id) ?? afterId) : afterId,
          before: inlineRoutes(before, what) as Route[] | null,
          after: inlineRoutes(after, what),
          complete: true,
          transitGateway: false
        })
        break
      }
      case 'aws_ec2_transit_gateway_route': {
        const route = (a: Attributes | null): Route[] | null => {
          if (a === null) return null
          const dest = mstr(a.destination_cidr_block)
          const blackhole = a.blackhole
          const attachment = mstr(a.transit_gateway_attachment_id)
          return [
            {
              destination:
                dest === undefined
                  ? unknown(`destination of ${what}`)
                  : isUnknown(dest)
                    ? dest
                    : { kind: 'cidr', cidr: dest },
              target: isUnknown(blackhole)
                ? unknown(`blackhole of ${what}`)
                : blackhole === true
                  ? 'blackhole'
                  : (attachment ?? unknown(`attachment of ${what}`))
            }
          ]
        }
        out.routes.push({
          resource,
          tableBefore: mstr(before?.transit_gateway_route_table_id),
          tableAfter: mstr(after?.transit_gateway_route_table_id),
          before: route(before),
          after: route(after),
          complete: false,
          transitGateway: true
        })
        break
      }
      case 'aws_instance': {
        const targets = [beforeId, str(before?.primary_network_interface_id)].filter((x): x is string => !!x)
        // Destroyed or replaced instances are lifecycle events, not attachment changes.
        if (targets.length === 0 || resource.action !== 'update') break
        const groups = (a: Attributes | null) => {
          if (a === null) return null
          const vpc = groupList(a.vpc_security_group_ids, what)
          return vpc
        }
        out.attachments.push({
          resource,
          targets,
          before: groups(before) as string[] | null,
          after: groups(after),
          complete: true
        })
        break
      }
      case 'aws_network_interface': {
        if (!beforeId || resource.action !== 'update') break
        out.attachments.push({
          resource,
          targets: [
            beforeId,
            ...(str((before?.attachment as Attributes[] | undefined)?.[0]?.instance)
              ? [str((before?.attachment as Attributes[])[0]!.instance)!]
              : [])
          ],
          before: groupList(before?.security_groups, what) as string[],
          after: after === null ? null : groupList(after.security_groups, what),
          complete: true
        })
        break
      }
      case 'aws_network_interface_sg_attachment': {
        const eni = str(before?.network_interface_id)
        if (!eni || resource.action === 'no-op') break
        const attachment: SgAttachment = {
          resource,
          targets: [eni],
          before: str(before?.security_group_id) ? [str(before?.security_group_id)!] : [],
          after: after === null ? [] : groupList([after.security_group_id], what),
          complete: false
        }
        out.attachments.push(attachment)
        break
      }
    }

    if (resource.action === 'no-op') continue
    if (FIREWALL_TYPES.has(type)) {
      out.other.push({ resource, kind: 'firewall', ids: [...new Set([...idsIn(before), ...idsIn(after)])] })
    } else if (!MODELLED.has(type) && !LIFECYCLE_TYPES.has(type)) {
      out.other.push({
        resource,
        kind: 'outside-model',
        ids: [...new Set([...idsIn(before), ...idsIn(after)])]
      })
    } else if (!MODELLED.has(type) && resource.action === 'update') {
      out.other.push({
        resource,
        kind: 'outside-model',
        ids: [...new Set([...idsIn(before), ...idsIn(after)])]
      })
    }
  }
  return out
}
