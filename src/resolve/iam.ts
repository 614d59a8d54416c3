// The least-privilege IAM policy a config needs, and the trust policies that let GitHub (or the base role)
// assume it. Facts from the Service Authorization Reference for Amazon EC2:
//   - CreateNetworkInsightsPath: network-insights-path* (aws:RequestTag, aws:TagKeys), plus the source and
//     destination resources; dependent action ec2:CreateTags.
//   - StartNetworkInsightsAnalysis: network-insights-analysis* (aws:RequestTag, aws:TagKeys) and
//     network-insights-path* (aws:ResourceTag); dependent action ec2:CreateTags.
//   - DeleteNetworkInsightsPath / DeleteNetworkInsightsAnalysis: their resource (aws:ResourceTag).
//   - Describe* (including DescribeNetworkInsightsPaths/Analyses): no resource-level permissions, so "*".
// Reachability Analyzer walks the network graph with the caller's permissions, so the role also needs the
// read set of the AWS managed policy AmazonVPCReachabilityAnalyzerFullAccessPolicy (v4), whatever the config.
import { chooseProof } from '../config/proof.js'
import { RESOURCE_KINDS, type Endpoint, type PreflightConfig, type ResourceKind } from '../model.js'
import { KIND_RECIPES } from './kinds.js'
import { managedActions } from './managed/index.js'
import { TAG_MANAGED } from '../analyze/tags.js'

/** The tag that marks paths and analyses this tool created (defined once, in analyze/tags). */
export const MANAGED_TAG_KEY = TAG_MANAGED
export const MANAGED_TAG_VALUE = 'true'

export interface IamStatement {
  Sid: string
  Effect: 'Allow'
  Action: string | string[]
  Resource?: string | string[]
  Principal?: Record<string, string>
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface IamPolicyDocument {
  Version: '2012-10-17'
  Statement: IamStatement[]
}

/** What Reachability Analyzer itself reads while analyzing (AmazonVPCReachabilityAnalyzerFullAccessPolicy v4). */
export const REACHABILITY_ANALYZER_READS: readonly string[] = [
  'directconnect:DescribeConnections',
  'directconnect:DescribeDirectConnectGatewayAssociations',
  'directconnect:DescribeDirectConnectGatewayAttachments',
  'directconnect:DescribeDirectConnectGateways',
  'directconnect:DescribeVirtualGateways',
  'directconnect:DescribeVirtualInterfaces',
  'ec2:DescribeAddresses',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeCustomerGateways',
  'ec2:DescribeInstances',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeManagedPrefixLists',
  'ec2:DescribeNatGateways',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribePrefixLists',
  'ec2:DescribeRegions',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeTransitGatewayAttachments',
  'ec2:DescribeTransitGatewayConnects',
  'ec2:DescribeTransitGatewayPeeringAttachments',
  'ec2:DescribeTransitGatewayPolicyTables',
  'ec2:DescribeTransitGatewayRouteTables',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeTransitGatewayVpcAttachments',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeVpcEndpointServiceConfigurations',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeVpcs',
  'ec2:DescribeVpnConnections',
  'ec2:DescribeVpnGateways',
  'ec2:GetManagedPrefixListEntries',
  'ec2:GetTransitGatewayPolicyTableAssociations',
  'ec2:GetTransitGatewayPolicyTableEntries',
  'ec2:GetTransitGatewayRouteTablePropagations',
  'ec2:SearchTransitGatewayRoutes',
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeRules',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:DescribeTargetGroupAttributes',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
  'globalaccelerator:ListAccelerators',
  'globalaccelerator:ListCustomRoutingAccelerators',
  'globalaccelerator:ListCustomRoutingEndpointGroups',
  'globalaccelerator:ListCustomRoutingListeners',
  'globalaccelerator:ListCustomRoutingPortMappings',
  'globalaccelerator:ListEndpointGroups',
  'globalaccelerator:ListListeners',
  'network-firewall:DescribeFirewall',
  'network-firewall:DescribeFirewallMetadata',
  'network-firewall:DescribeFirewallPolicy',
  'network-firewall:DescribeResourcePolicy',
  'network-firewall:DescribeRuleGroup',
  'network-firewall:ListFirewallPolicies',
  'network-firewall:ListFirewalls',
  'network-firewall:ListRuleGroups',
  'tiros:CreateQuery',
  'tiros:ExtendQuery',
  'tiros:GetQueryAnswer',
  'tiros:GetQueryExplanation',
  'tiros:GetQueryExtensionAccounts'
]

const SCOPES = 'arn:*:ec2:*:*:network-insights-access-scope/*'
const SCOPE_ANALYSES = 'arn:*:ec2:*:*:network-insights-access-scope-analysis/*'
const PATHS = 'arn:*:ec2:*:*:network-insights-path/*'
const ANALYSES = 'arn:*:ec2:*:*:network-insights-analysis/*'
const REQUEST_TAGGED = { StringEquals: { [`aws:RequestTag/${MANAGED_TAG_KEY}`]: MANAGED_TAG_VALUE } }
const RESOURCE_TAGGED = { StringEquals: { [`aws:ResourceTag/${MANAGED_TAG_KEY}`]: MANAGED_TAG_VALUE } }

function endpointsOf(config: PreflightConfig): Endpoint[] {
  return config.assertions.flatMap(assertion => [
    assertion.source,
    assertion.destination,
    ...assertion.via,
    ...assertion.avoid,
    ...(assertion.through ?? [])
  ])
}

/** DescribeSubnets / DescribeVpcs when some selector names subnets or VPCs by their tags (scoping). */
function scopeActionsFor(config: PreflightConfig): string[] {
  const actions = new Set<string>()
  for (const { selector } of endpointsOf(config)) {
    if (selector.by !== 'tags' || !selector.within) continue
    if (selector.within.subnet?.by === 'tags') actions.add('ec2:DescribeSubnets')
    if (selector.within.vpc?.by === 'tags') actions.add('ec2:DescribeVpcs')
  }
  return [...actions].sort()
}

/** Every resource kind some selector of the config resolves (tag selectors count all kinds they search). */
export function kindsUsedBy(config: PreflightConfig): ResourceKind[] {
  const used = new Set<ResourceKind>()
  for (const { selector } of endpointsOf(config)) {
    if (selector.by === 'resource_id' || selector.by === 'arn') used.add(selector.kind)
    else if (selector.by === 'tags') for (const kind of selector.kinds) used.add(kind)
  }
  return RESOURCE_KINDS.filter(kind => used.has(kind))
}

/**
 * The identity policy each account's role needs for this config: resolving its selectors, letting
 * Reachability Analyzer read the network, creating only tagged paths and analyses, tagging only on
 * creation, deleting only what carries the managed tag, and GetCallerIdentity.
 */
export function iamPolicyFor(config: PreflightConfig): IamPolicyDocument {
  // Managed selectors add exactly the reads their resolvers make (only for the kinds the config uses).
  const managed = endpointsOf(config).flatMap(endpoint =>
    endpoint.selector.by === 'managed' ? managedActions(endpoint.selector.service, endpoint.role) : []
  )
  const resolveActions = [
    ...new Set([
      ...kindsUsedBy(config).map(kind => KIND_RECIPES[kind].action),
      ...scopeActionsFor(config),
      ...managed
    ])
  ]
  const engineReads = REACHABILITY_ANALYZER_READS.filter(action => !resolveActions.includes(action))
  const statements: IamStatement[] = []
  if (resolveActions.length > 0) {
    statements.push({ Sid: 'ResolveSelectors', Effect: 'Allow', Action: resolveActions, Resource: '*' })
  }
  statements.push(
    { Sid: 'ReachabilityAnalyzerReadsTheNetwork', Effect: 'Allow', Action: [...engineReads], Resource: '*' },
    {
      Sid: 'ReadPathsAndAnalyses',
      Effect: 'Allow',
      Action: ['ec2:DescribeNetworkInsightsPaths', 'ec2:DescribeNetworkInsightsAnalyses'],
      Resource: '*'
    },
    // Resource "*": the request also authorizes against the path's source and destination resources.
    {
      Sid: 'CreateOnlyTaggedPaths',
      Effect: 'Allow',
      Action: 'ec2:CreateNetworkInsightsPath',
      Resource: '*',
      Condition: REQUEST_TAGGED
    },
    {
      Sid: 'StartOnlyTaggedAnalyses',
      Effect: 'Allow',
      Action: 'ec2:StartNetworkInsightsAnalysis',
      Resource: ANALYSES,
      Condition: REQUEST_TAGGED
    },
    {
      Sid: 'AnalyzeOnlyManagedPaths',
      Effect: 'Allow',
      Action: 'ec2:StartNetworkInsightsAnalysis',
      Resource: PATHS,
      Condition: RESOURCE_TAGGED
    },
    {
      Sid: 'TagOnlyOnCreate',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: [PATHS, ANALYSES],
      Condition: {
        StringEquals: {
          'ec2:CreateAction': ['CreateNetworkInsightsPath', 'StartNetworkInsightsAnalysis'],
          [`aws:RequestTag/${MANAGED_TAG_KEY}`]: MANAGED_TAG_VALUE
        }
      }
    },
    {
      Sid: 'DeleteOnlyManaged',
      Effect: 'Allow',
      Action: ['ec2:DeleteNetworkInsightsPath', 'ec2:DeleteNetworkInsightsAnalysis'],
      Resource: [PATHS, ANALYSES],
      Condition: RESOURCE_TAGGED
    },
    { Sid: 'WhoAmI', Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }
  )
  if (config.assertions.some(a => chooseProof(a).proof === 'scope'))
    statements.push(...accessScopeStatements())
  return { Version: '2012-10-17', Statement: statements }
}

export interface GithubTrustPolicyOptions {
  /** The account holding the role (and GitHub's OIDC provider). */
  accountId: string
  /** owner/name of the repository whose workflows may assume the role. */
  repository: string
  /** The `sub` pattern to accept; default `repo:OWNER/NAME:*` (any ref, PR or environment of the repo). */
  subPattern?: string
  /** Default `sts.amazonaws.com`. */
  audience?: string
  /** Default `aws`. */
  partition?: string
}

/** A trust policy letting the repository's workflows assume the role with their GitHub OIDC token. */
export function githubTrustPolicy(options: GithubTrustPolicyOptions): IamPolicyDocument {
  if (!/^\d{12}$/.test(options.accountId))
    throw new Error(`accountId must be 12 digits, got "${options.accountId}"`)
  if (!/^[\w.-]+\/[\w.-]+$/.test(options.repository))
    throw new Error(`repository must be OWNER/NAME, got "${options.repository}"`)
  const issuer = 'token.actions.githubusercontent.com'
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubActionsOidc',
        Effect: 'Allow',
        Principal: {
          Federated: `arn:${options.partition ?? 'aws'}:iam::${options.accountId}:oidc-provider/${issuer}`
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [`${issuer}:aud`]: options.audience ?? 'sts.amazonaws.com' },
          StringLike: { [`${issuer}:sub`]: options.subPattern ?? `repo:${options.repository}:*` }
        }
      }
    ]
  }
}

/**
 * Network Access Analyzer, only when some assertion is proved with a scope ("Required API permissions for
 * Network Access Analyzer"): its reads besides Reachability Analyzer's (Resource Groups, the tagging API),
 * scopes and scope analyses created only with the managed tag, started, read and deleted only when tagged.
 */
function accessScopeStatements(): IamStatement[] {
  return [
    {
      Sid: 'NetworkAccessAnalyzerReadsTheNetwork',
      Effect: 'Allow',
      Action: ['resource-groups:ListGroupResources', 'tag:GetResources'],
      Resource: '*'
    },
    {
      Sid: 'ReadScopesAndScopeAnalyses',
      Effect: 'Allow',
      Action: ['ec2:DescribeNetworkInsightsAccessScopes', 'ec2:DescribeNetworkInsightsAccessScopeAnalyses'],
      Resource: '*'
    },
    {
      Sid: 'CreateOnlyTaggedScopes',
      Effect: 'Allow',
      Action: ['ec2:CreateNetworkInsightsAccessScope', 'ec2:StartNetworkInsightsAccessScopeAnalysis'],
      Resource: [SCOPES, SCOPE_ANALYSES],
      Condition: REQUEST_TAGGED
    },
    {
      Sid: 'UseOnlyManagedScopes',
      Effect: 'Allow',
      Action: [
        'ec2:StartNetworkInsightsAccessScopeAnalysis',
        'ec2:GetNetworkInsightsAccessScopeContent',
        'ec2:GetNetworkInsightsAccessScopeAnalysisFindings',
        'ec2:DeleteNetworkInsightsAccessScope',
        'ec2:DeleteNetworkInsightsAccessScopeAnalysis'
      ],
      Resource: [SCOPES, SCOPE_ANALYSES],
      Condition: RESOURCE_TAGGED
    },
    {
      Sid: 'TagScopesOnlyOnCreate',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: [SCOPES, SCOPE_ANALYSES],
      Condition: {
        StringEquals: {
          'ec2:CreateAction': ['CreateNetworkInsightsAccessScope', 'StartNetworkInsightsAccessScopeAnalysis'],
          [`aws:RequestTag/${MANAGED_TAG_KEY}`]: MANAGED_TAG_VALUE
        }
      }
    }
  ]
}
