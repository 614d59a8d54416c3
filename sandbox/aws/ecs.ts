// Amazon ECS (awsJson1_1, AmazonEC2ContainerServiceV20141113): ListTasks and DescribeTasks. awsvpc tasks carry
// an ElasticNetworkInterface attachment whose details name the ENI. Shapes from @aws-sdk/client-ecs's schemas
// (ECS members are lower camelCase on the wire).
import { DescribeTasks$, ListTasks$, type Task } from '@aws-sdk/client-ecs'
import type { EcsServiceSpec } from '../scenario.js'
import {
  AwsError,
  page,
  regionSpecs,
  stableHex,
  type ManagedService,
  type ServiceContext
} from './managed-services.js'
import type { OperationSchema } from './query-protocol.js'

const clusterName = (ref: string): string => ref.replace(/^arn:[^:]+:ecs:[^:]+:\d{12}:cluster\//, '')

function services(ctx: ServiceContext, cluster: string): EcsServiceSpec[] {
  const name = clusterName(cluster)
  const found = regionSpecs(ctx)
    .flatMap(r => r.ecsServices ?? [])
    .filter(s => s.cluster === name)
  if (found.length === 0) throw new AwsError('ClusterNotFoundException', 'Cluster not found.')
  return found
}

const taskArn = (ctx: ServiceContext, cluster: string, id: string) =>
  `arn:aws:ecs:${ctx.region}:${ctx.accountId}:task/${cluster}/${id}`

function taskOf(ctx: ServiceContext, service: EcsServiceSpec, task: EcsServiceSpec['tasks'][number]): Task {
  const status = task.lastStatus ?? 'RUNNING'
  return {
    taskArn: taskArn(ctx, service.cluster, task.id),
    clusterArn: `arn:aws:ecs:${ctx.region}:${ctx.accountId}:cluster/${service.cluster}`,
    taskDefinitionArn: `arn:aws:ecs:${ctx.region}:${ctx.accountId}:task-definition/${service.service}:1`,
    group: `service:${service.service}`,
    lastStatus: status,
    desiredStatus:
      status === 'STOPPED' || status === 'STOPPING' || status === 'DEACTIVATING' ? 'STOPPED' : 'RUNNING',
    launchType: task.launchType ?? 'FARGATE',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    attachments: task.networkInterfaceId
      ? [
          {
            id: `${stableHex(task.id, 8)}-${stableHex('x' + task.id, 4)}-${stableHex('y' + task.id, 4)}-${stableHex('z' + task.id, 4)}-${stableHex('w' + task.id, 12)}`,
            type: 'ElasticNetworkInterface',
            status: status === 'STOPPED' ? 'DELETED' : 'ATTACHED',
            details: [
              { name: 'subnetId', value: task.subnetId ?? '' },
              { name: 'networkInterfaceId', value: task.networkInterfaceId },
              {
                name: 'macAddress',
                value: `0e:${stableHex('mac' + task.id, 10)
                  .match(/../g)!
                  .join(':')}`
              },
              ...(task.privateIp
                ? [
                    {
                      name: 'privateDnsName',
                      value: `ip-${task.privateIp.replace(/\./g, '-')}.ec2.internal`
                    },
                    { name: 'privateIPv4Address', value: task.privateIp }
                  ]
                : [])
            ]
          }
        ]
      : []
  }
}

const tokenError = (token: string) => new AwsError('InvalidParameterException', `Invalid nextToken: ${token}`)

export const ECS_SERVICE: ManagedService = {
  name: 'ecs',
  signingName: 'ecs',
  protocol: 'awsJson1_1',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  actions: {
    ListTasks: {
      op: ListTasks$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        const cluster = String(input.cluster ?? 'default')
        let list = services(ctx, cluster)
        const serviceName = input.serviceName as string | undefined
        if (serviceName) {
          list = list.filter(s => s.service === serviceName.replace(/^.*service\/(?:[^/]+\/)?/, ''))
          if (list.length === 0) throw new AwsError('ServiceNotFoundException', 'Service not found.')
        }
        const desired = (input.desiredStatus as string | undefined) ?? 'RUNNING'
        const arns = list.flatMap(s =>
          s.tasks
            .map(t => taskOf(ctx, s, t))
            .filter(t => t.desiredStatus === desired)
            .map(t => t.taskArn!)
        )
        const { items, next } = page(ctx, 'ListTasks', arns, input.nextToken, input.maxResults, tokenError)
        return { taskArns: items, ...(next ? { nextToken: next } : {}) }
      }
    },
    DescribeTasks: {
      op: DescribeTasks$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        const cluster = String(input.cluster ?? 'default')
        const list = services(ctx, cluster)
        const wanted = (input.tasks as string[] | undefined) ?? []
        if (wanted.length === 0 || wanted.length > 100)
          throw new AwsError(
            'InvalidParameterException',
            'Tasks cannot be empty and must contain at most 100 entries.'
          )
        const all = list.flatMap(s => s.tasks.map(t => ({ id: t.id, task: taskOf(ctx, s, t) })))
        const tasks: Task[] = []
        const failures: Array<{ arn: string; reason: string }> = []
        for (const ref of wanted) {
          const found = all.find(e => e.task.taskArn === ref || e.id === ref)
          if (found) tasks.push(found.task)
          else failures.push({ arn: ref, reason: 'MISSING' })
        }
        return { tasks, failures }
      }
    }
  }
}
