// Elastic Load Balancing v2 (awsQuery, 2015-12-01): DescribeLoadBalancers, DescribeTargetGroups,
// DescribeTargetHealth. Shapes from @aws-sdk/client-elastic-load-balancing-v2's schemas.
import {
  DescribeLoadBalancers$,
  DescribeTargetGroups$,
  DescribeTargetHealth$,
  type LoadBalancer,
  type TargetGroup
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { LoadBalancerSpec } from '../scenario.js'
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

const TYPE_SEGMENT = { application: 'app', network: 'net', gateway: 'gwy' } as const

function lbArn(ctx: ServiceContext, spec: LoadBalancerSpec): string {
  const type = TYPE_SEGMENT[spec.type ?? 'application']
  return `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:loadbalancer/${type}/${spec.name}/${spec.id ?? stableHex(spec.name, 16)}`
}

function tgArn(ctx: ServiceContext, name: string): string {
  return `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:targetgroup/${name}/${stableHex('tg' + name, 16)}`
}

function loadBalancerOf(ctx: ServiceContext, spec: LoadBalancerSpec): LoadBalancer {
  const type = spec.type ?? 'application'
  return {
    LoadBalancerArn: lbArn(ctx, spec),
    DNSName: `${spec.scheme === 'internet-facing' ? '' : 'internal-'}${spec.name}-${parseInt(stableHex(spec.name, 8), 16)}.${ctx.region}.elb.amazonaws.com`,
    CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    CreatedTime: new Date('2026-01-01T00:00:00Z'),
    LoadBalancerName: spec.name,
    Scheme: spec.scheme ?? 'internal',
    VpcId: spec.vpcId,
    State: { Code: spec.state ?? 'active' },
    Type: type,
    AvailabilityZones: spec.subnets.map(s => ({ ZoneName: s.availabilityZone, SubnetId: s.id })),
    ...(type !== 'gateway' && spec.securityGroups ? { SecurityGroups: spec.securityGroups } : {}),
    IpAddressType: 'ipv4'
  }
}

interface TargetGroupEntry {
  lb: LoadBalancerSpec
  group: NonNullable<LoadBalancerSpec['targetGroups']>[number]
  object: TargetGroup
}

function targetGroups(ctx: ServiceContext): TargetGroupEntry[] {
  return regionSpecs(ctx)
    .flatMap(r => r.loadBalancers ?? [])
    .flatMap(lb =>
      (lb.targetGroups ?? []).map(group => ({
        lb,
        group,
        object: {
          TargetGroupArn: tgArn(ctx, group.name),
          TargetGroupName: group.name,
          Protocol: (group.protocol ?? (lb.type === 'network' ? 'TCP' : 'HTTP')) as TargetGroup['Protocol'],
          Port: group.port ?? 80,
          VpcId: lb.vpcId,
          TargetType: group.targetType ?? 'instance',
          LoadBalancerArns: [lbArn(ctx, lb)],
          HealthCheckEnabled: true,
          IpAddressType: 'ipv4'
        }
      }))
    )
}

const PAGING: MarkerPaging = {
  sizeParam: 'PageSize',
  nextMarker: 'NextMarker',
  invalidMarker: token => new AwsError('ValidationError', `Invalid marker '${token}'`)
}

export const ELBV2_SERVICE: ManagedService = {
  name: 'elbv2',
  signingName: 'elasticloadbalancing',
  protocol: 'awsQuery',
  xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  actions: {
    DescribeLoadBalancers: {
      op: DescribeLoadBalancers$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        let all = regionSpecs(ctx)
          .flatMap(r => r.loadBalancers ?? [])
          .map(spec => loadBalancerOf(ctx, spec))
        const arns = input.LoadBalancerArns as string[] | undefined
        const names = input.Names as string[] | undefined
        const wanted = arns?.length ? arns : names
        if (wanted?.length) {
          const key = arns?.length ? 'LoadBalancerArn' : 'LoadBalancerName'
          const missing = wanted.filter(w => !all.some(lb => lb[key] === w))
          if (missing.length)
            throw new AwsError('LoadBalancerNotFound', `Load balancers '[${missing.join(', ')}]' not found`)
          all = all.filter(lb => wanted.includes(lb[key]!))
        }
        return markerPage(ctx, 'DescribeLoadBalancers', 'LoadBalancers', all, input, PAGING)
      }
    },
    DescribeTargetGroups: {
      op: DescribeTargetGroups$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        let all = targetGroups(ctx)
        const lbArnIn = input.LoadBalancerArn as string | undefined
        if (lbArnIn) {
          if (
            !regionSpecs(ctx)
              .flatMap(r => r.loadBalancers ?? [])
              .some(lb => lbArn(ctx, lb) === lbArnIn)
          )
            throw new AwsError('LoadBalancerNotFound', `Load balancer '${lbArnIn}' not found`)
          all = all.filter(e => e.object.LoadBalancerArns?.includes(lbArnIn))
        }
        const arns = input.TargetGroupArns as string[] | undefined
        if (arns?.length) all = all.filter(e => arns.includes(e.object.TargetGroupArn!))
        const names = input.Names as string[] | undefined
        if (names?.length) all = all.filter(e => names.includes(e.object.TargetGroupName!))
        return markerPage(
          ctx,
          'DescribeTargetGroups',
          'TargetGroups',
          all.map(e => e.object),
          input,
          PAGING
        )
      }
    },
    DescribeTargetHealth: {
      op: DescribeTargetHealth$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        const arn = input.TargetGroupArn as string | undefined
        const entry = targetGroups(ctx).find(e => e.object.TargetGroupArn === arn)
        if (!entry) throw new AwsError('TargetGroupNotFound', `Target groups '${arn ?? ''}' not found`)
        return {
          TargetHealthDescriptions: entry.group.targets.map(t => {
            const state = t.health ?? 'healthy'
            return {
              Target: { Id: t.id, Port: t.port ?? entry.object.Port },
              HealthCheckPort: String(t.port ?? entry.object.Port),
              TargetHealth: {
                State: state,
                ...(state === 'unhealthy'
                  ? { Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' }
                  : {})
              }
            }
          })
        }
      }
    }
  }
}
