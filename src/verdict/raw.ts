// Structural copies of the parts of EC2's NetworkInsightsAnalysis that the verdict layer reads.
// The verdict layer must not import @aws-sdk/*, so these mirror the SDK shapes (PascalCase, every field
// optional as in the SDK). Extra fields seen in AWS documentation samples are marked as such.

export interface RawComponent {
  Id?: string
  Arn?: string
  Name?: string
}

export interface RawPortRange {
  From?: number
  To?: number
}

export interface RawAclRule {
  Cidr?: string
  Egress?: boolean
  PortRange?: RawPortRange
  Protocol?: string
  RuleAction?: string
  RuleNumber?: number
}

export interface RawSecurityGroupRule {
  Cidr?: string
  Direction?: string
  SecurityGroupId?: string
  PortRange?: RawPortRange
  PrefixListId?: string
  Protocol?: string
}

export interface RawRouteTableRoute {
  DestinationCidr?: string
  DestinationPrefixListId?: string
  EgressOnlyInternetGatewayId?: string
  GatewayId?: string
  InstanceId?: string
  NatGatewayId?: string
  NetworkInterfaceId?: string
  Origin?: string
  TransitGatewayId?: string
  VpcPeeringConnectionId?: string
  State?: string
  CarrierGatewayId?: string
  CoreNetworkArn?: string
  LocalGatewayId?: string
}

export interface RawTransitGatewayRouteTableRoute {
  DestinationCidr?: string
  State?: string
  RouteOrigin?: string
  PrefixListId?: string
  AttachmentId?: string
  ResourceId?: string
  ResourceType?: string
}

export interface RawTransitGatewayPolicyTableEntry {
  RuleNumber?: number
  Protocol?: string
  SourceCidr?: string
  DestinationCidr?: string
  SourcePortRange?: RawPortRange
  DestinationPortRange?: RawPortRange
  TargetRouteTableId?: string
}

export interface RawLoadBalancerListener {
  LoadBalancerPort?: number
  InstancePort?: number
}

export interface RawLoadBalancerTarget {
  Address?: string
  AvailabilityZone?: string
  AvailabilityZoneId?: string
  Instance?: RawComponent
  Port?: number
}

export interface RawFirewallStatelessRule {
  RuleGroupArn?: string
  Sources?: string[]
  Destinations?: string[]
  SourcePorts?: RawPortRange[]
  DestinationPorts?: RawPortRange[]
  Protocols?: number[]
  RuleAction?: string
  Priority?: number
}

export interface RawFirewallStatefulRule {
  RuleGroupArn?: string
  Sources?: string[]
  Destinations?: string[]
  SourcePorts?: RawPortRange[]
  DestinationPorts?: RawPortRange[]
  Protocol?: string
  RuleAction?: string
  Direction?: string
}

export interface RawRuleOption {
  Keyword?: string
  Settings?: string[]
}

export interface RawRuleGroupTypePair {
  RuleGroupArn?: string
  RuleGroupType?: string
}

export interface RawRuleGroupRuleOptionsPair {
  RuleGroupArn?: string
  RuleOptions?: RawRuleOption[]
}

export interface RawExplanation {
  Acl?: RawComponent
  AclRule?: RawAclRule
  Address?: string
  Addresses?: string[]
  AttachedTo?: RawComponent
  AvailabilityZones?: string[]
  AvailabilityZoneIds?: string[]
  Cidrs?: string[]
  Component?: RawComponent
  CustomerGateway?: RawComponent
  Destination?: RawComponent
  DestinationVpc?: RawComponent
  Direction?: string
  ExplanationCode?: string
  IngressRouteTable?: RawComponent
  InternetGateway?: RawComponent
  LoadBalancerArn?: string
  ClassicLoadBalancerListener?: RawLoadBalancerListener
  LoadBalancerListenerPort?: number
  LoadBalancerTarget?: RawLoadBalancerTarget
  LoadBalancerTargetGroup?: RawComponent
  LoadBalancerTargetGroups?: RawComponent[]
  LoadBalancerTargetPort?: number
  ElasticLoadBalancerListener?: RawComponent
  MissingComponent?: string
  NatGateway?: RawComponent
  NetworkInterface?: RawComponent
  PacketField?: string
  VpcPeeringConnection?: RawComponent
  Port?: number
  PortRanges?: RawPortRange[]
  PrefixList?: RawComponent
  Protocols?: string[]
  /** Not in the SDK model, but present in the RA User Guide's CLI sample (ra-guide-03). */
  Protocol?: string
  RouteTableRoute?: RawRouteTableRoute
  RouteTable?: RawComponent
  SecurityGroup?: RawComponent
  SecurityGroupRule?: RawSecurityGroupRule
  SecurityGroups?: RawComponent[]
  SourceVpc?: RawComponent
  State?: string
  Subnet?: RawComponent
  SubnetRouteTable?: RawComponent
  Vpc?: RawComponent
  VpcEndpoint?: RawComponent
  VpnConnection?: RawComponent
  VpnGateway?: RawComponent
  TransitGateway?: RawComponent
  TransitGatewayRouteTable?: RawComponent
  TransitGatewayRouteTableRoute?: RawTransitGatewayRouteTableRoute
  TransitGatewayPolicyTable?: RawComponent
  TransitGatewayPolicyTableEntry?: RawTransitGatewayPolicyTableEntry
  TransitGatewayAttachment?: RawComponent
  ComponentAccount?: string
  ComponentRegion?: string
  FirewallStatelessRule?: RawFirewallStatelessRule
  FirewallStatefulRule?: RawFirewallStatefulRule
}

/** An additional detail (warning-like) attached to a path component. */
export interface RawAdditionalDetail {
  AdditionalDetailType?: string
  Component?: RawComponent
  VpcEndpointService?: RawComponent
  RuleOptions?: RawRuleOption[]
  RuleGroupTypePairs?: RawRuleGroupTypePair[]
  RuleGroupRuleOptionsPairs?: RawRuleGroupRuleOptionsPair[]
  ServiceName?: string
  LoadBalancers?: RawComponent[]
}

export interface RawPacketHeader {
  DestinationAddresses?: string[]
  DestinationPortRanges?: RawPortRange[]
  Protocol?: string
  SourceAddresses?: string[]
  SourcePortRanges?: RawPortRange[]
}

export interface RawPathComponent {
  SequenceNumber?: number
  AclRule?: RawAclRule
  AttachedTo?: RawComponent
  Component?: RawComponent
  DestinationVpc?: RawComponent
  OutboundHeader?: RawPacketHeader
  InboundHeader?: RawPacketHeader
  RouteTableRoute?: RawRouteTableRoute
  SecurityGroupRule?: RawSecurityGroupRule
  SourceVpc?: RawComponent
  Subnet?: RawComponent
  Vpc?: RawComponent
  AdditionalDetails?: RawAdditionalDetail[]
  TransitGateway?: RawComponent
  TransitGatewayRouteTableRoute?: RawTransitGatewayRouteTableRoute
  TransitGatewayPolicyTableEntry?: RawTransitGatewayPolicyTableEntry
  Explanations?: RawExplanation[]
  ElasticLoadBalancerListener?: RawComponent
  FirewallStatelessRule?: RawFirewallStatelessRule
  FirewallStatefulRule?: RawFirewallStatefulRule
  ServiceName?: string
}

/** The NetworkInsightsAnalysis object as DescribeNetworkInsightsAnalyses returns it. */
export interface RawAnalysis {
  NetworkInsightsAnalysisId?: string
  NetworkInsightsAnalysisArn?: string
  NetworkInsightsPathId?: string
  FilterInArns?: string[]
  FilterOutArns?: string[]
  StartDate?: Date | string
  Status?: string
  StatusMessage?: string
  WarningMessage?: string
  NetworkPathFound?: boolean
  ForwardPathComponents?: RawPathComponent[]
  ReturnPathComponents?: RawPathComponent[]
  Explanations?: RawExplanation[]
}
