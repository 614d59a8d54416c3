// Turns a set `deny` into the statements of a Network Access Analyzer scope (CreateNetworkInsightsAccessScope):
// one match path (source, destination, packet headers, `via` as ThroughResources) and one exclude path per
// `avoid` entry. Pure: no AWS call; the hash of the statements names the scope for reuse by later runs.
import { createHash } from 'node:crypto'
import type { AccessScopePathRequest, PathStatementRequest } from '@aws-sdk/client-ec2'
import type { Assertion } from '../model.js'

/** One end of a set: resources by id/ARN (instances, ENIs, subnets, VPCs…) or resource types. */
export interface ScopeEnd {
  resources?: string[]
  resourceTypes?: string[]
  /** Source (destination) addresses or CIDRs the packets carry. */
  addresses?: string[]
}

/** A resolved set assertion, ready to become a scope in one account and Region. */
export interface ScopeRequest {
  assertion: Assertion
  /** Account name (as under `accounts:`) the scope and its analysis live in. */
  account: string
  region: string
  source: ScopeEnd
  destination: ScopeEnd
  /** `via` entries: every path must traverse one resource of each (ThroughResources). */
  through: string[][]
  /** `avoid` entries: paths through any resource of an entry are excluded. */
  exclude: string[][]
}

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

/** How an assertion is proved: a scope, pairwise analyses, or an error the user must fix. */
export type ProofChoice =
  | { proof: 'scope' }
  | { proof: 'pairs'; note?: string }
  | { proof: 'error'; message: string }

function isSet(endpoint: Assertion['source']): boolean {
  return (
    endpoint.internet === true ||
    endpoint.match === 'each' ||
    endpoint.match === 'any' ||
    (endpoint.selector.by === 'tags' && endpoint.selector.within !== undefined)
  )
}

/**
 * `prove: scope` proves a deny with one Network Access Analyzer analysis; `auto` (default) does so when the
 * source or destination is a set (a group, subnet/vpc scoping, the internet): one analysis instead of one per
 * member pair, and it also covers members added later. Network Access Analyzer analyses one account and
 * Region: a set that spans accounts is an error with `scope`, and falls back to pairs with `auto`.
 */
export function chooseProof(assertion: Assertion): ProofChoice {
  const mode = assertion.prove ?? 'auto'
  if (assertion.type !== 'deny' || mode === 'pairs') return { proof: 'pairs' }
  if (mode === 'auto' && !isSet(assertion.source) && !isSet(assertion.destination)) return { proof: 'pairs' }
  const ends = [assertion.destination, ...assertion.via, ...assertion.avoid].filter(e => e.selector.by !== 'ip')
  const foreign = ends.find(e => e.account !== assertion.source.account || e.region !== assertion.source.region)
  if (foreign) {
    const why =
      `Network Access Analyzer analyses one account and Region at a time, and the ${foreign.role} is in ` +
      `account ${foreign.account}, ${foreign.region} while the source is in account ${assertion.source.account}, ${assertion.source.region}`
    if (mode === 'scope')
      return {
        proof: 'error',
        message: `${why}; split the assertion per account, or use prove: pairs (Reachability Analyzer, cross-account)`
      }
    return { proof: 'pairs', note: `${why}: proved pairwise instead` }
  }
  if (assertion.through?.length) return { proof: 'pairs' }
  return { proof: 'scope' }
}
