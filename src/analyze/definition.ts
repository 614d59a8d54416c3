// Whether a path AWS describes is the path a run needs. Tags say who claims a path, not what it is:
// anyone allowed to tag can put our managed and path-hash tags on a path of their own (dev-box → db
// tagged as "api → db tcp/5432"), so a path is reused only when its definition, as
// DescribeNetworkInsightsPaths returns it, equals the definition this run would create.
import type { FilterPortRange, NetworkInsightsPath, PathFilter } from '@aws-sdk/client-ec2'
import { KIND_ARN_TYPES, KIND_ID_PREFIXES, type AnalyzedPath, type PortRange } from '../model.js'
import type { AnalysisPlan } from './plan.js'

/** A resource reference reduced to what identifies it; fields an id alone does not carry stay undefined. */
interface ResourceRef {
  id: string
  type?: string
  partition?: string
  region?: string
  account?: string
}

function idPrefixOfArnType(type: string): string | undefined {
  return KIND_ID_PREFIXES.find(([, kind]) => KIND_ARN_TYPES[kind] === type)?.[0]
}

/** An id or an EC2 ARN as a ResourceRef; undefined for anything else (never equal to ours). */
function refOf(value: string): ResourceRef | undefined {
  if (value === '') return undefined
  if (!value.startsWith('arn:')) {
    const kind = KIND_ID_PREFIXES.find(([prefix]) => value.startsWith(prefix))?.[1]
    return { id: value, type: kind === undefined ? undefined : KIND_ARN_TYPES[kind] }
  }
  const parts = value.split(':')
  if (parts.length !== 6 || parts[2] !== 'ec2') return undefined
  const [, partition, , region, account, resource] = parts as [string, string, string, string, string, string]
  const slash = resource.indexOf('/')
  if (slash <= 0 || resource.indexOf('/', slash + 1) !== -1) return undefined
  const type = resource.slice(0, slash)
  let id = resource.slice(slash + 1)
  if (id === '') return undefined
  // AWS's own sample (RA guide, create-network-insights-path) shows ARNs without the id's prefix:
  // ".../internet-gateway/0797cccdc9d73b0e5" for igw-0797cccdc9d73b0e5.
  const prefix = idPrefixOfArnType(type)
  if (prefix !== undefined && !id.startsWith(prefix)) id = prefix + id
  return { id, type, partition, region, account }
}

/** Same resource: equal ids, and every qualifier both sides know agrees. */
function sameResource(a: ResourceRef, b: ResourceRef): boolean {
  const agree = (x: string | undefined, y: string | undefined) =>
    x === undefined || y === undefined || x === y
  return (
    a.id === b.id &&
    agree(a.type, b.type) &&
    agree(a.partition, b.partition) &&
    agree(a.region, b.region) &&
    agree(a.account, b.account)
  )
}

/**
 * Whether what AWS returned for one end (e.g. Source and SourceArn) names exactly the resource we would
 * send. Every value AWS returned must name it (AWS may return the id, the ARN or both); none may differ.
 */
function endMatches(
  wanted: string | undefined,
  plan: AnalysisPlan,
  observed: Array<string | undefined>
): boolean {
  const present = observed.filter((v): v is string => v !== undefined && v !== '')
  if (wanted === undefined) return present.length === 0
  if (present.length === 0) return false
  const ours = refOf(wanted)
  if (ours === undefined) return false
  // An id we send names a resource of the path's own account and Region.
  const qualified: ResourceRef = wanted.startsWith('arn:')
    ? ours
    : { ...ours, account: plan.accountId, region: plan.region }
  return present.every(value => {
    const theirs = refOf(value)
    return theirs !== undefined && sameResource(qualified, theirs)
  })
}

function rangeKey(range: FilterPortRange | undefined): [number | null, number | null] | null {
  if (range === undefined || (range.FromPort === undefined && range.ToPort === undefined)) return null
  return [range.FromPort ?? null, range.ToPort ?? null]
}

/** A path filter in a canonical form: absent, empty and all-undefined filters are the same. */
function filterKey(filter: PathFilter | undefined): string {
  const text = (value: string | undefined) => (value === undefined || value === '' ? null : value)
  return JSON.stringify([
    text(filter?.SourceAddress),
    rangeKey(filter?.SourcePortRange),
    text(filter?.DestinationAddress),
    rangeKey(filter?.DestinationPortRange)
  ])
}

const optional = (value: string | undefined) => (value === '' ? undefined : value)

/**
 * The fields in which a described path differs from the path a plan needs (empty: the same path).
 * Compares every field that changes what is analysed: Source/SourceArn, Destination/DestinationArn,
 * SourceIp, DestinationIp, Protocol, DestinationPort, FilterAtSource and FilterAtDestination.
 */
export function pathDefinitionDifferences(plan: AnalysisPlan, observed: NetworkInsightsPath): string[] {
  const wanted = plan.path
  const differences: string[] = []
  if (!endMatches(wanted.Source, plan, [observed.Source, observed.SourceArn])) differences.push('Source')
  if (!endMatches(wanted.Destination, plan, [observed.Destination, observed.DestinationArn])) {
    differences.push('Destination')
  }
  // Our paths never set SourceIp; a path that does analyses other traffic.
  if (optional(observed.SourceIp) !== undefined) differences.push('SourceIp')
  if (optional(observed.DestinationIp) !== wanted.DestinationIp) differences.push('DestinationIp')
  if (observed.Protocol !== wanted.Protocol) differences.push('Protocol')
  if (observed.DestinationPort !== wanted.DestinationPort) differences.push('DestinationPort')
  if (filterKey(observed.FilterAtSource) !== filterKey(wanted.FilterAtSource))
    differences.push('FilterAtSource')
  if (filterKey(observed.FilterAtDestination) !== filterKey(wanted.FilterAtDestination)) {
    differences.push('FilterAtDestination')
  }
  return differences
}

/** The destination ports a path definition covers; undefined when it covers every port. */
function portsOf(plan: AnalysisPlan): PortRange | undefined {
  const { DestinationPort, FilterAtSource, FilterAtDestination } = plan.path
  if (DestinationPort !== undefined) return { from: DestinationPort, to: DestinationPort }
  const range = FilterAtDestination?.DestinationPortRange ?? FilterAtSource?.DestinationPortRange
  if (range?.FromPort === undefined || range.ToPort === undefined) return undefined
  return { from: range.FromPort, to: range.ToPort }
}

/** What the verdict is told about the path an analysis ran on. */
export function analyzedPath(plan: AnalysisPlan, id: string, origin: AnalyzedPath['origin']): AnalyzedPath {
  const path: AnalyzedPath = { id, origin, source: plan.path.Source, protocol: plan.path.Protocol }
  if (plan.path.Destination !== undefined) path.destination = plan.path.Destination
  if (plan.path.DestinationIp !== undefined) path.destinationIp = plan.path.DestinationIp
  const ports = portsOf(plan)
  if (ports !== undefined) path.ports = ports
  const sourceAddress = plan.path.FilterAtSource?.SourceAddress
  const destinationAddress = plan.path.FilterAtDestination?.DestinationAddress
  if (sourceAddress) path.sourceAddress = sourceAddress
  if (destinationAddress) path.destinationAddress = destinationAddress
  return path
}
