// Turn the raw NetworkInsightsAnalysis into what reports show: ordered hops with a one-line detail,
// explanations as sentences, and warnings (additional detail codes, AWS's WarningMessage).

import type { Assertion, Explanation, PathHop, PortRange } from '../model.js'
import { classifyExplanationCode } from './codes.js'
import { componentId, componentLabel, componentType, idFromArn, nonEmpty } from './console.js'
import { additionalDetailSentence, explainExplanation, type PacketContext } from './explain.js'
import {
  aclRuleText,
  addressesText,
  firewallRuleText,
  routeText,
  sgRuleOwner,
  sgRuleSentence,
  tgwRouteText
} from './phrases.js'
import type {
  RawAdditionalDetail,
  RawAnalysis,
  RawComponent,
  RawExplanation,
  RawPacketHeader,
  RawPathComponent
} from './raw.js'

/** What the verdict layer knows about the question asked, to phrase explanations precisely. */
export interface DescribeContext {
  /** Region for console links of components without an ARN (the assertion's region). */
  region?: string
  protocol?: string
  /** The destination port range asked about. */
  port?: PortRange
  /** An IP destination, when the assertion names one. */
  destinationIp?: string
}

export interface AnalysisDescription {
  networkPathFound?: boolean
  forwardPath: PathHop[]
  returnPath: PathHop[]
  /** Explanations that are not additional details, as sentences, top-level ones first. */
  explanations: Explanation[]
  /** Sentences for additional detail codes and AWS's WarningMessage, without duplicates. */
  warnings: string[]
}

/** The context an assertion gives: its region, protocol, port and IP destination. */
export function describeContextFor(assertion: Assertion): DescribeContext {
  const context: DescribeContext = { region: assertion.region, protocol: assertion.protocol }
  if (assertion.port !== undefined) context.port = assertion.port
  if (assertion.destination.selector.by === 'ip') context.destinationIp = assertion.destination.selector.ip
  return context
}

function asObject<T>(value: unknown): T | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as T) : undefined
}

function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter(v => typeof v === 'object' && v !== null) as T[]) : []
}

/** Path components in SequenceNumber order (stable for equal or missing numbers). */
function ordered(components: RawPathComponent[]): RawPathComponent[] {
  return components
    .map((c, index) => ({ c, index }))
    .sort(
      (a, b) => (a.c.SequenceNumber ?? a.index + 1) - (b.c.SequenceNumber ?? b.index + 1) || a.index - b.index
    )
    .map(({ c }) => c)
}

/** The component a hop stands for: Component, else the one its typed fields name. */
function hopComponent(pc: RawPathComponent): RawComponent | undefined {
  if (componentId(pc.Component) !== undefined) return pc.Component
  // A rule's SecurityGroupId is its own group only beside a CIDR or prefix list (else the group it references).
  const sgId = sgRuleOwner(pc.SecurityGroupRule)
  if (sgId !== undefined) return { Id: sgId }
  return [pc.ElasticLoadBalancerListener, pc.TransitGateway, pc.AttachedTo, pc.Subnet, pc.Vpc].find(
    c => componentId(c) !== undefined
  )
}

function headerChange(
  label: string,
  before: string[] | undefined,
  after: string[] | undefined
): string | undefined {
  const from = addressesText(before)
  const to = addressesText(after)
  if (from === undefined || to === undefined || from === to) return undefined
  return `${label} ${from} → ${to}`
}

/** One line on what this hop did: the rule that let the packet through, the route taken, translations. */
function hopDetail(pc: RawPathComponent, id: string): string | undefined {
  const parts: string[] = []
  const sgRule = sgRuleSentence(pc.SecurityGroupRule, id)
  if (sgRule !== undefined) parts.push(sgRule)
  const aclRule = aclRuleText(pc.AclRule)
  if (aclRule !== undefined) parts.push(aclRule)
  const route = routeText(pc.RouteTableRoute)
  if (route !== undefined) parts.push(route)
  const tgwRoute = tgwRouteText(pc.TransitGatewayRouteTableRoute)
  if (tgwRoute !== undefined) parts.push(tgwRoute)
  const policy = pc.TransitGatewayPolicyTableEntry
  if (policy !== undefined && policy !== null) {
    const target = nonEmpty(policy.TargetRouteTableId)
    const number = typeof policy.RuleNumber === 'number' ? ` ${policy.RuleNumber}` : ''
    parts.push(`policy rule${number}${target !== undefined ? ` → ${target}` : ''}`)
  }
  const firewall = firewallRuleText(pc.FirewallStatelessRule, pc.FirewallStatefulRule)
  if (firewall !== undefined) parts.push(firewall)
  const listener = componentLabel(pc.ElasticLoadBalancerListener)
  if (listener !== undefined && listener !== id) parts.push(`listener ${listener}`)
  const attached = componentLabel(pc.AttachedTo)
  if (attached !== undefined && attached !== id) parts.push(`attached to ${attached}`)
  const tgw = componentLabel(pc.TransitGateway)
  if (tgw !== undefined && tgw !== id) parts.push(`on ${tgw}`)
  const sourceVpc = componentLabel(pc.SourceVpc)
  const destinationVpc = componentLabel(pc.DestinationVpc)
  if (sourceVpc !== undefined && destinationVpc !== undefined) parts.push(`${sourceVpc} → ${destinationVpc}`)
  const subnet = componentLabel(pc.Subnet)
  const vpc = componentLabel(pc.Vpc)
  if (subnet !== undefined && subnet !== id) parts.push(`in ${subnet}${vpc !== undefined ? ` (${vpc})` : ''}`)
  else if (vpc !== undefined && vpc !== id) parts.push(`in ${vpc}`)
  const service = nonEmpty(pc.ServiceName)
  if (service !== undefined) parts.push(`service ${service}`)
  // Headers are deltas: an OutboundHeader field differing from the InboundHeader is a translation (NAT, IGW).
  const inbound = pc.InboundHeader
  const outbound = pc.OutboundHeader
  if (inbound !== undefined && outbound !== undefined) {
    const dst = headerChange('destination', inbound.DestinationAddresses, outbound.DestinationAddresses)
    if (dst !== undefined) parts.push(dst)
    const src = headerChange('source', inbound.SourceAddresses, outbound.SourceAddresses)
    if (src !== undefined) parts.push(src)
  }
  return parts.length === 0 ? undefined : parts.join('; ')
}

function toHop(pc: RawPathComponent, index: number): PathHop {
  const component = hopComponent(pc)
  const id = componentId(component) ?? `component-${index + 1}`
  const hop: PathHop = {
    sequence: typeof pc.SequenceNumber === 'number' ? pc.SequenceNumber : index + 1,
    componentId: id
  }
  const arn = nonEmpty(component?.Arn)
  if (arn !== undefined) hop.componentArn = arn
  const type = componentType({ id: nonEmpty(component?.Id), arn })
  if (type !== undefined) hop.componentType = type
  const name = nonEmpty(component?.Name)
  if (name !== undefined && name !== id) hop.name = name
  const detail = hopDetail(pc, id)
  if (detail !== undefined) hop.detail = detail
  return hop
}

/** Apply a header on top of the packet known so far (headers only carry the fields they set). */
function applyHeader(packet: PacketContext, header: RawPacketHeader | undefined): PacketContext {
  if (header === undefined || header === null) return packet
  const next = { ...packet }
  if (nonEmpty(header.Protocol) !== undefined) next.protocol = header.Protocol
  if ((header.DestinationPortRanges ?? []).length > 0) next.destinationPorts = header.DestinationPortRanges
  if ((header.SourcePortRanges ?? []).length > 0) next.sourcePorts = header.SourcePortRanges
  if ((header.SourceAddresses ?? []).length > 0) next.sourceAddresses = header.SourceAddresses
  if ((header.DestinationAddresses ?? []).length > 0) next.destinationAddresses = header.DestinationAddresses
  return next
}

/**
 * The packet where the analysis stopped. A partial return path means the block is on the way back,
 * where the assertion's port is the source port, so the assertion only seeds the forward packet.
 */
function packetAtEnd(
  forward: RawPathComponent[],
  back: RawPathComponent[],
  context: DescribeContext
): PacketContext {
  const onReturn = back.length > 0
  let packet: PacketContext = {}
  if (!onReturn) {
    if (context.protocol !== undefined) packet.protocol = context.protocol
    if (context.port !== undefined)
      packet.destinationPorts = [{ From: context.port.from, To: context.port.to }]
    if (context.destinationIp !== undefined) packet.destinationAddresses = [context.destinationIp]
  }
  for (const pc of onReturn ? back : forward) {
    packet = applyHeader(applyHeader(packet, pc.InboundHeader), pc.OutboundHeader)
  }
  return packet
}

function pushUnique(list: string[], sentence: string): void {
  if (!list.includes(sentence)) list.push(sentence)
}

/**
 * Describe a raw NetworkInsightsAnalysis (SDK object or CLI JSON): hops in SequenceNumber order,
 * explanations as sentences (top-level first, then those attached to path components), warnings.
 */
export function describeAnalysis(raw: unknown, context: DescribeContext = {}): AnalysisDescription {
  const analysis = asObject<RawAnalysis>(raw)
  if (analysis === undefined) return { forwardPath: [], returnPath: [], explanations: [], warnings: [] }
  const forward = ordered(asArray<RawPathComponent>(analysis.ForwardPathComponents))
  const back = ordered(asArray<RawPathComponent>(analysis.ReturnPathComponents))
  const found = typeof analysis.NetworkPathFound === 'boolean' ? analysis.NetworkPathFound : undefined
  const packet = packetAtEnd(forward, found === true ? [] : back, context)

  const rawExplanations: RawExplanation[] = [
    ...asArray<RawExplanation>(analysis.Explanations),
    ...[...forward, ...back].flatMap(pc => asArray<RawExplanation>(pc.Explanations))
  ]
  const explanations: Explanation[] = []
  const warnings: string[] = []
  const seen = new Set<string>()
  for (const rawExplanation of rawExplanations) {
    const explanation = explainExplanation(rawExplanation, { region: context.region, packet })
    if (classifyExplanationCode(explanation.code) === 'detail') {
      pushUnique(warnings, explanation.sentence)
      continue
    }
    // The same explanation can be repeated on a path component; keep it once.
    const key = `${explanation.code}\u0000${explanation.sentence}`
    if (seen.has(key)) continue
    seen.add(key)
    explanations.push(explanation)
  }
  for (const pc of [...forward, ...back]) {
    for (const detail of asArray<RawAdditionalDetail>(pc.AdditionalDetails)) {
      pushUnique(warnings, additionalDetailSentence(detail, packet))
    }
  }
  const warningMessage = nonEmpty(analysis.WarningMessage)
  if (warningMessage !== undefined) pushUnique(warnings, `AWS warning: ${warningMessage}`)

  const description: AnalysisDescription = {
    forwardPath: forward.map(toHop),
    returnPath: back.map(toHop),
    explanations,
    warnings
  }
  if (found !== undefined) description.networkPathFound = found
  return description
}

/** Every id and ARN a path touches (components, the instances ENIs are attached to, TGWs, VPCs…). */
export function pathIdentifiers(raw: unknown, which: 'forward' | 'return'): Set<string> {
  const analysis = asObject<RawAnalysis>(raw)
  const ids = new Set<string>()
  if (analysis === undefined) return ids
  const components = asArray<RawPathComponent>(
    which === 'forward' ? analysis.ForwardPathComponents : analysis.ReturnPathComponents
  )
  for (const pc of components) {
    const named = [
      pc.Component,
      pc.AttachedTo,
      pc.TransitGateway,
      pc.ElasticLoadBalancerListener,
      pc.Subnet,
      pc.Vpc,
      pc.SourceVpc,
      pc.DestinationVpc
    ]
    for (const c of named) addComponentIds(ids, c)
    const sgId = nonEmpty(pc.SecurityGroupRule?.SecurityGroupId)
    if (sgId !== undefined) ids.add(sgId)
    const attachment = nonEmpty(pc.TransitGatewayRouteTableRoute?.AttachmentId)
    if (attachment !== undefined) ids.add(attachment)
  }
  return ids
}

function addComponentIds(ids: Set<string>, c: RawComponent | undefined): void {
  if (c === undefined || c === null) return
  for (const value of [nonEmpty(c.Id), nonEmpty(c.Arn), idFromArn(c.Arn)]) {
    if (value !== undefined) ids.add(value)
  }
}
