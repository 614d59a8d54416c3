// Which engine proves an assertion, decided from the config alone: Network Access Analyzer (a scope) or
// Reachability Analyzer (pairs). Pure; used by the pipeline and by `iam-policy`.
import type { Assertion } from '../model.js'

/** How an assertion is proved: a scope, pairwise analyses, or an error the user must fix. */
export type ProofChoice =
  { proof: 'scope' } | { proof: 'pairs'; note?: string } | { proof: 'error'; message: string }

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
  const ends = [assertion.destination, ...assertion.via, ...assertion.avoid].filter(
    e => e.selector.by !== 'ip'
  )
  const foreign = ends.find(
    e => e.account !== assertion.source.account || e.region !== assertion.source.region
  )
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
