// EC2 (EC2 Query protocol, 2016-11-15): the describes the action resolves selectors with, and the Reachability
// Analyzer API (paths, analyses, tags). Every call is served for the account and Region that signed it.
import {
  CreateNetworkInsightsPath$,
  CreateTags$,
  DeleteNetworkInsightsAnalysis$,
  DeleteNetworkInsightsPath$,
  DeleteTags$,
  DescribeInstances$,
  DescribeInternetGateways$,
  DescribeNetworkInsightsAnalyses$,
  DescribeNetworkInsightsPaths$,
  DescribeNetworkInterfaces$,
  DescribeTransitGatewayAttachments$,
  DescribeTransitGateways$,
  DescribeVpcEndpointServiceConfigurations$,
  DescribeVpcEndpoints$,
  DescribeVpcPeeringConnections$,
  DescribeNatGateways$,
  DescribeSubnets$,
  DescribeVpcs$,
  DescribeVpnGateways$,
  StartNetworkInsightsAnalysis$,
  type CreateNetworkInsightsPathRequest,
  type CreateTagsRequest,
  type DeleteTagsRequest,
  type DescribeNetworkInsightsAnalysesRequest,
  type DescribeNetworkInsightsPathsRequest,
  type Filter,
  type Instance,
  type NetworkInsightsAnalysis,
  type NetworkInsightsPath,
  type Reservation,
  type StartNetworkInsightsAnalysisRequest,
  type Tag
} from '@aws-sdk/client-ec2'
import type { Knobs } from '../scenario.js'
import { ec2Arn, isIpv4, parseEc2Arn } from './ids.js'
import type { OperationSchema } from './query-protocol.js'
import { FILTERS, matchesFilters, tagsOf, type CatalogResource, type Ec2Kind } from './resources.js'
import {
  checkFilters,
  checkTagKeys,
  dryRun,
  idChecker,
  invalidValue,
  paginate,
  tagsFrom,
  type IdErrors,
  type Input,
  type Output
} from './requests.js'
import { AwsError, AwsWorld, type StoredAnalysis, type StoredPath } from './world.js'
import { KIND_ID_PREFIXES } from '../../src/model.js'
import { NAA_ACTIONS, naaTaggable } from './naa.js'

export interface Ec2Context {
  world: AwsWorld
  knobs: Knobs
  now: number
  accountId: string
  region: string
}

type Handler = (ctx: Ec2Context, input: Input) => Output

export interface Ec2Action {
  op: OperationSchema
  handler: Handler
  /** Which token bucket the call draws from. */
  bucket: (input: Input) => 'mutating' | 'nonMutating' | 'unfilteredDescribe'
}

// ---------------------------------------------------------------------------------------------------------------
// Errors worded as EC2 words them.

const KIND_ERRORS: Record<Ec2Kind | 'path' | 'analysis', IdErrors> = {
  instance: {
    code: 'InvalidInstanceID.NotFound',
    noun: 'instance',
    style: 'quoted',
    malformed: { code: 'InvalidInstanceID.Malformed', pattern: /^i-([0-9a-f]{8}|[0-9a-f]{17})$/ }
  },
  'network-interface': {
    code: 'InvalidNetworkInterfaceID.NotFound',
    noun: 'networkInterface',
    style: 'quoted',
    malformed: { code: 'InvalidNetworkInterfaceID.Malformed', pattern: /^eni-[0-9a-f]+$/ }
  },
  'internet-gateway': { code: 'InvalidInternetGatewayID.NotFound', noun: 'internetGateway', style: 'quoted' },
  'vpn-gateway': { code: 'InvalidVpnGatewayID.NotFound', noun: 'vpnGateway', style: 'quoted' },
  'transit-gateway': { code: 'InvalidTransitGatewayID.NotFound', noun: 'Transit Gateway', style: 'tgw' },
  'transit-gateway-attachment': {
    code: 'InvalidTransitGatewayAttachmentID.NotFound',
    noun: 'Transit Gateway Attachment',
    style: 'tgw'
  },
  'vpc-endpoint': { code: 'InvalidVpcEndpointId.NotFound', noun: 'Vpc Endpoint', style: 'quoted' },
  'vpc-endpoint-service': {
    code: 'InvalidVpcEndpointServiceId.NotFound',
    noun: 'Vpc Endpoint Service',
    style: 'quoted'
  },
  'nat-gateway': { code: 'NatGatewayNotFound', noun: 'NAT gateway', style: 'quoted' },
  subnet: { code: 'InvalidSubnetID.NotFound', noun: 'subnet', style: 'quoted' },
  vpc: { code: 'InvalidVpcID.NotFound', noun: 'vpc', style: 'quoted' },
  'vpc-peering-connection': {
    code: 'InvalidVpcPeeringConnectionID.NotFound',
    noun: 'vpcPeeringConnection',
    style: 'quoted'
  },
  path: {
    code: 'InvalidNetworkInsightsPathId.NotFound',
    noun: 'network insights path',
    style: 'quoted',
    malformed: { code: 'InvalidNetworkInsightsPathId.Malformed', pattern: /^nip-[0-9a-f]+$/ }
  },
  analysis: {
    code: 'InvalidNetworkInsightsAnalysisId.NotFound',
    noun: 'network insights analysis',
    style: 'quoted',
    malformed: { code: 'InvalidNetworkInsightsAnalysisId.Malformed', pattern: /^nia-[0-9a-f]+$/ }
  }
}

const checkIds = idChecker(KIND_ERRORS)

// ---------------------------------------------------------------------------------------------------------------
// Resource describes.

interface DescribeSpec {
  action: string
  kind: Ec2Kind
  idsParam: string
  outputMember: string
  /** Undefined when the action has no pagination at all (DescribeVpnGateways). */
  limits?: { min: number; max: number }
  /** AWS refuses MaxResults together with explicit ids for these actions. */
  idsExcludeMaxResults?: string
  /** The request member holding the filters: `Filters`, except DescribeNatGateways's `Filter`. */
  filtersParam?: string
}

function selectResources(
  ctx: Ec2Context,
  spec: DescribeSpec,
  input: Input
): { items: CatalogResource[]; nextToken?: string } {
  dryRun(input)
  const filters = input[spec.filtersParam ?? 'Filters'] as Filter[] | undefined
  checkFilters(filters, FILTERS[spec.kind])
  const ids = input[spec.idsParam] as string[] | undefined
  if (ids?.length && input.MaxResults !== undefined && spec.idsExcludeMaxResults) {
    throw new AwsError(
      'InvalidParameterCombination',
      `The parameter ${spec.idsExcludeMaxResults} cannot be used with the parameter maxResults`
    )
  }
  const own = ctx.world.catalog.list(ctx.accountId, ctx.region, spec.kind)
  let items = own
  if (ids?.length) {
    const byId = new Map(own.map(r => [r.id, r]))
    checkIds(spec.kind, ids, id => byId.has(id))
    items = [...new Set(ids)].map(id => byId.get(id)!)
  }
  items = items.filter(r => matchesFilters(r.object, tagsOf(r.kind, r.object), filters, FILTERS[spec.kind]))
  if (ids?.length || !spec.limits) return { items }
  const { page, nextToken } = paginate(ctx, spec.action, items, input, spec.limits)
  return { items: page, nextToken }
}

function describeHandler(spec: DescribeSpec): Handler {
  return (ctx, input) => {
    const { items, nextToken } = selectResources(ctx, spec, input)
    return { [spec.outputMember]: items.map(r => r.object), ...(nextToken ? { NextToken: nextToken } : {}) }
  }
}

const describeInstances: Handler = (ctx, input) => {
  const { items, nextToken } = selectResources(
    ctx,
    {
      action: 'DescribeInstances',
      kind: 'instance',
      idsParam: 'InstanceIds',
      outputMember: 'Reservations',
      limits: { min: 5, max: 1000 },
      idsExcludeMaxResults: 'instancesSet'
    },
    input
  )
  const reservations: Reservation[] = []
  for (const r of items) {
    const object = r.object as unknown as Instance & { __reservationId: string }
    const last = reservations[reservations.length - 1]
    if (last?.ReservationId === object.__reservationId) last.Instances!.push(object)
    else
      reservations.push({
        ReservationId: object.__reservationId,
        OwnerId: r.accountId,
        Groups: [],
        Instances: [object]
      })
  }
  return { Reservations: reservations, ...(nextToken ? { NextToken: nextToken } : {}) }
}

// ---------------------------------------------------------------------------------------------------------------
// Reachability Analyzer: paths and analyses.

const SUPPORTED_ENDPOINT_PREFIXES = [
  'i-',
  'eni-',
  'igw-',
  'vgw-',
  'tgw-attach-',
  'tgw-',
  'vpce-svc-',
  'vpce-',
  'pcx-'
]

function checkEndpoint(param: string, value: string): void {
  if (value.startsWith('arn:')) {
    if (!parseEc2Arn(value)) throw invalidValue(`The ${param} ARN '${value}' is not valid.`)
    return
  }
  if (!SUPPORTED_ENDPOINT_PREFIXES.some(p => value.startsWith(p))) {
    throw invalidValue(`The ${param} '${value}' is not a supported resource type for Reachability Analyzer.`)
  }
}

/** Drops paths "someone else" deleted (delayed-deletion fault), with their analyses. */
export function applyExternalDeletions(world: AwsWorld, knobs: Knobs, now: number): void {
  if (knobs.deletePathsAfterSeconds === undefined) return
  const after = knobs.deletePathsAfterSeconds * knobs.timeScale * 1000
  for (const [id, p] of world.paths) {
    if (!p.createdByApi || now - p.createdAt < after) continue
    world.paths.delete(id)
    for (const [aid, a] of world.analyses)
      if (a.analysis.NetworkInsightsPathId === id) world.analyses.delete(aid)
  }
}

function ownPath(ctx: Ec2Context, id: string): StoredPath | undefined {
  const p = ctx.world.paths.get(id)
  return p && p.accountId === ctx.accountId && p.region === ctx.region ? p : undefined
}

function ownAnalysis(ctx: Ec2Context, id: string): StoredAnalysis | undefined {
  const a = ctx.world.analyses.get(id)
  return a && a.accountId === ctx.accountId && a.region === ctx.region ? a : undefined
}

function endpointArn(ctx: Ec2Context, ref: string): { id: string; arn: string } {
  const parsed = parseEc2Arn(ref)
  if (parsed) return { id: parsed.id, arn: ref }
  const res = ctx.world.catalog.get(ref)
  const owner = res && res.accountId === ctx.accountId ? res.accountId : ctx.accountId
  return { id: ref, arn: ec2Arn(ctx.region, owner, ref) }
}

const createNetworkInsightsPath: Handler = (ctx, raw) => {
  const input = raw as unknown as CreateNetworkInsightsPathRequest
  dryRun(raw)
  if (!input.Source) throw new AwsError('MissingParameter', 'The request must contain the parameter Source')
  if (!input.Protocol)
    throw new AwsError('MissingParameter', 'The request must contain the parameter Protocol')
  if (input.Protocol !== 'tcp' && input.Protocol !== 'udp') {
    throw invalidValue(`Value (${input.Protocol}) for parameter protocol is invalid. Valid values: tcp, udp.`)
  }
  if (!input.Destination && !input.DestinationIp) {
    throw new AwsError(
      'MissingParameter',
      'The request must contain either the parameter Destination or DestinationIp'
    )
  }
  checkEndpoint('Source', input.Source)
  if (input.Destination) checkEndpoint('Destination', input.Destination)
  for (const [name, ip] of [
    ['SourceIp', input.SourceIp],
    ['DestinationIp', input.DestinationIp]
  ] as const) {
    if (ip !== undefined && !isIpv4(ip))
      throw invalidValue(`The ${name} '${ip}' is not a valid IPv4 address.`)
  }
  if (input.DestinationPort !== undefined && (input.DestinationPort < 0 || input.DestinationPort > 65535)) {
    throw invalidValue(`The DestinationPort ${input.DestinationPort} is not valid.`)
  }
  if (input.FilterAtSource && input.SourceIp !== undefined) {
    throw new AwsError(
      'InvalidParameterCombination',
      'FilterAtSource cannot be specified together with SourceIp.'
    )
  }
  if (
    input.FilterAtDestination &&
    (input.DestinationIp !== undefined || input.DestinationPort !== undefined)
  ) {
    throw new AwsError(
      'InvalidParameterCombination',
      'FilterAtDestination cannot be specified together with DestinationIp or DestinationPort.'
    )
  }
  const tags = tagsFrom(input.TagSpecifications, 'network-insights-path')
  const { ClientToken: clientToken, DryRun: _dry, TagSpecifications: _tags, ...params } = input
  const paramsKey = JSON.stringify({ ...params, tags })
  if (clientToken) {
    for (const p of ctx.world.paths.values()) {
      if (p.accountId !== ctx.accountId || p.region !== ctx.region || p.clientToken !== clientToken) continue
      if (p.paramsKey !== paramsKey) {
        throw new AwsError(
          'IdempotentParameterMismatch',
          'Client token already used before with different parameters.'
        )
      }
      return { NetworkInsightsPath: p.path }
    }
  }
  const own = [...ctx.world.paths.values()].filter(
    p => p.accountId === ctx.accountId && p.region === ctx.region
  )
  if (own.length >= ctx.knobs.maxPaths) {
    throw new AwsError(
      'ResourceLimitExceeded',
      `You have reached the limit of ${ctx.knobs.maxPaths} network insights paths in this Region.`
    )
  }
  const id = ctx.world.newId('nip')
  const source = endpointArn(ctx, input.Source)
  const destination = input.Destination ? endpointArn(ctx, input.Destination) : undefined
  const path: NetworkInsightsPath = {
    NetworkInsightsPathId: id,
    NetworkInsightsPathArn: ec2Arn(ctx.region, ctx.accountId, id),
    CreatedDate: new Date(ctx.now),
    Source: source.id,
    ...(destination ? { Destination: destination.id } : {}),
    SourceArn: source.arn,
    ...(destination ? { DestinationArn: destination.arn } : {}),
    ...(input.SourceIp !== undefined ? { SourceIp: input.SourceIp } : {}),
    ...(input.DestinationIp !== undefined ? { DestinationIp: input.DestinationIp } : {}),
    Protocol: input.Protocol,
    ...(input.DestinationPort !== undefined ? { DestinationPort: input.DestinationPort } : {}),
    ...(input.FilterAtSource ? { FilterAtSource: input.FilterAtSource } : {}),
    ...(input.FilterAtDestination ? { FilterAtDestination: input.FilterAtDestination } : {}),
    ...(tags.length ? { Tags: tags } : {})
  }
  ctx.world.paths.set(id, {
    accountId: ctx.accountId,
    region: ctx.region,
    path,
    createdAt: ctx.now,
    createdByApi: true,
    clientToken,
    paramsKey
  })
  return { NetworkInsightsPath: path }
}

function runningAnalyses(ctx: Ec2Context): number {
  let n = 0
  for (const a of ctx.world.analyses.values()) {
    if (a.accountId === ctx.accountId && a.region === ctx.region && a.outcome && a.finishesAt > ctx.now) n++
  }
  return n
}

function analysisDurationMs(ctx: Ec2Context, baseSeconds: number): number {
  const jitter = ctx.knobs.analysisJitter * (2 * ctx.world.random.next() - 1)
  return Math.max(0, baseSeconds * (1 + jitter) * ctx.knobs.timeScale * 1000)
}

/** An analysis as Describe shows it now: running until its time has come, then its outcome. */
export function materializeAnalysis(stored: StoredAnalysis, now: number): NetworkInsightsAnalysis {
  if (!stored.outcome) return stored.analysis
  if (now < stored.finishesAt) return { ...stored.analysis, Status: 'running' }
  return { ...stored.analysis, Status: stored.outcome.status, ...stored.outcome.result }
}

const startNetworkInsightsAnalysis: Handler = (ctx, raw) => {
  const input = raw as unknown as StartNetworkInsightsAnalysisRequest
  dryRun(raw)
  applyExternalDeletions(ctx.world, ctx.knobs, ctx.now)
  const pathId = input.NetworkInsightsPathId
  if (!pathId)
    throw new AwsError('MissingParameter', 'The request must contain the parameter NetworkInsightsPathId')
  checkIds('path', [pathId], id => !!ownPath(ctx, id))
  const stored = ownPath(ctx, pathId)!
  for (const arn of [...(input.FilterInArns ?? []), ...(input.FilterOutArns ?? [])]) {
    if (!/^arn:aws[\w-]*:[\w-]+:[\w-]*:\d{0,12}:.+/.test(arn))
      throw invalidValue(`The ARN '${arn}' is not valid.`)
  }
  const additional = input.AdditionalAccounts ?? []
  for (const a of additional)
    if (!/^\d{12}$/.test(a)) throw invalidValue(`The account ID '${a}' is not valid.`)
  const callerIsOrgAdmin = ctx.world.orgAdmins.has(ctx.accountId)
  if (additional.length && !callerIsOrgAdmin) {
    throw new AwsError(
      'UnauthorizedOperation',
      `Account ${ctx.accountId} cannot run cross-account analyses: only the organization's management account or a ` +
        'delegated administrator for Reachability Analyzer can use AdditionalAccounts.',
      403
    )
  }
  const tags = tagsFrom(input.TagSpecifications, 'network-insights-analysis')
  const { ClientToken: clientToken, DryRun: _dry, TagSpecifications: _tags, ...params } = input
  const paramsKey = JSON.stringify({ ...params, tags })
  if (clientToken) {
    for (const a of ctx.world.analyses.values()) {
      if (a.accountId !== ctx.accountId || a.region !== ctx.region || a.clientToken !== clientToken) continue
      if (a.paramsKey !== paramsKey) {
        throw new AwsError(
          'IdempotentParameterMismatch',
          'Client token already used before with different parameters.'
        )
      }
      return { NetworkInsightsAnalysis: materializeAnalysis(a, ctx.now) }
    }
  }
  if (runningAnalyses(ctx) >= ctx.knobs.maxConcurrentAnalyses) {
    throw new AwsError(
      'ResourceLimitExceeded',
      `You have reached the limit of ${ctx.knobs.maxConcurrentAnalyses} concurrent network insights analyses in this Region.`
    )
  }
  const outcome = ctx.world.engine.analyse({
    callerAccountId: ctx.accountId,
    region: ctx.region,
    path: stored.path,
    filterInArns: input.FilterInArns ?? [],
    filterOutArns: input.FilterOutArns ?? [],
    additionalAccounts: additional,
    callerIsOrgAdmin
  })
  const id = ctx.world.newId('nia')
  const analysis: NetworkInsightsAnalysis = {
    NetworkInsightsAnalysisId: id,
    NetworkInsightsAnalysisArn: ec2Arn(ctx.region, ctx.accountId, id),
    NetworkInsightsPathId: pathId,
    ...(additional.length ? { AdditionalAccounts: additional } : {}),
    ...(input.FilterInArns?.length ? { FilterInArns: input.FilterInArns } : {}),
    ...(input.FilterOutArns?.length ? { FilterOutArns: input.FilterOutArns } : {}),
    StartDate: new Date(ctx.now),
    ...(tags.length ? { Tags: tags } : {})
  }
  const never = ctx.knobs.analysesNeverFinish || outcome.neverFinishes
  const entry: StoredAnalysis = {
    accountId: ctx.accountId,
    region: ctx.region,
    analysis,
    outcome,
    startedAt: ctx.now,
    finishesAt: never
      ? Number.POSITIVE_INFINITY
      : ctx.now + analysisDurationMs(ctx, outcome.durationSeconds ?? ctx.knobs.analysisSeconds),
    clientToken,
    paramsKey
  }
  ctx.world.analyses.set(id, entry)
  return { NetworkInsightsAnalysis: { ...analysis, Status: 'running' } }
}

const PATH_FILTERS: Record<string, (p: NetworkInsightsPath) => Array<string | number | undefined>> = {
  source: p => [p.Source, p.SourceArn],
  destination: p => [p.Destination, p.DestinationArn],
  'source-ip': p => [p.SourceIp],
  'destination-ip': p => [p.DestinationIp],
  protocol: p => [p.Protocol],
  'destination-port': p => [p.DestinationPort]
}

const ANALYSIS_FILTERS: Record<string, (a: NetworkInsightsAnalysis) => Array<string | boolean | undefined>> =
  {
    'path-found': a => [a.NetworkPathFound],
    status: a => [a.Status]
  }

const describeNetworkInsightsPaths: Handler = (ctx, raw) => {
  const input = raw as unknown as DescribeNetworkInsightsPathsRequest
  dryRun(raw)
  applyExternalDeletions(ctx.world, ctx.knobs, ctx.now)
  checkFilters(input.Filters, PATH_FILTERS)
  const ids = input.NetworkInsightsPathIds
  let paths = [...ctx.world.paths.values()].filter(
    p => p.accountId === ctx.accountId && p.region === ctx.region
  )
  if (ids?.length) {
    checkIds('path', ids, id => !!ownPath(ctx, id))
    paths = [...new Set(ids)].map(id => ownPath(ctx, id)!)
  }
  const matching = paths
    .map(p => p.path)
    .filter(p =>
      matchesFilters(p as Record<string, unknown>, AwsWorld.tags(p), input.Filters, PATH_FILTERS as never)
    )
  const { page, nextToken } = ids?.length
    ? { page: matching, nextToken: undefined }
    : paginate(ctx, 'DescribeNetworkInsightsPaths', matching, raw, { min: 1, max: 100 })
  return { NetworkInsightsPaths: page, ...(nextToken ? { NextToken: nextToken } : {}) }
}

const describeNetworkInsightsAnalyses: Handler = (ctx, raw) => {
  const input = raw as unknown as DescribeNetworkInsightsAnalysesRequest
  dryRun(raw)
  applyExternalDeletions(ctx.world, ctx.knobs, ctx.now)
  checkFilters(input.Filters, ANALYSIS_FILTERS)
  const ids = input.NetworkInsightsAnalysisIds
  let stored = [...ctx.world.analyses.values()].filter(
    a => a.accountId === ctx.accountId && a.region === ctx.region
  )
  if (ids?.length) {
    checkIds('analysis', ids, id => !!ownAnalysis(ctx, id))
    stored = [...new Set(ids)].map(id => ownAnalysis(ctx, id)!)
  }
  const from = input.AnalysisStartTime?.getTime() ?? Number.NEGATIVE_INFINITY
  const to = input.AnalysisEndTime?.getTime() ?? Number.POSITIVE_INFINITY
  const matching = stored
    .filter(
      a => !input.NetworkInsightsPathId || a.analysis.NetworkInsightsPathId === input.NetworkInsightsPathId
    )
    .map(a => materializeAnalysis(a, ctx.now))
    .filter(a => {
      const start = a.StartDate ? new Date(a.StartDate).getTime() : 0
      return start >= from && start <= to
    })
    .filter(a =>
      matchesFilters(a as Record<string, unknown>, AwsWorld.tags(a), input.Filters, ANALYSIS_FILTERS as never)
    )
  const { page, nextToken } = ids?.length
    ? { page: matching, nextToken: undefined }
    : paginate(ctx, 'DescribeNetworkInsightsAnalyses', matching, raw, { min: 1, max: 100 })
  return { NetworkInsightsAnalyses: page, ...(nextToken ? { NextToken: nextToken } : {}) }
}

const deleteNetworkInsightsPath: Handler = (ctx, input) => {
  dryRun(input)
  applyExternalDeletions(ctx.world, ctx.knobs, ctx.now)
  const id = input.NetworkInsightsPathId as string | undefined
  if (!id)
    throw new AwsError('MissingParameter', 'The request must contain the parameter NetworkInsightsPathId')
  checkIds('path', [id], i => !!ownPath(ctx, i))
  const blocking = [...ctx.world.analyses.values()]
    .filter(a => a.analysis.NetworkInsightsPathId === id)
    .map(a => a.analysis.NetworkInsightsAnalysisId)
  if (blocking.length) {
    // As AWS answers (seen in terraform-provider-aws#28330): analyses must be deleted first.
    throw new AwsError(
      'AnalysisExistsForNetworkInsightsPath',
      `At least one analysis [${blocking.join(', ')}] exists for path ${id}. Delete all the analyses before deleting this network path.`
    )
  }
  ctx.world.paths.delete(id)
  return { NetworkInsightsPathId: id }
}

const deleteNetworkInsightsAnalysis: Handler = (ctx, input) => {
  dryRun(input)
  applyExternalDeletions(ctx.world, ctx.knobs, ctx.now)
  const id = input.NetworkInsightsAnalysisId as string | undefined
  if (!id)
    throw new AwsError('MissingParameter', 'The request must contain the parameter NetworkInsightsAnalysisId')
  checkIds('analysis', [id], i => !!ownAnalysis(ctx, i))
  ctx.world.analyses.delete(id)
  return { NetworkInsightsAnalysisId: id }
}

// ---------------------------------------------------------------------------------------------------------------
// Tags on any resource of the caller's account and Region.

function taggable(ctx: Ec2Context, id: string): Tag[] {
  const scopeTags = naaTaggable(ctx, id)
  if (scopeTags) return scopeTags
  if (id.startsWith('nip-')) {
    checkIds('path', [id], i => !!ownPath(ctx, i))
    return AwsWorld.tags(ownPath(ctx, id)!.path)
  }
  if (id.startsWith('nia-')) {
    checkIds('analysis', [id], i => !!ownAnalysis(ctx, i))
    return AwsWorld.tags(ownAnalysis(ctx, id)!.analysis)
  }
  const res = ctx.world.catalog.get(id)
  const own = res && res.accountId === ctx.accountId && res.region === ctx.region ? res : undefined
  if (!own) {
    // Another account's resource is as invisible as a missing one.
    const kind = KIND_ID_PREFIXES.find(([prefix]) => id.startsWith(prefix))?.[1]
    if (!kind) throw new AwsError('InvalidID', `The ID '${id}' is not valid`)
    checkIds(kind, [id], () => false)
  }
  return tagsOf(own!.kind, own!.object)
}

const createTags: Handler = (ctx, raw) => {
  const input = raw as unknown as CreateTagsRequest
  dryRun(raw)
  applyExternalDeletions(ctx.world, ctx.knobs, ctx.now)
  const tags = input.Tags ?? []
  checkTagKeys(tags)
  const lists = (input.Resources ?? []).map(id => taggable(ctx, id))
  for (const list of lists) {
    for (const t of tags) {
      const existing = list.find(e => e.Key === t.Key)
      if (existing) existing.Value = t.Value ?? ''
      else list.push({ Key: t.Key, Value: t.Value ?? '' })
    }
    if (list.length > 50)
      throw new AwsError('TagLimitExceeded', 'The maximum number of tags for a resource is 50.')
  }
  return {}
}

const deleteTags: Handler = (ctx, raw) => {
  const input = raw as unknown as DeleteTagsRequest
  dryRun(raw)
  applyExternalDeletions(ctx.world, ctx.knobs, ctx.now)
  const lists = (input.Resources ?? []).map(id => taggable(ctx, id))
  for (const list of lists) {
    const keep = list.filter(
      t =>
        input.Tags !== undefined &&
        !input.Tags.some(d => d.Key === t.Key && (d.Value === undefined || d.Value === t.Value))
    )
    list.splice(0, list.length, ...keep)
  }
  return {}
}

// ---------------------------------------------------------------------------------------------------------------

const describeBucket = (idsParam: string) => (input: Input) => {
  const ids = input[idsParam] as unknown[] | undefined
  const filtered =
    (input.Filters as unknown[] | undefined)?.length || ids?.length || input.MaxResults !== undefined
  return filtered ? ('nonMutating' as const) : ('unfilteredDescribe' as const)
}

const mutating = () => 'mutating' as const

const op = (schema: unknown): OperationSchema => schema as OperationSchema

export const EC2_ACTIONS: Record<string, Ec2Action> = {
  DescribeInstances: {
    op: op(DescribeInstances$),
    handler: describeInstances,
    bucket: describeBucket('InstanceIds')
  },
  DescribeNetworkInterfaces: {
    op: op(DescribeNetworkInterfaces$),
    handler: describeHandler({
      action: 'DescribeNetworkInterfaces',
      kind: 'network-interface',
      idsParam: 'NetworkInterfaceIds',
      outputMember: 'NetworkInterfaces',
      limits: { min: 5, max: 1000 },
      idsExcludeMaxResults: 'networkInterfaceIdSet'
    }),
    bucket: describeBucket('NetworkInterfaceIds')
  },
  DescribeInternetGateways: {
    op: op(DescribeInternetGateways$),
    handler: describeHandler({
      action: 'DescribeInternetGateways',
      kind: 'internet-gateway',
      idsParam: 'InternetGatewayIds',
      outputMember: 'InternetGateways',
      limits: { min: 5, max: 1000 }
    }),
    bucket: describeBucket('InternetGatewayIds')
  },
  DescribeVpnGateways: {
    op: op(DescribeVpnGateways$),
    handler: describeHandler({
      action: 'DescribeVpnGateways',
      kind: 'vpn-gateway',
      idsParam: 'VpnGatewayIds',
      outputMember: 'VpnGateways'
    }),
    bucket: describeBucket('VpnGatewayIds')
  },
  DescribeTransitGateways: {
    op: op(DescribeTransitGateways$),
    handler: describeHandler({
      action: 'DescribeTransitGateways',
      kind: 'transit-gateway',
      idsParam: 'TransitGatewayIds',
      outputMember: 'TransitGateways',
      limits: { min: 5, max: 1000 }
    }),
    bucket: describeBucket('TransitGatewayIds')
  },
  DescribeTransitGatewayAttachments: {
    op: op(DescribeTransitGatewayAttachments$),
    handler: describeHandler({
      action: 'DescribeTransitGatewayAttachments',
      kind: 'transit-gateway-attachment',
      idsParam: 'TransitGatewayAttachmentIds',
      outputMember: 'TransitGatewayAttachments',
      limits: { min: 5, max: 1000 }
    }),
    bucket: describeBucket('TransitGatewayAttachmentIds')
  },
  DescribeVpcEndpoints: {
    op: op(DescribeVpcEndpoints$),
    handler: describeHandler({
      action: 'DescribeVpcEndpoints',
      kind: 'vpc-endpoint',
      idsParam: 'VpcEndpointIds',
      outputMember: 'VpcEndpoints',
      limits: { min: 1, max: 1000 }
    }),
    bucket: describeBucket('VpcEndpointIds')
  },
  DescribeVpcEndpointServiceConfigurations: {
    op: op(DescribeVpcEndpointServiceConfigurations$),
    handler: describeHandler({
      action: 'DescribeVpcEndpointServiceConfigurations',
      kind: 'vpc-endpoint-service',
      idsParam: 'ServiceIds',
      outputMember: 'ServiceConfigurations',
      limits: { min: 5, max: 1000 }
    }),
    bucket: describeBucket('ServiceIds')
  },
  DescribeVpcPeeringConnections: {
    op: op(DescribeVpcPeeringConnections$),
    handler: describeHandler({
      action: 'DescribeVpcPeeringConnections',
      kind: 'vpc-peering-connection',
      idsParam: 'VpcPeeringConnectionIds',
      outputMember: 'VpcPeeringConnections',
      limits: { min: 5, max: 1000 }
    }),
    bucket: describeBucket('VpcPeeringConnectionIds')
  },
  DescribeSubnets: {
    op: op(DescribeSubnets$),
    handler: describeHandler({
      action: 'DescribeSubnets',
      kind: 'subnet',
      idsParam: 'SubnetIds',
      outputMember: 'Subnets',
      limits: { min: 5, max: 1000 }
    }),
    bucket: describeBucket('SubnetIds')
  },
  DescribeVpcs: {
    op: op(DescribeVpcs$),
    handler: describeHandler({
      action: 'DescribeVpcs',
      kind: 'vpc',
      idsParam: 'VpcIds',
      outputMember: 'Vpcs',
      limits: { min: 5, max: 1000 }
    }),
    bucket: describeBucket('VpcIds')
  },
  DescribeNatGateways: {
    op: op(DescribeNatGateways$),
    handler: describeHandler({
      action: 'DescribeNatGateways',
      kind: 'nat-gateway',
      idsParam: 'NatGatewayIds',
      outputMember: 'NatGateways',
      limits: { min: 5, max: 1000 },
      filtersParam: 'Filter'
    }),
    bucket: describeBucket('NatGatewayIds')
  },
  CreateNetworkInsightsPath: {
    op: op(CreateNetworkInsightsPath$),
    handler: createNetworkInsightsPath,
    bucket: mutating
  },
  DescribeNetworkInsightsPaths: {
    op: op(DescribeNetworkInsightsPaths$),
    handler: describeNetworkInsightsPaths,
    bucket: describeBucket('NetworkInsightsPathIds')
  },
  DeleteNetworkInsightsPath: {
    op: op(DeleteNetworkInsightsPath$),
    handler: deleteNetworkInsightsPath,
    bucket: mutating
  },
  StartNetworkInsightsAnalysis: {
    op: op(StartNetworkInsightsAnalysis$),
    handler: startNetworkInsightsAnalysis,
    bucket: mutating
  },
  DescribeNetworkInsightsAnalyses: {
    op: op(DescribeNetworkInsightsAnalyses$),
    handler: describeNetworkInsightsAnalyses,
    bucket: describeBucket('NetworkInsightsAnalysisIds')
  },
  DeleteNetworkInsightsAnalysis: {
    op: op(DeleteNetworkInsightsAnalysis$),
    handler: deleteNetworkInsightsAnalysis,
    bucket: mutating
  },
  ...NAA_ACTIONS,
  CreateTags: { op: op(CreateTags$), handler: createTags, bucket: mutating },
  DeleteTags: { op: op(DeleteTags$), handler: deleteTags, bucket: mutating }
}
