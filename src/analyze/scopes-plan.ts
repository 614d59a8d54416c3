// Turns a set `deny` into the statements of a Network Access Analyzer scope (CreateNetworkInsightsAccessScope):
// one match path (source, destination, packet headers, `via` as ThroughResources) and one exclude path per
// `avoid` entry. Pure: no AWS call; the hash of the statements names the scope for reuse by later runs.
import { createHash } from 'node:crypto'
import type { AccessScopePathRequest, PathStatementRequest } from '@aws-sdk/client-ec2'
import type { ScopeEnd, ScopeRequest } from '../model.js'

export type { ScopeEnd, ScopeRequest } from '../model.js'

export interface ScopeStatements {
  MatchPaths: AccessScopePathRequest[]
  ExcludePaths: AccessScopePathRequest[]
}

function resourceStatement(end: ScopeEnd): PathStatementRequest['ResourceStatement'] | undefined {
  if (end.resources?.length) return { Resources: [...end.resources] }
  if (end.resourceTypes?.length) return { ResourceTypes: [...end.resourceTypes] }
  return undefined
}

/** The scope's statements for a set deny: findings are exactly the paths that violate it. */
export function scopeStatements(request: ScopeRequest): ScopeStatements {
  const { assertion, source, destination } = request
  const sourceStatement: PathStatementRequest = {}
  const sourceResources = resourceStatement(source)
  if (sourceResources) sourceStatement.ResourceStatement = sourceResources
  if (source.addresses?.length)
    sourceStatement.PacketHeaderStatement = { SourceAddresses: [...source.addresses] }

  const destinationStatement: PathStatementRequest = {}
  const destinationResources = resourceStatement(destination)
  if (destinationResources) destinationStatement.ResourceStatement = destinationResources
  destinationStatement.PacketHeaderStatement = {
    Protocols: [assertion.protocol],
    ...(assertion.port
      ? {
          DestinationPorts: [
            assertion.port.from === assertion.port.to
              ? String(assertion.port.from)
              : `${assertion.port.from}-${assertion.port.to}`
          ]
        }
      : {}),
    ...(destination.addresses?.length ? { DestinationAddresses: [...destination.addresses] } : {})
  }

  const match: AccessScopePathRequest = { Source: sourceStatement, Destination: destinationStatement }
  if (request.through.length)
    match.ThroughResources = request.through.map(ids => ({ ResourceStatement: { Resources: [...ids] } }))
  return {
    MatchPaths: [match],
    ExcludePaths: request.exclude.map(ids => ({
      ThroughResources: [{ ResourceStatement: { Resources: [...ids] } }]
    }))
  }
}

/**
 * A canonical form for comparing statements: keys sorted, empty lists and absent members dropped, string
 * lists sorted (AWS does not promise to return them in the order sent).
 */
export function canonicalStatements(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonicalStatements).filter(v => v !== undefined)
    if (!items.length) return undefined
    return items.every(v => typeof v === 'string') ? [...(items as string[])].sort() : items
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = canonicalStatements((value as Record<string, unknown>)[key])
      if (v !== undefined) out[key] = v
    }
    return Object.keys(out).length ? out : undefined
  }
  return value ?? undefined
}

/** The hash a scope is tagged with: equal statements, equal hash. */
export function scopeHash(statements: ScopeStatements): string {
  const canonical = canonicalStatements({
    MatchPaths: statements.MatchPaths,
    ExcludePaths: statements.ExcludePaths
  })
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 32)
}

/** The members whose canonical forms differ, e.g. ["ExcludePaths"]; empty when the content is the one needed. */
export function statementDifferences(
  needed: ScopeStatements,
  content: { MatchPaths?: unknown; ExcludePaths?: unknown }
): string[] {
  const differences: string[] = []
  for (const key of ['MatchPaths', 'ExcludePaths'] as const) {
    if (
      JSON.stringify(canonicalStatements(needed[key])) !== JSON.stringify(canonicalStatements(content[key]))
    )
      differences.push(key)
  }
  return differences
}

/**
 * Network Access Analyzer is priced per network interface analysed, every interface of the account and Region
 * counting in each analysis (Network Access Analyzer Guide). The per-interface price is the one third parties
 * quote ($0.002); AWS's pricing page could not be checked from here, so the estimate is labelled as such.
 */
export const COST_PER_ANALYSED_ENI_USD = 0.002

/** Estimated cost of scope analyses that analysed these numbers of interfaces, in USD (unrounded). */
export function estimateScopeCost(analysedEniCounts: readonly number[]): number {
  return analysedEniCounts.reduce((sum, n) => sum + n * COST_PER_ANALYSED_ENI_USD, 0)
}
