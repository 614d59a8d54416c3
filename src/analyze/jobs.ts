// Shared by both modes: options with defaults applied, planning, sharing and the budget.
import type { AwsClientProvider } from '../auth/types.js'
import type { AnalysisResult } from '../model.js'
import { realSleep, whenAborted } from './concurrency.js'
import { estimateCost, planAnalysis, type AnalysisPlan } from './plan.js'
import { failureResult, resultOf } from './results.js'
import {
  requestKey,
  type AnalysisRequest,
  type CleanupPolicy,
  type EngineEvent,
  type EngineOptions
} from './types.js'

/**
 * Longest wait between batched polls. Analyses take tens of seconds; a 2 s cap notices a finished one within
 * ~5% of its duration, for one describe per account+Region every 2 s (describes refill at 20/s).
 */
export const DEFAULT_POLL_MAX_MS = 2_000

/** AWS's default quota of concurrent analyses per account and Region. */
export const MAX_CONCURRENCY = 100

/** EngineOptions with defaults applied; what the run actually uses. */
export interface EngineSettings {
  runId: string
  concurrency: number
  timeoutSeconds: number
  maxAnalyses?: number
  cleanup: CleanupPolicy
  pollInitialMs: number
  pollMaxMs: number
  signal?: AbortSignal
  /** Resolves when the run is cancelled. */
  aborted: Promise<void>
  isAborted: () => boolean
  now: () => number
  sleep: (ms: number) => Promise<void>
  log: (line: string) => void
  emit: (event: EngineEvent) => void
  onResult?: (key: string, result: AnalysisResult) => void
  notNeeded?: (key: string) => string | undefined
}

export function settingsFrom(options: EngineOptions): EngineSettings {
  const concurrency = Number.isFinite(options.concurrency) ? Math.floor(options.concurrency) : 1
  const log = options.log ?? (() => undefined)
  const onProgress = options.onProgress
  return {
    runId: options.runId,
    concurrency: Math.min(MAX_CONCURRENCY, Math.max(1, concurrency)),
    timeoutSeconds: options.timeoutSeconds,
    maxAnalyses: options.maxAnalyses === undefined ? undefined : Math.max(0, Math.floor(options.maxAnalyses)),
    cleanup: options.cleanup ?? 'keep-paths',
    pollInitialMs: options.pollInitialMs ?? 1000,
    pollMaxMs: options.pollMaxMs ?? DEFAULT_POLL_MAX_MS,
    signal: options.signal,
    aborted: whenAborted(options.signal),
    isAborted: () => options.signal?.aborted === true,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? (ms => realSleep(ms, options.signal)),
    log,
    onResult: options.onResult,
    notNeeded: options.notNeeded,
    emit: event => {
      try {
        onProgress?.(event)
      } catch (error) {
        // A broken progress listener must not break the run (or skip its cleanup).
        log(`warning: progress listener failed: ${String(error)}`)
      }
    }
  }
}

/** One analysis to start, shared by every assertion whose analysis would be identical. */
export interface AnalysisJob {
  plan: AnalysisPlan
  /** The assertions that share it (for progress events), each once. */
  assertionIds: string[]
  /** The request keys its result is stored under. */
  keys: string[]
}

/** Records a job's result for every assertion that shares it, and reports it as finished. */
export function settleJob(
  results: Map<string, AnalysisResult>,
  settings: EngineSettings,
  job: AnalysisJob,
  result: AnalysisResult
): void {
  for (const key of job.keys) results.set(key, { ...result })
  for (const key of job.keys) {
    try {
      settings.onResult?.(key, { ...result })
    } catch (error) {
      settings.log(`warning: result listener failed: ${String(error)}`)
    }
  }
  settings.emit({
    type: 'analysis-finished',
    account: job.plan.account,
    region: job.plan.region,
    analysisId: result.analysisId,
    assertionIds: job.assertionIds,
    status: result.status
  })
}

/**
 * Plans every request (failures become `error` results), shares identical analyses when `share`,
 * and applies the budget: jobs past `maxAnalyses` get `not-started` results.
 */
export async function planJobs(
  requests: AnalysisRequest[],
  clients: AwsClientProvider,
  settings: EngineSettings,
  results: Map<string, AnalysisResult>,
  share: boolean
): Promise<AnalysisJob[]> {
  const plans = await Promise.all(
    requests.map(async (request): Promise<AnalysisPlan | undefined> => {
      try {
        return await planAnalysis(request, clients)
      } catch (error) {
        const site = {
          operation: 'planning the analysis',
          account: request.source.account,
          region: request.assertion.region
        }
        results.set(requestKey(request), failureResult(error, site))
        return undefined
      }
    })
  )
  const jobs: AnalysisJob[] = []
  const byKey = new Map<string, AnalysisJob>()
  requests.forEach((request, index) => {
    const plan = plans[index]
    if (!plan) return
    const key = `${plan.account}\u0000${plan.region}\u0000${plan.analysisKey}`
    const existing = share ? byKey.get(key) : undefined
    if (existing) {
      existing.keys.push(requestKey(request))
      if (!existing.assertionIds.includes(request.assertion.id))
        existing.assertionIds.push(request.assertion.id)
      return
    }
    const job = { plan, assertionIds: [request.assertion.id], keys: [requestKey(request)] }
    byKey.set(key, job)
    jobs.push(job)
  })

  const budget = settings.maxAnalyses
  const skipped = budget !== undefined && jobs.length > budget ? jobs.splice(budget) : []
  if (skipped.length > 0) {
    const needed = jobs.length + skipped.length
    const message =
      `Not started: the budget allows ${budget} analyses (maxAnalyses) and this run needs ${needed} ` +
      `(estimated $${estimateCost(needed).toFixed(2)} at $0.10 per analysis); the ${skipped.length} not started ` +
      `would cost an estimated $${estimateCost(skipped.length).toFixed(2)}`
    for (const job of skipped)
      for (const key of job.keys) results.set(key, resultOf('not-started', { message }))
    settings.log(`budget: starting ${jobs.length} of ${needed} analyses (maxAnalyses ${budget})`)
  }
  settings.emit({
    type: 'planned',
    analyses: jobs.length,
    notStarted: skipped.length,
    estimatedCostUsd: estimateCost(jobs.length)
  })
  return jobs
}
