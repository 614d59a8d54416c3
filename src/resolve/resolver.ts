// Selectors → concrete resources, in batches: one pass of describe calls per (account, region, kind),
// shared by every endpoint that needs it, whatever the number of assertions.
//
// Per (account, region, kind):
//   - tag selectors: one listing filtered by `tag-key` = union of their keys (chunks of 200 keys), then
//     each selector matches locally (all its tags, exact values). Kinds whose API lacks `tag-key` are
//     listed whole instead, which also serves their id selectors.
//   - id / ARN selectors not already seen in that listing: one listing filtered by the id filter
//     (chunks of 200 ids).
//   - every page is read (SDK paginators).
// (account, region) groups and the kinds within them run concurrently. Failures stay local: an account
// without credentials fails only its endpoints, a describe that fails only the endpoints of that kind.
import type { EC2Client, Filter } from '@aws-sdk/client-ec2'
import { errorMessage } from '../auth/errors.js'
import type { AwsClientProvider } from '../auth/types.js'
import {
  KIND_ARN_TYPES,
  type Endpoint,
  type Resolution,
  type ResolvedTarget,
  type ResourceKind
} from '../model.js'
import { KIND_RECIPES, type Candidate, type KindRecipe } from './kinds.js'
import { resolveManagedEndpoints, type ManagedResolveOptions } from './managed/index.js'

export interface ResolveOptions extends ManagedResolveOptions {
  /** Debug lines: what was described where, and how many calls it took. */
  log?: (line: string) => void
}

/** AWS rejects more than 200 filter values in one call (FilterLimitExceeded). */
export const MAX_FILTER_VALUES = 200

/** States in which a resource is fully usable; any other (non-gone) state becomes a warning on the target. */
const HEALTHY_STATES: Partial<Record<ResourceKind, string[]>> = {
  instance: ['running'],
  'vpn-gateway': ['available'],
  'transit-gateway': ['available'],
  'transit-gateway-attachment': ['available'],
  'vpc-endpoint': ['available'],
  'vpc-endpoint-service': ['available'],
  'vpc-peering-connection': ['active'],
  'nat-gateway': ['available']
}

const KIND_LABELS: Record<ResourceKind, string> = {
  instance: 'instance',
  'network-interface': 'network interface',
  'internet-gateway': 'internet gateway',
  'vpn-gateway': 'virtual private gateway',
  'transit-gateway': 'transit gateway',
  'transit-gateway-attachment': 'transit gateway attachment',
  'vpc-endpoint': 'VPC endpoint',
  'vpc-endpoint-service': 'VPC endpoint service',
  'vpc-peering-connection': 'VPC peering connection',
  'nat-gateway': 'NAT gateway'
}

interface Group {
  account: string
  region: string
  endpoints: Endpoint[]
}

interface KindPlan {
  ids: Set<string>
  tagKeys: Set<string>
}

type KindResult =
  | { ok: true; byId: Map<string, Candidate>; tagged: Candidate[]; tagKeys: string[] }
  | { ok: false; error: string }

/**
 * Resolves every endpoint; the map's keys are the Endpoint objects given. Never rejects: problems become
 * `{ ok: false, error }` on the endpoints they concern.
 */
export async function resolveEndpoints(
  endpoints: Endpoint[],
  clients: AwsClientProvider,
  options: ResolveOptions = {}
): Promise<Map<Endpoint, Resolution>> {
  const results = new Map<Endpoint, Resolution>()
  const groups = new Map<string, Group>()
  const managed: Endpoint[] = []
  for (const endpoint of endpoints) {
    if (endpoint.selector.by === 'managed') {
      managed.push(endpoint)
      continue
    }
    if (endpoint.selector.by === 'ip') {
      const ip = endpoint.selector.ip
      results.set(endpoint, {
        ok: true,
        target: { kind: 'ip', resourceId: ip, ip, account: endpoint.account, region: endpoint.region }
      })
      continue
    }
    const key = `${endpoint.account}\u0000${endpoint.region}`
    let group = groups.get(key)
    if (!group) {
      group = { account: endpoint.account, region: endpoint.region, endpoints: [] }
      groups.set(key, group)
    }
    group.endpoints.push(endpoint)
  }
  await Promise.all([
    ...[...groups.values()].map(group => resolveGroup(group, clients, results, options.log)),
    resolveManagedEndpoints(managed, clients, results, options)
  ])
  return results
}

/** The partition of a region, for ARNs. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

function codeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'Error'
  const shaped = error as { Code?: unknown; name?: unknown }
  if (typeof shaped.Code === 'string') return shaped.Code
  return typeof shaped.name === 'string' ? shaped.name : 'Error'
}

function formatTags(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ')
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size))
  return chunks
}

async function resolveGroup(
  group: Group,
  clients: AwsClientProvider,
  results: Map<Endpoint, Resolution>,
  log: ((line: string) => void) | undefined
): Promise<void> {
  const failAll = (error: string): void => {
    for (const endpoint of group.endpoints) results.set(endpoint, { ok: false, error })
  }
  let accountId: string
  let client: EC2Client
  try {
    accountId = await clients.accountId(group.account)
    client = await clients.ec2(group.account, group.region)
  } catch (error) {
    const message = errorMessage(error)
    failAll(message.includes(`"${group.account}"`) ? message : `account "${group.account}": ${message}`)
    return
  }
  const where = `account ${group.account} (${accountId}), region ${group.region}`

  const plans = new Map<ResourceKind, KindPlan>()
  const planFor = (kind: ResourceKind): KindPlan => {
    let plan = plans.get(kind)
    if (!plan) {
      plan = { ids: new Set(), tagKeys: new Set() }
      plans.set(kind, plan)
    }
    return plan
  }
  const lookups: Array<{ endpoint: Endpoint; id?: { kind: ResourceKind; resourceId: string } }> = []
  for (const endpoint of group.endpoints) {
    const selector = endpoint.selector
    if (selector.by === 'arn') {
      const problem = arnProblem(selector, endpoint, accountId)
      if (problem) {
        results.set(endpoint, { ok: false, error: problem })
        continue
      }
    }
    if (selector.by === 'arn' || selector.by === 'resource_id') {
      planFor(selector.kind).ids.add(selector.resourceId)
      lookups.push({ endpoint, id: { kind: selector.kind, resourceId: selector.resourceId } })
    } else if (selector.by === 'tags') {
      for (const kind of selector.kinds)
        for (const key of Object.keys(selector.tags)) planFor(kind).tagKeys.add(key)
      lookups.push({ endpoint })
    }
  }

  const fetched = new Map<ResourceKind, KindResult>()
  await Promise.all(
    [...plans].map(async ([kind, plan]) => {
      fetched.set(kind, await fetchKind(client, KIND_RECIPES[kind], plan, where, log))
    })
  )

  for (const { endpoint, id } of lookups) {
    const context = { endpoint, accountId, where }
    results.set(
      endpoint,
      id ? resolveId(id.kind, id.resourceId, fetched, context) : resolveTags(endpoint, fetched, context)
    )
  }
}

function arnProblem(
  selector: Extract<Endpoint['selector'], { by: 'arn' }>,
  endpoint: Endpoint,
  accountId: string
): string | undefined {
  if (selector.accountId !== accountId) {
    return (
      `${selector.arn} belongs to account ${selector.accountId}, but account "${endpoint.account}" is ${accountId} ` +
      '(confirmed by GetCallerIdentity). Declare the endpoint under the account that owns the resource, or select it by resource_id.'
    )
  }
  if (selector.region !== endpoint.region) {
    return `${selector.arn} is in region ${selector.region}, but this endpoint resolves in ${endpoint.region}. Set \`region: ${selector.region}\` on the endpoint, or fix the ARN.`
  }
  return undefined
}

async function fetchKind(
  client: EC2Client,
  recipe: KindRecipe,
  plan: KindPlan,
  where: string,
  log: ((line: string) => void) | undefined
): Promise<KindResult> {
  const byId = new Map<string, Candidate>()
  const tagged = new Map<string, Candidate>()
  const tagKeys = [...plan.tagKeys].sort()
  let pages = 0
  const list = async (filters: Filter[]): Promise<Candidate[]> => {
    const items: Candidate[] = []
    for await (const page of recipe.describe(client, filters)) {
      pages++
      items.push(...page)
    }
    return items
  }
  try {
    let listedEverything = false
    if (tagKeys.length > 0) {
      if (recipe.tagKeyFilter) {
        for (const keys of chunk(tagKeys, MAX_FILTER_VALUES)) {
          for (const candidate of await list([{ Name: 'tag-key', Values: keys }]))
            tagged.set(candidate.id, candidate)
        }
      } else {
        for (const candidate of await list([])) tagged.set(candidate.id, candidate)
        listedEverything = true
      }
      for (const candidate of tagged.values()) byId.set(candidate.id, candidate)
    }
    const unseen = [...plan.ids].filter(id => !byId.has(id)).sort()
    if (!listedEverything) {
      for (const ids of chunk(unseen, MAX_FILTER_VALUES)) {
        for (const candidate of await list([{ Name: recipe.idFilter, Values: ids }]))
          byId.set(candidate.id, candidate)
      }
    }
    log?.(
      `resolve: ${where}: ${recipe.operation} read ${pages} page(s) for ${plan.ids.size} id(s) and ${tagKeys.length} tag key(s); ${byId.size} resource(s)`
    )
    return { ok: true, byId, tagged: [...tagged.values()], tagKeys }
  } catch (error) {
    const code = codeOf(error)
    const hint = /Unauthorized|AccessDenied/.test(code)
      ? ` The role needs ${recipe.action} (\`network-preflight iam-policy\` prints the full policy).`
      : /Throttl|RequestLimitExceeded/.test(code)
        ? ' EC2 kept throttling beyond the SDK retries; re-run, or lower the concurrency.'
        : ''
    const message = `${recipe.operation} failed in ${where} (${code}: ${errorMessage(error)}).${hint}`
    log?.(`resolve: ${message}`)
    return { ok: false, error: message }
  }
}

interface LookupContext {
  endpoint: Endpoint
  accountId: string
  where: string
}

function resolveId(
  kind: ResourceKind,
  resourceId: string,
  fetched: Map<ResourceKind, KindResult>,
  context: LookupContext
): Resolution {
  const result = fetched.get(kind)
  if (!result) return { ok: false, error: `internal: ${kind} was not described` }
  if (!result.ok) return { ok: false, error: result.error }
  const recipe = KIND_RECIPES[kind]
  const candidate = result.byId.get(resourceId)
  if (!candidate) {
    return {
      ok: false,
      error:
        `${KIND_LABELS[kind]} ${resourceId} not found in ${context.where} (searched ${recipe.operation} with ` +
        `${recipe.idFilter}=${resourceId}). Check the id, the account and the region.`
    }
  }
  if (candidate.gone) {
    return {
      ok: false,
      error: `${resourceId} is ${candidate.gone} (${context.where}): a ${candidate.gone} ${KIND_LABELS[kind]} cannot be analyzed. Update the selector.`
    }
  }
  return { ok: true, target: toTarget(candidate, context) }
}

function tagsMatch(resourceTags: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([key, value]) => resourceTags[key] === value)
}

function describeCandidate(candidate: Candidate): string {
  const name = candidate.tags.Name
  return name !== undefined ? `${candidate.id} (${name})` : `${candidate.id} (no Name tag)`
}

function resolveTags(
  endpoint: Endpoint,
  fetched: Map<ResourceKind, KindResult>,
  context: LookupContext
): Resolution {
  const selector = endpoint.selector
  if (selector.by !== 'tags') return { ok: false, error: 'internal: not a tag selector' }
  const matches: Candidate[] = []
  const gone: Candidate[] = []
  const searched: string[] = []
  for (const kind of selector.kinds) {
    const result = fetched.get(kind)
    if (!result) return { ok: false, error: `internal: ${kind} was not described` }
    if (!result.ok) return { ok: false, error: result.error }
    const recipe = KIND_RECIPES[kind]
    searched.push(
      recipe.tagKeyFilter
        ? `${recipe.operation} with tag-key=${result.tagKeys.join(',')}`
        : `${recipe.operation} (all, matched locally)`
    )
    for (const candidate of result.tagged) {
      if (!tagsMatch(candidate.tags, selector.tags)) continue
      ;(candidate.gone ? gone : matches).push(candidate)
    }
  }
  // An instance and its own network interfaces often carry the same tags (launch templates tag both):
  // that is one machine, so the instance wins.
  const matchedInstances = new Set(matches.filter(c => c.kind === 'instance').map(c => c.id))
  const distinct = matches.filter(
    c =>
      !(c.kind === 'network-interface' && c.attachedInstanceId && matchedInstances.has(c.attachedInstanceId))
  )

  const kinds = selector.kinds.map(kind => KIND_LABELS[kind]).join(' or ')
  const tags = formatTags(selector.tags)
  if (distinct.length === 0) {
    const ignored =
      gone.length > 0
        ? ` Ignored because they are gone: ${gone.map(c => `${c.id} (${c.gone})`).join(', ')}.`
        : ''
    return {
      ok: false,
      error:
        `No ${kinds} in ${context.where} has the tags ${tags} (searched ${searched.join('; ')}).${ignored} ` +
        'Check the tag keys and values (case-sensitive), the account and the region.'
    }
  }
  if (distinct.length > 1) {
    return {
      ok: false,
      error:
        `The tags ${tags} match ${distinct.length} resources in ${context.where}: ${distinct.map(describeCandidate).join(', ')}. ` +
        'A selector must match exactly one: add a tag that tells them apart, set `kind:`, or use resource_id.'
    }
  }
  return { ok: true, target: toTarget(distinct[0], context) }
}

function toTarget(candidate: Candidate, context: LookupContext): ResolvedTarget {
  const { endpoint, accountId } = context
  const owner = candidate.ownerId ?? accountId
  const warnings: string[] = []
  const healthy = HEALTHY_STATES[candidate.kind]
  if (healthy && candidate.state !== undefined && !healthy.includes(candidate.state.toLowerCase())) {
    warnings.push(
      candidate.kind === 'instance'
        ? `instance ${candidate.id} is ${candidate.state}: the analysis still checks its network configuration, but nothing answers until it runs`
        : `${KIND_LABELS[candidate.kind]} ${candidate.id} is ${candidate.state}`
    )
  }
  if (candidate.kind === 'instance' && !candidate.primaryNetworkInterfaceId) {
    warnings.push(`instance ${candidate.id} reports no primary network interface (device index 0)`)
  }
  return {
    kind: candidate.kind,
    resourceId: candidate.id,
    arn: `arn:${partitionOf(endpoint.region)}:ec2:${endpoint.region}:${owner}:${KIND_ARN_TYPES[candidate.kind]}/${candidate.id}`,
    ownerAccountId: owner,
    account: endpoint.account,
    region: endpoint.region,
    ...(candidate.vpcId ? { vpcId: candidate.vpcId } : {}),
    ...(candidate.tags.Name !== undefined ? { name: candidate.tags.Name } : {}),
    ...(candidate.primaryNetworkInterfaceId
      ? { primaryNetworkInterfaceId: candidate.primaryNetworkInterfaceId }
      : {}),
    ...(warnings.length > 0 ? { warnings } : {})
  }
}
