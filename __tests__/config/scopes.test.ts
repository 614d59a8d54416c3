// Issue 13's config keys: `prove: scope | pairs | auto` on a deny, and `internet: true` as a source.
import { assertionsUnder } from './assertions-only.js'

const { load, problems } = assertionsUnder('prod')

describe('set assertions', () => {
  it('reads an internet source and prove: scope on a deny over a subnet-scoped group', () => {
    const result = load(`  - id: private-not-from-internet
    type: deny
    prove: scope
    protocol: tcp
    source: { account: prod, internet: true }
    destination: { account: prod, selector: { match: each, subnet: { tags: { Tier: private } } } }
`)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    const a = result.config.assertions[0]
    expect(a.prove).toBe('scope')
    expect(a.source.internet).toBe(true)
    expect(a.source.match).toBe('each')
    expect(a.source.selector).toEqual({ by: 'tags', tags: {}, kinds: ['internet-gateway'] })
    expect(a.destination.selector).toMatchObject({
      by: 'tags',
      within: { subnet: { by: 'tags', tags: { Tier: 'private' } } }
    })
  })

  it('leaves prove absent (auto) unless written, and makes an internet source of an allow match any gateway', () => {
    const result = load(`  - id: web-from-internet
    type: allow
    protocol: tcp
    port: 443
    source: { account: prod, internet: true }
    destination: { account: prod, selector: { resource_id: i-0123456789abcdef1 } }
`)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.config.assertions[0].prove).toBeUndefined()
    expect(result.config.assertions[0].source.match).toBe('any')
  })

  it('refuses prove: scope on an allow, internet anywhere but the source, internet with a selector, unknown modes', () => {
    expect(
      problems(`  - id: a
    type: allow
    prove: scope
    protocol: tcp
    source: { account: prod, internet: true }
    destination: { account: prod, selector: { resource_id: i-0123456789abcdef1 } }
  - id: b
    type: deny
    protocol: tcp
    source: { account: prod, selector: { resource_id: i-0123456789abcdef1 } }
    destination: { account: prod, internet: true }
  - id: c
    type: deny
    protocol: tcp
    source: { account: prod, internet: true, selector: { resource_id: igw-0123456789abcdef1 } }
    destination: { account: prod, selector: { resource_id: i-0123456789abcdef1 } }
  - id: d
    type: deny
    prove: always
    protocol: tcp
    source: { account: prod, internet: true }
    destination: { account: prod, selector: { resource_id: i-0123456789abcdef1 } }
`)
    ).toEqual([
      expect.stringMatching(/^8:12 .*scope only proves a deny/),
      expect.stringMatching(/^16:35 .*only a source can be the internet/),
      expect.stringMatching(/^20:30 .*give either internet: true or selector/),
      expect.stringMatching(/^24:12 .*prove: "always" is not allowed/)
    ])
  })
})
