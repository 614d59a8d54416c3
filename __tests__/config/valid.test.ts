import { loadConfigFile, loadConfigText } from '../../src/config/load.js'

const fixture = (name: string) => new URL(`../fixtures/config/${name}`, import.meta.url).pathname

describe('valid configs', () => {
  it('accepts the anp README cross-account example with the same meaning', async () => {
    const result = await loadConfigFile(fixture('anp-cross-account.yaml'))
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    const { config } = result
    expect(config.defaults).toEqual({ region: 'us-east-1', auth: { mode: 'profile', profile: 'default' } })
    expect(config.accounts.app).toMatchObject({
      roleArn: 'arn:aws:iam::222222222222:role/PreflightReadRole',
      accountId: '222222222222',
      regions: ['us-east-1'],
      assume: 'auto'
    })
    expect(config.assertions.map(a => [a.id, a.type, a.protocol, a.port, a.region])).toEqual([
      ['dev-to-shared-dns-allow', 'allow', 'tcp', { from: 53, to: 53 }, 'us-east-1'],
      ['dev-to-prod-db-deny', 'deny', 'tcp', { from: 5432, to: 5432 }, 'us-east-1']
    ])
    expect(config.assertions[0].source).toMatchObject({
      role: 'source',
      account: 'app',
      region: 'us-east-1',
      selector: { by: 'tags', tags: { Name: 'app-dev-ec2' }, kinds: ['instance', 'network-interface'] }
    })
    expect(config.assertions[0].location).toEqual({
      file: fixture('anp-cross-account.yaml'),
      line: 19,
      column: 5
    })
  })

  it('accepts the anp minimal same-account example', async () => {
    const result = await loadConfigFile(fixture('anp-minimal-same-account.yaml'))
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    expect(result.config.defaults.auth).toEqual({ mode: 'default', profile: undefined })
    expect(result.config.assertions[0].source.selector).toEqual({
      by: 'resource_id',
      resourceId: 'i-0123456789abcdef0',
      kind: 'instance'
    })
    expect(result.config.assertions[0].destination.selector).toEqual({
      by: 'resource_id',
      resourceId: 'eni-0fedcba9876543210',
      kind: 'network-interface'
    })
  })

  it('accepts a config using every extension', async () => {
    const result = await loadConfigFile(fixture('every-extension.yaml'))
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    const [appToDb, egress, edge, quoted] = result.config.assertions
    expect(appToDb).toMatchObject({
      description: 'App servers reach the database',
      labels: ['pci', 'tier-1']
    })
    expect(appToDb.destination.selector).toEqual({
      by: 'arn',
      arn: 'arn:aws:ec2:us-east-1:111111111111:network-interface/eni-0abc1234def567890',
      kind: 'network-interface',
      resourceId: 'eni-0abc1234def567890',
      accountId: '111111111111',
      region: 'us-east-1'
    })
    expect(egress.port).toEqual({ from: 8000, to: 8100 })
    expect(egress.protocol).toBe('udp')
    expect(egress.destination.selector).toEqual({ by: 'ip', ip: '10.0.1.5' })
    expect(egress.via.map(v => v.selector)).toEqual([
      { by: 'resource_id', resourceId: 'tgw-attach-0123456789abcdef0', kind: 'transit-gateway-attachment' },
      { by: 'tags', tags: { Name: 'inspection-fw' }, kinds: ['vpc-endpoint'] }
    ])
    expect(egress.avoid[0].selector).toMatchObject({ kind: 'internet-gateway' })
    expect(edge.region).toBe('eu-west-1')
    expect(edge.port).toBeUndefined()
    expect(
      [edge.source, edge.destination, ...edge.via, ...edge.avoid].map(
        e => (e.selector as { kind: string }).kind
      )
    ).toEqual([
      'internet-gateway',
      'vpc-endpoint-service',
      'transit-gateway',
      'vpc-peering-connection',
      'vpn-gateway',
      'vpc-endpoint'
    ])
    expect(quoted.port).toEqual({ from: 443, to: 443 })
    expect(result.config.accounts.network).toMatchObject({ assume: 'chain', externalId: 'preflight-ext-1' })
    expect(result.config.accounts.app.accountId).toBe('222222222222')
  })

  it('reports a missing file as a problem, not a crash', async () => {
    const result = await loadConfigFile('/nonexistent/preflight.yaml', 'preflight.yaml')
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: 'preflight.yaml',
          line: 1,
          column: 1,
          path: '',
          message: 'cannot read the config file: no such file'
        }
      ]
    })
  })
})

describe('empty tag values', () => {
  it('are accepted, as AWS allows a tag whose value is ""', () => {
    const result = loadConfigText(
      `version: 1
defaults: { region: us-east-1 }
accounts: { app: { regions: [us-east-1] } }
assertions:
  - id: a
    type: allow
    source: { account: app, selector: { tags: { Name: app, staging: "" } } }
    destination: { account: app, selector: { resource_id: eni-0abc1234def567890 } }
    protocol: tcp
`,
      'preflight.yaml'
    )
    expect(result.ok).toBe(true)
    if (result.ok)
      expect(result.config.assertions[0].source.selector).toEqual({
        by: 'tags',
        tags: { Name: 'app', staging: '' },
        kinds: ['instance', 'network-interface']
      })
  })
})
