// Managed-service selectors → Resolutions. Each selector is expanded once per run (assertions naming the same
// service share the calls) to what is current: nothing about a Lambda's ENIs, a database's serving ENI, a
// load balancer's targets or a service's tasks is written in the config, so nothing goes stale.
//   source/destination → `members` (network interfaces, instances, addresses) with `groupMatch: each`: every
//                        member must satisfy the assertion (each Lambda ENI, each reader, each LB target);
//                        a load balancer's members must traverse it (`mustTraverse`, FilterInArns).
//   via/avoid          → the component's ARN (load balancer, Network Firewall).
import { lookup } from 'node:dns/promises'
import { errorMessage } from '../../auth/errors.js'
import type { AwsClientProvider } from '../../auth/types.js'
import type { Endpoint, ManagedKind, Resolution } from '../../model.js'
import { MANAGED_LABELS, type Expansion, type ManagedContext, type ManagedSelector } from './context.js'
import { resolveEcsService } from './ecs-service.js'
import { resolveLambda } from './lambda.js'
import { resolveLoadBalancer } from './load-balancer.js'
import { resolveNetworkFirewall } from './network-firewall.js'
import { resolveRds } from './rds.js'

export { LAMBDA_ENI_DESCRIPTION } from './lambda.js'
export { RDS_ENI_DESCRIPTION } from './rds.js'
export type { Expansion } from './context.js'

/**
 * The read permissions each managed kind needs, per role it stands in (what its resolver calls; the EC2
 * describes find the network interfaces and instances it expands to).
 */
export function managedActions(service: ManagedKind, role: Endpoint['role']): string[] {
  switch (service) {
    case 'lambda':
      return ['lambda:GetFunctionConfiguration', 'ec2:DescribeNetworkInterfaces']
    case 'rds':
      return ['rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'ec2:DescribeNetworkInterfaces']
    case 'load_balancer':
      return role === 'destination'
        ? [
            'elasticloadbalancing:DescribeLoadBalancers',
            'elasticloadbalancing:DescribeTargetGroups',
            'elasticloadbalancing:DescribeTargetHealth',
            'ec2:DescribeInstances',
            'ec2:DescribeNetworkInterfaces'
          ]
        : ['elasticloadbalancing:DescribeLoadBalancers']
    case 'network_firewall':
      return ['network-firewall:DescribeFirewall']
    case 'ecs_service':
      return ['ecs:ListTasks', 'ecs:DescribeTasks', 'ec2:DescribeNetworkInterfaces']
  }
}

export interface ManagedResolveOptions {
  log?: (line: string) => void
  /** DNS lookup of RDS endpoint names (tie-break between ENIs); default node:dns. */
  lookupHost?: (name: string) => Promise<string[]>
}

const RESOLVERS: Record<ManagedKind, (context: ManagedContext) => Promise<Expansion>> = {
  lambda: resolveLambda,
  rds: resolveRds,
  load_balancer: resolveLoadBalancer,
  network_firewall: resolveNetworkFirewall,
  ecs_service: resolveEcsService
}

const defaultLookup = async (name: string): Promise<string[]> =>
  (await lookup(name, { all: true, family: 4 })).map(a => a.address)

/** Resolves every managed endpoint into `results`; never rejects. */
export async function resolveManagedEndpoints(
  endpoints: Endpoint[],
  clients: AwsClientProvider,
  results: Map<Endpoint, Resolution>,
  options: ManagedResolveOptions = {}
): Promise<void> {
  const expansions = new Map<string, Promise<Expansion>>()
  await Promise.all(
    endpoints.map(async endpoint => {
      const selector = endpoint.selector as ManagedSelector
      // The role matters: a load balancer as destination expands to its targets, in via only to its ARN.
      const intermediate = endpoint.role !== 'source' && endpoint.role !== 'destination'
      const key = [
        endpoint.account,
        endpoint.region,
        selector.service,
        selector.name,
        selector.role ?? '',
        intermediate ? 'component' : endpoint.role
      ].join('\u0000')
      let expansion = expansions.get(key)
      if (!expansion) {
        expansion = expand(endpoint, selector, clients, options)
        expansions.set(key, expansion)
      }
      results.set(endpoint, toResolution(endpoint, selector, await expansion))
    })
  )
}

async function expand(
  endpoint: Endpoint,
  selector: ManagedSelector,
  clients: AwsClientProvider,
  options: ManagedResolveOptions
): Promise<Expansion> {
  try {
    const accountId = await clients.accountId(endpoint.account)
    const ec2 = await clients.ec2(endpoint.account, endpoint.region)
    const context: ManagedContext = {
      endpoint,
      selector,
      clients,
      ec2,
      accountId,
      where: `account ${endpoint.account} (${accountId}), region ${endpoint.region}`,
      lookupHost: options.lookupHost ?? defaultLookup,
      log: options.log
    }
    const expansion = await RESOLVERS[selector.service](context)
    if (expansion.ok)
      options.log?.(
        `resolve: ${selector.service} ${selector.name} → ${expansion.label}: ${[...expansion.members.map(m => m.resourceId), ...(expansion.component?.arn ? [expansion.component.arn] : [])].join(', ')}`
      )
    return expansion
  } catch (error) {
    const message = errorMessage(error)
    return {
      ok: false,
      error: message.includes(`"${endpoint.account}"`) ? message : `account "${endpoint.account}": ${message}`
    }
  }
}

function toResolution(endpoint: Endpoint, selector: ManagedSelector, expansion: Expansion): Resolution {
  if (!expansion.ok) return expansion
  const intermediate = endpoint.role !== 'source' && endpoint.role !== 'destination'
  if (intermediate) {
    if (!expansion.component)
      return {
        ok: false,
        error: `a ${MANAGED_LABELS[selector.service]} cannot be an intermediate component (${endpoint.role}); Reachability Analyzer accepts it as a source or destination only`
      }
    return { ok: true, target: expansion.component, groupLabel: expansion.label }
  }
  const [first] = expansion.members
  if (!first) return { ok: false, error: `${expansion.label} expanded to nothing` }
  return {
    ok: true,
    target: first,
    members: expansion.members,
    groupMatch: 'each',
    groupLabel: expansion.label
  }
}
