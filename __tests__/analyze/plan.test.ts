import { estimateCost, pathKey } from '../../src/analyze/index.js'
import { clientToken, planAnalysis, PlanError } from '../../src/analyze/plan.js'
import type { AwsClientProvider } from '../../src/auth/types.js'
import { noManagedClients } from '../resolve/no-managed-clients.js'
import { ipTarget, request, target } from './requests.js'

const ids: Record<string, string> = { app: '222222222222', shared: '333333333333', net: '444444444444' }
const clients: AwsClientProvider = {
  ...noManagedClients,
  ec2: () => Promise.reject(new Error('planning needs no EC2 client')),
  accountId: async name => ids[name]
}

describe('planAnalysis', () => {
  it('uses a single port as DestinationPort and resource ids within one account', async () => {
    const plan = await planAnalysis(request({ id: 'x', port: { from: 5432, to: 5432 } }), clients)
    expect(plan.account).toBe('app')
    expect(plan.region).toBe('us-east-1')
    expect(plan.path).toEqual({
      Source: 'i-0aaaaaaaaaaaaaaa1',
      Destination: 'eni-0bbbbbbbbbbbbbbb1',
      Protocol: 'tcp',
      DestinationPort: 5432
    })
    expect(plan.filters).toEqual({})
  })

  it('turns a port range into FilterAtDestination without DestinationPort', async () => {
    const plan = await planAnalysis(
      request({ id: 'x', protocol: 'udp', port: { from: 8000, to: 8100 } }),
      clients
    )
    expect(plan.path).toEqual({
      Source: 'i-0aaaaaaaaaaaaaaa1',
      Destination: 'eni-0bbbbbbbbbbbbbbb1',
      Protocol: 'udp',
      FilterAtDestination: { DestinationPortRange: { FromPort: 8000, ToPort: 8100 } }
    })
  })

  it('sets neither DestinationPort nor a filter when no port is given', async () => {
    const plan = await planAnalysis(request({ id: 'x' }), clients)
    expect(Object.keys(plan.path).sort()).toEqual(['Destination', 'Protocol', 'Source'])
  })

  it('sends an IP destination as DestinationIp with no Destination', async () => {
    const plan = await planAnalysis(
      request({ id: 'x', destination: ipTarget('10.0.1.5'), port: { from: 443, to: 443 } }),
      clients
    )
    expect(plan.path).toEqual({
      Source: 'i-0aaaaaaaaaaaaaaa1',
      DestinationIp: '10.0.1.5',
      Protocol: 'tcp',
      DestinationPort: 443
    })
  })

  it('filters a port range to an IP destination at the source, keeping DestinationIp', async () => {
    const plan = await planAnalysis(
      request({ id: 'x', destination: ipTarget('10.0.1.5'), port: { from: 1, to: 1024 } }),
      clients
    )
    expect(plan.path).toEqual({
      Source: 'i-0aaaaaaaaaaaaaaa1',
      Protocol: 'tcp',
      DestinationIp: '10.0.1.5',
      FilterAtSource: { DestinationPortRange: { FromPort: 1, ToPort: 1024 } }
    })
  })

  it('maps a source address to FilterAtSource.SourceAddress, moving a single port into its range', async () => {
    const base = request({
      id: 'x',
      source: target('internet-gateway', 'igw-0aaaaaaaaaaaaaaa1'),
      port: { from: 22, to: 22 }
    })
    base.assertion.source.address = '198.51.100.0/24'
    const plan = await planAnalysis(base, clients)
    expect(plan.path).toEqual({
      Source: 'igw-0aaaaaaaaaaaaaaa1',
      Destination: 'eni-0bbbbbbbbbbbbbbb1',
      Protocol: 'tcp',
      FilterAtSource: { SourceAddress: '198.51.100.0/24', DestinationPortRange: { FromPort: 22, ToPort: 22 } }
    })
    // The address is part of the path's identity; no address keeps the hash of before.
    const plain = request({
      id: 'x',
      source: target('internet-gateway', 'igw-0aaaaaaaaaaaaaaa1'),
      port: { from: 22, to: 22 }
    })
    expect(pathKey(base)).not.toBe(pathKey(plain))
    const everywhere = request({
      id: 'x',
      source: target('internet-gateway', 'igw-0aaaaaaaaaaaaaaa1'),
      port: { from: 22, to: 22 }
    })
    everywhere.assertion.source.address = '0.0.0.0/0'
    expect(pathKey(everywhere)).not.toBe(pathKey(base))
  })

  it('maps a destination address to FilterAtDestination.DestinationAddress, keeping DestinationPort', async () => {
    const base = request({ id: 'x', port: { from: 443, to: 443 } })
    base.assertion.destination.address = '10.0.1.10'
    const plan = await planAnalysis(base, clients)
    expect(plan.path).toEqual({
      Source: 'i-0aaaaaaaaaaaaaaa1',
      Destination: 'eni-0bbbbbbbbbbbbbbb1',
      Protocol: 'tcp',
      DestinationPort: 443,
      FilterAtDestination: { DestinationAddress: '10.0.1.10' }
    })
  })

  it('names a destination owned by another account by ARN and lists that account in AdditionalAccounts', async () => {
    const plan = await planAnalysis(
      request({ id: 'x', destination: target('network-interface', 'eni-0ccccccccccccccc1', 'shared') }),
      clients
    )
    expect(plan.path.Destination).toBe(
      'arn:aws:ec2:us-east-1:333333333333:network-interface/eni-0ccccccccccccccc1'
    )
    expect(plan.filters.AdditionalAccounts).toEqual(['333333333333'])
  })

  it('prefers the ARN and owner the resolver found (a RAM-shared transit gateway)', async () => {
    const tgw = target('transit-gateway', 'tgw-0123456789abcdef0', 'app', {
      ownerAccountId: '444444444444',
      arn: 'arn:aws:ec2:us-east-1:444444444444:transit-gateway/tgw-0123456789abcdef0'
    })
    const plan = await planAnalysis(request({ id: 'x', destination: tgw }), clients)
    expect(plan.path.Destination).toBe(tgw.arn)
    expect(plan.filters.AdditionalAccounts).toEqual(['444444444444'])
  })

  it('passes via as FilterInArns and avoid as FilterOutArns, adding their foreign accounts', async () => {
    const plan = await planAnalysis(
      request({
        id: 'x',
        via: [target('transit-gateway-attachment', 'tgw-attach-0123456789abcdef0', 'net')],
        avoid: [
          target('network-interface', 'eni-0ddddddddddddddd1'),
          target('internet-gateway', 'igw-0eeeeeeeeeeeeeee1', 'shared')
        ]
      }),
      clients
    )
    expect(plan.filters).toEqual({
      FilterInArns: [
        'arn:aws:ec2:us-east-1:444444444444:transit-gateway-attachment/tgw-attach-0123456789abcdef0'
      ],
      FilterOutArns: [
        'arn:aws:ec2:us-east-1:222222222222:network-interface/eni-0ddddddddddddddd1',
        'arn:aws:ec2:us-east-1:333333333333:internet-gateway/igw-0eeeeeeeeeeeeeee1'
      ],
      AdditionalAccounts: ['333333333333', '444444444444']
    })
  })

  it('builds ARNs in the partition of the region', async () => {
    const source = target('instance', 'i-0aaaaaaaaaaaaaaa1', 'app', { region: 'cn-north-1' })
    const via = target('transit-gateway', 'tgw-0123456789abcdef0', 'app', { region: 'cn-north-1' })
    const plan = await planAnalysis(request({ id: 'x', source, via: [via] }), clients)
    expect(plan.filters.FilterInArns).toEqual([
      'arn:aws-cn:ec2:cn-north-1:222222222222:transit-gateway/tgw-0123456789abcdef0'
    ])
  })

  it('rejects an IP address used as via with a message naming the assertion', async () => {
    await expect(
      planAnalysis(request({ id: 'bad-via', via: [ipTarget('10.0.0.1')] }), clients)
    ).rejects.toThrow(new PlanError('assertion bad-via: via must name a resource, not an IP address'))
  })

  it('gives identical analyses the same key and different filters different keys', async () => {
    const a = await planAnalysis(request({ id: 'a', port: { from: 22, to: 22 } }), clients)
    const b = await planAnalysis(request({ id: 'b', port: { from: 22, to: 22 } }), clients)
    const c = await planAnalysis(
      request({
        id: 'c',
        port: { from: 22, to: 22 },
        avoid: [target('internet-gateway', 'igw-0eeeeeeeeeeeeeee1')]
      }),
      clients
    )
    expect(a.analysisKey).toBe(b.analysisKey)
    expect(c.pathHash).toBe(a.pathHash)
    expect(c.analysisKey).not.toBe(a.analysisKey)
  })
})

describe('pathKey', () => {
  const base = { id: 'x', port: { from: 443, to: 443 } }
  it('is the same for the same definition, whatever the assertion id, type or filters', () => {
    const other = request({ ...base, id: 'y', via: [target('transit-gateway', 'tgw-0123456789abcdef0')] })
    other.assertion.type = 'deny'
    expect(pathKey(request(base))).toBe(pathKey(other))
    expect(pathKey(request(base))).toMatch(/^[0-9a-f]{32}$/)
  })

  it('changes with port, range, protocol, destination and region', () => {
    const keys = [
      pathKey(request(base)),
      pathKey(request({ ...base, port: { from: 444, to: 444 } })),
      pathKey(request({ ...base, port: { from: 443, to: 444 } })),
      pathKey(request({ ...base, protocol: 'udp' })),
      pathKey(request({ ...base, destination: ipTarget('10.0.0.1') })),
      pathKey(request({ ...base, region: 'eu-west-1' })),
      pathKey(request({ id: 'x' }))
    ]
    expect(new Set(keys).size).toBe(keys.length)
  })
})

describe('estimateCost and clientToken', () => {
  it('prices analyses at $0.10, rounded to cents', () => {
    expect(estimateCost(0)).toBe(0)
    expect(estimateCost(3)).toBe(0.3)
    expect(estimateCost(1234)).toBe(123.4)
  })

  it('makes deterministic EC2 client tokens within the 64-character limit', () => {
    const token = clientToken('analysis', 'run-1', 'k'.repeat(200))
    expect(token).toBe(clientToken('analysis', 'run-1', 'k'.repeat(200)))
    expect(token).not.toBe(clientToken('analysis', 'run-2', 'k'.repeat(200)))
    expect(token.length).toBeLessThanOrEqual(64)
  })
})
