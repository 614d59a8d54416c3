// The managed-service resolvers against the sandbox, through the real SDK clients and wire formats.
import { resolveEndpoints } from '../../src/resolve/index.js'
import type { Endpoint, Resolution, Selector } from '../../src/model.js'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { sandboxProvider } from './managed-sandbox.js'

const SCENARIO = new URL('../../examples/scenarios/lambda-rds.yaml', import.meta.url).pathname
const ACCOUNTS = { app: { id: '222222222222', role: 'arn:aws:iam::222222222222:role/NetworkPreflight' } }

let sandbox: Sandbox
let provider: ReturnType<typeof sandboxProvider>
beforeAll(async () => {
  sandbox = await startSandbox(SCENARIO)
  provider = sandboxProvider(sandbox, ACCOUNTS)
})
afterAll(async () => {
  provider.destroy()
  await sandbox.close()
})

const endpoint = (role: Endpoint['role'], selector: Selector): Endpoint => ({
  role,
  account: 'app',
  region: 'us-east-1',
  selector,
  location: { file: 'preflight.yaml', line: 1, column: 1 }
})
const managed = (
  service: Extract<Selector, { by: 'managed' }>['service'],
  name: string,
  role?: 'reader' | 'writer'
): Selector => ({
  by: 'managed',
  service,
  name,
  ...(role ? { role } : {})
})

async function resolve(e: Endpoint, lookupHost?: (name: string) => Promise<string[]>): Promise<Resolution> {
  const results = await resolveEndpoints([e], provider, { lookupHost: lookupHost ?? (async () => []) })
  return results.get(e)!
}
const ids = (r: Resolution) => (r.ok ? (r.members ?? [r.target]).map(m => m.resourceId) : r.error)

describe('lambda', () => {
  it("is its Hyperplane ENI: the Lambda ENI in its subnets with exactly its security groups, not another function's", async () => {
    const r = await resolve(endpoint('source', managed('lambda', 'orders-fn')))
    expect(ids(r)).toEqual(['eni-0c0000000000f0001'])
    expect(r.ok && r.target).toMatchObject({
      kind: 'network-interface',
      arn: 'arn:aws:ec2:us-east-1:222222222222:network-interface/eni-0c0000000000f0001',
      name: 'orders-fn',
      vpcId: 'vpc-0c00000000000c001'
    })
    expect(r.ok && r.groupMatch).toBe('each')
    expect(
      ids(
        await resolve(
          endpoint('source', managed('lambda', 'arn:aws:lambda:us-east-1:222222222222:function:reports-fn'))
        )
      )
    ).toEqual(['eni-0c0000000000f0003'])
    const filters = sandbox.find({ service: 'ec2', action: 'DescribeNetworkInterfaces' })[0].params.Filters
    expect(filters).toEqual(
      expect.arrayContaining([{ Name: 'description', Values: ['AWS Lambda VPC ENI*'] }])
    )
  })

  it('explains a function outside a VPC and an unknown one', async () => {
    expect(ids(await resolve(endpoint('source', managed('lambda', 'edge-fn'))))).toMatch(
      /edge-fn .* is not connected to a VPC/
    )
    expect(ids(await resolve(endpoint('source', managed('lambda', 'nope'))))).toMatch(
      /Lambda function nope not found in account app \(222222222222\), region us-east-1/
    )
  })
})

describe('rds', () => {
  it('is the ENI in the instance’s current AZ with its security groups; a failover moves it to the standby’s', async () => {
    expect(ids(await resolve(endpoint('destination', managed('rds', 'orders-db'))))).toEqual([
      'eni-0c0000000000d00a1'
    ])
    expect(
      ids(
        await resolve(
          endpoint('destination', managed('rds', 'arn:aws:rds:us-east-1:222222222222:db:other-db'))
        )
      )
    ).toEqual(['eni-0c0000000000d00c1'])
  })

  it('a cluster is its writer, or every reader with role: reader', async () => {
    expect(ids(await resolve(endpoint('destination', managed('rds', 'ledger'))))).toEqual([
      'eni-0c0000000000d00c1'
    ])
    expect(ids(await resolve(endpoint('destination', managed('rds', 'ledger', 'reader'))))).toEqual([
      'eni-0c0000000000d00c2'
    ])
    expect(ids(await resolve(endpoint('destination', managed('rds', 'orders-db', 'reader'))))).toMatch(
      /is a DB instance, not a cluster/
    )
    expect(ids(await resolve(endpoint('destination', managed('rds', 'missing-db'))))).toMatch(
      /RDS DB instance or cluster missing-db not found/
    )
  })
})

describe('load_balancer', () => {
  const alb = 'arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/web-alb/0c0c0c0c0c0c0c0c'
  it('in via is its ARN; as a destination, its registered targets, each through it', async () => {
    const via = await resolve(endpoint('via', managed('load_balancer', 'web-alb')))
    expect(via.ok && via.target).toMatchObject({ kind: 'load-balancer', arn: alb, resourceId: 'web-alb' })
    const destination = await resolve(endpoint('destination', managed('load_balancer', alb)))
    expect(ids(destination)).toEqual(['i-0c000000000000a01', 'i-0c000000000000b01'])
    if (!destination.ok) throw new Error(destination.error)
    for (const member of destination.members ?? [])
      expect(member.mustTraverse?.map(t => t.arn)).toEqual([alb])
    expect(destination.members?.[0].primaryNetworkInterfaceId).toMatch(/^eni-/)
    expect(destination.members?.[1].warnings?.join()).toMatch(/unhealthy/)
  })
})

describe('network_firewall', () => {
  it('in via is the firewall ARN; the label names its AZ endpoints', async () => {
    const r = await resolve(endpoint('via', managed('network_firewall', 'inspection')))
    if (!r.ok) throw new Error(r.error)
    expect(r.target).toMatchObject({
      kind: 'network-firewall',
      arn: 'arn:aws:network-firewall:us-east-1:222222222222:firewall/inspection',
      vpcId: 'vpc-0c00000000000c009'
    })
    expect(r.groupLabel).toBe(
      'Network Firewall inspection (endpoints vpce-0c00000000000f0a1 (us-east-1a), vpce-0c00000000000f0b1 (us-east-1b))'
    )
    expect(ids(await resolve(endpoint('avoid', managed('network_firewall', 'other'))))).toMatch(
      /Network Firewall other not found/
    )
  })
})

describe('ecs_service', () => {
  it('is the ENIs of its running awsvpc tasks', async () => {
    expect(ids(await resolve(endpoint('source', managed('ecs_service', 'prod/web'))))).toEqual([
      'eni-0c0000000000e0001'
    ])
    expect(ids(await resolve(endpoint('source', managed('ecs_service', 'prod/api'))))).toMatch(
      /service api in cluster prod not found/
    )
    expect(ids(await resolve(endpoint('source', managed('ecs_service', 'staging/web'))))).toMatch(
      /cluster staging not found/
    )
  })
})

describe('after the world changes', () => {
  it('a replaced Lambda ENI and a failed-over database resolve to the new ENIs', async () => {
    const before = sandbox.scenario.resources!
    const region = structuredClone(before.app['us-east-1'])
    const lambdaEni = region.networkInterfaces!.find(e => e.id === 'eni-0c0000000000f0001')!
    lambdaEni.id = 'eni-0c0000000000f0002'
    const db = region.dbInstances!.find(d => d.id === 'orders-db')!
    ;[db.availabilityZone, db.secondaryAvailabilityZone] = [
      db.secondaryAvailabilityZone!,
      db.availabilityZone
    ]
    sandbox.replaceResources({ app: { 'us-east-1': region } })
    try {
      expect(ids(await resolve(endpoint('source', managed('lambda', 'orders-fn'))))).toEqual([
        'eni-0c0000000000f0002'
      ])
      expect(ids(await resolve(endpoint('destination', managed('rds', 'orders-db'))))).toEqual([
        'eni-0c0000000000d00b1'
      ])
    } finally {
      sandbox.replaceResources(before)
    }
  })
})
