// A one-VPC scenario for Network Access Analyzer tests: public web servers behind a load balancer, a private
// subnet with a database and (optionally) one forgotten box exposed to the internet on 22.
import type { ScenarioFile } from '../../sandbox/scenario.js'
import { APP_KEYS } from './helpers.js'

export const ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'

export const LB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/web-alb/50dc6c495c0c9188'

/** One VPC: a public subnet with the load balancer's targets, a private subnet with a database and one exposed box. */
export function exposureScenario(options: { exposed: boolean; webs?: number }): ScenarioFile {
  const webs = options.webs ?? 2
  const instances: Record<string, unknown>[] = []
  for (let i = 0; i < webs; i++)
    instances.push({
      id: `i-0e00000000000000${i}`,
      name: `web-${i}`,
      tags: { Role: 'web' },
      vpcId: 'vpc-0aaa0000000000001',
      subnetId: 'subnet-0ab000000000001',
      privateIp: `10.0.1.${10 + i}`,
      securityGroups: ['sg-0eb000000000001']
    })
  instances.push(
    {
      id: 'i-0db00000000000001',
      name: 'db',
      vpcId: 'vpc-0aaa0000000000001',
      subnetId: 'subnet-0cd00000000000001',
      privateIp: '10.0.2.10',
      securityGroups: ['sg-0db0000000000001'],
      primaryNetworkInterfaceId: 'eni-0db00000000000001'
    },
    {
      id: 'i-0ee00000000000001',
      name: 'forgotten-debug-box',
      vpcId: 'vpc-0aaa0000000000001',
      subnetId: 'subnet-0cd00000000000001',
      privateIp: '10.0.2.99',
      securityGroups: ['sg-0ee000000000001'],
      primaryNetworkInterfaceId: 'eni-0ee00000000000001'
    }
  )
  const reachability: Record<string, unknown>[] = []
  for (let i = 0; i < webs; i++) {
    const id = instances[i].id as string
    reachability.push({
      source: 'igw-0aaa0000000000001',
      destination: id,
      protocol: 'tcp',
      port: 443,
      paths: [
        {
          forward: ['igw-0aaa0000000000001', { Component: { Id: LB_ARN.split('/').pop(), Arn: LB_ARN } }, id]
        }
      ]
    })
  }
  if (options.exposed)
    reachability.push({
      source: 'igw-0aaa0000000000001',
      destination: 'i-0ee00000000000001',
      protocol: 'tcp',
      port: 22,
      paths: [
        {
          forward: [
            'igw-0aaa0000000000001',
            {
              Component: { Id: 'acl-0aaa0000000000001' },
              AclRule: {
                Cidr: '0.0.0.0/0',
                Egress: false,
                Protocol: 'all',
                RuleAction: 'allow',
                RuleNumber: 100
              }
            },
            {
              Component: { Id: 'sg-0ee000000000001' },
              SecurityGroupRule: {
                Cidr: '0.0.0.0/0',
                Direction: 'ingress',
                PortRange: { From: 22, To: 22 },
                Protocol: 'tcp'
              }
            },
            'eni-0ee00000000000001'
          ]
        }
      ]
    })
  return {
    name: 'exposure',
    seed: 3,
    knobs: { timeScale: 0.001, pageSize: 2, analysisSeconds: 20 },
    accounts: {
      app: {
        id: '222222222222',
        regions: ['us-east-1'],
        staticKeys: [{ accessKeyId: APP_KEYS.accessKeyId, secretAccessKey: APP_KEYS.secretAccessKey }]
      }
    },
    roles: [
      { arn: ROLE, trust: { webIdentity: { sub: 'repo:example-org/infra:*', aud: 'sts.amazonaws.com' } } }
    ],
    resources: {
      app: {
        'us-east-1': {
          vpcs: [{ id: 'vpc-0aaa0000000000001', name: 'prod', tags: { Env: 'prod' } }],
          subnets: [
            {
              id: 'subnet-0ab000000000001',
              vpcId: 'vpc-0aaa0000000000001',
              name: 'public-a',
              tags: { Tier: 'public' }
            },
            {
              id: 'subnet-0cd00000000000001',
              vpcId: 'vpc-0aaa0000000000001',
              name: 'private-a',
              tags: { Tier: 'private' }
            }
          ],
          internetGateways: [
            { id: 'igw-0aaa0000000000001', name: 'main-igw', vpcId: 'vpc-0aaa0000000000001' }
          ],
          loadBalancers: [
            {
              name: 'web-alb',
              id: '50dc6c495c0c9188',
              type: 'application',
              scheme: 'internet-facing',
              vpcId: 'vpc-0aaa0000000000001',
              subnets: [{ id: 'subnet-0ab000000000001', availabilityZone: 'us-east-1a' }]
            }
          ],
          instances
        }
      }
    },
    reachability
  } as unknown as ScenarioFile
}

/** Two VPCs of one account, dev and prod, with `perVpc` instances each; `leak` adds one dev → prod path. */
export function devProdScenario(perVpc: number, leak: boolean): ScenarioFile {
  const hex = (vpc: number, i: number) => `${vpc}${i.toString(16).padStart(16, '0')}`
  const instances = [1, 2].flatMap(vpc =>
    Array.from({ length: perVpc }, (_, i) => ({
      id: `i-${hex(vpc, i)}`,
      name: `${vpc === 1 ? 'dev' : 'prod'}-${i}`,
      tags: { Env: vpc === 1 ? 'dev' : 'prod' },
      vpcId: `vpc-0${vpc}00000000000001`,
      subnetId: `subnet-0${vpc}00000000000001`,
      privateIp: `10.${vpc}.0.${10 + i}`,
      securityGroups: [`sg-0${vpc}00000000000001`]
    }))
  )
  return {
    name: 'dev-prod',
    seed: 5,
    knobs: { timeScale: 0.001, pageSize: 5, analysisSeconds: 20 },
    accounts: {
      app: {
        id: '222222222222',
        regions: ['us-east-1'],
        staticKeys: [{ accessKeyId: APP_KEYS.accessKeyId, secretAccessKey: APP_KEYS.secretAccessKey }]
      }
    },
    roles: [
      { arn: ROLE, trust: { webIdentity: { sub: 'repo:example-org/infra:*', aud: 'sts.amazonaws.com' } } }
    ],
    resources: {
      app: {
        'us-east-1': {
          vpcs: [
            { id: 'vpc-0100000000000001', name: 'dev', tags: { Env: 'dev' } },
            { id: 'vpc-0200000000000001', name: 'prod', tags: { Env: 'prod' } }
          ],
          subnets: [
            { id: 'subnet-0100000000000001', vpcId: 'vpc-0100000000000001', tags: { Env: 'dev' } },
            { id: 'subnet-0200000000000001', vpcId: 'vpc-0200000000000001', tags: { Env: 'prod' } }
          ],
          instances
        }
      }
    },
    reachability: leak
      ? [
          {
            source: `i-${hex(1, 3)}`,
            destination: `i-${hex(2, 7)}`,
            protocol: 'tcp',
            port: 5432,
            paths: [{ forward: [`i-${hex(1, 3)}`, 'pcx-0123456789abcdef0', `i-${hex(2, 7)}`] }]
          }
        ]
      : []
  } as unknown as ScenarioFile
}
