// The Network Access Analyzer side of the engine: creates, starts, polls and reads access scopes and their
// analyses (sweep.ts and ledger.ts only find and delete what a run left behind).
//
// Per account+region it reuses a tagged scope whose content (GetNetworkInsightsAccessScopeContent) is exactly
// the statements needed, or creates one; starts one analysis per distinct scope under AWS's quota of 25
// concurrent scope analyses; polls every running scope analysis of the account+region with one batched
// describe per cycle; pages through every finding; and deletes each analysis as soon as it is done (scopes
// too with `cleanup: all`). Same guarantees as paths and analyses: everything it creates is in the ledger and
// tagged, so the run's `finally`, the post step and `network-preflight cleanup` remove it; a scope without
// the managed tag is never reused or deleted.
import {
  CreateNetworkInsightsAccessScopeCommand,
  type EC2Client,
  GetNetworkInsightsAccessScopeContentCommand,
  type AccessScopeAnalysisFinding,
  type NetworkInsightsAccessScopeAnalysis,
  paginateDescribeNetworkInsightsAccessScopeAnalyses,
  paginateDescribeNetworkInsightsAccessScopes,
  paginateGetNetworkInsightsAccessScopeAnalysisFindings,
  StartNetworkInsightsAccessScopeAnalysisCommand,
  type Tag
} from '@aws-sdk/client-ec2'
import type { AwsClientProvider } from '../auth/types.js'
import type { AnalysisStatus, ScopeAnalysisResult } from '../model.js'
import { Semaphore } from './concurrency.js'
import { describeFailure, errorCode } from './errors.js'
import { groupByAccountRegion, openGroup, runGroups } from './groups.js'
import { settingsFrom, type EngineSettings } from './jobs.js'
import { ResourceLedger } from './ledger.js'
import { clientToken } from './plan.js'
import { BatchPoller, type PollOutcome, type PollSource } from './poller.js'
import {
  scopeHash,
  scopeStatements,
  statementDifferences,
  type ScopeRequest,
  type ScopeStatements
} from './scopes-plan.js'
import {
  isManaged,
  MANAGED_TAG_FILTER,
  TAG_EPHEMERAL,
  TAG_MANAGED,
  TAG_RUN_ID,
  TAG_SCOPE_HASH,
  tagValue
} from './tags.js'
import { onThrottled } from './throttles.js'
import type { EngineOptions } from './types.js'

/** AWS's quota of concurrent Network Access Analyzer analyses per account and Region (adjustable). */
export const MAX_CONCURRENT_SCOPE_ANALYSES = 25
/** GetNetworkInsightsAccessScopeAnalysisFindings returns at most 1,000 findings per page. */
const FINDINGS_PAGE_SIZE = 1000

/** What the engine hands back per assertion: the result without its findings described, and the raw ones. */
export interface ScopeRun extends Omit<ScopeAnalysisResult, 'findings'> {
  rawFindings: AccessScopeAnalysisFinding[]
}

/** One scope analysis, shared by every assertion whose statements are identical. */
interface ScopeJob {
  account: string
  region: string
  hash: string
  statements: ScopeStatements
  assertionIds: string[]
}

function scopeAnalysisSource(client: EC2Client): PollSource<NetworkInsightsAccessScopeAnalysis> {
  return {
    async *describe(ids) {
      for await (const page of paginateDescribeNetworkInsightsAccessScopeAnalyses(
        { client },
        { NetworkInsightsAccessScopeAnalysisIds: ids }
      ))
        yield page.NetworkInsightsAccessScopeAnalyses ?? []
    },
    idOf: a => a.NetworkInsightsAccessScopeAnalysisId,
    isFinished: a => a.Status === 'succeeded' || a.Status === 'failed',
    notFoundCode: 'InvalidNetworkInsightsAccessScopeAnalysisId.NotFound'
  }
}

/** Tagged scopes of this account+region that claim a hash; content decides (see obtainScope). */
async function findScopeCandidates(client: EC2Client): Promise<Map<string, string[]>> {
  const byHash = new Map<string, string[]>()
  for await (const page of paginateDescribeNetworkInsightsAccessScopes(
    { client },
    { Filters: [MANAGED_TAG_FILTER] }
  )) {
    for (const scope of page.NetworkInsightsAccessScopes ?? []) {
      const id = scope.NetworkInsightsAccessScopeId
      const hash = tagValue(scope.Tags, TAG_SCOPE_HASH)
      // Scopes of `cleanup: all` runs vanish with that run; never reuse them.
      if (!id || !hash || !isManaged(scope.Tags) || tagValue(scope.Tags, TAG_EPHEMERAL)) continue
      byHash.set(hash, [...(byHash.get(hash) ?? []), id])
    }
  }
  return byHash
}

/** How many analyses these requests need: one per distinct scope per account and Region (what max-analyses counts). */
export function scopeAnalysesNeeded(requests: readonly ScopeRequest[]): number {
  return new Set(requests.map(r => `${r.account}\u0000${r.region}\u0000${scopeHash(scopeStatements(r))}`))
    .size
}

/**
 * Runs one Network Access Analyzer analysis per distinct scope and returns a result for every request, keyed
 * by assertion id. Never throws for AWS or auth failures: they become results with a status and message.
 */
export async function runScopeAnalyses(
  requests: ScopeRequest[],
  clients: AwsClientProvider,
  options: EngineOptions
): Promise<Map<string, ScopeRun>> {
  const settings = settingsFrom(options)
  const results = new Map<string, ScopeRun>()
  const ledger = new ResourceLedger(settings.log)
  const jobs = new Map<string, ScopeJob>()
  const statementsOf = new Map<string, ScopeStatements>()
  for (const request of requests) {
    const statements = scopeStatements(request)
    const hash = scopeHash(statements)
    statementsOf.set(request.assertion.id, statements)
    const key = `${request.account}\u0000${request.region}\u0000${hash}`
    const job = jobs.get(key)
    if (job) job.assertionIds.push(request.assertion.id)
    else
      jobs.set(key, {
        account: request.account,
        region: request.region,
        hash,
        statements,
        assertionIds: [request.assertion.id]
      })
  }
  // max-analyses counts scope analyses like any other: jobs past the budget are not started.
  const budget = settings.maxAnalyses
  const planned = [...jobs.values()]
  const skipped = budget !== undefined && planned.length > budget ? planned.splice(budget) : []
  if (skipped.length > 0) {
    settings.log(
      `budget: starting ${planned.length} of ${planned.length + skipped.length} Network Access Analyzer analyses (maxAnalyses ${budget})`
    )
    for (const job of skipped)
      for (const id of job.assertionIds)
        results.set(id, {
          status: 'not-started',
          account: job.account,
          region: job.region,
          rawFindings: [],
          statements: toReport(job.statements),
          message: `Not started: the budget allows ${budget} analyses (maxAnalyses) and this run needs ${planned.length + skipped.length} Network Access Analyzer analyses`
        })
  }
  settings.emit({ type: 'scope-analyses-planned', analyses: planned.length })
  try {
    const crash = await runGroups(
      groupByAccountRegion(planned, job => job),
      group => runGroup(group, clients, settings, ledger, results),
      settings.log,
      'scope engine'
    )
    for (const request of requests) {
      if (results.has(request.assertion.id)) continue
      results.set(request.assertion.id, {
        status: 'error',
        account: request.account,
        region: request.region,
        rawFindings: [],
        statements: toReport(statementsOf.get(request.assertion.id)!),
        message: `The scope engine failed unexpectedly: ${String(crash?.reason)}`
      })
    }
  } finally {
    const cleaned = await ledger.finish(settings.cleanup === 'all')
    if (cleaned.deletedAnalyses || cleaned.deletedPaths || cleaned.failedDeletes)
      settings.log(
        `scopes: ${cleaned.deletedAnalyses} scope analyses and ${cleaned.deletedPaths} scopes deleted` +
          (cleaned.failedDeletes ? ` (${cleaned.failedDeletes} deletes failed)` : '')
      )
  }
  return results
}

function toReport(statements: ScopeStatements): ScopeRun['statements'] {
  return { matchPaths: statements.MatchPaths, excludePaths: statements.ExcludePaths }
}

async function runGroup(
  jobs: ScopeJob[],
  clients: AwsClientProvider,
  settings: EngineSettings,
  ledger: ResourceLedger,
  results: Map<string, ScopeRun>
): Promise<void> {
  const { account, region } = jobs[0]
  const settle = (job: ScopeJob, fields: Partial<ScopeRun> & { status: AnalysisStatus }): void => {
    for (const id of job.assertionIds)
      results.set(id, { account, region, rawFindings: [], statements: toReport(job.statements), ...fields })
    // Every job settles once, started or not: progress counts it done.
    const { analysisId, status } = fields
    settings.emit({
      type: 'analysis-finished',
      account,
      region,
      analysisId,
      assertionIds: job.assertionIds,
      status
    })
  }
  const fail = (job: ScopeJob, error: unknown, operation: string, fields: Partial<ScopeRun> = {}): void => {
    const { status, message } = describeFailure(error, { operation, account, region })
    const quota =
      errorCode(error) === 'ResourceLimitExceeded'
        ? ` (Network Access Analyzer allows ${MAX_CONCURRENT_SCOPE_ANALYSES} concurrent analyses and 1,000 scopes per account and Region by default; lower concurrency or ask AWS for more)`
        : ''
    settle(job, { ...fields, status, message: message + quota })
  }

  const opened = await openGroup(
    clients,
    { account, region },
    { what: 'scopes', list: findScopeCandidates, none: () => new Map<string, string[]>() },
    settings.log
  )
  if (!opened.ok) {
    for (const job of jobs) fail(job, opened.error, 'getting an EC2 client')
    return
  }
  const { client, candidates } = opened
  settings.log(
    `account ${account}, ${region}: ${jobs.length} Network Access Analyzer ${jobs.length === 1 ? 'analysis' : 'analyses'}`
  )

  const scopeTags: Tag[] = [{ Key: TAG_MANAGED, Value: 'true' }]
  if (settings.cleanup === 'all')
    scopeTags.push({ Key: TAG_RUN_ID, Value: settings.runId }, { Key: TAG_EPHEMERAL, Value: 'true' })

  /** A verified reused scope, or a new one; undefined origin never happens. */
  const obtainScope = async (job: ScopeJob): Promise<{ id: string; origin: 'created' | 'reused' }> => {
    for (const candidate of candidates.get(job.hash) ?? []) {
      try {
        const content = await client.send(
          new GetNetworkInsightsAccessScopeContentCommand({ NetworkInsightsAccessScopeId: candidate })
        )
        const differences = statementDifferences(
          job.statements,
          content.NetworkInsightsAccessScopeContent ?? {}
        )
        if (differences.length === 0) return { id: candidate, origin: 'reused' }
        // Its tags claim our hash but its content is something else: not ours to use (nor to delete).
        settings.log(
          `warning: scope ${candidate} (account ${account}, ${region}) is tagged as ours but its ${differences.join(' and ')} differ; ignored`
        )
      } catch (error) {
        settings.log(
          `warning: could not read scope ${candidate} (account ${account}, ${region}): ${errorCode(error) ?? String(error)}; ignored`
        )
      }
    }
    const created = await client.send(
      new CreateNetworkInsightsAccessScopeCommand({
        MatchPaths: job.statements.MatchPaths,
        ...(job.statements.ExcludePaths.length ? { ExcludePaths: job.statements.ExcludePaths } : {}),
        TagSpecifications: [
          {
            ResourceType: 'network-insights-access-scope',
            Tags: [...scopeTags, { Key: TAG_SCOPE_HASH, Value: job.hash }]
          }
        ],
        ClientToken: clientToken('scope', settings.runId, job.hash)
      })
    )
    const id = created.NetworkInsightsAccessScope?.NetworkInsightsAccessScopeId
    if (!id) throw new Error('CreateNetworkInsightsAccessScope returned no scope id')
    ledger.addScope(id, client, account, region)
    return { id, origin: 'created' }
  }

  const slots = new Semaphore(Math.min(settings.concurrency, MAX_CONCURRENT_SCOPE_ANALYSES), settings.signal)
  const poller = new BatchPoller<NetworkInsightsAccessScopeAnalysis>(
    client,
    {
      initialMs: settings.pollInitialMs,
      maxMs: settings.pollMaxMs,
      now: settings.now,
      sleep: settings.sleep,
      aborted: settings.aborted,
      isAborted: settings.isAborted
    },
    scopeAnalysisSource(client)
  )

  const runJob = async (job: ScopeJob): Promise<void> => {
    if (!(await slots.acquire()))
      return settle(job, {
        status: 'not-started',
        message: 'The run was cancelled before this analysis started'
      })
    let analysisId: string | undefined
    try {
      if (settings.isAborted())
        return settle(job, {
          status: 'not-started',
          message: 'The run was cancelled before this analysis started'
        })
      let scope: { id: string; origin: 'created' | 'reused' }
      try {
        scope = await obtainScope(job)
      } catch (error) {
        return fail(job, error, 'CreateNetworkInsightsAccessScope')
      }
      const scopeFields = { scopeId: scope.id, scopeOrigin: scope.origin }
      const startedAtMs = settings.now()
      let analysisArn: string | undefined
      try {
        const started = await client.send(
          new StartNetworkInsightsAccessScopeAnalysisCommand({
            NetworkInsightsAccessScopeId: scope.id,
            TagSpecifications: [
              {
                ResourceType: 'network-insights-access-scope-analysis',
                Tags: [
                  { Key: TAG_MANAGED, Value: 'true' },
                  { Key: TAG_RUN_ID, Value: settings.runId }
                ]
              }
            ],
            ClientToken: clientToken('scope-analysis', settings.runId, job.hash, scope.id)
          })
        )
        analysisId = started.NetworkInsightsAccessScopeAnalysis?.NetworkInsightsAccessScopeAnalysisId
        analysisArn = started.NetworkInsightsAccessScopeAnalysis?.NetworkInsightsAccessScopeAnalysisArn
      } catch (error) {
        return fail(job, error, 'StartNetworkInsightsAccessScopeAnalysis', scopeFields)
      }
      if (!analysisId)
        return settle(job, {
          ...scopeFields,
          status: 'error',
          message: 'StartNetworkInsightsAccessScopeAnalysis returned no analysis id'
        })
      ledger.addScopeAnalysis(analysisId, client, account, region)
      settings.emit({
        type: 'scope-analysis-started',
        account,
        region,
        analysisId,
        assertionIds: job.assertionIds
      })
      const outcome = await poller.watch(analysisId, startedAtMs + settings.timeoutSeconds * 1000)
      const finishedAtMs = settings.now()
      const fields = {
        ...scopeFields,
        analysisId,
        analysisArn,
        startedAt: new Date(startedAtMs).toISOString(),
        finishedAt: new Date(finishedAtMs).toISOString(),
        durationMs: finishedAtMs - startedAtMs
      }
      settle(
        job,
        await resultOf(outcome, fields, client, analysisId, {
          account,
          region,
          timeoutSeconds: settings.timeoutSeconds
        })
      )
    } finally {
      slots.release()
      if (analysisId) await ledger.deleteScopeAnalysis(analysisId)
    }
  }

  const stopCounting = onThrottled(client, operation =>
    settings.emit({ type: 'throttled', account, region, operation })
  )
  try {
    await Promise.all(jobs.map(runJob))
  } finally {
    stopCounting()
  }
}

async function resultOf(
  outcome: PollOutcome<NetworkInsightsAccessScopeAnalysis>,
  fields: Partial<ScopeRun>,
  client: EC2Client,
  analysisId: string,
  context: { account: string; region: string; timeoutSeconds: number }
): Promise<Partial<ScopeRun> & { status: AnalysisStatus }> {
  switch (outcome.kind) {
    case 'finished': {
      const analysis = outcome.analysis
      if (analysis.Status !== 'succeeded')
        return {
          ...fields,
          status: 'failed',
          message: analysis.StatusMessage ?? 'Network Access Analyzer reported the analysis as failed'
        }
      const rawFindings: AccessScopeAnalysisFinding[] = []
      try {
        // Every page: the verdict lists every violating path.
        for await (const page of paginateGetNetworkInsightsAccessScopeAnalysisFindings(
          { client },
          { NetworkInsightsAccessScopeAnalysisId: analysisId, MaxResults: FINDINGS_PAGE_SIZE }
        ))
          rawFindings.push(...(page.AnalysisFindings ?? []))
      } catch (error) {
        const { status, message } = describeFailure(error, {
          operation: 'GetNetworkInsightsAccessScopeAnalysisFindings',
          ...context
        })
        return { ...fields, status, message }
      }
      return {
        ...fields,
        status: 'succeeded',
        analyzedEniCount: analysis.AnalyzedEniCount,
        rawFindings,
        ...(analysis.FindingsFound === 'true' && rawFindings.length === 0
          ? { message: 'AWS says findings were found but returned none' }
          : {})
      }
    }
    case 'timeout':
      return {
        ...fields,
        status: 'timeout',
        message: `Network Access Analyzer did not finish within ${context.timeoutSeconds} s (per-analysis timeout); the analysis was abandoned and deleted`
      }
    case 'error': {
      const { status, message } = describeFailure(outcome.error, {
        operation: 'DescribeNetworkInsightsAccessScopeAnalyses',
        ...context
      })
      return { ...fields, status, message }
    }
    case 'cancelled':
      return {
        ...fields,
        status: 'error',
        message: 'The run was cancelled while this analysis was running; it was deleted'
      }
  }
}
