// `run`'s progress on stderr (stdout stays the report: text or pure JSON). On a terminal, one live line
// redrawn in place and erased before the results print; in a pipe, a file, with NO_COLOR, TERM=dumb or debug,
// plain lines: when the analyses start, every 10 s, at every 25% and when they are done.
import { ProgressTracker, type PipelineEvent } from '../analyze/progress.js'
import {
  formatProgress,
  PLAIN_PROGRESS_INTERVAL_MS,
  ProgressThrottle,
  progressIntervalMs
} from '../report/progress.js'
import { CLEAR_LINE, statusLine } from '../safety/index.js'

export interface ProgressStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

export interface CliProgressOptions {
  stderr: ProgressStream
  env: Record<string, string | undefined>
  /** The CLI's line writer (cleans every line through src/safety), for plain lines. */
  err: (line: string) => void
  now?: () => number
  /** Re-check on a timer between events (default true); tests call tick() themselves. */
  timers?: boolean
}

export interface CliProgress {
  mode: 'live' | 'plain'
  onProgress(event: PipelineEvent): void
  tick(): void
  /** Stops the timer and erases the live line; call before printing the results. */
  stop(): void
}

/** Redraws at most this often on events (a burst of 100 finishing analyses is one redraw, not 100). */
const LIVE_REDRAW_MS = 100

/**
 * A live line only where it can be redrawn: a terminal, colours allowed (https://no-color.org), not dumb,
 * and no debug lines (NETWORK_PREFLIGHT_DEBUG) interleaving with it on stderr.
 */
export function canRedraw(stderr: ProgressStream, env: Record<string, string | undefined>): boolean {
  return stderr.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb' && !env.NETWORK_PREFLIGHT_DEBUG
}

export function cliProgress(options: CliProgressOptions): CliProgress {
  const now = options.now ?? Date.now
  const tracker = new ProgressTracker(now)
  const live = canRedraw(options.stderr, options.env)
  let drawn = false
  let lastDraw = -Infinity
  let stopped = false

  const draw = (force: boolean): void => {
    if (stopped) return
    const s = tracker.snapshot()
    if (s.phase === 'deciding') return erase()
    if (!force && now() - lastDraw < LIVE_REDRAW_MS) return
    lastDraw = now()
    // One column short of the width: writing the last column makes some terminals wrap.
    // A pty without a size (script(1), some CI terminals) reports 0 columns: assume 80.
    const columns = options.stderr.columns
    const width = (columns && columns >= 20 ? columns : 80) - 1
    options.stderr.write(statusLine(formatProgress(s), width))
    drawn = true
  }
  const erase = (): void => {
    if (drawn) options.stderr.write(CLEAR_LINE)
    drawn = false
  }

  const throttle = new ProgressThrottle(
    { intervalMs: progressIntervalMs(options.env, PLAIN_PROGRESS_INTERVAL_MS), stepFraction: 0.25 },
    now
  )
  const plain = (): void => {
    if (stopped) return
    const line = throttle.next(tracker.snapshot())
    if (line) options.err(`progress: ${line}`)
  }

  const tick = live ? () => draw(true) : plain
  const timer = options.timers === false ? undefined : setInterval(tick, live ? 1000 : 500).unref?.()
  return {
    mode: live ? 'live' : 'plain',
    onProgress(event) {
      tracker.observe(event)
      if (live) draw(event.type === 'phase')
      else plain()
    },
    tick,
    stop() {
      if (timer) clearInterval(timer)
      if (live) erase()
      stopped = true
    }
  }
}
