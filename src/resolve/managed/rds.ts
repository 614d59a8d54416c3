// `rds: <DB instance or cluster id, or ARN>` → the network interface serving the database now.
//
// RDS reports no ENI ids. Its ENIs carry the description "RDSNetworkInterface"; the one serving an instance
// is in the instance's current Availability Zone (`AvailabilityZone`, which moves to the standby's after a
// Multi-AZ failover), in a subnet of its DB subnet group, with exactly its VPC security groups. When several
// qualify (databases sharing subnets and groups), the endpoint's DNS name decides: the ENI holding the
// address it resolves to. A cluster resolves to its writer (IsClusterWriter), or to every reader with
// `role: reader`; after a failover that is the new writer.
import {
  DescribeDBClustersCommand,
  paginateDescribeDBInstances,
  type DBCluster,
  type DBInstance
} from '@aws-sdk/client-rds'
import type { NetworkInterface } from '@aws-sdk/client-ec2'
import type { ResolvedTarget } from '../../model.js'
import {
  callFailed,
  codeOf,
  eniTarget,
  listNetworkInterfaces,
  plural,
  sameGroups,
  type Expansion,
  type ManagedContext
} from './context.js'

export const RDS_ENI_DESCRIPTION = 'RDSNetworkInterface'

type Found<T> = { ok: true; value: T } | { ok: false; error: string }

async function describeInstances(
  context: ManagedContext,
  filter: { id?: string; ids?: string[] }
): Promise<Found<DBInstance[]>> {
  try {
    const client = await context.clients.rds(context.endpoint.account, context.endpoint.region)
    const out: DBInstance[] = []
    const input = filter.id
      ? { DBInstanceIdentifier: filter.id }
      : { Filters: [{ Name: 'db-instance-id', Values: filter.ids ?? [] }] }
    for await (const page of paginateDescribeDBInstances({ client, pageSize: 100 }, input))
      out.push(...(page.DBInstances ?? []))
    return { ok: true, value: out }
  } catch (error) {
    if (/DBInstanceNotFound/.test(codeOf(error))) return { ok: true, value: [] }
    return {
      ok: false,
      error: callFailed('DescribeDBInstances', 'rds:DescribeDBInstances', error, context.where)
    }
  }
}

async function describeCluster(context: ManagedContext, id: string): Promise<Found<DBCluster | undefined>> {
  try {
    const client = await context.clients.rds(context.endpoint.account, context.endpoint.region)
    const out = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))
    return { ok: true, value: out.DBClusters?.[0] }
  } catch (error) {
    if (/DBClusterNotFound/.test(codeOf(error))) return { ok: true, value: undefined }
    return {
      ok: false,
      error: callFailed('DescribeDBClusters', 'rds:DescribeDBClusters', error, context.where)
    }
  }
}

export async function resolveRds(context: ManagedContext): Promise<Expansion> {
  const { selector, where } = context
  const arn = /^arn:[^:]+:rds:[^:]*:\d{12}:(db|cluster):(.+)$/.exec(selector.name)
  const id = arn ? arn[2] : selector.name
  const tryInstance = !arn || arn[1] === 'db'
  const tryCluster = !arn || arn[1] === 'cluster'

  if (tryInstance) {
    const found = await describeInstances(context, { id })
    if (!found.ok) return found
    const instance = found.value[0]
    if (instance) {
      if (selector.role === 'reader')
        return {
          ok: false,
          error: `${id} is a DB instance, not a cluster (${where}): role: reader applies to clusters. Name the cluster, or drop role.`
        }
      const member = await serving(context, instance)
      return member.ok
        ? { ok: true, label: `RDS instance ${id} (${member.value.resourceId})`, members: [member.value] }
        : member
    }
  }
  if (tryCluster) {
    const found = await describeCluster(context, id)
    if (!found.ok) return found
    const cluster = found.value
    if (cluster) {
      const wantWriter = selector.role !== 'reader'
      const ids = (cluster.DBClusterMembers ?? [])
        .filter(m => Boolean(m.IsClusterWriter) === wantWriter && m.DBInstanceIdentifier)
        .map(m => m.DBInstanceIdentifier!)
      const role = wantWriter ? 'writer' : 'reader'
      if (ids.length === 0)
        return {
          ok: false,
          error: `cluster ${id} (${where}) has no ${role} instance now (DBClusterMembers). ${wantWriter ? 'It may be failing over; re-run.' : 'Add a reader, or drop role: reader.'}`
        }
      const instances = await describeInstances(context, { ids })
      if (!instances.ok) return instances
      const members: ResolvedTarget[] = []
      for (const instance of instances.value) {
        const member = await serving(context, instance)
        if (!member.ok) return member
        members.push(member.value)
      }
      if (members.length === 0)
        return {
          ok: false,
          error: `the ${role} instances of cluster ${id} (${ids.join(', ')}) were not found in ${where}`
        }
      return {
        ok: true,
        label: `RDS cluster ${id} ${wantWriter ? 'writer' : plural(members.length, 'reader')} (${members.map(m => m.name).join(', ')})`,
        members
      }
    }
  }
  const what =
    tryInstance && tryCluster ? 'DB instance or cluster' : tryInstance ? 'DB instance' : 'DB cluster'
  return {
    ok: false,
    error: `RDS ${what} ${id} not found in ${where} (searched ${[tryInstance ? 'DescribeDBInstances' : '', tryCluster ? 'DescribeDBClusters' : ''].filter(Boolean).join(' and ')}). Check the identifier, the account and the region.`
  }
}

/** The ENI serving one DB instance now. */
async function serving(context: ManagedContext, instance: DBInstance): Promise<Found<ResolvedTarget>> {
  const { where } = context
  const id = instance.DBInstanceIdentifier ?? '?'
  const az = instance.AvailabilityZone
  const vpcId = instance.DBSubnetGroup?.VpcId
  const subnets = (instance.DBSubnetGroup?.Subnets ?? [])
    .filter(s => !az || s.SubnetAvailabilityZone?.Name === az)
    .map(s => s.SubnetIdentifier)
    .filter((s): s is string => Boolean(s))
  const groups = (instance.VpcSecurityGroups ?? []).map(g => g.VpcSecurityGroupId)
  if (!vpcId || subnets.length === 0)
    return {
      ok: false,
      error: `DB instance ${id} (${where}) reports no subnet of its DB subnet group in its Availability Zone ${az ?? '(none)'}; it may still be creating.`
    }
  let enis: NetworkInterface[]
  try {
    enis = await listNetworkInterfaces(context.ec2, [
      { Name: 'description', Values: [RDS_ENI_DESCRIPTION] },
      { Name: 'vpc-id', Values: [vpcId] },
      { Name: 'subnet-id', Values: subnets }
    ])
  } catch (error) {
    return {
      ok: false,
      error: callFailed('DescribeNetworkInterfaces', 'ec2:DescribeNetworkInterfaces', error, where)
    }
  }
  let candidates = enis.filter(eni =>
    sameGroups(
      (eni.Groups ?? []).map(g => g.GroupId),
      groups
    )
  )
  if (candidates.length > 1 && instance.Endpoint?.Address) {
    // Databases sharing subnets and groups: the endpoint's address tells which ENI serves this one.
    let addresses: string[] = []
    try {
      addresses = await context.lookupHost(instance.Endpoint.Address)
    } catch {
      // Unresolvable here (private DNS): the ambiguity is reported below.
    }
    const byAddress = candidates.filter(eni =>
      [
        eni.PrivateIpAddress,
        ...(eni.PrivateIpAddresses ?? []).map(a => a.PrivateIpAddress),
        eni.Association?.PublicIp
      ].some(ip => ip !== undefined && addresses.includes(ip))
    )
    if (byAddress.length > 0) candidates = byAddress
  }
  context.log?.(
    `resolve: ${where}: RDS ${id} in ${az}: ${candidates.length} RDS ENI(s) in ${subnets.join(', ')} with its security groups`
  )
  if (candidates.length === 0)
    return {
      ok: false,
      error: `no RDSNetworkInterface in ${subnets.join(', ')} (${az}) has exactly the security groups of DB instance ${id} (${groups.join(', ')}) in ${where}.`
    }
  if (candidates.length > 1)
    return {
      ok: false,
      error: `${candidates.length} RDS network interfaces could serve DB instance ${id} in ${az} (${candidates.map(e => e.NetworkInterfaceId).join(', ')}) and its endpoint ${instance.Endpoint?.Address ?? ''} did not resolve to one of them from here. Give the database its own security group, or name the ENI with resource_id.`
    }
  const target = eniTarget(candidates[0], id, context)
  if (instance.DBInstanceStatus && instance.DBInstanceStatus !== 'available')
    target.warnings = [...(target.warnings ?? []), `DB instance ${id} is ${instance.DBInstanceStatus}`]
  return { ok: true, value: target }
}
