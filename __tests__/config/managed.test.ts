import { loadConfigText } from '../../src/config/load.js'

// Managed-service selectors: what they parse to, and where Reachability Analyzer lets them stand.
const config = (assertions: string): string => `version: 1
defaults:
  region: us-east-1
accounts:
  app:
    role_arn: arn:aws:iam::222222222222:role/NetworkPreflight
    regions: [us-east-1]
assertions:
${assertions}`

const problems = (text: string): string[] => {
  const result = loadConfigText(text, 'preflight.yaml')
  return result.ok ? [] : result.problems.map(p => `${p.line}:${p.column} ${p.message}`)
}

describe('managed-service selectors', () => {
  it('parse lambda, rds (with role), ecs_service, load_balancer and network_firewall', () => {
    const result = loadConfigText(
      config(`  - id: fn-to-db
    type: allow
    source: { account: app, selector: { lambda: orders-fn } }
    destination: { account: app, selector: { rds: orders-cluster, role: reader } }
    protocol: tcp
    port: 5432
  - id: web-through-lb
    type: allow
    source: { account: app, selector: { ecs_service: prod/web } }
    destination: { account: app, selector: { load_balancer: arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/web/0123456789abcdef } }
    protocol: tcp
    port: 443
    via: [{ account: app, selector: { network_firewall: inspection } }]
    avoid: [{ account: app, selector: { load_balancer: old-alb } }]
`),
      'preflight.yaml'
    )
    if (!result.ok) throw new Error(result.problems.map(p => p.message).join('\n'))
    const [first, second] = result.config.assertions
    expect(first.source.selector).toEqual({ by: 'managed', service: 'lambda', name: 'orders-fn' })
    expect(first.destination.selector).toEqual({
      by: 'managed',
      service: 'rds',
      name: 'orders-cluster',
      role: 'reader'
    })
    expect(second.source.selector).toEqual({ by: 'managed', service: 'ecs_service', name: 'prod/web' })
    expect(second.destination.selector).toMatchObject({ by: 'managed', service: 'load_balancer' })
    expect(second.via[0].selector).toEqual({ by: 'managed', service: 'network_firewall', name: 'inspection' })
    expect(second.avoid[0].selector).toEqual({ by: 'managed', service: 'load_balancer', name: 'old-alb' })
  })

  it('refuse places Reachability Analyzer does not accept, role outside rds, and bad names, on their lines', () => {
    expect(
      problems(
        config(`  - id: bad
    type: allow
    source: { account: app, selector: { network_firewall: inspection } }
    destination: { account: app, selector: { lambda: fn, role: reader } }
    protocol: tcp
    via: [{ account: app, selector: { rds: db } }]
  - id: bad2
    type: allow
    source: { account: app, selector: { load_balancer: web } }
    destination: { account: app, selector: { ecs_service: noslash } }
    protocol: tcp
`)
      )
    ).toEqual([
      '11:41 assertions[0].source.selector.network_firewall: network_firewall cannot be a source (Reachability Analyzer accepts it as via/avoid only)',
      '12:58 assertions[0].destination.selector.role: role (writer or reader) only applies to rds',
      '14:39 assertions[0].via[0].selector.rds: rds cannot be a via (Reachability Analyzer accepts it as source or destination only)',
      '17:41 assertions[1].source.selector.load_balancer: load_balancer cannot be a source (Reachability Analyzer accepts it as destination or via/avoid only)',
      '18:59 assertions[1].destination.selector.ecs_service: "noslash" is not an ECS service as cluster/service'
    ])
  })

  it('refuse an ARN of another Region or account, and two selectors at once', () => {
    expect(
      problems(
        config(`  - id: arn-elsewhere
    type: allow
    source: { account: app, selector: { lambda: "arn:aws:lambda:eu-west-1:222222222222:function:fn" } }
    destination: { account: app, selector: { rds: "arn:aws:rds:us-east-1:333333333333:db:orders", tags: { Name: x } } }
    protocol: tcp
  - id: other-account
    type: allow
    source: { account: app, selector: { lambda: "arn:aws:lambda:us-east-1:333333333333:function:fn" } }
    destination: { account: app, selector: { rds: orders } }
    protocol: tcp
`)
      ).map(p => p.replace(/^\d+:\d+ /, ''))
    ).toEqual([
      "assertions[0].source.selector.lambda: is in eu-west-1 but the endpoint is in us-east-1; set the endpoint's region to eu-west-1",
      'assertions[0].destination.selector.rds: gives both tags and rds; keep exactly one',
      'assertions[1].source.selector.lambda: belongs to account 333333333333 but account "app" is 222222222222; use the account that owns it'
    ])
  })
})
