// The verdict layer reads EC2's NetworkInsightsAnalysis as DescribeNetworkInsightsAnalyses returns it: the
// SDK's own types (type-only imports: src/verdict stays free of SDK code), under the names verdict uses.
import type {
  AdditionalDetail,
  AnalysisAclRule,
  AnalysisComponent,
  AnalysisLoadBalancerListener,
  AnalysisLoadBalancerTarget,
  AnalysisPacketHeader,
  AnalysisRouteTableRoute,
  AnalysisSecurityGroupRule,
  Explanation,
  FirewallStatefulRule,
  FirewallStatelessRule,
  NetworkInsightsAnalysis,
  PathComponent,
  PortRange,
  RuleGroupRuleOptionsPair,
  RuleGroupTypePair,
  RuleOption,
  TransitGatewayRouteTableRoute
} from '@aws-sdk/client-ec2'

export type RawComponent = AnalysisComponent
export type RawPortRange = PortRange
export type RawAclRule = AnalysisAclRule
export type RawSecurityGroupRule = AnalysisSecurityGroupRule
export type RawRouteTableRoute = AnalysisRouteTableRoute
export type RawTransitGatewayRouteTableRoute = TransitGatewayRouteTableRoute
export type RawLoadBalancerListener = AnalysisLoadBalancerListener
export type RawLoadBalancerTarget = AnalysisLoadBalancerTarget
export type RawFirewallStatelessRule = FirewallStatelessRule
export type RawFirewallStatefulRule = FirewallStatefulRule
export type RawRuleOption = RuleOption
export type RawRuleGroupTypePair = RuleGroupTypePair
export type RawRuleGroupRuleOptionsPair = RuleGroupRuleOptionsPair
export type RawAdditionalDetail = AdditionalDetail
export type RawPacketHeader = AnalysisPacketHeader
export type RawPathComponent = PathComponent

/** `Protocol` is not in the SDK model, but the RA User Guide's CLI sample (ra-guide-03) has it. */
export type RawExplanation = Explanation & { Protocol?: string }

/** As the SDK returns it, or as the AWS CLI prints it (dates as strings). */
export type RawAnalysis = Omit<NetworkInsightsAnalysis, 'StartDate' | 'Explanations'> & {
  StartDate?: Date | string
  Explanations?: RawExplanation[]
}
