// Deletes what killed runs left behind: the action's post step (by run id) and
// `network-preflight cleanup --older-than 1h` (by age). Only ever resources tagged
// network-preflight:managed=true: the tag filter runs server-side, and every item is checked again
// here before it is deleted.
import {
  DeleteNetworkInsightsAccessScopeAnalysisCommand,
  DeleteNetworkInsightsAccessScopeCommand,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  type EC2Client,
  paginateDescribeNetworkInsightsAccessScopeAnalyses,
  paginateDescribeNetworkInsightsAccessScopes,
  paginateDescribeNetworkInsightsAnalyses,
  paginateDescribeNetworkInsightsPaths,
  type Tag
} from '@aws-sdk/client-ec2'
import type { AwsClientProvider } from '../auth/types.js'
import { errorCode } from './errors.js'
import { isManaged, MANAGED_TAG_FILTER, TAG_EPHEMERAL, TAG_RUN_ID, tagValue } from './tags.js'
import type { SweepOptions, SweepResult, SweepScope } from './types.js'

/**
 * Deletes leftover analyses (managed tag; with `runId` only that run's; with `olderThanMs` only those
 * started earlier) and leftover paths of `cleanup: all` runs (managed and ephemeral tags; same run/age
 * rules by creation date). Paths kept for reuse are never swept. With neither `runId` nor `olderThanMs`
 * every managed analysis and ephemeral path goes, including those of a run still in progress.
 * Failures are logged and the sweep goes on; the lists name what was actually deleted.
 */
export async function sweepLeftovers(
  clients: AwsClientProvider,
  scopes: SweepScope[],
  options: SweepOptions = {}
): Promise<SweepResult> {
  const log = options.log ?? (() => undefined)
  const now = (options.now ?? Date.now)()
  const result: SweepResult = {
    deletedAnalyses: [],
    deletedPaths: [],
    deletedScopeAnalyses: [],
    deletedScopes: []
  }
  const filters = [
    MANAGED_TAG_FILTER,
    ...(options.runId ? [{ Name: `tag:${TAG_RUN_ID}`, Values: [options.runId] }] : [])
  ]

  const isLeftover = (tags: Tag[] | undefined, date: Date | undefined): boolean => {
    if (!isManaged(tags)) return false
    if (options.runId !== undefined && tagValue(tags, TAG_RUN_ID) !== options.runId) return false
    if (options.olderThanMs !== undefined) {
      // Without a date the age is unknown: keep it rather than guess.
      if (!date || now - date.getTime() < options.olderThanMs) return false
    }
    return true
  }

  const uniqueScopes = [
    ...new Map(scopes.map(scope => [`${scope.account}\u0000${scope.region}`, scope])).values()
  ]
  await Promise.all(
    uniqueScopes.map(async ({ account, region }) => {
      const where = `account ${account}, ${region}`
      let client: EC2Client
      try {
        client = await clients.ec2(account, region)
      } catch (error) {
        log(`cleanup: skipped ${where}: ${error instanceof Error ? error.message : String(error)}`)
        return
      }

      // Analyses first: a path goes only after its analyses. Each list is read completely before
      // anything is deleted, so deletions cannot shift the pages still to come.
      const analysisIds: string[] = []
      try {
        for await (const page of paginateDescribeNetworkInsightsAnalyses({ client }, { Filters: filters })) {
          for (const analysis of page.NetworkInsightsAnalyses ?? []) {
            const id = analysis.NetworkInsightsAnalysisId
            if (id && isLeftover(analysis.Tags, analysis.StartDate)) analysisIds.push(id)
          }
        }
      } catch (error) {
        log(`cleanup: could not list analyses in ${where}: ${errorCode(error) ?? String(error)}`)
      }
      for (const id of analysisIds) {
        try {
          await client.send(new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: id }))
          result.deletedAnalyses.push(id)
          log(`cleanup: deleted analysis ${id} (${where})`)
        } catch (error) {
          log(`cleanup: could not delete analysis ${id} (${where}): ${errorCode(error) ?? String(error)}`)
        }
      }

      const pathIds: string[] = []
      try {
        const pathFilters = [...filters, { Name: `tag:${TAG_EPHEMERAL}`, Values: ['true'] }]
        for await (const page of paginateDescribeNetworkInsightsPaths({ client }, { Filters: pathFilters })) {
          for (const path of page.NetworkInsightsPaths ?? []) {
            const id = path.NetworkInsightsPathId
            // Only paths of `cleanup: all` runs; paths kept for reuse are never swept.
            if (
              id &&
              tagValue(path.Tags, TAG_EPHEMERAL) === 'true' &&
              isLeftover(path.Tags, path.CreatedDate)
            ) {
              pathIds.push(id)
            }
          }
        }
      } catch (error) {
        log(`cleanup: could not list paths in ${where}: ${errorCode(error) ?? String(error)}`)
      }
      for (const id of pathIds) {
        try {
          await client.send(new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: id }))
          result.deletedPaths.push(id)
          log(`cleanup: deleted path ${id} (${where})`)
        } catch (error) {
          log(`cleanup: could not delete path ${id} (${where}): ${errorCode(error) ?? String(error)}`)
        }
      }

      // Network Access Analyzer, by the same rules: scope analyses like analyses, then scopes like paths
      // (only those of `cleanup: all` runs; scopes kept for reuse are never swept).
      const scopeAnalysisIds: string[] = []
      try {
        for await (const page of paginateDescribeNetworkInsightsAccessScopeAnalyses(
          { client },
          { Filters: filters }
        )) {
          for (const analysis of page.NetworkInsightsAccessScopeAnalyses ?? []) {
            const id = analysis.NetworkInsightsAccessScopeAnalysisId
            if (id && isLeftover(analysis.Tags, analysis.StartDate)) scopeAnalysisIds.push(id)
          }
        }
      } catch (error) {
        log(`cleanup: could not list scope analyses in ${where}: ${errorCode(error) ?? String(error)}`)
      }
      for (const id of scopeAnalysisIds) {
        try {
          await client.send(
            new DeleteNetworkInsightsAccessScopeAnalysisCommand({ NetworkInsightsAccessScopeAnalysisId: id })
          )
          result.deletedScopeAnalyses.push(id)
          log(`cleanup: deleted scope analysis ${id} (${where})`)
        } catch (error) {
          log(
            `cleanup: could not delete scope analysis ${id} (${where}): ${errorCode(error) ?? String(error)}`
          )
        }
      }
      const scopeIds: string[] = []
      try {
        const scopeFilters = [...filters, { Name: `tag:${TAG_EPHEMERAL}`, Values: ['true'] }]
        for await (const page of paginateDescribeNetworkInsightsAccessScopes(
          { client },
          { Filters: scopeFilters }
        )) {
          for (const scope of page.NetworkInsightsAccessScopes ?? []) {
            const id = scope.NetworkInsightsAccessScopeId
            if (
              id &&
              tagValue(scope.Tags, TAG_EPHEMERAL) === 'true' &&
              isLeftover(scope.Tags, scope.CreatedDate)
            )
              scopeIds.push(id)
          }
        }
      } catch (error) {
        log(`cleanup: could not list scopes in ${where}: ${errorCode(error) ?? String(error)}`)
      }
      for (const id of scopeIds) {
        try {
          await client.send(new DeleteNetworkInsightsAccessScopeCommand({ NetworkInsightsAccessScopeId: id }))
          result.deletedScopes.push(id)
          log(`cleanup: deleted scope ${id} (${where})`)
        } catch (error) {
          log(`cleanup: could not delete scope ${id} (${where}): ${errorCode(error) ?? String(error)}`)
        }
      }
    })
  )
  return result
}
