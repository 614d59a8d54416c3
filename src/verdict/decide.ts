// The verdict for one assertion: pure, from the resolution outcome and the analysis result.
// The rule that matters most: a deny passes only on evidence of a real block, never vacuously.

import type {
  AnalysisResult,
  Assertion,
  Explanation,
  Outcome,
  PathHop,
  PortRange,
  Verdict,
  VerdictStatus
} from '../model.js'
import { classifyExplanationCode } from './codes.js'
import { idFromArn, nonEmpty } from './console.js'
import { describeAnalysis, describeContextFor, pathIdentifiers } from './describe.js'
import { renderPath } from './path.js'
import { listText } from './phrases.js'

/** A via/avoid component as resolution found it. */
export interface ResolvedComponentRef {
  id: string
  arn?: string
}

/** A source or destination as resolution found it; `ip` for an IP-address destination. */
export interface ResolvedEndpointRef {
  id: string
  arn?: string
  ip?: string
}

export interface VerdictInput {
  assertion: Assertion
  /** Why source, destination, via or avoid could not be resolved; the verdict is then `error`. */
  resolutionError?: string
  analysis?: AnalysisResult
  /** The resolved `via` components, to double-check that the path found traverses each of them. */
  resolvedVia?: ResolvedComponentRef[]
  /** The resolved `avoid` components, to double-check that the path found avoids all of them. */
  resolvedAvoid?: ResolvedComponentRef[]
  /**
   * The resolved source and destination. When given, the analysis must name the path it ran on, and
   * that path must lead from this source to this destination over the assertion's protocol and ports;
   * anything else is an `error` (the answer would be about another question).
   */
  resolvedSource?: ResolvedEndpointRef
  resolvedDestination?: ResolvedEndpointRef
}

/** What a path with no components reads as in a reason. */
const NO_COMPONENTS = '(AWS listed no path components)'

function pathText(hops: PathHop[]): string {
  return hops.length === 0 ? NO_COMPONENTS : renderPath(hops)
}

function rawStatusMessage(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const message = (raw as { StatusMessage?: unknown }).StatusMessage
  return typeof message === 'string' ? nonEmpty(message) : undefined
}

/** The reason for an analysis that did not succeed, one message per status. */
function unfinishedReason(analysis: AnalysisResult): string {
  const message = nonEmpty(analysis.message)
  switch (analysis.status) {
    case 'failed': {
      const status = message ?? rawStatusMessage(analysis.raw)
      if (status === undefined) return 'Reachability Analyzer failed without a status message'
      return status.startsWith('Reachability Analyzer') ? status : `Reachability Analyzer failed: ${status}`
    }
    case 'timeout':
      return (
        message ??
        (analysis.analysisId !== undefined
          ? `Analysis ${analysis.analysisId} did not finish in time`
          : 'The analysis did not finish in time')
      )
    case 'throttled':
      return message ?? "EC2 throttled the request (RequestLimitExceeded) beyond the SDK's retries"
    case 'not-started':
      return message ?? 'not started: the max-analyses budget was reached'
    case 'error':
      return message ?? 'the analysis could not be run'
    case 'succeeded':
      return 'the analysis succeeded'
  }
}

/** The ids and ARNs the forward (or return) path touches, from the raw analysis and the hops. */
function identifiersOf(analysis: AnalysisResult, hops: PathHop[], which: 'forward' | 'return'): Set<string> {
  const ids = pathIdentifiers(analysis.raw, which)
  for (const hop of hops) {
    ids.add(hop.componentId)
    if (hop.componentArn !== undefined) {
      ids.add(hop.componentArn)
      const id = idFromArn(hop.componentArn)
      if (id !== undefined) ids.add(id)
    }
  }
  return ids
}

function touches(ids: Set<string>, ref: ResolvedComponentRef): boolean {
  return ids.has(ref.id) || (ref.arn !== undefined && ids.has(ref.arn))
}

/** Double-check via/avoid on a found path; AWS applies them as filters, but a report must not trust blindly. */
function filterViolation(
  input: VerdictInput,
  analysis: AnalysisResult,
  forward: PathHop[],
  back: PathHop[]
): string | undefined {
  const forwardIds = identifiersOf(analysis, forward, 'forward')
  const missing = (input.resolvedVia ?? []).find(via => !touches(forwardIds, via))
  if (missing !== undefined) {
    return `expected the path to traverse ${missing.id} (via), but the path AWS found does not: ${pathText(forward)}`
  }
  const returnIds = identifiersOf(analysis, back, 'return')
  for (const avoid of input.resolvedAvoid ?? []) {
    if (touches(forwardIds, avoid)) {
      return `expected the path to avoid ${avoid.id} (avoid), but it traverses it: ${pathText(forward)}`
    }
    if (touches(returnIds, avoid)) {
      return `expected the path to avoid ${avoid.id} (avoid), but its return path traverses it: ${pathText(back)}`
    }
  }
  return undefined
}

/** Whether a path end as the engine sent it (an id, or an ARN for another account's resource) is this resource. */
function namesResource(value: string | undefined, ref: ResolvedEndpointRef): boolean {
  if (value === undefined) return false
  return value === ref.id || (ref.arn !== undefined && value === ref.arn) || idFromArn(value) === ref.id
}

function portsText(ports: PortRange | undefined): string {
  if (ports === undefined) return 'every port'
  return ports.from === ports.to ? `port ${ports.from}` : `ports ${ports.from}-${ports.to}`
}

/**
 * Why the analysis does not answer this assertion's question, or undefined when it does: the path it ran
 * on must be the one the engine created or verified for this assertion, from this source to this
 * destination, over this protocol and these ports.
 */
function pathMismatch(input: VerdictInput, analysis: AnalysisResult): string | undefined {
  const { resolvedSource: source, resolvedDestination: destination, assertion } = input
  if (source === undefined && destination === undefined) return undefined
  const path = analysis.path
  if (path === undefined) {
    return 'the engine did not report which path the analysis ran on, so its result cannot be tied to this assertion'
  }
  const ranOn = rawPathId(analysis.raw) ?? analysis.pathId
  if (ranOn !== undefined && ranOn !== path.id) {
    return `the analysis ran on path ${ranOn}, not on path ${path.id} that was verified for this assertion`
  }
  if (source !== undefined && !namesResource(path.source, source)) {
    return `path ${path.id} starts at ${path.source}, not at this assertion's source ${source.id}`
  }
  if (destination !== undefined) {
    const ends = destination.ip !== undefined ? path.destinationIp : path.destination
    const other = destination.ip !== undefined ? path.destination : path.destinationIp
    const right =
      other === undefined &&
      (destination.ip !== undefined ? ends === destination.ip : namesResource(ends, destination))
    if (!right) {
      return `path ${path.id} ends at ${path.destination ?? path.destinationIp ?? 'no destination'}, not at this assertion's destination ${destination.ip ?? destination.id}`
    }
  }
  const samePorts =
    (path.ports === undefined && assertion.port === undefined) ||
    (path.ports !== undefined &&
      assertion.port !== undefined &&
      path.ports.from === assertion.port.from &&
      path.ports.to === assertion.port.to)
  for (const [end, filter, wanted] of [
    ['source', path.sourceAddress, assertion.source.address],
    ['destination', path.destinationAddress, assertion.destination.address]
  ] as const) {
    if ((filter ?? undefined) !== (wanted ?? undefined)) {
      return `path ${path.id} filters the ${end} address ${filter ?? 'not at all'}, not as this assertion asks (${wanted ?? 'no filter'})`
    }
  }
  if (path.protocol !== assertion.protocol || !samePorts) {
    return (
      `path ${path.id} covers ${path.protocol} ${portsText(path.ports)}, not this assertion's ` +
      `${assertion.protocol} ${portsText(assertion.port)}`
    )
  }
  return undefined
}

function rawPathId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const id = (raw as { NetworkInsightsPathId?: unknown }).NetworkInsightsPathId
  return typeof id === 'string' ? nonEmpty(id) : undefined
}

/** What a filter explanation says about this assertion's own via/avoid components. */
type FilterFinding =
  /** COMPONENT_FILTER_RESTRICTION naming a via component: no path traverses it. */
  | { kind: 'via-untraversed'; component: ResolvedComponentRef }
  /** COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT naming an avoid component: every path traverses it. */
  | { kind: 'avoid-unavoidable'; component: ResolvedComponentRef }
  /** COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT naming a via component: every path through it is removed. */
  | { kind: 'via-removed'; component: ResolvedComponentRef }

function explanationNames(explanation: Explanation, ref: ResolvedComponentRef): boolean {
  const raw = explanation.raw as { Component?: { Id?: unknown; Arn?: unknown } } | undefined
  const named = [explanation.componentId, explanation.componentArn, raw?.Component?.Id, raw?.Component?.Arn]
    .filter((v): v is string => typeof v === 'string' && v !== '')
    .flatMap(v => [v, idFromArn(v)])
  return named.some(v => v !== undefined && (v === ref.id || (ref.arn !== undefined && v === ref.arn)))
}

/**
 * A filter code is an answer, not a malformed question, when it names one of this assertion's own via or
 * avoid components: via/avoid are the user's intent, and AWS says whether the network honours it.
 */
function filterFinding(
  explanation: Explanation,
  via: ResolvedComponentRef[],
  avoid: ResolvedComponentRef[]
): FilterFinding | undefined {
  if (explanation.code === 'COMPONENT_FILTER_RESTRICTION') {
    const component = via.find(ref => explanationNames(explanation, ref))
    return component === undefined ? undefined : { kind: 'via-untraversed', component }
  }
  if (explanation.code === 'COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT') {
    const avoided = avoid.find(ref => explanationNames(explanation, ref))
    if (avoided !== undefined) return { kind: 'avoid-unavoidable', component: avoided }
    // AWS's wording ("no path that traverses the specified component because of an intermediate
    // component filter") also fits naming the via component whose paths the avoid filter removed.
    const required = avoid.length > 0 ? via.find(ref => explanationNames(explanation, ref)) : undefined
    if (required !== undefined) return { kind: 'via-removed', component: required }
  }
  return undefined
}

/** "a", "a or b", "a, b or c". */
function anyOf(refs: ResolvedComponentRef[]): string {
  const ids = refs.map(ref => ref.id)
  if (ids.length <= 1) return ids[0] ?? ''
  return `${ids.slice(0, -1).join(', ')} or ${ids[ids.length - 1]}`
}

/** The source or destination as a reason names it: the resolved id or address, else the selector's. */
function endText(ref: ResolvedEndpointRef | undefined, endpoint: Assertion['source'], role: string): string {
  if (ref !== undefined) return ref.ip ?? ref.id
  const selector = endpoint.selector
  if (selector.by === 'ip') return selector.ip
  if (selector.by === 'resource_id' || selector.by === 'arn') return selector.resourceId
  return `the ${role}`
}

function described(input: VerdictInput, analysis: AnalysisResult) {
  if (analysis.raw !== undefined && analysis.raw !== null) {
    return describeAnalysis(analysis.raw, describeContextFor(input.assertion))
  }
  // No raw object: trust what the analyzer filled in.
  return {
    networkPathFound: analysis.networkPathFound,
    forwardPath: analysis.forwardPath,
    returnPath: analysis.returnPath,
    explanations: analysis.explanations.filter(e => classifyExplanationCode(e.code) !== 'detail'),
    warnings: analysis.explanations
      .filter(e => classifyExplanationCode(e.code) === 'detail')
      .map(e => e.sentence)
  }
}

/**
 * Decide one assertion. `allow` passes when AWS found a path (that honours via/avoid). `deny` passes
 * only when AWS found no path and named a real block (a `block` code) and nothing says the question
 * itself was wrong; anything less is an `error`, never a vacuous pass.
 *
 * via/avoid are the user's intent, so AWS's filter codes naming them are answers (inspection verdicts):
 * - allow+via, no path through X (COMPONENT_FILTER_RESTRICTION on X, or a block): failed, "no path from A
 *   to B traverses X" (firewall bypass is a failure, never an error);
 * - allow+avoid, no path avoiding X (…_REMOVED_COMPONENT on X): failed, "every path from A to B traverses X";
 * - deny+avoid, …_REMOVED_COMPONENT on X or a block: passed, "every path from A to B traverses X"; a path
 *   avoiding X: failed, hop by hop;
 * - deny+via, no path through X: passed, "no path from A to B traverses X".
 * Codes not about the assertion's own via/avoid components keep their strict meaning.
 */
export function decideVerdict(input: VerdictInput): Verdict {
  const { assertion, analysis } = input
  const expected: Outcome = assertion.type === 'allow' ? 'reachable' : 'not_reachable'
  const verdict = (
    status: VerdictStatus,
    reason: string,
    actual: Outcome = 'unknown',
    explanations: Explanation[] = [],
    warnings: string[] = []
  ): Verdict => ({ assertionId: assertion.id, status, expected, actual, reason, explanations, warnings })

  const resolutionError = nonEmpty(input.resolutionError)
  if (resolutionError !== undefined) return verdict('error', resolutionError)
  if (analysis === undefined) return verdict('error', 'no analysis was run for this assertion')
  if (analysis.status !== 'succeeded') return verdict('error', unfinishedReason(analysis))
  const mismatch = pathMismatch(input, analysis)
  if (mismatch !== undefined) return verdict('error', `not decided: ${mismatch}`)

  const description = described(input, analysis)
  const { explanations, warnings } = description
  const found = analysis.networkPathFound ?? description.networkPathFound
  if (found === undefined) {
    return verdict('error', 'AWS returned no NetworkPathFound', 'unknown', explanations, warnings)
  }
  const actual: Outcome = found ? 'reachable' : 'not_reachable'
  const via = input.resolvedVia ?? []
  const avoid = input.resolvedAvoid ?? []
  const blocks = explanations.filter(e => classifyExplanationCode(e.code) === 'block')
  // Filter codes naming this assertion's own via/avoid components are findings (below); every other
  // question-wrong code keeps its strict meaning: the question could not be answered.
  const findings: FilterFinding[] = []
  const questionWrong = explanations.filter(e => {
    const finding = found ? undefined : filterFinding(e, via, avoid)
    if (finding !== undefined) findings.push(finding)
    return finding === undefined && classifyExplanationCode(e.code) === 'question-wrong'
  })
  const done = (status: VerdictStatus, reason: string, outcome: Outcome = actual) =>
    verdict(status, reason, outcome, explanations, warnings)
  const from = endText(input.resolvedSource, assertion.source, 'source')
  const to = endText(input.resolvedDestination, assertion.destination, 'destination')
  const couldNotEvaluate = () =>
    done('error', `the analysis could not evaluate this path: ${questionWrong[0]!.sentence}`, 'unknown')

  /** What the filter findings, or a real block under the filters, say; undefined when they say nothing. */
  const inspection = (): string | undefined => {
    const untraversed = findings.find(f => f.kind === 'via-untraversed')
    if (untraversed !== undefined)
      return `no path from ${from} to ${to} traverses ${untraversed.component.id}`
    const unavoidable = findings.find(f => f.kind === 'avoid-unavoidable')
    if (unavoidable !== undefined) return `every path from ${from} to ${to} traverses ${anyOf(avoid)}`
    const removed = findings.find(f => f.kind === 'via-removed')
    if (removed !== undefined) {
      return `every path from ${from} to ${to} through ${removed.component.id} traverses ${anyOf(avoid)}`
    }
    if (blocks.length === 0) return undefined
    if (via.length > 0) {
      return `no path from ${from} to ${to} traverses ${listText(via.map(v => v.id))}: ${blocks[0]!.sentence}`
    }
    if (avoid.length > 0) {
      return `every path from ${from} to ${to} traverses ${anyOf(avoid)} (a path avoiding it is blocked: ${blocks[0]!.sentence})`
    }
    return undefined
  }

  if (assertion.type === 'allow') {
    if (found) {
      const violation = filterViolation(input, analysis, description.forwardPath, description.returnPath)
      if (violation !== undefined) return done('failed', violation)
      return done('passed', `reachable as expected: ${pathText(description.forwardPath)}`)
    }
    if (findings.length > 0) {
      // The filters are answered, but the question also has a problem of its own (e.g. no source).
      if (questionWrong.length > 0) return couldNotEvaluate()
      return done('failed', inspection()!)
    }
    if (blocks.length > 0) {
      const block = blocks[0]!.sentence
      if (via.length > 0) return done('failed', inspection()!)
      if (avoid.length > 0)
        return done('failed', `no path from ${from} to ${to} avoids ${anyOf(avoid)}: ${block}`)
      return done('failed', `expected reachable, but no path was found: ${block}`)
    }
    if (questionWrong.length > 0) return couldNotEvaluate()
    if (explanations.length > 0) {
      return done('failed', `expected reachable, but no path was found: ${explanations[0]!.sentence}`)
    }
    return done('failed', 'expected reachable, but no path was found (AWS gave no explanation)')
  }

  // deny
  if (found) {
    if (via.length === 0 && avoid.length === 0) {
      return done('failed', `expected not reachable; a path exists: ${pathText(description.forwardPath)}`)
    }
    // A path that does not honour the filters proves nothing about them.
    const violation = filterViolation(input, analysis, description.forwardPath, description.returnPath)
    if (violation !== undefined) {
      return done('error', `AWS reported a path that does not honour the filters: ${violation}`, 'unknown')
    }
    const hops = pathText(description.forwardPath)
    const through = listText(via.map(v => v.id))
    if (avoid.length === 0) {
      return done('failed', `expected no path from ${from} to ${to} through ${through}; one exists: ${hops}`)
    }
    if (via.length === 0) {
      return done(
        'failed',
        `expected every path from ${from} to ${to} to traverse ${anyOf(avoid)}; this one avoids it: ${hops}`
      )
    }
    return done(
      'failed',
      `expected no path from ${from} to ${to} through ${through} that avoids ${anyOf(avoid)}; one exists: ${hops}`
    )
  }
  if (questionWrong.length > 0) return couldNotEvaluate()
  if (via.length > 0 || avoid.length > 0) {
    const finding = inspection()
    if (finding !== undefined) return done('passed', finding)
  }
  if (blocks.length > 0) return done('passed', `not reachable, as expected: ${blocks[0]!.sentence}`)
  if (explanations.length === 0) {
    return done(
      'error',
      'AWS found no path but gave no explanation, so the block cannot be confirmed',
      'unknown'
    )
  }
  const codes = [...new Set(explanations.map(e => e.code))].join(', ')
  return done(
    'error',
    `AWS found no path but named no blocking component (codes: ${codes}), so the block cannot be confirmed`,
    'unknown'
  )
}
