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
import { awsErrorCode } from '../aws/errors.js'
import { partitionOf } from '../aws/partitions.js'
import type { EC2Client, Filter } from '@aws-sdk/client-ec2'
import { errorMessage } from '../auth/errors.js'
import type { AwsClientProvider } from '../auth/types.js'
import {
  DEFAULT_MAX_MEMBERS,
  KIND_ARN_TYPES,
  type Endpoint,
  type Resolution,
  type ResolvedTarget,
  type ResourceKind,
  type SelectorScope
} from '../model.js'
import { KIND_RECIPES, type Candidate, type KindRecipe } from './kinds.js'
import { resolveManagedEndpoints, type ManagedResolveOptions } from './managed/index.js'
import { describeScopeRef, fetchScopeTable, idsOf, type ScopeTable } from './scopes.js'

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
  /** Listings by subnet / VPC for scoped selectors without tags, by scope key. */
  scopeLists: Map<string, Filter>
}

type KindResult =
  | {
      ok: true
      byId: Map<string, Candidate>
      tagged: Candidate[]
      tagKeys: string[]
      scoped: Map<string, Candidate[]>
    }
  | { ok: false; error: string }

/** A tag selector's `within` turned into id sets (undefined: not scoped that way). */
interface ScopeIds {
  subnets?: Set<string>
  vpcs?: Set<string>
  /** "subnets tagged Tier=private (2: subnet-…, subnet-…)" for messages. */
  text: string
}

const scopeKey = (filter: Filter): string => `${filter.Name}=${(filter.Values ?? []).join(',')}`

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

export { partitionOf }

function codeOf(error: unknown): string {
  return awsErrorCode(error) ?? 'Error'
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
      plan = { ids: new Set(), tagKeys: new Set(), scopeLists: new Map() }
      plans.set(kind, plan)
    }
    return plan
  }
  // Subnets and VPCs named by tags: one listing each for the whole account+Region.
  const scoped = group.endpoints.flatMap(e =>
    e.selector.by === 'tags' && e.selector.within ? [e.selector.within] : []
  )
  const tagKeysOf = (which: 'subnet' | 'vpc') =>
    scoped.flatMap(w => {
      const ref = w[which]
      return ref?.by === 'tags' ? Object.keys(ref.tags) : []
    })
  let scopeTable: ScopeTable = { subnets: [], vpcs: [] }
  let scopeError: string | undefined
  if (tagKeysOf('subnet').length > 0 || tagKeysOf('vpc').length > 0) {
    try {
      scopeTable = await fetchScopeTable(client, tagKeysOf('subnet'), tagKeysOf('vpc'))
    } catch (error) {
      scopeError = `DescribeSubnets/DescribeVpcs failed in ${where} (${codeOf(error)}: ${errorMessage(error)}). The role needs ec2:DescribeSubnets and ec2:DescribeVpcs for subnet/vpc tags.`
    }
  }

  const lookups: Array<{
    endpoint: Endpoint
    id?: { kind: ResourceKind; resourceId: string }
    scope?: ScopeIds
  }> = []
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
      let scope: ScopeIds | undefined
      if (selector.within) {
        if (scopeError) {
          results.set(endpoint, { ok: false, error: scopeError })
          continue
        }
        scope = scopeIds(selector.within, scopeTable)
      }
      const tagged = Object.keys(selector.tags).length > 0
      if (tagged) {
        for (const kind of selector.kinds)
          for (const key of Object.keys(selector.tags)) planFor(kind).tagKeys.add(key)
      } else if (scope) {
        // No tags: list each kind by the scope's subnets (else VPCs) and keep what lies in all scopes.
        const unlistable = selector.kinds.filter(kind => {
          const filters = KIND_RECIPES[kind].scopeFilters
          return !(scope!.subnets && filters?.subnet) && !(scope!.vpcs && filters?.vpc)
        })
        if (unlistable.length > 0) {
          results.set(endpoint, {
            ok: false,
            error: `${unlistable.map(k => KIND_LABELS[k]).join(', ')} cannot be listed by ${scope.subnets ? 'subnet' : 'VPC'}; add tags to the selector, or set kind: instance or network-interface`
          })
          continue
        }
        for (const kind of selector.kinds) {
          const filter = scopeListing(kind, scope)
          if (filter && (filter.Values ?? []).length > 0)
            planFor(kind).scopeLists.set(scopeKey(filter), filter)
        }
      }
      lookups.push({ endpoint, scope })
    }
  }

  const fetched = new Map<ResourceKind, KindResult>()
  await Promise.all(
    [...plans].map(async ([kind, plan]) => {
      fetched.set(kind, await fetchKind(client, KIND_RECIPES[kind], plan, where, log))
    })
  )

  for (const { endpoint, id, scope } of lookups) {
    const context = { endpoint, accountId, where }
    results.set(
      endpoint,
      id
        ? resolveId(id.kind, id.resourceId, fetched, context)
        : resolveTags(endpoint, fetched, context, scope)
    )
  }
}

function scopeIds(within: SelectorScope, table: ScopeTable): ScopeIds {
  const parts: string[] = []
  const scope: ScopeIds = { text: '' }
  if (within.subnet) {
    const ids = idsOf(within.subnet, table.subnets)
    scope.subnets = new Set(ids)
    parts.push(
      within.subnet.by === 'tags'
        ? `${describeScopeRef(within.subnet, 'subnet')} (${ids.length === 0 ? 'none found' : ids.join(', ')})`
        : describeScopeRef(within.subnet, 'subnet')
    )
  }
  if (within.vpc) {
    const ids = idsOf(within.vpc, table.vpcs)
    scope.vpcs = new Set(ids)
    parts.push(
      within.vpc.by === 'tags'
        ? `${describeScopeRef(within.vpc, 'VPC')} (${ids.length === 0 ? 'none found' : ids.join(', ')})`
        : describeScopeRef(within.vpc, 'VPC')
    )
  }
  scope.text = parts.join(' and ')
  return scope
}

/** The listing of one kind for a scoped selector without tags: by subnet when it can, else by VPC. */
function scopeListing(kind: ResourceKind, scope: ScopeIds): Filter | undefined {
  const filters = KIND_RECIPES[kind].scopeFilters
  if (scope.subnets && filters?.subnet) return { Name: filters.subnet, Values: [...scope.subnets].sort() }
  if (scope.vpcs && filters?.vpc) return { Name: filters.vpc, Values: [...scope.vpcs].sort() }
  return undefined
}

function inScope(candidate: Candidate, scope: ScopeIds | undefined): boolean {
  if (!scope) return true
  if (scope.subnets && !(candidate.subnetId && scope.subnets.has(candidate.subnetId))) return false
  if (scope.vpcs && !(candidate.vpcId && scope.vpcs.has(candidate.vpcId))) return false
  return true
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
  const scoped = new Map<string, Candidate[]>()
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
    for (const [key, filter] of plan.scopeLists) {
      const found: Candidate[] = []
      for (const values of chunk(filter.Values ?? [], MAX_FILTER_VALUES))
        found.push(...(await list([{ Name: filter.Name, Values: values }])))
      scoped.set(key, found)
      for (const candidate of found) byId.set(candidate.id, candidate)
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
    return { ok: true, byId, tagged: [...tagged.values()], tagKeys, scoped }
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
  context: LookupContext,
  scope?: ScopeIds
): Resolution {
  const selector = endpoint.selector
  if (selector.by !== 'tags') return { ok: false, error: 'internal: not a tag selector' }
  const matches: Candidate[] = []
  const gone: Candidate[] = []
  const searched: string[] = []
  const byTags = Object.keys(selector.tags).length > 0
  for (const kind of selector.kinds) {
    const recipe = KIND_RECIPES[kind]
    const listing = !byTags && scope ? scopeListing(kind, scope) : undefined
    if (!byTags && (!listing || (listing.Values ?? []).length === 0)) {
      searched.push(
        `no ${KIND_LABELS[kind]} listing (the scope names no ${scope?.subnets ? 'subnet' : 'VPC'})`
      )
      continue
    }
    const result = fetched.get(kind)
    if (!result) return { ok: false, error: `internal: ${kind} was not described` }
    if (!result.ok) return { ok: false, error: result.error }
    const candidates = byTags ? result.tagged : (result.scoped.get(scopeKey(listing!)) ?? [])
    searched.push(
      !byTags
        ? `${recipe.operation} with ${scopeKey(listing!)}`
        : recipe.tagKeyFilter
          ? `${recipe.operation} with tag-key=${result.tagKeys.join(',')}`
          : `${recipe.operation} (all, matched locally)`
    )
    for (const candidate of candidates) {
      if (!tagsMatch(candidate.tags, selector.tags) || !inScope(candidate, scope)) continue
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
  const tags = byTags ? `the tags ${formatTags(selector.tags)}` : 'any tags'
  const within = scope ? ` in ${scope.text}` : ''
  if (distinct.length === 0) {
    const ignored =
      gone.length > 0
        ? ` Ignored because they are gone: ${gone.map(c => `${c.id} (${c.gone})`).join(', ')}.`
        : ''
    return {
      ok: false,
      error:
        `No ${kinds} in ${context.where} has ${tags}${within} (searched ${searched.join('; ')}).${ignored} ` +
        `Check the tag keys and values (case-sensitive)${scope ? ', the subnet/vpc scope' : ''}, the account and the region.`
    }
  }
  const grouping = groupingOf(endpoint)
  const line = endpoint.location.line
  const what = `${byTags ? formatTags(selector.tags) : kinds}${within}`
  if (grouping === 'one') {
    if (distinct.length > 1) {
      const explicit = endpoint.match === 'one'
      return {
        ok: false,
        error:
          `The ${endpoint.role} selector on line ${line} (${what}) matches ${distinct.length} resources in ${context.where}: ${listCandidates(distinct)}. ` +
          (endpoint.role === 'source' || endpoint.role === 'destination'
            ? 'A selector matches exactly one unless it says `match: each` (every one must satisfy the assertion) or `match: any` (at least one must); or add a tag that tells them apart, set `kind:`, or use resource_id.'
            : explicit
              ? 'It says `match: one`; remove it to treat the matches as alternatives, or narrow the selector.'
              : 'Narrow the selector.')
      }
    }
    return { ok: true, target: toTarget(distinct[0], context) }
  }
  const maxMembers = endpoint.maxMembers ?? DEFAULT_MAX_MEMBERS
  if (distinct.length > maxMembers) {
    return {
      ok: false,
      error:
        `The ${endpoint.role} selector on line ${line} (${what}) matches ${distinct.length} resources in ${context.where}, more than max_members (${maxMembers}): ${listCandidates(distinct)}. ` +
        'Narrow it (subnet:, vpc:, another tag) or raise max_members if every one is meant.'
    }
  }
  const members = distinct
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(c => toTarget(c, context))
  return {
    ok: true,
    target: members[0],
    members,
    groupLabel: `${members.length} ${kinds === 'instance or network interface' ? 'resource' : kinds}${members.length === 1 ? '' : 's'} (${what})`
  }
}

/** `one` (exactly one resource), or a group: source/destination with match each/any, via/avoid/through alternatives. */
function groupingOf(endpoint: Endpoint): 'one' | 'group' {
  if (endpoint.match === 'each' || endpoint.match === 'any') return 'group'
  if (endpoint.match === 'one') return 'one'
  return endpoint.role === 'source' || endpoint.role === 'destination' ? 'one' : 'group'
}

function listCandidates(candidates: Candidate[]): string {
  const shown = candidates.slice(0, 10).map(describeCandidate).join(', ')
  return candidates.length > 10 ? `${shown}, … (${candidates.length} in all)` : shown
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
    ...(candidate.subnetId ? { subnetId: candidate.subnetId } : {}),
    ...(candidate.securityGroupIds?.length ? { securityGroupIds: candidate.securityGroupIds } : {}),
    ...(candidate.privateIp ? { privateIp: candidate.privateIp } : {}),
    ...(candidate.tags.Name !== undefined ? { name: candidate.tags.Name } : {}),
    ...(candidate.primaryNetworkInterfaceId
      ? { primaryNetworkInterfaceId: candidate.primaryNetworkInterfaceId }
      : {}),
    ...(warnings.length > 0 ? { warnings } : {})
  }
}
