// The analysis engine: runs the Reachability Analyzer (network insights) analyses of a run. Every call to
// those APIs lives in src/analyze (this file, paths.ts, ledger.ts, sweep.ts and sequential.ts, anp's mode).
//
// Per account+region (the source's account, the assertion's region) it reuses or creates one tagged
// path per distinct path definition, starts one analysis per distinct (path, filters) under a
// concurrency limit, polls all running analyses with one batched describe per cycle, and deletes
// every finished analysis once no start of its group is waiting (deletes never delay a start). Whatever
// happens, the run ends with its analyses deleted: awaited here, or handed to the caller (deferCleanup) so
// the results do not wait for the last deletes.
import { StartNetworkInsightsAnalysisCommand } from '@aws-sdk/client-ec2'
import type { AwsClientProvider } from '../auth/types.js'
import type { AnalysisResult } from '../model.js'
import { Semaphore } from './concurrency.js'
import { errorCode } from './errors.js'
import { groupByAccountRegion, openGroup, runGroups } from './groups.js'
import { type AnalysisJob, type EngineSettings, planJobs, settingsFrom, settleJob } from './jobs.js'
import { ResourceLedger } from './ledger.js'
import { analyzedPath } from './definition.js'
import { chooseReusable, findReusablePaths, PathRegistry, type ReuseCandidate } from './paths.js'
import { clientToken } from './plan.js'
import { BatchPoller } from './poller.js'
import { CANCELLED_BEFORE_START, failureResult, resultFromOutcome, resultOf } from './results.js'
import { runSequential } from './sequential.js'
import { TAG_MANAGED, TAG_RUN_ID } from './tags.js'
import { onThrottled } from './throttles.js'
import { requestKey, type AnalysisRequest, type EngineOptions } from './types.js'

/**
 * Runs one analysis per distinct (path, filters) and returns a result for every request, keyed by
 * request key (the assertion id unless the request names another). Never throws for AWS or auth failures: they become results with a status and message.
 */
export async function runAnalyses(
  requests: AnalysisRequest[],
  clients: AwsClientProvider,
  options: EngineOptions
): Promise<Map<string, AnalysisResult>> {
  const settings = settingsFrom(options)
  if (options.mode === 'sequential') return runSequential(requests, clients, settings)

  const results = new Map<string, AnalysisResult>()
  const ledger = new ResourceLedger(settings.log)
  try {
    const jobs = await planJobs(requests, clients, settings, results, true)
    // Account+region groups are independent (groups.ts).
    const crash = await runGroups(
      groupByAccountRegion(jobs, job => job.plan),
      groupJobs =>
        runGroup(
          groupJobs[0].plan.account,
          groupJobs[0].plan.region,
          groupJobs,
          clients,
          settings,
          ledger,
          results
        ),
      settings.log,
      'analysis engine'
    )
    for (const request of requests) {
      if (!results.has(requestKey(request))) {
        results.set(
          requestKey(request),
          resultOf('error', { message: `The analysis engine failed unexpectedly: ${String(crash?.reason)}` })
        )
      }
    }
  } finally {
    const cleanup = ledger.finish(settings.cleanup === 'all').then(cleaned => {
      settings.emit({ type: 'cleaned-up', ...cleaned })
    })
    if (options.deferCleanup) options.deferCleanup(cleanup)
    else await cleanup
  }
  return results
}

/** Most finished analyses per account+Region whose delete waits for the remaining starts. */
export const MAX_DEFERRED_DELETES = 1000

async function runGroup(
  account: string,
  region: string,
  jobs: AnalysisJob[],
  clients: AwsClientProvider,
  settings: EngineSettings,
  ledger: ResourceLedger,
  results: Map<string, AnalysisResult>
): Promise<void> {
  const settle = (job: AnalysisJob, result: AnalysisResult): void => settleJob(results, settings, job, result)

  const opened = await openGroup(
    clients,
    { account, region },
    { what: 'paths', list: findReusablePaths, none: () => new Map<string, ReuseCandidate[]>() },
    settings.log
  )
  if (!opened.ok) {
    for (const job of jobs)
      settle(job, failureResult(opened.error, { operation: 'getting an EC2 client', account, region }))
    return
  }
  const { client, candidates } = opened
  // Tags only nominate a path; it is reused when its definition is exactly the one this run needs.
  const { reusable, ignored } = chooseReusable(
    candidates,
    jobs.map(job => job.plan)
  )
  for (const path of ignored) {
    settings.log(
      `warning: path ${path.pathId} (account ${account}, ${region}) carries the tags of a path this run needs ` +
        `but a different definition (${path.differences.join(', ')}); not reusing it, and leaving it untouched`
    )
    settings.emit({ type: 'path-ignored', account, region, ...path })
  }

  const distinctPaths = new Set(jobs.map(job => job.plan.pathHash))
  const reusedCount = [...distinctPaths].filter(hash => reusable.has(hash)).length
  settings.log(
    `account ${account}, ${region}: ${jobs.length} analyses on ${distinctPaths.size} paths ` +
      `(${reusedCount} reused), at most ${settings.concurrency} at a time`
  )

  const paths = new PathRegistry(
    {
      client,
      account,
      region,
      runId: settings.runId,
      cleanup: settings.cleanup,
      ledger,
      emit: settings.emit
    },
    reusable
  )

  const slots = new Semaphore(settings.concurrency, settings.signal)
  const ahead = new Semaphore(settings.concurrency, settings.signal)
  // A job is skipped when every request sharing it is no longer needed (say, another member of a
  // `match: any` group already proved the assertion).
  const notNeeded = (job: AnalysisJob): string | undefined => {
    if (!settings.notNeeded) return undefined
    const reasons = job.keys.map(key => settings.notNeeded!(key))
    return reasons.every(reason => reason !== undefined) ? reasons[0] : undefined
  }
  const poller = new BatchPoller(client, {
    initialMs: settings.pollInitialMs,
    maxMs: settings.pollMaxMs,
    now: settings.now,
    sleep: settings.sleep,
    aborted: settings.aborted,
    isAborted: settings.isAborted
  })

  // Deletes of finished analyses draw from the same mutating token bucket as path creations and starts, so
  // while any job of this group has yet to start they wait: they never delay a start. Once every job has
  // started (or given up), they go out at once; the ledger's finish still awaits every one of them.
  let unstarted = jobs.length
  const deferredDeletes: string[] = []
  const startAttempted = (): void => {
    if (--unstarted > 0) return
    for (const id of deferredDeletes.splice(0)) void ledger.deleteAnalysis(id)
  }
  const deleteWhenIdle = (id: string): void => {
    // Finished analyses count against AWS's quota of analyses per account and Region (10,000) until deleted:
    // past MAX_DEFERRED_DELETES they go out anyway.
    if (unstarted > 0 && deferredDeletes.length < MAX_DEFERRED_DELETES) deferredDeletes.push(id)
    else void ledger.deleteAnalysis(id)
  }

  const runJob = async (job: AnalysisJob): Promise<void> => {
    let counted = false
    const attempted = (): void => {
      if (counted) return
      counted = true
      startAttempted()
    }
    try {
      await runJobBody(job, attempted)
    } finally {
      attempted()
    }
  }

  const runJobBody = async (job: AnalysisJob, attempted: () => void): Promise<void> => {
    // Path creations run ahead of the analysis slots (a path is not an analysis: AWS's quota of concurrent
    // analyses does not count it), but at most `concurrency` paths wait for their start at a time. The
    // rate limiter serves starts before creations, so creating ahead only uses tokens no start is waiting for.
    if (!(await ahead.acquire()))
      return settle(job, resultOf('not-started', { message: CANCELLED_BEFORE_START }))
    let holdsAhead = true
    const leaveAhead = (): void => {
      if (holdsAhead) ahead.release()
      holdsAhead = false
    }
    let holdsSlot = false
    let analysisId: string | undefined
    try {
      if (settings.isAborted())
        return settle(job, resultOf('not-started', { message: CANCELLED_BEFORE_START }))
      const skipped = notNeeded(job)
      if (skipped) return settle(job, resultOf('not-started', { message: skipped }))
      let pathId: string
      try {
        pathId = await paths.ensure(job.plan)
      } catch (error) {
        return settle(job, failureResult(error, { operation: 'CreateNetworkInsightsPath', account, region }))
      }
      const onPath = (id: string) => ({ pathId: id, path: analyzedPath(job.plan, id, paths.originOf(id)) })
      if (!(await slots.acquire())) {
        return settle(job, resultOf('not-started', { message: CANCELLED_BEFORE_START, ...onPath(pathId) }))
      }
      holdsSlot = true
      if (settings.isAborted()) {
        return settle(job, resultOf('not-started', { message: CANCELLED_BEFORE_START, ...onPath(pathId) }))
      }
      // Another member may have proved the group while this one waited for its slot.
      const notAnyMore = notNeeded(job)
      if (notAnyMore) return settle(job, resultOf('not-started', { message: notAnyMore, ...onPath(pathId) }))
      const startAnalysis = (onPath: string) =>
        client.send(
          new StartNetworkInsightsAnalysisCommand({
            NetworkInsightsPathId: onPath,
            ...job.plan.filters,
            TagSpecifications: [
              {
                ResourceType: 'network-insights-analysis',
                Tags: [
                  { Key: TAG_MANAGED, Value: 'true' },
                  { Key: TAG_RUN_ID, Value: settings.runId }
                ]
              }
            ],
            ClientToken: clientToken('analysis', settings.runId, job.plan.analysisKey, onPath)
          })
        )
      let startedAtMs = settings.now()
      let analysisArn: string | undefined
      try {
        let started
        try {
          started = await startAnalysis(pathId)
        } catch (error) {
          if (errorCode(error) !== 'InvalidNetworkInsightsPathId.NotFound') throw error
          // The path vanished since we listed or created it (someone deleted it): one new path, one
          // more start. Not a retry of a transient fault; those are the SDK's.
          settings.log(`path ${pathId} (account ${account}, ${region}) no longer exists; creating a new one`)
          pathId = await paths.replace(job.plan, pathId)
          startedAtMs = settings.now()
          started = await startAnalysis(pathId)
        }
        attempted()
        analysisId = started.NetworkInsightsAnalysis?.NetworkInsightsAnalysisId
        analysisArn = started.NetworkInsightsAnalysis?.NetworkInsightsAnalysisArn
      } catch (error) {
        return settle(
          job,
          failureResult(error, { operation: 'StartNetworkInsightsAnalysis', account, region }, onPath(pathId))
        )
      } finally {
        leaveAhead()
      }
      if (!analysisId) {
        return settle(
          job,
          resultOf('error', {
            ...onPath(pathId),
            message: 'StartNetworkInsightsAnalysis returned no analysis id'
          })
        )
      }
      ledger.addAnalysis(analysisId, client, account, region)
      settings.emit({ type: 'analysis-started', account, region, analysisId, assertionIds: job.assertionIds })

      const outcome = await poller.watch(analysisId, startedAtMs + settings.timeoutSeconds * 1000)
      const started = { analysisId, analysisArn, pathId, startedAtMs }
      settle(job, {
        ...resultFromOutcome(outcome, started, settings.now(), {
          account,
          region,
          timeoutSeconds: settings.timeoutSeconds
        }),
        path: onPath(pathId).path
      })
    } finally {
      leaveAhead()
      if (holdsSlot) slots.release()
      // Results are in memory; the analysis is deleted once no start is waiting (see deleteWhenIdle).
      if (analysisId) deleteWhenIdle(analysisId)
    }
  }

  // Progress lines count the SDK's throttled retries while they happen (they never reach us otherwise).
  const stopCounting = onThrottled(client, operation =>
    settings.emit({ type: 'throttled', account, region, operation })
  )
  try {
    await Promise.all(jobs.map(runJob))
  } finally {
    stopCounting()
  }
}
