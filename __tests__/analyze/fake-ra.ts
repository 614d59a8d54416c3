// A stateful stand-in for Reachability Analyzer in one account+region, behind aws-sdk-client-mock.
// It keeps paths and analyses, honours client tokens and tag filters, lets analyses finish on a
// fake clock, and records what the engine did (max analyses running, describe batches, deletes).
import {
  CreateNetworkInsightsPathCommand,
  type CreateNetworkInsightsPathRequest,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  DescribeNetworkInsightsAnalysesCommand,
  type DescribeNetworkInsightsAnalysesRequest,
  DescribeNetworkInsightsPathsCommand,
  type DescribeNetworkInsightsPathsRequest,
  EC2Client,
  type EC2ClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  type Filter,
  type NetworkInsightsAnalysis,
  type NetworkInsightsPath,
  StartNetworkInsightsAnalysisCommand,
  type StartNetworkInsightsAnalysisRequest,
  type Tag
} from '@aws-sdk/client-ec2'
import { type AwsStub, mockClient } from 'aws-sdk-client-mock'
import type { AwsClientProvider } from '../../src/auth/types.js'
import { noManagedClients } from '../resolve/no-managed-clients.js'
import { AuthError } from '../../src/auth/types.js'

/** A fake clock shared by the engine and the fakes: sleeping advances time instantly. */
export class FakeClock {
  time = Date.UTC(2025, 0, 1)
  readonly now = (): number => this.time
  readonly sleep = async (ms: number): Promise<void> => {
    this.time += ms
    await Promise.resolve()
  }
}

export function awsError(name: string, message = name): Error {
  const error = new Error(message)
  error.name = name
  return Object.assign(error, { $metadata: {}, $fault: 'client' })
}

/** How an analysis ends: after `durationMs` on the fake clock, with this status; `never` keeps it running. */
export type Ending =
  | { status: 'succeeded'; networkPathFound: boolean; durationMs?: number }
  | { status: 'failed'; statusMessage: string; durationMs?: number }
  | 'never'

interface StoredPath {
  path: NetworkInsightsPath
  input: CreateNetworkInsightsPathRequest
  deleted: boolean
}

interface StoredAnalysis {
  analysis: NetworkInsightsAnalysis
  input: StartNetworkInsightsAnalysisRequest
  startedAt: number
  ending: Ending
  deleted: boolean
}

export class FakeReachabilityAnalyzer {
  /** Whether a NotFound from a batched describe names the missing id in its message (AWS does). */
  notFoundNamesId = true
  readonly client: EC2Client
  readonly mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, EC2ClientResolvedConfig>
  readonly paths = new Map<string, StoredPath>()
  readonly analyses = new Map<string, StoredAnalysis>()
  /** Ids of every DescribeNetworkInsightsAnalyses call that named ids, in order. */
  readonly describeBatches: string[][] = []
  maxRunning = 0
  /** Most analyses that existed (not yet deleted) at once: shows whether they are deleted as they finish. */
  maxLive = 0
  /** Decides how each analysis ends; default: reachable after 20 s. */
  ending: (input: StartNetworkInsightsAnalysisRequest, path: CreateNetworkInsightsPathRequest) => Ending =
    () => ({
      status: 'succeeded',
      networkPathFound: true
    })
  /** Throw this from the next calls of a command, e.g. throttling that outlived the SDK's retries. */
  failStart?: (input: StartNetworkInsightsAnalysisRequest) => Error | undefined
  failDescribeAnalyses?: () => Error | undefined
  /** Analysis deletes wait for this before answering (slow deletes), when set. */
  deleteGate?: Promise<void>
  /** Simulate a server that ignores tag filters, to prove the client-side double check. */
  ignoreTagFilters = false
  /** Page size of the describe calls, to exercise pagination. */
  pageSize = 100
  private counter = 0
  private readonly tokens = new Map<string, string>()

  constructor(
    readonly accountId: string,
    readonly region: string,
    private readonly clock: FakeClock
  ) {
    this.client = new EC2Client({ region })
    this.mock = mockClient(this.client)
    this.mock
      .on(CreateNetworkInsightsPathCommand)
      .callsFake(async (input: CreateNetworkInsightsPathRequest) => {
        const id = this.idempotent(input.ClientToken, () => this.addPath(input))
        return { NetworkInsightsPath: this.paths.get(id)!.path }
      })
    this.mock
      .on(StartNetworkInsightsAnalysisCommand)
      .callsFake(async (input: StartNetworkInsightsAnalysisRequest) => {
        const failure = this.failStart?.(input)
        if (failure) throw failure
        const stored = this.paths.get(input.NetworkInsightsPathId!)
        if (!stored || stored.deleted) throw awsError('InvalidNetworkInsightsPathId.NotFound')
        const id = this.idempotent(input.ClientToken, () => this.addAnalysis(input, stored))
        return { NetworkInsightsAnalysis: { ...this.analyses.get(id)!.analysis } }
      })
    this.mock
      .on(DescribeNetworkInsightsAnalysesCommand)
      .callsFake(async (input: DescribeNetworkInsightsAnalysesRequest) => {
        const failure = this.failDescribeAnalyses?.()
        if (failure) throw failure
        let found: StoredAnalysis[]
        if (input.NetworkInsightsAnalysisIds) {
          this.describeBatches.push([...input.NetworkInsightsAnalysisIds])
          found = input.NetworkInsightsAnalysisIds.map(id => {
            const stored = this.analyses.get(id)
            if (!stored || stored.deleted)
              throw awsError(
                'InvalidNetworkInsightsAnalysisId.NotFound',
                // AWS names the missing id; notFoundNamesId = false checks the fallback when it does not.
                this.notFoundNamesId ? `The network insights analysis ID '${id}' does not exist` : undefined
              )
            return stored
          })
        } else {
          found = [...this.analyses.values()].filter(
            a => !a.deleted && this.matches(a.analysis.Tags, input.Filters)
          )
        }
        for (const stored of found) this.advance(stored)
        return this.page(
          found.map(stored => ({ ...stored.analysis })),
          input.NextToken,
          (items, NextToken) => ({ NetworkInsightsAnalyses: items, NextToken })
        )
      })
    this.mock
      .on(DescribeNetworkInsightsPathsCommand)
      .callsFake(async (input: DescribeNetworkInsightsPathsRequest) => {
        const found = [...this.paths.values()].filter(
          p => !p.deleted && this.matches(p.path.Tags, input.Filters)
        )
        return this.page(
          found.map(stored => ({ ...stored.path })),
          input.NextToken,
          (items, NextToken) => ({ NetworkInsightsPaths: items, NextToken })
        )
      })
    this.mock
      .on(DeleteNetworkInsightsAnalysisCommand)
      .callsFake(async (input: { NetworkInsightsAnalysisId: string }) => {
        await this.deleteGate
        const stored = this.analyses.get(input.NetworkInsightsAnalysisId)
        if (!stored || stored.deleted) throw awsError('InvalidNetworkInsightsAnalysisId.NotFound')
        stored.deleted = true
        return { NetworkInsightsAnalysisId: input.NetworkInsightsAnalysisId }
      })
    this.mock
      .on(DeleteNetworkInsightsPathCommand)
      .callsFake(async (input: { NetworkInsightsPathId: string }) => {
        const stored = this.paths.get(input.NetworkInsightsPathId)
        if (!stored || stored.deleted) throw awsError('InvalidNetworkInsightsPathId.NotFound')
        const hasAnalyses = [...this.analyses.values()].some(
          a => !a.deleted && a.analysis.NetworkInsightsPathId === input.NetworkInsightsPathId
        )
        if (hasAnalyses) throw awsError('DependencyViolation', 'the path still has analyses')
        stored.deleted = true
        return { NetworkInsightsPathId: input.NetworkInsightsPathId }
      })
  }

  /** A path or analysis made outside the engine (another tool, an earlier run). */
  seedPath(tags: Tag[], fields: Partial<NetworkInsightsPath> = {}): string {
    return this.addPath({ Source: 'i-0seed', Protocol: 'tcp', TagSpecifications: [{ Tags: tags }] }, fields)
  }

  seedAnalysis(tags: Tag[], startDate: Date, status: 'running' | 'succeeded' = 'succeeded'): string {
    const pathId = this.seedPath([])
    const id = `nia-${String(++this.counter).padStart(17, '0')}`
    this.analyses.set(id, {
      analysis: {
        NetworkInsightsAnalysisId: id,
        NetworkInsightsPathId: pathId,
        Status: status,
        StartDate: startDate,
        Tags: tags
      },
      input: { NetworkInsightsPathId: pathId },
      startedAt: startDate.getTime(),
      ending: 'never',
      deleted: false
    })
    return id
  }

  running(): StoredAnalysis[] {
    return [...this.analyses.values()].filter(a => !a.deleted && a.analysis.Status === 'running')
  }

  live(): { paths: string[]; analyses: string[] } {
    return {
      paths: [...this.paths].filter(([, p]) => !p.deleted).map(([id]) => id),
      analyses: [...this.analyses].filter(([, a]) => !a.deleted).map(([id]) => id)
    }
  }

  private idempotent(token: string | undefined, create: () => string): string {
    if (!token) return create()
    const existing = this.tokens.get(token)
    if (existing) return existing
    const id = create()
    this.tokens.set(token, id)
    return id
  }

  private addPath(
    input: CreateNetworkInsightsPathRequest,
    fields: Partial<NetworkInsightsPath> = {}
  ): string {
    const id = `nip-${String(++this.counter).padStart(17, '0')}`
    const path: NetworkInsightsPath = {
      NetworkInsightsPathId: id,
      NetworkInsightsPathArn: `arn:aws:ec2:${this.region}:${this.accountId}:network-insights-path/${id}`,
      CreatedDate: new Date(this.clock.now()),
      Source: input.Source,
      Destination: input.Destination,
      DestinationIp: input.DestinationIp,
      Protocol: input.Protocol,
      DestinationPort: input.DestinationPort,
      SourceIp: input.SourceIp,
      FilterAtSource: input.FilterAtSource,
      FilterAtDestination: input.FilterAtDestination,
      Tags: input.TagSpecifications?.flatMap(spec => spec.Tags ?? []) ?? [],
      ...fields
    }
    this.paths.set(id, { path, input, deleted: false })
    return id
  }

  private addAnalysis(input: StartNetworkInsightsAnalysisRequest, stored: StoredPath): string {
    const id = `nia-${String(++this.counter).padStart(17, '0')}`
    this.analyses.set(id, {
      analysis: {
        NetworkInsightsAnalysisId: id,
        NetworkInsightsAnalysisArn: `arn:aws:ec2:${this.region}:${this.accountId}:network-insights-analysis/${id}`,
        NetworkInsightsPathId: input.NetworkInsightsPathId,
        AdditionalAccounts: input.AdditionalAccounts,
        FilterInArns: input.FilterInArns,
        FilterOutArns: input.FilterOutArns,
        StartDate: new Date(this.clock.now()),
        Status: 'running',
        Tags: input.TagSpecifications?.flatMap(spec => spec.Tags ?? []) ?? []
      },
      input,
      startedAt: this.clock.now(),
      ending: this.ending(input, stored.input),
      deleted: false
    })
    this.maxRunning = Math.max(this.maxRunning, this.running().length)
    this.maxLive = Math.max(this.maxLive, this.live().analyses.length)
    return id
  }

  /** Lets an analysis finish once its duration has passed on the fake clock. */
  private advance(stored: StoredAnalysis): void {
    const ending = stored.ending
    if (stored.analysis.Status !== 'running' || ending === 'never') return
    if (this.clock.now() - stored.startedAt < (ending.durationMs ?? 20_000)) return
    stored.analysis.Status = ending.status
    if (ending.status === 'succeeded') stored.analysis.NetworkPathFound = ending.networkPathFound
    else stored.analysis.StatusMessage = ending.statusMessage
  }

  private matches(tags: Tag[] | undefined, filters: Filter[] | undefined): boolean {
    if (this.ignoreTagFilters) return true
    return (filters ?? [])
      .filter(filter => filter.Name?.startsWith('tag:'))
      .every(filter => {
        const value = tags?.find(tag => tag.Key === filter.Name!.slice(4))?.Value
        return value !== undefined && (filter.Values ?? []).includes(value)
      })
  }

  private page<T, R>(items: T[], token: string | undefined, wrap: (items: T[], next?: string) => R): R {
    const start = token ? Number(token) : 0
    const end = start + this.pageSize
    return wrap(items.slice(start, end), end < items.length ? String(end) : undefined)
  }
}

/** Clients for several fake account+regions; `accountIds` maps account names to ids. */
export function fakeProvider(
  fakes: Record<string, FakeReachabilityAnalyzer>,
  accountIds: Record<string, string>
): AwsClientProvider & { ec2Calls: string[] } {
  const ec2Calls: string[] = []
  return {
    ...noManagedClients,
    ec2Calls,
    async ec2(account: string, region: string) {
      ec2Calls.push(`${account}/${region}`)
      const fake = fakes[`${account}/${region}`]
      if (!fake) throw new AuthError(`Could not assume the role of account ${account}: AccessDenied`, account)
      return fake.client
    },
    async accountId(account: string) {
      const id = accountIds[account]
      if (!id) throw new AuthError(`Unknown account ${account}`, account)
      return id
    }
  }
}
