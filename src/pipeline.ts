// The pipeline both front doors share: resolve → analyze → verdict, assembled into a RunReport.
// It knows nothing of GitHub or of terminals; the action and the CLI report what it returns.
import { estimateCost, runAnalyses } from './analyze/index.js'
import type { AnalysisRequest, EngineEvent } from './analyze/types.js'
import type { PipelineEvent } from './analyze/progress.js'
import type { AwsClientProvider } from './auth/types.js'
import {
  alternativeChecks,
  expandAssertion,
  memberName,
  NOT_NEEDED,
  notNeededReason,
  pairName,
  traversedOption,
  unneededPairs,
  type Pair,
  type ExpandResult,
  type Expansion,
  type PlannedCheck
} from './expand/index.js'
import type {
  AnalysisResult,
  Assertion,
  AssertionReport,
  CheckReport,
  Endpoint,
  MemberOutcome,
  PreflightConfig,
  Resolution,
  ResolvedTarget,
  RunReport,
  Verdict
} from './model.js'
import { decideScope, predictResults, type PlanRunOptions } from './plan/index.js'
import { resolveEndpoints } from './resolve/index.js'
import {
  aggregateMembers,
  checkSourceRange,
  decideBypass,
  decidePair,
  decideVerdict,
  describeAnalysis,
  describeContextFor,
  pathIdentifiers,
  type MemberPairVerdict,
  type OpenRequirement,
  type ResolvedEndpointRef,
  type VerdictInput
} from './verdict/index.js'
import { VERSION } from './version.js'
import { prepareScopes, proveScopes, scopeCostOf, scopedEndpoints, splitByProof } from './pipeline-scopes.js'

export interface PipelineOptions {
  runId: string
  concurrency: number
  timeoutSeconds: number
  maxAnalyses?: number
  cleanup: 'keep-paths' | 'all'
  mode?: 'concurrent' | 'sequential'
  pollInitialMs?: number
  pollMaxMs?: number
  signal?: AbortSignal
  log?: (line: string) => void
  /** The engines' events plus the run's phases; fold them with ProgressTracker for progress lines. */
  onProgress?: (event: PipelineEvent) => void
  /** Resolve only (list-targets): no analysis is started. */
  resolveOnly?: boolean
  /** A Terraform/Pulumi plan to predict against; with scope `affected`, only what it can touch runs. */
  plan?: PlanRunOptions
  /**
   * Called with the report as soon as every verdict is known, before the run's last analyses are deleted
   * (runPipeline resolves only once they are).
   */
  onVerdicts?: (report: RunReport) => void
}

export function endpointsOf(assertion: Assertion): Endpoint[] {
  return [
    assertion.source,
    assertion.destination,
    ...assertion.via,
    ...assertion.avoid,
    ...(assertion.through ?? [])
  ]
}

/** The first resolution problem of an assertion, named by role, or undefined when all resolved. */
function resolutionProblem(assertion: Assertion, resolutions: Map<Endpoint, Resolution>): string | undefined {
  for (const endpoint of endpointsOf(assertion)) {
    const r = resolutions.get(endpoint)
    if (!r) return `${endpoint.role} was not resolved`
    if (!r.ok) return `${endpoint.role}: ${r.error}`
  }
  return undefined
}

function targetRef(target: ResolvedTarget): ResolvedEndpointRef {
  if (target.kind === 'ip') return { id: target.resourceId, ip: target.ip ?? target.resourceId }
  return { id: target.resourceId, arn: target.arn }
}

const componentRefs = (targets: ResolvedTarget[]) => targets.map(t => ({ id: t.resourceId, arn: t.arn }))

/** The analysis with its hops and explanations described from the raw result (once per analysis). */
function enrich(assertion: Assertion, analysis: AnalysisResult | undefined): AnalysisResult | undefined {
  if (!analysis?.raw) return analysis
  const described = describeAnalysis(analysis.raw, describeContextFor(assertion))
  return {
    ...analysis,
    forwardPath: described.forwardPath,
    returnPath: described.returnPath,
    explanations: described.explanations
  }
}

/** Every id and ARN the forward path of an analysis touches. */
function forwardIds(analysis: AnalysisResult): Set<string> {
  const ids = pathIdentifiers(analysis.raw, 'forward')
  for (const hop of analysis.forwardPath) {
    ids.add(hop.componentId)
    if (hop.componentArn) ids.add(hop.componentArn)
  }
  return ids
}

/**
 * Resolves, analyzes and decides every assertion. The verdicts do not wait for the deletes of the last
 * analyses (they go out off the critical path), but this resolves only once every delete was awaited.
 * The report's `durationMs` and `finishedAt` are the time to the verdicts.
 */
export async function runPipeline(
  config: PreflightConfig,
  clients: AwsClientProvider,
  options: PipelineOptions
): Promise<RunReport> {
  const cleanups: Array<Promise<void>> = []
  try {
    const report = await runStages(config, clients, options, cleanups)
    options.onVerdicts?.(report)
    return report
  } finally {
    await Promise.all(cleanups)
  }
}

async function runStages(
  config: PreflightConfig,
  clients: AwsClientProvider,
  options: PipelineOptions,
  cleanups: Array<Promise<void>>
): Promise<RunReport> {
  const started = Date.now()
  const log = options.log ?? (() => undefined)
  // Set denies proved with Network Access Analyzer take their own branch (pipeline-scopes.ts).
  const { pairs, scoped } = splitByProof(config.assertions, log)
  const endpoints = [...pairs.flatMap(endpointsOf), ...scopedEndpoints(scoped)]
  options.onProgress?.({ type: 'phase', phase: 'resolving', endpoints: endpoints.length })
  const resolutions = await resolveEndpoints(endpoints, clients, { log })

  // plan-scope: affected leaves out the assertions the plan cannot touch (named in the report, not run).
  const scope = options.plan
    ? decideScope(
        config.assertions.map(a => ({
          id: a.id,
          targets: endpointsOf(a).flatMap(e => {
            const r = resolutions.get(e)
            return r?.ok ? (r.members && r.members.length > 0 ? r.members : [r.target]) : []
          })
        })),
        options.plan
      )
    : undefined
  const assertions = scope ? config.assertions.filter(a => scope.run.has(a.id)) : config.assertions

  // Resolution problems and expansions, computed once per assertion.
  const problems = new Map<Assertion, string | undefined>()
  const expansions = new Map<Assertion, ExpandResult>()
  const firstPhase: PlannedCheck[] = []
  const scopedIds = new Set(scoped.map(s => s.assertion.id))
  for (const assertion of assertions) {
    if (scopedIds.has(assertion.id)) continue
    const problem = resolutionProblem(assertion, resolutions)
    problems.set(assertion, problem)
    if (problem) continue
    const expansion = expandAssertion(assertion, resolutions, { maxAnalyses: options.maxAnalyses })
    expansions.set(assertion, expansion)
    if (expansion.ok) firstPhase.push(...expansion.expansion.checks)
  }
  const anyGroups = earlyStop(firstPhase, expansions)

  if (!options.resolveOnly) options.onProgress?.({ type: 'phase', phase: 'analyzing' })
  let analysesStarted = 0
  let scopeAnalysesStarted = 0
  const onProgress = (event: EngineEvent) => {
    if (event.type === 'analysis-started') analysesStarted++
    if (event.type === 'scope-analysis-started') scopeAnalysesStarted++
    options.onProgress?.(event)
  }
  // Scope analyses count against max-analyses like pairwise ones; they are few and cover whole sets, so they
  // take their share of the budget first and the pairwise analyses get the rest.
  const preparedScopes = await prepareScopes(
    scoped.filter(s => assertions.includes(s.assertion)),
    resolutions,
    clients
  )
  const scopeShare =
    options.resolveOnly || options.maxAnalyses === undefined
      ? 0
      : Math.min(preparedScopes.analysesNeeded, options.maxAnalyses)
  const pairBudget = options.maxAnalyses === undefined ? undefined : options.maxAnalyses - scopeShare
  if (scopeShare > 0)
    log(
      `budget: ${scopeShare} of max-analyses ${options.maxAnalyses} go to Network Access Analyzer scope analyses, ${pairBudget} are left for Reachability Analyzer`
    )
  const scopeReports = proveScopes(preparedScopes, resolutions, clients, {
    maxAnalyses: options.maxAnalyses,
    runId: options.runId,
    concurrency: options.concurrency,
    timeoutSeconds: options.timeoutSeconds,
    cleanup: options.cleanup,
    pollInitialMs: options.pollInitialMs,
    pollMaxMs: options.pollMaxMs,
    signal: options.signal,
    log,
    onProgress,
    resolveOnly: options.resolveOnly
  })
  const run = async (requests: AnalysisRequest[], budget: number | undefined) =>
    options.resolveOnly || requests.length === 0
      ? new Map<string, AnalysisResult>()
      : runAnalyses(requests, clients, {
          runId: options.runId,
          concurrency: options.concurrency,
          timeoutSeconds: options.timeoutSeconds,
          maxAnalyses: budget,
          cleanup: options.cleanup,
          mode: options.mode,
          pollInitialMs: options.pollInitialMs,
          pollMaxMs: options.pollMaxMs,
          signal: options.signal,
          log,
          onProgress,
          onResult: anyGroups.onResult,
          notNeeded: anyGroups.notNeeded,
          deferCleanup: cleanup => cleanups.push(cleanup)
        })

  const analyses = new Map<string, AnalysisResult | undefined>()
  for (const [key, result] of await run(anyGroups.ordered, pairBudget)) analyses.set(key, result)
  const enriched = (check: PlannedCheck) => {
    if (!analyses.has(`described:${check.key}`)) {
      analyses.set(`described:${check.key}`, enrich(check.assertion, analyses.get(check.key)))
    }
    return analyses.get(`described:${check.key}`)
  }

  // Second phase: via/through alternatives the first path did not take (only where needed).
  const followUps = new Map<PlannedCheck, { checks: PlannedCheck[]; tooMany: boolean }>()
  for (const check of firstPhase) {
    if (check.purpose !== 'reach' || check.open.length === 0) continue
    followUps.set(check, alternativeChecks(check, enriched(check), forwardIds))
  }
  const secondPhase = [...followUps.values()].flatMap(f => f.checks)
  if (secondPhase.length > 0) {
    log(
      `via alternatives: ${secondPhase.length} more analyses where the first path took none of an entry's alternatives`
    )
    const left = pairBudget === undefined ? undefined : Math.max(0, pairBudget - analysesStarted)
    for (const [key, result] of await run(secondPhase, left)) analyses.set(key, result)
  }

  const scopeResults = await scopeReports
  options.onProgress?.({ type: 'phase', phase: 'deciding' })
  let results: AssertionReport[] = assertions.map(assertion => {
    const proved = scopeResults.get(assertion.id)
    if (proved) return proved
    const problem = problems.get(assertion)
    const via = assertion.via.map(e => resolutions.get(e)!)
    const avoid = assertion.avoid.map(e => resolutions.get(e)!)
    const through = assertion.through?.map(e => resolutions.get(e)!)
    const base = {
      assertion,
      source: resolutions.get(assertion.source),
      destination: resolutions.get(assertion.destination),
      via,
      avoid,
      ...(through ? { through } : {})
    }
    const expansion = expansions.get(assertion)
    if (problem || !expansion || options.resolveOnly) {
      const verdict = decideVerdict({ assertion, resolutionError: problem, analysis: undefined })
      return { ...base, verdict }
    }
    if (!expansion.ok) {
      return { ...base, verdict: decideVerdict({ assertion, resolutionError: expansion.error }) }
    }
    return { ...base, ...decideExpansion(expansion.expansion, enriched, followUps) }
  })

  const planned = options.plan && scope ? predictResults(results, options.plan, scope) : undefined
  if (planned) results = planned.results

  const count = (s: string) => results.filter(r => r.verdict.status === s).length
  const finished = Date.now()
  return {
    tool: 'network-preflight',
    version: VERSION,
    configFile: config.file,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    // Every analysis started, Reachability and Network Access Analyzer alike; the cost estimate covers both.
    analysesStarted: analysesStarted + scopeAnalysesStarted,
    ...(scopeAnalysesStarted ? { scopeAnalysesStarted } : {}),
    estimatedCostUsd:
      Math.round((estimateCost(analysesStarted) + scopeCostOf(scopeResults.values())) * 100) / 100,
    results,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    total: results.length,
    ...(planned ? { plan: planned.plan } : {})
  }
}

function checkVerdict(check: PlannedCheck, analysis: AnalysisResult | undefined): Verdict {
  const input: VerdictInput = {
    assertion: check.assertion,
    analysis,
    resolvedVia: componentRefs(check.via),
    resolvedAvoid: componentRefs(check.avoid),
    // The verdict checks that the analysis ran on a path between exactly these two.
    resolvedSource: targetRef(check.source),
    resolvedDestination: targetRef(check.destination)
  }
  if (check.purpose !== 'bypass') return checkSourceRange(decideVerdict(input), check.assertion, analysis)
  const entry = check.assertion.through?.[check.throughIndex ?? 0]
  return decideBypass(input, throughLabel(check, entry))
}

function throughLabel(check: PlannedCheck, entry: Endpoint | undefined): string {
  const names = check.avoid.map(memberName)
  const where = entry ? `through[${check.throughIndex ?? 0}]` : 'through'
  return names.length === 1 ? `${where} ${names[0]}` : `${where} (${names.join(', ')})`
}

/** Verdicts of every analysis of an expanded assertion, per member pair, and for the assertion. */
function decideExpansion(
  expansion: Expansion,
  analysisOf: (check: PlannedCheck) => AnalysisResult | undefined,
  followUps: Map<PlannedCheck, { checks: PlannedCheck[]; tooMany: boolean }>
): Pick<AssertionReport, 'analysis' | 'verdict' | 'checks' | 'members'> {
  const { assertion } = expansion
  const checks: CheckReport[] = []
  const record = (check: PlannedCheck, verdict: Verdict, traversed?: string[]) => {
    const report: CheckReport = {
      purpose: check.purpose,
      source: check.source,
      destination: check.destination,
      filterIn: check.via.map(t => t.arn ?? t.resourceId),
      filterOut: check.avoid.map(t => t.arn ?? t.resourceId),
      ...(check.throughIndex !== undefined ? { throughIndex: check.throughIndex } : {}),
      analysis: analysisOf(check),
      verdict,
      ...(traversed && traversed.length > 0 ? { traversed } : {})
    }
    checks.push(report)
    return report
  }

  const pairVerdicts: MemberPairVerdict[] = []
  const members: MemberOutcome[] = []
  // match: any may have left pairs unanalysed: another member already proved what they would have.
  const skipped = expansion.pairs.filter(pair =>
    expansion.checks.some(c => c.pair === pair && isNotNeeded(analysisOf(c)))
  )
  for (const pair of expansion.pairs) {
    if (skipped.includes(pair)) continue
    const verdict = decideMemberPair(expansion, pair, analysisOf, followUps, record)
    members.push({ source: pair.source, destination: pair.destination, verdict })
    pairVerdicts.push({
      source: memberName(pair.source),
      destination: memberName(pair.destination),
      sourceIndex: expansion.sourceMembers.indexOf(pair.source),
      destinationIndex: expansion.destinationMembers.indexOf(pair.destination),
      verdict
    })
  }

  const grouped = expansion.sourceMembers.length > 1 || expansion.destinationMembers.length > 1
  const verdict = grouped
    ? aggregateMembers({
        assertion,
        sourceMode: expansion.sourceMode,
        destinationMode: expansion.destinationMode,
        sourceCount: expansion.sourceMembers.length,
        destinationCount: expansion.destinationMembers.length,
        sourceLabel: `sources (${selectorLabel(assertion.source)})`,
        destinationLabel: `destinations (${selectorLabel(assertion.destination)})`,
        pairs: pairVerdicts,
        ...(skipped.length > 0 ? { notNeeded: skipped.map(pair => pairName(expansion, pair)) } : {})
      })
    : pairVerdicts[0]!.verdict
  // The analysis shown for the assertion: the first one whose verdict is the assertion's, else the first.
  const rank = { bypass: 0, reach: 1, 'via-alternative': 2 } as const
  const decisive =
    checks
      .filter(c => c.verdict.status === verdict.status)
      .sort((a, b) => rank[a.purpose] - rank[b.purpose])[0] ?? checks[0]
  return {
    analysis: decisive?.analysis,
    // A bypass analysis expects "not reachable"; the assertion's own expectation is what the report states.
    verdict: {
      ...verdict,
      assertionId: assertion.id,
      expected: assertion.type === 'allow' ? 'reachable' : 'not_reachable'
    },
    ...(checks.length > 1 ? { checks } : {}),
    ...(grouped ? { members } : {})
  }
}

const isNotNeeded = (analysis: AnalysisResult | undefined): boolean =>
  analysis?.status === 'not-started' && analysis.message?.startsWith(NOT_NEEDED) === true

/**
 * `match: any` stops early. The first-phase checks, reordered so that the first member of every `any` group
 * (and everything else) queues before the other members; and the engine's hooks: each result is recorded,
 * a pair whose analyses are all in and pass marks its group proved (expand's unneededPairs), and the
 * checks of pairs no longer needed are not started (those already running finish).
 */
function earlyStop(
  firstPhase: PlannedCheck[],
  expansions: Map<Assertion, ExpandResult>
): {
  ordered: PlannedCheck[]
  onResult: (key: string, result: AnalysisResult) => void
  notNeeded: (key: string) => string | undefined
} {
  const owners = new Map<string, Expansion>()
  for (const expansion of expansions.values()) {
    if (!expansion.ok) continue
    const e = expansion.expansion
    if (e.sourceMode !== 'any' && e.destinationMode !== 'any') continue
    for (const check of e.checks) owners.set(check.key, e)
  }
  const byKey = new Map(firstPhase.map(check => [check.key, check]))
  // Within an `any` group: the member index that varies (the source's when it says any, else the destination's).
  const rank = (check: PlannedCheck): number => {
    const expansion = owners.get(check.key)
    if (!expansion) return 0
    return expansion.sourceMode === 'any'
      ? expansion.sourceMembers.indexOf(check.pair.source)
      : expansion.destinationMembers.indexOf(check.pair.destination)
  }
  const ordered = firstPhase
    .map((check, index) => ({ check, index, rank: rank(check) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(entry => entry.check)
  const results = new Map<string, AnalysisResult>()
  const passed = new Map<Expansion, Set<number>>()
  const unneeded = new Map<Expansion, Map<number, Pair>>()
  const noFollowUps = new Map<PlannedCheck, { checks: PlannedCheck[]; tooMany: boolean }>()
  return {
    ordered,
    onResult(key, result) {
      const expansion = owners.get(key)
      const check = byKey.get(key)
      if (!expansion || !check) return
      results.set(key, result)
      const mine = expansion.checks.filter(c => c.pair === check.pair)
      if (!mine.every(c => results.has(c.key))) return
      const analysisOf = (c: PlannedCheck) => enrich(c.assertion, results.get(c.key))
      const reach = mine.find(c => c.purpose === 'reach')!
      // A pair whose path missed a via/through alternative needs a second phase: not proved yet.
      const follow = alternativeChecks(reach, analysisOf(reach), forwardIds)
      if (follow.checks.length > 0 || follow.tooMany) return
      if (decideMemberPair(expansion, check.pair, analysisOf, noFollowUps).status !== 'passed') return
      const set = passed.get(expansion) ?? new Set<number>()
      set.add(check.pair.index)
      passed.set(expansion, set)
      unneeded.set(expansion, unneededPairs(expansion, set))
    },
    notNeeded(key) {
      const expansion = owners.get(key)
      const check = byKey.get(key)
      if (!expansion || !check) return undefined
      const proof = unneeded.get(expansion)?.get(check.pair.index)
      return proof ? notNeededReason(expansion, proof) : undefined
    }
  }
}

/** The verdict of one member pair from its analyses (reach, via alternatives, through bypasses). */
function decideMemberPair(
  expansion: Expansion,
  pair: Pair,
  analysisOf: (check: PlannedCheck) => AnalysisResult | undefined,
  followUps: Map<PlannedCheck, { checks: PlannedCheck[]; tooMany: boolean }>,
  record: (check: PlannedCheck, verdict: Verdict, traversed?: string[]) => unknown = () => undefined
): Verdict {
  const { assertion } = expansion
  const mine = expansion.checks.filter(c => c.pair === pair)
  const reach = mine.find(c => c.purpose === 'reach')!
  const reachAnalysis = analysisOf(reach)
  const reachVerdict = checkVerdict(reach, reachAnalysis)
  const ids = reachAnalysis?.networkPathFound ? forwardIds(reachAnalysis) : new Set<string>()
  const open: OpenRequirement[] = reach.open.map(requirement => {
    const taken = reachAnalysis?.networkPathFound ? traversedOption(requirement, ids) : undefined
    return {
      label: `${requirement.role}[${requirement.index}]`,
      options: requirement.options.map(memberName),
      ...(taken ? { taken: memberName(taken) } : {})
    }
  })
  const traversed = [
    ...reach.via.map(memberName),
    ...open.flatMap(r => (r.taken ? [`${r.taken} (${r.label})`] : []))
  ]
  record(
    reach,
    reachVerdict,
    reachVerdict.status === 'passed' || reachVerdict.actual === 'reachable' ? traversed : undefined
  )
  const follow = followUps.get(reach)
  const alternatives = (follow?.checks ?? []).map(check => {
    const verdict = checkVerdict(check, analysisOf(check))
    const pinned = check.via.slice(reach.via.length).map(memberName)
    record(check, verdict, verdict.actual === 'reachable' ? check.via.map(memberName) : undefined)
    return { verdict, pinned }
  })
  const bypasses = mine
    .filter(c => c.purpose === 'bypass')
    .map(check => {
      const verdict = checkVerdict(check, analysisOf(check))
      record(check, verdict)
      return { label: throughLabel(check, assertion.through?.[check.throughIndex ?? 0]), verdict }
    })
  return decidePair({
    assertion,
    reach: reachVerdict,
    open,
    alternatives,
    tooManyAlternatives: follow?.tooMany,
    bypasses
  })
}

function selectorLabel(endpoint: Endpoint): string {
  const s = endpoint.selector
  if (s.by === 'tags') {
    const tags = Object.entries(s.tags).map(([k, v]) => `${k}=${v}`)
    return tags.length > 0 ? tags.join(', ') : s.kinds.join(' or ')
  }
  if (s.by === 'managed') return `${s.service} ${s.name}`
  if (s.by === 'ip') return s.ip
  return s.resourceId
}
