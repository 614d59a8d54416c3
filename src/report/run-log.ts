// The action's log while and after a run: resolution detail folded in a group, a progress line at least
// every 15 s while analyses run, then one folded group per assertion (its verdict as the title, the
// detail inside), so the top-level log stays short. Every line goes through actionLog (src/safety).
import { ProgressTracker, type PipelineEvent } from '../analyze/progress.js'
import type { AssertionReport, Endpoint, Resolution, RunReport } from '../model.js'
import { cutText } from '../safety/index.js'
import { renderPath } from '../verdict/index.js'
import { describeEndpoint, formatDuration, formatProtocolPort, outcomeText } from './format.js'
import { actionLog } from './log.js'
import { ACTION_PROGRESS_INTERVAL_MS, ProgressThrottle } from './progress.js'

/** What the action logs through: actionLog, or a recorder in tests. */
export interface LogSink {
  info(line: string): void
  startGroup(title: string): void
  endGroup(): void
}

export interface ActionProgressOptions {
  intervalMs?: number
  now?: () => number
  sink?: LogSink
  /** The timer that re-checks the throttle between events; tests drive `tick()` themselves. */
  timers?: boolean
}

export interface ActionProgress {
  /** Pass as the pipeline's onProgress. */
  onProgress(event: PipelineEvent): void
  /** Re-checks whether a line is due (the timer calls it). */
  tick(): void
  /** Ends the timer and any open group; call once the pipeline returned (or threw). */
  stop(): void
}

export function actionProgress(options: ActionProgressOptions = {}): ActionProgress {
  const now = options.now ?? Date.now
  const sink = options.sink ?? actionLog
  const intervalMs = options.intervalMs ?? ACTION_PROGRESS_INTERVAL_MS
  const tracker = new ProgressTracker(now)
  const throttle = new ProgressThrottle({ intervalMs }, now)
  let groupOpen = false
  const closeGroup = (): void => {
    if (groupOpen) sink.endGroup()
    groupOpen = false
  }
  const tick = (): void => {
    const line = throttle.next(tracker.snapshot())
    if (line) sink.info(line)
  }
  // A second's resolution is enough between events: a line is never late by more than that.
  const timer = options.timers === false ? undefined : setInterval(tick, Math.min(1000, intervalMs)).unref?.()
  const stop = (): void => {
    if (timer) clearInterval(timer)
    closeGroup()
  }
  return {
    onProgress(event) {
      tracker.observe(event)
      if (event.type === 'phase' && event.phase === 'resolving') {
        // Resolution detail (the pipeline's log lines until the analyses start) folds under this title.
        closeGroup()
        sink.startGroup(`Resolving ${event.endpoints ?? 'the'} endpoints`)
        groupOpen = true
      } else if (event.type === 'phase') {
        closeGroup()
      }
      tick()
      if (event.type === 'phase' && event.phase === 'deciding' && timer) clearInterval(timer)
    },
    tick,
    stop
  }
}

const MARK = { passed: '✔', failed: '✖', error: '⚠' } as const

/** The resource an end resolved to; a set proved by a scope resolves none, so what its selector says. */
function resolved(r: Resolution | undefined, end: Endpoint): string {
  if (!r) return describeEndpoint(end, undefined)
  if (!r.ok) return `unresolved (${r.error})`
  return r.target.ip ?? (r.target.name ? `${r.target.resourceId} (${r.target.name})` : r.target.resourceId)
}

/** One assertion's folded group: its verdict as the title, what a reader checks next inside. */
export function verdictGroup(r: AssertionReport): { title: string; lines: string[] } {
  const v = r.verdict
  const reason = cutText(v.reason, 200)
  const title = `${MARK[v.status]} ${r.assertion.id}: ${v.status}${v.status === 'passed' ? ` (${outcomeText(v.actual)})` : ` — ${reason}`}`
  const lines = [
    `${r.assertion.type} ${formatProtocolPort(r)}, config line ${r.assertion.location.line}`,
    `source:      ${resolved(r.source, r.assertion.source)}`,
    `destination: ${resolved(r.destination, r.assertion.destination)}`,
    `expected ${outcomeText(v.expected)}, actual ${outcomeText(v.actual)}`,
    `reason: ${v.reason}`
  ]
  const a = r.analysis
  if (a?.analysisId) lines.push(`analysis: ${a.analysisId} (${a.status}, ${formatDuration(a.durationMs)})`)
  if (a?.forwardPath.length) lines.push(`path: ${renderPath(a.forwardPath)}`)
  // Said once: an explanation the reason already quotes is not repeated.
  for (const e of v.explanations) if (!v.reason.includes(e.sentence)) lines.push(`- ${e.sentence}`)
  for (const w of v.warnings) lines.push(`warning: ${w}`)
  return { title, lines }
}

/** Every assertion as a folded group, in config order. */
export function logVerdictGroups(report: RunReport, sink: LogSink = actionLog): void {
  for (const r of report.results) {
    const { title, lines } = verdictGroup(r)
    sink.startGroup(title)
    for (const line of lines) sink.info(line)
    sink.endGroup()
  }
}
