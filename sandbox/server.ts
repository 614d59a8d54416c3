// The local AWS + GitHub sandbox: one HTTP server on 127.0.0.1 that speaks STS (AWS Query), EC2 (EC2 Query),
// the GitHub Actions OIDC token endpoint and the GitHub REST API, for the scenario it was started with.
//
//   const sandbox = await startSandbox('examples/sandbox.yaml', { knobs: { timeScale: 0.01 } })
//   spawn('node', ['dist/index.js'], { env: { ...process.env, ...sandbox.env, ...inputs } })
//   ...
//   await sandbox.close()
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { NetworkInsightsAnalysis, NetworkInsightsPath } from '@aws-sdk/client-ec2'
import {
  AssumeRole$,
  AssumeRoleWithWebIdentity$,
  GetCallerIdentity$,
  type AssumeRoleRequest,
  type AssumeRoleWithWebIdentityRequest
} from '@aws-sdk/client-sts'
import { EC2_ACTIONS, applyExternalDeletions, materializeAnalysis } from './aws/ec2.js'
import { materializeScopeAnalysis, naaStore } from './aws/naa.js'
import { SeededRandom } from './aws/ids.js'
import {
  awsQueryErrorXml,
  awsQueryResponseXml,
  ec2ErrorXml,
  ec2ResponseXml,
  operationInput,
  operationOutput,
  readQueryInput,
  type OperationSchema
} from './aws/query-protocol.js'
import { ECS_SERVICE } from './aws/ecs.js'
import { ELBV2_SERVICE } from './aws/elbv2.js'
import { fromWireJson, httpBinding, matchUri, toWireJson } from './aws/json-protocol.js'
import { LAMBDA_SERVICE } from './aws/lambda.js'
import type { ManagedService, ManagedServiceName } from './aws/managed-services.js'
import { NETWORK_FIREWALL_SERVICE } from './aws/network-firewall.js'
import { RDS_SERVICE } from './aws/rds.js'
import { tagsOf } from './aws/resources.js'
import { parseAuthorization, verifySignature, type SigV4Authorization } from './aws/sigv4.js'
import { assumeRole, assumeRoleWithWebIdentity, getCallerIdentity, type StsContext } from './aws/sts.js'
import { AwsError, AwsWorld, type IssuedCredentials } from './aws/world.js'
import { drawRandomFault, latencyMs, ScriptedFaults, Throttler, type FaultTarget } from './faults.js'
import { GithubSim, type GithubComment, type GithubIssue, type HttpAnswer } from './github.js'
import {
  loadScenario,
  mergeKnobs,
  parseScenario,
  type FaultRule,
  type Knobs,
  type Scenario,
  type ScenarioFile
} from './scenario.js'

export type SandboxService = 'ec2' | 'sts' | 'github' | 'oidc' | ManagedServiceName

/** One request the sandbox received, as it answered it. */
export interface RequestRecord {
  seq: number
  /** Epoch ms when the request arrived. */
  time: number
  durationMs: number
  service: SandboxService | 'unknown'
  /** EC2/STS `Action`, or a GitHub route such as `POST /repos/{owner}/{repo}/issues`. */
  action: string
  /** 12-digit account the call was served for (EC2: the signer; STS: the role's account, else the caller). */
  account?: string
  /** Its name under `accounts:` in the scenario. */
  accountName?: string
  region?: string
  /** ARN of the signing principal. */
  principal?: string
  /** SDK-shaped input (EC2/STS), or the query and JSON body (GitHub). */
  params: Record<string, unknown>
  /** HTTP status; 0 when the connection was reset instead. */
  status: number
  errorCode?: string
  /** Why it failed when the sandbox made it fail on purpose. */
  fault?: 'scripted' | 'random' | 'throttled' | 'outage'
}

export interface RequestQuery {
  service?: SandboxService
  action?: string
  /** Account name or 12-digit id. */
  account?: string
  region?: string
  status?: number
  errorCode?: string
  /** Only successful (2xx) answers. */
  ok?: boolean
}

export interface SandboxOptions {
  /** Override the scenario's knobs (deep-merged). */
  knobs?: Partial<Knobs>
  /** Extra scripted faults, after the scenario's own. */
  faults?: FaultRule[]
  /** Called after every request is answered (e.g. to print a trace). */
  onRequest?: (record: RequestRecord) => void
  /** The clock EC2's token buckets refill by (default: real time); tests of client-side pacing share one. */
  throttleClock?: () => number
  /**
   * The sandbox's time (default: the wall clock): what it reads as now (analysis ends, credential expiry,
   * request durations) and how it waits out `latencyMs`. A test drives a manual one to check timing knobs
   * without measuring the wall clock.
   */
  clock?: SandboxClock
}

export interface SandboxClock {
  now(): number
  sleep(ms: number): Promise<void>
}

export interface SandboxUrls {
  /** http://127.0.0.1:PORT */
  base: string
  ec2: string
  sts: string
  /** Managed-service endpoints (AWS_ENDPOINT_URL_LAMBDA, _RDS, _ELASTIC_LOAD_BALANCING_V2, _NETWORK_FIREWALL, _ECS). */
  lambda: string
  rds: string
  elbv2: string
  networkFirewall: string
  ecs: string
  /** ACTIONS_ID_TOKEN_REQUEST_URL (already has `?api-version=2.0`). */
  oidcToken: string
  /** GITHUB_API_URL. */
  github: string
}

export interface PathState {
  accountId: string
  accountName?: string
  region: string
  id: string
  path: NetworkInsightsPath
}

export interface AnalysisState {
  accountId: string
  accountName?: string
  region: string
  id: string
  /** running | succeeded | failed, as Describe would say now. */
  status: string
  analysis: NetworkInsightsAnalysis
}

/** A Network Access Analyzer scope or scope analysis, as Describe would show it now. */
export interface ScopeState {
  accountId: string
  accountName?: string
  region: string
  id: string
  tags: Record<string, string>
  /** Analyses only: running | succeeded | failed. */
  status?: string
}

export interface SandboxState {
  paths: PathState[]
  analyses: AnalysisState[]
  scopes: ScopeState[]
  scopeAnalyses: ScopeState[]
  /** Non-empty tag sets of resources, paths and analyses, per account and Region. */
  tags: Array<{ accountId: string; region: string; resourceId: string; tags: Record<string, string> }>
  github: { issues: GithubIssue[]; comments: GithubComment[] }
  /** Token bucket levels by `account/region/class`. */
  buckets: Record<string, number>
}

export interface Sandbox {
  /** Variables for a child process: endpoints, OIDC request URL/token, GitHub API URL/token, region. */
  readonly env: Record<string, string>
  readonly urls: SandboxUrls
  /** Every request so far, oldest first. */
  readonly requests: RequestRecord[]
  readonly scenario: Scenario
  /** The GitHub side: issues, comments, token, permissions and OIDC claims (mutable for tests). */
  readonly github: GithubSim
  /** The AWS side (accounts, roles, catalog, paths, analyses, issued credentials). */
  readonly aws: AwsWorld
  knobs(): Knobs
  setKnobs(overrides: Partial<Knobs>): void
  injectFault(rule: FaultRule): void
  /** Static keys of an account (name or id), as AWS_* variables for a child process. */
  staticCredentialsEnv(account?: string): Record<string, string>
  /**
   * Changes the world between runs, as AWS changes under a config: replaces every account's resources (and,
   * when given, the reachability facts), validated like the scenario file. Paths and analyses stay.
   */
  replaceResources(resources: ScenarioFile['resources'], reachability?: ScenarioFile['reachability']): void
  /** Mints role credentials directly (no STS call), e.g. for tests that only exercise EC2. */
  issueRoleCredentials(roleArn: string, sessionName?: string, durationSeconds?: number): IssuedCredentials
  state(): SandboxState
  count(query?: RequestQuery): number
  find(query?: RequestQuery): RequestRecord[]
  close(): Promise<void>
}

/** The managed services by URL path segment; the endpoint variable the SDK reads is named after its serviceId. */
const MANAGED_SERVICES: Record<string, { service: ManagedService; env: string; url: keyof SandboxUrls }> = {
  lambda: { service: LAMBDA_SERVICE, env: 'AWS_ENDPOINT_URL_LAMBDA', url: 'lambda' },
  rds: { service: RDS_SERVICE, env: 'AWS_ENDPOINT_URL_RDS', url: 'rds' },
  elbv2: { service: ELBV2_SERVICE, env: 'AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2', url: 'elbv2' },
  'network-firewall': {
    service: NETWORK_FIREWALL_SERVICE,
    env: 'AWS_ENDPOINT_URL_NETWORK_FIREWALL',
    url: 'networkFirewall'
  },
  ecs: { service: ECS_SERVICE, env: 'AWS_ENDPOINT_URL_ECS', url: 'ecs' }
}

const STS_ACTIONS: Record<string, OperationSchema> = {
  GetCallerIdentity: GetCallerIdentity$ as unknown as OperationSchema,
  AssumeRole: AssumeRole$ as unknown as OperationSchema,
  AssumeRoleWithWebIdentity: AssumeRoleWithWebIdentity$ as unknown as OperationSchema
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

const WALL_CLOCK: SandboxClock = {
  now: () => Date.now(),
  sleep: ms => (ms > 0 ? new Promise(resolve => setTimeout(resolve, ms).unref()) : Promise.resolve())
}

function genericGithubRoute(method: string, path: string): string {
  return `${method} ${path
    .replace(/^\/github/, '')
    .replace(/\/+$/, '')
    .replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/{owner}/{repo}')
    .replace(/\/\d+(?=\/|$)/g, '/{n}')}`
}

/** A request's signer, or why it is refused (with what was established before, for the call log). */
type Signed =
  | { ok: true; auth: SigV4Authorization; caller: IssuedCredentials }
  | { ok: false; auth?: SigV4Authorization; caller?: IssuedCredentials; error: AwsError }

/** How each service words a refused signature (the codes differ; the checks are the same). */
interface AuthErrors {
  invalid: () => AwsError
  signatureCode: string
  expired: () => AwsError
}

const AUTH_ERRORS: Record<'ec2' | 'sts' | 'managed', AuthErrors> = {
  ec2: {
    invalid: () =>
      new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401),
    signatureCode: 'SignatureDoesNotMatch',
    expired: () => new AwsError('RequestExpired', 'Request has expired.', 400)
  },
  sts: {
    invalid: () =>
      new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
    signatureCode: 'SignatureDoesNotMatch',
    expired: () => new AwsError('ExpiredToken', 'The security token included in the request is expired', 403)
  },
  managed: {
    invalid: () =>
      new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        403
      ),
    signatureCode: 'InvalidSignatureException',
    expired: () =>
      new AwsError('ExpiredTokenException', 'The security token included in the request is expired', 403)
  }
}

class SandboxServer implements Sandbox {
  readonly requests: RequestRecord[] = []
  readonly aws: AwsWorld
  readonly github: GithubSim
  readonly env: Record<string, string>
  readonly urls: SandboxUrls
  private currentKnobs: Knobs
  private readonly random: SeededRandom
  private readonly throttler: Throttler
  private readonly faults: ScriptedFaults
  private readonly clock: SandboxClock
  private seq = 0
  private closed?: Promise<void>

  /** `server` already listens on 127.0.0.1; everything that embeds URLs is built knowing the port. */
  constructor(
    readonly scenario: Scenario,
    private readonly options: SandboxOptions,
    private readonly server: Server
  ) {
    this.clock = options.clock ?? WALL_CLOCK
    const { port } = server.address() as AddressInfo
    const base = `http://127.0.0.1:${port}`
    this.urls = {
      base,
      ec2: `${base}/ec2`,
      sts: `${base}/sts`,
      oidcToken: `${base}/oidc/token?api-version=2.0`,
      github: `${base}/github`,
      lambda: `${base}/lambda`,
      rds: `${base}/rds`,
      elbv2: `${base}/elbv2`,
      networkFirewall: `${base}/network-firewall`,
      ecs: `${base}/ecs`
    }
    this.currentKnobs = scenario.knobs
    this.random = new SeededRandom(scenario.seed ?? 1)
    const startedAt = new Date(this.clock.now())
    this.aws = new AwsWorld(scenario, this.random, () => this.currentKnobs, startedAt)
    this.github = new GithubSim(
      scenario.github,
      this.random,
      () => this.urls.github,
      () => this.currentKnobs,
      () => this.clock.now()
    )
    this.throttler = new Throttler(() => this.currentKnobs)
    this.faults = new ScriptedFaults(ref => this.aws.resolveAccount(ref))
    for (const rule of [...(scenario.faults ?? []), ...(options.faults ?? [])]) this.faults.add(rule)
    const firstAccount = Object.values(scenario.accounts)[0]
    const region = firstAccount?.regions?.[0] ?? 'us-east-1'
    this.env = {
      AWS_ENDPOINT_URL_EC2: this.urls.ec2,
      AWS_ENDPOINT_URL_STS: this.urls.sts,
      ...Object.fromEntries(Object.values(MANAGED_SERVICES).map(m => [m.env, this.urls[m.url]])),
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      // Never let the default credential chain probe the instance metadata service.
      AWS_EC2_METADATA_DISABLED: 'true',
      ACTIONS_ID_TOKEN_REQUEST_URL: this.urls.oidcToken,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.github.requestToken,
      GITHUB_API_URL: this.urls.github,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: this.github.repository,
      GITHUB_TOKEN: this.github.token
    }
  }

  /** The request handler, bound once the sandbox exists. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    this.handle(req, res).catch(err => {
      // A bug in the sandbox must show up loudly, not as a hang.
      process.stderr.write(`sandbox: ${(err as Error).stack ?? String(err)}\n`)
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end('sandbox internal error')
      }
    })
  }

  knobs(): Knobs {
    return this.currentKnobs
  }

  setKnobs(overrides: Partial<Knobs>): void {
    this.currentKnobs = mergeKnobs(this.currentKnobs, overrides)
  }

  injectFault(rule: FaultRule): void {
    this.faults.add(rule)
  }

  staticCredentialsEnv(account?: string): Record<string, string> {
    const accounts = account
      ? [this.aws.accounts.get(this.aws.resolveAccount(account) ?? '')]
      : [...this.aws.accounts.values()]
    const key = accounts.find(a => a?.staticKeys.length)?.staticKeys[0]
    if (!key) throw new Error(`no static keys in the scenario${account ? ` for account ${account}` : ''}`)
    return { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey }
  }

  replaceResources(resources: ScenarioFile['resources'], reachability?: ScenarioFile['reachability']): void {
    const { source, knobs, ...file } = this.scenario
    const next = parseScenario(
      { ...file, knobs, resources, ...(reachability ? { reachability } : {}) },
      `${source} (replaced resources)`
    )
    this.aws.replaceResources(next.resources, next.reachability)
  }

  issueRoleCredentials(
    roleArn: string,
    sessionName = 'sandbox-test',
    durationSeconds = 3600
  ): IssuedCredentials {
    if (!this.aws.roles.has(roleArn)) throw new Error(`role ${roleArn} is not in the scenario`)
    const lifetime = this.currentKnobs.credentialLifetimeSeconds ?? durationSeconds
    return this.aws.credentials.issueRoleSession(
      roleArn,
      sessionName,
      this.clock.now() + lifetime * 1000,
      false
    )
  }

  state(): SandboxState {
    const now = this.clock.now()
    applyExternalDeletions(this.aws, this.currentKnobs, now)
    const name = (id: string): string | undefined => this.aws.accountName(id)
    const tags: SandboxState['tags'] = []
    const pushTags = (
      accountId: string,
      region: string,
      resourceId: string,
      list: Array<{ Key?: string; Value?: string }>
    ): void => {
      if (list.length)
        tags.push({
          accountId,
          region,
          resourceId,
          tags: Object.fromEntries(list.map(t => [t.Key ?? '', t.Value ?? '']))
        })
    }
    for (const r of this.aws.catalog.byId.values())
      pushTags(r.accountId, r.region, r.id, tagsOf(r.kind, r.object))
    for (const p of this.aws.paths.values())
      pushTags(p.accountId, p.region, p.path.NetworkInsightsPathId!, p.path.Tags ?? [])
    for (const a of this.aws.analyses.values()) {
      pushTags(a.accountId, a.region, a.analysis.NetworkInsightsAnalysisId!, a.analysis.Tags ?? [])
    }
    const naa = naaStore(this.aws)
    const tagMap = (list: Array<{ Key?: string; Value?: string }> | undefined) =>
      Object.fromEntries((list ?? []).map(t => [t.Key ?? '', t.Value ?? '']))
    for (const s of naa.scopes.values())
      pushTags(s.accountId, s.region, s.scope.NetworkInsightsAccessScopeId!, s.scope.Tags ?? [])
    for (const a of naa.analyses.values())
      pushTags(a.accountId, a.region, a.analysis.NetworkInsightsAccessScopeAnalysisId!, a.analysis.Tags ?? [])
    return {
      scopes: [...naa.scopes.values()].map(s => ({
        accountId: s.accountId,
        accountName: name(s.accountId),
        region: s.region,
        id: s.scope.NetworkInsightsAccessScopeId!,
        tags: tagMap(s.scope.Tags)
      })),
      scopeAnalyses: [...naa.analyses.values()].map(a => ({
        accountId: a.accountId,
        accountName: name(a.accountId),
        region: a.region,
        id: a.analysis.NetworkInsightsAccessScopeAnalysisId!,
        tags: tagMap(a.analysis.Tags),
        status: String(materializeScopeAnalysis(a, now).Status)
      })),
      paths: [...this.aws.paths.values()].map(p => ({
        accountId: p.accountId,
        accountName: name(p.accountId),
        region: p.region,
        id: p.path.NetworkInsightsPathId!,
        path: p.path
      })),
      analyses: [...this.aws.analyses.values()].map(a => {
        const analysis = materializeAnalysis(a, now)
        return {
          accountId: a.accountId,
          accountName: name(a.accountId),
          region: a.region,
          id: analysis.NetworkInsightsAnalysisId!,
          status: String(analysis.Status),
          analysis
        }
      }),
      tags,
      github: { issues: this.github.issues, comments: this.github.comments },
      buckets: this.throttler.levels(now)
    }
  }

  find(query: RequestQuery = {}): RequestRecord[] {
    const account = query.account ? (this.aws.resolveAccount(query.account) ?? query.account) : undefined
    return this.requests.filter(
      r =>
        (!query.service || r.service === query.service) &&
        (!query.action || r.action === query.action) &&
        (!account || r.account === account) &&
        (!query.region || r.region === query.region) &&
        (query.status === undefined || r.status === query.status) &&
        (query.errorCode === undefined || r.errorCode === query.errorCode) &&
        (query.ok === undefined || (r.status >= 200 && r.status < 300) === query.ok)
    )
  }

  count(query: RequestQuery = {}): number {
    return this.find(query).length
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>(resolve => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
    return this.closed
  }

  // -------------------------------------------------------------------------------------------------------------

  private record(r: Omit<RequestRecord, 'seq' | 'durationMs' | 'accountName'>): void {
    const record: RequestRecord = {
      ...r,
      seq: ++this.seq,
      durationMs: this.clock.now() - r.time,
      ...(r.account ? { accountName: this.aws.accountName(r.account) } : {})
    }
    this.requests.push(record)
    this.options.onRequest?.(record)
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = this.clock.now()
    const body = await readBody(req)
    const url = new URL(req.url ?? '/', this.urls.base)
    const path = url.pathname
    if (path === '/ec2' || path.startsWith('/ec2/')) return this.handleAws('ec2', req, res, body, time)
    if (path === '/sts' || path.startsWith('/sts/')) return this.handleAws('sts', req, res, body, time)
    const managed = MANAGED_SERVICES[path.split('/')[1] ?? '']
    if (managed) return this.handleManaged(managed.service, req, res, url, body, time)
    if (path === '/oidc/token') return this.handleGithub('oidc', req, res, url, body, time)
    if (path === '/github' || path.startsWith('/github/'))
      return this.handleGithub('github', req, res, url, body, time)
    this.record({ time, service: 'unknown', action: `${req.method} ${path}`, params: {}, status: 404 })
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end(
      `the sandbox serves /ec2, /sts, /${Object.keys(MANAGED_SERVICES).join(', /')}, /oidc/token and /github, not ${path}`
    )
  }

  /**
   * Who signed a request (SigV4 with credentials the sandbox issued, scoped to `signingName`, unexpired at
   * `time`), or the error the service answers with; `auth` and `caller` as far as they were established, so
   * the call log names the Region and account of a refused call.
   */
  private authenticate(
    req: IncomingMessage,
    body: Buffer,
    time: number,
    signingName: string,
    errors: AuthErrors
  ): Signed {
    const auth = parseAuthorization(req.headers.authorization)
    if (!auth)
      return {
        ok: false,
        error: new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
      }
    const caller = this.aws.credentials.get(auth.accessKeyId)
    if (!caller) return { ok: false, auth, error: errors.invalid() }
    const refuse = (error: AwsError): Signed => ({ ok: false, auth, caller, error })
    if (caller.sessionToken !== undefined && req.headers['x-amz-security-token'] !== caller.sessionToken)
      return refuse(errors.invalid())
    if (auth.service !== signingName)
      return refuse(
        new AwsError(
          errors.signatureCode,
          `Credential should be scoped to correct service: '${signingName}'.`,
          403
        )
      )
    if (
      this.currentKnobs.verifySignatures &&
      !verifySignature(auth, caller.secretAccessKey, {
        method: req.method ?? 'POST',
        url: req.url ?? '/',
        headers: req.headers,
        body
      })
    )
      return refuse(new AwsError(errors.signatureCode, SIGNATURE_MISMATCH, 403))
    if (caller.expiresAt !== undefined && caller.expiresAt <= time) return refuse(errors.expired())
    return { ok: true, auth, caller }
  }

  private async handleAws(
    service: 'ec2' | 'sts',
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    time: number
  ): Promise<void> {
    const requestId = randomUUID()
    const form = new URLSearchParams(body.toString('utf8'))
    const action = form.get('Action') ?? ''
    const knobs = this.currentKnobs
    const base: Omit<RequestRecord, 'seq' | 'durationMs' | 'accountName' | 'status'> = {
      time,
      service,
      action,
      params: {}
    }
    const fail = (err: AwsError, extra: Partial<RequestRecord> = {}): void => {
      const xml =
        service === 'ec2'
          ? ec2ErrorXml(err.code, err.message, requestId)
          : awsQueryErrorXml(err.code, err.message, requestId, err.status)
      if (!res.destroyed) {
        res.writeHead(err.status, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId })
        res.end(xml)
      }
      this.record({ ...base, ...extra, status: err.status, errorCode: err.code })
    }

    const op = service === 'ec2' ? EC2_ACTIONS[action]?.op : STS_ACTIONS[action]
    if (!op)
      return fail(
        new AwsError('InvalidAction', `The action ${action || '(none)'} is not valid for this web service.`)
      )
    base.params = readQueryInput(operationInput(op), form, service === 'ec2' ? 'ec2' : 'awsQuery')

    // Who signed it: every call except AssumeRoleWithWebIdentity must be signed by credentials the sandbox knows.
    let caller: IssuedCredentials | undefined
    let region = this.env.AWS_REGION
    if (!(service === 'sts' && action === 'AssumeRoleWithWebIdentity')) {
      const signed = this.authenticate(req, body, time, service, AUTH_ERRORS[service])
      if (signed.auth) region = base.region = signed.auth.region
      caller = signed.caller
      if (caller) {
        base.account = caller.accountId
        base.principal = caller.arn
      }
      if (!signed.ok) return fail(signed.error)
    }
    if (service === 'sts') {
      const roleAccount = /^arn:aws:iam::(\d{12}):role\//.exec(String(base.params.RoleArn ?? ''))?.[1]
      if (roleAccount) base.account = roleAccount
    }
    const concerned = [caller?.accountId, base.account].filter((a): a is string => !!a)

    await this.clock.sleep(latencyMs(knobs, this.random))
    if (res.destroyed) return

    const target: FaultTarget = { service, action, accounts: concerned }
    const scripted = this.faults.match(target)
    if (scripted) {
      if (scripted.reset) {
        req.socket.destroy()
        return this.record({ ...base, status: 0, fault: 'scripted' })
      }
      const code = scripted.error ?? (service === 'ec2' ? 'RequestLimitExceeded' : 'Throttling')
      const status =
        scripted.status ?? (code === 'RequestLimitExceeded' ? 503 : code.startsWith('Internal') ? 500 : 400)
      return fail(new AwsError(code, scripted.message ?? `Injected fault: ${code}`, status), {
        fault: 'scripted'
      })
    }
    if (service === 'sts') {
      const down = knobs.stsOutageAccounts.map(a => this.aws.resolveAccount(a) ?? a)
      if (concerned.some(a => down.includes(a))) {
        return fail(
          new AwsError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503),
          {
            fault: 'outage'
          }
        )
      }
    }
    const random = drawRandomFault(knobs, this.random, service, action)
    if (random === 'reset') {
      req.socket.destroy()
      return this.record({ ...base, status: 0, fault: 'random' })
    }
    if (random === 'server-error') {
      const err =
        service === 'ec2'
          ? this.random.next() < 0.5
            ? new AwsError('InternalError', 'An internal error has occurred', 500)
            : new AwsError('Unavailable', "The server is overloaded and can't handle the request.", 503)
          : new AwsError(
              'InternalFailure',
              'The request processing has failed because of an unknown error.',
              500
            )
      return fail(err, { fault: 'random' })
    }
    if (random === 'throttle') {
      return fail(new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503), { fault: 'random' })
    }

    try {
      let output: Record<string, unknown>
      if (service === 'ec2') {
        const ec2 = EC2_ACTIONS[action]
        const bucketTime = this.options.throttleClock?.() ?? time
        if (!this.throttler.allow(caller!.accountId, region, ec2.bucket(base.params), bucketTime)) {
          return fail(new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503), {
            fault: 'throttled'
          })
        }
        output = ec2.handler(
          { world: this.aws, knobs, now: this.clock.now(), accountId: caller!.accountId, region },
          base.params
        )
      } else {
        const ctx: StsContext = {
          world: this.aws,
          knobs,
          now: this.clock.now(),
          jwtSecret: this.github.jwtSecret,
          caller
        }
        output =
          action === 'GetCallerIdentity'
            ? { ...getCallerIdentity(ctx) }
            : action === 'AssumeRole'
              ? { ...assumeRole(ctx, base.params as unknown as AssumeRoleRequest) }
              : {
                  ...assumeRoleWithWebIdentity(
                    ctx,
                    base.params as unknown as AssumeRoleWithWebIdentityRequest
                  )
                }
      }
      const xml =
        service === 'ec2'
          ? ec2ResponseXml(action, operationOutput(op), output, requestId)
          : awsQueryResponseXml(action, operationOutput(op), output, requestId)
      if (!res.destroyed) {
        res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId })
        res.end(xml)
      }
      this.record({ ...base, status: 200 })
    } catch (err) {
      if (err instanceof AwsError) return fail(err)
      process.stderr.write(`sandbox: ${service} ${action} failed: ${(err as Error).stack ?? String(err)}\n`)
      return fail(
        service === 'ec2'
          ? new AwsError('InternalError', 'An internal error has occurred', 500)
          : new AwsError(
              'InternalFailure',
              'The request processing has failed because of an unknown error.',
              500
            )
      )
    }
  }

  /**
   * Lambda (restJson1), RDS and ELBv2 (awsQuery), Network Firewall (awsJson1_0) and ECS (awsJson1_1): signed
   * like EC2 (the access key decides the account, the scope the Region), encoded from the SDK's schemas.
   */
  private async handleManaged(
    service: ManagedService,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
    time: number
  ): Promise<void> {
    const requestId = randomUUID()
    const subpath = url.pathname.slice(`/${service.name}`.length) || '/'
    const text = body.toString('utf8')
    // Which operation: restJson1 by method + URI, awsJson by X-Amz-Target, awsQuery by Action.
    let action = ''
    let input: Record<string, unknown> = {}
    let form: URLSearchParams | undefined
    let labels: Record<string, string> | undefined
    if (service.protocol === 'restJson1') {
      for (const [name, { op }] of Object.entries(service.actions)) {
        const binding = httpBinding(op)
        const matched = binding && binding.method === req.method ? matchUri(binding.path, subpath) : undefined
        if (matched) {
          action = name
          labels = matched
          break
        }
      }
    } else if (service.protocol === 'awsQuery') {
      form = new URLSearchParams(text)
      action = form.get('Action') ?? ''
    } else {
      const target = String(req.headers['x-amz-target'] ?? '')
      action = target.startsWith(`${service.targetPrefix}.`)
        ? target.slice(service.targetPrefix!.length + 1)
        : ''
    }
    const base: Omit<RequestRecord, 'seq' | 'durationMs' | 'accountName' | 'status'> = {
      time,
      service: service.name,
      action,
      params: {}
    }
    const send = (
      status: number,
      payload: string,
      contentType: string,
      headers: Record<string, string> = {}
    ) => {
      if (!res.destroyed) {
        res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': requestId, ...headers })
        res.end(payload)
      }
    }
    const fail = (err: AwsError): void => {
      if (service.protocol === 'awsQuery') {
        send(err.status, awsQueryErrorXml(err.code, err.message, requestId, err.status), 'text/xml')
      } else if (service.protocol === 'restJson1') {
        send(
          err.status,
          JSON.stringify({ Type: err.status >= 500 ? 'Service' : 'User', message: err.message }),
          'application/json',
          {
            'x-amzn-errortype': err.code
          }
        )
      } else {
        send(
          err.status,
          JSON.stringify({ __type: err.code, message: err.message }),
          `application/x-amz-json-${service.protocol === 'awsJson1_0' ? '1.0' : '1.1'}`
        )
      }
      this.record({ ...base, status: err.status, errorCode: err.code })
    }
    const entry = service.actions[action]
    if (!entry) {
      return fail(
        service.protocol === 'restJson1'
          ? new AwsError('UnknownOperationException', `No operation at ${req.method ?? ''} ${subpath}`, 404)
          : new AwsError(
              service.protocol === 'awsQuery' ? 'InvalidAction' : 'UnknownOperationException',
              `The action ${action || '(none)'} is not valid for this web service.`
            )
      )
    }
    try {
      if (form) input = readQueryInput(operationInput(entry.op), form, 'awsQuery')
      else if (service.protocol === 'restJson1') {
        input = { ...labels, ...Object.fromEntries(url.searchParams) }
        if (text) Object.assign(input, fromWireJson(operationInput(entry.op), JSON.parse(text)))
      } else
        input = (fromWireJson(operationInput(entry.op), text ? JSON.parse(text) : {}) ?? {}) as Record<
          string,
          unknown
        >
    } catch {
      return fail(new AwsError('SerializationException', 'The request body could not be read'))
    }
    base.params = input

    const signed = this.authenticate(req, body, time, service.signingName, AUTH_ERRORS.managed)
    if (signed.auth) base.region = signed.auth.region
    if (signed.caller) {
      base.account = signed.caller.accountId
      base.principal = signed.caller.arn
    }
    if (!signed.ok) return fail(signed.error)
    const { auth, caller } = signed

    await this.clock.sleep(latencyMs(this.currentKnobs, this.random))
    if (res.destroyed) return
    try {
      const output = entry.handler(
        {
          world: this.aws,
          knobs: this.currentKnobs,
          now: this.clock.now(),
          accountId: caller.accountId,
          region: auth.region
        },
        input
      )
      const schema = operationOutput(entry.op)
      if (service.protocol === 'awsQuery') {
        send(200, awsQueryResponseXml(action, schema, output, requestId, service.xmlns ?? ''), 'text/xml')
      } else {
        send(
          httpBinding(entry.op)?.code ?? 200,
          JSON.stringify(toWireJson(schema, output) ?? {}),
          service.protocol === 'restJson1'
            ? 'application/json'
            : `application/x-amz-json-${service.protocol === 'awsJson1_0' ? '1.0' : '1.1'}`
        )
      }
      this.record({ ...base, status: 200 })
    } catch (err) {
      if (err instanceof AwsError) return fail(err)
      process.stderr.write(
        `sandbox: ${service.name} ${action} failed: ${(err as Error).stack ?? String(err)}\n`
      )
      return fail(
        new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', 500)
      )
    }
  }

  private async handleGithub(
    service: 'github' | 'oidc',
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
    time: number
  ): Promise<void> {
    const method = req.method ?? 'GET'
    const generic = service === 'oidc' ? 'GET /oidc/token' : genericGithubRoute(method, url.pathname)
    const text = body.toString('utf8')
    let parsedBody: unknown
    try {
      parsedBody = text ? JSON.parse(text) : undefined
    } catch {
      parsedBody = text
    }
    const params: Record<string, unknown> = {
      ...Object.fromEntries(url.searchParams),
      ...(parsedBody !== undefined ? { body: parsedBody } : {})
    }
    await this.clock.sleep(latencyMs(this.currentKnobs, this.random))
    if (res.destroyed) return
    const send = (answer: HttpAnswer, fault?: RequestRecord['fault']): void => {
      if (!res.destroyed) {
        res.writeHead(answer.status, {
          'content-type': 'application/json; charset=utf-8',
          'x-github-request-id': randomUUID().toUpperCase(),
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '4999',
          'x-ratelimit-resource': 'core',
          ...(answer.headers ?? {})
        })
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
      }
      this.record({
        time,
        service,
        action: answer.route,
        params,
        status: answer.status,
        ...(answer.status >= 400 ? { errorCode: answer.errorCode ?? String(answer.status) } : {}),
        ...(fault ? { fault } : {})
      })
    }
    const scripted = this.faults.match({ service, action: generic, accounts: [] })
    if (scripted) {
      if (scripted.reset) {
        req.socket.destroy()
        return this.record({ time, service, action: generic, params, status: 0, fault: 'scripted' })
      }
      const status = scripted.status ?? 500
      return send(
        {
          status,
          route: generic,
          body: {
            message: scripted.message ?? scripted.error ?? 'Server Error',
            documentation_url: 'https://docs.github.com/rest',
            status: String(status)
          },
          errorCode: scripted.error ?? String(status)
        },
        'scripted'
      )
    }
    const answer =
      service === 'oidc'
        ? this.github.handleOidc(url, req.headers.authorization)
        : this.github.handleRest(method, url, req.headers.authorization, text)
    send(answer)
  }
}

function isScenario(value: Scenario | ScenarioFile): value is Scenario {
  return typeof (value as Scenario).source === 'string'
}

/**
 * Starts the sandbox on 127.0.0.1 (ephemeral port) for a scenario: a path to a YAML file, a scenario object
 * as in the file, or a loaded Scenario.
 */
export async function startSandbox(
  scenario: string | ScenarioFile | Scenario,
  options: SandboxOptions = {}
): Promise<Sandbox> {
  let loaded: Scenario
  if (typeof scenario === 'string') {
    loaded = loadScenario(scenario, options.knobs)
  } else if (isScenario(scenario)) {
    const { source, knobs, ...file } = scenario
    loaded = parseScenario({ ...file, knobs }, source, options.knobs)
  } else {
    loaded = parseScenario(scenario, '<inline scenario>', options.knobs)
  }
  let sandbox: SandboxServer | undefined
  const server = createServer((req, res) => {
    if (sandbox) sandbox.serve(req, res)
    else res.destroy()
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  try {
    sandbox = new SandboxServer(loaded, options, server)
  } catch (e) {
    server.close()
    throw e
  }
  return sandbox
}
