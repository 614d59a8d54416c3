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

export type PollOutcome<T = NetworkInsightsAnalysis> =
  /** AWS finished the analysis (Status succeeded or failed). */
  | { kind: 'finished'; analysis: T }
  /** Still running at its deadline; `analysis` is the last state seen, if any. */
  | { kind: 'timeout'; analysis?: T }
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

/** What is polled: one batched describe of many ids, how to read an item, and the code of a vanished id. */
export interface PollSource<T> {
  describe(ids: string[]): AsyncIterable<T[]>
  idOf(item: T): string | undefined
  isFinished(item: T): boolean
  notFoundCode: string
}

/** Reachability Analyzer analyses: DescribeNetworkInsightsAnalyses. */
export function analysisSource(client: EC2Client): PollSource<NetworkInsightsAnalysis> {
  return {
    async *describe(ids) {
      // No MaxResults: several EC2 describes refuse it together with explicit ids.
      for await (const page of paginateDescribeNetworkInsightsAnalyses(
        { client },
        { NetworkInsightsAnalysisIds: ids }
      ))
        yield page.NetworkInsightsAnalyses ?? []
    },
    idOf: analysis => analysis.NetworkInsightsAnalysisId,
    isFinished: analysis => analysis.Status === 'succeeded' || analysis.Status === 'failed',
    notFoundCode: 'InvalidNetworkInsightsAnalysisId.NotFound'
  }
}

interface Watched<T> {
  deadline: number
  lastSeen?: T
  settle: (outcome: PollOutcome<T>) => void
}

export class BatchPoller<T = NetworkInsightsAnalysis> {
  private readonly watched = new Map<string, Watched<T>>()
  private running = false
  private readonly source: PollSource<T>

  /** `source` defaults to Reachability Analyzer analyses; Network Access Analyzer passes its own. */
  constructor(
    client: EC2Client,
    private readonly options: PollerOptions,
    source?: PollSource<T>
  ) {
    this.source = source ?? (analysisSource(client) as unknown as PollSource<T>)
  }

  /** Resolves once the analysis finishes, passes `deadline` (a `now()` value), fails to describe, or the run is cancelled. */
  watch(analysisId: string, deadline: number): Promise<PollOutcome<T>> {
    return new Promise<PollOutcome<T>>(settle => {
      this.watched.set(analysisId, { deadline, settle })
      if (!this.running) {
        this.running = true
        void this.loop()
      }
    })
  }

  private settle(analysisId: string, outcome: PollOutcome<T>): void {
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
      const finished: T[] = []
      try {
        for await (const page of this.source.describe(remaining)) {
          for (const analysis of page) {
            if (this.source.isFinished(analysis)) finished.push(analysis)
            else {
              const entry = this.watched.get(this.source.idOf(analysis) ?? '')
              if (entry) entry.lastSeen = analysis
            }
          }
        }
      } catch (error) {
        if (errorCode(error) !== this.source.notFoundCode || remaining.length === 1) {
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
        this.settle(this.source.idOf(analysis) ?? '', { kind: 'finished', analysis })
      return
    }
  }
}
