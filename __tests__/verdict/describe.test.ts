import { describeAnalysis, describeContextFor } from '../../src/verdict/index.js'
import { makeAssertion, sampleAnalysis } from './support.js'

const REACHABLE = 'ra-guide-04-describe-reachable.json'
const GUIDE_NOT_REACHABLE = 'ra-guide-03-describe-not-reachable.json'
const CLI_NOT_REACHABLE = 'aws-cli-describe-not-reachable.json'
const ARN = 'arn:aws:ec2:us-east-1:123456789012'

describe('describeAnalysis on the AWS documentation samples', () => {
  it('ra-guide-04: forward and return hops in order, with what each hop did', () => {
    const described = describeAnalysis(sampleAnalysis(REACHABLE), { region: 'us-east-1' })
    expect(described.networkPathFound).toBe(true)
    expect(described.explanations).toEqual([])
    expect(described.warnings).toEqual([])
    expect(described.forwardPath).toEqual([
      {
        sequence: 1,
        componentId: 'igw-0797cccdc9d73b0e5',
        componentArn: `${ARN}:internet-gateway/igw-0797cccdc9d73b0e5`,
        componentType: 'internet-gateway',
        detail: 'in vpc-f1663d98ad28331c7; destination 34.230.71.227 → 10.0.2.87'
      },
      {
        sequence: 2,
        componentId: 'acl-04fbcfb79260f6c5b',
        componentArn: `${ARN}:network-acl/acl-04fbcfb79260f6c5b`,
        componentType: 'network-acl',
        detail: 'rule 100 allows all inbound traffic from 0.0.0.0/0'
      },
      {
        sequence: 3,
        componentId: 'sg-02f0d35a850ba727f',
        componentArn: `${ARN}:security-group/sg-02f0d35a850ba727f`,
        componentType: 'security-group',
        detail: 'sg-02f0d35a850ba727f allows tcp/22 from 0.0.0.0/0'
      },
      {
        sequence: 4,
        componentId: 'eni-0a25edef15a6cc08c',
        componentArn: `${ARN}:network-interface/eni-0a25edef15a6cc08c`,
        componentType: 'network-interface',
        detail: 'attached to i-0495d385ad28331c7; in subnet-004ff41eccb4d1194 (vpc-f1663d98ad28331c7)'
      },
      {
        sequence: 5,
        componentId: 'i-0626d4edd54f1286d',
        componentArn: `${ARN}:instance/i-0626d4edd54f1286d`,
        componentType: 'instance'
      }
    ])
    expect(described.returnPath.map(h => [h.sequence, h.componentId, h.detail])).toEqual([
      [1, 'i-0626d4edd54f1286d', undefined],
      [
        2,
        'eni-0a25edef15a6cc08c',
        'attached to i-0495d385ad28331c7; in subnet-004ff41eccb4d1194 (vpc-f1663d98ad28331c7)'
      ],
      [3, 'sg-02f0d35a850ba727f', undefined],
      [4, 'acl-0a8e20a0a9f144d36', 'rule 100 allows all outbound traffic to 0.0.0.0/0'],
      [5, 'rtb-0d49a54c0a8c0bd9b', 'route 0.0.0.0/0 → igw-0797cccdc9d73b0e5'],
      [6, 'igw-0797cccdc9d73b0e5', 'in vpc-f1663d98ad28331c7']
    ])
  })

  it('ra-guide-03 (first analysis): partial path and the security group explanation with names and link', () => {
    const context = describeContextFor(makeAssertion('allow'))
    const described = describeAnalysis(sampleAnalysis(GUIDE_NOT_REACHABLE, 0), context)
    expect(described.networkPathFound).toBe(false)
    expect(described.forwardPath.map(h => [h.componentId, h.componentType, h.name])).toEqual([
      ['i-0abc123def456789', 'instance', 'Source Instance'],
      ['eni-0abc123def456789', 'network-interface', 'Source ENI'],
      ['subnet-0abc123def456789', 'subnet', 'Private Subnet']
    ])
    expect(described.explanations).toHaveLength(1)
    expect(described.explanations[0]).toMatchObject({
      code: 'ENI_SG_RULES_MISMATCH',
      direction: 'ingress',
      sentence:
        'Security groups sg-0abc123def456789 (Source Security Group) and sg-0def456789abc0123 (Destination Security Group) have no inbound rule allowing tcp/443 on eni-0def456789abc0123 (Destination ENI).',
      componentId: 'sg-0abc123def456789',
      componentArn: 'arn:aws:ec2:us-west-2:123456789012:security-group/sg-0abc123def456789',
      consoleUrl:
        'https://us-west-2.console.aws.amazon.com/vpcconsole/home?region=us-west-2#SecurityGroup:groupId=sg-0abc123def456789'
    })
  })

  it('ra-guide-03 (second analysis): the rule AWS compared and the packet field that did not match', () => {
    const described = describeAnalysis(sampleAnalysis(GUIDE_NOT_REACHABLE, 1), {
      region: 'us-west-2',
      protocol: 'tcp',
      port: { from: 80, to: 80 }
    })
    expect(described.explanations.map(e => [e.componentId, e.sentence])).toEqual([
      [
        'sg-0def456789abc0123',
        "Security group sg-0def456789abc0123 has no inbound rule allowing tcp/80 on eni-0fff111222333444 (Target Load Balancer ENI); its inbound rule tcp/80 from 10.0.0.0/16 does not match the packet's source address."
      ]
    ])
  })

  it('aws-cli sample: an explanation without any path, phrased without the port when none is known', () => {
    const described = describeAnalysis(sampleAnalysis(CLI_NOT_REACHABLE), { region: 'us-east-1' })
    expect(described.forwardPath).toEqual([])
    expect(described.returnPath).toEqual([])
    expect(described.explanations.map(e => e.sentence)).toEqual([
      'Security group sg-02f0d35a850ba727f has no inbound rule allowing the traffic on eni-0a25edef15a6cc08c.'
    ])
  })
})

describe('describeAnalysis details', () => {
  it('orders hops by SequenceNumber, whatever order AWS lists them in', () => {
    const described = describeAnalysis({
      NetworkPathFound: true,
      ForwardPathComponents: [
        { SequenceNumber: 3, Component: { Id: 'eni-b' } },
        { SequenceNumber: 1, Component: { Id: 'eni-a' } },
        {
          SequenceNumber: 2,
          Component: { Id: 'tgw-x' },
          TransitGatewayRouteTableRoute: { DestinationCidr: '10.2.0.0/16', AttachmentId: 'tgw-attach-y' }
        }
      ]
    })
    expect(described.forwardPath.map(h => `${h.sequence}:${h.componentId}:${h.detail ?? ''}`)).toEqual([
      '1:eni-a:',
      '2:tgw-x:route 10.2.0.0/16 → tgw-attach-y',
      '3:eni-b:'
    ])
  })

  it('names a hop by its typed fields when AWS gives no Component', () => {
    const described = describeAnalysis({
      ForwardPathComponents: [
        {
          SequenceNumber: 1,
          SecurityGroupRule: {
            SecurityGroupId: 'sg-0abc',
            Direction: 'egress',
            Protocol: 'tcp',
            PortRange: { From: 5432, To: 5432 },
            Cidr: '10.0.1.0/24'
          }
        },
        { SequenceNumber: 2 }
      ]
    })
    expect(described.forwardPath).toEqual([
      {
        sequence: 1,
        componentId: 'sg-0abc',
        componentType: 'security-group',
        detail: 'sg-0abc allows tcp/5432 to 10.0.1.0/24'
      },
      { sequence: 2, componentId: 'component-2' }
    ])
  })

  it('phrases a block with the packet from the path headers (source address, port)', () => {
    const described = describeAnalysis(
      {
        NetworkPathFound: false,
        ForwardPathComponents: [
          {
            SequenceNumber: 1,
            Component: { Id: 'eni-0src' },
            OutboundHeader: {
              Protocol: '6',
              SourceAddresses: ['10.0.1.5/32'],
              DestinationAddresses: ['10.0.2.9/32'],
              DestinationPortRanges: [{ From: 5432, To: 5432 }]
            }
          }
        ],
        Explanations: [
          {
            ExplanationCode: 'ENI_SG_RULES_MISMATCH',
            Direction: 'ingress',
            SecurityGroups: [{ Id: 'sg-0db', Name: 'db-sg' }],
            NetworkInterface: { Id: 'eni-0db' }
          }
        ]
      },
      { region: 'us-east-1', protocol: 'tcp', port: { from: 1, to: 1 } }
    )
    expect(described.explanations[0]!.sentence).toBe(
      'Security group sg-0db (db-sg) has no inbound rule allowing tcp/5432 from 10.0.1.5 on eni-0db.'
    )
  })

  it('phrases a block on the return path with the return packet, not the assertion port', () => {
    const described = describeAnalysis(
      {
        NetworkPathFound: false,
        ForwardPathComponents: [{ SequenceNumber: 1, Component: { Id: 'eni-0src' } }],
        ReturnPathComponents: [
          {
            SequenceNumber: 1,
            Component: { Id: 'eni-0db' },
            OutboundHeader: {
              Protocol: '6',
              SourceAddresses: ['10.0.2.9/32'],
              DestinationAddresses: ['10.0.1.5/32'],
              DestinationPortRanges: [{ From: 40000, To: 40000 }]
            }
          }
        ],
        Explanations: [
          {
            ExplanationCode: 'SUBNET_ACL_RESTRICTION',
            Acl: { Id: 'acl-0db' },
            Subnet: { Id: 'subnet-0db' },
            AclRule: {
              RuleNumber: 32767,
              RuleAction: 'deny',
              Egress: true,
              Protocol: '-1',
              Cidr: '0.0.0.0/0'
            }
          }
        ]
      },
      { protocol: 'tcp', port: { from: 5432, to: 5432 } }
    )
    expect(described.explanations[0]!.sentence).toBe(
      'Network ACL acl-0db of subnet subnet-0db blocks outbound tcp/40000 to 10.0.1.5 (the default rule (*) denies all outbound traffic to 0.0.0.0/0).'
    )
  })

  it('turns additional details, detail-coded explanations and WarningMessage into unique warnings', () => {
    const described = describeAnalysis({
      NetworkPathFound: true,
      WarningMessage: 'Some resources could not be described.',
      Explanations: [{ ExplanationCode: 'AVAILABILITY_ZONE_CROSSED' }],
      ForwardPathComponents: [
        {
          SequenceNumber: 1,
          Component: { Id: 'eni-a' },
          AdditionalDetails: [{ AdditionalDetailType: 'UNIDIRECTIONAL_PATH_ANALYSIS_ONLY' }]
        },
        {
          SequenceNumber: 2,
          Component: { Id: 'eni-b' },
          AdditionalDetails: [{ AdditionalDetailType: 'UNIDIRECTIONAL_PATH_ANALYSIS_ONLY' }]
        }
      ]
    })
    expect(described.explanations).toEqual([])
    expect(described.warnings).toEqual([
      'The path crosses Availability Zones (inter-AZ data transfer is charged).',
      'Only the forward path was analyzed; the return traffic might still be blocked.',
      'AWS warning: Some resources could not be described.'
    ])
  })

  it('adds explanations attached to path components after the top-level ones, without duplicates', () => {
    const block = { ExplanationCode: 'BAD_STATE', Component: { Id: 'nat-0abc' }, State: 'failed' }
    const described = describeAnalysis({
      NetworkPathFound: false,
      Explanations: [block],
      ForwardPathComponents: [
        {
          SequenceNumber: 1,
          Component: { Id: 'eni-a' },
          Explanations: [block, { ExplanationCode: 'NO_ROUTE_TO_DESTINATION', RouteTable: { Id: 'rtb-1' } }]
        }
      ]
    })
    expect(described.explanations.map(e => e.code)).toEqual(['BAD_STATE', 'NO_ROUTE_TO_DESTINATION'])
  })

  it('accepts SDK objects with Date fields, and returns an empty description for non-objects', () => {
    const raw = { ...sampleAnalysis(REACHABLE), StartDate: new Date('2023-03-20T23:47:08.080Z') }
    expect(describeAnalysis(raw).forwardPath).toHaveLength(5)
    for (const junk of [undefined, null, 'text', 42, []]) {
      expect(describeAnalysis(junk)).toEqual({
        forwardPath: [],
        returnPath: [],
        explanations: [],
        warnings: []
      })
    }
    expect(describeAnalysis({ ForwardPathComponents: 'nope', Explanations: [null, 3] }).explanations).toEqual(
      []
    )
  })

  it('derives its context from an assertion: region, protocol, port and an IP destination', () => {
    const assertion = makeAssertion('deny', {
      destination: { ...makeAssertion('deny').destination, selector: { by: 'ip', ip: '10.9.8.7' } },
      port: { from: 8000, to: 8100 },
      protocol: 'udp',
      region: 'eu-central-1'
    })
    expect(describeContextFor(assertion)).toEqual({
      region: 'eu-central-1',
      protocol: 'udp',
      port: { from: 8000, to: 8100 },
      destinationIp: '10.9.8.7'
    })
  })
})

describe('hop sentences name the rule with the group that owns it (ra-guide-04, its SG rule varied)', () => {
  // The documented reachable analysis: hop 3 is sg-02f0d35a850ba727f admitting tcp/22 from 0.0.0.0/0. The same
  // hop with the rule's peer replaced by what AWS's AnalysisSecurityGroupRule can carry instead of a Cidr.
  const withRule = (rule: Record<string, unknown>) => {
    const raw = structuredClone(sampleAnalysis(REACHABLE)) as {
      ForwardPathComponents: Array<Record<string, unknown>>
    }
    const hop = raw.ForwardPathComponents.find(c => (c.Component as { Id?: string })?.Id?.startsWith('sg-'))!
    hop.SecurityGroupRule = rule
    return describeAnalysis(raw, { region: 'us-east-1' }).forwardPath.find(h =>
      h.componentId.startsWith('sg-')
    )
  }
  const base = { Direction: 'ingress', PortRange: { From: 5432, To: 5432 }, Protocol: 'tcp' }

  it('a rule referencing another group: the hop group allows traffic from the referenced one', () => {
    expect(withRule({ ...base, SecurityGroupId: 'sg-0a11ce0000000000a' })?.detail).toBe(
      'sg-02f0d35a850ba727f allows tcp/5432 from sg-0a11ce0000000000a'
    )
  })

  it('an egress rule referencing a group says "to" it', () => {
    expect(withRule({ ...base, Direction: 'egress', SecurityGroupId: 'sg-0db0000000000000d' })?.detail).toBe(
      'sg-02f0d35a850ba727f allows tcp/5432 to sg-0db0000000000000d'
    )
  })

  it('a prefix-list rule names the prefix list', () => {
    expect(withRule({ ...base, PrefixListId: 'pl-02cd2c6b' })?.detail).toBe(
      'sg-02f0d35a850ba727f allows tcp/5432 from prefix list pl-02cd2c6b'
    )
  })

  it('a SecurityGroupId equal to the hop group is its own id, not a peer', () => {
    expect(withRule({ ...base, SecurityGroupId: 'sg-02f0d35a850ba727f', Cidr: '10.0.0.0/16' })?.detail).toBe(
      'sg-02f0d35a850ba727f allows tcp/5432 from 10.0.0.0/16'
    )
  })

  it('the documented NACL hops keep rule number, action, direction and CIDR', () => {
    const described = describeAnalysis(sampleAnalysis(REACHABLE), { region: 'us-east-1' })
    expect(described.forwardPath[1].detail).toBe('rule 100 allows all inbound traffic from 0.0.0.0/0')
    expect(described.returnPath[3].detail).toBe('rule 100 allows all outbound traffic to 0.0.0.0/0')
  })

  it('an explanation quoting a group-referencing rule names the referenced group as the peer', () => {
    const raw = structuredClone(sampleAnalysis(GUIDE_NOT_REACHABLE, 1)) as {
      Explanations: Array<{ SecurityGroupRule: Record<string, unknown>; SecurityGroup?: unknown }>
    }
    raw.Explanations[0].SecurityGroup = { Id: 'sg-0db0000000000000d' }
    raw.Explanations[0].SecurityGroupRule = { ...base, SecurityGroupId: 'sg-0a11ce0000000000a' }
    const [explanation] = describeAnalysis(raw, { region: 'us-west-2' }).explanations
    expect(explanation.componentId).toBe('sg-0db0000000000000d')
    expect(explanation.sentence).toContain(
      'its inbound rule tcp/5432 from sg-0a11ce0000000000a does not match'
    )
  })
})
