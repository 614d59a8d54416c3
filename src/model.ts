// The domain types every stage of the pipeline shares: config → resolve → analyze → verdict → report.
// Nothing here imports the AWS SDK or @actions/*, so every layer may depend on it.

/** 1-based line and column in the config file, as editors and GitHub annotations count them. */
export interface SourceLocation {
  file: string
  line: number
  column: number
}

export type AssertionType = 'allow' | 'deny'
export type Protocol = 'tcp' | 'udp'

/** An inclusive destination port range; a single port has from === to. */
export interface PortRange {
  from: number
  to: number
}

/** Every kind Reachability Analyzer accepts as a source, destination or intermediate (via/avoid) component. */
export const RESOURCE_KINDS = [
  'instance',
  'network-interface',
  'internet-gateway',
  'vpn-gateway',
  'transit-gateway',
  'transit-gateway-attachment',
  'vpc-endpoint',
  'vpc-endpoint-service',
  'vpc-peering-connection',
  'nat-gateway'
] as const
export type ResourceKind = (typeof RESOURCE_KINDS)[number]

/** Id prefix of each kind. Order matters: longer prefixes that share a start come first. */
export const KIND_ID_PREFIXES: ReadonlyArray<readonly [string, ResourceKind]> = [
  ['tgw-attach-', 'transit-gateway-attachment'],
  ['tgw-', 'transit-gateway'],
  ['vpce-svc-', 'vpc-endpoint-service'],
  ['vpce-', 'vpc-endpoint'],
  ['eni-', 'network-interface'],
  ['igw-', 'internet-gateway'],
  ['vgw-', 'vpn-gateway'],
  ['pcx-', 'vpc-peering-connection'],
  ['nat-', 'nat-gateway'],
  ['i-', 'instance']
]

/** The ARN resource-type segment AWS uses for each kind (arn:aws:ec2:region:account:<type>/<id>). */
export const KIND_ARN_TYPES: Record<ResourceKind, string> = {
  instance: 'instance',
  'network-interface': 'network-interface',
  'internet-gateway': 'internet-gateway',
  'vpn-gateway': 'vpn-gateway',
  'transit-gateway': 'transit-gateway',
  'transit-gateway-attachment': 'transit-gateway-attachment',
  'vpc-endpoint': 'vpc-endpoint',
  'vpc-endpoint-service': 'vpc-endpoint-service',
  'vpc-peering-connection': 'vpc-peering-connection',
  'nat-gateway': 'natgateway'
}

/**
 * Kinds Reachability Analyzer accepts only as intermediate components (via / avoid / through), never as a
 * source or destination (RA guide, "How Reachability Analyzer works": NAT gateways, load balancers and
 * Network Firewall are intermediate components).
 */
export const INTERMEDIATE_ONLY_KINDS: ReadonlySet<ResourceKind> = new Set<ResourceKind>(['nat-gateway'])

/**
 * How many resources a selector may stand for. `one` (default): exactly one, as in anp v1. `each`: every
 * member must satisfy the assertion (one analysis per member). `any`: at least one member must.
 */
export type MatchMode = 'one' | 'each' | 'any'
export const MATCH_MODES: readonly MatchMode[] = ['one', 'each', 'any']

/** Default `max_members`: more members than this for one endpoint is an error naming the selector. */
export const DEFAULT_MAX_MEMBERS = 50

/** A subnet or VPC named by ids, or by tags that the subnet (VPC) itself carries. */
export type ScopeRef = { by: 'ids'; ids: string[] } | { by: 'tags'; tags: Record<string, string> }

/** Where a tag selector looks: only resources in these subnets and/or VPCs ("every instance in the private subnets"). */
export interface SelectorScope {
  subnet?: ScopeRef
  vpc?: ScopeRef
}

/**
 * Managed services, named the way their owners name them and resolved at run time to what is current
 * (network interfaces, or the component's ARN in via/avoid), so nothing in the config goes stale.
 */
export const MANAGED_KINDS = ['lambda', 'rds', 'load_balancer', 'network_firewall', 'ecs_service'] as const
export type ManagedKind = (typeof MANAGED_KINDS)[number]

/** Components named by their service's ARN (via/avoid, or a load-balancer destination's `through`); no EC2 id. */
export type ComponentKind = 'load-balancer' | 'network-firewall'

/**
 * Where each managed kind may stand (Reachability Analyzer's supported sources, destinations and intermediate
 * components). `intermediate` covers every role but source and destination (via, avoid, …).
 */
export const MANAGED_PLACES: Record<
  ManagedKind,
  { source: boolean; destination: boolean; intermediate: boolean }
> = {
  lambda: { source: true, destination: true, intermediate: false },
  rds: { source: true, destination: true, intermediate: false },
  ecs_service: { source: true, destination: true, intermediate: false },
  // An intermediate component; as a destination it means "through it to its registered targets".
  load_balancer: { source: false, destination: true, intermediate: true },
  network_firewall: { source: false, destination: false, intermediate: true }
}

/** How an endpoint names its resource. Exactly one per endpoint. */
export type Selector =
  | { by: 'resource_id'; resourceId: string; kind: ResourceKind }
  | { by: 'arn'; arn: string; kind: ResourceKind; resourceId: string; accountId: string; region: string }
  /**
   * All tags must match. `kinds` is where to search: instances and network interfaces unless `kind` is given.
   * `tags` may be empty when `within` narrows the search ("every instance in these subnets").
   */
  | { by: 'tags'; tags: Record<string, string>; kinds: ResourceKind[]; within?: SelectorScope }
  /** An IPv4 address; only valid as a destination. */
  | { by: 'ip'; ip: string }
  /**
   * A managed service by name or ARN (`ecs_service`: cluster/service). `role` picks an RDS cluster's writer
   * (default) or its readers.
   */
  | { by: 'managed'; service: ManagedKind; name: string; role?: 'writer' | 'reader' }

export type EndpointRole = 'source' | 'destination' | 'via' | 'avoid' | 'through'

export interface Endpoint {
  role: EndpointRole
  /** Account name as declared under `accounts:`. */
  account: string
  /** Effective region: the endpoint's own `region`, else `defaults.region`. */
  region: string
  selector: Selector
  /**
   * How many resources the selector may match (absent = `one`). For via/avoid/through, several matches are
   * alternatives (any of them satisfies a via/through entry; an avoid entry avoids all of them).
   */
  match?: MatchMode
  /** Most members a group may have (each/any; default DEFAULT_MAX_MEMBERS). */
  maxMembers?: number
  /**
   * An IPv4 address or CIDR: at the source it is the packet's source address (FilterAtSource.SourceAddress,
   * e.g. "from the corporate range" through an internet gateway); at the destination its destination
   * address (FilterAtDestination.DestinationAddress).
   */
  address?: string
  /**
   * `internet: true` (source only): traffic from the internet, i.e. through any internet gateway of the
   * account and Region. The selector then lists the internet gateways (for pairwise proofs); a scope proof
   * uses the resource type AWS::EC2::InternetGateway, so gateways added later are covered too.
   */
  internet?: true
  location: SourceLocation
}

/**
 * How a `deny` is proved. `scope`: one Network Access Analyzer analysis per account and Region finds every
 * path of the set; `pairs`: one Reachability Analyzer analysis per (source, destination) member; `auto`
 * (default): a scope when the source or destination is a group or the internet, else pairs.
 */
export type ProveMode = 'scope' | 'pairs' | 'auto'
export const PROVE_MODES: readonly ProveMode[] = ['scope', 'pairs', 'auto']

export interface Assertion {
  id: string
  type: AssertionType
  description?: string
  labels: string[]
  source: Endpoint
  destination: Endpoint
  protocol: Protocol
  /** Absent when the config names no port (the analysis then covers every port). */
  port?: PortRange
  /** Components the path must traverse (FilterInArns). */
  via: Endpoint[]
  /** Components the path must not traverse (FilterOutArns). */
  avoid: Endpoint[]
  /**
   * `through:` (allow only): the path must traverse each of these AND no path may avoid any of them: the
   * inspection guarantee of a hub-and-spoke network. Each entry's matches are alternatives (a firewall's AZ
   * endpoints). Absent = [].
   */
  through?: Endpoint[]
  /** deny only: how it is proved (absent = `auto`). */
  prove?: ProveMode
  /** The region the analysis runs in: the source's region. */
  region: string
  /** Where `- id:` stands, for annotations. */
  location: SourceLocation
}

/** How the role of an account is assumed when the action runs with OIDC. */
export type AssumeMode = 'auto' | 'web-identity' | 'chain'

export interface Account {
  name: string
  roleArn?: string
  /** The 12-digit id in role_arn, or the explicit `account_id`. */
  accountId?: string
  regions: string[]
  externalId?: string
  assume: AssumeMode
  location: SourceLocation
}

export interface AuthDefaults {
  mode: 'default' | 'profile'
  profile?: string
}

export interface PreflightConfig {
  version: 1
  /** Path of the config file as the user gave it (used in messages and annotations). */
  file: string
  defaults: { region: string; auth: AuthDefaults }
  accounts: Record<string, Account>
  assertions: Assertion[]
}

/** One problem found in the config file, pointed at exactly. */
export interface ConfigProblem {
  file: string
  line: number
  column: number
  message: string
  /** JSON-pointer-like path of the offending node, e.g. /assertions/2/port. */
  path: string
}

/** A selector turned into one concrete AWS resource. */
export interface ResolvedTarget {
  kind: ResourceKind | 'ip' | ComponentKind
  /** The id the user's selector matched (an instance id for instances). */
  resourceId: string
  arn?: string
  /** The 12-digit account that owns the resource. */
  ownerAccountId?: string
  account: string
  region: string
  vpcId?: string
  name?: string
  /** For instances: the primary network interface, which the analysis uses. */
  primaryNetworkInterfaceId?: string
  /** For an `ip` endpoint: the address. */
  ip?: string
  /** Oddities worth a warning annotation that do not stop the analysis, e.g. "instance i-… is stopped". */
  warnings?: string[]
  /** Subnet of an instance or network interface (for subnet scoping and reports). */
  subnetId?: string
  /** Instances and network interfaces: attached security groups (plan overlay and plan-scope). */
  securityGroupIds?: string[]
  /** Instances and network interfaces: the primary private IPv4 address. */
  privateIp?: string
  /**
   * Intermediate components an analysis to or from this member must traverse, e.g. the load balancer in
   * front of a registered target when the selector named the load balancer (added to FilterInArns).
   */
  mustTraverse?: ResolvedTarget[]
}

/**
 * A selector resolved. `members` is set when it stands for a group (match: each/any, a via entry's
 * alternatives, or a managed service's network interfaces): the analyses use the members, deduplicated by
 * network interface; `target` is then what the selector names for reports (the first member, or the
 * managed resource itself). `groupMatch` says how members combine when the endpoint says `match: one`
 * (e.g. every ENI of a Lambda function must reach: `each`); absent means a group needs an explicit match.
 */
export type Resolution =
  | {
      ok: true
      target: ResolvedTarget
      members?: ResolvedTarget[]
      groupMatch?: 'each' | 'any'
      /** Short description of the group for reports, e.g. "instances tagged Role=web in 2 subnets". */
      groupLabel?: string
    }
  | { ok: false; error: string }

/** One hop of a path as Reachability Analyzer reports it, flattened for reports. */
export interface PathHop {
  sequence: number
  componentId: string
  componentArn?: string
  /** e.g. "network-interface", "security-group", "route-table". */
  componentType?: string
  name?: string
  detail?: string
}

/** One explanation AWS gave, kept raw enough to re-render and diff. */
export interface Explanation {
  code: string
  direction?: string
  /** The sentence a network engineer can act on. */
  sentence: string
  componentId?: string
  componentArn?: string
  consoleUrl?: string
  raw?: unknown
}

export type AnalysisStatus = 'succeeded' | 'failed' | 'timeout' | 'throttled' | 'not-started' | 'error'

/**
 * The Network Insights path an analysis ran on, as the engine created it, or verified it before reusing it
 * (its definition, as DescribeNetworkInsightsPaths returned it, equalled the one the assertion needs).
 * The verdict checks it against the assertion, so a path that answers another question is never trusted.
 */
export interface AnalyzedPath {
  id: string
  origin: 'created' | 'reused'
  /** Resource id; an ARN when another account owns the resource. */
  source: string
  destination?: string
  destinationIp?: string
  protocol: Protocol
  /** Destination ports (DestinationPort or the port-range filter); absent: every port. */
  ports?: PortRange
  /** The address filters: FilterAtSource.SourceAddress and FilterAtDestination.DestinationAddress. */
  sourceAddress?: string
  destinationAddress?: string
}

export interface AnalysisResult {
  status: AnalysisStatus
  analysisId?: string
  analysisArn?: string
  pathId?: string
  /** The path the analysis ran on and its definition; set once a path was obtained. */
  path?: AnalyzedPath
  /** Undefined when AWS did not say. */
  networkPathFound?: boolean
  forwardPath: PathHop[]
  returnPath: PathHop[]
  explanations: Explanation[]
  /** AWS's own status message for failed analyses, or our error message. */
  message?: string
  startedAt?: string
  finishedAt?: string
  durationMs?: number
  /** Raw SDK analysis object, for the JSON report and `explain`. */
  raw?: unknown
}

export type VerdictStatus = 'passed' | 'failed' | 'error'
export type Outcome = 'reachable' | 'not_reachable' | 'unknown'

export interface Verdict {
  assertionId: string
  status: VerdictStatus
  expected: Outcome
  actual: Outcome
  /** One line: why it passed, failed or errored. */
  reason: string
  explanations: Explanation[]
  /** Warnings worth surfacing (additional detail codes etc.). */
  warnings: string[]
}

/**
 * Why an analysis of an assertion was run. `reach`: the assertion itself for one (source, destination)
 * member pair; `via-alternative`: a retry through one combination of via/through alternatives because the
 * first path did not traverse them; `bypass`: a `through:` entry's second half, "no path avoids it".
 */
export type CheckPurpose = 'reach' | 'via-alternative' | 'bypass'

/** One analysis of an assertion with a group, via alternatives or `through:`, and its own verdict. */
export interface CheckReport {
  purpose: CheckPurpose
  /** The source and destination members this analysis stands for. */
  source: ResolvedTarget
  destination: ResolvedTarget
  /** ARNs in FilterInArns / FilterOutArns of this analysis. */
  filterIn: string[]
  filterOut: string[]
  /** For `bypass`: the through entry (its index) whose avoidance was checked. */
  throughIndex?: number
  analysis?: AnalysisResult
  verdict: Verdict
  /** Which alternative of each via/through entry the found path took, e.g. "vpce-0a1 (firewall endpoint, us-east-1a)". */
  traversed?: string[]
}

/** The verdict of one (source member, destination member) pair, from its checks. */
export interface MemberOutcome {
  source: ResolvedTarget
  destination: ResolvedTarget
  verdict: Verdict
}

/** An end of a path a Network Access Analyzer finding names. */
export interface ScopeFindingEnd {
  id: string
  arn?: string
  name?: string
  /** The instance a network interface is attached to, when AWS names it. */
  instanceId?: string
  subnetId?: string
  vpcId?: string
}

/** One path a Network Access Analyzer scope analysis found: a violation of a set `deny`. */
export interface ScopeFinding {
  findingId?: string
  source: ScopeFindingEnd
  destination: ScopeFindingEnd
  /** Hop by hop, rendered as pairwise paths are. */
  hops: PathHop[]
}

/** The Network Access Analyzer proof of one assertion: one scope, one analysis in one account and Region. */
export interface ScopeAnalysisResult {
  status: AnalysisStatus
  account: string
  region: string
  scopeId?: string
  scopeOrigin?: 'created' | 'reused'
  analysisId?: string
  analysisArn?: string
  /** Network interfaces AWS analysed (AnalyzedEniCount). */
  analyzedEniCount?: number
  /** Every finding, all pages. */
  findings: ScopeFinding[]
  /** The statements the scope was created with (MatchPaths / ExcludePaths, SDK shapes), for the JSON report. */
  statements: { matchPaths: unknown[]; excludePaths: unknown[] }
  message?: string
  startedAt?: string
  finishedAt?: string
  durationMs?: number
}

/** One end of a set: resources by id/ARN (instances, ENIs, subnets, VPCs…) or resource types. */
export interface ScopeEnd {
  resources?: string[]
  resourceTypes?: string[]
  /** Source (destination) addresses or CIDRs the packets carry. */
  addresses?: string[]
}

/** A resolved set assertion, ready to become a scope in one account and Region. */
export interface ScopeRequest {
  assertion: Assertion
  /** Account name (as under `accounts:`) the scope and its analysis live in. */
  account: string
  region: string
  source: ScopeEnd
  destination: ScopeEnd
  /** `via` entries: every path must traverse one resource of each (ThroughResources). */
  through: string[][]
  /** `avoid` entries: paths through any resource of an entry are excluded. */
  exclude: string[][]
}

/** Everything known about one assertion at the end of a run: what the reporters consume. */
export interface AssertionReport {
  assertion: Assertion
  source?: Resolution
  destination?: Resolution
  via: Resolution[]
  avoid: Resolution[]
  /** The resolved `through:` entries (absent when the assertion has none). */
  through?: Resolution[]
  /** The analysis that decided the verdict (for groups: the first failing member's, else the first). */
  analysis?: AnalysisResult
  verdict: Verdict
  /** Present when more than one analysis was run: every analysis with its own verdict. */
  checks?: CheckReport[]
  /** Present for groups: one outcome per member pair ("3 of 4 web instances reach db"). */
  members?: MemberOutcome[]
  /** With a plan: what applying it is predicted to do to this assertion. */
  prediction?: Prediction
  /** How the assertion was proved; absent = pairwise (Reachability Analyzer). */
  proof?: 'scope' | 'pairs'
  /** Present when proved with a Network Access Analyzer scope. */
  scope?: ScopeAnalysisResult
}

/** What applying a plan is predicted to do to one assertion (src/plan). */
export type PredictedEffect = 'breaks' | 'opens' | 'fixes' | 'affected' | 'unaffected'

export interface PredictionReason {
  /** The plan resource (`aws_security_group_rule.db_from_app`) and what the plan does to it. */
  resource?: string
  action?: 'create' | 'update' | 'delete' | 'replace' | 'no-op'
  /** The plan file it came from. */
  file?: string
  /** The path component it acts on. */
  component?: string
  text: string
}

export interface Prediction {
  assertionId: string
  effect: PredictedEffect
  /** One line, e.g. "`aws_security_group_rule.db_from_app` (delete) removes the only rule …". */
  summary: string
  reasons: PredictionReason[]
  /** What could not be evaluated (firewall rule groups, unknown values, components outside the model). */
  notEvaluated: string[]
}

/** One network change of the plan, for the "What this plan changes" section. */
export interface PlanChangeLine {
  resource: string
  action: string
  file: string
  what: string
}

/** The plan part of a run: what it changes, what was predicted, what was skipped and why. */
export interface PlanReport {
  files: string[]
  changes: PlanChangeLine[]
  failOnPredicted: 'violation' | 'never'
  scope: 'all' | 'affected'
  /** Assertions not analysed under `plan-scope: affected`, with the reason. */
  skipped: Array<{ assertionId: string; reason: string }>
  /** Why each analysed assertion was in scope (plan-scope: affected). */
  inScope: Array<{ assertionId: string; reason: string }>
  /** How added/edited assertions were found, or why they could not be. */
  editedNote?: string
  counts: Record<PredictedEffect, number>
}

export interface RunReport {
  tool: 'network-preflight'
  version: string
  configFile: string
  startedAt: string
  finishedAt: string
  durationMs: number
  analysesStarted: number
  /** Of `analysesStarted`, the Network Access Analyzer scope analyses (absent when none). */
  scopeAnalysesStarted?: number
  /** Estimated cost of this run in USD: Reachability Analyzer per analysis, Network Access Analyzer per interface analysed. */
  estimatedCostUsd: number
  results: AssertionReport[]
  passed: number
  failed: number
  errors: number
  total: number
  /** Present when a plan was given. */
  plan?: PlanReport
}
