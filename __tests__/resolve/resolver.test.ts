import { afterEach, describe, expect, it } from '@jest/globals'
import type { Endpoint, Resolution, ResolvedTarget } from '../../src/model.js'
import { resolveEndpoints } from '../../src/resolve/index.js'
import { byArn, byId, byTags, ec2Error, endpoint, FakeEc2, kindOfId } from './fakeEc2.js'

const IDS = { app: '222222222222', shared: '333333333333', data: '444444444444' }
const REGION = 'us-east-1'

let fake: FakeEc2 | undefined
afterEach(() => {
  fake?.restore()
  fake = undefined
})

function target(resolution: Resolution | undefined): ResolvedTarget {
  if (!resolution?.ok)
    throw new Error(`expected a target, got: ${resolution?.ok === false ? resolution.error : 'nothing'}`)
  return resolution.target
}

function failure(resolution: Resolution | undefined): string {
  if (resolution?.ok !== false) throw new Error(`expected an error, got ${JSON.stringify(resolution)}`)
  return resolution.error
}

describe('single selectors', () => {
  it('resolves an instance to its primary network interface with ARN, owner, VPC and Name', async () => {
    fake = new FakeEc2(IDS).add('app', REGION, {
      kind: 'instance',
      id: 'i-0aaa1111bbbb2222c',
      tags: { Name: 'app-server' },
      vpcId: 'vpc-0app',
      primaryEni: 'eni-0primary'
    })
    const source = endpoint('app', REGION, byTags({ Name: 'app-server' }))
    const byInstanceId = endpoint('app', REGION, byId('i-0aaa1111bbbb2222c'), 'destination')
    const results = await resolveEndpoints([source, byInstanceId], fake.provider())
    const expected = {
      kind: 'instance',
      resourceId: 'i-0aaa1111bbbb2222c',
      arn: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0aaa1111bbbb2222c',
      ownerAccountId: '222222222222',
      account: 'app',
      region: REGION,
      vpcId: 'vpc-0app',
      name: 'app-server',
      primaryNetworkInterfaceId: 'eni-0primary'
    }
    expect(target(results.get(source))).toEqual(expected)
    expect(target(results.get(byInstanceId))).toEqual(expected)
  })

  it('resolves a stopped instance with a warning, and refuses terminated and shutting-down ones', async () => {
    fake = new FakeEc2(IDS).add(
      'app',
      REGION,
      { kind: 'instance', id: 'i-stopped', state: 'stopped', tags: { Name: 'batch' }, primaryEni: 'eni-s' },
      { kind: 'instance', id: 'i-gone', state: 'terminated', tags: { Name: 'old-web' }, primaryEni: 'eni-g' },
      {
        kind: 'instance',
        id: 'i-going',
        state: 'shutting-down',
        tags: { Name: 'old-web' },
        primaryEni: 'eni-h'
      },
      { kind: 'instance', id: 'i-web', tags: { Name: 'web' }, primaryEni: 'eni-w' }
    )
    const stopped = endpoint('app', REGION, byId('i-stopped'))
    const terminated = endpoint('app', REGION, byId('i-gone'))
    const shuttingDown = endpoint('app', REGION, byId('i-going'))
    const oldWeb = endpoint('app', REGION, byTags({ Name: 'old-web' }))
    const results = await resolveEndpoints([stopped, terminated, shuttingDown, oldWeb], fake.provider())

    expect(target(results.get(stopped)).warnings).toEqual([
      'instance i-stopped is stopped: the analysis still checks its network configuration, but nothing answers until it runs'
    ])
    expect(failure(results.get(terminated))).toMatch(
      /^i-gone is terminated \(account app \(222222222222\), region us-east-1\)/
    )
    expect(failure(results.get(shuttingDown))).toContain('i-going is shutting-down')
    const noMatch = failure(results.get(oldWeb))
    expect(noMatch).toContain(
      'No instance or network interface in account app (222222222222), region us-east-1 has the tags Name=old-web'
    )
    expect(noMatch).toContain('Ignored because they are gone: i-gone (terminated), i-going (shutting-down)')
  })

  it('reports every candidate of an ambiguous tag selector with its Name tag', async () => {
    fake = new FakeEc2(IDS).add(
      'app',
      REGION,
      { kind: 'instance', id: 'i-web1', tags: { Name: 'web-a', role: 'web' }, primaryEni: 'eni-1' },
      { kind: 'instance', id: 'i-web2', tags: { Name: 'web-b', role: 'web' }, primaryEni: 'eni-2' },
      { kind: 'network-interface', id: 'eni-lonely', tags: { role: 'web' } }
    )
    const web = endpoint('app', REGION, byTags({ role: 'web' }))
    const error = failure((await resolveEndpoints([web], fake.provider())).get(web))
    expect(error).toBe(
      'The source selector on line 1 (role=web) matches 3 resources in account app (222222222222), region us-east-1: i-web1 (web-a), i-web2 (web-b), ' +
        'eni-lonely (no Name tag). A selector matches exactly one unless it says `match: each` (every one must satisfy the assertion) ' +
        'or `match: any` (at least one must); or add a tag that tells them apart, set `kind:`, or use resource_id.'
    )
  })

  it('says where it searched, and with which filters, when nothing matches', async () => {
    fake = new FakeEc2(IDS).add('shared', 'eu-west-1', {
      kind: 'instance',
      id: 'i-db',
      tags: { Name: 'db', env: 'staging' },
      primaryEni: 'eni-db'
    })
    const db = endpoint('shared', 'eu-west-1', byTags({ Name: 'db', env: 'prod' }))
    const eni = endpoint('shared', 'eu-west-1', byId('eni-0123456789abcdef0'))
    const results = await resolveEndpoints([db, eni], fake.provider())
    expect(failure(results.get(db))).toBe(
      'No instance or network interface in account shared (333333333333), region eu-west-1 has the tags Name=db, env=prod ' +
        '(searched DescribeInstances with tag-key=Name,env; DescribeNetworkInterfaces with tag-key=Name,env). ' +
        'Check the tag keys and values (case-sensitive), the account and the region.'
    )
    expect(failure(results.get(eni))).toBe(
      'network interface eni-0123456789abcdef0 not found in account shared (333333333333), region eu-west-1 ' +
        '(searched DescribeNetworkInterfaces with network-interface-id=eni-0123456789abcdef0). Check the id, the account and the region.'
    )
  })

  it('reads every page: a match on the third page resolves', async () => {
    fake = new FakeEc2(IDS)
    fake.pageSize = 2
    for (let n = 1; n <= 5; n++) {
      fake.add('app', REGION, {
        kind: 'instance',
        id: `i-${n}`,
        tags: { Name: n === 5 ? 'needle' : `hay-${n}` },
        primaryEni: `eni-${n}`
      })
    }
    const needle = endpoint('app', REGION, byTags({ Name: 'needle' }, ['instance']))
    const results = await resolveEndpoints([needle], fake.provider())
    expect(target(results.get(needle)).resourceId).toBe('i-5')
    expect(fake.calls('DescribeInstances')).toBe(3)
  })

  it('prefers an instance over its own network interface carrying the same tags', async () => {
    fake = new FakeEc2(IDS).add(
      'app',
      REGION,
      { kind: 'instance', id: 'i-api', tags: { Name: 'api' }, primaryEni: 'eni-api' },
      { kind: 'network-interface', id: 'eni-api', tags: { Name: 'api' }, attachedInstanceId: 'i-api' }
    )
    const api = endpoint('app', REGION, byTags({ Name: 'api' }))
    expect(target((await resolveEndpoints([api], fake.provider())).get(api)).resourceId).toBe('i-api')
  })

  it('checks ARNs against the confirmed account id and the endpoint region', async () => {
    fake = new FakeEc2(IDS).add('app', REGION, {
      kind: 'network-interface',
      id: 'eni-0arn',
      tags: { Name: 'by-arn' },
      vpcId: 'vpc-1'
    })
    const good = endpoint(
      'app',
      REGION,
      byArn('arn:aws:ec2:us-east-1:222222222222:network-interface/eni-0arn')
    )
    const otherAccount = endpoint(
      'app',
      REGION,
      byArn('arn:aws:ec2:us-east-1:999999999999:network-interface/eni-0arn')
    )
    const otherRegion = endpoint(
      'app',
      REGION,
      byArn('arn:aws:ec2:eu-west-1:222222222222:network-interface/eni-0arn')
    )
    const results = await resolveEndpoints([good, otherAccount, otherRegion], fake.provider())
    expect(target(results.get(good))).toMatchObject({
      kind: 'network-interface',
      name: 'by-arn',
      vpcId: 'vpc-1'
    })
    expect(failure(results.get(otherAccount))).toContain(
      'belongs to account 999999999999, but account "app" is 222222222222'
    )
    expect(failure(results.get(otherRegion))).toContain(
      'is in region eu-west-1, but this endpoint resolves in us-east-1'
    )
  })

  it('resolves an IP destination without any AWS call', async () => {
    fake = new FakeEc2(IDS)
    const provider = fake.provider()
    const ip = endpoint('app', REGION, { by: 'ip', ip: '10.0.1.5' }, 'destination')
    expect(target((await resolveEndpoints([ip], provider)).get(ip))).toEqual({
      kind: 'ip',
      resourceId: '10.0.1.5',
      ip: '10.0.1.5',
      account: 'app',
      region: REGION
    })
    expect(fake.calls()).toBe(0)
    expect(provider.ec2Calls).toBe(0)
  })

  it('resolves every kind by id and by tags, with the ARN type of each', async () => {
    fake = new FakeEc2(IDS).add(
      'shared',
      REGION,
      { kind: 'network-interface', id: 'eni-1', tags: { Name: 'n-eni' } },
      { kind: 'internet-gateway', id: 'igw-1', tags: { Name: 'n-igw' }, vpcId: 'vpc-igw' },
      { kind: 'vpn-gateway', id: 'vgw-1', tags: { Name: 'n-vgw' }, vpcId: 'vpc-vgw' },
      { kind: 'transit-gateway', id: 'tgw-1', tags: { Name: 'n-tgw' } },
      {
        kind: 'transit-gateway-attachment',
        id: 'tgw-attach-1',
        tags: { Name: 'n-att' },
        vpcId: 'vpc-att',
        ownerId: '555555555555'
      },
      { kind: 'vpc-endpoint', id: 'vpce-1', tags: { Name: 'n-vpce' }, vpcId: 'vpc-e' },
      { kind: 'vpc-endpoint-service', id: 'vpce-svc-1', tags: { Name: 'n-svc' } },
      { kind: 'vpc-peering-connection', id: 'pcx-1', tags: { Name: 'n-pcx' }, vpcId: 'vpc-p' }
    )
    const cases: Array<[string, string, string]> = [
      ['eni-1', 'n-eni', 'arn:aws:ec2:us-east-1:333333333333:network-interface/eni-1'],
      ['igw-1', 'n-igw', 'arn:aws:ec2:us-east-1:333333333333:internet-gateway/igw-1'],
      ['vgw-1', 'n-vgw', 'arn:aws:ec2:us-east-1:333333333333:vpn-gateway/vgw-1'],
      ['tgw-1', 'n-tgw', 'arn:aws:ec2:us-east-1:333333333333:transit-gateway/tgw-1'],
      ['tgw-attach-1', 'n-att', 'arn:aws:ec2:us-east-1:555555555555:transit-gateway-attachment/tgw-attach-1'],
      ['vpce-1', 'n-vpce', 'arn:aws:ec2:us-east-1:333333333333:vpc-endpoint/vpce-1'],
      ['vpce-svc-1', 'n-svc', 'arn:aws:ec2:us-east-1:333333333333:vpc-endpoint-service/vpce-svc-1'],
      ['pcx-1', 'n-pcx', 'arn:aws:ec2:us-east-1:333333333333:vpc-peering-connection/pcx-1']
    ]
    const endpoints = cases.flatMap(([id, name]) => [
      endpoint('shared', REGION, byId(id), 'via'),
      endpoint('shared', REGION, byTags({ Name: name }, [kindOfId(id)]), 'via')
    ])
    const results = await resolveEndpoints(endpoints, fake.provider())
    cases.forEach(([id, name, arn], index) => {
      for (const resolved of [endpoints[2 * index], endpoints[2 * index + 1]]) {
        expect(target(results.get(resolved))).toMatchObject({ resourceId: id, name, arn })
      }
    })
    expect(target(results.get(endpoints[2])).vpcId).toBe('vpc-igw')
    expect(target(results.get(endpoints[4])).vpcId).toBe('vpc-vgw')
    // Transit gateway APIs take no tag-key filter: listed whole, once, serving ids and tags alike.
    expect(fake.filtersOf('DescribeTransitGateways')).toEqual([[]])
    expect(fake.filtersOf('DescribeTransitGatewayAttachments')).toEqual([[]])
    expect(fake.filtersOf('DescribeVpcPeeringConnections')).toEqual([[{ Name: 'tag-key', Values: ['Name'] }]])
  })
})

describe('failure isolation', () => {
  it('fails only the endpoints of an account whose credentials fail', async () => {
    fake = new FakeEc2(IDS)
      .add('app', REGION, { kind: 'instance', id: 'i-app', tags: { Name: 'app' }, primaryEni: 'eni-app' })
      .add('data', REGION, { kind: 'instance', id: 'i-data', tags: { Name: 'data' }, primaryEni: 'eni-data' })
    const message = `account "shared": ${'someone'} may not assume role arn:aws:iam::333333333333:role/NetworkPreflight (AccessDenied).`
    const app = endpoint('app', REGION, byTags({ Name: 'app' }))
    const shared1 = endpoint('shared', REGION, byId('eni-x'), 'destination')
    const shared2 = endpoint('shared', 'eu-west-1', byTags({ Name: 'y' }), 'destination')
    const data = endpoint('data', REGION, byId('i-data'), 'destination')
    const results = await resolveEndpoints([app, shared1, shared2, data], fake.provider({ shared: message }))
    expect(target(results.get(app)).resourceId).toBe('i-app')
    expect(target(results.get(data)).resourceId).toBe('i-data')
    expect(failure(results.get(shared1))).toBe(message)
    expect(failure(results.get(shared2))).toBe(message)
  })

  it('fails only the endpoints of a kind whose describe call fails', async () => {
    fake = new FakeEc2(IDS).add('app', REGION, {
      kind: 'instance',
      id: 'i-ok',
      tags: { Name: 'ok' },
      primaryEni: 'eni-ok'
    })
    fake.failures.set(
      `app/${REGION}/DescribeNetworkInterfaces`,
      ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation.')
    )
    const instance = endpoint('app', REGION, byTags({ Name: 'ok' }, ['instance']))
    const eni = endpoint('app', REGION, byId('eni-1'), 'destination')
    const both = endpoint('app', REGION, byTags({ Name: 'ok' }))
    const results = await resolveEndpoints([instance, eni, both], fake.provider())
    expect(target(results.get(instance)).resourceId).toBe('i-ok')
    const error = failure(results.get(eni))
    expect(error).toContain(
      'DescribeNetworkInterfaces failed in account app (222222222222), region us-east-1 (UnauthorizedOperation'
    )
    expect(error).toContain('The role needs ec2:DescribeNetworkInterfaces')
    expect(failure(results.get(both))).toBe(error)
  })

  it('lets an unknown id in a batched call fail alone', async () => {
    fake = new FakeEc2(IDS).add(
      'app',
      REGION,
      { kind: 'network-interface', id: 'eni-a' },
      { kind: 'network-interface', id: 'eni-b' }
    )
    const a = endpoint('app', REGION, byId('eni-a'))
    const missing = endpoint('app', REGION, byId('eni-missing'))
    const b = endpoint('app', REGION, byId('eni-b'))
    const results = await resolveEndpoints([a, missing, b], fake.provider())
    expect(target(results.get(a)).resourceId).toBe('eni-a')
    expect(target(results.get(b)).resourceId).toBe('eni-b')
    expect(failure(results.get(missing))).toContain('eni-missing not found')
    expect(fake.filtersOf('DescribeNetworkInterfaces')).toEqual([
      [{ Name: 'network-interface-id', Values: ['eni-a', 'eni-b', 'eni-missing'] }]
    ])
  })
})

describe('batching', () => {
  /** n assertions spread over three accounts: tag-selected sources, id-selected ENI destinations, a TGW attachment via on every 10th. */
  function assertions(n: number): { endpoints: Endpoint[]; fake: FakeEc2 } {
    const world = new FakeEc2(IDS)
    const accounts = Object.keys(IDS)
    const endpoints: Endpoint[] = []
    for (const name of accounts)
      world.add(name, REGION, {
        kind: 'transit-gateway-attachment',
        id: `tgw-attach-${name}`,
        vpcId: 'vpc-hub'
      })
    for (let i = 0; i < n; i++) {
      const account = accounts[i % accounts.length]
      world.add(
        account,
        REGION,
        { kind: 'instance', id: `i-src-${i}`, tags: { Name: `app-${i}` }, primaryEni: `eni-src-${i}` },
        { kind: 'network-interface', id: `eni-src-${i}`, attachedInstanceId: `i-src-${i}` },
        { kind: 'network-interface', id: `eni-dst-${i}`, tags: { role: 'db' } }
      )
      endpoints.push(endpoint(account, REGION, byTags({ Name: `app-${i}` })))
      endpoints.push(endpoint(account, REGION, byId(`eni-dst-${i}`), 'destination'))
      if (i % 10 === 0) endpoints.push(endpoint(account, REGION, byId(`tgw-attach-${account}`), 'via'))
    }
    return { endpoints, fake: world }
  }

  it.each([200, 400])(
    '%i assertions over 3 accounts take 12 describe calls: 3 accounts x (2 instance/ENI tag listings + 1 ENI id listing + 1 attachment listing)',
    async n => {
      const built = assertions(n)
      fake = built.fake
      const results = await resolveEndpoints(built.endpoints, fake.provider())
      expect([...results.values()].filter(r => !r.ok)).toEqual([])
      expect(results.size).toBe(built.endpoints.length)
      expect(fake.calls('DescribeInstances')).toBe(3)
      expect(fake.calls('DescribeNetworkInterfaces')).toBe(6)
      expect(fake.calls('DescribeTransitGatewayAttachments')).toBe(3)
      expect(fake.calls()).toBe(12)
      expect(target(results.get(built.endpoints[0]))).toMatchObject({
        resourceId: 'i-src-0',
        primaryNetworkInterfaceId: 'eni-src-0'
      })
    }
  )

  it('chunks id filters at 200 values', async () => {
    fake = new FakeEc2(IDS)
    const endpoints: Endpoint[] = []
    for (let i = 0; i < 450; i++) {
      const id = `eni-${String(i).padStart(4, '0')}`
      fake.add('data', REGION, { kind: 'network-interface', id })
      endpoints.push(endpoint('data', REGION, byId(id)))
    }
    const results = await resolveEndpoints(endpoints, fake.provider())
    expect([...results.values()].every(r => r.ok)).toBe(true)
    expect(fake.filtersOf('DescribeNetworkInterfaces').map(filters => filters[0].Values?.length)).toEqual([
      200, 200, 50
    ])
  })

  it('shares one lookup among every endpoint using the same selector', async () => {
    fake = new FakeEc2(IDS).add('app', REGION, {
      kind: 'instance',
      id: 'i-shared',
      tags: { Name: 'bastion' },
      primaryEni: 'eni-b'
    })
    const endpoints = Array.from({ length: 50 }, (_, i) =>
      endpoint('app', REGION, byTags({ Name: 'bastion' }, ['instance']), i % 2 ? 'source' : 'via')
    )
    const results = await resolveEndpoints(endpoints, fake.provider())
    expect(new Set([...results.values()].map(r => target(r).resourceId))).toEqual(new Set(['i-shared']))
    expect(fake.calls()).toBe(1)
  })

  it('logs one line per described kind', async () => {
    fake = new FakeEc2(IDS).add('app', REGION, {
      kind: 'instance',
      id: 'i-1',
      tags: { Name: 'x' },
      primaryEni: 'eni-1'
    })
    const lines: string[] = []
    await resolveEndpoints([endpoint('app', REGION, byTags({ Name: 'x' }, ['instance']))], fake.provider(), {
      log: line => lines.push(line)
    })
    expect(lines).toEqual([
      'resolve: account app (222222222222), region us-east-1: DescribeInstances read 1 page(s) for 0 id(s) and 1 tag key(s); 1 resource(s)'
    ])
  })
})

describe('groups (issue 12)', () => {
  const fleet = () =>
    new FakeEc2(IDS).add(
      'app',
      REGION,
      { kind: 'instance', id: 'i-web3', tags: { Name: 'web-c', role: 'web' }, primaryEni: 'eni-3' },
      { kind: 'instance', id: 'i-web1', tags: { Name: 'web-a', role: 'web' }, primaryEni: 'eni-1' },
      { kind: 'instance', id: 'i-web2', tags: { Name: 'web-b', role: 'web' }, primaryEni: 'eni-2' },
      // The launch template tagged the instance's own interface too: one machine, not a fourth member.
      { kind: 'network-interface', id: 'eni-1', tags: { role: 'web' }, attachedInstanceId: 'i-web1' }
    )

  it('match: each resolves every member once, sorted, deduplicated by network interface', async () => {
    fake = fleet()
    const web: Endpoint = { ...endpoint('app', REGION, byTags({ role: 'web' })), match: 'each' }
    const resolution = (await resolveEndpoints([web], fake.provider())).get(web)
    if (!resolution?.ok) throw new Error(JSON.stringify(resolution))
    expect(resolution.members?.map(m => [m.resourceId, m.primaryNetworkInterfaceId])).toEqual([
      ['i-web1', 'eni-1'],
      ['i-web2', 'eni-2'],
      ['i-web3', 'eni-3']
    ])
    expect(resolution.target.resourceId).toBe('i-web1')
    expect(resolution.groupLabel).toBe('3 resources (role=web)')
  })

  it('max_members stops an explosion with a message naming the selector', async () => {
    fake = fleet()
    const web: Endpoint = { ...endpoint('app', REGION, byTags({ role: 'web' })), match: 'any', maxMembers: 2 }
    expect(failure((await resolveEndpoints([web], fake.provider())).get(web))).toMatch(
      /^The source selector on line 1 \(role=web\) matches 3 resources in account app \(222222222222\), region us-east-1, more than max_members \(2\)/
    )
  })

  it('a via entry matching several resources resolves to alternatives; match: one keeps it strict', async () => {
    fake = fleet()
    const via = endpoint('app', REGION, byTags({ role: 'web' }), 'via')
    const strict: Endpoint = { ...endpoint('app', REGION, byTags({ role: 'web' }), 'via'), match: 'one' }
    const results = await resolveEndpoints([via, strict], fake.provider())
    const alternatives = results.get(via)
    expect(alternatives?.ok && alternatives.members?.length).toBe(3)
    expect(failure(results.get(strict))).toContain('It says `match: one`')
  })

  it('a group that matches nothing is an error, not a vacuous pass', async () => {
    fake = fleet()
    const none: Endpoint = { ...endpoint('app', REGION, byTags({ role: 'db' })), match: 'each' }
    expect(failure((await resolveEndpoints([none], fake.provider())).get(none))).toContain(
      'No instance or network interface in account app (222222222222), region us-east-1 has the tags role=db'
    )
  })
})
