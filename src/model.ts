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
  'vpc-peering-connection'
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
  'vpc-peering-connection': 'vpc-peering-connection'
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
  /** All tags must match. `kinds` is where to search: instances and network interfaces unless `kind` is given. */
  | { by: 'tags'; tags: Record<string, string>; kinds: ResourceKind[] }
  /** An IPv4 address; only valid as a destination. */
  | { by: 'ip'; ip: string }
  /**
   * A managed service by name or ARN (`ecs_service`: cluster/service). `role` picks an RDS cluster's writer
   * (default) or its readers.
   */
  | { by: 'managed'; service: ManagedKind; name: string; role?: 'writer' | 'reader' }

export type EndpointRole = 'source' | 'destination' | 'via' | 'avoid'

export interface Endpoint {
  role: EndpointRole
  /** Account name as declared under `accounts:`. */
  account: string
  /** Effective region: the endpoint's own `region`, else `defaults.region`. */
  region: string
  selector: Selector
  location: SourceLocation
}

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
}

export type Resolution = { ok: true; target: ResolvedTarget } | { ok: false; error: string }

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

export interface AnalysisResult {
  status: AnalysisStatus
  analysisId?: string
  analysisArn?: string
  pathId?: string
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

/** Everything known about one assertion at the end of a run: what the reporters consume. */
export interface AssertionReport {
  assertion: Assertion
  source?: Resolution
  destination?: Resolution
  via: Resolution[]
  avoid: Resolution[]
  analysis?: AnalysisResult
  verdict: Verdict
}

export interface RunReport {
  tool: 'network-preflight'
  version: string
  configFile: string
  startedAt: string
  finishedAt: string
  durationMs: number
  analysesStarted: number
  /** Estimated Reachability Analyzer cost of this run in USD. */
  estimatedCostUsd: number
  results: AssertionReport[]
  passed: number
  failed: number
  errors: number
  total: number
}
