// What an analysis finds. Reachability is declared, not computed: scenario facts say which (source,
// destination, protocol, ports) are reachable over which candidate paths, and this module applies the parts of
// Reachability Analyzer's documented behaviour that the action depends on: instance ≡ primary ENI, shortest
// path first, FilterInArns / FilterOutArns, cross-account visibility, and "unknown pair is not reachable".
import type {
  AnalysisComponent,
  Explanation,
  NetworkInsightsAnalysis,
  NetworkInsightsPath,
  PathComponent
} from '@aws-sdk/client-ec2'
import type { FactSpec, HopSpec, Protocol } from '../scenario.js'
import { intersect, toCidrs, toSet } from '../../src/verdict/cidr.js'
import { arnTypeOfId, ec2Arn, isIpv4, parseEc2Arn } from './ids.js'
import type { CatalogResource, ResourceCatalog } from './resources.js'

interface PortRange {
  from: number
  to: number
}

const ALL_PORTS: PortRange = { from: 0, to: 65535 }

function parsePorts(port: number | string | undefined): PortRange | undefined {
  if (port === undefined) return undefined
  if (typeof port === 'number') return { from: port, to: port }
  const [a, b] = port.split('-').map(Number)
  return { from: a, to: b ?? a }
}

/** A path endpoint reduced to what identifies it: an instance and its primary ENI share one key. */
export interface CanonicalEndpoint {
  key: string
  /** The catalogued resource the key names (the instance, for a primary ENI). */
  resource?: CatalogResource
  /** Owner known from the catalog or the ARN. */
  accountId?: string
  region?: string
  ip?: string
}

export function canonicalEndpoint(catalog: ResourceCatalog, ref: string): CanonicalEndpoint {
  if (isIpv4(ref)) return { key: `ip:${ref}`, ip: ref }
  const arn = parseEc2Arn(ref)
  const id = arn ? arn.id : ref
  const found = catalog.get(id)
  if (!found) return { key: id, accountId: arn?.accountId, region: arn?.region }
  if (found.kind === 'network-interface' && found.primaryOfInstance) {
    const instance = catalog.get(found.primaryOfInstance)
    if (instance)
      return { key: instance.id, resource: instance, accountId: instance.accountId, region: instance.region }
  }
  return { key: found.id, resource: found, accountId: found.accountId, region: found.region }
}

type FactOutcome =
  | { kind: 'reachable'; candidates: Array<{ forward: HopSpec[]; return?: HopSpec[] }> }
  | { kind: 'not-reachable'; explanations: Record<string, unknown>[]; forward?: HopSpec[] }
  | { kind: 'failed'; message: string }
  | { kind: 'raw'; analysis: Record<string, unknown> }

export interface Fact {
  label: string
  sourceKey: string
  destinationKey: string
  protocol?: Protocol
  ports?: PortRange
  /** Packets from this range only (FilterAtSource.SourceAddress must overlap it). */
  sourceAddress?: string
  outcome: FactOutcome
  durationSeconds?: number
  neverFinishes?: boolean
}

export function compileFacts(catalog: ResourceCatalog, specs: FactSpec[]): Fact[] {
  return specs.map((spec, i) => {
    const outcome: FactOutcome = spec.paths
      ? { kind: 'reachable', candidates: spec.paths }
      : spec.explanations
        ? { kind: 'not-reachable', explanations: spec.explanations, forward: spec.forward }
        : spec.failure !== undefined
          ? { kind: 'failed', message: spec.failure }
          : { kind: 'raw', analysis: spec.analysis ?? {} }
    return {
      label: spec.id ?? `reachability[${i}] ${spec.source} → ${spec.destination}`,
      sourceKey: canonicalEndpoint(catalog, spec.source).key,
      destinationKey: canonicalEndpoint(catalog, spec.destination).key,
      protocol: spec.protocol,
      ports: parsePorts(spec.port),
      ...(spec.sourceAddress ? { sourceAddress: spec.sourceAddress } : {}),
      outcome,
      durationSeconds: spec.durationSeconds,
      neverFinishes: spec.neverFinishes
    }
  })
}

export interface AnalysisRequest {
  callerAccountId: string
  region: string
  path: NetworkInsightsPath
  filterInArns: string[]
  filterOutArns: string[]
  additionalAccounts: string[]
  /** The caller is the organization's management account or a delegated administrator. */
  callerIsOrgAdmin: boolean
}

/** The result fields of a finished analysis, and how long it takes. */
export interface AnalysisOutcome {
  status: 'succeeded' | 'failed'
  result: Partial<NetworkInsightsAnalysis>
  factLabel?: string
  durationSeconds?: number
  neverFinishes?: boolean
}

/** Result fields a raw fact contributes; identity fields (ids, dates, filters, tags) come from the request. */
const RAW_RESULT_FIELDS = [
  'Status',
  'StatusMessage',
  'WarningMessage',
  'NetworkPathFound',
  'ForwardPathComponents',
  'ReturnPathComponents',
  'Explanations',
  'AlternatePathHints',
  'SuggestedAccounts'
] as const

export class ReachabilityEngine {
  constructor(
    private readonly catalog: ResourceCatalog,
    /** Read by Network Access Analyzer (naa.ts): the same facts are the network's paths. */
    readonly facts: Fact[]
  ) {}

  /** An `{Id, Arn, Name}` for any id, owned where the catalog says (else by `fallbackAccount`). */
  component(id: string, region: string, fallbackAccount: string): AnalysisComponent {
    const where = this.catalog.locate(id)
    const name = this.catalog.nameOf(id)
    return {
      Id: id,
      Arn: ec2Arn(where?.region ?? region, where?.accountId ?? fallbackAccount, id),
      ...(name ? { Name: name } : {})
    }
  }

  /** Fills `Arn` next to every `Id` that lacks one, so scenario authors can write just ids. */
  private fillArns(value: unknown, region: string, account: string): unknown {
    if (Array.isArray(value)) return value.map(v => this.fillArns(v, region, account))
    if (!value || typeof value !== 'object') return value
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = this.fillArns(v, region, account)
    if (typeof out.Id === 'string' && out.Arn === undefined && arnTypeOfId(out.Id)) {
      out.Arn = this.component(out.Id, region, account).Arn
    }
    return out
  }

  expandHops(hops: HopSpec[], region: string, account: string): PathComponent[] {
    return hops.map((hop, i) => {
      if (typeof hop !== 'string') {
        const filled = this.fillArns(hop, region, account) as PathComponent
        return { ...filled, SequenceNumber: filled.SequenceNumber ?? i + 1 }
      }
      const pc: PathComponent = { SequenceNumber: i + 1, Component: this.component(hop, region, account) }
      const res = this.catalog.get(hop)
      if (res?.kind === 'network-interface') {
        const instanceId = (res.object as { Attachment?: { InstanceId?: string } }).Attachment?.InstanceId
        if (instanceId) pc.AttachedTo = this.component(instanceId, region, account)
        if (res.subnetId) pc.Subnet = this.component(res.subnetId, region, account)
      }
      if (res?.vpcId && res.kind !== 'instance') pc.Vpc = this.component(res.vpcId, region, account)
      return pc
    })
  }

  /** Every id and ARN a path mentions, with instances and their primary ENIs standing for each other. */
  private componentsOf(path: PathComponent[]): Set<string> {
    const seen = new Set<string>()
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(walk)
      if (!v || typeof v !== 'object') return
      const o = v as Record<string, unknown>
      if (typeof o.Id === 'string') seen.add(o.Id)
      if (typeof o.Arn === 'string') {
        seen.add(o.Arn)
        const parsed = parseEc2Arn(o.Arn)
        if (parsed) seen.add(parsed.id)
      }
      Object.values(o).forEach(walk)
    }
    walk(path)
    for (const id of [...seen]) {
      const res = this.catalog.get(id)
      if (res?.primaryOfInstance) seen.add(res.primaryOfInstance)
      if (res?.primaryNetworkInterfaceId) seen.add(res.primaryNetworkInterfaceId)
    }
    return seen
  }

  private traverses(components: Set<string>, arn: string): boolean {
    if (components.has(arn)) return true
    const parsed = parseEc2Arn(arn)
    return !!parsed && components.has(parsed.id)
  }

  private pathPorts(path: NetworkInsightsPath): PortRange {
    if (path.DestinationPort !== undefined) return { from: path.DestinationPort, to: path.DestinationPort }
    const range = path.FilterAtDestination?.DestinationPortRange ?? path.FilterAtSource?.DestinationPortRange
    if (range) return { from: range.FromPort ?? 0, to: range.ToPort ?? 65535 }
    return ALL_PORTS
  }

  private findFact(
    source: string,
    destination: string,
    protocol: string,
    ports: PortRange,
    sourceAddress?: string
  ): Fact | undefined {
    return this.facts.find(f => {
      if (f.sourceKey !== source || f.destinationKey !== destination) return false
      if (f.protocol && f.protocol !== protocol) return false
      if (
        f.sourceAddress &&
        intersect(toSet([f.sourceAddress]), toSet([sourceAddress ?? '0.0.0.0/0'])).length === 0
      )
        return false
      if (!f.ports) return true
      if (f.outcome.kind === 'reachable') return f.ports.from <= ports.to && ports.from <= f.ports.to
      return f.ports.from <= ports.from && ports.to <= f.ports.to
    })
  }

  /** Checks one endpoint is analysable from the caller's account; an explanation when it is not. */
  private endpointProblem(
    ep: CanonicalEndpoint,
    ref: string,
    req: AnalysisRequest
  ): { explanation: Explanation; suggestedAccount?: string } | undefined {
    if (ep.ip) return undefined
    const comp = (): AnalysisComponent =>
      ep.resource
        ? this.component(ep.resource.id, req.region, req.callerAccountId)
        : {
            Id: ep.key,
            Arn: parseEc2Arn(ref) ? ref : ec2Arn(req.region, ep.accountId ?? req.callerAccountId, ep.key)
          }
    if (!ep.resource || ep.resource.region !== req.region) {
      return { explanation: { ExplanationCode: 'NO_SOURCE_OR_DESTINATION', Component: comp() } }
    }
    const owner = ep.resource.accountId
    if (owner !== req.callerAccountId && !(req.callerIsOrgAdmin && req.additionalAccounts.includes(owner))) {
      return {
        explanation: { ExplanationCode: 'NO_SOURCE_OR_DESTINATION', Component: comp() },
        suggestedAccount: owner
      }
    }
    if (ep.resource.kind === 'instance' && ep.resource.state === 'terminated') {
      return { explanation: { ExplanationCode: 'UNASSOCIATED_COMPONENT', Component: comp() } }
    }
    return undefined
  }

  analyse(req: AnalysisRequest): AnalysisOutcome {
    const path = req.path
    const region = req.region
    const account = req.callerAccountId
    const source = canonicalEndpoint(this.catalog, path.Source ?? path.SourceArn ?? '')
    const destRef = path.Destination ?? path.DestinationArn ?? path.DestinationIp ?? ''
    let destination = canonicalEndpoint(this.catalog, destRef)
    // An IP destination that is the private IP of a known resource is that resource.
    if (destination.ip) {
      const byIp = this.catalog.byPrivateIp(region, destination.ip)
      if (byIp) destination = canonicalEndpoint(this.catalog, byIp.id)
    }

    const problems = [
      this.endpointProblem(source, path.Source ?? '', req),
      this.endpointProblem(destination, destRef, req)
    ].filter(p => p !== undefined)
    if (problems.length) {
      const suggested = problems.map(p => p.suggestedAccount).filter((a): a is string => !!a)
      return {
        status: 'succeeded',
        result: {
          NetworkPathFound: false,
          Explanations: problems.map(p => p.explanation),
          ...(suggested.length ? { SuggestedAccounts: [...new Set(suggested)] } : {})
        }
      }
    }

    const sourceAddress = path.FilterAtSource?.SourceAddress
    const fact = this.findFact(
      source.key,
      destination.key,
      path.Protocol ?? 'tcp',
      this.pathPorts(path),
      sourceAddress
    )
    if (!fact) return { status: 'succeeded', result: this.unknownPair(source, destination, req) }
    const timing = {
      factLabel: fact.label,
      durationSeconds: fact.durationSeconds,
      neverFinishes: fact.neverFinishes
    }
    const o = fact.outcome
    switch (o.kind) {
      case 'failed':
        return { status: 'failed', result: { StatusMessage: o.message }, ...timing }
      case 'raw': {
        const result: Partial<NetworkInsightsAnalysis> = {}
        for (const k of RAW_RESULT_FIELDS)
          if (o.analysis[k] !== undefined) Object.assign(result, { [k]: o.analysis[k] })
        const status = result.Status === 'failed' ? 'failed' : 'succeeded'
        delete result.Status
        return { status, result, ...timing }
      }
      case 'not-reachable':
        return {
          status: 'succeeded',
          result: {
            NetworkPathFound: false,
            ...(o.forward ? { ForwardPathComponents: this.expandHops(o.forward, region, account) } : {}),
            Explanations: this.fillArns(o.explanations, region, account) as Explanation[]
          },
          ...timing
        }
      case 'reachable': {
        const result = this.pickCandidate(o.candidates, req)
        // Packet headers carry only the source addresses the filter lets in (RA analyses header sets).
        if (sourceAddress && result.ForwardPathComponents) {
          result.ForwardPathComponents = narrowSources(result.ForwardPathComponents, sourceAddress)
        }
        return { status: 'succeeded', result, ...timing }
      }
    }
  }

  private pickCandidate(
    candidates: Array<{ forward: HopSpec[]; return?: HopSpec[] }>,
    req: AnalysisRequest
  ): Partial<NetworkInsightsAnalysis> {
    const expanded = candidates.map(c => {
      const forward = this.expandHops(c.forward, req.region, req.callerAccountId)
      const back = c.return ? this.expandHops(c.return, req.region, req.callerAccountId) : undefined
      return { forward, back, components: this.componentsOf([...forward, ...(back ?? [])]) }
    })
    const fitsIn = (c: (typeof expanded)[number]): boolean =>
      req.filterInArns.every(a => this.traverses(c.components, a))
    const fitsOut = (c: (typeof expanded)[number]): boolean =>
      !req.filterOutArns.some(a => this.traverses(c.components, a))
    const chosen = expanded.find(c => fitsIn(c) && fitsOut(c))
    if (chosen) {
      return {
        NetworkPathFound: true,
        ForwardPathComponents: chosen.forward,
        ...(chosen.back ? { ReturnPathComponents: chosen.back } : {})
      }
    }
    const filterComponent = (arn: string): AnalysisComponent => {
      const parsed = parseEc2Arn(arn)
      return parsed ? { Id: parsed.id, Arn: arn } : { Arn: arn }
    }
    // REMOVED_COMPONENT names the component the FilterOut removed (the code's name; AWS documents only
    // "no path ... because of an intermediate component filter"): the first avoided one that the
    // remaining candidates traverse.
    const removedBy = (pool: typeof expanded): AnalysisComponent | undefined => {
      const arn = req.filterOutArns.find(a => pool.some(c => this.traverses(c.components, a)))
      return arn === undefined ? undefined : filterComponent(arn)
    }
    const explanations: Explanation[] = []
    for (const arn of req.filterInArns) {
      const through = expanded.filter(c => this.traverses(c.components, arn))
      if (!through.length) {
        explanations.push({
          ExplanationCode: 'COMPONENT_FILTER_RESTRICTION',
          Component: filterComponent(arn)
        })
      } else if (!through.some(fitsOut)) {
        explanations.push({
          ExplanationCode: 'COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT',
          Component: removedBy(through)
        })
      }
    }
    if (!explanations.length) {
      // Every candidate that fits FilterIn (all of them, without FilterIn) traverses an avoided component.
      const removed = req.filterInArns.length === 0 ? removedBy(expanded) : undefined
      explanations.push(
        removed
          ? { ExplanationCode: 'COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT', Component: removed }
          : { ExplanationCode: 'NO_PATH' }
      )
    }
    return { NetworkPathFound: false, Explanations: explanations }
  }

  /** No fact: not reachable, explained the way AWS most often explains such a pair. */
  private unknownPair(
    source: CanonicalEndpoint,
    destination: CanonicalEndpoint,
    req: AnalysisRequest
  ): Partial<NetworkInsightsAnalysis> {
    const c = (id: string): AnalysisComponent => this.component(id, req.region, req.callerAccountId)
    const src = source.resource
    const dst = destination.resource
    const dstEni =
      dst?.kind === 'instance' && dst.primaryNetworkInterfaceId
        ? this.catalog.get(dst.primaryNetworkInterfaceId)
        : dst?.kind === 'network-interface'
          ? dst
          : undefined
    if (src?.vpcId && dstEni && dstEni.vpcId === src.vpcId) {
      // Same VPC: the local route exists, so the destination's security groups are what refuse the traffic.
      return {
        NetworkPathFound: false,
        Explanations: [
          {
            Direction: 'ingress',
            ExplanationCode: 'ENI_SG_RULES_MISMATCH',
            NetworkInterface: c(dstEni.id),
            SecurityGroups: dstEni.securityGroups.map(g => c(g.id)),
            ...(dstEni.subnetId ? { Subnet: c(dstEni.subnetId) } : {}),
            Vpc: c(dstEni.vpcId!)
          }
        ]
      }
    }
    return {
      NetworkPathFound: false,
      Explanations: [
        {
          Direction: 'egress',
          ExplanationCode: 'NO_ROUTE_TO_DESTINATION',
          ...(dst ? { Destination: c(dst.id) } : destination.ip ? { Address: destination.ip } : {}),
          ...(dst?.vpcId ? { DestinationVpc: c(dst.vpcId) } : {}),
          ...(src?.subnetId ? { Subnet: c(src.subnetId) } : {}),
          ...(src?.vpcId ? { Vpc: c(src.vpcId) } : {})
        }
      ]
    }
  }
}

/** Limits every header's SourceAddresses on a path to `range`. */
function narrowSources(components: PathComponent[], range: string): PathComponent[] {
  const narrow = <H extends { SourceAddresses?: string[] }>(header: H | undefined): H | undefined =>
    header?.SourceAddresses
      ? { ...header, SourceAddresses: toCidrs(intersect(toSet(header.SourceAddresses), toSet([range]))) }
      : header
  return components.map(c => ({
    ...c,
    ...(c.InboundHeader ? { InboundHeader: narrow(c.InboundHeader) } : {}),
    ...(c.OutboundHeader ? { OutboundHeader: narrow(c.OutboundHeader) } : {})
  }))
}
