// `network_firewall: <name or ARN>` in via/avoid → the firewall's ARN. The Reachability Analyzer guide lists
// AWS Network Firewall among intermediate components and excludes one from a path by "the Network Firewall
// ARN" (FilterOutArns), so the ARN is what the filters take; the path then shows whichever AZ endpoint
// (vpce-) it took. The per-AZ endpoints are reported with the firewall, not used as filters.
import { DescribeFirewallCommand, type DescribeFirewallResponse } from '@aws-sdk/client-network-firewall'
import { callFailed, componentTarget, isNotFound, type Expansion, type ManagedContext } from './context.js'

export async function resolveNetworkFirewall(context: ManagedContext): Promise<Expansion> {
  const { selector, where, endpoint } = context
  let out: DescribeFirewallResponse
  try {
    const client = await context.clients.networkFirewall(endpoint.account, endpoint.region)
    out = await client.send(
      new DescribeFirewallCommand(
        selector.name.startsWith('arn:') ? { FirewallArn: selector.name } : { FirewallName: selector.name }
      )
    )
  } catch (error) {
    if (isNotFound(error))
      return {
        ok: false,
        error: `Network Firewall ${selector.name} not found in ${where} (DescribeFirewall). Check the name or ARN, the account and the region.`
      }
    return {
      ok: false,
      error: callFailed('DescribeFirewall', 'network-firewall:DescribeFirewall', error, where)
    }
  }
  const firewall = out.Firewall
  if (!firewall?.FirewallArn)
    return { ok: false, error: `DescribeFirewall returned no firewall for ${selector.name} in ${where}` }
  const name = firewall.FirewallName ?? selector.name
  const endpoints = Object.entries(out.FirewallStatus?.SyncStates ?? {})
    .map(([az, sync]) => (sync.Attachment?.EndpointId ? `${sync.Attachment.EndpointId} (${az})` : undefined))
    .filter((e): e is string => e !== undefined)
    .sort()
  const status = out.FirewallStatus?.Status
  const warnings = [
    ...(status && status !== 'READY' ? [`Network Firewall ${name} is ${status}`] : []),
    ...(endpoints.length === 0
      ? [`Network Firewall ${name} reports no endpoint in any Availability Zone`]
      : [])
  ]
  const component = componentTarget('network-firewall', name, firewall.FirewallArn, context, {
    vpcId: firewall.VpcId,
    warnings
  })
  return {
    ok: true,
    label: `Network Firewall ${name}${endpoints.length ? ` (endpoints ${endpoints.join(', ')})` : ''}`,
    members: [],
    component
  }
}
