// The analysis engine: the only code that calls the Reachability Analyzer (network insights) APIs.
//
// Per account+region (the source's account, the assertion's region) it reuses or creates one tagged
// path per distinct path definition, starts one analysis per distinct (path, filters) under a
// concurrency limit, polls all running analyses with one batched describe per cycle, and deletes
// every analysis as soon as it is done. Whatever happens, the run ends with its analyses deleted.
import {
  CreateNetworkInsightsPathCommand,
  type EC2Client,
  paginateDescribeNetworkInsightsPaths,
  StartNetworkInsightsAnalysisCommand,
  type Tag
} from '@aws-sdk/client-ec2'
import type { AwsClientProvider } from '../auth/types.js'
import type { AnalysisResult } from '../model.js'
import { Semaphore } from './concurrency.js'
import { type AnalysisJob, type EngineSettings, planJobs, settingsFrom } from './jobs.js'
import { ResourceLedger } from './ledger.js'
import { clientToken, type AnalysisPlan } from './plan.js'
import { BatchPoller } from './poller.js'
import { CANCELLED_BEFORE_START, failureResult, resultFromOutcome, resultOf } from './results.js'
import { runSequential } from './sequential.js'
import {
  isManaged,
  MANAGED_TAG_FILTER,
  TAG_EPHEMERAL,
  TAG_MANAGED,
  TAG_PATH_HASH,
  TAG_RUN_ID,
  tagValue
} from './tags.js'
import type { AnalysisRequest, EngineOptions } from './types.js'

/**
 * Runs one analysis per distinct (path, filters) and returns a result for every request, keyed by
 * assertion id. Never throws for AWS or auth failures: they become results with a status and message.
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
    const groups = new Map<string, AnalysisJob[]>()
    for (const job of jobs) {
      const key = `${job.plan.account}\u0000${job.plan.region}`
      groups.set(key, [...(groups.get(key) ?? []), job])
    }
    // Account+region groups are independent: each has its own quotas and token buckets, and one
    // group's failure only touches its own results. allSettled: cleanup waits for every group.
    const outcomes = await Promise.allSettled(
      [...groups.values()].map(groupJobs =>
        runGroup(
          groupJobs[0].plan.account,
          groupJobs[0].plan.region,
          groupJobs,
          clients,
          settings,
          ledger,
          results
        )
      )
    )
    const crash = outcomes.find(outcome => outcome.status === 'rejected')
    if (crash) settings.log(`error: the analysis engine failed unexpectedly: ${String(crash.reason)}`)
    for (const request of requests) {
      if (!results.has(request.assertion.id)) {
        results.set(
          request.assertion.id,
          resultOf('error', { message: `The analysis engine failed unexpectedly: ${String(crash?.reason)}` })
        )
      }
    }
  } finally {
    const cleaned = await ledger.finish(settings.cleanup === 'all')
    settings.emit({ type: 'cleaned-up', ...cleaned })
  }
  return results
}

/** Tagged, persistent paths of this account+region by path hash: later runs reuse them (paths are free). */
async function findReusablePaths(client: EC2Client): Promise<Map<string, string>> {
  const byHash = new Map<string, string>()
  for await (const page of paginateDescribeNetworkInsightsPaths(
    { client },
    { Filters: [MANAGED_TAG_FILTER] }
  )) {
    for (const path of page.NetworkInsightsPaths ?? []) {
      const hash = tagValue(path.Tags, TAG_PATH_HASH)
      // Paths of `cleanup: all` runs disappear when that run ends, so they are not reused.
      if (!path.NetworkInsightsPathId || !hash || !isManaged(path.Tags) || tagValue(path.Tags, TAG_EPHEMERAL))
        continue
      if (!byHash.has(hash)) byHash.set(hash, path.NetworkInsightsPathId)
    }
  }
  return byHash
}

async function runGroup(
  account: string,
  region: string,
  jobs: AnalysisJob[],
  clients: AwsClientProvider,
  settings: EngineSettings,
  ledger: ResourceLedger,
  results: Map<string, AnalysisResult>
): Promise<void> {
  const settle = (job: AnalysisJob, result: AnalysisResult): void => {
    for (const id of job.assertionIds) results.set(id, { ...result })
    settings.emit({
      type: 'analysis-finished',
      account,
      region,
      analysisId: result.analysisId,
      assertionIds: job.assertionIds,
      status: result.status
    })
  }

  let client: EC2Client
  try {
    client = await clients.ec2(account, region)
  } catch (error) {
    for (const job of jobs)
      settle(job, failureResult(error, { operation: 'getting an EC2 client', account, region }))
    return
  }

  let reusable = new Map<string, string>()
  try {
    reusable = await findReusablePaths(client)
  } catch (error) {
    settings.log(
      `warning: could not list reusable paths in account ${account}, ${region} (${String(error)}); creating new ones`
    )
  }

  const distinctPaths = new Set(jobs.map(job => job.plan.pathHash))
  const reusedCount = [...distinctPaths].filter(hash => reusable.has(hash)).length
  settings.log(
    `account ${account}, ${region}: ${jobs.length} analyses on ${distinctPaths.size} paths ` +
      `(${reusedCount} reused), at most ${settings.concurrency} at a time`
  )

  const pathTags: Tag[] = [{ Key: TAG_MANAGED, Value: 'true' }]
  if (settings.cleanup === 'all') {
    pathTags.push({ Key: TAG_RUN_ID, Value: settings.runId }, { Key: TAG_EPHEMERAL, Value: 'true' })
  }
  const pathIds = new Map<string, Promise<string>>()
  /** The path for a plan: reused, or created once per run and shared by every job that needs it. */
  const ensurePath = (plan: AnalysisPlan): Promise<string> => {
    let pathId = pathIds.get(plan.pathHash)
    if (!pathId) {
      pathId = (async () => {
        const reused = reusable.get(plan.pathHash)
        if (reused) {
          settings.emit({ type: 'path-reused', account, region, pathId: reused, pathHash: plan.pathHash })
          return reused
        }
        const created = await client.send(
          new CreateNetworkInsightsPathCommand({
            ...plan.path,
            TagSpecifications: [
              {
                ResourceType: 'network-insights-path',
                Tags: [...pathTags, { Key: TAG_PATH_HASH, Value: plan.pathHash }]
              }
            ],
            // Idempotent across the SDK's retries. The run id is part of it because EC2 remembers tokens
            // for hours: a token reused after the path was deleted would hand back the deleted path.
            ClientToken: clientToken('path', settings.runId, plan.pathHash)
          })
        )
        const id = created.NetworkInsightsPath?.NetworkInsightsPathId
        if (!id) throw new Error('CreateNetworkInsightsPath returned no path id')
        ledger.addPath(id, client, account, region)
        settings.emit({ type: 'path-created', account, region, pathId: id, pathHash: plan.pathHash })
        return id
      })()
      pathIds.set(plan.pathHash, pathId)
    }
    return pathId
  }

  const slots = new Semaphore(settings.concurrency, settings.signal)
  const poller = new BatchPoller(client, {
    initialMs: settings.pollInitialMs,
    maxMs: settings.pollMaxMs,
    now: settings.now,
    sleep: settings.sleep,
    aborted: settings.aborted,
    isAborted: settings.isAborted
  })

  const runJob = async (job: AnalysisJob): Promise<void> => {
    // The slot is taken before the path is created, so path creations (mutating calls, like starts)
    // come at the pace of the analyses rather than all at once.
    if (!(await slots.acquire()))
      return settle(job, resultOf('not-started', { message: CANCELLED_BEFORE_START }))
    let analysisId: string | undefined
    try {
      if (settings.isAborted())
        return settle(job, resultOf('not-started', { message: CANCELLED_BEFORE_START }))
      let pathId: string
      try {
        pathId = await ensurePath(job.plan)
      } catch (error) {
        return settle(job, failureResult(error, { operation: 'CreateNetworkInsightsPath', account, region }))
      }
      if (settings.isAborted()) {
        return settle(job, resultOf('not-started', { message: CANCELLED_BEFORE_START, pathId }))
      }
      const startedAtMs = settings.now()
      let analysisArn: string | undefined
      try {
        const started = await client.send(
          new StartNetworkInsightsAnalysisCommand({
            NetworkInsightsPathId: pathId,
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
            ClientToken: clientToken('analysis', settings.runId, job.plan.analysisKey)
          })
        )
        analysisId = started.NetworkInsightsAnalysis?.NetworkInsightsAnalysisId
        analysisArn = started.NetworkInsightsAnalysis?.NetworkInsightsAnalysisArn
      } catch (error) {
        return settle(
          job,
          failureResult(error, { operation: 'StartNetworkInsightsAnalysis', account, region }, { pathId })
        )
      }
      if (!analysisId) {
        return settle(
          job,
          resultOf('error', { pathId, message: 'StartNetworkInsightsAnalysis returned no analysis id' })
        )
      }
      ledger.addAnalysis(analysisId, client, account, region)
      settings.emit({ type: 'analysis-started', account, region, analysisId, assertionIds: job.assertionIds })

      const outcome = await poller.watch(analysisId, startedAtMs + settings.timeoutSeconds * 1000)
      const started = { analysisId, analysisArn, pathId, startedAtMs }
      settle(
        job,
        resultFromOutcome(outcome, started, settings.now(), {
          account,
          region,
          timeoutSeconds: settings.timeoutSeconds
        })
      )
    } finally {
      slots.release()
      // Results are in memory; the analysis itself is deleted as soon as it is done.
      if (analysisId) await ledger.deleteAnalysis(analysisId)
    }
  }

  await Promise.all(jobs.map(runJob))
}
