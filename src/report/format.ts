// Small, pure formatting helpers shared by the annotations, the job summary and the PR comment.
import type {
  AnalysisResult,
  AssertionReport,
  Endpoint,
  Outcome,
  PortRange,
  Resolution,
  RunReport,
  ScopeRef,
  VerdictStatus
} from '../model.js'
import { MAX_LINE, cleanText, cutText, htmlText, markdownText, mermaidLabel } from '../safety/index.js'

export const STATUS_EMOJI: Record<VerdictStatus, string> = { passed: '✅', failed: '❌', error: '⚠️' }

/** The run as a whole: `failed` if any assertion failed, else `error` if any errored, else `passed`. */
export function runResult(report: Pick<RunReport, 'failed' | 'errors'>): VerdictStatus {
  if (report.failed > 0) return 'failed'
  if (report.errors > 0) return 'error'
  return 'passed'
}

export function outcomeText(outcome: Outcome): string {
  return outcome === 'not_reachable' ? 'not reachable' : outcome
}

// Every outside string goes through src/safety; these are the report's names for its functions, with the
// report's bounds. Whitespace runs collapse to one space first (a reason or a name reads as one sentence).

/** Longest outside string the report writes in one place (a verdict reason, an AWS message). */
export const MAX_REPORT_TEXT = 2000

function collapsed(text: unknown): string {
  return String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** One clean line of text: whitespace runs collapse to one space; controls made visible; bounded. */
export function oneLine(text: string, max: number = MAX_LINE): string {
  return cleanText(collapsed(text), max)
}

/** Cuts text to `max` code points with an ellipsis (never inside a surrogate pair). */
export function truncate(text: string, max: number): string {
  return cutText(text, max)
}

/**
 * Escapes an outside string (ids, tag values, AWS names and messages) for GitHub markdown, inline HTML and
 * table cells: one line, no markup, no link, no mention (see src/safety).
 */
export function escapeMarkdown(text: string, max: number = MAX_REPORT_TEXT): string {
  return markdownText(collapsed(text), max)
}

/** Escapes an outside string for raw HTML where markdown is not parsed (e.g. `<summary>`). */
export function escapeHtml(text: string, max: number = MAX_REPORT_TEXT): string {
  return htmlText(collapsed(text), max)
}

/** A label inside a Mermaid `["…"]` node: no directive, quote, bracket or fence (see src/safety). */
export function escapeMermaid(text: string, max: number = MAX_REPORT_TEXT): string {
  return mermaidLabel(collapsed(text), max)
}

/** Only http(s) URLs are linked; anything else (or nothing) yields undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined
    return parsed.toString().replace(/\)/g, '%29').replace(/ /g, '%20')
  } catch {
    return undefined
  }
}

/**
 * The analysis in the Reachability Analyzer console, in the form AWS's own samples use:
 * https://us-east-2.console.aws.amazon.com/networkinsights/home?region=us-east-2#NetworkPathAnalysis:analysisId=nia-…
 * Only for the commercial partition (ARN `arn:aws:`); other partitions have other console hosts.
 */
export function analysisConsoleUrl(region: string, analysis: AnalysisResult | undefined): string | undefined {
  const id = analysis?.analysisId
  if (!id || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) return undefined
  if (analysis.analysisArn && !analysis.analysisArn.startsWith('arn:aws:')) return undefined
  return (
    `https://${region}.console.aws.amazon.com/networkinsights/home?region=${region}` +
    `#NetworkPathAnalysis:analysisId=${encodeURIComponent(id)}`
  )
}

export function formatPort(port: PortRange | undefined): string {
  if (!port) return 'any port'
  return port.from === port.to ? String(port.from) : `${port.from}-${port.to}`
}

export function formatProtocolPort(result: AssertionReport): string {
  const { protocol, port } = result.assertion
  return port ? `${protocol}/${formatPort(port)}` : `${protocol}/any`
}

/** "850 ms", "42 s", "3 m 05 s". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  if (minutes < 60) return `${minutes} m ${String(rest).padStart(2, '0')} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`
}

export function formatUsd(amount: number): string {
  return `$${amount.toFixed(2)}`
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`
}

const tagsText = (tags: Record<string, string>): string =>
  Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(',')

function scopeRefText(kind: 'subnet' | 'VPC', ref: ScopeRef): string {
  if (ref.by === 'tags') return `${kind}s tagged ${tagsText(ref.tags)}`
  return `${kind}${ref.ids.length === 1 ? '' : 's'} ${ref.ids.join(', ')}`
}

/** A set: "internet", "instances in subnets tagged Tier=private", "instances tagged Env=dev in VPC vpc-…". */
function setText(endpoint: Endpoint): string | undefined {
  if (endpoint.internet) return 'internet'
  const selector = endpoint.selector
  if (selector.by !== 'tags' || !selector.within) return undefined
  const kinds = selector.kinds.length === 1 ? `${selector.kinds[0].replace(/-/g, ' ')}s` : 'resources'
  const tags = tagsText(selector.tags)
  const where = [
    selector.within.subnet ? `in ${scopeRefText('subnet', selector.within.subnet)}` : undefined,
    selector.within.vpc ? `in ${scopeRefText('VPC', selector.within.vpc)}` : undefined
  ].filter(Boolean)
  return [kinds, ...(tags ? [`tagged ${tags}`] : []), ...where].join(' ')
}

/** What the user wrote, for when there is no resolved resource to show. */
export function describeSelector(endpoint: Endpoint): string {
  const set = setText(endpoint)
  if (set) return set
  const selector = endpoint.selector
  switch (selector.by) {
    case 'resource_id':
      return selector.resourceId
    case 'arn':
      return selector.resourceId
    case 'ip':
      return selector.ip
    case 'tags':
      return Object.entries(selector.tags)
        .map(([key, value]) => `${key}=${value}`)
        .join(',')
    case 'managed':
      return `${selector.service}:${selector.name}${selector.role ? ` (${selector.role})` : ''}`
  }
}

/** Plain text naming an endpoint: `account: name (id)` when resolved, else what the selector says. */
export function describeEndpoint(endpoint: Endpoint, resolution: Resolution | undefined): string {
  if (resolution?.ok) {
    const target = resolution.target
    const id = target.kind === 'ip' ? (target.ip ?? target.resourceId) : target.resourceId
    const label = target.name && target.name !== id ? `${target.name} (${id})` : id
    return endpoint.account ? `${endpoint.account}: ${label}` : label
  }
  // An IP destination belongs to no account.
  return endpoint.account ? `${endpoint.account}: ${describeSelector(endpoint)}` : describeSelector(endpoint)
}

/** Failures first, then errors, then passes; each group in config order (line, column). */
export function byStatusThenPosition(a: AssertionReport, b: AssertionReport): number {
  const rank: Record<VerdictStatus, number> = { failed: 0, error: 1, passed: 2 }
  return rank[a.verdict.status] - rank[b.verdict.status] || byPosition(a, b)
}

export function byPosition(a: AssertionReport, b: AssertionReport): number {
  return (
    a.assertion.location.line - b.assertion.location.line ||
    a.assertion.location.column - b.assertion.location.column
  )
}

/** Size measures: the job summary limit is in bytes, the comment limit in characters. */
export type SizeMeasure = (text: string) => number
export const utf8Bytes: SizeMeasure = text => Buffer.byteLength(text, 'utf8')
export const characters: SizeMeasure = text => text.length
