// `load_balancer: <name or ARN>`. Reachability Analyzer documents load balancers as intermediate components
// only, never as a source or destination, and filters intermediate components by ARN. So:
//   - in via/avoid: the load balancer's ARN (FilterInArns / FilterOutArns);
//   - as a destination: "through the load balancer to its registered targets": one member per registered
//     target (instances, or IP targets), each analysed with the load balancer's ARN in FilterInArns.
// Target health is ignored, as Reachability Analyzer ignores it; unhealthy targets get a warning.
import {
  DescribeTargetHealthCommand,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
  type TargetGroup,
  type TargetHealthDescription
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { ResolvedTarget } from '../../model.js'
import {
  callFailed,
  componentTarget,
  eniTarget,
  isNotFound,
  listInstances,
  listNetworkInterfaces,
  partitionOf,
  plural,
  type Expansion,
  type ManagedContext
} from './context.js'

const ELB_DESCRIBE = 'elasticloadbalancing:DescribeLoadBalancers'

export async function resolveLoadBalancer(context: ManagedContext): Promise<Expansion> {
  const { selector, where, endpoint } = context
  const byArn = selector.name.startsWith('arn:')
  const client: ElasticLoadBalancingV2Client = await context.clients.elbv2(endpoint.account, endpoint.region)
  let lb: LoadBalancer | undefined
  try {
    for await (const page of paginateDescribeLoadBalancers(
      { client },
      byArn ? { LoadBalancerArns: [selector.name] } : { Names: [selector.name] }
    ))
      lb ??= page.LoadBalancers?.[0]
  } catch (error) {
    if (!isNotFound(error))
      return { ok: false, error: callFailed('DescribeLoadBalancers', ELB_DESCRIBE, error, where) }
  }
  if (!lb?.LoadBalancerArn)
    return {
      ok: false,
      error: `load balancer ${selector.name} not found in ${where} (DescribeLoadBalancers). Check the name or ARN, the account and the region; Classic Load Balancers are not supported.`
    }
  const name = lb.LoadBalancerName ?? selector.name
  const state = lb.State?.Code
  const component = componentTarget('load-balancer', name, lb.LoadBalancerArn, context, {
    vpcId: lb.VpcId,
    warnings: state && state !== 'active' ? [`load balancer ${name} is ${state}`] : []
  })
  const label = `${lb.Type ?? ''} load balancer ${name}`.trim()
  if (endpoint.role !== 'destination') return { ok: true, label, members: [], component }

  // As a destination: every registered target, through the load balancer.
  const groups: TargetGroup[] = []
  const targets: Array<{ group: TargetGroup; target: TargetHealthDescription }> = []
  try {
    for await (const page of paginateDescribeTargetGroups(
      { client },
      { LoadBalancerArn: lb.LoadBalancerArn }
    ))
      groups.push(...(page.TargetGroups ?? []))
    for (const group of groups) {
      const health = await client.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn })
      )
      for (const target of health.TargetHealthDescriptions ?? []) targets.push({ group, target })
    }
  } catch (error) {
    return {
      ok: false,
      error: callFailed(
        groups.length === 0 ? 'DescribeTargetGroups' : 'DescribeTargetHealth',
        groups.length === 0
          ? 'elasticloadbalancing:DescribeTargetGroups'
          : 'elasticloadbalancing:DescribeTargetHealth',
        error,
        where
      )
    }
  }
  const instanceIds = new Set<string>()
  const ips = new Set<string>()
  const skipped: string[] = []
  const unhealthy = new Map<string, string>()
  for (const { group, target } of targets) {
    const id = target.Target?.Id
    if (!id) continue
    const healthState = target.TargetHealth?.State
    if (healthState && healthState !== 'healthy') unhealthy.set(id, healthState)
    if (group.TargetType === 'instance') instanceIds.add(id)
    else if (group.TargetType === 'ip') ips.add(id)
    else
      skipped.push(
        `${id} (${group.TargetType ?? 'unknown'} target of ${group.TargetGroupName ?? 'a target group'})`
      )
  }
  const members: ResolvedTarget[] = []
  try {
    if (instanceIds.size > 0) {
      for (const instance of await listInstances(context.ec2, [
        { Name: 'instance-id', Values: [...instanceIds] }
      ])) {
        const id = instance.InstanceId!
        const owner = instance.ownerId ?? context.accountId
        const primary = instance.NetworkInterfaces?.find(eni => eni.Attachment?.DeviceIndex === 0)
        members.push({
          kind: 'instance',
          resourceId: id,
          arn: `arn:${partitionOf(endpoint.region)}:ec2:${endpoint.region}:${owner}:instance/${id}`,
          ownerAccountId: owner,
          account: endpoint.account,
          region: endpoint.region,
          name: instance.Tags?.find(t => t.Key === 'Name')?.Value ?? `${name} target`,
          ...(instance.VpcId ? { vpcId: instance.VpcId } : {}),
          ...(instance.SubnetId ? { subnetId: instance.SubnetId } : {}),
          ...(primary?.NetworkInterfaceId ? { primaryNetworkInterfaceId: primary.NetworkInterfaceId } : {})
        })
      }
    }
    if (ips.size > 0) {
      const enis = await listNetworkInterfaces(context.ec2, [
        { Name: 'addresses.private-ip-address', Values: [...ips] },
        ...(lb.VpcId ? [{ Name: 'vpc-id', Values: [lb.VpcId] }] : [])
      ])
      for (const ip of ips) {
        const eni = enis.find(e => (e.PrivateIpAddresses ?? []).some(a => a.PrivateIpAddress === ip))
        // An IP target outside the VPC (on premises, peered): the address itself is the destination.
        members.push(
          eni
            ? eniTarget(eni, `${name} target ${ip}`, context)
            : { kind: 'ip', resourceId: ip, ip, account: endpoint.account, region: endpoint.region }
        )
      }
    }
  } catch (error) {
    return {
      ok: false,
      error: callFailed('DescribeInstances/DescribeNetworkInterfaces', 'ec2:DescribeInstances', error, where)
    }
  }
  for (const member of members) {
    member.mustTraverse = [component]
    const health =
      unhealthy.get(member.kind === 'ip' ? (member.ip ?? '') : member.resourceId) ??
      [...unhealthy].find(([ip]) => member.name?.endsWith(` ${ip}`))?.[1]
    if (health)
      member.warnings = [
        ...(member.warnings ?? []),
        `target ${member.resourceId} of ${name} is ${health} (Reachability Analyzer ignores target health)`
      ]
  }
  if (members.length === 0)
    return {
      ok: false,
      error:
        `load balancer ${name} (${where}) has no instance or IP target registered${skipped.length ? ` (only ${skipped.join(', ')}, which Reachability Analyzer cannot follow)` : ''}. ` +
        'Register targets, or name the load balancer in via instead.'
    }
  if (skipped.length > 0 && members[0])
    members[0].warnings = [
      ...(members[0].warnings ?? []),
      `targets not analysed (not instances or IPs): ${skipped.join(', ')}`
    ]
  return { ok: true, label: `${label} → ${plural(members.length, 'registered target')}`, members, component }
}
