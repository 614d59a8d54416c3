import fc from 'fast-check'
import {
  additionalDetailSentence,
  explainExplanation,
  explanationSentence,
  type PacketContext,
  type RawExplanation
} from '../../src/verdict/index.js'
import { BROKEN_TEXT, documentedCodes } from './support.js'

const ARN_TYPES: Record<string, string> = {
  i: 'instance',
  eni: 'network-interface',
  nat: 'natgateway',
  acl: 'network-acl',
  rtb: 'route-table',
  sg: 'security-group',
  subnet: 'subnet',
  vpc: 'vpc',
  igw: 'internet-gateway',
  pcx: 'vpc-peering-connection',
  vpce: 'vpc-endpoint',
  vpn: 'vpn-connection',
  vgw: 'vpn-gateway',
  tgw: 'transit-gateway',
  pl: 'prefix-list'
}

/** A component as AWS names it: id, ARN in eu-west-1, and optionally a Name tag. */
function c(id: string, name?: string) {
  const type = id.startsWith('tgw-attach-')
    ? 'transit-gateway-attachment'
    : id.startsWith('tgw-rtb-')
      ? 'transit-gateway-route-table'
      : ARN_TYPES[id.split('-')[0]!]!
  return {
    Id: id,
    Arn: `arn:aws:ec2:eu-west-1:111122223333:${type}/${id}`,
    ...(name !== undefined ? { Name: name } : {})
  }
}

const LB_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188'

/** Every field of Explanation (and AdditionalDetail) populated, to exercise each renderer fully. */
const RICH = {
  Direction: 'ingress',
  Component: c('nat-0123', 'edge-nat'),
  Acl: c('acl-0abc'),
  AclRule: {
    Cidr: '10.0.0.0/8',
    Egress: false,
    PortRange: { From: 5432, To: 5432 },
    Protocol: '6',
    RuleAction: 'deny',
    RuleNumber: 90
  },
  Address: '10.0.9.9',
  Addresses: ['10.0.9.9'],
  AttachedTo: c('i-0abc'),
  AvailabilityZones: ['eu-west-1a'],
  Cidrs: ['10.1.0.0/16'],
  Destination: c('eni-0dst'),
  DestinationVpc: c('vpc-0dst'),
  SourceVpc: c('vpc-0src'),
  IngressRouteTable: c('rtb-0ingress'),
  InternetGateway: c('igw-0abc'),
  LoadBalancerArn: LB_ARN,
  ClassicLoadBalancerListener: { LoadBalancerPort: 443, InstancePort: 8443 },
  LoadBalancerListenerPort: 443,
  LoadBalancerTarget: {
    Address: '10.0.3.4',
    AvailabilityZone: 'eu-west-1b',
    Instance: c('i-0target'),
    Port: 8080
  },
  LoadBalancerTargetGroup: {
    Arn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web-tg/73e2d6bc24d8a067'
  },
  LoadBalancerTargetGroups: [],
  LoadBalancerTargetPort: 8080,
  ElasticLoadBalancerListener: {
    Arn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2'
  },
  MissingComponent: 'eni-0missing',
  NatGateway: c('nat-0123', 'edge-nat'),
  NetworkInterface: c('eni-0123', 'db-eni'),
  PacketField: 'destination-port',
  VpcPeeringConnection: c('pcx-0abc'),
  Port: 5432,
  PortRanges: [{ From: 5432, To: 5432 }],
  PrefixList: c('pl-0abc'),
  Protocols: ['tcp'],
  RouteTableRoute: { DestinationCidr: '0.0.0.0/0', NatGatewayId: 'nat-0123', State: 'blackhole' },
  RouteTable: c('rtb-0abc'),
  SecurityGroup: c('sg-0abc', 'web-sg'),
  SecurityGroupRule: {
    Cidr: '10.0.0.0/16',
    Direction: 'ingress',
    SecurityGroupId: 'sg-0abc',
    PortRange: { From: 80, To: 80 },
    Protocol: 'tcp'
  },
  SecurityGroups: [c('sg-0abc', 'web-sg')],
  State: 'failed',
  Subnet: c('subnet-0abc'),
  SubnetRouteTable: c('rtb-0sub'),
  Vpc: c('vpc-0abc'),
  VpcEndpoint: c('vpce-0abc'),
  VpnConnection: c('vpn-0abc'),
  VpnGateway: c('vgw-0abc'),
  TransitGateway: c('tgw-0abc'),
  TransitGatewayRouteTable: c('tgw-rtb-0abc'),
  TransitGatewayRouteTableRoute: {
    DestinationCidr: '10.2.0.0/16',
    State: 'blackhole',
    AttachmentId: 'tgw-attach-0abc',
    ResourceId: 'vpc-0dst',
    ResourceType: 'vpc'
  },
  TransitGatewayAttachment: c('tgw-attach-0abc'),
  ComponentAccount: '444455556666',
  ComponentRegion: 'eu-west-1',
  FirewallStatefulRule: {
    RuleGroupArn: 'arn:aws:network-firewall:eu-west-1:111122223333:stateful-rulegroup/block-db',
    Sources: ['10.0.0.0/8'],
    Destinations: ['10.9.0.0/16'],
    DestinationPorts: [{ From: 5432, To: 5432 }],
    Protocol: 'TCP',
    RuleAction: 'DROP',
    Direction: 'FORWARD'
  },
  RuleOptions: [{ Keyword: 'flowbits' }],
  RuleGroupTypePairs: [
    { RuleGroupArn: 'arn:aws:network-firewall:eu-west-1:1:stateful-rulegroup/x', RuleGroupType: 'STATEFUL' }
  ],
  ServiceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0abc'
}

const PACKET: PacketContext = {
  protocol: '6',
  destinationPorts: [{ From: 5432, To: 5432 }],
  sourceAddresses: ['10.0.1.0/24'],
  destinationAddresses: ['10.0.2.9/32']
}

const IDS_IN_RICH =
  /\b(nat|eni|acl|rtb|sg|subnet|vpc|igw|pcx|vpce|vgw|vpn|tgw|tgw-rtb|tgw-attach|i|pl)-0[0-9a-z]+|app\/web\/|web-tg\//

describe('a sentence for every documented code', () => {
  it.each(documentedCodes())('%s (%s): with no fields, with every field', code => {
    const bare = explanationSentence(code, {})
    const rich = explanationSentence(code, RICH, PACKET)
    for (const sentence of [bare, rich]) {
      expect(sentence.length).toBeGreaterThan(30)
      expect(sentence).not.toMatch(BROKEN_TEXT)
      expect(sentence).toMatch(/^[A-Z].*\.$/)
    }
    // With the fields present, the sentence names a component of the explanation.
    expect(rich).toMatch(IDS_IN_RICH)
    expect(rich).not.toBe(bare)
  })
})

describe('hand-checked sentences', () => {
  const sentence = (e: RawExplanation, packet: PacketContext = {}) =>
    explainExplanation(e, { region: 'us-east-1', packet }).sentence

  it('ENI_SG_RULES_MISMATCH names the group, direction, traffic, source and interface', () => {
    expect(
      sentence(
        {
          ExplanationCode: 'ENI_SG_RULES_MISMATCH',
          Direction: 'ingress',
          SecurityGroups: [{ Id: 'sg-0abc', Name: 'web-sg' }],
          NetworkInterface: { Id: 'eni-0123' }
        },
        { protocol: 'tcp', destinationPorts: [{ From: 5432, To: 5432 }], sourceAddresses: ['10.0.1.0/24'] }
      )
    ).toBe(
      'Security group sg-0abc (web-sg) has no inbound rule allowing tcp/5432 from 10.0.1.0/24 on eni-0123.'
    )
  })

  it('ENI_SG_RULES_MISMATCH with the rule AWS compared names the mismatching packet field', () => {
    expect(
      sentence({
        ExplanationCode: 'ENI_SG_RULES_MISMATCH',
        Direction: 'egress',
        NetworkInterface: { Id: 'eni-0123' },
        SecurityGroupRule: {
          SecurityGroupId: 'sg-0abc',
          Direction: 'egress',
          Protocol: 'tcp',
          PortRange: { From: 443, To: 443 },
          Cidr: '0.0.0.0/0'
        },
        PacketField: 'destination-port',
        Port: 5432,
        Protocol: 'tcp'
      })
    ).toBe(
      "Security group sg-0abc has no outbound rule allowing tcp/5432 on eni-0123; its outbound rule tcp/443 to 0.0.0.0/0 does not match the packet's destination port."
    )
  })

  it('SUBNET_ACL_RESTRICTION names the ACL, its subnet, the rule number, action and CIDR', () => {
    expect(
      sentence(
        {
          ExplanationCode: 'SUBNET_ACL_RESTRICTION',
          Direction: 'egress',
          Acl: { Id: 'acl-0abc', Name: 'db-acl' },
          AclRule: {
            RuleNumber: 100,
            RuleAction: 'deny',
            Egress: true,
            Protocol: '6',
            PortRange: { From: 1024, To: 65535 },
            Cidr: '10.0.0.0/8'
          },
          Subnet: { Id: 'subnet-0def' }
        },
        {
          protocol: '6',
          destinationPorts: [{ From: 32768, To: 32768 }],
          destinationAddresses: ['10.0.1.5/32']
        }
      )
    ).toBe(
      'Network ACL acl-0abc (db-acl) of subnet subnet-0def blocks outbound tcp/32768 to 10.0.1.5 (rule 100 denies outbound tcp/1024-65535 to 10.0.0.0/8).'
    )
  })

  it('SUBNET_ACL_RESTRICTION without a matching rule falls back to the default deny', () => {
    expect(
      sentence(
        { ExplanationCode: 'SUBNET_ACL_RESTRICTION', Direction: 'ingress', Acl: { Id: 'acl-0abc' } },
        { protocol: 'udp', destinationPorts: [{ From: 53, To: 53 }], sourceAddresses: ['10.1.0.7/32'] }
      )
    ).toBe(
      'Network ACL acl-0abc has no rule allowing inbound udp/53 from 10.1.0.7, so its default rule denies it.'
    )
    expect(
      sentence({
        ExplanationCode: 'SUBNET_ACL_RESTRICTION',
        AclRule: { RuleNumber: 32767, RuleAction: 'deny', Egress: false, Protocol: '-1', Cidr: '0.0.0.0/0' },
        Acl: { Id: 'acl-0abc' }
      })
    ).toBe(
      'Network ACL acl-0abc blocks inbound traffic (the default rule (*) denies all inbound traffic from 0.0.0.0/0).'
    )
  })

  it('NO_ROUTE_TO_DESTINATION names the route table, its subnet and the destination', () => {
    expect(
      sentence(
        {
          ExplanationCode: 'NO_ROUTE_TO_DESTINATION',
          RouteTable: { Id: 'rtb-0abc', Name: 'private-a' },
          Subnet: { Id: 'subnet-0def' },
          Destination: { Id: 'eni-0dst' },
          Vpc: { Id: 'vpc-0abc' }
        },
        { destinationAddresses: ['10.20.0.5/32'] }
      )
    ).toBe(
      'Route table rtb-0abc (private-a) of subnet subnet-0def has no route to 10.20.0.5 (network interface eni-0dst).'
    )
  })

  it('BAD_STATE names the component and its state', () => {
    expect(sentence({ ExplanationCode: 'BAD_STATE', Component: { Id: 'nat-0123' }, State: 'deleted' })).toBe(
      'NAT gateway nat-0123 is not in a functional state (state: deleted), so traffic cannot pass through it.'
    )
  })

  it('NO_SOURCE_OR_DESTINATION and UNASSOCIATED_COMPONENT say what was asked of a missing component', () => {
    expect(sentence({ ExplanationCode: 'NO_SOURCE_OR_DESTINATION', MissingComponent: 'i-0gone' })).toBe(
      'The source or destination (instance i-0gone) does not exist; it may have been deleted, or the selector matched the wrong resource.'
    )
    expect(sentence({ ExplanationCode: 'UNASSOCIATED_COMPONENT', Component: { Id: 'i-0terminated' } })).toBe(
      'Instance i-0terminated is not associated with a VPC in this account (for example a terminated instance), or none of its network interfaces has an IPv4 address.'
    )
  })

  it('FILTER_AT_* codes name the filter value and where it failed', () => {
    expect(
      sentence(
        { ExplanationCode: 'FILTER_AT_SOURCE_PROTOCOL', Component: { Id: 'eni-0src' } },
        { protocol: '17' }
      )
    ).toBe(
      "No traffic matching the path's protocol udp exists at the source (network interface eni-0src); check the assertion's protocol, port and addresses."
    )
    expect(
      sentence({
        ExplanationCode: 'FILTER_AT_DESTINATION_DESTINATION_PORT_RANGE',
        PortRanges: [{ From: 8000, To: 8100 }]
      })
    ).toBe(
      "No traffic matching the path's destination port 8000-8100 exists at the destination; check the assertion's protocol, port and addresses."
    )
  })

  it('TGW_RTB_CANNOT_ROUTE names the transit gateway route table, the route and the destination', () => {
    expect(
      sentence(
        {
          ExplanationCode: 'TGW_RTB_CANNOT_ROUTE',
          TransitGatewayRouteTable: { Id: 'tgw-rtb-0abc' },
          TransitGatewayRouteTableRoute: {
            DestinationCidr: '10.2.0.0/16',
            AttachmentId: 'tgw-attach-0abc',
            ResourceId: 'vpc-0dst',
            ResourceType: 'vpc',
            State: 'active'
          }
        },
        { destinationAddresses: ['10.3.0.9/32'] }
      )
    ).toBe(
      'The route 10.2.0.0/16 → tgw-attach-0abc (vpc vpc-0dst) in transit gateway route table tgw-rtb-0abc does not match the destination 10.3.0.9.'
    )
  })

  it('IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS says what to do', () => {
    expect(
      sentence(
        {
          ExplanationCode: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS',
          InternetGateway: { Id: 'igw-0abc' },
          Vpc: { Id: 'vpc-0abc' }
        },
        { sourceAddresses: ['10.0.1.25/32'] }
      )
    ).toBe(
      'Traffic from 10.0.1.25 cannot leave through internet gateway igw-0abc: the source has no public or Elastic IP address (or is not an attached network interface in VPC vpc-0abc); assign one or route through a NAT gateway.'
    )
  })

  it('ELBV2_LISTENER_PORT_RESTRICTION names the listener, load balancer and port', () => {
    expect(
      sentence(
        {
          ExplanationCode: 'ELBV2_LISTENER_PORT_RESTRICTION',
          LoadBalancerArn: LB_ARN,
          LoadBalancerListenerPort: 443
        },
        { protocol: 'tcp', destinationPorts: [{ From: 80, To: 80 }] }
      )
    ).toBe(
      'The listener on port 443 of load balancer app/web/50dc6c495c0c9188 accepts only traffic to port 443, not tcp/80.'
    )
  })

  it('FIREWALL_RULES_RESTRICTION quotes the stateless rule', () => {
    expect(
      sentence(
        {
          ExplanationCode: 'FIREWALL_RULES_RESTRICTION',
          Direction: 'egress',
          Component: { Arn: 'arn:aws:network-firewall:us-east-1:111122223333:firewall/inspect' },
          FirewallStatelessRule: {
            RuleGroupArn: 'arn:aws:network-firewall:us-east-1:111122223333:stateless-rulegroup/deny-db',
            Priority: 10,
            Protocols: [6],
            Sources: ['0.0.0.0/0'],
            Destinations: ['10.9.0.0/16'],
            DestinationPorts: [{ From: 5432, To: 5432 }],
            RuleAction: 'aws:drop'
          }
        },
        {
          protocol: 'tcp',
          destinationPorts: [{ From: 5432, To: 5432 }],
          destinationAddresses: ['10.9.0.4/32']
        }
      )
    ).toBe(
      'Network Firewall inspect blocks tcp/5432 to 10.9.0.4 with its stateless rule (priority 10) of rule group deny-db: aws:drop tcp from 0.0.0.0/0 to 10.9.0.0/16 port 5432.'
    )
  })

  it('additional details read as warnings', () => {
    expect(additionalDetailSentence({ AdditionalDetailType: 'UNIDIRECTIONAL_PATH_ANALYSIS_ONLY' })).toBe(
      'Only the forward path was analyzed; the return traffic might still be blocked.'
    )
    expect(
      additionalDetailSentence({
        AdditionalDetailType: 'PATH_THROUGH_GWLB_NOT_CHECKED',
        Component: { Id: 'vpce-0abc' },
        ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0abc'
      })
    ).toBe(
      'Inspection through the Gateway Load Balancer behind VPC endpoint vpce-0abc (com.amazonaws.vpce.us-east-1.vpce-svc-0abc) was not analyzed.'
    )
  })
})

describe('explainExplanation', () => {
  it('links the blocking component, in the region of its ARN', () => {
    const explanation = explainExplanation(
      {
        ExplanationCode: 'ENI_SG_RULES_MISMATCH',
        Direction: 'ingress',
        SecurityGroups: [{ Id: 'sg-0abc', Arn: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc' }],
        NetworkInterface: { Id: 'eni-0123' }
      },
      { region: 'us-east-1' }
    )
    expect(explanation).toMatchObject({
      code: 'ENI_SG_RULES_MISMATCH',
      direction: 'ingress',
      componentId: 'sg-0abc',
      componentArn: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc',
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#SecurityGroup:groupId=sg-0abc'
    })
  })

  it('links the security group of the rule when AWS names no group, and uses the region argument without an ARN', () => {
    const explanation = explainExplanation(
      {
        ExplanationCode: 'ENI_SG_RULES_MISMATCH',
        NetworkInterface: { Id: 'eni-0123' },
        SecurityGroupRule: { SecurityGroupId: 'sg-0rule' }
      },
      { region: 'ap-south-1' }
    )
    expect(explanation.componentId).toBe('sg-0rule')
    expect(explanation.consoleUrl).toBe(
      'https://ap-south-1.console.aws.amazon.com/vpcconsole/home?region=ap-south-1#SecurityGroup:groupId=sg-0rule'
    )
  })

  it('takes the direction of an ACL rule when the explanation has none', () => {
    const explanation = explainExplanation({
      ExplanationCode: 'SUBNET_ACL_RESTRICTION',
      Acl: { Id: 'acl-1' },
      AclRule: { Egress: true }
    })
    expect(explanation.direction).toBe('egress')
    expect(explanation.consoleUrl).toBeUndefined()
  })

  it('keeps the raw explanation for re-rendering', () => {
    const raw = { ExplanationCode: 'BAD_STATE', Component: { Id: 'nat-1' } }
    expect(explainExplanation(raw).raw).toBe(raw)
  })

  it('gives unknown codes a generic sentence from whatever fields are present', () => {
    expect(
      explainExplanation(
        {
          ExplanationCode: 'BRAND_NEW_CODE',
          Direction: 'egress',
          SecurityGroup: { Id: 'sg-0abc' },
          NetworkInterface: { Id: 'eni-0123' }
        },
        { packet: { protocol: 'tcp', destinationPorts: [{ From: 22, To: 22 }] } }
      ).sentence
    ).toBe(
      'Reachability Analyzer reported BRAND_NEW_CODE at security group sg-0abc and network interface eni-0123 (outbound; tcp/22).'
    )
    expect(explainExplanation({ ExplanationCode: 'BRAND_NEW_CODE' }).sentence).toBe(
      'Reachability Analyzer reported BRAND_NEW_CODE.'
    )
    expect(explainExplanation({}).sentence).toBe('Reachability Analyzer reported UNSPECIFIED.')
  })

  it('never crashes nor prints undefined, whatever subset of fields AWS sends', () => {
    const text = fc.option(
      fc.constantFrom('sg-0abc', 'eni-1', 'arn:aws:ec2:us-east-1:1:vpc/vpc-1', '', 'x'),
      { nil: undefined }
    )
    const component = fc.record({ Id: text, Arn: text, Name: text }, { requiredKeys: [] })
    const portRange = fc.record(
      {
        From: fc.option(fc.integer({ min: -1, max: 70000 }), { nil: undefined }),
        To: fc.option(fc.integer({ min: -1, max: 70000 }), { nil: undefined })
      },
      { requiredKeys: [] }
    )
    const codes = [...documentedCodes().map(([code]) => code), 'NEW_CODE', '']
    const explanation = fc.record(
      {
        ExplanationCode: fc.constantFrom(...codes),
        Direction: fc.constantFrom('ingress', 'egress', 'sideways', ''),
        Component: component,
        SecurityGroups: fc.array(component, { maxLength: 3 }),
        SecurityGroup: component,
        NetworkInterface: component,
        Acl: component,
        AclRule: fc.record(
          {
            RuleNumber: fc.integer(),
            RuleAction: fc.constantFrom('allow', 'deny', 'log'),
            Egress: fc.boolean(),
            Protocol: fc.constantFrom('6', '-1', 'tcp', ''),
            PortRange: portRange,
            Cidr: text
          },
          { requiredKeys: [] }
        ),
        RouteTable: component,
        RouteTableRoute: fc.record(
          { DestinationCidr: text, GatewayId: text, State: text },
          { requiredKeys: [] }
        ),
        Protocols: fc.array(fc.constantFrom('tcp', '17', ''), { maxLength: 2 }),
        PortRanges: fc.array(portRange, { maxLength: 2 }),
        Port: fc.integer({ min: 0, max: 65535 }),
        Addresses: fc.array(
          text.map(t => t ?? ''),
          { maxLength: 3 }
        ),
        MissingComponent: text,
        LoadBalancerArn: text,
        LoadBalancerTarget: fc.record(
          { Instance: component, Address: text, AvailabilityZone: text },
          { requiredKeys: [] }
        ),
        TransitGatewayRouteTableRoute: fc.record(
          { DestinationCidr: text, AttachmentId: text, ResourceId: text, State: text },
          { requiredKeys: [] }
        ),
        FirewallStatelessRule: fc.record(
          {
            Protocols: fc.array(fc.integer({ min: -1, max: 255 }), { maxLength: 2 }),
            Sources: fc.array(fc.constant('10.0.0.0/8'), { maxLength: 1 }),
            RuleAction: text
          },
          { requiredKeys: [] }
        )
      },
      { requiredKeys: [] }
    )
    const packet = fc.record(
      {
        protocol: fc.constantFrom('6', 'udp', ''),
        destinationPorts: fc.array(portRange, { maxLength: 2 }),
        sourceAddresses: fc.array(fc.constant('10.0.0.1/32'), { maxLength: 4 })
      },
      { requiredKeys: [] }
    )
    fc.assert(
      fc.property(explanation, packet, (e, p) => {
        const result = explainExplanation(e as RawExplanation, { region: 'us-east-1', packet: p })
        expect(result.sentence).not.toMatch(/undefined|\[object Object\]|NaN|\bnull\b/)
        expect(result.sentence.length).toBeGreaterThan(10)
      }),
      { numRuns: 500 }
    )
  })
})
