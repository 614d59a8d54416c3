// Overlay a plan's network changes on the components one analysis of the deployed network names, and
// predict what the assertion's verdict becomes once the plan is applied. Only what changes is evaluated:
// a hop the plan does not touch carries the packet after apply as it does now.
import type { PredictedEffect, Prediction, PredictionReason } from '../model.js'
import type {
  RawAclRule,
  RawAnalysis,
  RawExplanation,
  RawPathComponent,
  RawSecurityGroupRule
} from '../verdict/raw.js'
import type { AclEntry, NetworkChanges, PlanResource, Route, SgRule, SgRuleSet } from './model.js'
import { aclDecides, INTERNET_SOURCES, longestPrefixMatch, sgAdmits, type Packet } from './rules.js'
import {
  isUnknown,
  normaliseProtocol,
  parseCidr,
  portsText,
  protocolName,
  type IpRange,
  type PortRange
} from './values.js'

export type { PredictedEffect, Prediction, PredictionReason } from '../model.js'

/** What the resolution knows about the endpoints, beyond what the analysis shows. */
export interface EndpointFacts {
  sourceKind?: string
  sourceGroups?: string[]
  destinationGroups?: string[]
  sourceAddresses?: string[]
  destinationAddresses?: string[]
}

export interface PredictInput {
  assertion: {
    id: string
    type: 'allow' | 'deny'
    protocol: string
    port?: PortRange
    destinationIp?: string
  }
  /** The raw NetworkInsightsAnalysis of the deployed network. */
  analysis: unknown
  changes: NetworkChanges
  endpoints?: EndpointFacts
}

type HopState = 'same' | 'blocked' | 'unknown' | 'lifted' | 'stays'

interface HopOutcome {
  state: HopState
  reason?: PredictionReason
}

const ref = (r: PlanResource) => `\`${r.address}\` (${r.action})`

function reason(
  resource: PlanResource | undefined,
  component: string | undefined,
  text: string
): PredictionReason {
  return {
    ...(resource ? { resource: resource.address, action: resource.action, file: resource.file } : {}),
    ...(component ? { component } : {}),
    text
  }
}

function asArray<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : []
}

function ordered(components: RawPathComponent[]): RawPathComponent[] {
  return components
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.SequenceNumber ?? a.i + 1) - (b.c.SequenceNumber ?? b.i + 1) || a.i - b.i)
    .map(x => x.c)
}

const ranges = (cidrs: string[] | undefined): IpRange[] | undefined => {
  if (!cidrs || cidrs.length === 0) return undefined
  const parsed = cidrs.map(c => parseCidr(c))
  return parsed.every(Boolean) ? (parsed as IpRange[]) : undefined
}

function idOf(c: { Id?: string; Arn?: string } | undefined): string | undefined {
  if (!c) return undefined
  if (c.Id) return c.Id
  return c.Arn ? c.Arn.slice(c.Arn.lastIndexOf('/') + 1) : undefined
}

/** Every id a hop names: the component, what it is attached to, its subnet, VPC, gateways. */
function hopIds(pc: RawPathComponent): string[] {
  const ids = [
    pc.Component,
    pc.AttachedTo,
    pc.Subnet,
    pc.TransitGateway,
    pc.ElasticLoadBalancerListener,
    pc.Vpc
  ]
    .map(idOf)
    .filter((x): x is string => !!x)
  for (const c of [pc.Component, pc.AttachedTo]) if (c?.Arn) ids.push(c.Arn)
  const att = pc.TransitGatewayRouteTableRoute?.AttachmentId
  if (att) ids.push(att)
  return ids
}

function explanationIds(e: RawExplanation): string[] {
  const out: string[] = []
  for (const v of Object.values(e)) {
    if (Array.isArray(v))
      for (const x of v) {
        const id = idOf(x as { Id?: string })
        if (id) out.push(id)
      }
    else if (v && typeof v === 'object') {
      const id = idOf(v as { Id?: string })
      if (id) out.push(id)
    }
  }
  return out
}

/** The carried rule, in the plan's vocabulary. */
function carriedSgRule(r: RawSecurityGroupRule, group: string): SgRule {
  const protocol = normaliseProtocol(r.Protocol) ?? '-1'
  const ports =
    protocol === '-1' || !r.PortRange
      ? undefined
      : { from: r.PortRange.From ?? 0, to: r.PortRange.To ?? 65535 }
  const peer = r.Cidr
    ? { kind: 'cidr' as const, cidr: r.Cidr }
    : r.PrefixListId
      ? { kind: 'prefix-list' as const, id: r.PrefixListId }
      : { kind: 'group' as const, groupId: r.SecurityGroupId ?? group }
  return { direction: r.Direction === 'egress' ? 'egress' : 'ingress', protocol, ports, peer }
}

function sameCidr(a: string, b: string): boolean {
  const x = parseCidr(a)
  const y = parseCidr(b)
  return !!x && !!y && x.family === y.family && x.first === y.first && x.last === y.last
}

function sameSgRule(a: SgRule, b: SgRule): boolean {
  if (a.direction !== b.direction) return false
  if (isUnknown(a.protocol) || isUnknown(b.protocol) || a.protocol !== b.protocol) return false
  if (isUnknown(a.ports) || isUnknown(b.ports)) return false
  if (a.protocol !== '-1' && (a.ports?.from ?? 0) !== (b.ports?.from ?? 0)) return false
  if (a.protocol !== '-1' && (a.ports?.to ?? 65535) !== (b.ports?.to ?? 65535)) return false
  if (isUnknown(a.peer) || isUnknown(b.peer) || a.peer.kind !== b.peer.kind) return false
  if (a.peer.kind === 'cidr') return sameCidr(a.peer.cidr, (b.peer as { cidr: string }).cidr)
  if (a.peer.kind === 'group') return a.peer.groupId === (b.peer as { groupId: string }).groupId
  return a.peer.id === (b.peer as { id: string }).id
}

function peerText(rule: SgRule): string {
  if (isUnknown(rule.peer)) return 'an unknown peer'
  const p = rule.peer
  return p.kind === 'cidr' ? p.cidr : p.kind === 'group' ? p.groupId : p.id
}

function packetText(packet: Packet): string {
  return `${protocolName(packet.protocol)}/${portsText(packet.ports)}`
}

const is = (v: unknown, id: string) => !isUnknown(v) && v === id

class Overlay {
  readonly notEvaluated: string[] = []
  /** The plan resource that changes the source's security groups, if one does. */
  sourceChange?: PlanResource
  constructor(private readonly changes: NetworkChanges) {}

  note(text: string): void {
    if (!this.notEvaluated.includes(text)) this.notEvaluated.push(text)
  }

  lifecycleOf(ids: string[]): HopOutcome | undefined {
    for (const l of this.changes.lifecycle) {
      if (!ids.includes(l.id)) continue
      if (l.action === 'delete')
        return {
          state: 'blocked',
          reason: reason(l.resource, l.id, `${ref(l.resource)} destroys ${l.id} on the path`)
        }
      const text = `${ref(l.resource)} replaces ${l.id} on the path: it gets a new id, so the path can only be analysed again after apply`
      this.note(text)
      return { state: 'unknown', reason: reason(l.resource, l.id, text) }
    }
    return undefined
  }

  otherOf(ids: string[], firewallOnPath: boolean): HopOutcome | undefined {
    for (const o of this.changes.other) {
      const touches = o.ids.some(id => ids.includes(id))
      if (o.kind === 'firewall' && (touches || firewallOnPath)) {
        const text = `${ref(o.resource)} changes a Network Firewall ${o.resource.type.replace('aws_networkfirewall_', '').replace(/_/g, ' ')} the path may cross; firewall rule groups are not evaluated`
        this.note(text)
        return { state: 'unknown', reason: reason(o.resource, undefined, text) }
      }
      if (o.kind === 'outside-model' && touches) {
        const id = o.ids.find(x => ids.includes(x))
        const text = `${ref(o.resource)} changes ${id} on the path; ${o.resource.type} is outside what this tool evaluates`
        this.note(text)
        return { state: 'unknown', reason: reason(o.resource, id, text) }
      }
    }
    return undefined
  }

  sgSets(group: string): SgRuleSet[] {
    return this.changes.sgRules.filter(s => is(s.groupBefore, group) || is(s.groupAfter, group))
  }

  /** The rules of `group` after apply that the plan shows; `unknown` when one set's rules are unknown. */
  afterRules(group: string): { rules: SgRule[]; unknownBecause?: string; resources: PlanResource[] } {
    const rules: SgRule[] = []
    let unknownBecause: string | undefined
    const resources: PlanResource[] = []
    for (const s of this.changes.sgRules) {
      if (
        isUnknown(s.groupAfter) &&
        s.after !== null &&
        s.resource.action !== 'no-op' &&
        !is(s.groupBefore, group)
      ) {
        // A changed rule whose group is known only at apply could be this group's.
        if (s.resource.action !== 'create' || s.complete) continue
      }
      if (!is(s.groupAfter, group) || s.after === null) continue
      resources.push(s.resource)
      if (isUnknown(s.after)) unknownBecause ??= s.after.what
      else rules.push(...s.after)
    }
    return { rules, resources, ...(unknownBecause ? { unknownBecause } : {}) }
  }

  /** Groups attached to an ENI after apply, when the plan changes its attachments. */
  attachmentAfter(ids: string[]):
    | {
        before: string[] | null
        after: string[] | 'unknown'
        resource: PlanResource
        complete: boolean
        what?: string
      }
    | undefined {
    const a = this.changes.attachments.find(x => {
      if (!x.targets.some(t => ids.includes(t))) return false
      // Same groups before and after (a tag or instance-type change): nothing to overlay.
      if (x.before !== null && x.after !== null && !isUnknown(x.after))
        return !(x.before.length === x.after.length && x.before.every(g => (x.after as string[]).includes(g)))
      return true
    })
    if (!a) return undefined
    return {
      before: a.before,
      after: a.after === null ? [] : isUnknown(a.after) ? 'unknown' : a.after,
      resource: a.resource,
      complete: a.complete,
      ...(isUnknown(a.after) ? { what: a.after.what } : {})
    }
  }

  /** Do the groups admit the packet after apply, from what the plan shows? */
  groupsAdmit(
    groups: string[],
    packet: Packet,
    direction: 'ingress' | 'egress',
    extra: SgRule[] = [],
    seen: string[] = []
  ): { result: 'yes' | 'no' | 'unknown'; why?: string; by?: SgRule; byResource?: PlanResource } {
    const rules: SgRule[] = [...extra]
    let why: string | undefined
    const owner = new Map<SgRule, PlanResource>()
    for (const g of groups) {
      const sets = this.sgSets(g)
      const after = this.afterRules(g)
      if (sets.length === 0 && after.resources.length === 0) {
        // `seen`: groups whose rule that matters the analysis itself showed.
        if (!seen.includes(g)) why ??= `the rules of ${g} are not in the plan`
        continue
      }
      if (after.unknownBecause) why ??= after.unknownBecause
      for (const r of after.rules) {
        rules.push(r)
        const set = this.changes.sgRules.find(s => !isUnknown(s.after) && s.after?.includes(r))
        if (set) owner.set(r, set.resource)
      }
    }
    const v = sgAdmits(rules, packet, direction)
    if (v.result === 'yes') return { result: 'yes', by: v.by, byResource: v.by ? owner.get(v.by) : undefined }
    if (v.result === 'unknown') return { result: 'unknown', why: v.unknownBecause }
    return why ? { result: 'unknown', why } : { result: 'no' }
  }
}

/** The packet the assertion asks about, refined by the headers a hop carried. */
function basePacket(input: PredictInput): Packet {
  const protocol = normaliseProtocol(input.assertion.protocol) ?? '6'
  const facts = input.endpoints ?? {}
  const p: Packet = { protocol, portsKnown: true }
  if (input.assertion.port) p.ports = input.assertion.port
  const dst = ranges(
    facts.destinationAddresses ??
      (input.assertion.destinationIp ? [input.assertion.destinationIp] : undefined)
  )
  if (dst) p.destinations = dst
  const src = facts.sourceKind === 'internet-gateway' ? INTERNET_SOURCES : ranges(facts.sourceAddresses)
  if (src) p.sources = src
  if (facts.sourceGroups) p.sourceGroups = facts.sourceGroups
  if (facts.destinationGroups) p.destinationGroups = facts.destinationGroups
  return p
}

function withHeader(
  p: Packet,
  pc: RawPathComponent | undefined,
  which: 'InboundHeader' | 'OutboundHeader' = 'InboundHeader'
): Packet {
  const h = pc?.[which]
  if (!h) return p
  const next = { ...p }
  const proto = normaliseProtocol(h.Protocol)
  if (proto) next.protocol = proto
  const port = h.DestinationPortRanges?.[0]
  if (port && h.DestinationPortRanges!.length === 1) {
    next.ports = { from: port.From ?? 0, to: port.To ?? 65535 }
    next.portsKnown = true
  }
  const s = ranges(h.SourceAddresses)
  if (s) next.sources = s
  const d = ranges(h.DestinationAddresses)
  if (d) next.destinations = d
  return next
}

/** The return traffic: addresses swapped; its destination ports are the ephemeral ports, known only from headers. */
function reversed(p: Packet, pc: RawPathComponent): Packet {
  const back: Packet = { protocol: p.protocol, portsKnown: false }
  if (p.destinations) back.sources = p.destinations
  if (p.sources) back.destinations = p.sources
  return withHeader(back, pc)
}

function eniIdsNear(path: RawPathComponent[], index: number, step: 1 | -1): string[] {
  for (let i = index; i >= 0 && i < path.length; i += step) {
    const pc = path[i]!
    const id = idOf(pc.Component)
    if (id?.startsWith('eni-')) return [id, idOf(pc.AttachedTo)].filter((x): x is string => !!x)
  }
  return []
}

function routeTarget(r: RawPathComponent['RouteTableRoute']): string | undefined {
  if (!r) return undefined
  return (
    r.GatewayId ??
    r.NatGatewayId ??
    r.TransitGatewayId ??
    r.VpcPeeringConnectionId ??
    r.NetworkInterfaceId ??
    r.InstanceId ??
    r.EgressOnlyInternetGatewayId ??
    r.CarrierGatewayId ??
    r.LocalGatewayId ??
    r.CoreNetworkArn
  )
}

function aclEntryOf(r: RawAclRule): AclEntry {
  const protocol = normaliseProtocol(r.Protocol) ?? '-1'
  return {
    egress: r.Egress === true,
    ruleNumber: r.RuleNumber ?? 32767,
    action: r.RuleAction === 'deny' ? 'deny' : 'allow',
    protocol,
    ports:
      protocol === '-1' || !r.PortRange
        ? undefined
        : { from: r.PortRange.From ?? 0, to: r.PortRange.To ?? 65535 },
    cidr: r.Cidr ?? '0.0.0.0/0'
  }
}

function sameAcl(a: AclEntry, b: AclEntry): boolean {
  return (
    a.egress === b.egress &&
    !isUnknown(a.ruleNumber) &&
    a.ruleNumber === b.ruleNumber &&
    a.action === b.action &&
    a.protocol === b.protocol &&
    !isUnknown(a.cidr) &&
    !isUnknown(b.cidr) &&
    sameCidr(a.cidr, b.cidr) &&
    !isUnknown(a.ports) &&
    !isUnknown(b.ports) &&
    (a.ports?.from ?? 0) === (b.ports?.from ?? 0) &&
    (a.ports?.to ?? 65535) === (b.ports?.to ?? 65535)
  )
}

function routeDest(r: Route): string | undefined {
  return isUnknown(r.destination)
    ? undefined
    : r.destination.kind === 'cidr'
      ? r.destination.cidr
      : r.destination.id
}

// ---------------------------------------------------------------------------------------------
// One hop of a found path

function sgHop(o: Overlay, path: RawPathComponent[], i: number, packet: Packet): HopOutcome {
  const pc = path[i]!
  const group = idOf(pc.Component) ?? pc.SecurityGroupRule!.SecurityGroupId!
  const direction = pc.SecurityGroupRule!.Direction === 'egress' ? 'egress' : 'ingress'
  const carried = carriedSgRule(pc.SecurityGroupRule!, group)
  const eni = direction === 'ingress' ? eniIdsNear(path, i + 1, 1) : eniIdsNear(path, i - 1, -1)
  const what = `${packetText(packet)} ${direction === 'ingress' ? 'from' : 'to'} ${peerText(carried)}`

  const attachment = o.attachmentAfter(eni)
  if (
    attachment &&
    attachment.before?.includes(group) !== false &&
    attachment.after !== 'unknown' &&
    !attachment.after.includes(group)
  ) {
    if (!attachment.complete) {
      const text = `${ref(attachment.resource)} detaches ${group} from ${eni[0]}; the other groups attached to it are not in the plan`
      o.note(text)
      return { state: 'unknown', reason: reason(attachment.resource, group, text) }
    }
    const v = o.groupsAdmit(attachment.after, packet, direction)
    const detach = `${ref(attachment.resource)} detaches ${group} from ${eni.join(' / ')}`
    if (v.result === 'yes') return { state: 'same' }
    if (v.result === 'unknown') {
      const text = `${detach}; whether ${attachment.after.join(', ') || 'the remaining groups'} admit ${what} is not known (${v.why})`
      o.note(text)
      return { state: 'unknown', reason: reason(attachment.resource, group, text) }
    }
    return {
      state: 'blocked',
      reason: reason(attachment.resource, group, `${detach}, and no group left on it admits ${what}`)
    }
  }
  if (attachment && attachment.after === 'unknown') {
    const text = `${ref(attachment.resource)} sets the security groups of ${eni[0]} to values known only after apply`
    o.note(text)
    return { state: 'unknown', reason: reason(attachment.resource, group, text) }
  }

  const sets = o.sgSets(group).filter(s => s.resource.action !== 'no-op')
  if (sets.length === 0) return sourceGroupsOutcome(o, group, carried, packet, direction)
  const removedBy = o.sgSets(group).find(s => {
    if (s.before === null || !is(s.groupBefore, group)) return false
    if (!s.before.some(r => sameSgRule(r, carried))) return false
    if (s.after === null || !is(s.groupAfter, group)) return true
    if (isUnknown(s.after)) return true
    return !s.after.some(r => sameSgRule(r, carried))
  })
  const complete = o.sgSets(group).find(s => s.complete && is(s.groupAfter, group) && s.after !== null)
  const removedByComplete =
    !removedBy && complete && !isUnknown(complete.after) && !complete.after!.some(r => sameSgRule(r, carried))
      ? complete
      : undefined
  const remover = removedBy ?? removedByComplete
  if (!remover) return sourceGroupsOutcome(o, group, carried, packet, direction)
  if (remover.after !== null && isUnknown(remover.after) && is(remover.groupAfter, group)) {
    const text = `${ref(remover.resource)} changes the rule on ${group} that admits ${what} to values known only after apply (${remover.after.what})`
    o.note(text)
    return { state: 'unknown', reason: reason(remover.resource, group, text) }
  }
  const v = o.groupsAdmit([group], packet, direction)
  if (v.result === 'yes') {
    const by = v.byResource ? ` (${v.byResource.address})` : ''
    return {
      state: 'same',
      reason: reason(
        remover.resource,
        group,
        `${ref(remover.resource)} removes a rule on ${group}, but another rule${by} still admits ${what}`
      )
    }
  }
  if (v.result === 'unknown') {
    const text = `${ref(remover.resource)} removes the rule on ${group} admitting ${what}; whether another rule admits it is not known (${v.why})`
    o.note(text)
    return { state: 'unknown', reason: reason(remover.resource, group, text) }
  }
  return {
    state: 'blocked',
    reason: reason(
      remover.resource,
      group,
      `${ref(remover.resource)} removes the only ${direction === 'egress' ? 'egress ' : ''}rule on ${group} admitting ${what}`
    )
  }
}

/** The rule stays, but a group reference admits by the source's groups, which the plan may change. */
function sourceGroupsOutcome(
  o: Overlay,
  group: string,
  carried: SgRule,
  packet: Packet,
  direction: 'ingress' | 'egress'
): HopOutcome {
  const src = o.sourceChange
  if (!src || direction !== 'ingress' || isUnknown(carried.peer) || carried.peer.kind !== 'group')
    return { state: 'same' }
  const v = o.groupsAdmit([group], packet, direction, [carried], [group])
  if (v.result === 'no')
    return {
      state: 'blocked',
      reason: reason(
        src,
        group,
        `${ref(src)} takes ${carried.peer.groupId} off the source, and ${group} admits ${packetText(packet)} only from ${carried.peer.groupId}`
      )
    }
  if (v.result === 'unknown' && packet.sourceGroups === undefined) {
    const text = `${ref(src)} changes the source's security groups; whether ${group} still admits ${packetText(packet)} is not known (${v.why})`
    o.note(text)
    return { state: 'unknown', reason: reason(src, group, text) }
  }
  return { state: 'same' }
}

function aclHop(o: Overlay, changes: NetworkChanges, pc: RawPathComponent, packet: Packet): HopOutcome {
  const acl = idOf(pc.Component)
  if (!acl) return { state: 'same' }
  const carried = aclEntryOf(pc.AclRule!)
  const sets = changes.aclRules.filter(
    s => (is(s.aclBefore, acl) || is(s.aclAfter, acl)) && s.resource.action !== 'no-op'
  )
  if (sets.length === 0) return { state: 'same' }
  const all = changes.aclRules.filter(s => is(s.aclAfter, acl) && s.after !== null)
  const unknownSet = all.find(s => isUnknown(s.after))
  if (unknownSet) {
    const text = `${ref(unknownSet.resource)} sets the rules of ${acl} to values known only after apply`
    o.note(text)
    return { state: 'unknown', reason: reason(unknownSet.resource, acl, text) }
  }
  const complete = all.some(s => s.complete)
  const after: AclEntry[] = all.flatMap(s => s.after as AclEntry[])
  const removed = changes.aclRules.some(
    s =>
      is(s.aclBefore, acl) &&
      s.before?.some(e => sameAcl(e, carried)) &&
      !after.some(e => sameAcl(e, carried))
  )
  const isDefault = carried.ruleNumber === 32767 || carried.ruleNumber === 32768
  if (!complete && !removed && !after.some(e => sameAcl(e, carried))) after.push(carried)
  if (complete && isDefault) after.push(carried)
  const v = aclDecides(after, packet, carried.egress)
  const resource = sets[0]!.resource
  const dir = carried.egress ? 'outbound' : 'inbound'
  if (v.result === 'yes') return { state: 'same' }
  if (v.result === 'unknown') {
    const text = `${ref(resource)} changes ${acl}; whether its ${dir} rules still allow ${packetText(packet)} is not known (${v.unknownBecause})`
    o.note(text)
    return { state: 'unknown', reason: reason(resource, acl, text) }
  }
  const decider = v.by
  const deciderSet = decider
    ? changes.aclRules.find(s => !isUnknown(s.after) && s.after?.includes(decider))
    : undefined
  const who = deciderSet?.resource ?? resource
  const text = decider
    ? `${ref(who)} makes ${dir} rule ${String(decider.ruleNumber)} of ${acl} (deny) decide before rule ${String(carried.ruleNumber)} (allow): ${packetText(packet)} is denied`
    : `${ref(who)} removes ${dir} rule ${String(carried.ruleNumber)} of ${acl}, the rule allowing ${packetText(packet)}; the \`*\` rule denies it`
  return { state: 'blocked', reason: reason(who, acl, text) }
}

function routeHop(o: Overlay, changes: NetworkChanges, pc: RawPathComponent, packet: Packet): HopOutcome {
  const table = idOf(pc.Component)
  if (!table) return { state: 'same' }
  const tgw = pc.TransitGatewayRouteTableRoute
  const carried: Route = tgw
    ? {
        destination: { kind: 'cidr', cidr: tgw.DestinationCidr ?? '0.0.0.0/0' },
        target: tgw.State === 'blackhole' ? 'blackhole' : (tgw.AttachmentId ?? '?')
      }
    : {
        destination: pc.RouteTableRoute!.DestinationPrefixListId
          ? { kind: 'prefix-list', id: pc.RouteTableRoute!.DestinationPrefixListId }
          : { kind: 'cidr', cidr: pc.RouteTableRoute!.DestinationCidr ?? '0.0.0.0/0' },
        target: routeTarget(pc.RouteTableRoute) ?? '?'
      }
  if (carried.target === 'local') return { state: 'same' }
  const sets = changes.routes.filter(
    s => (is(s.tableBefore, table) || is(s.tableAfter, table)) && s.resource.action !== 'no-op'
  )
  if (sets.length === 0) return { state: 'same' }
  const all = changes.routes.filter(s => is(s.tableAfter, table) && s.after !== null)
  const unknownSet = all.find(s => isUnknown(s.after))
  if (unknownSet) {
    const text = `${ref(unknownSet.resource)} sets the routes of ${table} to values known only after apply`
    o.note(text)
    return { state: 'unknown', reason: reason(unknownSet.resource, table, text) }
  }
  const after: Route[] = all.flatMap(s => s.after as Route[])
  const dest = routeDest(carried)!
  const sameDest = (r: Route) =>
    !isUnknown(r.destination) &&
    routeDest(r) !== undefined &&
    (r.destination.kind === 'cidr' ? sameCidr(routeDest(r)!, dest) : routeDest(r) === dest)
  const complete = all.some(s => s.complete)
  const touched =
    changes.routes.some(s => is(s.tableBefore, table) && s.before?.some(sameDest)) || after.some(sameDest)
  if (!complete && !touched) after.push(carried)
  const destinations = packet.destinations ?? (parseCidr(dest) ? [parseCidr(dest)!] : undefined)
  if (!destinations) return { state: 'same' }
  const v = longestPrefixMatch(after, destinations)
  const resource = (
    sets.find(s => s.before?.some(sameDest) || (!isUnknown(s.after) && s.after?.some(sameDest))) ?? sets[0]!
  ).resource
  if (v.result === 'unknown') {
    const text = `${ref(resource)} changes ${table}; the route the packet takes after apply is not known (${v.unknownBecause})`
    o.note(text)
    return { state: 'unknown', reason: reason(resource, table, text) }
  }
  if (v.result === 'no')
    return {
      state: 'blocked',
      reason: reason(resource, table, `${ref(resource)} leaves ${table} without a route to ${dest}`)
    }
  const winner = v.by!
  if (is(winner.target, 'blackhole'))
    return {
      state: 'blocked',
      reason: reason(
        resource,
        table,
        `${ref(resource)} makes ${routeDest(winner)} a blackhole in ${table}: packets to ${dest} are dropped`
      )
    }
  if (isUnknown(winner.target)) {
    const text = `${ref(resource)} routes ${routeDest(winner)} in ${table} to a target known only after apply`
    o.note(text)
    return { state: 'unknown', reason: reason(resource, table, text) }
  }
  if (winner.target === carried.target) return { state: 'same' }
  const text = `${ref(resource)} sends ${routeDest(winner)} in ${table} to ${winner.target} instead of ${String(carried.target)}; the path beyond is not evaluated`
  o.note(text)
  return { state: 'unknown', reason: reason(resource, table, text) }
}

// ---------------------------------------------------------------------------------------------
// The blocking component of a path not found

const SG_CODES = new Set([
  'ENI_SG_RULES_MISMATCH',
  'SG_HAS_NO_RULES',
  'SECURITY_GROUP',
  'SECURITY_GROUP_RULE'
])
const ACL_CODES = new Set(['SUBNET_ACL_RESTRICTION', 'ACL_RULE', 'NETWORK_ACL_RULES'])
const ROUTE_CODES = new Set([
  'NO_ROUTE_TO_DESTINATION',
  'TGW_RTB_CANNOT_ROUTE',
  'CANNOT_ROUTE',
  'BAD_STATE_ROUTE',
  'TGW_RTB_BAD_STATE_ROUTE'
])

function blockOutcome(
  o: Overlay,
  changes: NetworkChanges,
  e: RawExplanation,
  packet: Packet
): HopOutcome | undefined {
  const code = e.ExplanationCode ?? ''
  const ids = explanationIds(e)
  const life = o.lifecycleOf(ids)
  if (SG_CODES.has(code)) {
    const direction = e.Direction === 'egress' ? 'egress' : 'ingress'
    const groups = [
      ...new Set(
        [...(e.SecurityGroups ?? []).map(idOf), idOf(e.SecurityGroup)].filter((x): x is string => !!x)
      )
    ]
    const eni = [idOf(e.NetworkInterface), idOf(e.AttachedTo)].filter((x): x is string => !!x)
    const attachment = o.attachmentAfter(eni)
    let after = groups
    if (attachment) {
      if (attachment.after === 'unknown') {
        const text = `${ref(attachment.resource)} sets the security groups of ${eni[0]} to values known only after apply`
        o.note(text)
        return { state: 'unknown', reason: reason(attachment.resource, eni[0], text) }
      }
      after = attachment.complete ? attachment.after : [...groups, ...attachment.after]
    }
    const touching = groups.flatMap(g => o.sgSets(g)).filter(s => s.resource.action !== 'no-op')
    if (!attachment && touching.length === 0) return life
    // Deployed rules do not admit the packet (that is the block); only what the plan adds can.
    const v = o.groupsAdmit(after, packet, direction)
    const resource = v.byResource ?? touching[0]?.resource ?? attachment!.resource
    const where = groups.join(', ')
    if (v.result === 'yes') {
      const by = v.by!
      return {
        state: 'lifted',
        reason: reason(
          resource,
          groups[0],
          `${ref(resource)} adds ${by.direction} ${isUnknown(by.protocol) ? '?' : protocolName(by.protocol)}/${isUnknown(by.ports) ? '?' : portsText(by.ports)} ${by.direction === 'ingress' ? 'from' : 'to'} ${peerText(by)} on ${isUnknown(touching[0]?.groupAfter) ? where : where}, admitting ${packetText(packet)}`
        )
      }
    }
    if (v.result === 'unknown') {
      const text = `${ref(resource)} changes ${where}, which blocks ${packetText(packet)} today; whether it still does is not known (${v.why})`
      o.note(text)
      return { state: 'unknown', reason: reason(resource, groups[0], text) }
    }
    return {
      state: 'stays',
      reason: reason(
        resource,
        groups[0],
        `${ref(resource)} changes ${where}, which still blocks ${packetText(packet)}`
      )
    }
  }
  if (ACL_CODES.has(code) && e.Acl) {
    const acl = idOf(e.Acl)!
    const denying = e.AclRule ? aclEntryOf(e.AclRule) : undefined
    const sets = changes.aclRules.filter(
      s => (is(s.aclBefore, acl) || is(s.aclAfter, acl)) && s.resource.action !== 'no-op'
    )
    if (sets.length === 0) return life
    const all = changes.aclRules.filter(s => is(s.aclAfter, acl) && s.after !== null)
    const unknownSet = all.find(s => isUnknown(s.after))
    const resource = sets[0]!.resource
    if (unknownSet) {
      const text = `${ref(unknownSet.resource)} sets the rules of ${acl} to values known only after apply`
      o.note(text)
      return { state: 'unknown', reason: reason(unknownSet.resource, acl, text) }
    }
    const after = all.flatMap(s => s.after as AclEntry[])
    const complete = all.some(s => s.complete)
    const egress = denying?.egress ?? e.Direction === 'egress'
    if (!complete && denying && !after.some(x => sameAcl(x, denying))) {
      const removed = changes.aclRules.some(
        s => is(s.aclBefore, acl) && s.before?.some(x => sameAcl(x, denying))
      )
      if (!removed || denying.ruleNumber === 32767) after.push(denying)
      else {
        const text = `${ref(resource)} removes rule ${String(denying.ruleNumber)} of ${acl}, which denies ${packetText(packet)} today; the rules after it are not in the plan`
        o.note(text)
        return { state: 'unknown', reason: reason(resource, acl, text) }
      }
    }
    const v = aclDecides(after, packet, egress)
    if (v.result === 'yes') {
      const set = changes.aclRules.find(s => !isUnknown(s.after) && s.after?.includes(v.by!))
      const who = set?.resource ?? resource
      return {
        state: 'lifted',
        reason: reason(
          who,
          acl,
          `${ref(who)} lets rule ${String(v.by!.ruleNumber)} of ${acl} allow ${packetText(packet)}`
        )
      }
    }
    if (v.result === 'unknown') {
      const text = `${ref(resource)} changes ${acl}; whether it still denies ${packetText(packet)} is not known (${v.unknownBecause})`
      o.note(text)
      return { state: 'unknown', reason: reason(resource, acl, text) }
    }
    return {
      state: 'stays',
      reason: reason(
        resource,
        acl,
        `${ref(resource)} changes ${acl}, which still denies ${packetText(packet)}`
      )
    }
  }
  if (ROUTE_CODES.has(code)) {
    const tables = [e.RouteTable, e.TransitGatewayRouteTable, e.IngressRouteTable, e.SubnetRouteTable]
      .map(idOf)
      .filter((x): x is string => !!x)
    for (const table of tables) {
      const sets = changes.routes.filter(
        s => is(s.tableAfter, table) && s.resource.action !== 'no-op' && s.after !== null
      )
      for (const s of sets) {
        if (isUnknown(s.after)) {
          const text = `${ref(s.resource)} sets routes of ${table} to values known only after apply`
          o.note(text)
          return { state: 'unknown', reason: reason(s.resource, table, text) }
        }
        const v = packet.destinations
          ? longestPrefixMatch(s.after!, packet.destinations)
          : { result: s.after!.length ? ('unknown' as const) : ('no' as const) }
        if (v.result !== 'no') {
          const text = `${ref(s.resource)} adds a route to ${table}, which has no route to the destination today; the path beyond it is not evaluated`
          o.note(text)
          return { state: 'unknown', reason: reason(s.resource, table, text) }
        }
      }
    }
    return life
  }
  if (life) return life
  const other = o.otherOf(ids, false)
  return other
}

// ---------------------------------------------------------------------------------------------

const EFFECT_WORDS: Record<PredictedEffect, string> = {
  breaks: 'predicted to break once applied',
  opens: 'predicted to open once applied',
  fixes: 'predicted to be fixed once applied',
  affected: 'affected by the plan in ways not evaluated here',
  unaffected: 'not affected by the plan'
}

export function effectWords(effect: PredictedEffect): string {
  return EFFECT_WORDS[effect]
}

/**
 * Predicts what the plan does to one assertion, from the analysis of the deployed network.
 * Undefined when there is no succeeded analysis to overlay.
 */
export function predictAssertion(input: PredictInput): Prediction | undefined {
  const analysis = (input.analysis && typeof input.analysis === 'object' ? input.analysis : undefined) as
    RawAnalysis | undefined
  if (!analysis || typeof analysis.NetworkPathFound !== 'boolean') return undefined
  const facts = input.endpoints ?? {}
  const o = new Overlay(input.changes)
  const forward = ordered(asArray<RawPathComponent>(analysis.ForwardPathComponents))
  const back = ordered(asArray<RawPathComponent>(analysis.ReturnPathComponents))
  const base = basePacket(input)

  // The source's groups: those the analysis saw admit its egress, plus what resolution knows.
  const sourceGroups = new Set(facts.sourceGroups ?? [])
  for (const pc of forward)
    if (pc.SecurityGroupRule?.Direction === 'egress' && idOf(pc.Component))
      sourceGroups.add(idOf(pc.Component)!)
  const sourceEni = eniIdsNear(forward, 0, 1)
  const firstId = idOf(forward[0]?.Component)
  if (firstId?.startsWith('i-') && !sourceEni.includes(firstId)) sourceEni.push(firstId)
  const sourceAttachment = o.attachmentAfter(sourceEni)
  let packetGroups: string[] | undefined = sourceGroups.size ? [...sourceGroups] : undefined
  if (sourceAttachment) {
    o.sourceChange = sourceAttachment.resource
    packetGroups = sourceAttachment.after === 'unknown' ? undefined : sourceAttachment.after
  }
  const packetBase: Packet = { ...base, ...(packetGroups ? { sourceGroups: packetGroups } : {}) }
  if (!packetGroups) delete packetBase.sourceGroups

  const outcomes: HopOutcome[] = []
  const found = analysis.NetworkPathFound
  if (found) {
    const firewallOnPath = [...forward, ...back].some(
      pc =>
        pc.FirewallStatefulRule ||
        pc.FirewallStatelessRule ||
        idOf(pc.Component)?.startsWith('vpce-') ||
        (pc.Component?.Arn ?? '').includes(':network-firewall:')
    )
    let packet = packetBase
    const walk = (path: RawPathComponent[], isReturn: boolean) => {
      for (const [i, pc] of path.entries()) {
        packet = isReturn ? reversed(packetBase, pc) : withHeader(packet, pc)
        const after = withHeader(packet, pc, 'OutboundHeader')
        const ids = hopIds(pc)
        const life = o.lifecycleOf(ids)
        if (life) outcomes.push(life)
        if (pc.SecurityGroupRule) outcomes.push(sgHop(o, path, i, packet))
        if (pc.AclRule) outcomes.push(aclHop(o, input.changes, pc, packet))
        if (pc.RouteTableRoute || pc.TransitGatewayRouteTableRoute)
          outcomes.push(routeHop(o, input.changes, pc, packet))
        // Everything in the VPC names its id; only changes to the hop's own components count here.
        const other = o.otherOf(
          ids.filter(id => !id.startsWith('vpc-')),
          false
        )
        if (other) outcomes.push(other)
        if (!isReturn) packet = after
      }
    }
    walk(forward, false)
    walk(back, true)
    if (firewallOnPath) {
      const fw = o.otherOf([], true)
      if (fw) outcomes.push(fw)
    }
  } else {
    const explanations = [
      ...asArray<RawExplanation>(analysis.Explanations),
      ...forward.flatMap(pc => asArray<RawExplanation>(pc.Explanations))
    ]
    const packet = forward.reduce((p, pc) => withHeader(withHeader(p, pc), pc, 'OutboundHeader'), packetBase)
    for (const e of explanations) {
      const out = blockOutcome(o, input.changes, e, packet)
      outcomes.push(out ?? { state: 'same' })
    }
  }

  const has = (s: HopState) => outcomes.some(x => x.state === s)
  const first = (s: HopState) => outcomes.find(x => x.state === s)?.reason
  let effect: PredictedEffect = 'unaffected'
  let decisive: PredictionReason | undefined
  if (found) {
    if (has('blocked')) {
      effect = input.assertion.type === 'allow' ? 'breaks' : 'fixes'
      decisive = first('blocked')
    } else if (has('unknown')) {
      effect = 'affected'
      decisive = first('unknown')
    }
  } else {
    // Every block AWS named must be lifted for the path to open; one that stays keeps it closed.
    if (outcomes.length > 0 && outcomes.every(b => b.state === 'lifted')) {
      effect = input.assertion.type === 'deny' ? 'opens' : 'fixes'
      decisive = first('lifted')
    } else if (outcomes.length > 0 && outcomes.every(b => b.state === 'lifted' || b.state === 'unknown')) {
      effect = 'affected'
      decisive = first('unknown')
    }
  }
  const reasons = outcomes.map(x => x.reason).filter((r): r is PredictionReason => !!r)
  const ordered_ = decisive ? [decisive, ...reasons.filter(r => r !== decisive)] : reasons
  const summary =
    decisive?.text ?? (reasons.length ? reasons[0]!.text : 'the plan changes nothing on this path')
  return {
    assertionId: input.assertion.id,
    effect,
    summary,
    reasons: ordered_,
    notEvaluated:
      effect === 'affected' || effect === 'unaffected'
        ? o.notEvaluated
        : o.notEvaluated.filter(n => n !== decisive?.text)
  }
}
