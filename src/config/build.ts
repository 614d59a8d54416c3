// Building the domain model from a schema-valid document, with the checks the schema cannot express (names
// that must be declared, Regions that must agree, ARNs that must name their own account, …).
import {
  INTERMEDIATE_ONLY_KINDS,
  KIND_ARN_TYPES,
  KIND_ID_PREFIXES,
  MANAGED_KINDS,
  MANAGED_PLACES,
  type Account,
  type Assertion,
  type Endpoint,
  type EndpointRole,
  type ManagedKind,
  type MatchMode,
  type PortRange,
  type PreflightConfig,
  type ProveMode,
  type ResourceKind,
  type ScopeRef,
  type Selector,
  type SelectorScope
} from '../model.js'
import { isObject, listed, present, show, type Json, type ProblemLog } from './problems.js'
import { closest } from './suggest.js'
import { escapePointer } from './yaml.js'

const TAG_KINDS_DEFAULT: ResourceKind[] = ['instance', 'network-interface']

/** The schema's errorMessage for an endpoint without what it needs (see schema/preflight.schema.json). */
const ENDPOINT_NEEDS =
  'needs account and selector (or account and internet: true as a source, or ip as a destination)'

/** The model of a document whose problems go to `log`; undefined when it has any. */
export function buildModel(log: ProblemLog, root: Json): PreflightConfig | undefined {
  return new ModelBuilder(log).build(root)
}

class ModelBuilder {
  constructor(private readonly log: ProblemLog) {}

  /** Checks the schema cannot express, then builds the domain model (undefined when anything is wrong). */
  build(root: Json): PreflightConfig | undefined {
    const before = this.log.count
    const defaults = isObject(root.defaults) ? root.defaults : {}
    const defaultRegion = typeof defaults.region === 'string' ? defaults.region : undefined
    const auth = isObject(defaults.auth) ? defaults.auth : {}
    if (auth.mode === 'profile' && !present(auth.profile)) {
      this.report('/defaults/auth/mode', 'key', 'mode "profile" needs a profile name: add `profile: NAME`')
    }

    // No prototype: an account named "__proto__" is a plain key, and "toString" or "constructor" is not an
    // account unless declared, here and in every later lookup (auth, resolve).
    const accounts: Record<string, Account> = Object.create(null)
    const rawAccounts = isObject(root.accounts) ? root.accounts : {}
    for (const [name, raw] of Object.entries(rawAccounts)) {
      if (!isObject(raw)) continue
      const base = `/accounts/${escapePointer(name)}`
      const roleArn = typeof raw.role_arn === 'string' ? raw.role_arn : undefined
      const roleAccount = roleArn ? /::(\d{12}):/.exec(roleArn)?.[1] : undefined
      const accountId = typeof raw.account_id === 'string' ? raw.account_id : undefined
      if (roleAccount && accountId && roleAccount !== accountId) {
        this.report(
          `${base}/account_id`,
          'value',
          `${accountId} differs from ${roleAccount}, the account of role_arn; keep one`
        )
      }
      const assume = (typeof raw.assume === 'string' ? raw.assume : 'auto') as Account['assume']
      if (present(raw.assume) && !roleArn) {
        this.report(`${base}/assume`, 'key', 'has no effect without role_arn; add role_arn or remove assume')
      }
      if (assume === 'web-identity' && present(raw.external_id)) {
        this.report(
          `${base}/external_id`,
          'key',
          'is only sent with AssumeRole; it cannot apply with assume: web-identity'
        )
      }
      const account: Account = {
        name,
        roleArn,
        accountId: accountId ?? roleAccount,
        regions: Array.isArray(raw.regions)
          ? raw.regions.filter((r): r is string => typeof r === 'string')
          : [],
        externalId: typeof raw.external_id === 'string' ? raw.external_id : undefined,
        assume,
        location: this.location(base, 'key')
      }
      accounts[name] = account
    }

    const assertions: Assertion[] = []
    const idLines = new Map<string, number>()
    const rawAssertions = Array.isArray(root.assertions) ? root.assertions : []
    rawAssertions.forEach((raw, index) => {
      if (!isObject(raw)) return
      const base = `/assertions/${index}`
      if (typeof raw.id === 'string') {
        const earlier = idLines.get(raw.id)
        if (earlier !== undefined) {
          this.report(
            `${base}/id`,
            'value',
            `duplicate id ${show(raw.id)}: already used by the assertion on line ${earlier}`
          )
        } else idLines.set(raw.id, this.location(`${base}/id`, 'value').line)
      }
      const endpoint = (role: EndpointRole, pointer: string, value: unknown): Endpoint | undefined =>
        this.endpoint(role, pointer, value, accounts, defaultRegion)
      const source = endpoint('source', `${base}/source`, raw.source)
      const destination = endpoint('destination', `${base}/destination`, raw.destination)
      const via = (Array.isArray(raw.via) ? raw.via : []).map((v, i) =>
        endpoint('via', `${base}/via/${i}`, v)
      )
      const avoid = (Array.isArray(raw.avoid) ? raw.avoid : []).map((v, i) =>
        endpoint('avoid', `${base}/avoid/${i}`, v)
      )
      const through = (Array.isArray(raw.through) ? raw.through : []).map((v, i) =>
        endpoint('through', `${base}/through/${i}`, v)
      )
      if (through.length > 0 && raw.type === 'deny') {
        this.report(
          `${base}/through`,
          'key',
          'only applies to allow (it means: reachable through these, and no path avoids them); for a deny use avoid'
        )
      }
      const port = this.port(`${base}/port`, raw.port)
      const prove = typeof raw.prove === 'string' ? (raw.prove as ProveMode) : undefined
      if (prove === 'scope' && raw.type === 'allow') {
        this.report(
          `${base}/prove`,
          'value',
          'scope only proves a deny: Network Access Analyzer lists the paths that exist, so it shows a set is unreachable; an allow is proved pairwise with Reachability Analyzer (prove: pairs or omit prove)'
        )
      }
      // From the internet, an allow needs one gateway that lets traffic in; a deny needs every gateway closed.
      if (source?.internet && raw.type === 'allow') source.match = 'any'

      // Reachability Analyzer analyses one Region at a time.
      if (source) {
        for (const other of [destination, ...via, ...avoid, ...through]) {
          if (other && other.selector.by !== 'ip' && other.region !== source.region) {
            this.report(
              this.endpointRegionPointer(other),
              'value',
              `is in ${other.region} but the source is in ${source.region}; Reachability Analyzer analyses one Region at a time`
            )
          }
        }
      }

      if (
        source &&
        destination &&
        typeof raw.id === 'string' &&
        (raw.type === 'allow' || raw.type === 'deny') &&
        (raw.protocol === 'tcp' || raw.protocol === 'udp') &&
        port !== null &&
        via.every(Boolean) &&
        avoid.every(Boolean) &&
        through.every(Boolean) &&
        !(through.length > 0 && raw.type === 'deny') &&
        !(prove === 'scope' && raw.type === 'allow')
      ) {
        assertions.push({
          id: raw.id,
          type: raw.type,
          description: typeof raw.description === 'string' ? raw.description : undefined,
          labels: Array.isArray(raw.labels)
            ? raw.labels.filter((l): l is string => typeof l === 'string')
            : [],
          source,
          destination,
          protocol: raw.protocol,
          port,
          via: via as Endpoint[],
          avoid: avoid as Endpoint[],
          ...(through.length > 0 ? { through: through as Endpoint[] } : {}),
          ...(prove !== undefined ? { prove } : {}),
          region: source.region,
          location: this.location(base, 'value')
        })
      }
    })

    if (this.log.count > before || !defaultRegion) return undefined
    return {
      version: 1,
      file: this.log.file,
      defaults: {
        region: defaultRegion,
        auth: {
          mode: auth.mode === 'profile' ? 'profile' : 'default',
          profile: typeof auth.profile === 'string' ? auth.profile : undefined
        }
      },
      accounts,
      assertions
    }
  }

  private location(pointer: string, prefer: 'key' | 'value') {
    return this.log.location(pointer, prefer)
  }

  private report(pointer: string, prefer: 'key' | 'value', message: string): void {
    this.log.report(pointer, prefer, message)
  }

  private endpointRegionPointer(endpoint: Endpoint): string {
    const base = this.endpointPointers.get(endpoint) ?? ''
    return this.log.doc.positions.has(`${base}/region`) ? `${base}/region` : base
  }
  private readonly endpointPointers = new Map<Endpoint, string>()

  private endpoint(
    role: EndpointRole,
    pointer: string,
    raw: unknown,
    accounts: Record<string, Account>,
    defaultRegion: string | undefined
  ): Endpoint | undefined {
    if (!isObject(raw)) return undefined
    const location = this.location(pointer, 'key')
    const region = typeof raw.region === 'string' ? raw.region : defaultRegion

    if (present(raw.ip)) {
      if (role !== 'destination') {
        this.report(
          `${pointer}/ip`,
          'key',
          `an IP address can only be a destination (Reachability Analyzer needs a resource as ${role})`
        )
        return undefined
      }
      if (present(raw.selector)) {
        this.report(`${pointer}/ip`, 'key', 'give either ip or selector, not both')
        return undefined
      }
      if (present(raw.address)) {
        this.report(
          `${pointer}/address`,
          'key',
          'an ip destination already is an address; give either ip or a resource with address'
        )
        return undefined
      }
      if (typeof raw.ip !== 'string') return undefined
      if (present(raw.account) && typeof raw.account === 'string' && !accounts[raw.account])
        this.unknownAccount(pointer, raw.account, accounts)
      const endpoint: Endpoint = {
        role,
        account: typeof raw.account === 'string' ? raw.account : '',
        region: region ?? '',
        selector: { by: 'ip', ip: raw.ip },
        location
      }
      this.endpointPointers.set(endpoint, pointer)
      return endpoint
    }

    let ok = true
    const internet = raw.internet === true
    if (internet && role !== 'source') {
      this.report(
        `${pointer}/internet`,
        'key',
        `only a source can be the internet (traffic from the internet enters through an internet gateway), not the ${role}`
      )
      return undefined
    }
    if (internet && present(raw.selector)) {
      this.report(`${pointer}/internet`, 'key', 'give either internet: true or selector, not both')
      return undefined
    }
    if (!present(raw.account) || (!present(raw.selector) && !internet)) {
      // The schema's wording of the endpoint rule (its anyOf): one message, as the editor shows it.
      this.report(pointer, 'key', ENDPOINT_NEEDS)
      ok = false
    }
    const accountName = typeof raw.account === 'string' ? raw.account : undefined
    const account = accountName ? accounts[accountName] : undefined
    if (accountName && !account) {
      this.unknownAccount(pointer, accountName, accounts)
      ok = false
    }
    if (account && region && account.regions.length > 0 && !account.regions.includes(region)) {
      const where = typeof raw.region === 'string' ? `${pointer}/region` : `${pointer}/account`
      this.report(
        where,
        'value',
        `region ${region} is not among the regions of account ${show(account.name)} (${listed(account.regions)}); add it to accounts.${account.name}.regions${typeof raw.region === 'string' ? '' : ' or give this endpoint a region'}`
      )
      ok = false
    }
    // The internet: every internet gateway of the account and Region (a group; a scope proof names the type).
    const selector: Selector | undefined = internet
      ? { by: 'tags', tags: {}, kinds: ['internet-gateway'] }
      : isObject(raw.selector)
        ? this.selector(`${pointer}/selector`, raw.selector, account, region)
        : undefined
    if (selector?.by === 'managed') {
      const places = MANAGED_PLACES[selector.service]
      const fits =
        role === 'source' ? places.source : role === 'destination' ? places.destination : places.intermediate
      if (!fits) {
        const where = [
          ...(places.source ? ['source'] : []),
          ...(places.destination ? ['destination'] : []),
          ...(places.intermediate ? ['via/avoid'] : [])
        ].join(' or ')
        this.report(
          `${pointer}/selector/${selector.service}`,
          'key',
          `${selector.service} cannot be a ${role} (Reachability Analyzer accepts it as ${where} only)`
        )
        return undefined
      }
    }
    const group: { match?: MatchMode; maxMembers?: number } | undefined = internet
      ? { match: 'each' }
      : isObject(raw.selector)
        ? this.group(role, `${pointer}/selector`, raw.selector)
        : undefined
    const address = this.address(role, `${pointer}/address`, raw.address)
    if (selector && (role === 'source' || role === 'destination')) {
      const kind =
        selector.by === 'tags' ? (selector.kinds.length === 1 ? selector.kinds[0] : undefined) : undefined
      const named = selector.by === 'resource_id' || selector.by === 'arn' ? selector.kind : kind
      if (named && INTERMEDIATE_ONLY_KINDS.has(named)) {
        this.report(
          `${pointer}/selector`,
          'key',
          `a ${named} cannot be the ${role}: Reachability Analyzer accepts it only as an intermediate component; name it in via, avoid or through`
        )
        ok = false
      }
    }
    if (!ok || !selector || !group || address === null || !accountName || !region) return undefined
    const endpoint: Endpoint = {
      role,
      account: accountName,
      region,
      selector,
      ...(group.match !== undefined ? { match: group.match } : {}),
      ...(group.maxMembers !== undefined ? { maxMembers: group.maxMembers } : {}),
      ...(address !== undefined ? { address } : {}),
      ...(internet ? { internet: true as const } : {}),
      location
    }
    this.endpointPointers.set(endpoint, pointer)
    return endpoint
  }

  /** `match` and `max_members` of a selector; undefined when invalid (reported). */
  private group(
    role: EndpointRole,
    pointer: string,
    raw: Json
  ): { match?: MatchMode; maxMembers?: number } | undefined {
    const match = typeof raw.match === 'string' ? (raw.match as MatchMode) : undefined
    const intermediate = role === 'via' || role === 'avoid' || role === 'through'
    if (intermediate && match === 'each') {
      this.report(
        `${pointer}/match`,
        'value',
        `"each" does not apply to ${role}: the resources one ${role} entry matches are alternatives; list separate ${role} entries for components that are all required`
      )
      return undefined
    }
    const maxMembers = typeof raw.max_members === 'number' ? raw.max_members : undefined
    if (maxMembers !== undefined && (match === undefined || match === 'one') && !intermediate) {
      this.report(
        `${pointer}/max_members`,
        'key',
        'only applies with match: each or match: any (match: one allows exactly one resource)'
      )
      return undefined
    }
    return { match, maxMembers }
  }

  /** An endpoint's `address`: undefined when absent, null when invalid (reported). */
  private address(role: EndpointRole, pointer: string, raw: unknown): string | undefined | null {
    if (raw === undefined || raw === null) return undefined
    if (typeof raw !== 'string') return null
    if (role !== 'source' && role !== 'destination') {
      this.report(pointer, 'key', `only applies to a source or destination, not to ${role}`)
      return null
    }
    const problem = cidrProblem(raw)
    if (problem) {
      this.report(pointer, 'value', problem)
      return null
    }
    return raw
  }

  /** Suggestions cost an edit distance per declared name: enough for every typo a person makes, no more. */
  private suggestionsLeft = 50
  /** Listed once: every account is declared before any endpoint is checked. */
  private accountNames: string[] | undefined

  private unknownAccount(pointer: string, name: string, accounts: Record<string, Account>): void {
    const names = (this.accountNames ??= Object.keys(accounts))
    const guess = this.suggestionsLeft-- > 0 ? closest(name, names) : undefined
    this.report(
      `${pointer}/account`,
      'value',
      `unknown account ${show(name)}${guess ? `; did you mean ${show(guess)}?` : ''} (declared under accounts: ${listed(names) || 'none'})`
    )
  }

  private selector(
    pointer: string,
    raw: Json,
    account: Account | undefined,
    region: string | undefined
  ): Selector | undefined {
    const given = [...(['resource_id', 'arn', 'tags'] as const), ...MANAGED_KINDS].filter(k =>
      present(raw[k])
    )
    const scoped = present(raw.subnet) || present(raw.vpc)
    if (given.length === 0 && !scoped) {
      this.report(
        pointer,
        'key',
        `needs exactly one of resource_id, arn or tags, or a managed service (${MANAGED_KINDS.join(', ')})`
      )
      return undefined
    }
    if (scoped && given.length > 0 && given[0] !== 'tags') {
      const key = present(raw.subnet) ? 'subnet' : 'vpc'
      this.report(
        `${pointer}/${key}`,
        'key',
        `${key} narrows a tag search; a ${given[0]} already names one resource (use tags, or only ${key} with kind)`
      )
      return undefined
    }
    if (given.length > 1) {
      this.report(`${pointer}/${given[1]}`, 'key', `gives both ${given[0]} and ${given[1]}; keep exactly one`)
      return undefined
    }
    if (present(raw.role) && given[0] !== 'rds') {
      this.report(`${pointer}/role`, 'key', 'role (writer or reader) only applies to rds')
      return undefined
    }
    if ((MANAGED_KINDS as readonly string[]).includes(given[0])) {
      if (present(raw.kind)) {
        this.report(`${pointer}/kind`, 'key', `kind only applies to tags; ${given[0]} names its own kind`)
        return undefined
      }
      return this.managedSelector(pointer, given[0] as ManagedKind, raw, account, region)
    }
    if (present(raw.kind) && given.length > 0 && given[0] !== 'tags') {
      this.report(
        `${pointer}/kind`,
        'key',
        `kind only applies to tags; the kind of ${given[0] === 'arn' ? 'an' : 'a'} ${given[0]} comes from the id`
      )
      return undefined
    }
    if (given[0] === 'resource_id') {
      if (typeof raw.resource_id !== 'string') return undefined
      const kind = kindOfId(raw.resource_id)
      return kind ? { by: 'resource_id', resourceId: raw.resource_id, kind } : undefined
    }
    if (given[0] === 'arn') {
      if (typeof raw.arn !== 'string') return undefined
      const m = /^arn:aws(?:-[a-z]+)*:ec2:([a-z0-9-]+):(\d{12}):([a-z-]+)\/(.+)$/.exec(raw.arn)
      if (!m) return undefined
      const [, arnRegion, arnAccount, type, id] = m
      const kind = kindOfId(id)
      if (!kind || KIND_ARN_TYPES[kind] !== type) {
        const expected = kind ? KIND_ARN_TYPES[kind] : undefined
        this.report(
          `${pointer}/arn`,
          'value',
          expected
            ? `names resource type ${show(type)} but ${id} is a ${kind}; the ARN should read ${expected}/${id}`
            : `${id} is not an id of a kind Reachability Analyzer accepts`
        )
        return undefined
      }
      if (region && arnRegion !== region) {
        this.report(
          `${pointer}/arn`,
          'value',
          `is in ${arnRegion} but the endpoint is in ${region}; set the endpoint's region to ${arnRegion}`
        )
        return undefined
      }
      if (account?.accountId && arnAccount !== account.accountId) {
        this.report(
          `${pointer}/arn`,
          'value',
          `belongs to account ${arnAccount} but account ${show(account.name)} is ${account.accountId}; use the account that owns it`
        )
        return undefined
      }
      return { by: 'arn', arn: raw.arn, kind, resourceId: id, accountId: arnAccount, region: arnRegion }
    }
    if (given.length > 0 && !isObject(raw.tags)) return undefined
    // fromEntries defines own properties, so a tag key named "__proto__" is kept, not swallowed.
    const tags: Record<string, string> = isObject(raw.tags)
      ? Object.fromEntries(
          Object.entries(raw.tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        )
      : Object.create(null)
    const kind = typeof raw.kind === 'string' ? (raw.kind as ResourceKind) : undefined
    const within: SelectorScope = {}
    const subnet = scopeRef(raw.subnet)
    const vpc = scopeRef(raw.vpc)
    if (subnet) within.subnet = subnet
    if (vpc) within.vpc = vpc
    if ((present(raw.subnet) && !subnet) || (present(raw.vpc) && !vpc)) return undefined
    return {
      by: 'tags',
      tags,
      kinds: kind ? [kind] : TAG_KINDS_DEFAULT,
      ...(subnet || vpc ? { within } : {})
    }
  }

  /** A managed service by name or ARN; an ARN must be in the endpoint's account and Region. */
  private managedSelector(
    pointer: string,
    service: ManagedKind,
    raw: Json,
    account: Account | undefined,
    region: string | undefined
  ): Selector | undefined {
    const name = raw[service]
    if (typeof name !== 'string') return undefined
    const arn = /^arn:aws(?:-[a-z]+)*:([a-z0-9-]+):([a-z0-9-]+):(\d{12}):/.exec(name)
    if (arn) {
      const [, , arnRegion, arnAccount] = arn
      if (region && arnRegion !== region) {
        this.report(
          `${pointer}/${service}`,
          'value',
          `is in ${arnRegion} but the endpoint is in ${region}; set the endpoint's region to ${arnRegion}`
        )
        return undefined
      }
      if (account?.accountId && arnAccount !== account.accountId) {
        this.report(
          `${pointer}/${service}`,
          'value',
          `belongs to account ${arnAccount} but account ${show(account.name)} is ${account.accountId}; use the account that owns it`
        )
        return undefined
      }
    } else if (service === 'ecs_service' && !/^[^/]+\/[^/]+$/.test(name)) {
      return undefined // the schema's pattern reports it
    }
    const role = raw.role === 'reader' || raw.role === 'writer' ? raw.role : undefined
    return { by: 'managed', service, name, ...(role ? { role } : {}) }
  }

  /** undefined: no port (every port); null: invalid (already reported). */
  private port(pointer: string, raw: unknown): PortRange | undefined | null {
    if (raw === undefined || raw === null) return undefined
    if (typeof raw === 'number')
      return Number.isInteger(raw) && raw >= 1 && raw <= 65535 ? { from: raw, to: raw } : null
    if (typeof raw !== 'string') return null
    const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(raw)
    if (!m) return null
    const from = Number(m[1])
    const to = m[2] === undefined ? from : Number(m[2])
    // Out of range: the schema's port pattern already said so.
    if ([from, to].some(p => p < 1 || p > 65535)) return null
    if (from > to) {
      this.report(pointer, 'value', `the range ${show(raw)} is reversed; write "${to}-${from}"`)
      return null
    }
    return { from, to }
  }
}

/** A subnet/vpc scope as the schema allows it: an id, a list of ids, or {tags}. */
function scopeRef(raw: unknown): ScopeRef | undefined {
  if (typeof raw === 'string') return { by: 'ids', ids: [raw] }
  if (Array.isArray(raw) && raw.every(v => typeof v === 'string') && raw.length > 0)
    return { by: 'ids', ids: raw as string[] }
  if (isObject(raw) && isObject(raw.tags)) {
    const tags = Object.fromEntries(
      Object.entries(raw.tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    )
    return Object.keys(tags).length > 0 ? { by: 'tags', tags } : undefined
  }
  return undefined
}

/** Why a string is not an IPv4 address or CIDR block, or undefined when it is one. */
export function cidrProblem(text: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text)
  if (!m) return `${show(text)} is not an IPv4 address or CIDR like 198.51.100.0/24`
  const octets = m.slice(1, 5).map(Number)
  if (octets.some(o => o > 255)) return `${show(text)} is not an IPv4 address: each part runs from 0 to 255`
  if (m[5] === undefined) return undefined
  const prefix = Number(m[5])
  if (prefix > 32) return `${show(text)}: a prefix length runs from 0 to 32`
  const value = octets.reduce((acc, o) => acc * 256 + o, 0)
  const size = 2 ** (32 - prefix)
  if (value % size !== 0) {
    const base = value - (value % size)
    const network = [24, 16, 8, 0].map(shift => Math.floor(base / 2 ** shift) % 256).join('.')
    return `${show(text)} has host bits set; the block is ${network}/${prefix}`
  }
  return undefined
}

export function kindOfId(id: string): ResourceKind | undefined {
  for (const [prefix, kind] of KIND_ID_PREFIXES) {
    if (id.startsWith(prefix) && /^([0-9a-f]{8}|[0-9a-f]{17})$/.test(id.slice(prefix.length))) return kind
  }
  return undefined
}
