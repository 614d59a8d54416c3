import { describe, expect, it } from '@jest/globals'
import type { Assertion, Endpoint, PreflightConfig } from '../../src/model.js'
import {
  githubTrustPolicy,
  iamPolicyFor,
  kindsUsedBy,
  MANAGED_TAG_KEY,
  REACHABILITY_ANALYZER_READS,
  type IamStatement
} from '../../src/resolve/index.js'
import { byId, byTags, endpoint } from './fakeEc2.js'

const LOCATION = { file: 'preflight.yaml', line: 1, column: 1 }

function assertion(id: string, source: Endpoint, destination: Endpoint, via: Endpoint[] = []): Assertion {
  return {
    id,
    type: 'allow',
    labels: [],
    source,
    destination,
    protocol: 'tcp',
    via,
    avoid: [],
    region: source.region,
    location: LOCATION
  }
}

function config(assertions: Assertion[]): PreflightConfig {
  return {
    version: 1,
    file: 'preflight.yaml',
    defaults: { region: 'us-east-1', auth: { mode: 'default' } },
    accounts: { app: { name: 'app', regions: ['us-east-1'], assume: 'auto', location: LOCATION } },
    assertions
  }
}

const sample = config([
  assertion(
    'a',
    endpoint('app', 'us-east-1', byTags({ Name: 'web' })),
    endpoint('app', 'us-east-1', byId('vpce-0abc')),
    [endpoint('app', 'us-east-1', byId('tgw-attach-0abc'), 'via')]
  ),
  assertion(
    'b',
    endpoint('app', 'us-east-1', byId('igw-0abc')),
    endpoint('app', 'us-east-1', { by: 'ip', ip: '10.0.0.1' }, 'destination')
  )
])

function statement(policy: { Statement: IamStatement[] }, sid: string): IamStatement {
  const found = policy.Statement.find(s => s.Sid === sid)
  if (!found) throw new Error(`no statement ${sid}`)
  return found
}

describe('iamPolicyFor', () => {
  it('grants the describes of exactly the kinds the config selects', () => {
    expect(kindsUsedBy(sample)).toEqual([
      'instance',
      'network-interface',
      'internet-gateway',
      'transit-gateway-attachment',
      'vpc-endpoint'
    ])
    expect(statement(iamPolicyFor(sample), 'ResolveSelectors')).toEqual({
      Sid: 'ResolveSelectors',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeTransitGatewayAttachments',
        'ec2:DescribeVpcEndpoints'
      ],
      Resource: '*'
    })
  })

  it('adds DescribeSubnets/DescribeVpcs for subnet/vpc tag scoping and DescribeNatGateways for a through: NAT gateway', () => {
    const scoped: Endpoint = {
      ...endpoint('app', 'us-east-1', {
        by: 'tags',
        tags: { Role: 'web' },
        kinds: ['instance'],
        within: {
          subnet: { by: 'tags', tags: { Tier: 'private' } },
          vpc: { by: 'tags', tags: { Env: 'prod' } }
        }
      }),
      match: 'each'
    }
    const withThrough: Assertion = {
      ...assertion('g', scoped, endpoint('app', 'us-east-1', byId('i-0abc'), 'destination')),
      through: [endpoint('app', 'us-east-1', byId('nat-0abc'), 'through')]
    }
    expect(statement(iamPolicyFor(config([withThrough])), 'ResolveSelectors').Action).toEqual([
      'ec2:DescribeInstances',
      'ec2:DescribeNatGateways',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs'
    ])
  })

  it('adds exactly the reads each managed kind needs, only when the config uses it', () => {
    const managed = (
      service: 'lambda' | 'rds' | 'load_balancer' | 'network_firewall' | 'ecs_service',
      name: string
    ) => ({ by: 'managed', service, name }) as const
    const lambdaToRds = config([
      assertion(
        'fn-db',
        endpoint('app', 'us-east-1', managed('lambda', 'orders-fn')),
        endpoint('app', 'us-east-1', managed('rds', 'orders-db'), 'destination')
      )
    ])
    expect(statement(iamPolicyFor(lambdaToRds), 'ResolveSelectors').Action).toEqual([
      'lambda:GetFunctionConfiguration',
      'ec2:DescribeNetworkInterfaces',
      'rds:DescribeDBInstances',
      'rds:DescribeDBClusters'
    ])
    const throughLb = config([
      assertion(
        'svc-lb',
        endpoint('app', 'us-east-1', managed('ecs_service', 'prod/web')),
        endpoint('app', 'us-east-1', managed('load_balancer', 'web-alb'), 'destination'),
        [endpoint('app', 'us-east-1', managed('network_firewall', 'inspection'), 'via')]
      )
    ])
    const actions = statement(iamPolicyFor(throughLb), 'ResolveSelectors').Action as string[]
    expect([...actions].sort()).toEqual([
      'ec2:DescribeInstances',
      'ec2:DescribeNetworkInterfaces',
      'ecs:DescribeTasks',
      'ecs:ListTasks',
      'elasticloadbalancing:DescribeLoadBalancers',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetHealth',
      'network-firewall:DescribeFirewall'
    ])
    // Nothing managed in the config: none of it.
    const plain = (statement(iamPolicyFor(sample), 'ResolveSelectors').Action as string[]).join()
    expect(plain).not.toMatch(/lambda:|rds:|ecs:/)
    // A load balancer only in via needs only its own describe.
    const viaLb = config([
      assertion(
        'via-lb',
        endpoint('app', 'us-east-1', byId('i-0abc')),
        endpoint('app', 'us-east-1', byId('eni-0abc'), 'destination'),
        [endpoint('app', 'us-east-1', managed('load_balancer', 'web-alb'), 'via')]
      )
    ])
    expect(statement(iamPolicyFor(viaLb), 'ResolveSelectors').Action).toEqual([
      'ec2:DescribeInstances',
      'ec2:DescribeNetworkInterfaces',
      'elasticloadbalancing:DescribeLoadBalancers'
    ])
  })

  it("adds Reachability Analyzer's own reads without repeating the resolver's", () => {
    const policy = iamPolicyFor(sample)
    const engine = statement(policy, 'ReachabilityAnalyzerReadsTheNetwork').Action as string[]
    const resolve = statement(policy, 'ResolveSelectors').Action as string[]
    expect(engine.filter(action => resolve.includes(action))).toEqual([])
    expect([...engine, ...resolve].sort()).toEqual([...REACHABILITY_ANALYZER_READS].sort())
    expect(engine).toEqual(
      expect.arrayContaining([
        'tiros:CreateQuery',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers'
      ])
    )
  })

  it('creates only tagged paths and analyses, tags only on creation, deletes only managed ones', () => {
    const policy = iamPolicyFor(sample)
    const requestTagged = { StringEquals: { [`aws:RequestTag/${MANAGED_TAG_KEY}`]: 'true' } }
    const resourceTagged = { StringEquals: { [`aws:ResourceTag/${MANAGED_TAG_KEY}`]: 'true' } }
    expect(statement(policy, 'CreateOnlyTaggedPaths')).toMatchObject({
      Action: 'ec2:CreateNetworkInsightsPath',
      Condition: requestTagged
    })
    expect(statement(policy, 'StartOnlyTaggedAnalyses')).toMatchObject({
      Action: 'ec2:StartNetworkInsightsAnalysis',
      Resource: 'arn:*:ec2:*:*:network-insights-analysis/*',
      Condition: requestTagged
    })
    expect(statement(policy, 'AnalyzeOnlyManagedPaths')).toMatchObject({
      Action: 'ec2:StartNetworkInsightsAnalysis',
      Resource: 'arn:*:ec2:*:*:network-insights-path/*',
      Condition: resourceTagged
    })
    expect(statement(policy, 'TagOnlyOnCreate').Condition).toEqual({
      StringEquals: {
        'ec2:CreateAction': ['CreateNetworkInsightsPath', 'StartNetworkInsightsAnalysis'],
        'aws:RequestTag/network-preflight:managed': 'true'
      }
    })
    expect(statement(policy, 'DeleteOnlyManaged')).toMatchObject({
      Action: ['ec2:DeleteNetworkInsightsPath', 'ec2:DeleteNetworkInsightsAnalysis'],
      Condition: resourceTagged
    })
    expect(statement(policy, 'WhoAmI').Action).toBe('sts:GetCallerIdentity')
    // Nothing that changes EC2 is granted without a tag condition (tiros:CreateQuery only asks a question).
    for (const s of policy.Statement) {
      const actions = ([] as string[]).concat(s.Action)
      if (actions.some(a => /^ec2:(Create|Start|Delete)/.test(a))) expect(s.Condition).toBeDefined()
    }
  })

  it('omits the resolver statement for a config without selectors, and still lets the analysis run', () => {
    const ipOnly = config([])
    const policy = iamPolicyFor(ipOnly)
    expect(policy.Statement.some(s => s.Sid === 'ResolveSelectors')).toBe(false)
    expect(statement(policy, 'ReachabilityAnalyzerReadsTheNetwork').Action).toEqual([
      ...REACHABILITY_ANALYZER_READS
    ])
  })
})

describe('trust policies', () => {
  it('lets one repository assume the role with its GitHub OIDC token', () => {
    expect(githubTrustPolicy({ accountId: '222222222222', repository: 'acme/infra' })).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'GitHubActionsOidc',
          Effect: 'Allow',
          Principal: {
            Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com'
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:*' }
          }
        }
      ]
    })
    const narrow = githubTrustPolicy({
      accountId: '222222222222',
      repository: 'acme/infra',
      subPattern: 'repo:acme/infra:pull_request'
    })
    expect(narrow.Statement[0].Condition?.StringLike).toEqual({
      'token.actions.githubusercontent.com:sub': 'repo:acme/infra:pull_request'
    })
  })

  it('rejects malformed inputs', () => {
    expect(() => githubTrustPolicy({ accountId: '123', repository: 'acme/infra' })).toThrow('12 digits')
    expect(() => githubTrustPolicy({ accountId: '222222222222', repository: 'infra' })).toThrow('OWNER/NAME')
  })
})
