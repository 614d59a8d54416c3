// Paths of one account+region: reused from earlier runs when tagged with the same hash AND defined
// exactly as this run needs them, otherwise created once per run and shared by every analysis.
import {
  CreateNetworkInsightsPathCommand,
  type EC2Client,
  type NetworkInsightsPath,
  paginateDescribeNetworkInsightsPaths,
  type Tag
} from '@aws-sdk/client-ec2'
import type { AnalyzedPath } from '../model.js'
import { pathDefinitionDifferences } from './definition.js'
import type { ResourceLedger } from './ledger.js'
import { clientToken, type AnalysisPlan } from './plan.js'
import {
  isManaged,
  MANAGED_TAG_FILTER,
  TAG_EPHEMERAL,
  TAG_MANAGED,
  TAG_PATH_HASH,
  TAG_RUN_ID,
  tagValue
} from './tags.js'
import type { CleanupPolicy, EngineEvent } from './types.js'

/** A tagged path that claims to be ours, with its definition as DescribeNetworkInsightsPaths returned it. */
export interface ReuseCandidate {
  pathId: string
  path: NetworkInsightsPath
}

/**
 * Tagged, persistent paths of this account+region, every candidate per path hash (one paginated
 * describe). The tags only nominate a path: `chooseReusable` decides, from its definition.
 */
export async function findReusablePaths(client: EC2Client): Promise<Map<string, ReuseCandidate[]>> {
  const byHash = new Map<string, ReuseCandidate[]>()
  for await (const page of paginateDescribeNetworkInsightsPaths(
    { client },
    { Filters: [MANAGED_TAG_FILTER] }
  )) {
    for (const path of page.NetworkInsightsPaths ?? []) {
      const hash = tagValue(path.Tags, TAG_PATH_HASH)
      // Paths of `cleanup: all` runs disappear when that run ends, so they are not reused.
      if (
        !path.NetworkInsightsPathId ||
        !hash ||
        !isManaged(path.Tags) ||
        tagValue(path.Tags, TAG_EPHEMERAL)
      ) {
        continue
      }
      const candidates = byHash.get(hash) ?? []
      candidates.push({ pathId: path.NetworkInsightsPathId, path })
      byHash.set(hash, candidates)
    }
  }
  return byHash
}

/** A tagged path that was not reused because its definition is not the one its tags claim. */
export interface IgnoredPath {
  pathId: string
  pathHash: string
  /** The definition fields that differ, e.g. ["Source", "DestinationPort"]. */
  differences: string[]
}

/**
 * Per path hash the plans need, the first candidate whose definition equals the plan's path; every
 * candidate that differs is ignored (never reused, never deleted: it is not ours to touch).
 */
export function chooseReusable(
  candidates: Map<string, ReuseCandidate[]>,
  plans: AnalysisPlan[]
): { reusable: Map<string, string>; ignored: IgnoredPath[] } {
  const reusable = new Map<string, string>()
  const ignored: IgnoredPath[] = []
  const planByHash = new Map<string, AnalysisPlan>()
  for (const plan of plans) if (!planByHash.has(plan.pathHash)) planByHash.set(plan.pathHash, plan)
  for (const [hash, plan] of planByHash) {
    for (const candidate of candidates.get(hash) ?? []) {
      const differences = pathDefinitionDifferences(plan, candidate.path)
      if (differences.length > 0) ignored.push({ pathId: candidate.pathId, pathHash: hash, differences })
      else if (!reusable.has(hash)) reusable.set(hash, candidate.pathId)
    }
  }
  return { reusable, ignored }
}

interface PathRegistryContext {
  client: EC2Client
  account: string
  region: string
  runId: string
  cleanup: CleanupPolicy
  ledger: ResourceLedger
  emit: (event: EngineEvent) => void
}

export class PathRegistry {
  /** Path id per hash, as a promise so that concurrent jobs share one creation. */
  private readonly pending = new Map<string, Promise<string>>()
  /** Path id per hash once known, to tell whether a vanished path is still the current one. */
  private readonly settled = new Map<string, string>()
  /** How often the path of a hash was replaced this run; part of the client token of a replacement. */
  private readonly generation = new Map<string, number>()
  /** Whether each path this run uses was reused (after verification) or created. */
  private readonly origins = new Map<string, AnalyzedPath['origin']>()
  private readonly tags: Tag[]

  /** `reusable`: verified paths by hash (see chooseReusable). */
  constructor(
    private readonly context: PathRegistryContext,
    private readonly reusable: Map<string, string>
  ) {
    this.tags = [{ Key: TAG_MANAGED, Value: 'true' }]
    if (context.cleanup === 'all') {
      this.tags.push({ Key: TAG_RUN_ID, Value: context.runId }, { Key: TAG_EPHEMERAL, Value: 'true' })
    }
  }

  /** Whether a path this run obtained was reused or created. */
  originOf(pathId: string): AnalyzedPath['origin'] {
    return this.origins.get(pathId) ?? 'created'
  }

  /** The path for a plan: reused, or created once per run. */
  ensure(plan: AnalysisPlan): Promise<string> {
    let pathId = this.pending.get(plan.pathHash)
    if (!pathId) {
      pathId = this.obtain(plan)
      this.pending.set(plan.pathHash, pathId)
    }
    return pathId
  }

  /**
   * A path that vanished (deleted by someone else since we listed or created it): make a new one.
   * Jobs that find the same stale id concurrently share a single replacement.
   */
  replace(plan: AnalysisPlan, staleId: string): Promise<string> {
    if (this.settled.get(plan.pathHash) === staleId) {
      this.settled.delete(plan.pathHash)
      this.reusable.delete(plan.pathHash)
      this.generation.set(plan.pathHash, (this.generation.get(plan.pathHash) ?? 0) + 1)
      this.pending.delete(plan.pathHash)
    }
    return this.ensure(plan)
  }

  private async obtain(plan: AnalysisPlan): Promise<string> {
    const { client, account, region, runId, ledger, emit } = this.context
    const reused = this.reusable.get(plan.pathHash)
    if (reused) {
      this.settled.set(plan.pathHash, reused)
      this.origins.set(reused, 'reused')
      emit({ type: 'path-reused', account, region, pathId: reused, pathHash: plan.pathHash })
      return reused
    }
    const generation = this.generation.get(plan.pathHash) ?? 0
    const created = await client.send(
      new CreateNetworkInsightsPathCommand({
        ...plan.path,
        TagSpecifications: [
          {
            ResourceType: 'network-insights-path',
            Tags: [...this.tags, { Key: TAG_PATH_HASH, Value: plan.pathHash }]
          }
        ],
        // Idempotent across the SDK's retries. Run id and generation are part of it because EC2
        // remembers tokens for hours: a token reused after its path was deleted returns that path.
        ClientToken:
          generation === 0
            ? clientToken('path', runId, plan.pathHash)
            : clientToken('path', runId, plan.pathHash, String(generation))
      })
    )
    const id = created.NetworkInsightsPath?.NetworkInsightsPathId
    if (!id) throw new Error('CreateNetworkInsightsPath returned no path id')
    ledger.addPath(id, client, account, region)
    this.settled.set(plan.pathHash, id)
    this.origins.set(id, 'created')
    emit({ type: 'path-created', account, region, pathId: id, pathHash: plan.pathHash })
    return id
  }
}
