// The verdict of a set `deny` proved with a Network Access Analyzer scope: pure, from the scope analysis.
// No findings: passed, with the number of network interfaces analysed. Findings: failed, every violating
// source → destination with its path. The analysis failed, timed out or never ran: error (never a pass).
import type { Assertion, ScopeAnalysisResult, ScopeFinding, ScopeFindingEnd, Verdict } from '../model.js'
import { describeAnalysis } from './describe.js'
import { renderPath } from './path.js'

interface RawComponent {
  Id?: unknown
  Arn?: unknown
  Name?: unknown
}

interface RawFindingComponent {
  SequenceNumber?: unknown
  Component?: RawComponent
  AttachedTo?: RawComponent
  Subnet?: RawComponent
  Vpc?: RawComponent
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

function endOf(pc: RawFindingComponent | undefined): ScopeFindingEnd {
  const c = pc?.Component ?? {}
  const end: ScopeFindingEnd = { id: str(c.Id) ?? str(c.Arn) ?? 'unknown' }
  const arn = str(c.Arn)
  const name = str(c.Name) ?? str(pc?.AttachedTo?.Name)
  const instanceId = str(pc?.AttachedTo?.Id)
  const subnetId = str(pc?.Subnet?.Id)
  const vpcId = str(pc?.Vpc?.Id)
  if (arn) end.arn = arn
  if (name) end.name = name
  if (instanceId && instanceId !== end.id) end.instanceId = instanceId
  if (subnetId) end.subnetId = subnetId
  if (vpcId) end.vpcId = vpcId
  return end
}

/** Findings as AWS returns them (GetNetworkInsightsAccessScopeAnalysisFindings) → sources, destinations, hops. */
export function describeScopeFindings(raw: readonly unknown[]): ScopeFinding[] {
  return raw.map(item => {
    const finding = (item ?? {}) as { FindingId?: unknown; FindingComponents?: unknown }
    const components = Array.isArray(finding.FindingComponents)
      ? (finding.FindingComponents as RawFindingComponent[])
      : []
    const ordered = [...components].sort(
      (a, b) => (Number(a.SequenceNumber) || 0) - (Number(b.SequenceNumber) || 0)
    )
    // The same hop rendering as pairwise paths: a finding's components are PathComponents.
    const hops = describeAnalysis({ ForwardPathComponents: ordered }).forwardPath
    const out: ScopeFinding = {
      source: endOf(ordered[0]),
      destination: endOf(ordered[ordered.length - 1]),
      hops
    }
    const id = str(finding.FindingId)
    if (id) out.findingId = id
    return out
  })
}

/** "i-0abc (web-1)" or "eni-0abc on i-0def (web-1)". */
export function findingEndText(end: ScopeFindingEnd): string {
  const base = end.instanceId ? `${end.id} on ${end.instanceId}` : end.id
  return end.name ? `${base} (${end.name})` : base
}

/** One line per finding: "igw-… → eni-… on i-… (name): igw-… → acl-… → sg-… → eni-…". */
export function findingLine(finding: ScopeFinding): string {
  return `${findingEndText(finding.source)} → ${findingEndText(finding.destination)}: ${renderPath(finding.hops)}`
}

/** "3 violating paths out of 212 interfaces analysed". */
export function scopeCountText(scope: Pick<ScopeAnalysisResult, 'findings' | 'analyzedEniCount'>): string {
  const n = scope.findings.length
  const paths = `${n} violating path${n === 1 ? '' : 's'}`
  return scope.analyzedEniCount === undefined
    ? paths
    : `${paths} out of ${scope.analyzedEniCount} interface${scope.analyzedEniCount === 1 ? '' : 's'} analysed`
}

/** How many findings a reason (and the job summary) lists; the JSON report has them all. */
export const FINDINGS_SHOWN = 20

export interface ScopeVerdictInput {
  assertion: Assertion
  /** Why the scope could not be built (resolution, cross-account…); the verdict is then `error`. */
  problem?: string
  scope?: ScopeAnalysisResult
}

export function decideScopeVerdict(input: ScopeVerdictInput): Verdict {
  const { assertion, problem, scope } = input
  const base = {
    assertionId: assertion.id,
    expected: 'not_reachable' as const,
    explanations: [],
    warnings: []
  }
  if (problem) return { ...base, status: 'error', actual: 'unknown', reason: problem }
  if (!scope) return { ...base, status: 'error', actual: 'unknown', reason: 'The scope was not analysed' }
  if (scope.status !== 'succeeded') {
    const what =
      scope.status === 'timeout'
        ? 'did not finish in time'
        : scope.status === 'failed'
          ? 'failed'
          : scope.status === 'throttled'
            ? 'was throttled'
            : 'could not run'
    return {
      ...base,
      status: 'error',
      actual: 'unknown',
      reason: `The Network Access Analyzer analysis ${what}${scope.message ? `: ${scope.message}` : ''}; the set is not proved`
    }
  }
  const where = `account ${assertion.source.account}, ${scope.region}`
  if (scope.findings.length === 0) {
    if (scope.message)
      return {
        ...base,
        status: 'error',
        actual: 'unknown',
        reason: `Network Access Analyzer: ${scope.message}`
      }
    const analysed =
      scope.analyzedEniCount === undefined
        ? 'AWS did not say how many network interfaces it analysed'
        : `${scope.analyzedEniCount} network interface${scope.analyzedEniCount === 1 ? '' : 's'} analysed`
    return {
      ...base,
      status: 'passed',
      actual: 'not_reachable',
      reason: `No path matches the scope in ${where} (Network Access Analyzer, ${analysed})`
    }
  }
  const shown = scope.findings.slice(0, 3).map(findingLine)
  const more =
    scope.findings.length > shown.length ? `; and ${scope.findings.length - shown.length} more` : ''
  return {
    ...base,
    status: 'failed',
    actual: 'reachable',
    reason: `${scopeCountText(scope)} in ${where}: ${shown.join('; ')}${more}`
  }
}
