// Set results (denies proved with a Network Access Analyzer scope), shown compactly: "3 violating paths out of
// 212 interfaces analysed", then each violating source → destination with its path, rendered as pairwise paths
// are (the first FINDINGS_SHOWN; the JSON report has every one). Every outside string goes through src/safety.
import type {
  AssertionReport,
  PathHop,
  ScopeAnalysisResult,
  ScopeFinding,
  ScopeFindingEnd
} from '../model.js'
import { markdownCode, markdownText } from '../safety/index.js'
import { FINDINGS_SHOWN, scopeCountText } from '../verdict/index.js'
import { describeSelector, formatDuration } from './format.js'

const EMOJI = { passed: '✅', failed: '❌', error: '⚠️' } as const

function endMarkdown(end: ScopeFindingEnd): string {
  const id = markdownCode(end.id, 80)
  const on = end.instanceId ? ` on ${markdownCode(end.instanceId, 80)}` : ''
  const name = end.name ? ` (${markdownText(end.name, 80)})` : ''
  return `${id}${on}${name}`
}

/** "`igw-…` → `eni-…` on `i-…` (name): `igw-…` → `acl-…` → …" */
export function findingMarkdown(finding: ScopeFinding): string {
  const hops: string[] = []
  for (const hop of finding.hops) if (hops[hops.length - 1] !== hop.componentId) hops.push(hop.componentId)
  return `${endMarkdown(finding.source)} → ${endMarkdown(finding.destination)}: ${hops.map(h => markdownCode(h, 80)).join(' → ')}`
}

/** The "Set proofs" section of the job summary (nothing when no assertion was proved with a scope). */
export function scopeSection(results: readonly AssertionReport[], heading = '### '): string[] {
  const scoped = results.filter(r => r.proof === 'scope')
  if (scoped.length === 0) return []
  const lines = [`${heading}Set proofs (Network Access Analyzer)`, '']
  for (const result of scoped) {
    const { assertion, verdict, scope } = result
    const head = `- ${EMOJI[verdict.status]} ${markdownCode(assertion.id, 128)} · line ${assertion.location.line}`
    if (verdict.status === 'passed' && scope) {
      const n = scope.analyzedEniCount
      lines.push(
        `${head}: no violating path${n === undefined ? '' : ` among ${n} network interface${n === 1 ? '' : 's'} analysed`} (one analysis, account ${markdownText(scope.account, 64)}, ${markdownText(scope.region, 32)})`
      )
    } else if (verdict.status === 'failed' && scope) {
      lines.push(`${head}: **${scopeCountText(scope)}**`)
      for (const finding of scope.findings.slice(0, FINDINGS_SHOWN))
        lines.push(`  - ${findingMarkdown(finding)}`)
      const more = scope.findings.length - FINDINGS_SHOWN
      if (more > 0) lines.push(`  - …and ${more} more (every one is in the JSON report)`)
    } else lines.push(`${head}: ${markdownText(verdict.reason, 500)}`)
  }
  lines.push('')
  return lines
}

/**
 * The "Source → Destination" cell of a set result: "internet → resources in subnets tagged Tier=private (prod)",
 * the account said once (a scope analyses one account and Region).
 */
export function scopeEndsCell(result: AssertionReport): string {
  const { source, destination } = result.assertion
  const ends = `${describeSelector(source)} → ${describeSelector(destination)}`
  const accounts =
    source.account === destination.account ? source.account : `${source.account} → ${destination.account}`
  return markdownText(`${ends} (${accounts})`, 240)
}

/** The first violating path's hops, for the same Mermaid drawing as a pairwise path. */
export function firstFindingHops(result: AssertionReport): PathHop[] {
  return result.scope?.findings[0]?.hops ?? []
}

/** "**Scope analysis:** `nisa-…` of scope `nis-…` (reused) · 3 s · 1 violating path out of 4 interfaces analysed". */
export function scopeAnalysisFact(scope: ScopeAnalysisResult): string | undefined {
  if (!scope.analysisId) return undefined
  const of = scope.scopeId
    ? ` of scope ${markdownCode(scope.scopeId, 80)}${scope.scopeOrigin ? ` (${scope.scopeOrigin})` : ''}`
    : ''
  const count = scope.status === 'succeeded' ? ` · ${scopeCountText(scope)}` : ''
  return `**Scope analysis:** ${markdownCode(scope.analysisId, 80)}${of} · ${formatDuration(scope.durationMs)}${count}`
}
