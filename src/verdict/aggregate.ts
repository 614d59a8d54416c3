// Verdicts of assertions that took more than one analysis: via alternatives, `through:` and groups.
// Pure: from per-analysis verdicts (decideVerdict) to one verdict per member pair, then per assertion.
import type { AnalysisResult, Assertion, MatchMode, Outcome, Verdict, VerdictStatus } from '../model.js'
import { sourceRangeCoverage } from './addresses.js'
import { classifyExplanationCode } from './codes.js'
import { decideVerdict, type VerdictInput } from './decide.js'

/** A requirement (via or through entry) with several alternatives, as the pair's first path met it. */
export interface OpenRequirement {
  /** "via[0]" or "through[0]", for reasons. */
  label: string
  /** The alternatives, named for people ("vpce-0a1 (us-east-1a)"). */
  options: string[]
  /** The alternative the first path took, if any. */
  taken?: string
}

export interface PairInput {
  assertion: Assertion
  /** The first analysis of the pair (single via entries filtered, open ones checked on its path). */
  reach: Verdict
  open: OpenRequirement[]
  /** Second-phase analyses, one per combination of alternatives, with what each one pinned. */
  alternatives: Array<{ verdict: Verdict; pinned: string[] }>
  /** True when the combinations would have been too many to run. */
  tooManyAlternatives?: boolean
  /** One per through entry: "no path avoids it". */
  bypasses: Array<{ label: string; verdict: Verdict }>
}

function withReason(base: Verdict, status: VerdictStatus, reason: string, actual?: Outcome): Verdict {
  return { ...base, status, reason, ...(actual ? { actual } : {}) }
}

/**
 * An allow whose source names an `address:` range passes only if the whole range gets through: the
 * addresses arriving at the destination must be every address the source admitted.
 */
export function checkSourceRange(
  verdict: Verdict,
  assertion: Assertion,
  analysis: AnalysisResult | undefined
): Verdict {
  const range = assertion.source.address
  if (assertion.type !== 'allow' || range === undefined || verdict.status !== 'passed') return verdict
  const coverage = sourceRangeCoverage(analysis?.raw, range)
  if (!coverage.checked) {
    return {
      ...verdict,
      warnings: [
        ...verdict.warnings,
        `AWS listed no packet headers on the path, so whether all of ${range} gets through (not only part of it) could not be checked`
      ]
    }
  }
  if (coverage.complete) return verdict
  const arriving = coverage.arriving.length > 0 ? coverage.arriving.join(', ') : 'none'
  return {
    ...verdict,
    status: 'failed',
    reason: `only part of ${range} gets through: the addresses arriving at the destination are ${arriving} (path: ${verdict.reason.replace(/^reachable as expected: /, '')})`
  }
}

/** Codes that, on a bypass analysis after the reach through the entry was found, say only the filter is in the way. */
const FILTER_ONLY_CODES = new Set(['COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT', 'NO_PATH'])

/**
 * Decides a `through:` entry's second analysis (its resources in FilterOutArns): it passes when AWS finds
 * no path, either because of a real block or because every path went through the excluded entry. It is
 * read only after the first analysis found a path through the entry, so the filter is the one change:
 * COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT or NO_PATH ("filters not met") is then the evidence
 * itself. A path found is a bypass.
 */
export function decideBypass(input: VerdictInput, label: string): Verdict {
  const asDeny: Assertion = { ...input.assertion, type: 'deny' }
  const verdict = decideVerdict({ ...input, assertion: asDeny })
  const analysis: AnalysisResult | undefined = input.analysis
  const expected: Outcome = 'not_reachable'
  if (verdict.status === 'failed') {
    return { ...verdict, expected, reason: `a path avoids ${label}: ${stripPrefix(verdict.reason)}` }
  }
  if (verdict.status === 'error' && analysis?.status === 'succeeded' && analysis.networkPathFound === false) {
    const codes = verdict.explanations.map(e => e.code)
    const proof =
      codes.length > 0 &&
      codes.every(code => FILTER_ONLY_CODES.has(code) || classifyExplanationCode(code) === 'block')
    if (proof && !/^not decided/.test(verdict.reason)) {
      return {
        ...verdict,
        status: 'passed',
        expected,
        actual: 'not_reachable',
        reason: `no path avoids ${label}`
      }
    }
  }
  if (verdict.status === 'passed') return { ...verdict, expected, reason: `no path avoids ${label}` }
  return { ...verdict, expected }
}

function stripPrefix(reason: string): string {
  return reason.replace(/^expected not reachable; a path exists: /, '')
}

/** One (source member, destination member) pair from its analyses. */
export function decidePair(input: PairInput): Verdict {
  const { assertion, reach, open } = input
  const missed = open.filter(r => r.taken === undefined)
  const tookText = open
    .filter(r => r.taken !== undefined)
    .map(r => `${r.label} via ${r.taken}`)
    .join(', ')

  let verdict: Verdict
  if (assertion.type === 'allow') {
    if (reach.status !== 'passed' || missed.length === 0) {
      verdict =
        reach.status === 'passed' && tookText
          ? withReason(reach, 'passed', `${reach.reason} (${tookText})`)
          : reach
    } else {
      const passed = input.alternatives.find(a => a.verdict.status === 'passed')
      const missedText = missed.map(r => `${r.label} (any of ${r.options.join(', ')})`).join(' and ')
      if (passed) {
        verdict = withReason(
          passed.verdict,
          'passed',
          `${passed.verdict.reason} (through ${passed.pinned.join(', ')})`
        )
      } else if (input.tooManyAlternatives) {
        verdict = withReason(
          reach,
          'error',
          `the path AWS found does not traverse ${missedText}, and trying every combination of alternatives would take too many analyses; split the via entries`,
          'unknown'
        )
      } else if (input.alternatives.some(a => a.verdict.status === 'error')) {
        const errored = input.alternatives.find(a => a.verdict.status === 'error')!
        verdict = withReason(
          errored.verdict,
          'error',
          `through ${errored.pinned.join(', ')}: ${errored.verdict.reason}`
        )
      } else {
        const first = input.alternatives[0]
        verdict = withReason(
          first?.verdict ?? reach,
          'failed',
          `reachable, but not through ${missedText}` +
            (first ? `; through ${first.pinned.join(', ')}: ${first.verdict.reason}` : ''),
          'not_reachable'
        )
      }
    }
    if (verdict.status === 'passed') {
      const failed = input.bypasses.find(b => b.verdict.status === 'failed')
      const errored = input.bypasses.find(b => b.verdict.status === 'error')
      if (failed)
        return withReason(failed.verdict, 'failed', `reachable, but ${failed.verdict.reason}`, 'reachable')
      if (errored)
        return withReason(
          errored.verdict,
          'error',
          `reachable, but whether a path avoids ${errored.label} is unknown: ${errored.verdict.reason}`
        )
      if (input.bypasses.length > 0) {
        return withReason(
          verdict,
          'passed',
          `${verdict.reason}; no path avoids ${input.bypasses.map(b => b.label).join(' or ')}`
        )
      }
    }
    return verdict
  }

  // deny: no path through (an alternative of) every entry.
  if (reach.status !== 'failed' || missed.length === 0) return reach
  const found = input.alternatives.find(a => a.verdict.status === 'failed')
  if (found)
    return withReason(found.verdict, 'failed', `${found.verdict.reason} (through ${found.pinned.join(', ')})`)
  if (input.tooManyAlternatives) {
    return withReason(
      reach,
      'error',
      'too many combinations of via alternatives to prove no path takes one; split the via entries',
      'unknown'
    )
  }
  const errored = input.alternatives.find(a => a.verdict.status !== 'passed')
  if (errored || input.alternatives.length === 0)
    return withReason(errored?.verdict ?? reach, 'error', errored?.verdict.reason ?? reach.reason, 'unknown')
  return withReason(
    input.alternatives[0]!.verdict,
    'passed',
    `a path exists, but none through ${missed.map(r => `${r.label} (${r.options.join(', ')})`).join(' and ')}`,
    'not_reachable'
  )
}

export interface MemberPairVerdict {
  source: string
  destination: string
  /** Index of the source / destination member, to group by. */
  sourceIndex: number
  destinationIndex: number
  verdict: Verdict
}

export interface GroupInput {
  assertion: Assertion
  sourceMode: MatchMode
  destinationMode: MatchMode
  sourceCount: number
  destinationCount: number
  /** "web instances" — what the members are, for the summary line. */
  sourceLabel?: string
  destinationLabel?: string
  pairs: MemberPairVerdict[]
  /**
   * `match: any` stopped early: the pairs (named like the members in the reason) whose analyses were not
   * started because another member had already proved what they would have.
   */
  notNeeded?: string[]
}

/** Combines statuses under a quantifier: each (and one) needs all; any needs one. */
function quantify(statuses: VerdictStatus[], mode: MatchMode): VerdictStatus {
  if (mode === 'any') {
    if (statuses.includes('passed')) return 'passed'
    return statuses.includes('error') ? 'error' : 'failed'
  }
  if (statuses.includes('failed')) return 'failed'
  return statuses.includes('error') ? 'error' : 'passed'
}

const MAX_NAMED = 5

/**
 * The assertion's verdict from its member pairs: the source's quantifier over the destination's, e.g.
 * each source must reach any destination. The reason counts and names members:
 * "3 of 4 web instances reach db; web-3 (i-0abc): blocked by sg-…".
 */
export function aggregateMembers(input: GroupInput): Verdict {
  const { assertion, pairs } = input
  const bySource = new Map<number, MemberPairVerdict[]>()
  for (const pair of pairs) bySource.set(pair.sourceIndex, [...(bySource.get(pair.sourceIndex) ?? []), pair])
  const perSource = [...bySource.values()].map(list =>
    quantify(
      list.map(p => p.verdict.status),
      input.destinationMode
    )
  )
  const status = quantify(perSource, input.sourceMode)
  const expected: Outcome = assertion.type === 'allow' ? 'reachable' : 'not_reachable'

  const sourceGroup = input.sourceCount > 1
  const destinationGroup = input.destinationCount > 1
  const name = (p: MemberPairVerdict): string =>
    sourceGroup && destinationGroup
      ? `${p.source} → ${p.destination}`
      : sourceGroup
        ? p.source
        : p.destination
  const passed = pairs.filter(p => p.verdict.status === 'passed')
  const bad = pairs.filter(p => p.verdict.status !== 'passed')
  const verb = assertion.type === 'allow' ? 'reach' : 'are blocked from'
  const noun = sourceGroup
    ? (input.sourceLabel ?? 'sources')
    : destinationGroup
      ? (input.destinationLabel ?? 'destinations')
      : 'pairs'
  const total = pairs.length + (input.notNeeded?.length ?? 0)
  const head =
    sourceGroup && !destinationGroup
      ? `${passed.length} of ${total} ${noun} ${verb} ${pairs[0]?.destination ?? 'the destination'}`
      : !sourceGroup && destinationGroup
        ? `${pairs[0]?.source ?? 'the source'} ${assertion.type === 'allow' ? 'reaches' : 'is blocked from'} ${passed.length} of ${total} ${noun}`
        : `${passed.length} of ${total} source/destination pairs pass`
  const quantifier = `(${[
    sourceGroup ? `source match: ${input.sourceMode}` : undefined,
    destinationGroup ? `destination match: ${input.destinationMode}` : undefined
  ]
    .filter(Boolean)
    .join(', ')})`
  const named = bad.slice(0, MAX_NAMED).map(p => `${name(p)}: ${p.verdict.reason}`)
  const more = bad.length > MAX_NAMED ? [`… and ${bad.length - MAX_NAMED} more`] : []
  const skipped = input.notNeeded ?? []
  const early =
    skipped.length > 0 && passed[0]
      ? [
          `proved by ${name(passed[0])}; ${skipped.length} not analysed, not needed: ` +
            skipped.slice(0, MAX_NAMED).join(', ') +
            (skipped.length > MAX_NAMED ? ` … and ${skipped.length - MAX_NAMED} more` : '')
        ]
      : []
  const reason = [`${head} ${quantifier}`, ...early, ...named, ...more].join('; ')

  const decisive =
    status === 'passed' ? (passed[0] ?? pairs[0]) : (bad.find(p => p.verdict.status === status) ?? bad[0])
  const actual: Outcome = decisive?.verdict.actual ?? 'unknown'
  return {
    assertionId: assertion.id,
    status,
    expected,
    actual,
    reason,
    explanations: decisive?.verdict.explanations ?? [],
    warnings: [...new Set(pairs.flatMap(p => p.verdict.warnings))]
  }
}
