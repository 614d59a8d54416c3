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
  const blocks = explanations.filter(e => classifyExplanationCode(e.code) === 'block')
  const questionWrong = explanations.filter(e => classifyExplanationCode(e.code) === 'question-wrong')
  const done = (status: VerdictStatus, reason: string, outcome: Outcome = actual) =>
    verdict(status, reason, outcome, explanations, warnings)

  if (assertion.type === 'allow') {
    if (found) {
      const violation = filterViolation(input, analysis, description.forwardPath, description.returnPath)
      if (violation !== undefined) return done('failed', violation)
      return done('passed', `reachable as expected: ${pathText(description.forwardPath)}`)
    }
    if (blocks.length > 0)
      return done('failed', `expected reachable, but no path was found: ${blocks[0]!.sentence}`)
    if (questionWrong.length > 0) {
      return done(
        'error',
        `the analysis could not evaluate this path: ${questionWrong[0]!.sentence}`,
        'unknown'
      )
    }
    if (explanations.length > 0) {
      return done('failed', `expected reachable, but no path was found: ${explanations[0]!.sentence}`)
    }
    return done('failed', 'expected reachable, but no path was found (AWS gave no explanation)')
  }

  // deny
  if (found)
    return done('failed', `expected not reachable; a path exists: ${pathText(description.forwardPath)}`)
  if (questionWrong.length > 0) {
    return done(
      'error',
      `the analysis could not evaluate this path: ${questionWrong[0]!.sentence}`,
      'unknown'
    )
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
