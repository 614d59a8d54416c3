// Every documented Reachability Analyzer explanation code and additional detail code, with what it
// means for a verdict. Source: RA User Guide, "Explanation codes" and "Additional detail codes"
// (a copy for the tests: __tests__/verdict/fixtures/explanation-codes.json).

/**
 * - `block`: the network configuration stops the traffic; evidence that a path does not exist.
 * - `question-wrong`: the analysis could not answer the question as asked (inputs wrong, unsupported,
 *   not found, or outside what the analysis could see); never evidence of a block.
 * - `detail`: an additional detail (a caveat about a result), surfaced as a warning.
 * - `unknown`: a code this version does not know.
 */
export type ExplanationClass = 'block' | 'question-wrong' | 'detail' | 'unknown'

/** The section of the RA User Guide a code is documented in. */
export type ExplanationCodeGroup =
  'path_not_reachable' | 'configuration' | 'search_filter' | 'additional_detail_codes'

export interface ExplanationCodeInfo {
  group: ExplanationCodeGroup
  class: Exclude<ExplanationClass, 'unknown'>
  /** For `question-wrong` codes: why the code does not prove a block. */
  why?: string
}

const block = (group: ExplanationCodeGroup): ExplanationCodeInfo => ({ group, class: 'block' })
const questionWrong = (group: ExplanationCodeGroup, why: string): ExplanationCodeInfo => ({
  group,
  class: 'question-wrong',
  why
})
const detail: ExplanationCodeInfo = { group: 'additional_detail_codes', class: 'detail' }

export const EXPLANATION_CODES: Readonly<Record<string, ExplanationCodeInfo>> = {
  // --- path_not_reachable: the configuration blocks the packet, except where noted ---
  BAD_STATE: block('path_not_reachable'),
  BAD_STATE_ATTACHMENT: block('path_not_reachable'),
  BAD_STATE_ROUTE: block('path_not_reachable'),
  BAD_STATE_VPN: block('path_not_reachable'),
  CANNOT_ROUTE: block('path_not_reachable'),
  ELB_ACL_RESTRICTION: block('path_not_reachable'),
  ELB_INSTALLED_AZ_RESTRICTION: block('path_not_reachable'),
  ELB_LISTENER_PORT_RESTRICTION: block('path_not_reachable'),
  ELB_LISTENERS_MISMATCH: block('path_not_reachable'),
  ELB_NOT_CROSSZONE: block('path_not_reachable'),
  ELBV2_LISTENER_HAS_NO_TG: block('path_not_reachable'),
  ELBV2_LISTENER_PORT_RESTRICTION: block('path_not_reachable'),
  ELBV2_LISTENER_REQUIRES_TG_ACCEPT: block('path_not_reachable'),
  ELBV2_LISTENERS_MISMATCH: block('path_not_reachable'),
  ELBV2_NO_TARGETS_IN_AZ: block('path_not_reachable'),
  ELBV2_SOURCE_ADDRESS_PRESERVATION: block('path_not_reachable'),
  ENI_ADDRESS_RESTRICTION: block('path_not_reachable'),
  ENI_SG_RULES_MISMATCH: block('path_not_reachable'),
  ENI_SOURCE_DEST_CHECK_RESTRICTION: block('path_not_reachable'),
  FIREWALL_RULES_RESTRICTION: block('path_not_reachable'),
  GATEWAY_REJECTS_SPOOFED_TRAFFIC: block('path_not_reachable'),
  GWLB_DESTINATION_PORT_RESTRICTION: block('path_not_reachable'),
  GWLB_PROTOCOL_RESTRICTION: block('path_not_reachable'),
  HIGHER_PRIORITY_ROUTE: block('path_not_reachable'),
  IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS: block('path_not_reachable'),
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS: block('path_not_reachable'),
  IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS: block('path_not_reachable'),
  IGW_NAT_REFLECTION: questionWrong(
    'path_not_reachable',
    'the path has an internet gateway as an intermediate hop, which the analysis does not support; it must be split into two paths'
  ),
  IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: block('path_not_reachable'),
  IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS: block('path_not_reachable'),
  IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS: block('path_not_reachable'),
  IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS: block('path_not_reachable'),
  INGRESS_RTB_NO_PUBLIC_IP: block('path_not_reachable'),
  INGRESS_RTB_TRAFFIC_REDIRECTION: block('path_not_reachable'),
  MORE_SPECIFIC_ROUTE: block('path_not_reachable'),
  NGW_DEST_ADDRESS_PRESERVATION: block('path_not_reachable'),
  NGW_REQUIRES_SOURCE_IN_VPC: block('path_not_reachable'),
  NGW_SOURCE_ADDRESS_REASSIGN: block('path_not_reachable'),
  NO_POSSIBLE_DESTINATION: questionWrong(
    'path_not_reachable',
    'AWS also gives it when the traffic leaves for another account or Region that the analysis was not allowed to see, so it does not prove a block'
  ),
  NO_ROUTE_TO_DESTINATION: block('path_not_reachable'),
  PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: block('path_not_reachable'),
  PROTOCOL_RESTRICTION: block('path_not_reachable'),
  REGIONAL_NGW_ROUTE_AZ_RESTRICTION: block('path_not_reachable'),
  REMAP_EPHEMERAL_PORT: block('path_not_reachable'),
  SG_HAS_NO_RULES: block('path_not_reachable'),
  SG_REFERENCES_NOT_PRESERVED: block('path_not_reachable'),
  SG_REFERENCING_SUPPORT: block('path_not_reachable'),
  SUBNET_ACL_RESTRICTION: block('path_not_reachable'),
  TARGET_ADDRESS_RESTRICTION: block('path_not_reachable'),
  TARGET_PORT_RESTRICTION: block('path_not_reachable'),
  TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION: block('path_not_reachable'),
  TGW_ATTACH_VPC_AZ_RESTRICTION: block('path_not_reachable'),
  TGW_BAD_STATE_VPN: block('path_not_reachable'),
  TGW_ROUTE_AZ_RESTRICTION: block('path_not_reachable'),
  TGW_RTB_BAD_STATE_ROUTE: block('path_not_reachable'),
  TGW_RTB_CANNOT_ROUTE: block('path_not_reachable'),
  TGW_RTB_HIGHER_PRIORITY_ROUTE: block('path_not_reachable'),
  TGW_RTB_MORE_SPECIFIC_ROUTE: block('path_not_reachable'),
  TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT: block('path_not_reachable'),
  TGW_RTB_ROUTES_ARE_UNKNOWN: questionWrong(
    'path_not_reachable',
    'the analysis could not read the transit gateway route table (internal error or another account), so it never evaluated the routes'
  ),
  UNKNOWN_DESTINATION: questionWrong(
    'path_not_reachable',
    'the analysis stopped because it knew too little about the destination, not because something blocks it'
  ),
  UNKNOWN_PEERED_SGS: questionWrong(
    'path_not_reachable',
    'the peer VPC is invisible to the analysis (usually another account), so it treats rules referencing its security groups as denying: an artifact, not a finding'
  ),
  UNKNOWN_RESOURCE: questionWrong(
    'path_not_reachable',
    'the analysis could not describe a resource on the path, so it could not evaluate it'
  ),
  VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS: block('path_not_reachable'),
  VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS: block('path_not_reachable'),
  VPC_BLOCK_PUBLIC_ACCESS_ENABLED: block('path_not_reachable'),
  VPC_LOCAL_ROUTE_CIDR_RESTRICTION: block('path_not_reachable'),
  VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION: block('path_not_reachable'),
  VPCE_GATEWAY_PROTOCOL_RESTRICTION: block('path_not_reachable'),
  VPCE_INTRA_VPC_TRAFFIC: questionWrong(
    'path_not_reachable',
    'a VPC endpoint cannot initiate connections in its own VPC: the question is asked in the wrong direction'
  ),
  VPCE_SERVICE_NOT_INSTALLED_IN_AZ: block('path_not_reachable'),

  // --- configuration ---
  // DISCONNECTED_VPCS is a block: the two VPCs have no connection at all, which is what a deny asserts.
  DISCONNECTED_VPCS: block('configuration'),
  NO_PATH: questionWrong(
    'configuration',
    'names no blocking component; AWS lists unmet filters, isolated components, sources that cannot initiate and unsupported features (IPv6) among its causes'
  ),
  NO_SOURCE_OR_DESTINATION: questionWrong('configuration', 'the source or destination does not exist'),
  UNASSOCIATED_COMPONENT: questionWrong(
    'configuration',
    'a component is not in a VPC of the account (e.g. a terminated instance) or has no IPv4 address, so the question cannot be asked of it'
  ),
  UNSUPPORTED_COMPONENT: questionWrong(
    'configuration',
    'Reachability Analyzer does not support a component of the path'
  ),

  // --- search_filter: the path's own filters (via/avoid components, IPs, ports, protocol) matched nothing ---
  // The two component-filter codes answer the assertion's own via/avoid intent when they name one of its
  // components (decide.ts turns them into inspection verdicts); naming anything else, they prove nothing.
  COMPONENT_FILTER_RESTRICTION: questionWrong(
    'search_filter',
    'no path traverses the named component, which is not one of the via components of this assertion; AWS names no blocking rule'
  ),
  COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT: questionWrong(
    'search_filter',
    'the component filter removed a component every path needs, and it is not one of the via/avoid components of this assertion'
  ),
  FILTER_AT_DESTINATION_DESTINATION_ADDRESS: questionWrong(
    'search_filter',
    'the destination address filter of the path matches no packet at the destination'
  ),
  FILTER_AT_DESTINATION_DESTINATION_PORT_RANGE: questionWrong(
    'search_filter',
    'the destination port filter of the path matches no packet at the destination'
  ),
  FILTER_AT_DESTINATION_PROTOCOL: questionWrong(
    'search_filter',
    'the protocol filter of the path matches no packet at the destination'
  ),
  FILTER_AT_DESTINATION_SOURCE_ADDRESS: questionWrong(
    'search_filter',
    'the source address filter of the path matches no packet at the destination'
  ),
  FILTER_AT_DESTINATION_SOURCE_PORT_RANGE: questionWrong(
    'search_filter',
    'the source port filter of the path matches no packet at the destination'
  ),
  FILTER_AT_SOURCE_DESTINATION_ADDRESS: questionWrong(
    'search_filter',
    'the destination address filter of the path matches no packet the source can send'
  ),
  FILTER_AT_SOURCE_DESTINATION_PORT_RANGE: questionWrong(
    'search_filter',
    'the destination port filter of the path matches no packet the source can send'
  ),
  FILTER_AT_SOURCE_PROTOCOL: questionWrong(
    'search_filter',
    'the protocol filter of the path matches no packet the source can send'
  ),
  FILTER_AT_SOURCE_SOURCE_ADDRESS: questionWrong(
    'search_filter',
    'the source address filter of the path matches no address of the source'
  ),
  FILTER_AT_SOURCE_SOURCE_PORT_RANGE: questionWrong(
    'search_filter',
    'the source port filter of the path matches no packet the source can send'
  ),
  IGW_EXPECTS_PUBLIC_ADDRESS: questionWrong(
    'search_filter',
    'the path gives a non-public IP address for an internet gateway endpoint: the inputs are invalid'
  ),

  // --- additional_detail_codes: caveats about a result ---
  ASSUMPTION_PRESERVE_CLIENT_IP_IS_DISABLED: detail,
  ASSUMPTION_PRESERVE_CLIENT_IP_IS_ENABLED: detail,
  AVAILABILITY_ZONE_CROSSED: detail,
  FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULE_GROUP_TYPE: detail,
  FIREWALL_UNSUPPORTED_HIGHER_PRIORITY_RULES: detail,
  FIREWALL_UNSUPPORTED_RULE_OPTIONS: detail,
  MISSING_TARGET_GROUP_ATTRIBUTES: detail,
  PATH_THROUGH_GWLB_NOT_CHECKED: detail,
  RESPONSE_RTB_HAS_NO_ROUTE_TO_TRANSIT_GATEWAY: detail,
  TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED: detail,
  UNIDIRECTIONAL_PATH_ANALYSIS_ONLY: detail
}

/** What a code means for a verdict; `unknown` for codes this version does not know. */
export function classifyExplanationCode(code: string): ExplanationClass {
  return Object.hasOwn(EXPLANATION_CODES, code) ? EXPLANATION_CODES[code]!.class : 'unknown'
}

/** Why a `question-wrong` code proves nothing; undefined for other codes. */
export function whyQuestionWrong(code: string): string | undefined {
  return Object.hasOwn(EXPLANATION_CODES, code) ? EXPLANATION_CODES[code]!.why : undefined
}
