// Turns a resolved assertion into the exact Reachability Analyzer parameters: the path definition
// (CreateNetworkInsightsPath) and the analysis filters (StartNetworkInsightsAnalysis).
import { partitionOf } from '../aws/partitions.js'
import { createHash } from 'node:crypto'
import type { PathRequestFilter } from '@aws-sdk/client-ec2'
import type { AwsClientProvider } from '../auth/types.js'
import { KIND_ARN_TYPES, type Protocol, type ResolvedTarget } from '../model.js'
import type { AnalysisRequest } from './types.js'

/** Reachability Analyzer's price per analysis, in USD (paths are free). */
export const COST_PER_ANALYSIS_USD = 0.1

/** Estimated cost of starting `analyses` analyses, in USD, rounded to cents. */
export function estimateCost(analyses: number): number {
  return Math.round(analyses * COST_PER_ANALYSIS_USD * 100) / 100
}

/** The CreateNetworkInsightsPath parameters that define a path (tags and client token come on top). */
export interface PathDefinition {
  Source: string
  Destination?: string
  DestinationIp?: string
  Protocol: Protocol
  DestinationPort?: number
  FilterAtSource?: PathRequestFilter
  FilterAtDestination?: PathRequestFilter
}

/** The StartNetworkInsightsAnalysis parameters besides the path. */
export interface AnalysisFilters {
  AdditionalAccounts?: string[]
  FilterInArns?: string[]
  FilterOutArns?: string[]
}

/** Everything needed to run one assertion's analysis, and the keys that let assertions share work. */
export interface AnalysisPlan {
  /** Account name the path and analysis live in: the source's. */
  account: string
  /** That account's 12-digit id: the owner of every resource the path names by id rather than ARN. */
  accountId: string
  region: string
  pathHash: string
  path: PathDefinition
  filters: AnalysisFilters
  /** Equal for assertions whose analyses would be identical (same path, same filters). */
  analysisKey: string
}

/** A request the engine cannot turn into API parameters; the message is meant for the user. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PlanError'
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

function ipOf(target: ResolvedTarget): string | undefined {
  if (target.kind !== 'ip') return undefined
  return target.ip ?? target.resourceId
}

/**
 * The hash identifying a path definition: region, source, destination (resource or IP), protocol,
 * port/range and address filters. Resource ids name one resource, so whether the wire form is an id or an ARN
 * does not enter the hash. 32 hex characters (128 bits): stored as a tag value, compared exactly.
 */
export function pathKey(request: AnalysisRequest): string {
  const { assertion, source, destination } = request
  const definition = {
    v: 1,
    region: assertion.region,
    source: source.resourceId,
    destination: destination.kind === 'ip' ? { ip: ipOf(destination) } : { id: destination.resourceId },
    protocol: assertion.protocol,
    port: assertion.port ? [assertion.port.from, assertion.port.to] : null,
    // Only when present, so the hash of every path without address filters stays what it was.
    ...(assertion.source.address ? { sourceAddress: assertion.source.address } : {}),
    ...(assertion.destination.address ? { destinationAddress: assertion.destination.address } : {})
  }
  return sha256(JSON.stringify(definition)).slice(0, 32)
}

/** Idempotency token for EC2 (at most 64 ASCII characters), derived from its parts. */
export function clientToken(...parts: string[]): string {
  return `np-${sha256(parts.join('|')).slice(0, 40)}`
}

function arnOf(target: ResolvedTarget, ownerAccountId: string): string {
  if (target.arn) return target.arn
  if (target.kind === 'ip') throw new PlanError(`an IP address (${ipOf(target)}) has no ARN`)
  if (target.kind === 'load-balancer' || target.kind === 'network-firewall')
    throw new PlanError(`${target.resourceId} was resolved without its ARN`)
  return `arn:${partitionOf(target.region)}:ec2:${target.region}:${ownerAccountId}:${KIND_ARN_TYPES[target.kind]}/${target.resourceId}`
}

/**
 * Works out the path and filters for one request. The path lives in the source's account; any
 * resource another account owns is named by ARN, and its account goes into AdditionalAccounts.
 */
export async function planAnalysis(
  request: AnalysisRequest,
  clients: AwsClientProvider
): Promise<AnalysisPlan> {
  const { assertion, source, destination } = request
  const homeAccountId = await clients.accountId(source.account)
  const foreignAccounts = new Set<string>()

  const ownerOf = async (target: ResolvedTarget): Promise<string> =>
    target.ownerAccountId ??
    (target.account === source.account ? homeAccountId : await clients.accountId(target.account))

  /** Id when the resource is ours, ARN (plus AdditionalAccounts) when another account owns it. */
  const reference = async (target: ResolvedTarget): Promise<string> => {
    const owner = await ownerOf(target)
    if (owner === homeAccountId) return target.resourceId
    foreignAccounts.add(owner)
    return arnOf(target, owner)
  }
  const arnFor = async (target: ResolvedTarget, role: 'via' | 'avoid'): Promise<string> => {
    if (target.kind === 'ip') {
      throw new PlanError(`assertion ${assertion.id}: ${role} must name a resource, not an IP address`)
    }
    const owner = await ownerOf(target)
    if (owner !== homeAccountId) foreignAccounts.add(owner)
    return arnOf(target, owner)
  }

  if (source.kind === 'ip') {
    throw new PlanError(
      `assertion ${assertion.id}: the source must be a resource; an IP address is only valid as a destination`
    )
  }
  const path: PathDefinition = { Source: await reference(source), Protocol: assertion.protocol }

  const destinationIp = ipOf(destination)
  if (destination.kind === 'ip' && !destinationIp) {
    throw new PlanError(`assertion ${assertion.id}: the IP destination has no address`)
  }
  if (destination.kind !== 'ip') path.Destination = await reference(destination)

  const port = assertion.port
  if (destinationIp) path.DestinationIp = destinationIp
  // Address filters (issue 12): the packet's source address at the source ("from the corporate range"),
  // its destination address at the destination.
  const sourceAddress = assertion.source.address
  const destinationAddress = assertion.destination.address
  const atSource: PathRequestFilter = sourceAddress ? { SourceAddress: sourceAddress } : {}
  const atDestination: PathRequestFilter = destinationAddress
    ? { DestinationAddress: destinationAddress }
    : {}
  if (port && port.from === port.to && !sourceAddress) {
    path.DestinationPort = port.from
  } else if (port) {
    const range = { FromPort: port.from, ToPort: port.to }
    // A range needs a path filter, and so does a single port once FilterAtSource is used: neither filter
    // combines with DestinationPort. FilterAtDestination does not combine with DestinationIp either, and an
    // IP destination has no destination resource to filter at, so there the range is filtered at the source
    // (which allows DestinationIp), as it is when the source filter exists anyway.
    if (destinationIp || sourceAddress) atSource.DestinationPortRange = range
    else atDestination.DestinationPortRange = range
  }
  if (Object.keys(atSource).length > 0) path.FilterAtSource = atSource
  if (Object.keys(atDestination).length > 0) path.FilterAtDestination = atDestination

  const filters: AnalysisFilters = {}
  const viaArns = await Promise.all(request.via.map(target => arnFor(target, 'via')))
  const avoidArns = await Promise.all(request.avoid.map(target => arnFor(target, 'avoid')))
  if (viaArns.length > 0) filters.FilterInArns = viaArns
  if (avoidArns.length > 0) filters.FilterOutArns = avoidArns
  // Cross-account analysis needs AWS Organizations trusted access for Reachability Analyzer, and the
  // analysis must run from the management account or a delegated administrator account.
  if (foreignAccounts.size > 0) filters.AdditionalAccounts = [...foreignAccounts].sort()

  const pathHash = pathKey(request)
  return {
    account: source.account,
    accountId: homeAccountId,
    region: assertion.region,
    pathHash,
    path,
    filters,
    analysisKey: sha256(JSON.stringify({ pathHash, ...filters })).slice(0, 32)
  }
}
