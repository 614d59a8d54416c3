// Progress lines while analyses run, shared by the CLI and the action: the text of one line, and when a
// line is due (a throttle over an injected clock, so it is tested without timers). Pure: no @actions import,
// the CLI uses it too. Every number here is ours; no outside string reaches these lines.
import type { ProgressSnapshot } from '../analyze/progress.js'
import { formatDuration, plural } from './format.js'

/** The action's default: a progress line at least every 15 s while analyses run (and never more often). */
export const ACTION_PROGRESS_INTERVAL_MS = 15_000
/** The CLI's default when it cannot redraw a line (a pipe, a file, NO_COLOR): every 10 s and every 25%. */
export const PLAIN_PROGRESS_INTERVAL_MS = 10_000
/** Variable that sets the interval, in seconds (a decimal is fine): for slow CI logs, or for tests. */
export const PROGRESS_INTERVAL_ENV = 'NETWORK_PREFLIGHT_PROGRESS_INTERVAL'

/** The interval from NETWORK_PREFLIGHT_PROGRESS_INTERVAL (seconds, 0.1 to 3600), else `fallbackMs`. */
export function progressIntervalMs(env: Record<string, string | undefined>, fallbackMs: number): number {
  const raw = env[PROGRESS_INTERVAL_ENV]?.trim()
  if (!raw || !/^\d+(\.\d+)?$/.test(raw)) return fallbackMs
  const seconds = Number(raw)
  return seconds >= 0.1 && seconds <= 3600 ? Math.round(seconds * 1000) : fallbackMs
}

function seconds(ms: number): string {
  return ms < 1000 ? '0 s' : formatDuration(ms)
}

/**
 * "[14 s] 12/50 analyses done, 10 running, 28 queued, about 20 s left, 0 throttled retries": the counts
 * first, so a narrow terminal cuts only the tail. While resolving: "[3 s] resolving 120 endpoints".
 */
export function formatProgress(s: ProgressSnapshot): string {
  const elapsed = `[${seconds(s.elapsedMs)}]`
  if (s.phase === 'resolving') {
    return `${elapsed} resolving ${s.endpoints === undefined ? 'endpoints' : plural(s.endpoints, 'endpoint')}`
  }
  if (s.total === 0) return `${elapsed} planning analyses`
  const left =
    s.done === s.total
      ? 'none left'
      : s.estimatedLeftMs === undefined
        ? 'estimating the time left'
        : `about ${seconds(s.estimatedLeftMs)} left`
  return (
    `${elapsed} ${s.done}/${plural(s.total, 'analysis', 'analyses')} done, ${s.running} running, ${s.queued} queued, ` +
    `${left}, ${plural(s.throttledRetries, 'throttled retry', 'throttled retries')}`
  )
}

/** The line after the last analysis: "all 50 analyses done in 42 s (3 throttled retries)". */
export function formatFinished(s: ProgressSnapshot): string {
  const retries = s.throttledRetries
    ? ` (${plural(s.throttledRetries, 'throttled retry', 'throttled retries')})`
    : ''
  return `${s.done === s.total ? 'all ' : `${s.done} of `}${plural(s.total, 'analysis', 'analyses')} done in ${seconds(s.elapsedMs)}${retries}`
}

export interface ProgressPolicy {
  /** A line at least this often while analyses run, and (without steps) never more often. */
  intervalMs: number
  /** Also a line each time `done` crosses another multiple of this share of the total (0.25: every 25%). */
  stepFraction?: number
}

/**
 * Decides which progress lines to print: the first once analyses are planned, then one per interval, one
 * per step crossed (if any), and the finishing line once the run moves on to its verdicts. Feed it every
 * snapshot (on each event and on a timer tick); it returns the line due now, if one is.
 */
export class ProgressThrottle {
  private lastAt?: number
  private lastStep = 0
  private finished = false

  constructor(
    private readonly policy: ProgressPolicy,
    private readonly now: () => number
  ) {}

  next(s: ProgressSnapshot): string | undefined {
    if (this.finished) return undefined
    if (s.phase === 'deciding') {
      this.finished = true
      // Only a run that showed progress closes it; a run without analyses says nothing here.
      return this.lastAt !== undefined && s.total > 0 ? formatFinished(s) : undefined
    }
    if (s.phase !== 'analyzing' || s.total === 0) return undefined
    const now = this.now()
    const step = this.policy.stepFraction ? Math.floor(s.done / s.total / this.policy.stepFraction + 1e-9) : 0
    const stepCrossed = step > this.lastStep && s.done < s.total
    // A step crossed right after a line (within a fifth of the interval, at most 2 s) adds nothing: it is consumed.
    const recent = this.lastAt !== undefined && now - this.lastAt < Math.min(2000, this.policy.intervalMs / 5)
    if (stepCrossed && recent) this.lastStep = step
    const due =
      this.lastAt === undefined || now - this.lastAt >= this.policy.intervalMs || (stepCrossed && !recent)
    if (!due) return undefined
    this.lastAt = now
    this.lastStep = Math.max(this.lastStep, step)
    return formatProgress(s)
  }
}
