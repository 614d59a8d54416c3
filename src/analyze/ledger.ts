// Remembers every analysis and path this run created, so each one is deleted exactly once: as soon as
// it is done, or at the latest when the run ends (normally, on error, or cancelled).
import {
  DeleteNetworkInsightsAccessScopeAnalysisCommand,
  DeleteNetworkInsightsAccessScopeCommand,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  type EC2Client
} from '@aws-sdk/client-ec2'
import { errorCode } from './errors.js'

interface Owned {
  client: EC2Client
  account: string
  region: string
  /** `live` until the one delete attempt; a failed delete is left to the sweep (no retry loops). */
  state: 'live' | 'deleted' | 'delete-failed'
  /** The delete in flight, shared by everyone who asks for it (a deferred delete and the final sweep). */
  pending?: Promise<void>
}

const isNotFound = (error: unknown): boolean => errorCode(error)?.endsWith('.NotFound') === true

export class ResourceLedger {
  private readonly analyses = new Map<string, Owned>()
  private readonly paths = new Map<string, Owned>()
  /** Network Access Analyzer: scope analyses go like analyses, scopes like paths. */
  private readonly scopeAnalyses = new Map<string, Owned>()
  private readonly scopes = new Map<string, Owned>()

  constructor(private readonly log: (line: string) => void) {}

  addAnalysis(analysisId: string, client: EC2Client, account: string, region: string): void {
    this.analyses.set(analysisId, { client, account, region, state: 'live' })
  }

  addPath(pathId: string, client: EC2Client, account: string, region: string): void {
    this.paths.set(pathId, { client, account, region, state: 'live' })
  }

  addScopeAnalysis(analysisId: string, client: EC2Client, account: string, region: string): void {
    this.scopeAnalyses.set(analysisId, { client, account, region, state: 'live' })
  }

  addScope(scopeId: string, client: EC2Client, account: string, region: string): void {
    this.scopes.set(scopeId, { client, account, region, state: 'live' })
  }

  deleteScopeAnalysis(analysisId: string): Promise<void> {
    return this.deleteOnce(this.scopeAnalyses.get(analysisId), 'scope analysis', analysisId, client =>
      client.send(
        new DeleteNetworkInsightsAccessScopeAnalysisCommand({
          NetworkInsightsAccessScopeAnalysisId: analysisId
        })
      )
    )
  }

  deleteScope(scopeId: string): Promise<void> {
    return this.deleteOnce(this.scopes.get(scopeId), 'scope', scopeId, client =>
      client.send(new DeleteNetworkInsightsAccessScopeCommand({ NetworkInsightsAccessScopeId: scopeId }))
    )
  }

  deleteAnalysis(analysisId: string): Promise<void> {
    return this.deleteOnce(this.analyses.get(analysisId), 'analysis', analysisId, client =>
      client.send(new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: analysisId }))
    )
  }

  deletePath(pathId: string): Promise<void> {
    return this.deleteOnce(this.paths.get(pathId), 'path', pathId, client =>
      client.send(new DeleteNetworkInsightsPathCommand({ NetworkInsightsPathId: pathId }))
    )
  }

  private deleteOnce(
    owned: Owned | undefined,
    what: 'analysis' | 'path' | 'scope analysis' | 'scope',
    id: string,
    send: (client: EC2Client) => Promise<unknown>
  ): Promise<void> {
    if (!owned || owned.state !== 'live') return Promise.resolve()
    owned.pending ??= this.sendDelete(owned, what, id, send)
    return owned.pending
  }

  private async sendDelete(
    owned: Owned,
    what: 'analysis' | 'path' | 'scope analysis' | 'scope',
    id: string,
    send: (client: EC2Client) => Promise<unknown>
  ): Promise<void> {
    try {
      await send(owned.client)
      owned.state = 'deleted'
    } catch (error) {
      if (isNotFound(error)) {
        owned.state = 'deleted'
        return
      }
      owned.state = 'delete-failed'
      const later =
        what === 'analysis' || what === 'scope analysis'
          ? "`network-preflight cleanup` or the action's post step"
          : '`network-preflight cleanup`'
      this.log(
        `warning: could not delete ${what} ${id} (account ${owned.account}, ${owned.region}): ${errorCode(error) ?? String(error)}; ` +
          `${later} removes it later`
      )
    }
  }

  /** Deletes whatever is still live: analyses first (a path's analyses go before the path), then paths if asked. */
  async finish(
    deletePaths: boolean
  ): Promise<{ deletedAnalyses: number; deletedPaths: number; failedDeletes: number }> {
    const live = (owned: Map<string, Owned>) =>
      [...owned].filter(([, o]) => o.state === 'live').map(([id]) => id)
    await Promise.all([
      ...live(this.analyses).map(id => this.deleteAnalysis(id)),
      ...live(this.scopeAnalyses).map(id => this.deleteScopeAnalysis(id))
    ])
    if (deletePaths) {
      await Promise.all([
        ...live(this.paths).map(id => this.deletePath(id)),
        ...live(this.scopes).map(id => this.deleteScope(id))
      ])
    }
    const all = [
      ...this.analyses.values(),
      ...this.paths.values(),
      ...this.scopeAnalyses.values(),
      ...this.scopes.values()
    ]
    const deleted = (...maps: Array<Map<string, Owned>>) =>
      maps.flatMap(m => [...m.values()]).filter(o => o.state === 'deleted').length
    return {
      deletedAnalyses: deleted(this.analyses, this.scopeAnalyses),
      deletedPaths: deleted(this.paths, this.scopes),
      failedDeletes: all.filter(o => o.state === 'delete-failed').length
    }
  }
}
