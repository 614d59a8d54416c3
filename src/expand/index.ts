// Expansion: one assertion with resolved endpoints → the analyses that prove it. Pure (no AWS, no I/O).
//
//  - Groups (match: each/any, a managed service's network interfaces): one (source member, destination
//    member) pair per combination, members deduplicated by network interface.
//  - via/through entries are alternatives within, requirements across. An entry with one resource goes into
//    FilterInArns (AWS ANDs that list). Entries with several resources are not filtered at first: the first
//    analysis runs with the single entries only and the path it finds is checked for one alternative of
//    each open entry. Only when the path misses an entry does a second phase run one analysis per
//    combination of the missing entries' alternatives. Adding a filter only removes paths, so "no path"
//    in the first analysis settles the pair with one analysis.
//  - through: per entry one more analysis with the entry's resources in FilterOutArns: "no path avoids it".
import type {
  AnalysisResult,
  Assertion,
  CheckPurpose,
  Endpoint,
  MatchMode,
  Resolution,
  ResolvedTarget
} from '../model.js'
import type { AnalysisRequest } from '../analyze/types.js'

/** A via or through entry and the resources any one of which satisfies it. */
export interface Requirement {
  role: 'via' | 'through'
  /** Index within its list (via[i] / through[i]). */
  index: number
  endpoint: Endpoint
  options: ResolvedTarget[]
}

export interface Pair {
  index: number
  source: ResolvedTarget
  destination: ResolvedTarget
}

/** One analysis to run: an engine request plus why it exists. */
export interface PlannedCheck extends AnalysisRequest {
  key: string
  purpose: CheckPurpose
  pair: Pair
  /** reach: requirements with several alternatives, checked on the path found rather than filtered. */
  open: Requirement[]
  /** bypass: the through entry whose avoidance is checked. */
  throughIndex?: number
}

export interface Expansion {
  assertion: Assertion
  sourceMode: MatchMode
  destinationMode: MatchMode
  sourceMembers: ResolvedTarget[]
  destinationMembers: ResolvedTarget[]
  pairs: Pair[]
  /** First-phase analyses: a reach per pair, and a bypass per pair and through entry. */
  checks: PlannedCheck[]
  /** Pairs left out because source and destination are the same network interface. */
  selfPairs: number
}

export type ExpandResult = { ok: true; expansion: Expansion } | { ok: false; error: string }

/** Most combinations of via/through alternatives a pair may need in the second phase. */
export const MAX_ALTERNATIVE_COMBINATIONS = 16

/** What identifies a member for deduplication: its network interface when known. */
export function eniKey(target: ResolvedTarget): string {
  return target.primaryNetworkInterfaceId ?? target.resourceId
}

export function membersOf(resolution: Resolution): ResolvedTarget[] {
  if (!resolution.ok) return []
  const members =
    resolution.members && resolution.members.length > 0 ? resolution.members : [resolution.target]
  const seen = new Set<string>()
  return members.filter(member => {
    const key = eniKey(member)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** How an endpoint's members combine: the endpoint's `match`, else the group's default, else one. */
export function modeOf(endpoint: Endpoint, resolution: Resolution): MatchMode {
  if (endpoint.match === 'each' || endpoint.match === 'any') return endpoint.match
  if (resolution.ok && resolution.members && resolution.members.length > 1)
    return resolution.groupMatch ?? 'each'
  return 'one'
}

/** A member for messages: "web-3 (i-0abc)" or the id. */
export function memberName(target: ResolvedTarget): string {
  const id = target.kind === 'ip' ? (target.ip ?? target.resourceId) : target.resourceId
  return target.name && target.name !== id ? `${target.name} (${id})` : id
}

function selectorText(endpoint: Endpoint): string {
  const s = endpoint.selector
  switch (s.by) {
    case 'resource_id':
    case 'arn':
      return s.resourceId
    case 'ip':
      return s.ip
    case 'managed':
      return `${s.service} ${s.name}`
    case 'tags': {
      const tags = Object.entries(s.tags).map(([k, v]) => `${k}=${v}`)
      return tags.length > 0 ? tags.join(',') : s.kinds.join('/')
    }
  }
}

export function requirementsOf(assertion: Assertion, resolutions: Map<Endpoint, Resolution>): Requirement[] {
  const list = (role: 'via' | 'through', endpoints: Endpoint[]): Requirement[] =>
    endpoints.map((endpoint, index) => ({
      role,
      index,
      endpoint,
      options: membersOf(resolutions.get(endpoint) ?? { ok: false, error: '' })
    }))
  return [...list('via', assertion.via), ...list('through', assertion.through ?? [])]
}

/** Plans the first-phase analyses of one fully resolved assertion. */
export function expandAssertion(
  assertion: Assertion,
  resolutions: Map<Endpoint, Resolution>,
  options: { maxAnalyses?: number } = {}
): ExpandResult {
  const sourceResolution = resolutions.get(assertion.source)
  const destinationResolution = resolutions.get(assertion.destination)
  if (!sourceResolution?.ok || !destinationResolution?.ok) return { ok: false, error: 'not resolved' }
  const sourceMembers = membersOf(sourceResolution)
  const destinationMembers = membersOf(destinationResolution)
  const requirements = requirementsOf(assertion, resolutions)
  const fixed = requirements.filter(r => r.options.length === 1).map(r => r.options[0]!)
  const open = requirements.filter(r => r.options.length > 1)
  const through = requirements.filter(r => r.role === 'through')
  const avoid = assertion.avoid.flatMap(e => membersOf(resolutions.get(e) ?? { ok: false, error: '' }))

  const pairs: Pair[] = []
  let selfPairs = 0
  for (const source of sourceMembers) {
    for (const destination of destinationMembers) {
      if (source.kind !== 'ip' && destination.kind !== 'ip' && eniKey(source) === eniKey(destination)) {
        selfPairs++
        continue
      }
      pairs.push({ index: pairs.length, source, destination })
    }
  }
  if (pairs.length === 0) {
    return {
      ok: false,
      error: `every source member is also the destination (${sourceMembers.map(memberName).join(', ')}); nothing to analyze`
    }
  }

  const single = pairs.length === 1 && open.length === 0 && through.length === 0
  const checks: PlannedCheck[] = []
  for (const pair of pairs) {
    const extra = [...(pair.source.mustTraverse ?? []), ...(pair.destination.mustTraverse ?? [])]
    checks.push({
      // The plain case keeps the assertion id as its key, as before groups existed.
      key: single ? assertion.id : `${assertion.id}#${pair.index}:reach`,
      purpose: 'reach',
      pair,
      open,
      assertion,
      source: pair.source,
      destination: pair.destination,
      via: [...fixed, ...extra],
      avoid
    })
    for (const requirement of through) {
      checks.push({
        key: `${assertion.id}#${pair.index}:bypass${requirement.index}`,
        purpose: 'bypass',
        pair,
        open: [],
        throughIndex: requirement.index,
        assertion,
        source: pair.source,
        destination: pair.destination,
        via: extra,
        avoid: requirement.options
      })
    }
  }

  const budget = options.maxAnalyses
  if (budget !== undefined && checks.length > budget) {
    const sourceMode = modeOf(assertion.source, sourceResolution)
    const destinationMode = modeOf(assertion.destination, destinationResolution)
    const parts: string[] = []
    if (sourceMembers.length > 1)
      parts.push(
        `the source selector on line ${assertion.source.location.line} (${selectorText(assertion.source)}, match: ${sourceMode}) matches ${sourceMembers.length}`
      )
    if (destinationMembers.length > 1)
      parts.push(
        `the destination selector on line ${assertion.destination.location.line} (${selectorText(assertion.destination)}, match: ${destinationMode}) matches ${destinationMembers.length}`
      )
    if (through.length > 0) parts.push(`each pair needs ${1 + through.length} analyses (through:)`)
    return {
      ok: false,
      error:
        `this assertion fans out to ${checks.length} analyses, more than max-analyses (${budget})` +
        (parts.length > 0 ? `: ${parts.join('; ')}` : '') +
        '. Narrow the selector (subnet:, vpc:, another tag), lower max_members, or raise max-analyses.'
    }
  }

  return {
    ok: true,
    expansion: {
      assertion,
      sourceMode: modeOf(assertion.source, sourceResolution),
      destinationMode: modeOf(assertion.destination, destinationResolution),
      sourceMembers,
      destinationMembers,
      pairs,
      checks,
      selfPairs
    }
  }
}

/** Ids and ARNs a found forward path touches (from the analysis' hops and its raw components). */
export type PathIds = (analysis: AnalysisResult) => Set<string>

/** The alternative of a requirement the path took, if any. */
export function traversedOption(requirement: Requirement, ids: Set<string>): ResolvedTarget | undefined {
  return requirement.options.find(
    option => ids.has(option.resourceId) || (option.arn !== undefined && ids.has(option.arn))
  )
}

/**
 * Second-phase analyses for a reach check whose path did not take an alternative of every open
 * requirement: one per combination of the open requirements' alternatives. `tooMany` lists the reach
 * checks that would need more than MAX_ALTERNATIVE_COMBINATIONS.
 */
export function alternativeChecks(
  reach: PlannedCheck,
  analysis: AnalysisResult | undefined,
  pathIds: PathIds
): { checks: PlannedCheck[]; tooMany: boolean } {
  if (reach.open.length === 0 || !analysis || analysis.status !== 'succeeded')
    return { checks: [], tooMany: false }
  // No path even without the open filters: no path through any alternative either.
  if (analysis.networkPathFound !== true) return { checks: [], tooMany: false }
  const ids = pathIds(analysis)
  const missed = reach.open.filter(requirement => traversedOption(requirement, ids) === undefined)
  if (missed.length === 0) return { checks: [], tooMany: false }
  // Every open requirement is pinned in a combination (a missed one alone could pin the others to the
  // alternative the first path happened to take, and miss a path through another).
  let combos: ResolvedTarget[][] = [[]]
  for (const requirement of reach.open) {
    combos = combos.flatMap(combo => requirement.options.map(option => [...combo, option]))
    if (combos.length > MAX_ALTERNATIVE_COMBINATIONS) return { checks: [], tooMany: true }
  }
  return {
    tooMany: false,
    checks: combos.map((combo, i) => ({
      ...reach,
      key: `${reach.key.replace(/:reach$/, '')}:alt${i}`,
      purpose: 'via-alternative' as const,
      open: [],
      via: [...reach.via, ...combo]
    }))
  }
}

/**
 * `match: any` stops early: the pairs whose analyses are no longer needed, given the pairs that passed, each
 * with the passing pair that made it so. A source's row (its pairs with every destination member) is
 * satisfied by one passing pair when the destination says `any`, else by all of its pairs passing; with
 * destination `any`, a satisfied row needs none of its other pairs, and with source `any`, one satisfied row
 * proves the assertion and no other pair is needed. `each` (and `one`) on both sides never stops early.
 */
export function unneededPairs(expansion: Expansion, passed: ReadonlySet<number>): Map<number, Pair> {
  const unneeded = new Map<number, Pair>()
  const { sourceMode, destinationMode } = expansion
  if (sourceMode !== 'any' && destinationMode !== 'any') return unneeded
  const rows = new Map<ResolvedTarget, Pair[]>()
  for (const pair of expansion.pairs) rows.set(pair.source, [...(rows.get(pair.source) ?? []), pair])
  const proofOf = new Map<ResolvedTarget, Pair>()
  for (const [source, row] of rows) {
    const passing = row.filter(pair => passed.has(pair.index))
    if (destinationMode === 'any' ? passing.length > 0 : passing.length === row.length)
      proofOf.set(source, passing[0]!)
  }
  const assertionProof = sourceMode === 'any' ? [...proofOf.values()][0] : undefined
  for (const pair of expansion.pairs) {
    if (passed.has(pair.index)) continue
    const proof = (destinationMode === 'any' ? proofOf.get(pair.source) : undefined) ?? assertionProof
    if (proof) unneeded.set(pair.index, proof)
  }
  return unneeded
}

/** A member pair as reports name it: the member that varies, or "source → destination" when both do. */
export function pairName(expansion: Expansion, pair: Pair): string {
  if (expansion.sourceMembers.length > 1 && expansion.destinationMembers.length > 1)
    return `${memberName(pair.source)} → ${memberName(pair.destination)}`
  return expansion.sourceMembers.length > 1 ? memberName(pair.source) : memberName(pair.destination)
}

/** How the message of an analysis left unstarted by `match: any` begins. */
export const NOT_NEEDED = 'not needed: '

/** Why a pair's analysis was not started: the member pair that proved what it would have. */
export function notNeededReason(expansion: Expansion, proof: Pair): string {
  return `${NOT_NEEDED}${pairName(expansion, proof)} already proved it (match: any)`
}
