// Polls every running analysis of one account+region with one DescribeNetworkInsightsAnalyses call
// per cycle (per 100 ids), instead of one call per analysis: EC2's describe bucket is shared by
// everything the account does in that region.
import {
  type EC2Client,
  type NetworkInsightsAnalysis,
  paginateDescribeNetworkInsightsAnalyses
} from '@aws-sdk/client-ec2'
import { sleepUnlessAborted } from './concurrency.js'
import { errorCode } from './errors.js'

/** DescribeNetworkInsightsAnalyses returns at most 100 results per call (MaxResults 1..100), so ask for at most 100 ids. */
export const DESCRIBE_BATCH_SIZE = 100

export type PollOutcome =
  /** AWS finished the analysis (Status succeeded or failed). */
  | { kind: 'finished'; analysis: NetworkInsightsAnalysis }
  /** Still running at its deadline; `analysis` is the last state seen, if any. */
  | { kind: 'timeout'; analysis?: NetworkInsightsAnalysis }
  /** The describe call failed after the SDK's retries. */
  | { kind: 'error'; error: unknown }
  | { kind: 'cancelled' }

export interface PollerOptions {
  initialMs: number
  maxMs: number
  now: () => number
  sleep: (ms: number) => Promise<void>
  /** Resolves when the run is cancelled. */
  aborted: Promise<void>
  isAborted: () => boolean
}

interface Watched {
  deadline: number
  lastSeen?: NetworkInsightsAnalysis
  settle: (outcome: PollOutcome) => void
}

export class BatchPoller {
  private readonly watched = new Map<string, Watched>()
  private running = false

  constructor(
    private readonly client: EC2Client,
    private readonly options: PollerOptions
  ) {}

  /** Resolves once the analysis finishes, passes `deadline` (a `now()` value), fails to describe, or the run is cancelled. */
  watch(analysisId: string, deadline: number): Promise<PollOutcome> {
    return new Promise<PollOutcome>(settle => {
      this.watched.set(analysisId, { deadline, settle })
      if (!this.running) {
        this.running = true
        void this.loop()
      }
    })
  }

  private settle(analysisId: string, outcome: PollOutcome): void {
    const entry = this.watched.get(analysisId)
    if (!entry) return
    this.watched.delete(analysisId)
    entry.settle(outcome)
  }

  private async loop(): Promise<void> {
    const { now, sleep, aborted, isAborted, maxMs } = this.options
    let delay = this.options.initialMs
    try {
      while (this.watched.size > 0) {
        const earliestDeadline = Math.min(...[...this.watched.values()].map(entry => entry.deadline))
        await sleepUnlessAborted(sleep, Math.max(0, Math.min(delay, earliestDeadline - now())), aborted)
        if (isAborted()) {
          for (const id of [...this.watched.keys()]) this.settle(id, { kind: 'cancelled' })
          break
        }
        await this.pollOnce()
        const time = now()
        for (const [id, entry] of [...this.watched]) {
          if (entry.deadline <= time) this.settle(id, { kind: 'timeout', analysis: entry.lastSeen })
        }
        delay = Math.min(Math.round(delay * 1.5), maxMs)
      }
    } catch (error) {
      // Not expected (pollOnce catches per batch), but never leave a watcher hanging.
      for (const id of [...this.watched.keys()]) this.settle(id, { kind: 'error', error })
    } finally {
      // No await between the loop's last size check and here, so a concurrent watch() either was seen
      // by the loop or finds running === false and starts a new one.
      this.running = false
    }
  }

  private async pollOnce(): Promise<void> {
    const ids = [...this.watched.keys()]
    for (let i = 0; i < ids.length; i += DESCRIBE_BATCH_SIZE)
      await this.pollBatch(ids.slice(i, i + DESCRIBE_BATCH_SIZE))
  }

  /**
   * One describe for the batch. AWS fails the whole call when any id no longer exists (someone deleted that
   * analysis), so a NotFound settles only the ids it names and the rest are described again; when it names
   * none, each id is described alone. Other errors settle the batch: the SDK has already retried them.
   */
  private async pollBatch(batch: string[]): Promise<void> {
    let remaining = batch
    while (remaining.length > 0) {
      // Settle only after the last page: a settled analysis gets deleted at once, and a later page
      // of the same request (which names it again) would then fail with NotFound.
      const finished: NetworkInsightsAnalysis[] = []
      try {
        const pages = paginateDescribeNetworkInsightsAnalyses(
          { client: this.client },
          // No MaxResults: several EC2 describes refuse it together with explicit ids.
          { NetworkInsightsAnalysisIds: remaining }
        )
        for await (const page of pages) {
          for (const analysis of page.NetworkInsightsAnalyses ?? []) {
            if (analysis.Status === 'succeeded' || analysis.Status === 'failed') finished.push(analysis)
            else {
              const entry = this.watched.get(analysis.NetworkInsightsAnalysisId ?? '')
              if (entry) entry.lastSeen = analysis
            }
          }
        }
      } catch (error) {
        if (errorCode(error) !== 'InvalidNetworkInsightsAnalysisId.NotFound' || remaining.length === 1) {
          for (const id of remaining) this.settle(id, { kind: 'error', error })
          return
        }
        const message = error instanceof Error ? error.message : String(error)
        const gone = remaining.filter(id => message.includes(id))
        if (gone.length === 0) {
          for (const id of remaining) await this.pollBatch([id])
          return
        }
        for (const id of gone) this.settle(id, { kind: 'error', error })
        remaining = remaining.filter(id => !gone.includes(id))
        continue
      }
      for (const analysis of finished)
        this.settle(analysis.NetworkInsightsAnalysisId ?? '', { kind: 'finished', analysis })
      return
    }
  }
}
