// Progress of a run as counts, folded from the engines' events: what the CLI's progress line and the
// action's progress log lines show. Pure (an injected clock), so its arithmetic is tested without timers.
import type { EngineEvent } from './types.js'

/** Where the run is: resolving endpoints, running analyses, or deciding verdicts from the results. */
export type RunPhase = 'resolving' | 'analyzing' | 'deciding'

/** Events the pipeline adds to the engines' own. */
export type PipelineEvent =
  | EngineEvent
  | { type: 'phase'; phase: RunPhase; /** Endpoints to resolve (phase `resolving`). */ endpoints?: number }

export interface ProgressSnapshot {
  phase: RunPhase
  /** Analyses (Reachability Analyzer and Network Access Analyzer) planned so far; a second phase adds more. */
  total: number
  done: number
  /** Started in AWS and not finished. */
  running: number
  /** Planned, not started yet (waiting for a slot, or its path being created). */
  queued: number
  /** Throttled attempts the SDK retried (EC2 RequestLimitExceeded and the like). */
  throttledRetries: number
  /** Since the tracker was created (the start of the run). */
  elapsedMs: number
  /**
   * Rough time left: the longest remaining time of the running analyses plus one mean duration per wave of
   * queued ones (waves as wide as the most that ran at once). Undefined until an analysis has finished.
   */
  estimatedLeftMs?: number
  /** Endpoints being resolved (phase `resolving`). */
  endpoints?: number
}

export class ProgressTracker {
  private readonly startedAt: number
  private phase: RunPhase = 'resolving'
  private endpoints?: number
  private total = 0
  private done = 0
  private throttled = 0
  private peakRunning = 0
  /** Running analyses by id, with the time they started. */
  private readonly running = new Map<string, number>()
  private readonly durations: number[] = []

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now()
  }

  observe(event: PipelineEvent): void {
    switch (event.type) {
      case 'phase':
        this.phase = event.phase
        if (event.endpoints !== undefined) this.endpoints = event.endpoints
        return
      case 'planned':
      case 'scope-analyses-planned':
        this.total += event.analyses
        return
      case 'analysis-started':
      case 'scope-analysis-started':
        this.running.set(event.analysisId, this.now())
        this.peakRunning = Math.max(this.peakRunning, this.running.size)
        return
      case 'analysis-finished': {
        const started = event.analysisId === undefined ? undefined : this.running.get(event.analysisId)
        if (started !== undefined) {
          this.running.delete(event.analysisId!)
          // Only analyses that ran in AWS say how long one takes; failures before the start do not.
          if (event.status === 'succeeded') this.durations.push(this.now() - started)
        }
        this.done++
        return
      }
      case 'throttled':
        this.throttled++
        return
      default:
        return
    }
  }

  snapshot(): ProgressSnapshot {
    const now = this.now()
    const running = this.running.size
    const queued = Math.max(0, this.total - this.done - running)
    return {
      phase: this.phase,
      total: this.total,
      done: this.done,
      running,
      queued,
      throttledRetries: this.throttled,
      elapsedMs: now - this.startedAt,
      ...(this.phase === 'resolving' && this.endpoints !== undefined ? { endpoints: this.endpoints } : {}),
      ...this.estimate(now, running, queued)
    }
  }

  private estimate(now: number, running: number, queued: number): { estimatedLeftMs?: number } {
    if (this.durations.length === 0) return {}
    if (running + queued === 0) return { estimatedLeftMs: 0 }
    const mean = this.durations.reduce((a, b) => a + b, 0) / this.durations.length
    let longestRemaining = 0
    for (const started of this.running.values())
      longestRemaining = Math.max(longestRemaining, mean - (now - started))
    const waves = Math.ceil(queued / Math.max(1, this.peakRunning))
    return { estimatedLeftMs: Math.round(Math.max(0, longestRemaining) + waves * mean) }
  }
}
