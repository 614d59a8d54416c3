// The pipeline's branch for set assertions proved with Network Access Analyzer: which assertions it takes
// (chooseProof), what it resolves, the scope analyses (run next to the pairwise ones) and their verdicts.
import { estimateScopeCost, runScopeAnalyses, scopeAnalysesNeeded } from './analyze/index.js'
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

/** The scoped assertions turned into scope requests (or problems), before anything is started. */
export interface PreparedScopes {
  scoped: ScopedAssertion[]
  requests: ScopeRequest[]
  problems: Map<string, string>
  /** Analyses the requests need (one per distinct scope per account and Region): what max-analyses counts. */
  analysesNeeded: number
}

/** Builds the scope of every scoped assertion (a problem when it cannot be built); starts nothing. */
export async function prepareScopes(
  scoped: ScopedAssertion[],
  resolutions: Map<Endpoint, Resolution>,
  clients: AwsClientProvider
): Promise<PreparedScopes> {
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
  return { scoped, requests, problems, analysesNeeded: scopeAnalysesNeeded(requests) }
}

/** Runs and decides every prepared scope (within `maxAnalyses`). */
export async function proveScopes(
  prepared: PreparedScopes,
  resolutions: Map<Endpoint, Resolution>,
  clients: AwsClientProvider,
  options: EngineOptions & { resolveOnly?: boolean }
): Promise<Map<string, AssertionReport>> {
  const { scoped, requests, problems } = prepared
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

/** Estimated Network Access Analyzer cost of these reports' analyses (each analysis counted once), USD. */
export function scopeCostOf(reports: Iterable<AssertionReport>): number {
  const counted = new Map<string, number>()
  for (const { scope } of reports)
    if (scope?.analysisId && scope.analyzedEniCount !== undefined)
      counted.set(scope.analysisId, scope.analyzedEniCount)
  return estimateScopeCost([...counted.values()])
}
