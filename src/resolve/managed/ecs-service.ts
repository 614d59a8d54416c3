// `ecs_service: <cluster>/<service>` → the network interfaces of the service's running tasks. Tasks in
// awsvpc network mode (Fargate always) carry an attachment of type ElasticNetworkInterface whose details
// name its networkInterfaceId; tasks replace each other on every deployment, so they are listed every run.
import { DescribeTasksCommand, paginateListTasks, type Task } from '@aws-sdk/client-ecs'
import {
  callFailed,
  codeOf,
  eniTarget,
  listNetworkInterfaces,
  plural,
  type Expansion,
  type ManagedContext
} from './context.js'

/** DescribeTasks takes at most 100 tasks per call. */
const DESCRIBE_TASKS_MAX = 100

export async function resolveEcsService(context: ManagedContext): Promise<Expansion> {
  const { selector, where, endpoint } = context
  const slash = selector.name.lastIndexOf('/')
  const cluster = selector.name.slice(0, slash)
  const service = selector.name.slice(slash + 1)
  const tasks: Task[] = []
  try {
    const client = await context.clients.ecs(endpoint.account, endpoint.region)
    const arns: string[] = []
    for await (const page of paginateListTasks(
      { client },
      { cluster, serviceName: service, desiredStatus: 'RUNNING' }
    ))
      arns.push(...(page.taskArns ?? []))
    for (let start = 0; start < arns.length; start += DESCRIBE_TASKS_MAX) {
      const out = await client.send(
        new DescribeTasksCommand({ cluster, tasks: arns.slice(start, start + DESCRIBE_TASKS_MAX) })
      )
      tasks.push(...(out.tasks ?? []))
    }
  } catch (error) {
    const code = codeOf(error)
    if (/ClusterNotFound|ServiceNotFound/.test(code))
      return {
        ok: false,
        error: `ECS ${code.startsWith('Cluster') ? `cluster ${cluster}` : `service ${service} in cluster ${cluster}`} not found in ${where}. Check cluster/service, the account and the region.`
      }
    return {
      ok: false,
      error: callFailed('ListTasks/DescribeTasks', 'ecs:ListTasks and ecs:DescribeTasks', error, where)
    }
  }
  const running = tasks.filter(task => task.lastStatus === 'RUNNING')
  const eniOf = new Map<string, string>()
  const withoutEni: string[] = []
  for (const task of running) {
    const taskId = task.taskArn?.split('/').pop() ?? '?'
    const attachment = task.attachments?.find(
      a => a.type === 'ElasticNetworkInterface' && a.status !== 'DELETED'
    )
    const eni = attachment?.details?.find(d => d.name === 'networkInterfaceId')?.value
    if (eni) eniOf.set(eni, taskId)
    else withoutEni.push(taskId)
  }
  if (eniOf.size === 0)
    return {
      ok: false,
      error:
        running.length === 0
          ? `ECS service ${service} in cluster ${cluster} (${where}) has no running task (ListTasks desiredStatus RUNNING, then DescribeTasks lastStatus).`
          : `the running tasks of ECS service ${selector.name} (${withoutEni.join(', ')}) have no network interface of their own: only tasks in awsvpc network mode can be analysed.`
    }
  let enis
  try {
    enis = await listNetworkInterfaces(context.ec2, [
      { Name: 'network-interface-id', Values: [...eniOf.keys()] }
    ])
  } catch (error) {
    return {
      ok: false,
      error: callFailed('DescribeNetworkInterfaces', 'ec2:DescribeNetworkInterfaces', error, where)
    }
  }
  const members = enis.map(eni =>
    eniTarget(eni, `${selector.name} task ${eniOf.get(eni.NetworkInterfaceId ?? '') ?? ''}`.trim(), context)
  )
  if (members.length === 0)
    return {
      ok: false,
      error: `the network interfaces of ECS service ${selector.name}'s tasks (${[...eniOf.keys()].join(', ')}) were not found in ${where}; tasks may be stopping. Re-run.`
    }
  if (withoutEni.length > 0 && members[0])
    members[0].warnings = [
      ...(members[0].warnings ?? []),
      `tasks without an awsvpc network interface were skipped: ${withoutEni.join(', ')}`
    ]
  return {
    ok: true,
    label: `ECS service ${selector.name} (${plural(members.length, 'running task')})`,
    members
  }
}
