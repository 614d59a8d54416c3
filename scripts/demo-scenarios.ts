// The 30-assertion scenario of the rendering check: the demo network (examples/sandbox.yaml) with one more
// Reachability Analyzer fact — a 12-hop path from the orders API through the transit gateway and the
// inspection firewall that the shared-services subnet's network ACL stops — and a config of 30 assertions
// with long, realistic ids: passes of every kind, a drifted security group, the 12-hop block, a deny that is
// reachable, and an endpoint that resolves to nothing. `npm run docs:demo` runs it through the bundled action.
import { readFileSync } from 'node:fs'
import { dump, load } from 'js-yaml'
import type { ScenarioFile } from '../sandbox/scenario.js'

type Fact = Record<string, unknown>

const ACL_SHARED = 'acl-0c10000000000c011'
const SUBNET_SHARED = 'subnet-0c100000000000011'
const VPC_SHARED = 'vpc-0c100000000000001'

/** orders-api → log-collector on tcp/9200: twelve hops to the shared-services route table, then the ACL. */
const twelveHops: Fact = {
  id: 'api-to-search-12-hops',
  source: 'i-0a1000000000000a1',
  destination: 'i-0c1000000000000c1',
  protocol: 'tcp',
  port: 9200,
  forward: [
    'i-0a1000000000000a1',
    'eni-0a1000000000000a1',
    {
      Component: { Id: 'sg-0a0000000000a0001' },
      SecurityGroupRule: { Direction: 'egress', Protocol: 'all', Cidr: '0.0.0.0/0' }
    },
    {
      Component: { Id: 'acl-0a10000000000a011' },
      AclRule: { Cidr: '0.0.0.0/0', Egress: true, Protocol: 'all', RuleAction: 'allow', RuleNumber: 100 }
    },
    {
      Component: { Id: 'rtb-0a10000000000a011', Name: 'orders-private-a' },
      RouteTableRoute: { DestinationCidr: '10.30.0.0/16', TransitGatewayId: 'tgw-0c10000000000ab01' },
      Subnet: { Id: 'subnet-0a100000000000011' },
      Vpc: { Id: 'vpc-0a100000000000001' }
    },
    'tgw-attach-0a1000000000000f1',
    {
      Component: { Id: 'tgw-0c10000000000ab01' },
      TransitGatewayRouteTableRoute: {
        DestinationCidr: '0.0.0.0/0',
        State: 'active',
        RouteOrigin: 'static',
        AttachmentId: 'tgw-attach-0c1000000000000f1',
        ResourceId: 'vpc-0c100000000000002',
        ResourceType: 'vpc'
      }
    },
    'tgw-attach-0c1000000000000f1',
    {
      Component: { Id: 'vpce-0c10000000000fe01' },
      FirewallStatefulRule: {
        RuleGroupArn:
          'arn:aws:network-firewall:us-east-1:333333333333:stateful-rulegroup/egress-allow-list-production',
        Sources: ['10.10.0.0/16'],
        Destinations: ['10.30.0.0/16'],
        DestinationPorts: [{ From: 9200, To: 9200 }],
        Protocol: 'tcp',
        RuleAction: 'pass',
        Direction: 'forward'
      }
    },
    'eni-0c10000000000fe01',
    'tgw-attach-0c1000000000000f3',
    {
      Component: { Id: 'rtb-0c10000000000c011', Name: 'shared-services-private' },
      RouteTableRoute: { DestinationCidr: '10.30.1.0/24', Origin: 'CreateRouteTable' },
      Subnet: { Id: SUBNET_SHARED },
      Vpc: { Id: VPC_SHARED }
    }
  ],
  explanations: [
    {
      Direction: 'ingress',
      ExplanationCode: 'SUBNET_ACL_RESTRICTION',
      Acl: { Id: ACL_SHARED, Name: 'shared-services-restricted' },
      AclRule: {
        Cidr: '10.10.0.0/16',
        Egress: false,
        Protocol: '6',
        PortRange: { From: 9200, To: 9300 },
        RuleAction: 'deny',
        RuleNumber: 90
      },
      Subnet: { Id: SUBNET_SHARED },
      Vpc: { Id: VPC_SHARED }
    }
  ]
}

const APP = 'app'
const tags = (Name: string, Env = 'prod') => ({ account: APP, selector: { tags: { Name, Env } } })
const id = (resource_id: string, account = APP) => ({ account, selector: { resource_id } })

const api = tags('orders-api')
const db = id('i-0a1000000000000d1')
const replica = id('eni-0a1000000000000d2')
const worker = id('i-0a1000000000000a2')
const devBox = id('i-0d1000000000000b1')
const prodIgw = id('igw-0a10000000000ea01')
const egressIgw = id('igw-0c10000000000ea01', 'shared')
const collector = { account: 'shared', selector: { tags: { Name: 'log-collector' } } }

type Assertion = Record<string, unknown>
const allow = (
  aid: string,
  source: unknown,
  destination: unknown,
  protocol: string,
  port?: number | string
) =>
  ({
    id: aid,
    type: 'allow',
    source,
    destination,
    protocol,
    ...(port !== undefined ? { port } : {})
  }) as Assertion
const deny = (aid: string, source: unknown, destination: unknown, protocol: string, port?: number | string) =>
  ({ ...allow(aid, source, destination, protocol, port), type: 'deny' }) as Assertion

function assertions(): Assertion[] {
  const list: Assertion[] = [
    allow('orders-api-reaches-orders-db-postgres', api, db, 'tcp', 5432),
    {
      ...allow('orders-api-reaches-orders-db-replica-postgres', api, replica, 'tcp', 5432),
      description: 'The read replica answers the orders API (its security group drifted to 3306)'
    },
    {
      ...allow('orders-api-ships-search-logs-to-shared-collector', api, collector, 'tcp', 9200),
      description: 'Search logs cross the hub and the inspection firewall to the shared collector'
    },
    {
      ...allow('orders-api-egress-through-inspection-firewall', api, { ip: '203.0.113.10' }, 'tcp', 443),
      via: [{ account: 'shared', selector: { resource_id: 'vpce-0c10000000000fe01' } }]
    },
    {
      ...allow('orders-api-syslog-to-shared-log-collector', api, collector, 'udp', 514),
      avoid: [{ account: APP, selector: { resource_id: 'pcx-0a1000000000000e1' } }]
    },
    {
      ...deny('orders-api-never-reaches-orders-db-directly', api, db, 'tcp', 5432),
      description: 'Only the connection pooler may open database sessions (it does not exist yet)'
    },
    allow('orders-api-reaches-orders-cache-redis', api, tags('orders-cache'), 'tcp', 6379),
    deny('internet-never-reaches-orders-db-postgres', prodIgw, db, 'tcp', 5432),
    deny('egress-gateway-never-reaches-orders-db-postgres', egressIgw, db, 'tcp', 5432),
    deny('dev-box-never-reaches-prod-db-on-any-port', devBox, tags('orders-db'), 'tcp'),
    deny('dev-box-never-reaches-prod-api-8080-8090', devBox, api, 'tcp', '8080-8090')
  ]
  // Segmentation denies that fill the table to 30: pairs the network has no path for.
  const pairs: Array<[string, unknown, string, unknown]> = [
    ['dev-box', devBox, 'orders-worker', worker],
    ['dev-box', devBox, 'db-replica', replica],
    ['dev-box', devBox, 'shared-log-collector', collector],
    ['internet', prodIgw, 'orders-api', api],
    ['internet', prodIgw, 'orders-worker', worker],
    ['egress-gateway', egressIgw, 'orders-api', api],
    ['orders-worker', worker, 'shared-log-collector', collector]
  ]
  const ports: Array<[string, number]> = [
    ['ssh', 22],
    ['rdp', 3389],
    ['memcached', 11211]
  ]
  for (const [from, source, to, destination] of pairs)
    for (const [service, port] of ports)
      if (list.length < 30)
        list.push(deny(`${from}-never-reaches-${to}-${service}`, source, destination, 'tcp', port))
  return list.map((a, i) => ({ ...a, labels: [i < 6 ? 'orders' : 'segmentation'] }))
}

/** The scenario (an object for startSandbox) and the config text of the 30-assertion run. */
export function thirtyAssertionRun(): { scenario: ScenarioFile; config: string } {
  // Validated by startSandbox against sandbox/scenario.schema.json.
  const scenario = load(readFileSync('examples/sandbox.yaml', 'utf8')) as ScenarioFile &
    Record<string, unknown>
  scenario.name = 'hub-and-spoke demo, 30 assertions (render check)'
  scenario.reachability = [twelveHops, ...(scenario.reachability ?? [])] as ScenarioFile['reachability']
  const config = {
    version: 1,
    defaults: { region: 'us-east-1' },
    accounts: {
      app: { role_arn: 'arn:aws:iam::222222222222:role/NetworkPreflight', regions: ['us-east-1'] },
      shared: { role_arn: 'arn:aws:iam::333333333333:role/NetworkPreflight', regions: ['us-east-1'] }
    },
    assertions: assertions()
  }
  return { scenario, config: dump(config, { lineWidth: 120, noRefs: true }) }
}
