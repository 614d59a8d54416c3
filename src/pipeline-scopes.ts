// The pipeline's branch for set assertions proved with Network Access Analyzer: which assertions it takes
// (chooseProof), what it resolves, the scope analyses (run next to the pairwise ones) and their verdicts.
import { runScopeAnalyses } from './analyze/index.js'
import { chooseProof } from './config/proof.js'
import type { ScopeRequest } from './model.js'
import type { EngineOptions } from './analyze/types.js'
import type { AwsClientProvider } from './auth/types.js'
import type { Assertion, AssertionReport, Endpoint, Resolution, ScopeAnalysisResult } from './model.js'
import { scopeEndpointsToResolve, scopeRequestFor } from './resolve/scope-ends.js'
import { decideScopeVerdict, describeScopeFindings } from './verdict/index.js'

export interface ScopedAssertion {
  assertion: Assertion
  /** Set when the assertion cannot be proved with a scope as written (it is then an error). */
  problem?: string
}

/** Splits assertions into those proved pairwise and those proved with a scope (logging each fallback). */
export function splitByProof(
  assertions: Assertion[],
  log: (line: string) => void
): { pairs: Assertion[]; scoped: ScopedAssertion[] } {
  const pairs: Assertion[] = []
  const scoped: ScopedAssertion[] = []
  for (const assertion of assertions) {
    const choice = chooseProof(assertion)
    if (choice.proof === 'pairs') {
      if (choice.note) log(`${assertion.id}: ${choice.note}`)
      pairs.push(assertion)
    } else scoped.push(choice.proof === 'error' ? { assertion, problem: choice.message } : { assertion })
  }
  return { pairs, scoped }
}

/** What the resolver must resolve for the scoped assertions (not the internet, not bare subnets/VPCs). */
export function scopedEndpoints(scoped: ScopedAssertion[]): Endpoint[] {
  return scoped.filter(s => !s.problem).flatMap(s => scopeEndpointsToResolve(s.assertion))
}

/** Builds, runs and decides every scoped assertion; `started` counts the scope analyses started. */
export async function proveScopes(
  scoped: ScopedAssertion[],
  resolutions: Map<Endpoint, Resolution>,
  clients: AwsClientProvider,
  options: EngineOptions & { resolveOnly?: boolean }
): Promise<Map<string, AssertionReport>> {
  const problems = new Map<string, string>()
  const requests: ScopeRequest[] = []
  for (const { assertion, problem } of scoped) {
    if (problem) {
      problems.set(assertion.id, problem)
      continue
    }
    let built: ScopeRequest | string
    try {
      built = await scopeRequestFor(assertion, resolutions, clients)
    } catch (error) {
      built = error instanceof Error ? error.message : String(error)
    }
    if (typeof built === 'string') problems.set(assertion.id, built)
    else requests.push(built)
  }
  const runs =
    options.resolveOnly || requests.length === 0
      ? new Map()
      : await runScopeAnalyses(requests, clients, options)

  const reports = new Map<string, AssertionReport>()
  for (const { assertion } of scoped) {
    const run = runs.get(assertion.id)
    let scope: ScopeAnalysisResult | undefined
    if (run) {
      const { rawFindings, ...rest } = run
      scope = { ...rest, findings: describeScopeFindings(rawFindings) }
    }
    const verdict = options.resolveOnly
      ? decideScopeVerdict({
          assertion,
          problem: problems.get(assertion.id) ?? 'Not analysed (resolve only)'
        })
      : decideScopeVerdict({ assertion, problem: problems.get(assertion.id), scope })
    reports.set(assertion.id, {
      assertion,
      source: resolutions.get(assertion.source),
      destination: resolutions.get(assertion.destination),
      via: assertion.via.map(e => resolutions.get(e)).filter((r): r is Resolution => !!r),
      avoid: assertion.avoid.map(e => resolutions.get(e)).filter((r): r is Resolution => !!r),
      verdict,
      proof: 'scope',
      ...(scope ? { scope } : {})
    })
  }
  return reports
}
