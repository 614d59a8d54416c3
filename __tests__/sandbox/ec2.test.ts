// Every EC2 action the sandbox serves, called through the real @aws-sdk/client-ec2 and checked field by field.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateNetworkInsightsPathCommand,
  CreateTagsCommand,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkInsightsAnalysesCommand,
  DescribeNetworkInsightsPathsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  DescribeVpcEndpointServiceConfigurationsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpnGatewaysCommand,
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeNetworkInsightsAnalyses,
  paginateDescribeNetworkInterfaces,
  StartNetworkInsightsAnalysisCommand,
  type CreateNetworkInsightsPathCommandInput,
  type Instance,
  type NetworkInsightsAnalysis,
  type StartNetworkInsightsAnalysisCommandInput
} from '@aws-sdk/client-ec2'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { APP, APP_KEYS, BASIC, ec2, errorOf, SHARED, type Keys } from './helpers.js'

let sandbox: Sandbox
let app: EC2Client
let shared: EC2Client
let sharedKeys: Keys

const arn = (account: string, type: string, id: string): string =>
  `arn:aws:ec2:us-east-1:${account}:${type}/${id}`

beforeAll(async () => {
  sandbox = await startSandbox(BASIC)
  app = ec2(sandbox, APP_KEYS)
  const c = sandbox.issueRoleCredentials('arn:aws:iam::333333333333:role/OpenToAccount')
  sharedKeys = {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken
  }
  shared = ec2(sandbox, sharedKeys)
})

afterAll(() => sandbox.close())

async function allInstances(
  client: EC2Client,
  filters?: Array<{ Name: string; Values: string[] }>
): Promise<Instance[]> {
  const out: Instance[] = []
  for await (const page of paginateDescribeInstances({ client }, { Filters: filters })) {
    for (const r of page.Reservations ?? []) out.push(...(r.Instances ?? []))
  }
  return out
}

async function analyse(
  client: EC2Client,
  path: Omit<CreateNetworkInsightsPathCommandInput, 'Protocol'> & { Protocol?: 'tcp' | 'udp' },
  start: Omit<StartNetworkInsightsAnalysisCommandInput, 'NetworkInsightsPathId'> = {}
): Promise<NetworkInsightsAnalysis> {
  const created = await client.send(new CreateNetworkInsightsPathCommand({ Protocol: 'tcp', ...path }))
  const started = await client.send(
    new StartNetworkInsightsAnalysisCommand({
      NetworkInsightsPathId: created.NetworkInsightsPath!.NetworkInsightsPathId,
      ...start
    })
  )
  const id = started.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!
  for (;;) {
    const d = await client.send(
      new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [id] })
    )
    const a = d.NetworkInsightsAnalyses![0]
    if (a.Status !== 'running') return a
    await new Promise(r => setTimeout(r, 5))
  }
}

const ids = (
  a: NetworkInsightsAnalysis,
  which: 'ForwardPathComponents' | 'ReturnPathComponents' = 'ForwardPathComponents'
) => (a[which] ?? []).map(c => c.Component?.Id)

describe('EC2 describes', () => {
  it('DescribeInstances returns the instance with state, tags, groups and ENIs by device index', async () => {
    const out = await app.send(new DescribeInstancesCommand({ InstanceIds: ['i-0aaaaaaaaaaaaaa01'] }))
    expect(out.Reservations).toHaveLength(1)
    expect(out.Reservations![0].OwnerId).toBe(APP)
    const [i] = out.Reservations![0].Instances!
    expect(i.InstanceId).toBe('i-0aaaaaaaaaaaaaa01')
    expect(i.State).toEqual({ Code: 16, Name: 'running' })
    expect(i.VpcId).toBe('vpc-0a000000000000001')
    expect(i.SubnetId).toBe('subnet-0a00000000000001')
    expect(i.PrivateIpAddress).toBe('10.1.1.10')
    expect(i.LaunchTime).toBeInstanceOf(Date)
    expect(i.Tags).toEqual([
      { Key: 'Name', Value: 'app-server' },
      { Key: 'Env', Value: 'prod' },
      { Key: 'Tier', Value: 'app' }
    ])
    expect(i.SecurityGroups).toEqual([{ GroupId: 'sg-0a1b2c3d4e5f60001', GroupName: 'app-sg' }])
    const enis = i.NetworkInterfaces!.map(n => [
      n.NetworkInterfaceId,
      n.Attachment?.DeviceIndex,
      n.Attachment?.Status
    ])
    expect(enis).toEqual([
      ['eni-0aaaaaaaaaaaaaa01', 0, 'attached'],
      ['eni-0aaaaaaaaaaaaaa99', 1, 'attached']
    ])
  })

  it('pages DescribeInstances with the SDK paginator and filters by tag, tag-key, state and wildcards', async () => {
    const pages: number[] = []
    for await (const page of paginateDescribeInstances({ client: app }, {}))
      pages.push(page.Reservations!.length)
    expect(pages).toEqual([2, 2, 2]) // pageSize knob is 2: clients have to page
    const all = await allInstances(app)
    expect(all.map(i => i.InstanceId)).toEqual([
      'i-0aaaaaaaaaaaaaa01',
      'i-0aaaaaaaaaaaaaa02',
      'i-0aaaaaaaaaaaaaa03',
      'i-0aaaaaaaaaaaaaa04',
      'i-0aaaaaaaaaaaaaa05',
      'i-0aaaaaaaaaaaaaa06'
    ])
    const byName = await allInstances(app, [{ Name: 'tag:Name', Values: ['app-server'] }])
    expect(byName.map(i => i.InstanceId)).toEqual(['i-0aaaaaaaaaaaaaa01', 'i-0aaaaaaaaaaaaaa02'])
    const tiered = await allInstances(app, [{ Name: 'tag-key', Values: ['Tier'] }])
    expect(tiered).toHaveLength(3)
    const stopped = await allInstances(app, [
      { Name: 'instance-state-name', Values: ['stopped', 'terminated'] }
    ])
    expect(stopped.map(i => [i.InstanceId, i.State?.Name])).toEqual([
      ['i-0aaaaaaaaaaaaaa04', 'stopped'],
      ['i-0aaaaaaaaaaaaaa05', 'terminated']
    ])
    const wild = await allInstances(app, [
      { Name: 'tag:Name', Values: ['*-server', 'd?'] },
      { Name: 'instance-state-name', Values: ['running'] }
    ])
    expect(wild.map(i => i.InstanceId)).toEqual([
      'i-0aaaaaaaaaaaaaa01',
      'i-0aaaaaaaaaaaaaa02',
      'i-0aaaaaaaaaaaaaa03'
    ])
    const terminated = stopped[1]
    expect(terminated.State?.Code).toBe(48)
    expect(terminated.NetworkInterfaces).toEqual([])
    expect(terminated.PrivateIpAddress).toBeUndefined()
  })

  it('rejects unknown filters, bad MaxResults and MaxResults with instance ids as EC2 does', async () => {
    const bad = await errorOf(
      app.send(new DescribeInstancesCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] }))
    )
    expect(bad.name).toBe('InvalidParameterValue')
    expect(bad.message).toBe("The filter 'colour' is invalid")
    const small = await errorOf(app.send(new DescribeInstancesCommand({ MaxResults: 3 })))
    expect(small.name).toBe('InvalidParameterValue')
    const combo = await errorOf(
      app.send(new DescribeInstancesCommand({ InstanceIds: ['i-0aaaaaaaaaaaaaa01'], MaxResults: 5 }))
    )
    expect(combo.name).toBe('InvalidParameterCombination')
    const token = await errorOf(app.send(new DescribeInstancesCommand({ NextToken: 'garbage' })))
    expect(token.name).toBe('InvalidPaginationToken')
  })

  it('answers NotFound / Malformed for unknown ids, and another account’s resources are unknown ids', async () => {
    const missing = await errorOf(
      app.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] }))
    )
    expect(missing.name).toBe('InvalidInstanceID.NotFound')
    expect(missing.message).toBe("The instance ID 'i-0123456789abcdef0' does not exist")
    expect(missing.$metadata?.httpStatusCode).toBe(400)
    const foreign = await errorOf(
      app.send(new DescribeInstancesCommand({ InstanceIds: ['i-0ccccccccccccccc1'] }))
    )
    expect(foreign.name).toBe('InvalidInstanceID.NotFound')
    const malformed = await errorOf(app.send(new DescribeInstancesCommand({ InstanceIds: ['app-server'] })))
    expect(malformed.name).toBe('InvalidInstanceID.Malformed')
    const eni = await errorOf(
      app.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['eni-0123456789abcdef0'] }))
    )
    expect(eni.name).toBe('InvalidNetworkInterfaceID.NotFound')
    const tgw = await errorOf(
      app.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: ['tgw-0c000000000000001'] }))
    )
    expect(tgw.name).toBe('InvalidTransitGatewayID.NotFound')
  })

  it('isolates accounts: app credentials never see shared resources and vice versa', async () => {
    const appIds = (await allInstances(app)).map(i => i.InstanceId)
    const sharedIds = (await allInstances(shared)).map(i => i.InstanceId)
    expect(appIds).not.toContain('i-0ccccccccccccccc1')
    expect(sharedIds).toEqual(['i-0ccccccccccccccc1'])
    const appTgws = await app.send(new DescribeTransitGatewaysCommand({}))
    expect(appTgws.TransitGateways).toEqual([])
    expect(
      sandbox
        .find({ service: 'ec2', account: 'shared' })
        .every(r => r.principal?.includes(':assumed-role/OpenToAccount/'))
    ).toBe(true)
  })

  it('DescribeNetworkInterfaces filters by attachment.instance-id, network-interface-id and pages', async () => {
    const out = await app.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'attachment.instance-id', Values: ['i-0aaaaaaaaaaaaaa01'] }]
      })
    )
    expect(
      out.NetworkInterfaces!.map(n => [
        n.NetworkInterfaceId,
        n.Attachment?.DeviceIndex,
        n.Attachment?.InstanceId
      ])
    ).toEqual([
      ['eni-0aaaaaaaaaaaaaa01', 0, 'i-0aaaaaaaaaaaaaa01'],
      ['eni-0aaaaaaaaaaaaaa99', 1, 'i-0aaaaaaaaaaaaaa01']
    ])
    const fw = await app.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'network-interface-id', Values: ['eni-0f0e000000000001'] }]
      })
    )
    expect(fw.NetworkInterfaces![0]).toMatchObject({
      InterfaceType: 'gateway_load_balancer_endpoint',
      OwnerId: APP,
      VpcId: 'vpc-0a000000000000001',
      SubnetId: 'subnet-0a00000000000003',
      TagSet: [{ Key: 'Name', Value: 'inspection-endpoint' }]
    })
    let count = 0
    for await (const page of paginateDescribeNetworkInterfaces({ client: app }, {})) {
      expect(page.NetworkInterfaces!.length).toBeLessThanOrEqual(2)
      count += page.NetworkInterfaces!.length
    }
    expect(count).toBe(7) // 6 instance ENIs (terminated has none) + the endpoint ENI
  })

  it('serves gateways, attachments, endpoints, endpoint services and peering connections', async () => {
    const igw = await app.send(
      new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'tag:Name', Values: ['app-igw'] }] })
    )
    expect(igw.InternetGateways).toEqual([
      {
        InternetGatewayId: 'igw-0a000000000000001',
        OwnerId: APP,
        Attachments: [{ VpcId: 'vpc-0a000000000000001', State: 'available' }],
        Tags: [{ Key: 'Name', Value: 'app-igw' }]
      }
    ])
    const vgw = await app.send(new DescribeVpnGatewaysCommand({ VpnGatewayIds: ['vgw-0a000000000000001'] }))
    expect(vgw.VpnGateways![0]).toMatchObject({
      State: 'available',
      Type: 'ipsec.1',
      VpcAttachments: [{ VpcId: 'vpc-0a000000000000001', State: 'attached' }]
    })
    const att = await app.send(
      new DescribeTransitGatewayAttachmentsCommand({
        Filters: [{ Name: 'transit-gateway-id', Values: ['tgw-0c000000000000001'] }]
      })
    )
    expect(att.TransitGatewayAttachments![0]).toMatchObject({
      TransitGatewayAttachmentId: 'tgw-attach-0a00000000000001',
      TransitGatewayOwnerId: SHARED,
      ResourceOwnerId: APP,
      ResourceType: 'vpc',
      ResourceId: 'vpc-0a000000000000001',
      State: 'available'
    })
    const vpce = await app.send(
      new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-0a000000000000001'] })
    )
    expect(vpce.VpcEndpoints![0]).toMatchObject({
      VpcEndpointType: 'GatewayLoadBalancer',
      NetworkInterfaceIds: ['eni-0f0e000000000001'],
      ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0c000000000000001'
    })
    const pcx = await app.send(new DescribeVpcPeeringConnectionsCommand({}))
    expect(pcx.VpcPeeringConnections![0]).toMatchObject({
      VpcPeeringConnectionId: 'pcx-0a000000000000001',
      Status: { Code: 'active' },
      AccepterVpcInfo: { VpcId: 'vpc-0b000000000000001', OwnerId: SHARED, CidrBlock: '10.2.0.0/16' }
    })
    const tgw = await shared.send(
      new DescribeTransitGatewaysCommand({ TransitGatewayIds: ['tgw-0c000000000000001'] })
    )
    expect(tgw.TransitGateways![0]).toMatchObject({
      TransitGatewayArn: arn(SHARED, 'transit-gateway', 'tgw-0c000000000000001'),
      State: 'available',
      OwnerId: SHARED
    })
    const svc = await shared.send(new DescribeVpcEndpointServiceConfigurationsCommand({}))
    expect(svc.ServiceConfigurations![0]).toMatchObject({
      ServiceId: 'vpce-svc-0c000000000000001',
      ServiceType: [{ ServiceType: 'GatewayLoadBalancer' }],
      ServiceState: 'Available'
    })
  })
})

describe('Reachability Analyzer', () => {
  it('creates paths idempotently per ClientToken and finds them by id and tag filters', async () => {
    const input = {
      Source: 'i-0aaaaaaaaaaaaaa01',
      Destination: 'i-0aaaaaaaaaaaaaa03',
      Protocol: 'tcp' as const,
      DestinationPort: 5432,
      ClientToken: 'token-1',
      TagSpecifications: [
        {
          ResourceType: 'network-insights-path' as const,
          Tags: [{ Key: 'network-preflight', Value: 'run-1' }]
        }
      ]
    }
    const first = await app.send(new CreateNetworkInsightsPathCommand(input))
    const again = await app.send(new CreateNetworkInsightsPathCommand(input))
    expect(again.NetworkInsightsPath!.NetworkInsightsPathId).toBe(
      first.NetworkInsightsPath!.NetworkInsightsPathId
    )
    const mismatch = await errorOf(
      app.send(new CreateNetworkInsightsPathCommand({ ...input, DestinationPort: 5433 }))
    )
    expect(mismatch.name).toBe('IdempotentParameterMismatch')
    const p = first.NetworkInsightsPath!
    expect(p).toMatchObject({
      Source: 'i-0aaaaaaaaaaaaaa01',
      SourceArn: arn(APP, 'instance', 'i-0aaaaaaaaaaaaaa01'),
      DestinationArn: arn(APP, 'instance', 'i-0aaaaaaaaaaaaaa03'),
      Protocol: 'tcp',
      DestinationPort: 5432,
      Tags: [{ Key: 'network-preflight', Value: 'run-1' }]
    })
    const byTag = await app.send(
      new DescribeNetworkInsightsPathsCommand({
        Filters: [{ Name: 'tag:network-preflight', Values: ['run-1'] }]
      })
    )
    expect(byTag.NetworkInsightsPaths!.map(x => x.NetworkInsightsPathId)).toEqual([p.NetworkInsightsPathId])
    const byKey = await app.send(
      new DescribeNetworkInsightsPathsCommand({
        Filters: [{ Name: 'tag-key', Values: ['network-preflight'] }]
      })
    )
    expect(byKey.NetworkInsightsPaths).toHaveLength(1)
    const none = await shared.send(
      new DescribeNetworkInsightsPathsCommand({
        Filters: [{ Name: 'tag-key', Values: ['network-preflight'] }]
      })
    )
    expect(none.NetworkInsightsPaths).toEqual([])
    const missing = await errorOf(
      app.send(new DescribeNetworkInsightsPathsCommand({ NetworkInsightsPathIds: ['nip-0123456789abcdef0'] }))
    )
    expect(missing.name).toBe('InvalidNetworkInsightsPathId.NotFound')
    const badProtocol = await errorOf(
      app.send(
        new CreateNetworkInsightsPathCommand({
          Source: 'i-0aaaaaaaaaaaaaa01',
          Destination: 'i-0aaaaaaaaaaaaaa03',
          Protocol: 'icmp' as 'tcp'
        })
      )
    )
    expect(badProtocol.name).toBe('InvalidParameterValue')
  })

  it('runs an analysis: running first, then the shortest reachable path, the primary ENI standing for its instance', async () => {
    const path = await app.send(
      new CreateNetworkInsightsPathCommand({
        Source: 'eni-0aaaaaaaaaaaaaa01',
        Destination: 'i-0aaaaaaaaaaaaaa03',
        Protocol: 'tcp',
        DestinationPort: 5432
      })
    )
    sandbox.setKnobs({ timeScale: 0.1 }) // 20 s analyses take ~2 s
    try {
      const started = await app.send(
        new StartNetworkInsightsAnalysisCommand({
          NetworkInsightsPathId: path.NetworkInsightsPath!.NetworkInsightsPathId
        })
      )
      expect(started.NetworkInsightsAnalysis!.Status).toBe('running')
      const id = started.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!
      const now = await app.send(
        new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [id] })
      )
      expect(now.NetworkInsightsAnalyses![0].Status).toBe('running')
      expect(now.NetworkInsightsAnalyses![0].ForwardPathComponents).toBeUndefined()
      // Don't leave it finishing in the middle of later tests.
      await app.send(new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: id }))
    } finally {
      sandbox.setKnobs({ timeScale: 0.001 })
    }
    const done = await analyse(app, {
      Source: 'eni-0aaaaaaaaaaaaaa01',
      Destination: 'i-0aaaaaaaaaaaaaa03',
      DestinationPort: 5432
    })
    expect(done.Status).toBe('succeeded')
    expect(done.NetworkPathFound).toBe(true)
    expect(ids(done)).toEqual([
      'i-0aaaaaaaaaaaaaa01',
      'eni-0aaaaaaaaaaaaaa01',
      'sg-0a1b2c3d4e5f60001',
      'eni-0aaaaaaaaaaaaaa03',
      'i-0aaaaaaaaaaaaaa03'
    ])
    const eniHop = done.ForwardPathComponents![1]
    expect(eniHop).toMatchObject({
      SequenceNumber: 2,
      AttachedTo: {
        Id: 'i-0aaaaaaaaaaaaaa01',
        Arn: arn(APP, 'instance', 'i-0aaaaaaaaaaaaaa01'),
        Name: 'app-server'
      },
      Subnet: { Id: 'subnet-0a00000000000001' },
      Vpc: { Id: 'vpc-0a000000000000001', Arn: arn(APP, 'vpc', 'vpc-0a000000000000001') }
    })
    expect(done.ForwardPathComponents![2].Component).toEqual({
      Id: 'sg-0a1b2c3d4e5f60001',
      Arn: arn(APP, 'security-group', 'sg-0a1b2c3d4e5f60001'),
      Name: 'app-sg'
    })
    expect(ids(done, 'ReturnPathComponents')).toEqual([
      'i-0aaaaaaaaaaaaaa03',
      'eni-0aaaaaaaaaaaaaa03',
      'eni-0aaaaaaaaaaaaaa01',
      'i-0aaaaaaaaaaaaaa01'
    ])
  })

  it('FilterInArns and FilterOutArns pick the candidate path, or explain that none fits', async () => {
    const base = { Source: 'i-0aaaaaaaaaaaaaa01', Destination: 'i-0aaaaaaaaaaaaaa03', DestinationPort: 5432 }
    const via = await analyse(app, base, {
      FilterInArns: [arn(APP, 'vpc-endpoint', 'vpce-0a000000000000001')]
    })
    expect(via.NetworkPathFound).toBe(true)
    expect(ids(via)).toContain('eni-0f0e000000000001')
    expect(via.FilterInArns).toEqual([arn(APP, 'vpc-endpoint', 'vpce-0a000000000000001')])
    const avoid = await analyse(app, base, {
      FilterOutArns: [arn(APP, 'security-group', 'sg-0a1b2c3d4e5f60001')]
    })
    expect(ids(avoid)).toContain('vpce-0a000000000000001')
    const never = await analyse(app, base, {
      FilterInArns: [arn(APP, 'internet-gateway', 'igw-0a000000000000001')]
    })
    expect(never.NetworkPathFound).toBe(false)
    expect(never.Explanations).toEqual([
      {
        ExplanationCode: 'COMPONENT_FILTER_RESTRICTION',
        Component: { Id: 'igw-0a000000000000001', Arn: arn(APP, 'internet-gateway', 'igw-0a000000000000001') }
      }
    ])
    const removed = await analyse(app, base, {
      FilterInArns: [arn(APP, 'vpc-endpoint', 'vpce-0a000000000000001')],
      FilterOutArns: [arn(APP, 'network-interface', 'eni-0f0e000000000001')]
    })
    // REMOVED_COMPONENT names the avoided component the via's paths all traverse.
    expect(removed.Explanations).toEqual([
      {
        ExplanationCode: 'COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT',
        Component: { Id: 'eni-0f0e000000000001', Arn: arn(APP, 'network-interface', 'eni-0f0e000000000001') }
      }
    ])
    // Without FilterIn: every candidate traverses the avoided component, so it is the one removed.
    const unavoidable = await analyse(app, base, {
      FilterOutArns: [arn(APP, 'instance', 'i-0aaaaaaaaaaaaaa03')]
    })
    expect(unavoidable.Explanations).toEqual([
      {
        ExplanationCode: 'COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT',
        Component: { Id: 'i-0aaaaaaaaaaaaaa03', Arn: arn(APP, 'instance', 'i-0aaaaaaaaaaaaaa03') }
      }
    ])
    // Two via components each on some candidate, never on one together: nothing to name.
    const apart = await analyse(app, base, {
      FilterInArns: [
        arn(APP, 'vpc-endpoint', 'vpce-0a000000000000001'),
        arn(APP, 'security-group', 'sg-0a1b2c3d4e5f60001')
      ]
    })
    expect(apart.Explanations).toEqual([{ ExplanationCode: 'NO_PATH' }])
  })

  it('explains a drifted security group with AWS field names, Arns filled in', async () => {
    const a = await analyse(app, {
      Source: 'i-0aaaaaaaaaaaaaa02',
      Destination: 'i-0aaaaaaaaaaaaaa03',
      DestinationPort: 5432
    })
    expect(a.Status).toBe('succeeded')
    expect(a.NetworkPathFound).toBe(false)
    expect(ids(a)).toEqual(['i-0aaaaaaaaaaaaaa02'])
    const [e] = a.Explanations!
    expect(e.ExplanationCode).toBe('ENI_SG_RULES_MISMATCH')
    expect(e.Direction).toBe('ingress')
    expect(e.NetworkInterface).toEqual({
      Id: 'eni-0aaaaaaaaaaaaaa03',
      Arn: arn(APP, 'network-interface', 'eni-0aaaaaaaaaaaaaa03')
    })
    expect(e.SecurityGroups).toEqual([
      { Id: 'sg-0a1b2c3d4e5f60002', Arn: arn(APP, 'security-group', 'sg-0a1b2c3d4e5f60002') }
    ])
    expect(e.SecurityGroupRule).toEqual({
      SecurityGroupId: 'sg-0a1b2c3d4e5f60002',
      Direction: 'ingress',
      PortRange: { From: 3306, To: 3306 },
      Protocol: 'tcp',
      Cidr: '10.1.1.0/24'
    })
    expect(e.AclRule).toEqual({
      Cidr: '10.1.0.0/16',
      Egress: false,
      Protocol: '6',
      RuleAction: 'allow',
      RuleNumber: 100
    })
  })

  it('fails analyses a fact says fail, and explains unknown pairs as not reachable', async () => {
    const failed = await analyse(app, {
      Source: 'i-0aaaaaaaaaaaaaa01',
      Destination: 'i-0aaaaaaaaaaaaaa03',
      Protocol: 'udp',
      DestinationPort: 53
    })
    expect(failed.Status).toBe('failed')
    expect(failed.StatusMessage).toBe('Internal error while analysing the path')
    expect(failed.NetworkPathFound).toBeUndefined()
    const sameVpc = await analyse(app, {
      Source: 'i-0aaaaaaaaaaaaaa03',
      Destination: 'i-0aaaaaaaaaaaaaa01',
      DestinationPort: 22
    })
    expect(sameVpc.NetworkPathFound).toBe(false)
    expect(sameVpc.Explanations![0]).toMatchObject({
      ExplanationCode: 'ENI_SG_RULES_MISMATCH',
      Direction: 'ingress',
      NetworkInterface: { Id: 'eni-0aaaaaaaaaaaaaa01' },
      SecurityGroups: [{ Id: 'sg-0a1b2c3d4e5f60001', Name: 'app-sg' }]
    })
    const otherVpc = await analyse(app, {
      Source: 'i-0aaaaaaaaaaaaaa06',
      Destination: 'i-0aaaaaaaaaaaaaa01',
      DestinationPort: 22
    })
    expect(otherVpc.Explanations![0]).toMatchObject({
      ExplanationCode: 'NO_ROUTE_TO_DESTINATION',
      Destination: { Id: 'i-0aaaaaaaaaaaaaa01' },
      Vpc: { Id: 'vpc-0a000000000000009' }
    })
    const terminated = await analyse(app, {
      Source: 'i-0aaaaaaaaaaaaaa01',
      Destination: 'i-0aaaaaaaaaaaaaa05',
      DestinationPort: 22
    })
    expect(terminated.Explanations![0]).toMatchObject({
      ExplanationCode: 'UNASSOCIATED_COMPONENT',
      Component: { Id: 'i-0aaaaaaaaaaaaaa05' }
    })
  })

  it('sees another account’s endpoint only with AdditionalAccounts from a delegated administrator', async () => {
    const dest = arn(SHARED, 'instance', 'i-0ccccccccccccccc1')
    const path = { Source: 'i-0aaaaaaaaaaaaaa01', Destination: dest, DestinationPort: 5432 }
    const hidden = await analyse(app, path)
    expect(hidden.NetworkPathFound).toBe(false)
    expect(hidden.Explanations).toEqual([
      {
        ExplanationCode: 'NO_SOURCE_OR_DESTINATION',
        Component: { Id: 'i-0ccccccccccccccc1', Arn: dest, Name: 'shared-db' }
      }
    ])
    expect(hidden.SuggestedAccounts).toEqual([SHARED])
    const seen = await analyse(app, path, { AdditionalAccounts: [SHARED] })
    expect(seen.NetworkPathFound).toBe(true)
    expect(seen.AdditionalAccounts).toEqual([SHARED])
    expect(ids(seen)).toEqual([
      'i-0aaaaaaaaaaaaaa01',
      'eni-0aaaaaaaaaaaaaa01',
      'tgw-attach-0a00000000000001',
      'tgw-0c000000000000001',
      'i-0ccccccccccccccc1'
    ])
    expect(seen.ForwardPathComponents![3].Component!.Arn).toBe(
      arn(SHARED, 'transit-gateway', 'tgw-0c000000000000001')
    )
    // An account that is neither management nor delegated administrator may not ask for other accounts.
    const c = sandbox.issueRoleCredentials('arn:aws:iam::444444444444:role/NoOidcHere')
    const outsider = ec2(sandbox, {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken
    })
    const p = await outsider.send(
      new CreateNetworkInsightsPathCommand({
        Source: 'i-0123456789abcdef0',
        Destination: dest,
        Protocol: 'tcp'
      })
    )
    const refused = await errorOf(
      outsider.send(
        new StartNetworkInsightsAnalysisCommand({
          NetworkInsightsPathId: p.NetworkInsightsPath!.NetworkInsightsPathId,
          AdditionalAccounts: [SHARED]
        })
      )
    )
    expect(refused.name).toBe('UnauthorizedOperation')
    expect(refused.$metadata?.httpStatusCode).toBe(403)
  })

  it('describes many analyses per call, filters by status and path-found, pages, and hides other accounts’', async () => {
    const ok = await analyse(app, {
      Source: 'i-0aaaaaaaaaaaaaa01',
      Destination: 'i-0aaaaaaaaaaaaaa03',
      DestinationPort: 5432
    })
    const bad = await analyse(app, {
      Source: 'i-0aaaaaaaaaaaaaa02',
      Destination: 'i-0aaaaaaaaaaaaaa03',
      DestinationPort: 5432
    })
    const both = await app.send(
      new DescribeNetworkInsightsAnalysesCommand({
        NetworkInsightsAnalysisIds: [ok.NetworkInsightsAnalysisId!, bad.NetworkInsightsAnalysisId!]
      })
    )
    expect(both.NetworkInsightsAnalyses!.map(a => a.NetworkPathFound)).toEqual([true, false])
    const found = await app.send(
      new DescribeNetworkInsightsAnalysesCommand({
        NetworkInsightsAnalysisIds: [ok.NetworkInsightsAnalysisId!, bad.NetworkInsightsAnalysisId!],
        Filters: [{ Name: 'path-found', Values: ['true'] }]
      })
    )
    expect(found.NetworkInsightsAnalyses!.map(a => a.NetworkInsightsAnalysisId)).toEqual([
      ok.NetworkInsightsAnalysisId
    ])
    let total = 0
    let pages = 0
    for await (const page of paginateDescribeNetworkInsightsAnalyses(
      { client: app },
      { Filters: [{ Name: 'status', Values: ['succeeded'] }] }
    )) {
      pages++
      total += page.NetworkInsightsAnalyses!.length
      expect(page.NetworkInsightsAnalyses!.every(a => a.Status === 'succeeded')).toBe(true)
    }
    expect(pages).toBeGreaterThan(1)
    expect(total).toBe(
      sandbox.state().analyses.filter(a => a.accountId === APP && a.status === 'succeeded').length
    )
    const foreign = await errorOf(
      shared.send(
        new DescribeNetworkInsightsAnalysesCommand({
          NetworkInsightsAnalysisIds: [ok.NetworkInsightsAnalysisId!]
        })
      )
    )
    expect(foreign.name).toBe('InvalidNetworkInsightsAnalysisId.NotFound')
  })

  it('refuses to delete a path that still has analyses, then deletes analyses and path', async () => {
    const a = await analyse(app, {
      Source: 'i-0aaaaaaaaaaaaaa01',
      Destination: 'i-0aaaaaaaaaaaaaa02',
      DestinationPort: 80
    })
    const pathId = a.NetworkInsightsPathId!
    const refused = await errorOf(
      app.send(new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: pathId }))
    )
    expect(refused.name).toBe('AnalysisExistsForNetworkInsightsPath')
    expect(refused.message).toContain(a.NetworkInsightsAnalysisId!)
    const del = await app.send(
      new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: a.NetworkInsightsAnalysisId })
    )
    expect(del.NetworkInsightsAnalysisId).toBe(a.NetworkInsightsAnalysisId)
    const gone = await app.send(new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: pathId }))
    expect(gone.NetworkInsightsPathId).toBe(pathId)
    expect(sandbox.state().paths.map(p => p.id)).not.toContain(pathId)
    const again = await errorOf(
      app.send(
        new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: a.NetworkInsightsAnalysisId })
      )
    )
    expect(again.name).toBe('InvalidNetworkInsightsAnalysisId.NotFound')
  })

  it('CreateTags / DeleteTags change what tag filters find, per account', async () => {
    const a = await analyse(app, {
      Source: 'i-0aaaaaaaaaaaaaa01',
      Destination: 'i-0aaaaaaaaaaaaaa03',
      DestinationPort: 5432
    })
    const id = a.NetworkInsightsAnalysisId!
    await app.send(
      new CreateTagsCommand({
        Resources: [id, 'i-0aaaaaaaaaaaaaa04'],
        Tags: [{ Key: 'owner', Value: 'preflight' }]
      })
    )
    const tagged = await app.send(
      new DescribeNetworkInsightsAnalysesCommand({ Filters: [{ Name: 'tag:owner', Values: ['preflight'] }] })
    )
    expect(tagged.NetworkInsightsAnalyses!.map(x => x.NetworkInsightsAnalysisId)).toEqual([id])
    expect(
      (await allInstances(app, [{ Name: 'tag:owner', Values: ['preflight'] }])).map(i => i.InstanceId)
    ).toEqual(['i-0aaaaaaaaaaaaaa04'])
    await app.send(
      new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'owner', Value: 'someone-else' }] })
    )
    expect(sandbox.state().tags.find(t => t.resourceId === id)?.tags).toEqual({ owner: 'preflight' })
    await app.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'owner' }] }))
    expect(sandbox.state().tags.find(t => t.resourceId === id)).toBeUndefined()
    const foreign = await errorOf(
      shared.send(
        new CreateTagsCommand({ Resources: ['i-0aaaaaaaaaaaaaa04'], Tags: [{ Key: 'x', Value: 'y' }] })
      )
    )
    expect(foreign.name).toBe('InvalidInstanceID.NotFound')
    const reserved = await errorOf(
      app.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'aws:x', Value: 'y' }] }))
    )
    expect(reserved.name).toBe('InvalidParameterValue')
  })

  it('keeps analyses running forever when a fact says so, and answers DryRun like EC2', async () => {
    const p = await app.send(
      new CreateNetworkInsightsPathCommand({
        Source: 'i-0aaaaaaaaaaaaaa02',
        Destination: 'i-0aaaaaaaaaaaaaa01',
        Protocol: 'tcp'
      })
    )
    const s = await app.send(
      new StartNetworkInsightsAnalysisCommand({
        NetworkInsightsPathId: p.NetworkInsightsPath!.NetworkInsightsPathId
      })
    )
    await new Promise(r => setTimeout(r, 60))
    const d = await app.send(
      new DescribeNetworkInsightsAnalysesCommand({
        NetworkInsightsAnalysisIds: [s.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!]
      })
    )
    expect(d.NetworkInsightsAnalyses![0].Status).toBe('running')
    const dry = await errorOf(app.send(new DescribeInstancesCommand({ DryRun: true })))
    expect(dry.name).toBe('DryRunOperation')
    expect(dry.$metadata?.httpStatusCode).toBe(412)
  })

  it('rejects a wrong secret (SignatureDoesNotMatch) and unknown keys (AuthFailure)', async () => {
    const wrong = ec2(sandbox, { ...APP_KEYS, secretAccessKey: 'not-the-secret' }, 'us-east-1', 1)
    const sig = await errorOf(wrong.send(new DescribeInstancesCommand({})))
    expect(sig.name).toBe('SignatureDoesNotMatch')
    const unknown = ec2(
      sandbox,
      { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
      'us-east-1',
      1
    )
    const auth = await errorOf(unknown.send(new DescribeInstancesCommand({})))
    expect(auth.name).toBe('AuthFailure')
    expect(auth.$metadata?.httpStatusCode).toBe(401)
    const euWest = await ec2(sandbox, APP_KEYS, 'eu-west-1').send(new DescribeInstancesCommand({}))
    expect(euWest.Reservations).toEqual([]) // the region comes from the signature's scope
    expect(sandbox.find({ service: 'ec2', region: 'eu-west-1' })).toHaveLength(1)
  })
})
