// The ends of a Network Access Analyzer scope from a set assertion's endpoints: resource types for the
// internet, subnet or VPC ids for `subnet:` / `vpc:` scoping (so resources added later are covered too),
// resolved resource ids otherwise, addresses for `ip` and `address`.
import type { AwsClientProvider } from '../auth/types.js'
import type {
  Assertion,
  Endpoint,
  Resolution,
  ResolvedTarget,
  ScopeEnd,
  ScopeRequest,
  SelectorScope
} from '../model.js'
import { describeScopeRef, fetchScopeTable, idsOf, type ScopeTable } from './scopes.js'

/** A tag selector with no tags, only `subnet:`/`vpc:`: the scope names the subnets (VPCs) themselves. */
export function isAreaEndpoint(endpoint: Endpoint): boolean {
  const s = endpoint.selector
  return s.by === 'tags' && Object.keys(s.tags).length === 0 && s.within !== undefined
}

/** The endpoints of a scope-proved assertion that the ordinary resolver must resolve. */
export function scopeEndpointsToResolve(assertion: Assertion): Endpoint[] {
  return [assertion.source, assertion.destination, ...assertion.via, ...assertion.avoid].filter(
    e => !e.internet && !isAreaEndpoint(e) && e.selector.by !== 'ip'
  )
}

/** Id NAA accepts for a resolved resource: load balancers and firewalls by ARN, the rest by id. */
function statementId(target: ResolvedTarget): string {
  return (target.kind === 'load-balancer' || target.kind === 'network-firewall') && target.arn
    ? target.arn
    : target.resourceId
}

function resolvedIds(resolution: Resolution | undefined, role: string): string[] | string {
  if (!resolution) return `${role} was not resolved`
  if (!resolution.ok) return `${role}: ${resolution.error}`
  return [...new Set((resolution.members ?? [resolution.target]).map(statementId))]
}

/** Builds the scope request of one assertion; a string is the problem that makes it an error. */
export async function scopeRequestFor(
  assertion: Assertion,
  resolutions: Map<Endpoint, Resolution>,
  clients: AwsClientProvider
): Promise<ScopeRequest | string> {
  const { account, region } = assertion.source
  const tableFor = async (endpoint: Endpoint, within: SelectorScope): Promise<ScopeTable> => {
    const subnetKeys = within.subnet?.by === 'tags' ? Object.keys(within.subnet.tags) : []
    const vpcKeys = within.vpc?.by === 'tags' ? Object.keys(within.vpc.tags) : []
    if (!subnetKeys.length && !vpcKeys.length) return { subnets: [], vpcs: [] }
    return fetchScopeTable(await clients.ec2(endpoint.account, endpoint.region), subnetKeys, vpcKeys)
  }

  const endOf = async (endpoint: Endpoint): Promise<ScopeEnd | string> => {
    const addresses = endpoint.address ? [endpoint.address] : undefined
    if (endpoint.internet) return { resourceTypes: ['AWS::EC2::InternetGateway'], addresses }
    if (endpoint.selector.by === 'ip') return { addresses: [endpoint.selector.ip] }
    if (isAreaEndpoint(endpoint) && endpoint.selector.by === 'tags') {
      const within = endpoint.selector.within!
      let table: ScopeTable
      try {
        table = await tableFor(endpoint, within)
      } catch (error) {
        return `${endpoint.role}: DescribeSubnets/DescribeVpcs failed in account ${endpoint.account}, ${endpoint.region}: ${error instanceof Error ? error.message : String(error)}`
      }
      const ref = within.subnet ?? within.vpc!
      const noun = within.subnet ? 'subnet' : 'VPC'
      let ids = ref.by === 'ids' ? ref.ids : idsOf(ref, within.subnet ? table.subnets : table.vpcs)
      if (within.subnet?.by === 'tags' && within.vpc) {
        // Both: the subnets of those VPCs.
        const vpcs = new Set(idsOf(within.vpc, table.vpcs))
        ids = ids.filter(id => vpcs.has(table.subnets.find(s => s.id === id)?.vpcId ?? ''))
      }
      if (ids.length === 0)
        return `${endpoint.role}: no ${describeScopeRef(ref, noun)} in account ${endpoint.account}, ${endpoint.region}; the scope would cover nothing, so nothing would be proved`
      return { resources: ids, addresses }
    }
    const ids = resolvedIds(resolutions.get(endpoint), endpoint.role)
    return typeof ids === 'string' ? ids : { resources: ids, addresses }
  }

  const source = await endOf(assertion.source)
  if (typeof source === 'string') return source
  const destination = await endOf(assertion.destination)
  if (typeof destination === 'string') return destination
  const through: string[][] = []
  for (const via of assertion.via) {
    const ids = resolvedIds(resolutions.get(via), 'via')
    if (typeof ids === 'string') return ids
    through.push(ids)
  }
  const exclude: string[][] = []
  for (const avoid of assertion.avoid) {
    const ids = resolvedIds(resolutions.get(avoid), 'avoid')
    if (typeof ids === 'string') return ids
    exclude.push(ids)
  }
  return { assertion, account, region, source, destination, through, exclude }
}
