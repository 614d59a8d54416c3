// The benchmark baseline: what the Python tool anp does. One assertion at a time: create an untagged
// path, start an analysis, describe that one analysis every second until it is done, delete the
// analysis, delete the path. No sharing, no reuse, no tags.
import {
  CreateNetworkInsightsPathCommand,
  DescribeNetworkInsightsAnalysesCommand,
  type EC2Client,
  type NetworkInsightsAnalysis,
  StartNetworkInsightsAnalysisCommand
} from '@aws-sdk/client-ec2'
import type { AwsClientProvider } from '../auth/types.js'
import type { AnalysisResult } from '../model.js'
import { sleepUnlessAborted } from './concurrency.js'
import { analyzedPath } from './definition.js'
import { type EngineSettings, planJobs, settleJob } from './jobs.js'
import { ResourceLedger } from './ledger.js'
import type { PollOutcome } from './poller.js'
import { CANCELLED_BEFORE_START, failureResult, resultFromOutcome, resultOf } from './results.js'
import type { AnalysisRequest } from './types.js'

export async function runSequential(
  requests: AnalysisRequest[],
  clients: AwsClientProvider,
  settings: EngineSettings
): Promise<Map<string, AnalysisResult>> {
  const results = new Map<string, AnalysisResult>()
  const ledger = new ResourceLedger(settings.log)
  // anp polls once per second; pollInitialMs overrides that fixed interval for tests and the bench.
  const pollEveryMs = settings.pollInitialMs
  try {
    const jobs = await planJobs(requests, clients, settings, results, false)
    for (const job of jobs) {
      const { account, region } = job.plan
      const settle = (result: AnalysisResult): void => settleJob(results, settings, job, result)
      if (settings.isAborted()) {
        settle(resultOf('not-started', { message: CANCELLED_BEFORE_START }))
        continue
      }

      let client: EC2Client
      let pathId: string | undefined
      try {
        client = await clients.ec2(account, region)
        const created = await client.send(new CreateNetworkInsightsPathCommand({ ...job.plan.path }))
        pathId = created.NetworkInsightsPath?.NetworkInsightsPathId
        if (!pathId) throw new Error('CreateNetworkInsightsPath returned no path id')
        ledger.addPath(pathId, client, account, region)
      } catch (error) {
        settle(failureResult(error, { operation: 'CreateNetworkInsightsPath', account, region }))
        continue
      }

      let analysisId: string | undefined
      try {
        const startedAtMs = settings.now()
        let analysisArn: string | undefined
        try {
          const started = await client.send(
            new StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: pathId, ...job.plan.filters })
          )
          analysisId = started.NetworkInsightsAnalysis?.NetworkInsightsAnalysisId
          analysisArn = started.NetworkInsightsAnalysis?.NetworkInsightsAnalysisArn
        } catch (error) {
          settle(
            failureResult(error, { operation: 'StartNetworkInsightsAnalysis', account, region }, { pathId })
          )
          continue
        }
        if (!analysisId) {
          settle(
            resultOf('error', { pathId, message: 'StartNetworkInsightsAnalysis returned no analysis id' })
          )
          continue
        }
        ledger.addAnalysis(analysisId, client, account, region)
        settings.emit({
          type: 'analysis-started',
          account,
          region,
          analysisId,
          assertionIds: job.assertionIds
        })

        const deadline = startedAtMs + settings.timeoutSeconds * 1000
        const outcome = await pollOne(client, analysisId, deadline, pollEveryMs, settings)
        const started = { analysisId, analysisArn, pathId, startedAtMs }
        settle({
          ...resultFromOutcome(outcome, started, settings.now(), {
            account,
            region,
            timeoutSeconds: settings.timeoutSeconds
          }),
          path: analyzedPath(job.plan, pathId, 'created')
        })
      } finally {
        if (analysisId) await ledger.deleteAnalysis(analysisId)
        await ledger.deletePath(pathId)
      }
    }
  } finally {
    const cleaned = await ledger.finish(true)
    settings.emit({ type: 'cleaned-up', ...cleaned })
  }
  return results
}

/** anp's loop: one single-id describe per interval until the analysis leaves `running`. */
async function pollOne(
  client: EC2Client,
  analysisId: string,
  deadline: number,
  everyMs: number,
  settings: EngineSettings
): Promise<PollOutcome> {
  let lastSeen: NetworkInsightsAnalysis | undefined
  for (;;) {
    await sleepUnlessAborted(settings.sleep, everyMs, settings.aborted)
    if (settings.isAborted()) return { kind: 'cancelled' }
    try {
      const page = await client.send(
        new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [analysisId] })
      )
      lastSeen =
        page.NetworkInsightsAnalyses?.find(analysis => analysis.NetworkInsightsAnalysisId === analysisId) ??
        lastSeen
    } catch (error) {
      return { kind: 'error', error }
    }
    if (lastSeen?.Status === 'succeeded' || lastSeen?.Status === 'failed')
      return { kind: 'finished', analysis: lastSeen }
    if (settings.now() >= deadline) return { kind: 'timeout', analysis: lastSeen }
  }
}
