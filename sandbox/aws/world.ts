// The simulated AWS side as a whole: accounts, roles, the credentials the sandbox has issued, resources,
// reachability facts, and the network insights paths/analyses each account has created.
import type { NetworkInsightsAnalysis, NetworkInsightsPath, Tag } from '@aws-sdk/client-ec2'
import type { Knobs, RoleSpec, Scenario, StaticKeySpec } from '../scenario.js'
import { SeededRandom, stableHex } from './ids.js'
import { compileFacts, ReachabilityEngine, type AnalysisOutcome } from './reachability.js'
import { ResourceCatalog } from './resources.js'

/** An error as AWS answers it: the code the SDK turns into `error.name`, the message, the HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
    this.name = code
  }
}

export interface AccountInfo {
  id: string
  name: string
  regions: string[]
  staticKeys: StaticKeySpec[]
  /** Client ids (audiences) of the account's GitHub OIDC provider; undefined when it has none. */
  oidcClientIds?: string[]
}

/** A credential the sandbox knows: static keys from the scenario, or a role session it issued. */
export interface IssuedCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  accountId: string
  /** `arn:aws:iam::ACCOUNT:user/NAME` or `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  arn: string
  userId: string
  kind: 'user' | 'assumed-role'
  roleArn?: string
  sessionName?: string
  /** Epoch ms; undefined for long-term keys. */
  expiresAt?: number
  /** Obtained with AssumeRole from role credentials (role chaining). */
  chained: boolean
}

export class CredentialStore {
  private readonly byKey = new Map<string, IssuedCredentials>()

  constructor(private readonly random: SeededRandom) {}

  addStatic(accountId: string, key: StaticKeySpec): void {
    const userName = key.userName ?? 'ci'
    this.byKey.set(key.accessKeyId, {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      accountId,
      arn: `arn:aws:iam::${accountId}:user/${userName}`,
      userId: `AIDA${stableHex(accountId + userName, 16).toUpperCase()}`,
      kind: 'user',
      chained: false
    })
  }

  issueRoleSession(
    role: string,
    sessionName: string,
    expiresAt: number,
    chained: boolean
  ): IssuedCredentials {
    const accountId = /^arn:aws:iam::(\d{12}):role\//.exec(role)![1]
    const roleName = role.split('/').pop()!
    const creds: IssuedCredentials = {
      accessKeyId: `ASIA${this.random.upper(16)}`,
      secretAccessKey: this.random.base64(40),
      sessionToken: `IQoJb3JpZ2luX2VjE${this.random.base64(280)}`,
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      userId: `AROA${stableHex(role, 16).toUpperCase()}:${sessionName}`,
      kind: 'assumed-role',
      roleArn: role,
      sessionName,
      expiresAt,
      chained
    }
    this.byKey.set(creds.accessKeyId, creds)
    return creds
  }

  get(accessKeyId: string): IssuedCredentials | undefined {
    return this.byKey.get(accessKeyId)
  }

  all(): IssuedCredentials[] {
    return [...this.byKey.values()]
  }
}

export interface StoredPath {
  accountId: string
  region: string
  path: NetworkInsightsPath
  createdAt: number
  /** Created through the API (not from `existing:`), so the delayed-deletion fault applies. */
  createdByApi: boolean
  clientToken?: string
  /** The create parameters, to detect ClientToken reuse with different parameters. */
  paramsKey?: string
}

export interface StoredAnalysis {
  accountId: string
  region: string
  /** Identity fields (ids, ARN, path, filters, StartDate, Tags) or, for `existing:` analyses, the whole object. */
  analysis: NetworkInsightsAnalysis
  /** Undefined for verbatim analyses from `existing:`. */
  outcome?: AnalysisOutcome
  startedAt: number
  /** Epoch ms when it stops running; Infinity when it never does. */
  finishesAt: number
  clientToken?: string
  paramsKey?: string
}

export class AwsWorld {
  readonly accounts = new Map<string, AccountInfo>()
  readonly roles = new Map<string, RoleSpec>()
  /** Rebuilt by replaceResources (a scenario change between runs). */
  catalog: ResourceCatalog
  engine: ReachabilityEngine
  /** account → region → resources, as the scenario declares them now (managed services read them per call). */
  resources: Scenario['resources']
  readonly credentials: CredentialStore
  readonly orgAdmins = new Set<string>()
  readonly paths = new Map<string, StoredPath>()
  readonly analyses = new Map<string, StoredAnalysis>()
  private readonly fixedIds: Map<string, string[]>

  constructor(
    readonly scenario: Scenario,
    readonly random: SeededRandom,
    readonly knobs: () => Knobs,
    startedAt: Date
  ) {
    for (const [name, spec] of Object.entries(scenario.accounts)) {
      this.accounts.set(spec.id, {
        id: spec.id,
        name,
        regions: spec.regions ?? ['us-east-1'],
        staticKeys: spec.staticKeys ?? [],
        oidcClientIds:
          spec.oidcProvider === false ? undefined : (spec.oidcProvider?.clientIds ?? ['sts.amazonaws.com'])
      })
    }
    for (const role of scenario.roles ?? []) this.roles.set(role.arn, role)
    const org = scenario.organization
    for (const ref of [org?.management, ...(org?.delegatedAdministrators ?? [])]) {
      const id = ref === undefined ? undefined : this.resolveAccount(ref)
      if (id) this.orgAdmins.add(id)
    }
    this.credentials = new CredentialStore(random)
    for (const a of this.accounts.values()) for (const k of a.staticKeys) this.credentials.addStatic(a.id, k)
    this.resources = scenario.resources
    this.catalog = new ResourceCatalog(scenario, ref => this.resolveAccount(ref), startedAt)
    this.engine = new ReachabilityEngine(
      this.catalog,
      compileFacts(this.catalog, scenario.reachability ?? [])
    )
    this.startedAt = startedAt
    this.fixedIds = new Map(Object.entries(scenario.fixedIds ?? {}).map(([k, v]) => [k, [...v]]))
    for (const existing of scenario.existing ?? []) {
      const accountId = this.resolveAccount(existing.account) ?? existing.account
      for (const p of existing.paths ?? []) {
        const path = p as NetworkInsightsPath
        this.paths.set(path.NetworkInsightsPathId!, {
          accountId,
          region: existing.region,
          path: structuredClone(path),
          createdAt: startedAt.getTime(),
          createdByApi: false
        })
      }
      for (const a of existing.analyses ?? []) {
        const analysis = a as NetworkInsightsAnalysis
        this.analyses.set(analysis.NetworkInsightsAnalysisId!, {
          accountId,
          region: existing.region,
          analysis: structuredClone(analysis),
          startedAt: startedAt.getTime(),
          finishesAt: 0
        })
      }
    }
  }

  private readonly startedAt: Date

  /**
   * A change to the world between runs (Lambda replaced its ENIs, a database failed over): new resources and,
   * when given, new reachability facts. Paths, analyses, accounts and credentials stay.
   */
  replaceResources(
    resources: Scenario['resources'],
    reachability: Scenario['reachability'] = this.scenario.reachability
  ): void {
    const next = { ...this.scenario, resources, reachability }
    const catalog = new ResourceCatalog(next, ref => this.resolveAccount(ref), this.startedAt)
    this.engine = new ReachabilityEngine(catalog, compileFacts(catalog, reachability ?? []))
    this.catalog = catalog
    this.resources = resources
  }

  /** Account name (as declared under `accounts:`) or 12-digit id → id. */
  resolveAccount(ref: string): string | undefined {
    if (this.accounts.has(ref)) return ref
    for (const a of this.accounts.values()) if (a.name === ref) return a.id
    return /^\d{12}$/.test(ref) ? ref : undefined
  }

  accountName(id: string): string | undefined {
    return this.accounts.get(id)?.name
  }

  /** A new resource id: the next fixed id for this prefix if the scenario lists one, else seeded random hex. */
  newId(prefix: string): string {
    const fixed = this.fixedIds.get(prefix)
    if (fixed?.length) return fixed.shift()!
    return `${prefix}-${this.random.hex(17)}`
  }

  /** Tags of a path or analysis (verbatim objects may lack the list). */
  static tags(object: { Tags?: Tag[] }): Tag[] {
    object.Tags ??= []
    return object.Tags
  }
}
