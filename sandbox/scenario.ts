// The scenario file: which accounts, roles, resources and reachability facts the sandbox pretends exist, and how
// realistic (slow, throttled, flaky) it is. Loaded from YAML and validated against scenario.schema.json.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv, type ErrorObject } from 'ajv'
import { load as loadYaml } from 'js-yaml'

export type Protocol = 'tcp' | 'udp'

/** Token bucket parameters as AWS documents them (burst capacity, tokens added per second). */
export interface BucketSpec {
  burst: number
  refillPerSecond: number
}

/** A deterministic fault: the next `times` requests that match fail (or have their connection reset). */
export interface FaultRule {
  service?: 'ec2' | 'sts' | 'github' | 'oidc'
  /** API action (EC2/STS), or for GitHub `METHOD /route` such as `POST /repos/{owner}/{repo}/issues`. */
  action?: string
  /** Account name or 12-digit id of the caller (EC2) or of the role being assumed (STS). */
  account?: string
  /** Let this many matching requests through first. Default 0. */
  after?: number
  /** How many matching requests fail. Default 1; 0 means every matching request from then on. */
  times?: number
  /** Error code, e.g. `RequestLimitExceeded`, `InternalError`, `AccessDenied`. */
  error?: string
  status?: number
  message?: string
  /** Destroy the socket instead of answering. */
  reset?: boolean
}

export interface Knobs {
  /** Multiplies every simulated duration (analysis time, latency, delayed deletions) and speeds up token refill by 1/timeScale. */
  timeScale: number
  /** Most items a paginated describe returns per page, even when MaxResults asks for more (AWS may return fewer). */
  pageSize: number
  /** Typical analysis duration in seconds before timeScale (AWS: tens of seconds). */
  analysisSeconds: number
  /** Seeded random spread of analysis durations, as a fraction of analysisSeconds (0.25 = ±25%). */
  analysisJitter: number
  /** Analyses stay `running` forever. */
  analysesNeverFinish: boolean
  /** Concurrent (running) analyses per account and Region; AWS's quota is 100. */
  maxConcurrentAnalyses: number
  /** Paths per account and Region; AWS's quota is 1,000. */
  maxPaths: number
  /** Network Access Analyzer scopes per account and Region; AWS's quota is 1,000. */
  maxAccessScopes: number
  /** Concurrent (running) scope analyses per account and Region; AWS's quota is 25. */
  maxConcurrentScopeAnalyses: number
  /** When set, every scope analysis ends `failed` with this StatusMessage. */
  scopeAnalysisFailure?: string
  /** EC2 token buckets per account and Region. */
  throttling: {
    enabled: boolean
    mutating: BucketSpec
    nonMutating: BucketSpec
    unfilteredDescribe: BucketSpec
  }
  /** Seeded fraction of EC2 requests answered with RequestLimitExceeded regardless of the buckets. */
  throttleRate: number
  /** Seeded fraction of EC2/STS requests answered with a 5xx (InternalError / Unavailable). */
  serverErrorRate: number
  /** Seeded fraction of EC2/STS requests whose connection is reset without an answer. */
  connectionResetRate: number
  /** Restrict the random faults above to these actions (all actions when empty). */
  faultActions: string[]
  /** Added to every request before timeScale; a number or a seeded uniform range. */
  latencyMs: number | { min: number; max: number }
  /** When set, credentials the sandbox issues expire after this many real seconds (instead of DurationSeconds). */
  credentialLifetimeSeconds?: number
  /** Lifetime of the GitHub OIDC token in seconds. */
  oidcTokenLifetimeSeconds: number
  /** STS answers 503 ServiceUnavailable for calls concerning these accounts (names or ids). */
  stsOutageAccounts: string[]
  /** Someone else deletes every path the sandbox created (and its analyses) this many seconds after creation (scaled). */
  deletePathsAfterSeconds?: number
  /** Check SigV4 signatures against the issued secrets (SignatureDoesNotMatch otherwise). */
  verifySignatures: boolean
}

export const DEFAULT_KNOBS: Knobs = {
  timeScale: 1,
  pageSize: 5,
  analysisSeconds: 20,
  analysisJitter: 0.25,
  analysesNeverFinish: false,
  maxConcurrentAnalyses: 100,
  maxPaths: 1000,
  maxAccessScopes: 1000,
  maxConcurrentScopeAnalyses: 25,
  throttling: {
    enabled: true,
    mutating: { burst: 50, refillPerSecond: 5 },
    nonMutating: { burst: 100, refillPerSecond: 20 },
    unfilteredDescribe: { burst: 50, refillPerSecond: 10 }
  },
  throttleRate: 0,
  serverErrorRate: 0,
  connectionResetRate: 0,
  faultActions: [],
  latencyMs: 0,
  oidcTokenLifetimeSeconds: 300,
  stsOutageAccounts: [],
  verifySignatures: true
}

export interface StaticKeySpec {
  accessKeyId: string
  secretAccessKey: string
  /** IAM user name the keys belong to. Default `ci`. */
  userName?: string
}

export interface AccountSpec {
  id: string
  regions?: string[]
  staticKeys?: StaticKeySpec[]
  /** The account's IAM OIDC provider for GitHub; `false` when none is registered. */
  oidcProvider?: false | { clientIds?: string[] }
}

export interface RoleSpec {
  arn: string
  maxSessionDurationSeconds?: number
  trust: {
    /** GitHub OIDC: `sub` matched like IAM's StringLike (`*`, `?`), `aud` like StringEquals. */
    webIdentity?: { sub: string | string[]; aud?: string }
    /** Role or user ARNs, or 12-digit account ids (any principal of that account), allowed to AssumeRole. */
    principals?: string[]
    /** Required ExternalId for AssumeRole. */
    externalId?: string
  }
}

interface Tagged {
  name?: string
  tags?: Record<string, string>
}

export interface SecurityGroupRef {
  id: string
  name?: string
}

export interface InstanceSpec extends Tagged {
  id: string
  state?: 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped'
  vpcId?: string
  subnetId?: string
  availabilityZone?: string
  privateIp?: string
  publicIp?: string
  instanceType?: string
  securityGroups?: Array<string | SecurityGroupRef>
  /** Primary network interface (device index 0); derived from the instance id when omitted. */
  primaryNetworkInterfaceId?: string
  secondaryNetworkInterfaces?: Array<{
    id: string
    deviceIndex?: number
    subnetId?: string
    privateIp?: string
  }>
  reservationId?: string
}

export interface NetworkInterfaceSpec extends Tagged {
  id: string
  vpcId?: string
  subnetId?: string
  availabilityZone?: string
  privateIp?: string
  interfaceType?: string
  description?: string
  status?: 'available' | 'in-use' | 'attaching' | 'detaching' | 'associated'
  securityGroups?: Array<string | SecurityGroupRef>
  requesterManaged?: boolean
  /** The service that created a requester-managed interface (`amazon-rds`, `amazon-elb`, an account id, …). */
  requesterId?: string
  attachment?: { instanceId?: string; deviceIndex?: number; instanceOwnerId?: string }
}

/** A Lambda function (GetFunctionConfiguration); its Hyperplane ENIs are declared under networkInterfaces. */
export interface LambdaFunctionSpec {
  name: string
  vpcId?: string
  subnetIds?: string[]
  securityGroupIds?: string[]
  state?: 'Pending' | 'Active' | 'Inactive' | 'Failed'
  runtime?: string
}

/** An RDS DB instance; the ENI serving it is the RDSNetworkInterface in its current AZ's subnet. */
export interface DbInstanceSpec {
  id: string
  engine?: string
  status?: string
  /** The AZ serving now (the primary's); a failover swaps it with secondaryAvailabilityZone. */
  availabilityZone: string
  secondaryAvailabilityZone?: string
  vpcId: string
  subnetGroupName?: string
  subnets: Array<{ id: string; availabilityZone: string }>
  securityGroups: string[]
  port?: number
  clusterId?: string
  endpointAddress?: string
}

export interface DbClusterSpec {
  id: string
  engine?: string
  port?: number
  securityGroups?: string[]
  members: Array<{ instanceId: string; writer?: boolean }>
}

export interface LoadBalancerSpec {
  name: string
  /** The ARN's final segment (16 hex digits); derived from the name when omitted. */
  id?: string
  type?: 'application' | 'network' | 'gateway'
  scheme?: 'internet-facing' | 'internal'
  state?: 'active' | 'provisioning' | 'active_impaired' | 'failed'
  vpcId: string
  subnets: Array<{ id: string; availabilityZone: string }>
  securityGroups?: string[]
  targetGroups?: Array<{
    name: string
    targetType?: 'instance' | 'ip' | 'lambda' | 'alb'
    protocol?: string
    port?: number
    targets: Array<{
      id: string
      port?: number
      health?: 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable'
    }>
  }>
}

export interface NetworkFirewallSpec {
  name: string
  vpcId: string
  status?: 'PROVISIONING' | 'DELETING' | 'READY'
  /** One endpoint per Availability Zone (FirewallStatus.SyncStates). */
  endpoints: Array<{ availabilityZone: string; subnetId: string; endpointId: string }>
}

/** An ECS service's tasks; awsvpc tasks name the ENI declared under networkInterfaces. */
export interface EcsServiceSpec {
  cluster: string
  service: string
  tasks: Array<{
    id: string
    lastStatus?:
      'PROVISIONING' | 'PENDING' | 'ACTIVATING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'STOPPED'
    launchType?: 'FARGATE' | 'EC2'
    /** Absent for bridge/host network mode tasks. */
    networkInterfaceId?: string
    subnetId?: string
    privateIp?: string
  }>
}

export interface InternetGatewaySpec extends Tagged {
  id: string
  vpcId?: string
}

export interface VpnGatewaySpec extends Tagged {
  id: string
  vpcId?: string
  state?: 'pending' | 'available' | 'deleting' | 'deleted'
  amazonSideAsn?: number
}

export interface TransitGatewaySpec extends Tagged {
  id: string
  state?: 'pending' | 'available' | 'modifying' | 'deleting' | 'deleted'
  description?: string
}

export interface TransitGatewayAttachmentSpec extends Tagged {
  id: string
  transitGatewayId: string
  transitGatewayOwnerId?: string
  resourceType?:
    'vpc' | 'vpn' | 'direct-connect-gateway' | 'connect' | 'peering' | 'tgw-peering' | 'network-function'
  resourceId?: string
  resourceOwnerId?: string
  state?: 'available' | 'pending' | 'deleting' | 'deleted' | 'failed' | 'rejected'
}

export interface VpcEndpointSpec extends Tagged {
  id: string
  type?: 'Interface' | 'Gateway' | 'GatewayLoadBalancer'
  serviceName: string
  vpcId?: string
  subnetIds?: string[]
  networkInterfaceIds?: string[]
  state?: 'available' | 'pending' | 'deleting' | 'deleted' | 'rejected' | 'failed'
}

export interface VpcEndpointServiceSpec extends Tagged {
  id: string
  serviceName?: string
  type?: 'Interface' | 'Gateway' | 'GatewayLoadBalancer'
  state?: 'Pending' | 'Available' | 'Deleting' | 'Deleted' | 'Failed'
  acceptanceRequired?: boolean
}

export interface VpcPeeringConnectionSpec extends Tagged {
  id: string
  requester: { vpcId: string; ownerId?: string; region?: string; cidr?: string }
  accepter: { vpcId: string; ownerId?: string; region?: string; cidr?: string }
  status?: 'active' | 'pending-acceptance' | 'rejected' | 'deleted' | 'expired' | 'failed' | 'provisioning'
}

export interface NatGatewaySpec extends Tagged {
  id: string
  vpcId: string
  subnetId: string
  connectivityType?: 'public' | 'private'
  state?: 'pending' | 'failed' | 'available' | 'deleting' | 'deleted'
}

export interface SubnetSpec extends Tagged {
  id: string
  vpcId: string
  cidr?: string
  availabilityZone?: string
}

export interface VpcSpec extends Tagged {
  id: string
  cidr?: string
}

export interface RegionResourcesSpec {
  vpcs?: VpcSpec[]
  subnets?: SubnetSpec[]
  instances?: InstanceSpec[]
  networkInterfaces?: NetworkInterfaceSpec[]
  internetGateways?: InternetGatewaySpec[]
  vpnGateways?: VpnGatewaySpec[]
  transitGateways?: TransitGatewaySpec[]
  transitGatewayAttachments?: TransitGatewayAttachmentSpec[]
  vpcEndpoints?: VpcEndpointSpec[]
  vpcEndpointServices?: VpcEndpointServiceSpec[]
  vpcPeeringConnections?: VpcPeeringConnectionSpec[]
  natGateways?: NatGatewaySpec[]
  /** Names for security groups that explanations and hops mention. */
  securityGroups?: SecurityGroupRef[]
  /** Managed services (served by the Lambda, RDS, ELBv2, Network Firewall and ECS endpoints). */
  lambdaFunctions?: LambdaFunctionSpec[]
  dbInstances?: DbInstanceSpec[]
  dbClusters?: DbClusterSpec[]
  loadBalancers?: LoadBalancerSpec[]
  networkFirewalls?: NetworkFirewallSpec[]
  ecsServices?: EcsServiceSpec[]
}

/** One hop: a resource id the sandbox expands into a PathComponent, or a PathComponent in AWS's field names. */
export type HopSpec = string | Record<string, unknown>

export interface CandidatePathSpec {
  forward: HopSpec[]
  return?: HopSpec[]
}

/** What Reachability Analyzer finds for one (source, destination, protocol, port range). */
export interface FactSpec {
  /** A label for logs and errors. */
  id?: string
  /** Instance id, network interface id (an instance's primary ENI is the same endpoint), other resource id, or ARN. */
  source: string
  /** Like source, or an IPv4 address. */
  destination: string
  /** Omitted: any protocol. */
  protocol?: Protocol
  /** A port or "from-to"; omitted: every port. */
  port?: number | string
  /**
   * Only for packets from this range: the fact applies when the path's FilterAtSource.SourceAddress (none:
   * 0.0.0.0/0) overlaps it, and the headers of the path found are limited to the requested range.
   */
  sourceAddress?: string
  /** Reachable: candidate paths, shortest first; FilterInArns/FilterOutArns pick the first candidate that fits. */
  paths?: CandidatePathSpec[]
  /** Not reachable: AWS explanations (ExplanationCode, Direction, SecurityGroup, AclRule, ...). */
  explanations?: Record<string, unknown>[]
  /** For a not-reachable fact: the partial forward path AWS shows up to the blocking component. */
  forward?: HopSpec[]
  /** The analysis fails with this StatusMessage. */
  failure?: string
  /** A raw NetworkInsightsAnalysis body (CLI JSON); its result fields are served verbatim. */
  analysis?: Record<string, unknown>
  durationSeconds?: number
  neverFinishes?: boolean
}

/** Paths and analyses that already exist in an account, served verbatim (e.g. the AWS documentation samples). */
export interface ExistingSpec {
  account: string
  region: string
  paths?: Record<string, unknown>[]
  analyses?: Record<string, unknown>[]
}

export interface GithubIssueSpec {
  number?: number
  title: string
  body?: string
  state?: 'open' | 'closed'
  labels?: string[]
  user?: string
  comments?: Array<{ body: string; user?: string }>
}

export interface GithubPullRequestSpec {
  number: number
  title?: string
  body?: string
  state?: 'open' | 'closed'
  labels?: string[]
  user?: string
  /** Comments already on the pull request (author `user`, default octocat). */
  comments?: Array<{ body: string; user?: string }>
  files?: Array<{
    filename: string
    status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged'
    additions?: number
    deletions?: number
    patch?: string
  }>
}

export type GithubPermission = 'none' | 'read' | 'write'

export interface GithubSpec {
  /** owner/name. Default `example-org/infra`. */
  repository?: string
  /** The ACTIONS_ID_TOKEN_REQUEST_TOKEN the OIDC endpoint accepts; random when omitted. */
  requestToken?: string
  /** Extra or overriding JWT claims (`sub` defaults to `repo:<repository>:ref:refs/heads/main`). */
  claims?: Record<string, unknown>
  /** The GITHUB_TOKEN the REST API accepts; random when omitted. */
  token?: string
  /**
   * Login of the user behind `token` (a personal access token): GET /user answers with it and it authors
   * what the token creates. Omitted: the token is a GITHUB_TOKEN, GET /user answers 403 and the author is
   * `github-actions[bot]`.
   */
  tokenUser?: string
  /** What that token may do. Default: issues and pull-requests write, contents read. */
  permissions?: { issues?: GithubPermission; 'pull-requests'?: GithubPermission; contents?: GithubPermission }
  issues?: GithubIssueSpec[]
  pullRequests?: GithubPullRequestSpec[]
  /** Items per page when the client does not ask (GitHub: 30). */
  defaultPerPage?: number
}

export interface ScenarioFile {
  name?: string
  description?: string
  /** Seed for every random choice (jitter, random faults, generated ids). */
  seed?: number
  knobs?: Partial<Knobs>
  /** Deterministic faults, applied in order. */
  faults?: FaultRule[]
  accounts: Record<string, AccountSpec>
  roles?: RoleSpec[]
  /** AWS Organizations: who may run cross-account analyses (AdditionalAccounts). */
  organization?: { management?: string; delegatedAdministrators?: string[] }
  /** account (name or id) → region → resources. */
  resources?: Record<string, Record<string, RegionResourcesSpec>>
  reachability?: FactSpec[]
  existing?: ExistingSpec[]
  /** Ids handed out in order before random ones, per prefix (`nip`, `nia`): to reproduce documentation samples. */
  fixedIds?: Record<string, string[]>
  github?: GithubSpec
}

/** A scenario after validation, with knobs complete. */
export interface Scenario extends Omit<ScenarioFile, 'knobs'> {
  knobs: Knobs
  /** Where it was loaded from, for messages. */
  source: string
}

/** A scenario file that cannot be used; the message names the file and the offending place. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ScenarioError'
  }
}

const here = dirname(fileURLToPath(import.meta.url))
let validator: ReturnType<Ajv['compile']> | undefined

function getValidator(): ReturnType<Ajv['compile']> {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(here, 'scenario.schema.json'), 'utf8')) as object
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema)
  }
  return validator
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath || '(top level)'
  if (e.keyword === 'additionalProperties') {
    return `${where}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`
  }
  if (e.keyword === 'enum') {
    return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map(v => JSON.stringify(v)).join(', ')}`
  }
  return `${where}: ${e.message ?? 'is invalid'}`
}

function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return override as T
  if (typeof override !== 'object' || override === null || Array.isArray(override)) return override as T
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) }
  // An explicit undefined clears a knob (e.g. setKnobs({ credentialLifetimeSeconds: undefined })).
  for (const [k, v] of Object.entries(override)) out[k] = v === undefined ? undefined : deepMerge(out[k], v)
  return out as T
}

/** Completes knobs with defaults; `overrides` (from code) win over the file. */
export function mergeKnobs(base: Knobs, ...overrides: Array<Partial<Knobs> | undefined>): Knobs {
  return overrides.reduce<Knobs>((acc, o) => deepMerge(acc, o), base)
}

/** YAML integers lose leading zeros; account ids are 12 digits. */
function normalizeAccountIds(raw: Record<string, unknown>): void {
  const accounts = raw.accounts as Record<string, { id?: unknown }> | undefined
  if (accounts && typeof accounts === 'object') {
    for (const account of Object.values(accounts)) {
      if (account && typeof account.id === 'number') account.id = String(account.id).padStart(12, '0')
    }
  }
  const existing = raw.existing as Array<{ account?: unknown }> | undefined
  if (Array.isArray(existing)) {
    for (const e of existing)
      if (typeof e.account === 'number') e.account = String(e.account).padStart(12, '0')
  }
}

/** Validates a parsed scenario object. `source` names it in error messages. */
export function parseScenario(raw: unknown, source = '<scenario>', knobOverrides?: Partial<Knobs>): Scenario {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ScenarioError(`${source}: a scenario must be a mapping with at least "accounts"`)
  }
  const copy = structuredClone(raw) as Record<string, unknown>
  normalizeAccountIds(copy)
  const validate = getValidator()
  if (!validate(copy)) {
    const lines = (validate.errors ?? []).slice(0, 10).map(describeError)
    throw new ScenarioError(`${source} is not a valid sandbox scenario:\n  - ${lines.join('\n  - ')}`)
  }
  const file = copy as unknown as ScenarioFile
  checkReferences(file, source)
  const { knobs, ...rest } = file
  return { ...rest, knobs: mergeKnobs(DEFAULT_KNOBS, knobs, knobOverrides), source }
}

/** Reads and validates a YAML (or JSON) scenario file. */
export function loadScenario(path: string, knobOverrides?: Partial<Knobs>): Scenario {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new ScenarioError(`cannot read scenario ${path}: ${(e as Error).message}`)
  }
  let raw: unknown
  try {
    raw = loadYaml(text)
  } catch (e) {
    throw new ScenarioError(`${path} is not valid YAML: ${(e as Error).message}`)
  }
  return parseScenario(raw, path, knobOverrides)
}

/** Cross-references JSON Schema cannot express: account names used elsewhere must be declared. */
function checkReferences(file: ScenarioFile, source: string): void {
  const names = new Set(Object.keys(file.accounts))
  const ids = new Set(Object.values(file.accounts).map(a => a.id))
  const problems: string[] = []
  const known = (ref: string): boolean => names.has(ref) || ids.has(ref)
  for (const account of Object.keys(file.resources ?? {})) {
    if (!known(account))
      problems.push(`/resources/${account}: no account named or numbered "${account}" under accounts`)
  }
  const org = file.organization
  for (const ref of [org?.management, ...(org?.delegatedAdministrators ?? [])]) {
    if (ref !== undefined && !known(ref)) problems.push(`/organization: unknown account "${ref}"`)
  }
  const seen = new Map<string, string>()
  for (const [name, a] of Object.entries(file.accounts)) {
    const other = seen.get(a.id)
    if (other) problems.push(`/accounts/${name}: id ${a.id} is also used by "${other}"`)
    seen.set(a.id, name)
  }
  ;(file.roles ?? []).forEach((role, i) => {
    const account = /^arn:aws:iam::(\d{12}):role\//.exec(role.arn)?.[1]
    if (account && !ids.has(account))
      problems.push(`/roles/${i}: account ${account} of ${role.arn} is not declared under accounts`)
  })
  if (problems.length)
    throw new ScenarioError(`${source} is not a valid sandbox scenario:\n  - ${problems.join('\n  - ')}`)
}
