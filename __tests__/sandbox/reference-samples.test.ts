// The AWS documentation samples, served by the sandbox, come back through the real SDK equal to the sample.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateNetworkInsightsPathCommand,
  DescribeNetworkInsightsAnalysesCommand,
  DescribeNetworkInsightsPathsCommand,
  StartNetworkInsightsAnalysisCommand,
  type NetworkInsightsAnalysis
} from '@aws-sdk/client-ec2'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { parseEc2Arn } from '../../sandbox/aws/ids.js'
import { ec2, normalized, sample } from './helpers.js'

type Analyses = { NetworkInsightsAnalyses: Array<Record<string, unknown>> }

const notReachable = sample<Analyses>('ra-guide-03-describe-not-reachable.json')
const reachable = sample<Analyses>('ra-guide-04-describe-reachable.json')
const cliNotReachable = sample<Analyses>('aws-cli-describe-not-reachable.json')
const createPath = sample<{ NetworkInsightsPaths: Record<string, string> }>(
  'ra-guide-01-create-path-output.json'
)
const startAnalysis = sample<{ NetworkInsightsAnalysis: Record<string, string> }>(
  'ra-guide-02-start-analysis-output.json'
)

const DOCS_KEYS = { accessKeyId: 'AKIADOCSSAMPLE000001', secretAccessKey: 'docs-sample-secret' }
const RESULT_FIELDS = [
  'Status',
  'NetworkPathFound',
  'ForwardPathComponents',
  'ReturnPathComponents',
  'Explanations',
  'AlternatePathHints'
]

let sandbox: Sandbox

beforeAll(async () => {
  sandbox = await startSandbox({
    knobs: { timeScale: 0.0001 },
    accounts: { docs: { id: '123456789012', regions: ['us-east-1', 'us-west-2'], staticKeys: [DOCS_KEYS] } },
    resources: {
      docs: {
        'us-east-1': {
          internetGateways: [{ id: 'igw-0797cccdc9d73b0e5', vpcId: 'vpc-f1663d98ad28331c7' }],
          instances: [
            {
              id: 'i-0495d385ad28331c7',
              vpcId: 'vpc-f1663d98ad28331c7',
              subnetId: 'subnet-004ff41eccb4d1194'
            },
            {
              id: 'i-0626d4edd54f1286d',
              vpcId: 'vpc-f1663d98ad28331c7',
              subnetId: 'subnet-004ff41eccb4d1194'
            }
          ]
        }
      }
    },
    reachability: [
      // The RA guide's reachable sample (IGW → instance, tcp/22), and the CLI reference's not-reachable one.
      {
        source: 'igw-0797cccdc9d73b0e5',
        destination: 'i-0626d4edd54f1286d',
        protocol: 'tcp',
        port: 22,
        analysis: reachable.NetworkInsightsAnalyses[0]
      },
      {
        source: 'igw-0797cccdc9d73b0e5',
        destination: 'i-0495d385ad28331c7',
        protocol: 'tcp',
        analysis: cliNotReachable.NetworkInsightsAnalyses[0]
      }
    ],
    existing: [
      { account: 'docs', region: 'us-west-2', analyses: notReachable.NetworkInsightsAnalyses },
      {
        account: 'docs',
        region: 'us-east-1',
        analyses: [...reachable.NetworkInsightsAnalyses, ...cliNotReachable.NetworkInsightsAnalyses]
      }
    ],
    fixedIds: { nip: ['nip-0b26f224f1d131fa8', 'nip-0abc123def456789'], nia: ['nia-0abc123def456789'] }
  })
})

afterAll(() => sandbox.close())

describe('AWS documentation samples through the SDK', () => {
  it('serves ra-guide-03 (two not-reachable analyses, many ids in one call) verbatim', async () => {
    const client = ec2(sandbox, DOCS_KEYS, 'us-west-2')
    const ids = notReachable.NetworkInsightsAnalyses.map(a => a.NetworkInsightsAnalysisId as string)
    const out = await client.send(
      new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: ids })
    )
    expect(out.NetworkInsightsAnalyses![0].StartDate).toBeInstanceOf(Date)
    // The guide's first explanation carries "Protocol": "tcp", which is not a field of EC2's Explanation shape
    // (it has `Protocols`, a list): no SDK client can ever show it, so it is the one difference.
    const expected = structuredClone(notReachable.NetworkInsightsAnalyses) as Array<{
      Explanations: Array<Record<string, unknown>>
    }>
    expect(expected[0].Explanations[0].Protocol).toBe('tcp')
    delete expected[0].Explanations[0].Protocol
    expect(normalized(out.NetworkInsightsAnalyses)).toEqual(expected)
    // Field by field, the parts a report is made of:
    const [first, second] = out.NetworkInsightsAnalyses!
    expect(first.NetworkPathFound).toBe(false)
    expect(first.FilterInArns).toEqual(['arn:aws:ec2:us-west-2:123456789012:vpc/vpc-0abc123def456789'])
    expect(first.Explanations![0].ExplanationCode).toBe('ENI_SG_RULES_MISMATCH')
    expect(first.Explanations![0].Direction).toBe('ingress')
    expect(first.Explanations![0].SecurityGroups!.map(g => g.Id)).toEqual([
      'sg-0abc123def456789',
      'sg-0def456789abc0123'
    ])
    expect(first.AlternatePathHints).toEqual([
      {
        ComponentId: 'sg-0fff111222333444',
        ComponentArn: 'arn:aws:ec2:us-west-2:123456789012:security-group/sg-0fff111222333444'
      }
    ])
    expect(second.Explanations![0].SecurityGroupRule).toEqual({
      SecurityGroupId: 'sg-0def456789abc0123',
      Direction: 'ingress',
      PortRange: { From: 80, To: 80 },
      Protocol: 'tcp',
      Cidr: '10.0.0.0/16'
    })
    expect(second.Tags).toEqual([{ Key: 'Purpose', Value: 'SecurityAudit' }])
  })

  it('serves ra-guide-04 (reachable, forward and return path) and the CLI sample verbatim', async () => {
    const client = ec2(sandbox, DOCS_KEYS)
    const ids = ['nia-076744f74a04c3c7f', 'nia-02207aa13eb480c7a']
    const out = await client.send(
      new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: ids })
    )
    expect(normalized(out.NetworkInsightsAnalyses)).toEqual([
      ...reachable.NetworkInsightsAnalyses,
      ...cliNotReachable.NetworkInsightsAnalyses
    ])
    const forward = out.NetworkInsightsAnalyses![0].ForwardPathComponents!
    expect(forward.map(c => c.Component?.Id)).toEqual([
      'igw-0797cccdc9d73b0e5',
      'acl-04fbcfb79260f6c5b',
      'sg-02f0d35a850ba727f',
      'eni-0a25edef15a6cc08c',
      'i-0626d4edd54f1286d'
    ])
    expect(forward[1].AclRule).toEqual({
      Cidr: '0.0.0.0/0',
      Egress: false,
      Protocol: 'all',
      RuleAction: 'allow',
      RuleNumber: 100
    })
    expect(forward[2].SecurityGroupRule?.PortRange).toEqual({ From: 22, To: 22 })
    expect(forward[0].InboundHeader?.DestinationPortRanges).toEqual([{ From: 22, To: 22 }])
    expect(out.NetworkInsightsAnalyses![0].ReturnPathComponents).toHaveLength(6)
    expect(out.NetworkInsightsAnalyses![1].Explanations![0].Subnet?.Id).toBe('subnet-004ff41eccb4d1194')
  })

  it('returns the ra-guide-01 create-path output for the same request', async () => {
    const expected = createPath.NetworkInsightsPaths
    const client = ec2(sandbox, DOCS_KEYS)
    // The guide's ARNs omit the id prefix ("internet-gateway/0797…"); passing them as Source/Destination yields
    // exactly the guide's Source, Destination, SourceArn and DestinationArn.
    const out = await client.send(
      new CreateNetworkInsightsPathCommand({
        Source: expected.SourceArn,
        Destination: expected.DestinationArn,
        Protocol: 'tcp'
      })
    )
    expect(out.NetworkInsightsPath!.CreatedDate).toBeInstanceOf(Date)
    expect({ ...(normalized(out.NetworkInsightsPath) as object), CreatedDate: expected.CreatedDate }).toEqual(
      expected
    )
    const listed = await client.send(
      new DescribeNetworkInsightsPathsCommand({ NetworkInsightsPathIds: [expected.NetworkInsightsPathId] })
    )
    expect(listed.NetworkInsightsPaths![0].SourceArn).toBe(expected.SourceArn)
  })

  it('returns the ra-guide-02 start-analysis output, then serves a fact carrying a sample analysis body', async () => {
    const client = ec2(sandbox, DOCS_KEYS)
    const path = await client.send(
      new CreateNetworkInsightsPathCommand({
        Source: 'igw-0797cccdc9d73b0e5',
        Destination: 'i-0626d4edd54f1286d',
        Protocol: 'tcp',
        DestinationPort: 22
      })
    )
    expect(path.NetworkInsightsPath!.NetworkInsightsPathId).toBe('nip-0abc123def456789')
    const started = await client.send(
      new StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: 'nip-0abc123def456789' })
    )
    const expected = startAnalysis.NetworkInsightsAnalysis
    const got = normalized(started.NetworkInsightsAnalysis) as Record<string, string>
    // The guide's sample ARN names a different analysis id than its NetworkInsightsAnalysisId (a documentation slip).
    expect(parseEc2Arn(got.NetworkInsightsAnalysisArn)?.id).toBe(got.NetworkInsightsAnalysisId)
    expect({
      ...got,
      NetworkInsightsAnalysisArn: expected.NetworkInsightsAnalysisArn,
      StartDate: expected.StartDate
    }).toEqual(expected)

    let done: NetworkInsightsAnalysis | undefined
    while (!done) {
      const d = await client.send(
        new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: ['nia-0abc123def456789'] })
      )
      if (d.NetworkInsightsAnalyses![0].Status !== 'running') done = d.NetworkInsightsAnalyses![0]
    }
    const served = normalized(done) as Record<string, unknown>
    for (const field of RESULT_FIELDS)
      expect(served[field]).toEqual(reachable.NetworkInsightsAnalyses[0][field])
    expect(served.NetworkInsightsAnalysisId).toBe('nia-0abc123def456789')
    expect(served.NetworkInsightsPathId).toBe('nip-0abc123def456789')
  })
})
