// The job summary (and, in a compact variant, the sticky PR comment): verdict, table, failure details,
// resolution problems, warnings, cost and time. GitHub does not show a step summary over 1 MiB, so the
// renderer degrades in steps until it fits: passed rows collapse into a count first, then failure details
// shrink (chart dropped, then one line each). Every failed or errored id stays named in every step.
import * as core from '@actions/core'
import { planSection } from './plan.js'
import { documentText, logLine } from '../safety/index.js'
import type { AssertionReport, Endpoint, Explanation, Resolution, RunReport } from '../model.js'
import {
  STATUS_EMOJI,
  analysisConsoleUrl,
  byPosition,
  byStatusThenPosition,
  characters,
  describeEndpoint,
  escapeHtml,
  escapeMarkdown,
  formatDuration,
  formatProtocolPort,
  formatUsd,
  outcomeText,
  plural,
  runResult,
  safeUrl,
  truncate,
  utf8Bytes,
  type SizeMeasure
} from './format.js'
import { pathDiagram, returnPathDiffers } from './diagram.js'
import { markdownCode, markdownText } from '../safety/index.js'
import { scopeAnalysisFact, scopeEndsCell, scopeSection } from './scopes.js'

/** GitHub's limit for one step's summary. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024
/** Default budget: under the limit with room for anything else the step writes to the summary. */
export const DEFAULT_SUMMARY_BUDGET_BYTES = 1_000_000
/** GitHub's limit for an issue or PR comment body. */
export const COMMENT_LIMIT_CHARS = 65_536
/** Default budget for the comment body, marker included. */
export const DEFAULT_COMMENT_BUDGET_CHARS = 65_000

/** Lists that are not failures (resolution problems, warnings) show at most this many items. */
const MAX_LISTED_ITEMS = 100
/** Longest single piece of free text (a reason, an explanation sentence) rendered. */
const MAX_TEXT_CHARS = 2000

const TRIMMED_NOTE =
  "Some failures are shown as one line to stay under GitHub's size limit; the JSON report has every detail."

export interface SummaryOptions {
  /** Size budget in UTF-8 bytes (default 1,000,000, under GitHub's 1 MiB). */
  maxBytes?: number
  /** Link to the workflow run, shown in the footer. */
  runUrl?: string
}

export interface CommentRenderOptions {
  /** Size budget in characters (default 65,000, under GitHub's 65,536). */
  maxChars?: number
  /** Link to the workflow run, where the full job summary is. */
  runUrl?: string
}

/** How much of one failure's detail is rendered. */
type DetailLevel = 'full' | 'no-chart' | 'line'

type Variant = 'summary' | 'comment'

interface Layout {
  variant: Variant
  /** `rows`: every passed assertion in the table; `count`: passed assertions collapsed into a count. */
  passedRows: 'rows' | 'count'
  /** False when even one table row per failure does not fit: failures are then listed one line each. */
  failureTable?: boolean
  runUrl?: string
}

/** Renders the job summary as GitHub-flavoured Markdown with inline HTML, within the size budget. */
export function renderSummary(report: RunReport, options: SummaryOptions = {}): string {
  return fitToBudget(
    report,
    { variant: 'summary', runUrl: options.runUrl },
    options.maxBytes ?? DEFAULT_SUMMARY_BUDGET_BYTES,
    utf8Bytes
  )
}

/** Renders the compact comment body (without the marker) within the character budget. */
export function renderCommentBody(report: RunReport, options: CommentRenderOptions = {}): string {
  return fitToBudget(
    report,
    { variant: 'comment', runUrl: options.runUrl },
    options.maxChars ?? DEFAULT_COMMENT_BUDGET_CHARS,
    characters
  )
}

/** The part of `core.summary` used here (a fake in tests). */
export interface SummarySink {
  addRaw(text: string, addEOL?: boolean): SummarySink
  write(): Promise<unknown>
}

/**
 * Appends the summary to the step summary. Returns false, without throwing, when the runner gives no
 * summary file (e.g. a local run), since a missing summary must not fail a check that otherwise ran.
 */
export async function writeSummary(markdown: string, sink: SummarySink = core.summary): Promise<boolean> {
  try {
    // The last guard: no control character and no line over the bound, whatever a section forgot.
    await sink.addRaw(documentText(markdown), true).write()
    return true
  } catch (error) {
    core.debug(logLine(`job summary not written: ${error instanceof Error ? error.message : String(error)}`))
    return false
  }
}

// ---------------------------------------------------------------------------------------------------------
// Budgeting

function fitToBudget(
  report: RunReport,
  base: Omit<Layout, 'passedRows'>,
  budget: number,
  measure: SizeMeasure
): string {
  const failing = report.results.filter(r => r.verdict.status !== 'passed').sort(byStatusThenPosition)
  const passedModes: Layout['passedRows'][] = base.variant === 'comment' ? ['count'] : ['rows', 'count']
  // The comment draws the chart too: it is where most people meet a failure.
  const fullDetail: DetailLevel = 'full'

  for (const passedRows of passedModes) {
    const layout = { ...base, passedRows }
    const text = assemble(
      report,
      layout,
      failing,
      failing.map(() => fullDetail)
    )
    if (measure(text) <= budget) return text
  }

  // Greedy: start every failure at one line, then give the full detail to as many as fit, in order.
  const layout: Layout = { ...base, passedRows: 'count' }
  const levels: DetailLevel[] = failing.map(() => 'line')
  const minimal = assemble(report, layout, failing, levels)
  let remaining = budget - measure(minimal)
  if (remaining < 0) {
    // Too many failures for a table row and a line each: keep the lines (id, line number, reason).
    const linesOnly = assemble(report, { ...layout, failureTable: false }, failing, levels)
    if (measure(linesOnly) <= budget) return linesOnly
    return renderIdsOnly(report, failing, layout, budget, measure)
  }

  const upgrades: DetailLevel[] = fullDetail === 'full' ? ['full', 'no-chart'] : ['no-chart']
  for (let i = 0; i < failing.length; i++) {
    const lineCost = measure(renderDetail(failing[i], 'line', layout))
    for (const level of upgrades) {
      const extra = measure(renderDetail(failing[i], level, layout)) - lineCost
      if (extra <= remaining) {
        levels[i] = level
        remaining -= extra
        break
      }
    }
  }
  return assemble(report, layout, failing, levels)
}

/** Last resort when even one line per failure is too much: the ids alone, and an explicit count of the rest. */
function renderIdsOnly(
  report: RunReport,
  failing: AssertionReport[],
  layout: Layout,
  budget: number,
  measure: SizeMeasure
): string {
  const head = [
    heading(report, layout),
    verdictLine(report),
    '',
    `Too many failures to show in detail here; the JSON report has all of them. Failed or errored assertions:`,
    ''
  ].join('\n')
  const footer = `\n\n${footerLine(report, layout)}\n`
  let used = measure(head) + measure(footer) + 200
  const names: string[] = []
  for (const result of failing) {
    const name = `${STATUS_EMOJI[result.verdict.status]} ${escapeMarkdown(truncate(result.assertion.id, 200))}`
    const cost = measure(name) + 2
    if (used + cost > budget) break
    names.push(name)
    used += cost
  }
  const left = failing.length - names.length
  const more =
    left > 0 ? `\n\n…and ${plural(left, 'more failed or errored assertion')} (see the JSON report).` : ''
  return `${head}${names.join(', ')}${more}${footer}`
}

// ---------------------------------------------------------------------------------------------------------
// Sections

function assemble(
  report: RunReport,
  layout: Layout,
  failing: AssertionReport[],
  levels: DetailLevel[]
): string {
  const parts: string[] = [
    heading(report, layout),
    ...planSection(report, layout.variant),
    verdictLine(report),
    ''
  ]
  parts.push(...table(report, layout, failing))
  parts.push(...scopeSection(report.results, layout.variant === 'comment' ? '#### ' : '### '))

  if (failing.length > 0) {
    parts.push(`${layout.variant === 'comment' ? '#### ' : '### '}Failures and errors`, '')
    if (levels.includes('line')) {
      // Constant text, so the budget arithmetic in fitToBudget stays exact.
      parts.push(`_${TRIMMED_NOTE}_`, '')
    }
    failing.forEach((result, i) => parts.push(renderDetail(result, levels[i], layout)))
  }

  if (layout.variant === 'summary') {
    parts.push(...resolutionProblems(report))
    parts.push(...warningList(report))
  }
  parts.push(footerLine(report, layout), '')
  return parts.join('\n')
}

function heading(report: RunReport, layout: Layout): string {
  const level = layout.variant === 'comment' ? '###' : '##'
  return `${level} Network preflight: ${escapeMarkdown(report.configFile)}\n`
}

/** "❌ 2 of 30 assertions failed, 1 error — 27 passed". */
export function verdictLine(report: Pick<RunReport, 'passed' | 'failed' | 'errors' | 'total'>): string {
  const { passed, failed, errors, total } = report
  if (total === 0) return 'ℹ️ **No assertions were checked**'
  const assertions = total === 1 ? 'assertion' : 'assertions'
  switch (runResult(report)) {
    case 'failed': {
      const errorPart = errors > 0 ? `, ${plural(errors, 'error')}` : ''
      return `${STATUS_EMOJI.failed} **${failed} of ${total} ${assertions} failed${errorPart} — ${passed} passed**`
    }
    case 'error':
      return `${STATUS_EMOJI.error} **${errors} of ${total} ${assertions} could not be checked (error) — ${passed} passed**`
    case 'passed':
      return total === 1
        ? `${STATUS_EMOJI.passed} **The 1 assertion passed**`
        : `${STATUS_EMOJI.passed} **All ${total} assertions passed**`
  }
}

// Two columns, so that an id is never split across lines at the PR comment's 780 px: browsers break a code
// span after any hyphen once its column is narrower than the id, and with source, destination and traffic in
// columns of their own the assertion id's column got only part of the width. So the verdict is said once in
// its own column, and the assertion cell holds the id (with its line and traffic) on the first line and
// source → destination on the next, split after the arrow when the two would not fit one line. Ids stay
// plain text in code spans, so what a reader copies is the id itself (no invisible joiners); only an id wider
// than the whole cell (about 75 characters at 780 px) still wraps. Duration and the analysis link are in the
// details.
const TABLE_HEADER = ['| Result | Assertion · source → destination |', '|---|---|']

/** Characters of "source → destination" kept on one line: about 450 px of GitHub's 14 px font and code. */
export const ENDPOINTS_LINE_CHARS = 60

function table(report: RunReport, layout: Layout, failing: AssertionReport[]): string[] {
  const passed = report.results.filter(r => r.verdict.status === 'passed')
  const listed =
    layout.passedRows === 'rows'
      ? [...report.results].sort(byStatusThenPosition)
      : layout.failureTable === false
        ? []
        : failing
  const lines: string[] = []
  if (listed.length > 0) lines.push(...TABLE_HEADER, ...listed.map(tableRow), '')
  if (layout.passedRows === 'count' && passed.length > 0) {
    const where =
      layout.variant === 'comment'
        ? layout.runUrl
          ? `, not listed here; the [job summary](${safeUrl(layout.runUrl) ?? ''}) has the full table`
          : ', not listed here; the job summary has the full table'
        : ", not listed to stay under GitHub's 1 MiB summary limit; the JSON report lists every assertion"
    lines.push(`${STATUS_EMOJI.passed} ${plural(passed.length, 'passed assertion')}${where}.`, '')
  }
  return lines
}

/** "❌ **not reachable**", "✅ reachable", "⚠️ error": the verdict said once. */
function resultCell(result: AssertionReport): string {
  const { verdict } = result
  if (verdict.status === 'error') return `${STATUS_EMOJI.error} error`
  // Outcomes are two: a failed "not reachable" was expected reachable, and the other way round.
  const actual = outcomeText(verdict.actual)
  return verdict.status === 'failed'
    ? `${STATUS_EMOJI.failed} **${actual}**`
    : `${STATUS_EMOJI.passed} ${actual}`
}

/** An endpoint in a table cell: its name when AWS has one, else its id, as code; the account in front. */
function endpointCell(
  endpoint: Endpoint,
  resolution: Resolution | undefined
): { cell: string; chars: number } {
  if (resolution?.ok) {
    const t = resolution.target
    const id = t.kind === 'ip' ? (t.ip ?? t.resourceId) : t.resourceId
    const shown = t.name && t.name !== id ? t.name : id
    const code = markdownCode(shown, 80)
    return endpoint.account
      ? {
          cell: `${markdownText(endpoint.account, 64)}: ${code}`,
          chars: endpoint.account.length + 2 + shown.length
        }
      : { cell: code, chars: shown.length }
  }
  const text = describeEndpoint(endpoint, resolution)
  return { cell: markdownText(text, 120), chars: text.length }
}

function tableRow(result: AssertionReport): string {
  const { assertion } = result
  const source = endpointCell(assertion.source, result.source)
  const destination = endpointCell(assertion.destination, result.destination)
  const oneLine = source.chars + 3 + destination.chars <= ENDPOINTS_LINE_CHARS
  // A set result names its ends as sets ("internet → resources in subnets tagged Tier=private (prod)").
  const ends =
    result.proof === 'scope'
      ? scopeEndsCell(result)
      : `${source.cell} →${oneLine ? ' ' : '<br>'}${destination.cell}`
  const assertionCell =
    `${markdownCode(assertion.id, 128)} · line ${assertion.location.line} · ${formatProtocolPort(result)}<br>` +
    ends
  return `| ${resultCell(result)} | ${assertionCell} |`
}

function renderDetail(result: AssertionReport, level: DetailLevel, layout: Layout): string {
  const { assertion, verdict, analysis } = result
  const id = assertion.id
  const reason = escapeMarkdown(truncate(verdict.reason, MAX_TEXT_CHARS))
  if (level === 'line') {
    return `- ${STATUS_EMOJI[verdict.status]} **${escapeMarkdown(id)}** (line ${assertion.location.line}): ${reason}\n`
  }

  const headline =
    verdict.status === 'failed'
      ? `${outcomeText(verdict.actual)}, expected ${outcomeText(verdict.expected)}`
      : 'could not be checked'
  const lines: string[] = [
    '<details>',
    `<summary>${STATUS_EMOJI[verdict.status]} <b>${escapeHtml(id)}</b> · line ${assertion.location.line} · ${headline}</summary>`,
    '',
    `**Why:** ${reason}`,
    ''
  ]
  if (assertion.description) lines.push(`_${escapeMarkdown(truncate(assertion.description, 500))}_`, '')

  // Only a failure has a story to draw; an error's partial path would suggest an answer it does not have.
  if (level === 'full' && verdict.status === 'failed') {
    const chart = pathDiagram(result)
    if (chart.length > 0) lines.push(...chart, '')
  } else {
    const hops = analysis?.forwardPath ?? []
    if (hops.length > 0)
      lines.push(`**Path:** ${hops.map(hop => markdownCode(hop.componentId, 80)).join(' → ')}`, '')
  }

  // Explanations the reason already says are not said again; their console links still help.
  const explanations = verdict.explanations.length > 0 ? verdict.explanations : (analysis?.explanations ?? [])
  const unsaid = explanations.filter(e => !verdict.reason.includes(e.sentence || e.code))
  if (unsaid.length > 0) lines.push(...unsaid.map(explanationItem), '')

  const facts: string[] = [
    `**Source:** ${endpointDetail(assertion.source, result.source, verdict.reason)}`,
    `**Destination:** ${endpointDetail(assertion.destination, result.destination, verdict.reason)}`,
    `**Traffic:** ${formatProtocolPort(result)} in ${escapeMarkdown(assertion.region)}` +
      (assertion.labels.length > 0
        ? ` · labels: ${assertion.labels.map(label => escapeMarkdown(label)).join(', ')}`
        : '')
  ]
  if (analysis && analysis.status !== 'succeeded') {
    const message = analysis.message ? `: ${escapeMarkdown(truncate(analysis.message, MAX_TEXT_CHARS))}` : ''
    facts.push(`**Analysis status:** ${escapeMarkdown(analysis.status)}${message}`)
  }
  const scopeFact = result.scope ? scopeAnalysisFact(result.scope) : undefined
  if (scopeFact) facts.push(scopeFact)
  const url = analysisConsoleUrl(assertion.region, analysis)
  const links = explanations
    .filter(e => !unsaid.includes(e))
    .map(e => safeUrl(e.consoleUrl))
    .filter((u): u is string => u !== undefined)
  if (analysis?.analysisId) {
    const idText = markdownCode(analysis.analysisId, 80)
    facts.push(
      `**Analysis:** ${url ? `[${idText}](${url})` : idText} · ${formatDuration(analysis.durationMs)}` +
        links.map(u => ` · [component in the console](${u})`).join('')
    )
  }
  lines.push(facts.join('<br>\n'), '')

  const returnHops = analysis?.returnPath ?? []
  if (layout.variant === 'summary' && returnPathDiffers(result)) {
    lines.push(`**Return path:** ${returnHops.map(hop => markdownCode(hop.componentId, 80)).join(' → ')}`, '')
  }
  lines.push('</details>', '')
  return lines.join('\n')
}

function endpointDetail(endpoint: Endpoint, resolution: Resolution | undefined, reason: string): string {
  const text = escapeMarkdown(truncate(describeEndpoint(endpoint, resolution), 300))
  if (!resolution) return text
  // An unresolved selector's error is already the reason: said once.
  if (!resolution.ok)
    return reason.includes(resolution.error)
      ? `${text} — not resolved`
      : `${text} — not resolved: ${escapeMarkdown(truncate(resolution.error, 500))}`
  const target = resolution.target
  const extra = [
    target.primaryNetworkInterfaceId ? markdownCode(target.primaryNetworkInterfaceId, 80) : undefined,
    target.vpcId ? markdownCode(target.vpcId, 80) : undefined
  ].filter((part): part is string => part !== undefined)
  return extra.length > 0 ? `${text} (${extra.join(', ')})` : text
}

function explanationItem(explanation: Explanation): string {
  const sentence = escapeMarkdown(truncate(explanation.sentence || explanation.code, MAX_TEXT_CHARS))
  const url = safeUrl(explanation.consoleUrl)
  return `- ${sentence}${url ? ` — [console](${url})` : ''}`
}

interface ResolutionItem {
  result: AssertionReport
  endpoint: Endpoint
  problem: string
}

function resolutionItems(report: RunReport): ResolutionItem[] {
  const items: ResolutionItem[] = []
  for (const result of [...report.results].sort(byPosition)) {
    const { assertion } = result
    const pairs: Array<[Endpoint, Resolution | undefined]> = [
      [assertion.source, result.source],
      [assertion.destination, result.destination],
      ...assertion.via.map((e, i): [Endpoint, Resolution | undefined] => [e, result.via[i]]),
      ...assertion.avoid.map((e, i): [Endpoint, Resolution | undefined] => [e, result.avoid[i]])
    ]
    for (const [endpoint, resolution] of pairs) {
      if (!resolution) continue
      // An unresolved endpoint of a failed or errored assertion is in its failure details already.
      if (!resolution.ok && result.verdict.status !== 'passed') continue
      if (!resolution.ok) items.push({ result, endpoint, problem: resolution.error })
      else
        for (const warning of resolution.target.warnings ?? [])
          items.push({ result, endpoint, problem: warning })
    }
  }
  return items
}

function resolutionProblems(report: RunReport): string[] {
  const items = resolutionItems(report)
  if (items.length === 0) return []
  const lines = ['### Resolution problems', '']
  for (const { result, endpoint, problem } of items.slice(0, MAX_LISTED_ITEMS)) {
    lines.push(
      `- **${escapeMarkdown(result.assertion.id)}** ${endpoint.role} (line ${endpoint.location.line}, ` +
        `${escapeMarkdown(truncate(describeEndpoint(endpoint, undefined), 200))}): ${escapeMarkdown(truncate(problem, 500))}`
    )
  }
  if (items.length > MAX_LISTED_ITEMS)
    lines.push(`- …and ${items.length - MAX_LISTED_ITEMS} more (see the JSON report)`)
  lines.push('')
  return lines
}

function warningList(report: RunReport): string[] {
  const items = [...report.results]
    .sort(byPosition)
    .flatMap(result => result.verdict.warnings.map(warning => ({ result, warning })))
  if (items.length === 0) return []
  const lines = ['### Warnings', '']
  for (const { result, warning } of items.slice(0, MAX_LISTED_ITEMS)) {
    lines.push(
      `- **${escapeMarkdown(result.assertion.id)}** (line ${result.assertion.location.line}): ${escapeMarkdown(truncate(warning, 500))}`
    )
  }
  if (items.length > MAX_LISTED_ITEMS)
    lines.push(`- …and ${items.length - MAX_LISTED_ITEMS} more (see the JSON report)`)
  lines.push('')
  return lines
}

function footerLine(report: RunReport, layout: Layout): string {
  const runUrl = safeUrl(layout.runUrl)
  const parts = [
    `${plural(report.analysesStarted, 'analysis', 'analyses')} started (estimated cost ${formatUsd(report.estimatedCostUsd)})`,
    `took ${formatDuration(report.durationMs)}`,
    `network-preflight ${escapeMarkdown(report.version)}`
  ]
  if (runUrl) parts.push(`[workflow run](${runUrl})`)
  return `<sub>${parts.join(' · ')}</sub>`
}
