// The drift issue (input `drift-issue: true`, for scheduled runs): one open GitHub issue per config file
// while declared connectivity does not match reality. It is created when assertions start failing, its
// body is refreshed on every run, a comment is added only when the set of failing assertions changes, and
// it is closed with a "resolved" comment when everything passes again. Needs `issues: write`; without it
// the run gets one warning and its verdict is unchanged.
import * as core from '@actions/core'
import * as github from '@actions/github'
import type { RunReport } from '../model.js'
import type { AnnotationSink } from './annotations.js'
import { authoredBy, createGitHubClient, tokenLogin, type GitHubClient } from './comment.js'
import {
  decodeDataBlock,
  diffRuns,
  fitDataBlock,
  toDriftSnapshot,
  type DriftDiff,
  type DriftSnapshot,
  type StatusChange
} from './drift-diff.js'
import { STATUS_EMOJI, escapeMarkdown, oneLine, outcomeText, plural, safeUrl, truncate } from './format.js'
import { cleanText, documentText, logLine, markdownCode } from '../safety/index.js'
import { toJsonReport } from './json.js'
import { COMMENT_LIMIT_CHARS, renderCommentBody, verdictLine } from './summary.js'

export {
  DRIFT_DATA_FORMAT,
  decodeDataBlock,
  diffRuns,
  encodeDataBlock,
  fitDataBlock,
  toDriftSnapshot,
  type DriftDiff,
  type DriftResultState,
  type DriftSnapshot,
  type FittedDataBlock,
  type PathChange,
  type SnapshotMeta,
  type StatusChange,
  type ViolationChange
} from './drift-diff.js'

export const DEFAULT_DRIFT_LABEL = 'network-preflight-drift'
/** GitHub's limit for an issue body (the same as for a comment). */
export const ISSUE_BODY_LIMIT_CHARS = COMMENT_LIMIT_CHARS
/** Everything we write stays under this, with room to spare below the limit. */
const BODY_BUDGET_CHARS = 65_000
/** At most this much of the body goes to the hidden data block; the readable report gets the rest. */
const DATA_BUDGET_CHARS = 30_000
/** At most this much goes to the list of changes (in the body and in a comment). */
const CHANGES_BUDGET_CHARS = 10_000
const TITLE_LIMIT_CHARS = 256
const LABEL_COLOR = 'd93f0b'
const LABEL_DESCRIPTION = 'network-preflight: declared AWS connectivity no longer matches reality'

/** The hidden first line that marks the drift issue of one config file. */
export function driftMarker(configFile: string): string {
  // As for the PR comment marker: `>` and line breaks would end the HTML comment early.
  const safe = cleanText(configFile.replace(/>/g, '%3E'), 300)
  return `<!-- network-preflight:drift config=${safe} -->`
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

/** "2026-03-15 14:31 UTC" (the ISO string itself when it does not parse). */
function formatTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return escapeMarkdown(iso)
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** An AWS component id in a code span (any backtick inside is fenced, not lost). */
function componentCode(id: string): string {
  return markdownCode(id, 120)
}

function outcomeChange(change: StatusChange): string {
  const { actualFrom, actualTo } = change
  if (!actualFrom || !actualTo || actualFrom === actualTo) return ''
  if (actualFrom === 'unknown' || actualTo === 'unknown') return ''
  return ` (${outcomeText(actualFrom)} → ${outcomeText(actualTo)})`
}

function statusChangeLine(change: StatusChange): string {
  const id = `**${escapeMarkdown(truncate(change.assertionId, 200))}**`
  if (change.to === null) return `- ➖ ${id}: no longer in the config (was ${change.from ?? 'unknown'})`
  const emoji = STATUS_EMOJI[change.to]
  if (change.from === null) {
    const outcome =
      change.actualTo && change.actualTo !== 'unknown' ? ` (${outcomeText(change.actualTo)})` : ''
    return `- ${emoji} ${id}: new assertion, ${change.to}${outcome}`
  }
  return `- ${emoji} ${id}: ${change.from} → ${change.to}${outcomeChange(change)}`
}

function pathChangeLine(change: DriftDiff['pathChanges'][number]): string {
  const parts: string[] = []
  if (change.removed.length > 0) parts.push(`hops removed: ${change.removed.map(componentCode).join(', ')}`)
  if (change.added.length > 0) parts.push(`hops added: ${change.added.map(componentCode).join(', ')}`)
  return `- 🔀 **${escapeMarkdown(truncate(change.assertionId, 200))}**: ${parts.join('; ')}`
}

function violationChangeLine(change: DriftDiff['violationChanges'][number]): string {
  const paths = (keys: string[]) => keys.map(componentCode).join(', ')
  const parts: string[] = []
  if (change.appeared.length > 0)
    parts.push(`${plural(change.appeared.length, 'new violating path')}: ${paths(change.appeared)}`)
  if (change.disappeared.length > 0)
    parts.push(`${plural(change.disappeared.length, 'violating path')} gone: ${paths(change.disappeared)}`)
  const emoji = change.appeared.length > 0 ? '🆕' : '➖'
  return `- ${emoji} **${escapeMarkdown(truncate(change.assertionId, 200))}**: ${parts.join('; ')}`
}

/** Lines until the budget is spent, then one "…and N more" line. */
function capped(lines: string[], budget: number, what: string): string[] {
  const kept: string[] = []
  let used = 0
  for (const line of lines) {
    // Room is kept for the closing "…and N more" line.
    if (used + line.length + 1 > budget - 80) break
    kept.push(line)
    used += line.length + 1
  }
  const left = lines.length - kept.length
  if (left > 0) kept.push(`- …and ${plural(left, what)} (see the job summary of the run)`)
  return kept
}

/**
 * The difference between two runs as Markdown: verdict changes, then forward-path changes of paths that
 * are still reachable. Stays within `maxChars`.
 */
export function renderDriftChanges(diff: DriftDiff, maxChars: number = CHANGES_BUDGET_CHARS): string {
  if (!hasChanges(diff)) {
    return 'No assertion changed its verdict or its forward path since the previous run.'
  }
  const sections: string[] = []
  const kinds = [diff.statusChanges, diff.pathChanges, diff.violationChanges].filter(c => c.length > 0)
  const share = maxChars / kinds.length
  if (diff.statusChanges.length > 0) {
    sections.push(
      [
        '**Verdict changes**',
        '',
        ...capped(diff.statusChanges.map(statusChangeLine), share, 'more change')
      ].join('\n')
    )
  }
  if (diff.pathChanges.length > 0) {
    sections.push(
      [
        '**Forward-path changes** (still reachable, through different components)',
        '',
        ...capped(diff.pathChanges.map(pathChangeLine), share, 'more path change')
      ].join('\n')
    )
  }
  if (diff.violationChanges.length > 0) {
    sections.push(
      [
        '**Violating path changes** (set assertions proved with Network Access Analyzer: source → destination)',
        '',
        ...capped(diff.violationChanges.map(violationChangeLine), share, 'more set change')
      ].join('\n')
    )
  }
  return sections.join('\n\n')
}

/** Whether anything changed that the issue reports: a verdict, a forward path, a set's violating paths. */
export function hasChanges(diff: DriftDiff): boolean {
  return diff.statusChanges.length + diff.pathChanges.length + diff.violationChanges.length > 0
}

export interface DriftBodyInput {
  report: RunReport
  configFile: string
  /** Link to this workflow run. */
  runUrl?: string
  /** This run as the issue stores it (with `drifting_since` carried over). */
  current: DriftSnapshot
  /** The run stored in the issue before, when there is an issue and its data could be read. */
  previous?: DriftSnapshot
  /** True for a new issue: there is no previous run to compare with. */
  firstDetection?: boolean
  /** True when everything passes again and the issue is being closed. */
  resolved?: boolean
}

/** The issue title: what fails, in which file. */
export function renderDriftTitle(report: RunReport, configFile: string): string {
  const failing = report.failed + report.errors
  const title =
    failing === 0
      ? `Network drift resolved: ${configFile}`
      : `Network drift: ${failing} of ${report.total} assertions not holding in ${configFile}`
  return oneLine(title, TITLE_LIMIT_CHARS)
}

/**
 * The whole issue body, under GitHub's 65,536-character limit: marker, what changed since the previous
 * run, the compact report (verdict table, explanations, link to the run) and the hidden data block.
 */
export function renderDriftBody(input: DriftBodyInput): string {
  const { report, configFile, runUrl, current, previous } = input
  const marker = driftMarker(configFile)
  const data = fitDataBlock(current, DATA_BUDGET_CHARS)
  const file = escapeMarkdown(configFile)
  const link = (text: string, url: string | null | undefined) => {
    const safe = safeUrl(url ?? undefined)
    return safe ? `[${text}](${safe})` : text
  }

  const head: string[] = [marker]
  if (input.resolved) {
    head.push(
      `## ✅ Network drift resolved: ${file}`,
      '',
      `Every assertion in ${file} passes again (${link('workflow run', runUrl)}, ${formatTime(current.finished_at)}).` +
        ` The drift lasted from ${formatTime(current.drifting_since)}.`,
      ''
    )
  } else {
    head.push(
      `## ⚠️ Network drift: ${file}`,
      '',
      `Declared connectivity in ${file} no longer matches what AWS Reachability Analyzer finds. ` +
        'This issue is updated by every scheduled network-preflight run and closes itself when every assertion passes again.',
      '',
      `**Drifting since** ${formatTime(current.drifting_since)} (${link('first run', current.drifting_since_run_url)})` +
        ` · **last checked** ${formatTime(current.finished_at)} (${link('workflow run', runUrl)})`,
      ''
    )
  }

  if (input.firstDetection) {
    head.push('### What changed', '', 'First detected in this run.', '')
  } else if (previous) {
    head.push(
      `### What changed since the previous run (${formatTime(previous.finished_at)})`,
      '',
      renderDriftChanges(diffRuns(previous, current)),
      ''
    )
  } else {
    head.push(
      '### What changed',
      '',
      "_This issue holds no readable data from the previous run, so this run's changes cannot be shown._",
      ''
    )
  }
  if (data.pathsDropped > 0 || data.passedOmitted || !data.block) {
    const kept = !data.block
      ? 'no data is kept for the next run, which will show no changes'
      : data.passedOmitted
        ? 'only the assertions that do not pass are kept for the next run, and no paths'
        : `${plural(data.pathsDropped, 'forward path')} could not be kept, so the next run cannot compare their hops`
    head.push(`_Too many assertions for one issue: ${kept}._`, '')
  }

  const top = head.join('\n')
  const tail = data.block ? `\n${data.block}\n` : ''
  const budget = BODY_BUDGET_CHARS - top.length - tail.length - 1
  // The last guard: no control character and no line over the bound, whatever a section forgot.
  return documentText(`${top}\n${renderCommentBody(report, { runUrl, maxChars: budget })}${tail}`)
}

function renderChangeComment(diff: DriftDiff, report: RunReport, runUrl: string | undefined): string {
  const safe = safeUrl(runUrl)
  const where = safe ? `[workflow run](${safe}), ` : ''
  const lines = [
    `**The drift changed** (${where}${formatTime(report.finishedAt)})`,
    '',
    renderDriftChanges(diff),
    '',
    `Now: ${verdictLine(report)}`,
    ''
  ]
  return documentText(lines.join('\n'))
}

function renderResolvedComment(
  report: RunReport,
  configFile: string,
  runUrl: string | undefined,
  diff: DriftDiff | undefined
): string {
  const safe = safeUrl(runUrl)
  const where = safe ? `[workflow run](${safe}), ` : ''
  const lines = [
    `✅ **Resolved**: every assertion in ${escapeMarkdown(configFile)} passes again (${where}${formatTime(report.finishedAt)}). Closing this issue.`,
    ''
  ]
  if (diff && hasChanges(diff)) lines.push(renderDriftChanges(diff), '')
  return documentText(lines.join('\n'))
}

// ---------------------------------------------------------------------------------------------------------
// GitHub

export interface DriftIssueArgs {
  token: string
  report: RunReport
  /** The config file as the repository knows it; one issue per file. */
  configFile: string
  /** Label that marks drift issues (default `network-preflight-drift`). */
  label?: string
  /** Link to this workflow run. */
  runUrl?: string
  /** An Octokit (tests); default one built from `token` for this run's API URL. */
  octokit?: GitHubClient
  /** Where warnings and progress go (default `@actions/core`). */
  sink?: DriftSink
  /** The repository (default `github.context.repo`). */
  repo?: { owner: string; repo: string }
}

export type DriftSink = Pick<AnnotationSink, 'warning'> & { info?(message: string): void }

interface OpenDriftIssue {
  number: number
  body: string
}

/**
 * Opens, updates or closes the drift issue of `configFile` for this run. Returns the number of the drift
 * issue open after the run, or undefined when none is (everything passes, or GitHub refused). Never
 * throws: the issue is a notification, the check's verdict does not depend on it.
 */
export async function openOrUpdateDriftIssue(args: DriftIssueArgs): Promise<number | undefined> {
  const sink = args.sink ?? core
  try {
    const tracker = new DriftTracker(
      args.octokit ?? createGitHubClient(args.token),
      args.repo ?? github.context.repo,
      args.configFile,
      args.label?.trim() || DEFAULT_DRIFT_LABEL,
      args.runUrl,
      sink
    )
    return await tracker.run(args.report)
  } catch (error) {
    sink.warning(logLine(failureMessage(error)), { title: 'network-preflight: drift issue not updated' })
    return undefined
  }
}

function failureMessage(error: unknown): string {
  const status = (error as { status?: unknown }).status
  const message = error instanceof Error ? error.message : String(error)
  if (status === 403 && /rate limit/i.test(message)) {
    return `GitHub rate-limited the drift issue update (403: ${message}); the next run will update it.`
  }
  if (status === 403 || status === 404) {
    return (
      `GitHub refused the drift issue (${status}): the token lacks the \`issues: write\` permission. ` +
      'Add `permissions: { issues: write }` to the job, or set `drift-issue: false`.'
    )
  }
  if (status === 410) {
    return 'GitHub refused the drift issue (410): issues are disabled in this repository. Enable them, or set `drift-issue: false`.'
  }
  return `Could not update the drift issue: ${message}`
}

/** One run's conversation with the issues API for one config file. */
class DriftTracker {
  private readonly marker: string

  constructor(
    private readonly octokit: GitHubClient,
    private readonly repo: { owner: string; repo: string },
    private readonly configFile: string,
    private readonly label: string,
    private readonly runUrl: string | undefined,
    private readonly sink: DriftSink
  ) {
    this.marker = driftMarker(configFile)
  }

  async run(report: RunReport): Promise<number | undefined> {
    const open = await this.listOpen()
    const json = toJsonReport(report)
    const drifting = report.failed + report.errors > 0

    if (!drifting) {
      for (const issue of open) await this.resolve(issue, report, json)
      return undefined
    }

    if (open.length === 0) {
      const current = toDriftSnapshot(json, { runUrl: this.runUrl })
      const body = renderDriftBody({
        report,
        configFile: this.configFile,
        runUrl: this.runUrl,
        current,
        firstDetection: true
      })
      await this.ensureLabel()
      const { data } = await this.octokit.rest.issues.create({
        ...this.repo,
        title: renderDriftTitle(report, this.configFile),
        body,
        labels: [this.label]
      })
      this.sink.info?.(`Opened drift issue #${data.number}.`)
      // Two overlapping runs may both have found no issue and both created one: list again and keep the
      // oldest. Every run converges on the same choice, so at most one stays open.
      const after = await this.listOpen()
      const candidates = after.some(issue => issue.number === data.number)
        ? after
        : [...after, { number: data.number, body }].sort((a, b) => a.number - b.number)
      const [kept, ...duplicates] = candidates
      await this.closeDuplicates(kept.number, duplicates)
      return kept.number
    }

    const [kept, ...duplicates] = open
    await this.closeDuplicates(kept.number, duplicates)
    const previous = decodeDataBlock(kept.body)
    const current = toDriftSnapshot(json, {
      runUrl: this.runUrl,
      driftingSince: previous?.drifting_since,
      driftingSinceRunUrl: previous?.drifting_since_run_url
    })
    await this.octokit.rest.issues.update({
      ...this.repo,
      issue_number: kept.number,
      title: renderDriftTitle(report, this.configFile),
      body: renderDriftBody({ report, configFile: this.configFile, runUrl: this.runUrl, current, previous })
    })
    const diff = previous ? diffRuns(previous, current) : undefined
    // A set assertion that fails with other violating paths than before is news too (a newly exposed box).
    if (diff && (diff.failingSetChanged || diff.violationChanges.length > 0)) {
      await this.octokit.rest.issues.createComment({
        ...this.repo,
        issue_number: kept.number,
        body: renderChangeComment(diff, report, this.runUrl)
      })
      this.sink.info?.(`Drift issue #${kept.number} updated; the failing assertions changed (commented).`)
    } else {
      this.sink.info?.(`Drift issue #${kept.number} updated.`)
    }
    return kept.number
  }

  /** Who the token is; only issues it opened are ours (anyone can open one carrying the marker). */
  private login?: string

  /** Open issues with the label, opened by the token's identity, whose body starts with this file's marker, oldest first. */
  private async listOpen(): Promise<OpenDriftIssue[]> {
    const login = (this.login ??= await tokenLogin(this.octokit))
    const issues = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
      ...this.repo,
      state: 'open',
      labels: this.label,
      creator: login,
      per_page: 100
    })
    return (
      issues
        // The issues API lists pull requests too.
        .filter(
          issue =>
            !issue.pull_request &&
            authoredBy(issue, login) &&
            (issue.body ?? '').trimStart().startsWith(this.marker)
        )
        .map(issue => ({ number: issue.number, body: issue.body ?? '' }))
        .sort((a, b) => a.number - b.number)
    )
  }

  /** Creates the label; one that already exists (422 already_exists) is fine. */
  private async ensureLabel(): Promise<void> {
    try {
      await this.octokit.rest.issues.createLabel({
        ...this.repo,
        name: this.label,
        color: LABEL_COLOR,
        description: LABEL_DESCRIPTION
      })
    } catch (error) {
      if (!isAlreadyExists(error)) throw error
    }
  }

  private async closeDuplicates(keptNumber: number, duplicates: OpenDriftIssue[]): Promise<void> {
    for (const duplicate of duplicates) {
      await this.octokit.rest.issues.createComment({
        ...this.repo,
        issue_number: duplicate.number,
        body:
          `Duplicate of #${keptNumber}: network-preflight keeps one drift issue per config file ` +
          '(overlapping runs opened more than one). Closing this one.'
      })
      await this.closeAsDuplicate(duplicate.number)
      this.sink.info?.(`Closed drift issue #${duplicate.number} as a duplicate of #${keptNumber}.`)
    }
  }

  private async resolve(
    issue: OpenDriftIssue,
    report: RunReport,
    json: ReturnType<typeof toJsonReport>
  ): Promise<void> {
    const previous = decodeDataBlock(issue.body)
    const current = toDriftSnapshot(json, {
      runUrl: this.runUrl,
      driftingSince: previous?.drifting_since,
      driftingSinceRunUrl: previous?.drifting_since_run_url
    })
    const diff = previous ? diffRuns(previous, current) : undefined
    await this.octokit.rest.issues.createComment({
      ...this.repo,
      issue_number: issue.number,
      body: renderResolvedComment(report, this.configFile, this.runUrl, diff)
    })
    await this.octokit.rest.issues.update({
      ...this.repo,
      issue_number: issue.number,
      title: renderDriftTitle(report, this.configFile),
      body: renderDriftBody({
        report,
        configFile: this.configFile,
        runUrl: this.runUrl,
        current,
        previous,
        resolved: true
      }),
      state: 'closed',
      state_reason: 'completed'
    })
    this.sink.info?.(`Closed drift issue #${issue.number}: every assertion passes again.`)
  }

  private async closeAsDuplicate(issueNumber: number): Promise<void> {
    try {
      await this.octokit.rest.issues.update({
        ...this.repo,
        issue_number: issueNumber,
        state: 'closed',
        state_reason: 'duplicate'
      })
    } catch (error) {
      // GitHub Enterprise Server versions without the `duplicate` reason answer 422; close as not planned.
      if ((error as { status?: unknown }).status !== 422) throw error
      await this.octokit.rest.issues.update({
        ...this.repo,
        issue_number: issueNumber,
        state: 'closed',
        state_reason: 'not_planned'
      })
    }
  }
}

function isAlreadyExists(error: unknown): boolean {
  if ((error as { status?: unknown }).status !== 422) return false
  const errors = (error as { response?: { data?: { errors?: Array<{ code?: unknown }> } } }).response?.data
    ?.errors
  return Array.isArray(errors) && errors.some(entry => entry?.code === 'already_exists')
}
