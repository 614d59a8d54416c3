// The sandbox's Lambda, RDS, ELBv2, Network Firewall and ECS endpoints through the real SDK clients: the
// endpoint variables the SDK reads, wire formats both ways, modelled errors, paging and signatures.
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2'
import { DescribeTasksCommand, ECSClient, ListTasksCommand, paginateListTasks } from '@aws-sdk/client-ecs'
import {
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeTargetGroups
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { GetFunctionCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { DescribeFirewallCommand, NetworkFirewallClient } from '@aws-sdk/client-network-firewall'
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  paginateDescribeDBInstances,
  RDSClient
} from '@aws-sdk/client-rds'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'

const SCENARIO = new URL('../../examples/scenarios/lambda-rds.yaml', import.meta.url).pathname
const ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'

let sandbox: Sandbox
let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
const saved: Record<string, string | undefined> = {}
beforeAll(async () => {
  sandbox = await startSandbox(SCENARIO, { knobs: { pageSize: 2 } })
  const c = sandbox.issueRoleCredentials(ROLE)
  credentials = {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken
  }
  // The clients find the sandbox exactly as the action does: through AWS_ENDPOINT_URL_<serviceId>.
  for (const [key, value] of Object.entries(sandbox.env)) {
    if (!key.startsWith('AWS_ENDPOINT_URL_')) continue
    saved[key] = process.env[key]
    process.env[key] = value
  }
})
afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  await sandbox.close()
})

const config = () => ({ region: 'us-east-1', credentials, maxAttempts: 1 })

it('serves each service at the endpoint variable named after the SDK serviceId', () => {
  expect(
    Object.keys(sandbox.env)
      .filter(k => k.startsWith('AWS_ENDPOINT_URL_'))
      .sort()
  ).toEqual([
    'AWS_ENDPOINT_URL_EC2',
    'AWS_ENDPOINT_URL_ECS',
    'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2',
    'AWS_ENDPOINT_URL_LAMBDA',
    'AWS_ENDPOINT_URL_NETWORK_FIREWALL',
    'AWS_ENDPOINT_URL_RDS',
    'AWS_ENDPOINT_URL_STS'
  ])
})

describe('Lambda (restJson1)', () => {
  it('GetFunctionConfiguration and GetFunction by name and ARN; ResourceNotFoundException with status 404', async () => {
    const lambda = new LambdaClient(config())
    const byName = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders-fn' }))
    expect(byName).toMatchObject({
      FunctionName: 'orders-fn',
      FunctionArn: 'arn:aws:lambda:us-east-1:222222222222:function:orders-fn',
      State: 'Active',
      VpcConfig: {
        SubnetIds: ['subnet-0c0000000000c00a1'],
        SecurityGroupIds: ['sg-0c0000000000c0001'],
        VpcId: 'vpc-0c00000000000c001'
      }
    })
    const byArn = await lambda.send(
      new GetFunctionCommand({
        FunctionName: 'arn:aws:lambda:us-east-1:222222222222:function:orders-fn:live'
      })
    )
    expect(byArn.Configuration?.FunctionArn).toBe(
      'arn:aws:lambda:us-east-1:222222222222:function:orders-fn:live'
    )
    expect(
      (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'edge-fn' }))).VpcConfig
    ).toEqual({
      SubnetIds: [],
      SecurityGroupIds: []
    })
    const error = await lambda
      .send(new GetFunctionConfigurationCommand({ FunctionName: 'nope' }))
      .catch(e => e)
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } })
    lambda.destroy()
  })
})

describe('RDS (awsQuery)', () => {
  it('pages DescribeDBInstances by Marker, describes clusters, and answers DBInstanceNotFound as the modelled fault', async () => {
    const rds = new RDSClient(config())
    const ids: string[] = []
    let pages = 0
    for await (const page of paginateDescribeDBInstances({ client: rds }, {})) {
      pages++
      ids.push(...(page.DBInstances ?? []).map(i => i.DBInstanceIdentifier!))
    }
    expect(ids).toEqual(['orders-db', 'other-db', 'ledger-1', 'ledger-2'])
    expect(pages).toBe(2)
    const [orders] =
      (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-db' }))).DBInstances ??
      []
    expect(orders).toMatchObject({
      AvailabilityZone: 'us-east-1a',
      SecondaryAvailabilityZone: 'us-east-1b',
      MultiAZ: true,
      Endpoint: { Port: 5432 },
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0c0000000000c0002', Status: 'active' }],
      DBSubnetGroup: {
        VpcId: 'vpc-0c00000000000c001',
        Subnets: [
          { SubnetIdentifier: 'subnet-0c0000000000c00a1', SubnetAvailabilityZone: { Name: 'us-east-1a' } },
          { SubnetIdentifier: 'subnet-0c0000000000c00b1', SubnetAvailabilityZone: { Name: 'us-east-1b' } }
        ]
      }
    })
    expect(orders.InstanceCreateTime).toBeInstanceOf(Date)
    const cluster = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'ledger' })))
      .DBClusters?.[0]
    expect(cluster?.DBClusterMembers?.map(m => [m.DBInstanceIdentifier, m.IsClusterWriter])).toEqual([
      ['ledger-1', true],
      ['ledger-2', false]
    ])
    expect(typeof cluster?.DBSubnetGroup).toBe('string')
    const missing = await rds
      .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'x' }))
      .catch(e => e)
    expect(missing).toMatchObject({ name: 'DBInstanceNotFoundFault', $metadata: { httpStatusCode: 404 } })
    rds.destroy()
  })
})

describe('ELBv2 (awsQuery)', () => {
  it('describes load balancers, target groups and target health; LoadBalancerNotFound is modelled', async () => {
    const elb = new ElasticLoadBalancingV2Client(config())
    const [lb] =
      (await elb.send(new DescribeLoadBalancersCommand({ Names: ['web-alb'] }))).LoadBalancers ?? []
    expect(lb).toMatchObject({
      LoadBalancerArn:
        'arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/web-alb/0c0c0c0c0c0c0c0c',
      Type: 'application',
      Scheme: 'internal',
      State: { Code: 'active' },
      AvailabilityZones: [
        { ZoneName: 'us-east-1a', SubnetId: 'subnet-0c0000000000c00a1' },
        { ZoneName: 'us-east-1b', SubnetId: 'subnet-0c0000000000c00b1' }
      ]
    })
    const groups = []
    for await (const page of paginateDescribeTargetGroups(
      { client: elb },
      { LoadBalancerArn: lb.LoadBalancerArn }
    ))
      groups.push(...(page.TargetGroups ?? []))
    expect(groups.map(g => [g.TargetGroupName, g.TargetType, g.Port])).toEqual([['web', 'instance', 8080]])
    const health = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: groups[0].TargetGroupArn })
    )
    expect(health.TargetHealthDescriptions?.map(t => [t.Target?.Id, t.TargetHealth?.State])).toEqual([
      ['i-0c000000000000a01', 'healthy'],
      ['i-0c000000000000b01', 'unhealthy']
    ])
    const missing = await elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })).catch(e => e)
    expect(missing).toMatchObject({ name: 'LoadBalancerNotFoundException' })
    elb.destroy()
  })
})

describe('Network Firewall (awsJson1_0)', () => {
  it('DescribeFirewall by name or ARN maps each AZ to its endpoint; ResourceNotFoundException otherwise', async () => {
    const nfw = new NetworkFirewallClient(config())
    const arn = 'arn:aws:network-firewall:us-east-1:222222222222:firewall/inspection'
    for (const input of [{ FirewallName: 'inspection' }, { FirewallArn: arn }]) {
      const out = await nfw.send(new DescribeFirewallCommand(input))
      expect(out.Firewall).toMatchObject({ FirewallArn: arn, VpcId: 'vpc-0c00000000000c009' })
      expect(out.FirewallStatus?.Status).toBe('READY')
      expect(
        Object.fromEntries(
          Object.entries(out.FirewallStatus?.SyncStates ?? {}).map(([az, s]) => [
            az,
            s.Attachment?.EndpointId
          ])
        )
      ).toEqual({ 'us-east-1a': 'vpce-0c00000000000f0a1', 'us-east-1b': 'vpce-0c00000000000f0b1' })
    }
    const missing = await nfw.send(new DescribeFirewallCommand({ FirewallName: 'nope' })).catch(e => e)
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException' })
    nfw.destroy()
  })
})

describe('ECS (awsJson1_1)', () => {
  it('ListTasks (running only, paged) and DescribeTasks with the awsvpc ENI attachment; modelled not-found errors', async () => {
    const ecs = new ECSClient(config())
    const arns: string[] = []
    for await (const page of paginateListTasks(
      { client: ecs },
      { cluster: 'prod', serviceName: 'web', desiredStatus: 'RUNNING' }
    ))
      arns.push(...(page.taskArns ?? []))
    expect(arns).toEqual(['arn:aws:ecs:us-east-1:222222222222:task/prod/0c0c0000000000000000000000000001'])
    const [task] = (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: arns }))).tasks ?? []
    expect(task.lastStatus).toBe('RUNNING')
    expect(task.createdAt).toBeInstanceOf(Date)
    expect(task.attachments?.[0]).toMatchObject({ type: 'ElasticNetworkInterface', status: 'ATTACHED' })
    expect(task.attachments?.[0].details).toEqual(
      expect.arrayContaining([{ name: 'networkInterfaceId', value: 'eni-0c0000000000e0001' }])
    )
    expect(await ecs.send(new ListTasksCommand({ cluster: 'nope' })).catch(e => e)).toMatchObject({
      name: 'ClusterNotFoundException'
    })
    expect(
      await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'api' })).catch(e => e)
    ).toMatchObject({
      name: 'ServiceNotFoundException'
    })
    ecs.destroy()
  })
})

describe('signing and per-account serving', () => {
  it('refuses a bad signature and a key it never issued; serves the requester-id ENI filter', async () => {
    const bad = new LambdaClient({ ...config(), credentials: { ...credentials, secretAccessKey: 'wrong' } })
    expect(
      await bad.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders-fn' })).catch(e => e)
    ).toMatchObject({
      name: 'InvalidSignatureException'
    })
    bad.destroy()
    const stranger = new RDSClient({
      ...config(),
      credentials: { accessKeyId: 'AKIASTRANGER00000001', secretAccessKey: 'x' }
    })
    expect(await stranger.send(new DescribeDBClustersCommand({})).catch(e => e)).toMatchObject({
      $metadata: { httpStatusCode: 403 }
    })
    stranger.destroy()
    const ec2 = new EC2Client(config())
    const out = await ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'requester-id', Values: ['amazon-rds'] }] })
    )
    expect(
      out.NetworkInterfaces?.every(
        e => e.RequesterId === 'amazon-rds' && e.Description === 'RDSNetworkInterface'
      )
    ).toBe(true)
    expect(out.NetworkInterfaces?.length).toBeGreaterThan(0)
    ec2.destroy()
  })
})
