// Issue 12's config language: group selectors (match / max_members / subnet / vpc), via alternatives,
// through:, address filters and NAT gateways as intermediate components.
import { assertionsUnder } from './assertions-only.js'

const { load, problems } = assertionsUnder('app')

describe('group selectors', () => {
  it('reads match, max_members, subnet and vpc scoping into the model', () => {
    const result = load(`  - id: web-to-db
    type: allow
    protocol: tcp
    port: 5432
    source:
      account: app
      selector:
        tags: { Role: web }
        match: each
        max_members: 10
        subnet: { tags: { Tier: private } }
        vpc: [vpc-0123456789abcdef0]
    destination: { account: app, selector: { resource_id: i-0123456789abcdef1 } }
`)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    const source = result.config.assertions[0].source
    expect(source.match).toBe('each')
    expect(source.maxMembers).toBe(10)
    expect(source.selector).toEqual({
      by: 'tags',
      tags: { Role: 'web' },
      kinds: ['instance', 'network-interface'],
      within: {
        subnet: { by: 'tags', tags: { Tier: 'private' } },
        vpc: { by: 'ids', ids: ['vpc-0123456789abcdef0'] }
      }
    })
    // An anp v1 endpoint keeps no new keys at all.
    expect(result.config.assertions[0].destination).not.toHaveProperty('match')
  })

  it('accepts subnet scoping without tags ("every instance in these subnets")', () => {
    const result = load(`  - id: fleet
    type: allow
    protocol: tcp
    source:
      account: app
      selector: { kind: instance, subnet: subnet-0123456789abcdef0, match: any }
    destination: { ip: 10.0.0.5 }
`)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.config.assertions[0].source.selector).toMatchObject({
      by: 'tags',
      tags: {},
      kinds: ['instance'],
      within: { subnet: { by: 'ids', ids: ['subnet-0123456789abcdef0'] } }
    })
  })

  it('refuses match: each in via, max_members without a group, and a malformed subnet scope', () => {
    expect(
      problems(`  - id: a
    type: allow
    protocol: tcp
    source: { account: app, selector: { tags: { Role: web }, max_members: 5 } }
    destination: { account: app, selector: { resource_id: i-0123456789abcdef1, subnet: subnet-0123456789abcdef0 } }
    via:
      - { account: app, selector: { tags: { Role: fw }, match: each } }
`)
    ).toEqual([
      expect.stringContaining('max_members: only applies with match: each or match: any'),
      expect.stringContaining('subnet narrows a tag search'),
      expect.stringContaining('"each" does not apply to via')
    ])
    expect(
      problems(`  - id: a
    type: allow
    protocol: tcp
    source: { account: app, selector: { tags: { Role: web }, subnet: { ids: [x] } } }
    destination: { ip: 10.0.0.5 }
`)
    ).toEqual([expect.stringContaining('is not a subnet scope')])
  })
})

describe('through, address and NAT gateways', () => {
  it('reads through and address filters', () => {
    const result = load(`  - id: ssh-corp
    type: allow
    protocol: tcp
    port: 22
    source: { account: app, selector: { resource_id: igw-0123456789abcdef0 }, address: 198.51.100.0/24 }
    destination: { account: app, selector: { tags: { Name: bastion } }, address: 10.0.1.10 }
    through:
      - { account: app, selector: { tags: { Firewall: inspection }, kind: vpc-endpoint } }
    avoid:
      - { account: app, selector: { resource_id: nat-0123456789abcdef0 } }
`)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    const a = result.config.assertions[0]
    expect(a.source.address).toBe('198.51.100.0/24')
    expect(a.destination.address).toBe('10.0.1.10')
    expect(a.through?.map(t => t.role)).toEqual(['through'])
    expect(a.avoid[0].selector).toMatchObject({ by: 'resource_id', kind: 'nat-gateway' })
  })

  it('names the exact problem: host bits, through on deny, NAT gateway as an endpoint, address on via or ip', () => {
    expect(
      problems(`  - id: a
    type: deny
    protocol: tcp
    source: { account: app, selector: { resource_id: nat-0123456789abcdef0 }, address: 198.51.100.7/24 }
    destination: { ip: 10.0.0.5, address: 10.0.0.0/8 }
    via: [{ account: app, selector: { resource_id: tgw-0123456789abcdef0 }, address: 10.0.0.0/8 }]
    through: [{ account: app, selector: { resource_id: tgw-0123456789abcdef0 } }]
`)
    ).toEqual([
      expect.stringMatching(/^9:29 .*source.selector: a nat-gateway cannot be the source/),
      expect.stringMatching(
        /^9:88 .*source.address: "198.51.100.7\/24" has host bits set; the block is 198.51.100.0\/24/
      ),
      expect.stringMatching(/destination.address: an ip destination already is an address/),
      expect.stringMatching(/via\[0\].address: only applies to a source or destination/),
      expect.stringMatching(/through: only applies to allow/)
    ])
  })
})
