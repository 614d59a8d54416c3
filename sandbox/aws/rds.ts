// RDS (awsQuery, 2014-10-31): DescribeDBInstances and DescribeDBClusters. The serving AZ, subnet group,
// security groups and cluster roles are what the resolver reads; a failover in the scenario swaps
// availabilityZone/secondaryAvailabilityZone (Multi-AZ) or the writer flag (clusters). Shapes from
// @aws-sdk/client-rds's schemas.
import {
  DescribeDBClusters$,
  DescribeDBInstances$,
  type DBCluster,
  type DBInstance
} from '@aws-sdk/client-rds'
import type { DbClusterSpec, DbInstanceSpec } from '../scenario.js'
import {
  AwsError,
  markerPage,
  regionSpecs,
  stableHex,
  type ManagedService,
  type MarkerPaging,
  type ServiceContext
} from './managed-services.js'
import type { OperationSchema } from './query-protocol.js'

const CREATED = new Date('2026-01-01T00:00:00Z')

function endpointHost(ctx: ServiceContext, id: string): string {
  return `${id}.${stableHex(ctx.accountId + ctx.region, 12)}.${ctx.region}.rds.amazonaws.com`
}

function instanceOf(ctx: ServiceContext, spec: DbInstanceSpec, clusters: DbClusterSpec[]): DBInstance {
  const cluster = clusters.find(c => c.members.some(m => m.instanceId === spec.id))
  const clusterId = spec.clusterId ?? cluster?.id
  return {
    DBInstanceIdentifier: spec.id,
    DBInstanceArn: `arn:aws:rds:${ctx.region}:${ctx.accountId}:db:${spec.id}`,
    DBInstanceClass: 'db.t3.medium',
    Engine: spec.engine ?? (clusterId ? 'aurora-postgresql' : 'postgres'),
    DBInstanceStatus: spec.status ?? 'available',
    Endpoint: {
      Address: spec.endpointAddress ?? endpointHost(ctx, spec.id),
      Port: spec.port ?? 5432,
      HostedZoneId: 'Z2R2ITUGPM61AM'
    },
    InstanceCreateTime: CREATED,
    AvailabilityZone: spec.availabilityZone,
    MultiAZ: spec.secondaryAvailabilityZone !== undefined,
    ...(spec.secondaryAvailabilityZone ? { SecondaryAvailabilityZone: spec.secondaryAvailabilityZone } : {}),
    PubliclyAccessible: false,
    VpcSecurityGroups: spec.securityGroups.map(id => ({ VpcSecurityGroupId: id, Status: 'active' })),
    DBSubnetGroup: {
      DBSubnetGroupName: spec.subnetGroupName ?? `${spec.id}-subnets`,
      DBSubnetGroupDescription: 'sandbox',
      VpcId: spec.vpcId,
      SubnetGroupStatus: 'Complete',
      Subnets: spec.subnets.map(s => ({
        SubnetIdentifier: s.id,
        SubnetAvailabilityZone: { Name: s.availabilityZone },
        SubnetStatus: 'Active'
      }))
    },
    ...(clusterId ? { DBClusterIdentifier: clusterId } : {}),
    StorageEncrypted: true,
    DbiResourceId: `db-${stableHex(spec.id, 26).toUpperCase()}`
  }
}

function clusterOf(ctx: ServiceContext, spec: DbClusterSpec, instances: DbInstanceSpec[]): DBCluster {
  const first = instances.find(i => spec.members.some(m => m.instanceId === i.id))
  const host = `${spec.id}.cluster-${stableHex(ctx.accountId + ctx.region, 12)}.${ctx.region}.rds.amazonaws.com`
  return {
    DBClusterIdentifier: spec.id,
    DBClusterArn: `arn:aws:rds:${ctx.region}:${ctx.accountId}:cluster:${spec.id}`,
    Engine: spec.engine ?? 'aurora-postgresql',
    Status: 'available',
    Endpoint: host,
    ReaderEndpoint: host.replace('.cluster-', '.cluster-ro-'),
    Port: spec.port ?? 5432,
    MultiAZ: spec.members.length > 1,
    AvailabilityZones: [
      ...new Set(
        instances.filter(i => spec.members.some(m => m.instanceId === i.id)).map(i => i.availabilityZone)
      )
    ],
    // On a cluster the subnet group is a name string (a structure on DBInstance).
    DBSubnetGroup: first?.subnetGroupName ?? (first ? `${first.id}-subnets` : undefined),
    VpcSecurityGroups: (spec.securityGroups ?? first?.securityGroups ?? []).map(id => ({
      VpcSecurityGroupId: id,
      Status: 'active'
    })),
    DBClusterMembers: spec.members.map(m => ({
      DBInstanceIdentifier: m.instanceId,
      IsClusterWriter: m.writer ?? false,
      DBClusterParameterGroupStatus: 'in-sync',
      PromotionTier: 1
    })),
    ClusterCreateTime: CREATED
  }
}

const PAGING: MarkerPaging = {
  sizeParam: 'MaxRecords',
  nextMarker: 'Marker',
  invalidMarker: token => new AwsError('InvalidParameterValue', `Invalid marker: ${token}`)
}

function checkMaxRecords(value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || value < 20 || value > 100))
    throw new AwsError(
      'InvalidParameterValue',
      `Invalid value ${String(value)} for MaxRecords. Must be between 20 and 100`
    )
}

function filterValues(filters: unknown, name: string): string[] | undefined {
  const found = ((filters as Array<{ Name?: string; Values?: string[] }> | undefined) ?? []).filter(
    f => f.Name === name
  )
  return found.length ? found.flatMap(f => f.Values ?? []) : undefined
}

export const RDS_SERVICE: ManagedService = {
  name: 'rds',
  signingName: 'rds',
  protocol: 'awsQuery',
  xmlns: 'http://rds.amazonaws.com/doc/2014-10-31/',
  actions: {
    DescribeDBInstances: {
      op: DescribeDBInstances$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        checkMaxRecords(input.MaxRecords)
        const specs = regionSpecs(ctx)
        const clusters = specs.flatMap(r => r.dbClusters ?? [])
        let all = specs.flatMap(r => r.dbInstances ?? []).map(spec => instanceOf(ctx, spec, clusters))
        const ref = input.DBInstanceIdentifier as string | undefined
        if (ref) {
          all = all.filter(i => i.DBInstanceIdentifier === ref || i.DBInstanceArn === ref)
          if (all.length === 0) throw new AwsError('DBInstanceNotFound', `DBInstance ${ref} not found.`, 404)
        }
        for (const known of (input.Filters as Array<{ Name?: string }> | undefined) ?? [])
          if (!['db-instance-id', 'db-cluster-id', 'engine'].includes(known.Name ?? ''))
            throw new AwsError('InvalidParameterValue', `Unrecognized filter name: ${known.Name ?? ''}`)
        const ids = filterValues(input.Filters, 'db-instance-id')
        if (ids)
          all = all.filter(i => ids.includes(i.DBInstanceIdentifier!) || ids.includes(i.DBInstanceArn!))
        const clusterIds = filterValues(input.Filters, 'db-cluster-id')
        if (clusterIds)
          all = all.filter(i => i.DBClusterIdentifier && clusterIds.includes(i.DBClusterIdentifier))
        return markerPage(ctx, 'DescribeDBInstances', 'DBInstances', all, input, PAGING)
      }
    },
    DescribeDBClusters: {
      op: DescribeDBClusters$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        checkMaxRecords(input.MaxRecords)
        const specs = regionSpecs(ctx)
        const instances = specs.flatMap(r => r.dbInstances ?? [])
        let all = specs.flatMap(r => r.dbClusters ?? []).map(spec => clusterOf(ctx, spec, instances))
        const ref = input.DBClusterIdentifier as string | undefined
        if (ref) {
          all = all.filter(c => c.DBClusterIdentifier === ref || c.DBClusterArn === ref)
          if (all.length === 0)
            throw new AwsError('DBClusterNotFoundFault', `DBCluster ${ref} not found.`, 404)
        }
        return markerPage(ctx, 'DescribeDBClusters', 'DBClusters', all, input, PAGING)
      }
    }
  }
}
