// Network Access Analyzer (EC2 Query protocol): access scopes, scope analyses and their findings.
//
// Findings are not invented: the scenario's reachability facts are the network's paths (the same facts
// Reachability Analyzer answers from), and a scope analysis lists every reachable fact path of the caller's
// account and Region that matches one of the scope's MatchPaths and that no ExcludePath covers. So a scenario
// with an exposed instance fails a pairwise `deny` and a scope alike, from one fact.
//
// Documented behaviour modelled (Network Access Analyzer Guide): single account and Region (only paths whose
// ends are in the caller's account and Region are analysed); findings = paths matching ≥ 1 match path and no
// exclude path; `FindingsFound` is the string "true" | "false" | "unknown"; `AnalyzedEniCount` counts every
// network interface of the account and Region; quotas 1,000 scopes and 25 concurrent analyses per account and
// Region (knobs); ResourceStatement takes `Resources` or `ResourceTypes`, not both; a packet header names
// addresses or prefix lists per side, not both; protocols tcp/udp.
import {
  CreateNetworkInsightsAccessScope$,
  DeleteNetworkInsightsAccessScope$,
  DeleteNetworkInsightsAccessScopeAnalysis$,
  DescribeNetworkInsightsAccessScopeAnalyses$,
  DescribeNetworkInsightsAccessScopes$,
  GetNetworkInsightsAccessScopeAnalysisFindings$,
  GetNetworkInsightsAccessScopeContent$,
  StartNetworkInsightsAccessScopeAnalysis$,
  type AccessScopeAnalysisFinding,
  type AccessScopePath,
  type AccessScopePathRequest,
  type CreateNetworkInsightsAccessScopeRequest,
  type DescribeNetworkInsightsAccessScopeAnalysesRequest,
  type DescribeNetworkInsightsAccessScopesRequest,
  type NetworkInsightsAccessScope,
  type NetworkInsightsAccessScopeAnalysis,
  type PacketHeaderStatementRequest,
  type PathComponent,
  type ResourceStatementRequest,
  type StartNetworkInsightsAccessScopeAnalysisRequest,
  type Tag
} from '@aws-sdk/client-ec2'
import { isIpv4, parseEc2Arn, stableHex } from './ids.js'
import type { OperationSchema } from './query-protocol.js'
import type { Fact } from './reachability.js'
import { matchesFilters, type CatalogResource } from './resources.js'
import {
  checkFilters,
  dryRun,
  idChecker,
  invalidValue,
  paginate,
  required,
  tagsFrom,
  type Input,
  type Output
} from './requests.js'
import { AwsError, AwsWorld } from './world.js'
import type { Ec2Action, Ec2Context } from './ec2.js'

export interface StoredScope {
  accountId: string
  region: string
  scope: NetworkInsightsAccessScope
  matchPaths: AccessScopePath[]
  excludePaths: AccessScopePath[]
  clientToken?: string
  paramsKey?: string
}

export interface StoredScopeAnalysis {
  accountId: string
  region: string
  /** Identity fields (ids, ARN, scope, StartDate, Tags). */
  analysis: NetworkInsightsAccessScopeAnalysis
  findings: AccessScopeAnalysisFinding[]
  analyzedEniCount: number
  failure?: string
  finishesAt: number
  clientToken?: string
  paramsKey?: string
}

/** The Network Access Analyzer state of one sandbox world. */
export class NaaStore {
  readonly scopes = new Map<string, StoredScope>()
  readonly analyses = new Map<string, StoredScopeAnalysis>()
}

const stores = new WeakMap<AwsWorld, NaaStore>()

export function naaStore(world: AwsWorld): NaaStore {
  let store = stores.get(world)
  if (!store) {
    store = new NaaStore()
    stores.set(world, store)
  }
  return store
}

// ---------------------------------------------------------------------------------------------------------------
// Errors and checks.

const checkIds = idChecker<'scope' | 'analysis'>({
  scope: {
    code: 'InvalidNetworkInsightsAccessScopeId.NotFound',
    noun: 'network insights access scope',
    style: 'quoted',
    malformed: { code: 'InvalidNetworkInsightsAccessScopeId.Malformed', pattern: /^nis-[0-9a-f]+$/ }
  },
  analysis: {
    code: 'InvalidNetworkInsightsAccessScopeAnalysisId.NotFound',
    noun: 'network insights access scope analysis',
    style: 'quoted',
    malformed: { code: 'InvalidNetworkInsightsAccessScopeAnalysisId.Malformed', pattern: /^nisa-[0-9a-f]+$/ }
  }
})

function ownScope(ctx: Ec2Context, id: string): StoredScope | undefined {
  const s = naaStore(ctx.world).scopes.get(id)
  return s && s.accountId === ctx.accountId && s.region === ctx.region ? s : undefined
}

function ownScopeAnalysis(ctx: Ec2Context, id: string): StoredScopeAnalysis | undefined {
  const a = naaStore(ctx.world).analyses.get(id)
  return a && a.accountId === ctx.accountId && a.region === ctx.region ? a : undefined
}

/** Tags of a scope or scope analysis of the caller (for CreateTags/DeleteTags), or undefined for other ids. */
export function naaTaggable(ctx: Ec2Context, id: string): Tag[] | undefined {
  if (id.startsWith('nisa-')) {
    checkIds('analysis', [id], i => !!ownScopeAnalysis(ctx, i))
    return AwsWorld.tags(ownScopeAnalysis(ctx, id)!.analysis)
  }
  if (id.startsWith('nis-')) {
    checkIds('scope', [id], i => !!ownScope(ctx, i))
    return AwsWorld.tags(ownScope(ctx, id)!.scope)
  }
  return undefined
}

/** Resource types a ResourceStatement accepts (Network Access Analyzer Guide, "Path statements"). */
export const RESOURCE_TYPES = [
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::TransitGatewayAttachment',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPCEndpointService',
  'AWS::EC2::VPCPeeringConnection',
  'AWS::EC2::VPNGateway',
  'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::NetworkFirewall::NetworkFirewall',
  // The guide's own example uses this spelling.
  'AWS::NetworkFirewall::Firewall',
  // Not in AWS's list (unverified); accepted so instance and interface ends can be typed.
  'AWS::EC2::Instance',
  'AWS::EC2::NetworkInterface'
]

function checkResourceStatement(where: string, s: ResourceStatementRequest | undefined): void {
  if (!s) return
  if (s.Resources?.length && s.ResourceTypes?.length) {
    throw new AwsError(
      'InvalidParameterCombination',
      `${where}: a resource statement cannot specify both Resources and ResourceTypes.`
    )
  }
  for (const t of s.ResourceTypes ?? [])
    if (!RESOURCE_TYPES.includes(t)) throw invalidValue(`${where}: '${t}' is not a supported resource type.`)
}

function checkHeader(where: string, h: PacketHeaderStatementRequest | undefined): void {
  if (!h) return
  if (h.SourceAddresses?.length && h.SourcePrefixLists?.length)
    throw new AwsError('InvalidParameterCombination', `${where}: SourceAddresses and SourcePrefixLists.`)
  if (h.DestinationAddresses?.length && h.DestinationPrefixLists?.length)
    throw new AwsError(
      'InvalidParameterCombination',
      `${where}: DestinationAddresses and DestinationPrefixLists.`
    )
  for (const p of h.Protocols ?? [])
    if (p !== 'tcp' && p !== 'udp') throw invalidValue(`${where}: protocol '${String(p)}' is not supported.`)
  for (const c of [...(h.SourceAddresses ?? []), ...(h.DestinationAddresses ?? [])])
    if (!parseCidr(c)) throw invalidValue(`${where}: '${c}' is not a valid IPv4 CIDR.`)
  for (const p of [...(h.SourcePorts ?? []), ...(h.DestinationPorts ?? [])])
    if (!parsePortRange(p)) throw invalidValue(`${where}: '${p}' is not a valid port or port range.`)
}

function checkPaths(name: string, paths: AccessScopePathRequest[] | undefined): void {
  ;(paths ?? []).forEach((p, i) => {
    const where = `${name}[${i}]`
    if (!p.Source && !p.Destination && !p.ThroughResources?.length)
      throw invalidValue(`${where}: a path statement must specify Source, Destination or ThroughResources.`)
    checkResourceStatement(`${where}.Source`, p.Source?.ResourceStatement)
    checkResourceStatement(`${where}.Destination`, p.Destination?.ResourceStatement)
    checkHeader(`${where}.Source`, p.Source?.PacketHeaderStatement)
    checkHeader(`${where}.Destination`, p.Destination?.PacketHeaderStatement)
    ;(p.ThroughResources ?? []).forEach((t, j) =>
      checkResourceStatement(`${where}.ThroughResources[${j}]`, t.ResourceStatement)
    )
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Packet header sets: protocols, destination ports and IPv4 address intervals.

type Interval = readonly [number, number]
const ALL_ADDRESSES: Interval[] = [[0, 2 ** 32 - 1]]
const ALL_PORTS: Interval[] = [[0, 65535]]

function parseCidr(cidr: string): Interval | undefined {
  const [ip, bitsText] = cidr.split('/')
  if (!isIpv4(ip)) return undefined
  const bits = bitsText === undefined ? 32 : Number(bitsText)
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined
  const n = ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0)
  const size = 2 ** (32 - bits)
  const lo = Math.floor(n / size) * size
  return [lo, lo + size - 1]
}

function parsePortRange(text: string): Interval | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim())
  if (!m) return undefined
  const from = Number(m[1])
  const to = m[2] === undefined ? from : Number(m[2])
  return from <= to && to <= 65535 ? [from, to] : undefined
}

function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = []
  for (const x of a)
    for (const y of b) {
      const lo = Math.max(x[0], y[0])
      const hi = Math.min(x[1], y[1])
      if (lo <= hi) out.push([lo, hi])
    }
  return out
}

/** Every interval of `a` lies inside the union of `b` (b's intervals merged first). */
function covered(a: Interval[], b: Interval[]): boolean {
  const merged: Array<[number, number]> = []
  for (const [lo, hi] of [...b].sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1]
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi)
    else merged.push([lo, hi])
  }
  return a.every(([lo, hi]) => merged.some(([mlo, mhi]) => mlo <= lo && hi <= mhi))
}

/** The packets a path carries, or a statement allows, per dimension. */
interface HeaderSet {
  protocols: string[]
  sourceAddresses: Interval[]
  destinationAddresses: Interval[]
  sourcePorts: Interval[]
  destinationPorts: Interval[]
}

function headerOfStatements(
  source?: PacketHeaderStatementRequest,
  destination?: PacketHeaderStatementRequest
) {
  // AWS puts the whole header in either statement; both are read the same way.
  const parts = [source, destination].filter((h): h is PacketHeaderStatementRequest => !!h)
  const pick = (f: (h: PacketHeaderStatementRequest) => string[] | undefined) => {
    const lists = parts.map(f).filter((l): l is string[] => !!l?.length)
    return lists.length ? lists.flat() : undefined
  }
  const protocols = pick(h => h.Protocols as string[] | undefined)
  const src = pick(h => h.SourceAddresses)
  const dst = pick(h => h.DestinationAddresses)
  const sp = pick(h => h.SourcePorts)
  const dp = pick(h => h.DestinationPorts)
  // A prefix list cannot be looked up here: it matches nothing (the scenario has no prefix lists).
  const prefixOnly = parts.some(h => h.SourcePrefixLists?.length || h.DestinationPrefixLists?.length)
  const set: HeaderSet = {
    protocols: protocols ?? ['tcp', 'udp'],
    sourceAddresses: src ? src.map(c => parseCidr(c)!) : prefixOnly ? [] : ALL_ADDRESSES,
    destinationAddresses: dst ? dst.map(c => parseCidr(c)!) : ALL_ADDRESSES,
    sourcePorts: sp ? sp.map(p => parsePortRange(p)!) : ALL_PORTS,
    destinationPorts: dp ? dp.map(p => parsePortRange(p)!) : ALL_PORTS
  }
  return set
}

function intersectHeaders(a: HeaderSet, b: HeaderSet): HeaderSet | undefined {
  const h: HeaderSet = {
    protocols: a.protocols.filter(p => b.protocols.includes(p)),
    sourceAddresses: intersect(a.sourceAddresses, b.sourceAddresses),
    destinationAddresses: intersect(a.destinationAddresses, b.destinationAddresses),
    sourcePorts: intersect(a.sourcePorts, b.sourcePorts),
    destinationPorts: intersect(a.destinationPorts, b.destinationPorts)
  }
  const empty =
    !h.protocols.length ||
    !h.sourceAddresses.length ||
    !h.destinationAddresses.length ||
    !h.sourcePorts.length ||
    !h.destinationPorts.length
  return empty ? undefined : h
}

function headerCovered(a: HeaderSet, by: HeaderSet): boolean {
  return (
    a.protocols.every(p => by.protocols.includes(p)) &&
    covered(a.sourceAddresses, by.sourceAddresses) &&
    covered(a.destinationAddresses, by.destinationAddresses) &&
    covered(a.sourcePorts, by.sourcePorts) &&
    covered(a.destinationPorts, by.destinationPorts)
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Matching a fact's path against path statements.

const KIND_TYPES: Partial<Record<CatalogResource['kind'], string>> = {
  instance: 'AWS::EC2::Instance',
  'network-interface': 'AWS::EC2::NetworkInterface',
  'internet-gateway': 'AWS::EC2::InternetGateway',
  'vpn-gateway': 'AWS::EC2::VPNGateway',
  'transit-gateway-attachment': 'AWS::EC2::TransitGatewayAttachment',
  'vpc-endpoint': 'AWS::EC2::VPCEndpoint',
  'vpc-endpoint-service': 'AWS::EC2::VPCEndpointService',
  'vpc-peering-connection': 'AWS::EC2::VPCPeeringConnection'
}

/** Resource type of a hop that may not be catalogued (NAT gateways, load balancers, firewalls). */
function typeOfComponent(id: string | undefined, arn: string | undefined): string | undefined {
  if (arn?.includes(':elasticloadbalancing:'))
    return arn.includes(':loadbalancer/app/') ||
      arn.includes(':loadbalancer/net/') ||
      arn.includes(':loadbalancer/gwy/')
      ? 'AWS::ElasticLoadBalancingV2::LoadBalancer'
      : 'AWS::ElasticLoadBalancing::LoadBalancer'
  if (arn?.includes(':network-firewall:')) return 'AWS::NetworkFirewall::Firewall'
  const ref = id ?? (arn ? parseEc2Arn(arn)?.id : undefined) ?? ''
  if (ref.startsWith('nat-')) return 'AWS::EC2::NatGateway'
  if (ref.startsWith('tgw-attach-')) return 'AWS::EC2::TransitGatewayAttachment'
  if (ref.startsWith('vpce-svc-')) return 'AWS::EC2::VPCEndpointService'
  if (ref.startsWith('vpce-')) return 'AWS::EC2::VPCEndpoint'
  if (ref.startsWith('pcx-')) return 'AWS::EC2::VPCPeeringConnection'
  if (ref.startsWith('igw-')) return 'AWS::EC2::InternetGateway'
  if (ref.startsWith('vgw-')) return 'AWS::EC2::VPNGateway'
  if (ref.startsWith('eni-')) return 'AWS::EC2::NetworkInterface'
  if (ref.startsWith('i-')) return 'AWS::EC2::Instance'
  return undefined
}

const FIREWALL_TYPES = ['AWS::NetworkFirewall::Firewall', 'AWS::NetworkFirewall::NetworkFirewall']

/** What a statement can name an element by: ids, ARNs and resource types. */
interface Identity {
  ids: Set<string>
  types: Set<string>
}

function statementMatches(s: ResourceStatementRequest | undefined, who: Identity): boolean {
  if (!s) return true
  if (s.Resources?.length)
    return s.Resources.some(r => who.ids.has(r) || who.ids.has(parseEc2Arn(r)?.id ?? '\u0000'))
  if (s.ResourceTypes?.length)
    return s.ResourceTypes.some(
      t => who.types.has(t) || (FIREWALL_TYPES.includes(t) && FIREWALL_TYPES.some(f => who.types.has(f)))
    )
  return true
}

/** An end of a path: the resource, its interfaces or instance, subnet, VPC and security groups. */
function endIdentity(world: AwsWorld, resource: CatalogResource | undefined, key: string): Identity {
  const ids = new Set<string>([key])
  const types = new Set<string>()
  if (!resource) return { ids, types }
  ids.add(resource.id).add(resource.arn)
  if (resource.vpcId) ids.add(resource.vpcId)
  if (resource.subnetId) ids.add(resource.subnetId)
  for (const g of resource.securityGroups) ids.add(g.id)
  const t = KIND_TYPES[resource.kind]
  if (t) types.add(t)
  if (resource.kind === 'instance') {
    types.add('AWS::EC2::NetworkInterface')
    for (const r of world.catalog.byId.values()) {
      if (
        r.kind === 'network-interface' &&
        (r.object as { Attachment?: { InstanceId?: string } }).Attachment?.InstanceId === resource.id
      ) {
        ids.add(r.id).add(r.arn)
        if (r.subnetId) ids.add(r.subnetId)
      }
    }
  }
  if (resource.primaryOfInstance) ids.add(resource.primaryOfInstance)
  return { ids, types }
}

function hopIdentity(world: AwsWorld, hop: PathComponent): Identity {
  const ids = new Set<string>()
  const types = new Set<string>()
  for (const c of [hop.Component, hop.AttachedTo]) {
    if (!c) continue
    if (c.Id) ids.add(c.Id)
    if (c.Arn) {
      ids.add(c.Arn)
      const parsed = parseEc2Arn(c.Arn)
      if (parsed) ids.add(parsed.id)
    }
    const catalogued = c.Id ? world.catalog.get(c.Id) : undefined
    const t = (catalogued && KIND_TYPES[catalogued.kind]) ?? typeOfComponent(c.Id, c.Arn)
    if (t) types.add(t)
  }
  return { ids, types }
}

function endAddresses(resource: CatalogResource | undefined, key: string): Interval[] {
  if (key.startsWith('ip:')) return [parseCidr(key.slice(3))!]
  if (!resource) return ALL_ADDRESSES
  // Traffic from an internet (or VPN) gateway comes from anywhere; from an interface, from its address.
  if (resource.kind === 'internet-gateway' || resource.kind === 'vpn-gateway') return ALL_ADDRESSES
  return resource.privateIp ? [parseCidr(resource.privateIp)!] : ALL_ADDRESSES
}

interface CandidatePath {
  fact: Fact
  source: Identity
  destination: Identity
  through: Identity[]
  header: HeaderSet
  components: PathComponent[]
}

function candidatePaths(world: AwsWorld, accountId: string, region: string): CandidatePath[] {
  const out: CandidatePath[] = []
  const inScope = (r: CatalogResource | undefined) => !!r && r.accountId === accountId && r.region === region
  for (const fact of world.engine.facts) {
    if (fact.outcome.kind !== 'reachable') continue
    const src = world.catalog.get(fact.sourceKey)
    const dstKey = fact.destinationKey
    const dst = dstKey.startsWith('ip:') ? undefined : world.catalog.get(dstKey)
    // Single account and Region: both ends must be the caller's (an address destination: the source).
    if (!inScope(src) || (!dstKey.startsWith('ip:') && !inScope(dst))) continue
    const header: HeaderSet = {
      protocols: fact.protocol ? [fact.protocol] : ['tcp', 'udp'],
      sourceAddresses: endAddresses(src, fact.sourceKey),
      destinationAddresses: endAddresses(dst, dstKey),
      sourcePorts: ALL_PORTS,
      destinationPorts: fact.ports ? [[fact.ports.from, fact.ports.to]] : ALL_PORTS
    }
    for (const candidate of fact.outcome.candidates) {
      const components = world.engine.expandHops(candidate.forward, region, accountId)
      out.push({
        fact,
        source: endIdentity(world, src, fact.sourceKey),
        destination: endIdentity(world, dst, dstKey),
        through: components.slice(1, -1).map(h => hopIdentity(world, h)),
        header,
        components
      })
    }
  }
  return out
}

function resourcesMatch(p: AccessScopePath, c: CandidatePath): boolean {
  return (
    statementMatches(p.Source?.ResourceStatement, c.source) &&
    statementMatches(p.Destination?.ResourceStatement, c.destination) &&
    (p.ThroughResources ?? []).every(t => c.through.some(h => statementMatches(t.ResourceStatement, h)))
  )
}

/** The packets of `c` that `p` matches, or undefined when it matches none. */
function matched(p: AccessScopePath, c: CandidatePath, within: HeaderSet): HeaderSet | undefined {
  if (!resourcesMatch(p, c)) return undefined
  return intersectHeaders(
    within,
    headerOfStatements(p.Source?.PacketHeaderStatement, p.Destination?.PacketHeaderStatement)
  )
}

/** The findings of a scope: each candidate path matched by a match path whose packets no exclude path covers. */
export function evaluateScope(
  world: AwsWorld,
  scope: StoredScope,
  analysisId: string
): AccessScopeAnalysisFinding[] {
  const findings: AccessScopeAnalysisFinding[] = []
  for (const c of candidatePaths(world, scope.accountId, scope.region)) {
    const violating = scope.matchPaths.some(m => {
      const packets = matched(m, c, c.header)
      if (!packets) return false
      return !scope.excludePaths.some(e => {
        const excluded = matched(e, c, packets)
        return !!excluded && headerCovered(packets, excluded)
      })
    })
    if (!violating) continue
    findings.push({
      NetworkInsightsAccessScopeAnalysisId: analysisId,
      NetworkInsightsAccessScopeId: scope.scope.NetworkInsightsAccessScopeId,
      FindingId: `${stableHex(analysisId + c.fact.label + JSON.stringify(c.components), 8)}-${stableHex(c.fact.label, 4)}-${findings.length}`,
      FindingComponents: c.components
    })
  }
  return findings
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers.

function clonePaths(paths: AccessScopePathRequest[] | undefined): AccessScopePath[] {
  return structuredClone(paths ?? []) as AccessScopePath[]
}

const createScope = (ctx: Ec2Context, raw: Input): Output => {
  const input = raw as unknown as CreateNetworkInsightsAccessScopeRequest
  dryRun(raw)
  if (!input.MatchPaths?.length)
    throw new AwsError('MissingParameter', 'The request must contain the parameter MatchPaths')
  checkPaths('MatchPaths', input.MatchPaths)
  checkPaths('ExcludePaths', input.ExcludePaths)
  const tags = tagsFrom(input.TagSpecifications, 'network-insights-access-scope')
  const store = naaStore(ctx.world)
  const { ClientToken: clientToken, DryRun: _d, TagSpecifications: _t, ...params } = input
  const paramsKey = JSON.stringify({ ...params, tags })
  if (clientToken) {
    for (const s of store.scopes.values()) {
      if (s.accountId !== ctx.accountId || s.region !== ctx.region || s.clientToken !== clientToken) continue
      if (s.paramsKey !== paramsKey)
        throw new AwsError(
          'IdempotentParameterMismatch',
          'Client token already used before with different parameters.'
        )
      return contentOutput(s, true)
    }
  }
  const own = [...store.scopes.values()].filter(s => s.accountId === ctx.accountId && s.region === ctx.region)
  if (own.length >= ctx.knobs.maxAccessScopes) {
    throw new AwsError(
      'ResourceLimitExceeded',
      `You have reached the limit of ${ctx.knobs.maxAccessScopes} network insights access scopes in this Region.`
    )
  }
  const id = ctx.world.newId('nis')
  const stored: StoredScope = {
    accountId: ctx.accountId,
    region: ctx.region,
    scope: {
      NetworkInsightsAccessScopeId: id,
      NetworkInsightsAccessScopeArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:network-insights-access-scope/${id}`,
      CreatedDate: new Date(ctx.now),
      UpdatedDate: new Date(ctx.now),
      ...(tags.length ? { Tags: tags } : {})
    },
    matchPaths: clonePaths(input.MatchPaths),
    excludePaths: clonePaths(input.ExcludePaths),
    clientToken,
    paramsKey
  }
  store.scopes.set(id, stored)
  return contentOutput(stored, true)
}

function contentOutput(s: StoredScope, withScope: boolean): Output {
  const content = {
    NetworkInsightsAccessScopeId: s.scope.NetworkInsightsAccessScopeId,
    MatchPaths: s.matchPaths,
    ...(s.excludePaths.length ? { ExcludePaths: s.excludePaths } : {})
  }
  return withScope
    ? { NetworkInsightsAccessScope: s.scope, NetworkInsightsAccessScopeContent: content }
    : { NetworkInsightsAccessScopeContent: content }
}

const getScopeContent = (ctx: Ec2Context, input: Input): Output => {
  dryRun(input)
  const id = required(input, 'NetworkInsightsAccessScopeId')
  checkIds('scope', [id], i => !!ownScope(ctx, i))
  return contentOutput(ownScope(ctx, id)!, false)
}

const describeScopes = (ctx: Ec2Context, raw: Input): Output => {
  const input = raw as unknown as DescribeNetworkInsightsAccessScopesRequest
  dryRun(raw)
  checkFilters(input.Filters, {})
  const ids = input.NetworkInsightsAccessScopeIds
  let scopes = [...naaStore(ctx.world).scopes.values()].filter(
    s => s.accountId === ctx.accountId && s.region === ctx.region
  )
  if (ids?.length) {
    checkIds('scope', ids, id => !!ownScope(ctx, id))
    scopes = [...new Set(ids)].map(id => ownScope(ctx, id)!)
  }
  const matching = scopes
    .map(s => s.scope)
    .filter(s => matchesFilters(s as Record<string, unknown>, AwsWorld.tags(s), input.Filters, {}))
  const { page, nextToken } = ids?.length
    ? { page: matching, nextToken: undefined }
    : paginate(ctx, 'DescribeNetworkInsightsAccessScopes', matching, raw, { min: 1, max: 100 })
  return { NetworkInsightsAccessScopes: page, ...(nextToken ? { NextToken: nextToken } : {}) }
}

const deleteScope = (ctx: Ec2Context, input: Input): Output => {
  dryRun(input)
  const id = required(input, 'NetworkInsightsAccessScopeId')
  checkIds('scope', [id], i => !!ownScope(ctx, i))
  const store = naaStore(ctx.world)
  const blocking = [...store.analyses.values()]
    .filter(a => a.analysis.NetworkInsightsAccessScopeId === id)
    .map(a => a.analysis.NetworkInsightsAccessScopeAnalysisId)
  if (blocking.length) {
    // Sandbox choice (undocumented): as for paths, the analyses must go first.
    throw new AwsError(
      'AnalysisExistsForNetworkInsightsAccessScope',
      `At least one analysis [${blocking.join(', ')}] exists for scope ${id}. Delete all the analyses before deleting this scope.`
    )
  }
  store.scopes.delete(id)
  return { NetworkInsightsAccessScopeId: id }
}

function runningScopeAnalyses(ctx: Ec2Context): number {
  let n = 0
  for (const a of naaStore(ctx.world).analyses.values())
    if (a.accountId === ctx.accountId && a.region === ctx.region && a.finishesAt > ctx.now) n++
  return n
}

/** A scope analysis as Describe shows it now: running until its time has come, then its result. */
export function materializeScopeAnalysis(
  a: StoredScopeAnalysis,
  now: number
): NetworkInsightsAccessScopeAnalysis {
  if (now < a.finishesAt) return { ...a.analysis, Status: 'running', FindingsFound: 'unknown' }
  if (a.failure !== undefined)
    return { ...a.analysis, Status: 'failed', StatusMessage: a.failure, EndDate: new Date(a.finishesAt) }
  return {
    ...a.analysis,
    Status: 'succeeded',
    EndDate: new Date(a.finishesAt),
    FindingsFound: a.findings.length ? 'true' : 'false',
    AnalyzedEniCount: a.analyzedEniCount
  }
}

const startScopeAnalysis = (ctx: Ec2Context, raw: Input): Output => {
  const input = raw as unknown as StartNetworkInsightsAccessScopeAnalysisRequest
  dryRun(raw)
  const scopeId = required(raw, 'NetworkInsightsAccessScopeId')
  checkIds('scope', [scopeId], i => !!ownScope(ctx, i))
  const scope = ownScope(ctx, scopeId)!
  const tags = tagsFrom(input.TagSpecifications, 'network-insights-access-scope-analysis')
  const store = naaStore(ctx.world)
  const { ClientToken: clientToken, DryRun: _d, TagSpecifications: _t, ...params } = input
  const paramsKey = JSON.stringify({ ...params, tags })
  if (clientToken) {
    for (const a of store.analyses.values()) {
      if (a.accountId !== ctx.accountId || a.region !== ctx.region || a.clientToken !== clientToken) continue
      if (a.paramsKey !== paramsKey)
        throw new AwsError(
          'IdempotentParameterMismatch',
          'Client token already used before with different parameters.'
        )
      return { NetworkInsightsAccessScopeAnalysis: materializeScopeAnalysis(a, ctx.now) }
    }
  }
  if (runningScopeAnalyses(ctx) >= ctx.knobs.maxConcurrentScopeAnalyses) {
    throw new AwsError(
      'ResourceLimitExceeded',
      `You have reached the limit of ${ctx.knobs.maxConcurrentScopeAnalyses} concurrent network insights access scope analyses in this Region.`
    )
  }
  const id = ctx.world.newId('nisa')
  const jitter = ctx.knobs.analysisJitter * (2 * ctx.world.random.next() - 1)
  const durationMs = Math.max(0, ctx.knobs.analysisSeconds * (1 + jitter) * ctx.knobs.timeScale * 1000)
  const entry: StoredScopeAnalysis = {
    accountId: ctx.accountId,
    region: ctx.region,
    analysis: {
      NetworkInsightsAccessScopeAnalysisId: id,
      NetworkInsightsAccessScopeAnalysisArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:network-insights-access-scope-analysis/${id}`,
      NetworkInsightsAccessScopeId: scopeId,
      StartDate: new Date(ctx.now),
      ...(tags.length ? { Tags: tags } : {})
    },
    findings: evaluateScope(ctx.world, scope, id),
    analyzedEniCount: ctx.world.catalog.list(ctx.accountId, ctx.region, 'network-interface').length,
    failure: ctx.knobs.scopeAnalysisFailure,
    finishesAt: ctx.knobs.analysesNeverFinish ? Number.POSITIVE_INFINITY : ctx.now + durationMs,
    clientToken,
    paramsKey
  }
  store.analyses.set(id, entry)
  return { NetworkInsightsAccessScopeAnalysis: materializeScopeAnalysis(entry, ctx.now) }
}

const describeScopeAnalyses = (ctx: Ec2Context, raw: Input): Output => {
  const input = raw as unknown as DescribeNetworkInsightsAccessScopeAnalysesRequest
  dryRun(raw)
  checkFilters(input.Filters, {})
  const ids = input.NetworkInsightsAccessScopeAnalysisIds
  let stored = [...naaStore(ctx.world).analyses.values()].filter(
    a => a.accountId === ctx.accountId && a.region === ctx.region
  )
  if (ids?.length) {
    checkIds('analysis', ids, id => !!ownScopeAnalysis(ctx, id))
    stored = [...new Set(ids)].map(id => ownScopeAnalysis(ctx, id)!)
  }
  const from = input.AnalysisStartTimeBegin?.getTime() ?? Number.NEGATIVE_INFINITY
  const to = input.AnalysisStartTimeEnd?.getTime() ?? Number.POSITIVE_INFINITY
  const matching = stored
    .filter(
      a =>
        !input.NetworkInsightsAccessScopeId ||
        a.analysis.NetworkInsightsAccessScopeId === input.NetworkInsightsAccessScopeId
    )
    .map(a => materializeScopeAnalysis(a, ctx.now))
    .filter(a => {
      const start = a.StartDate ? new Date(a.StartDate).getTime() : 0
      return start >= from && start <= to
    })
    .filter(a => matchesFilters(a as Record<string, unknown>, AwsWorld.tags(a), input.Filters, {}))
  const { page, nextToken } = ids?.length
    ? { page: matching, nextToken: undefined }
    : paginate(ctx, 'DescribeNetworkInsightsAccessScopeAnalyses', matching, raw, { min: 1, max: 100 })
  return { NetworkInsightsAccessScopeAnalyses: page, ...(nextToken ? { NextToken: nextToken } : {}) }
}

const getFindings = (ctx: Ec2Context, raw: Input): Output => {
  dryRun(raw)
  const id = required(raw, 'NetworkInsightsAccessScopeAnalysisId')
  checkIds('analysis', [id], i => !!ownScopeAnalysis(ctx, i))
  const stored = ownScopeAnalysis(ctx, id)!
  const now = materializeScopeAnalysis(stored, ctx.now)
  const findings = now.Status === 'succeeded' ? stored.findings : []
  const { page, nextToken } = paginate(
    ctx,
    `GetNetworkInsightsAccessScopeAnalysisFindings/${id}`,
    findings,
    raw,
    { min: 1, max: 1000 }
  )
  return {
    NetworkInsightsAccessScopeAnalysisId: id,
    AnalysisStatus: now.Status,
    AnalysisFindings: page,
    ...(nextToken ? { NextToken: nextToken } : {})
  }
}

const deleteScopeAnalysis = (ctx: Ec2Context, input: Input): Output => {
  dryRun(input)
  const id = required(input, 'NetworkInsightsAccessScopeAnalysisId')
  checkIds('analysis', [id], i => !!ownScopeAnalysis(ctx, i))
  naaStore(ctx.world).analyses.delete(id)
  return { NetworkInsightsAccessScopeAnalysisId: id }
}

// ---------------------------------------------------------------------------------------------------------------

const op = (schema: unknown): OperationSchema => schema as OperationSchema
const mutating = () => 'mutating' as const
const describeBucket = (idsParam: string) => (input: Input) => {
  const ids = input[idsParam] as unknown[] | undefined
  const filtered =
    (input.Filters as unknown[] | undefined)?.length || ids?.length || input.MaxResults !== undefined
  return filtered ? ('nonMutating' as const) : ('unfilteredDescribe' as const)
}

/** Routed by ec2.ts next to the Reachability Analyzer actions. */
export const NAA_ACTIONS: Record<string, Ec2Action> = {
  CreateNetworkInsightsAccessScope: {
    op: op(CreateNetworkInsightsAccessScope$),
    handler: createScope,
    bucket: mutating
  },
  DescribeNetworkInsightsAccessScopes: {
    op: op(DescribeNetworkInsightsAccessScopes$),
    handler: describeScopes,
    bucket: describeBucket('NetworkInsightsAccessScopeIds')
  },
  GetNetworkInsightsAccessScopeContent: {
    op: op(GetNetworkInsightsAccessScopeContent$),
    handler: getScopeContent,
    bucket: () => 'nonMutating'
  },
  DeleteNetworkInsightsAccessScope: {
    op: op(DeleteNetworkInsightsAccessScope$),
    handler: deleteScope,
    bucket: mutating
  },
  StartNetworkInsightsAccessScopeAnalysis: {
    op: op(StartNetworkInsightsAccessScopeAnalysis$),
    handler: startScopeAnalysis,
    bucket: mutating
  },
  DescribeNetworkInsightsAccessScopeAnalyses: {
    op: op(DescribeNetworkInsightsAccessScopeAnalyses$),
    handler: describeScopeAnalyses,
    bucket: describeBucket('NetworkInsightsAccessScopeAnalysisIds')
  },
  GetNetworkInsightsAccessScopeAnalysisFindings: {
    op: op(GetNetworkInsightsAccessScopeAnalysisFindings$),
    handler: getFindings,
    bucket: () => 'nonMutating'
  },
  DeleteNetworkInsightsAccessScopeAnalysis: {
    op: op(DeleteNetworkInsightsAccessScopeAnalysis$),
    handler: deleteScopeAnalysis,
    bucket: mutating
  }
}
