// The pipeline both front doors share: resolve → analyze → verdict, assembled into a RunReport.
// It knows nothing of GitHub or of terminals; the action and the CLI report what it returns.
import { estimateCost, runAnalyses } from './analyze/index.js'
import type { AnalysisRequest, EngineEvent } from './analyze/types.js'
import type { AwsClientProvider } from './auth/types.js'
import type {
  AnalysisResult,
  Assertion,
  AssertionReport,
  Endpoint,
  PreflightConfig,
  Resolution,
  ResolvedTarget,
  RunReport
} from './model.js'
import { resolveEndpoints } from './resolve/index.js'
import {
  decideVerdict,
  describeAnalysis,
  describeContextFor,
  type ResolvedEndpointRef
} from './verdict/index.js'
import { VERSION } from './version.js'
import { proveScopes, scopedEndpoints, splitByProof } from './pipeline-scopes.js'

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
  onProgress?: (event: EngineEvent) => void
  /** Resolve only (list-targets): no analysis is started. */
  resolveOnly?: boolean
}

export function endpointsOf(assertion: Assertion): Endpoint[] {
  return [assertion.source, assertion.destination, ...assertion.via, ...assertion.avoid]
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

const targetOf = (r: Resolution | undefined): ResolvedTarget | undefined => (r && r.ok ? r.target : undefined)

function endpointRef(r: Resolution | undefined): ResolvedEndpointRef | undefined {
  const target = targetOf(r)
  if (!target) return undefined
  if (target.kind === 'ip') return { id: target.resourceId, ip: target.ip ?? target.resourceId }
  return { id: target.resourceId, arn: target.arn }
}

export async function runPipeline(
  config: PreflightConfig,
  clients: AwsClientProvider,
  options: PipelineOptions
): Promise<RunReport> {
  const started = Date.now()
  const log = options.log ?? (() => undefined)
  // Set denies proved with Network Access Analyzer take their own branch (pipeline-scopes.ts).
  const { pairs, scoped } = splitByProof(config.assertions, log)
  const endpoints = [...pairs.flatMap(endpointsOf), ...scopedEndpoints(scoped)]
  const resolutions = await resolveEndpoints(endpoints, clients, { log })

  const requests: AnalysisRequest[] = []
  for (const assertion of pairs) {
    if (resolutionProblem(assertion, resolutions)) continue
    requests.push({
      assertion,
      source: targetOf(resolutions.get(assertion.source))!,
      destination: targetOf(resolutions.get(assertion.destination))!,
      via: assertion.via.map(e => targetOf(resolutions.get(e))!),
      avoid: assertion.avoid.map(e => targetOf(resolutions.get(e))!)
    })
  }

  let analysesStarted = 0
  let scopeAnalysesStarted = 0
  const onProgress = (event: EngineEvent) => {
    if (event.type === 'analysis-started') analysesStarted++
    if (event.type === 'scope-analysis-started') scopeAnalysesStarted++
    options.onProgress?.(event)
  }
  const scopeReports = proveScopes(scoped, resolutions, clients, {
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
  const analyses: Map<string, AnalysisResult> =
    options.resolveOnly || requests.length === 0
      ? new Map()
      : await runAnalyses(requests, clients, {
          runId: options.runId,
          concurrency: options.concurrency,
          timeoutSeconds: options.timeoutSeconds,
          maxAnalyses: options.maxAnalyses,
          cleanup: options.cleanup,
          mode: options.mode,
          pollInitialMs: options.pollInitialMs,
          pollMaxMs: options.pollMaxMs,
          signal: options.signal,
          log,
          onProgress
        })

  const scopeResults = await scopeReports
  const results: AssertionReport[] = config.assertions.map(assertion => {
    const proved = scopeResults.get(assertion.id)
    if (proved) return proved
    const problem = resolutionProblem(assertion, resolutions)
    let analysis = analyses.get(assertion.id)
    if (analysis?.raw) {
      const described = describeAnalysis(analysis.raw, describeContextFor(assertion))
      analysis = {
        ...analysis,
        forwardPath: described.forwardPath,
        returnPath: described.returnPath,
        explanations: described.explanations
      }
    }
    const via = assertion.via.map(e => resolutions.get(e)!)
    const avoid = assertion.avoid.map(e => resolutions.get(e)!)
    const idsOf = (rs: Resolution[]) =>
      rs.flatMap(r => (r && r.ok ? [{ id: r.target.resourceId, arn: r.target.arn }] : []))
    const verdict = decideVerdict({
      assertion,
      resolutionError: problem,
      analysis: options.resolveOnly ? undefined : analysis,
      resolvedVia: idsOf(via),
      resolvedAvoid: idsOf(avoid),
      // The verdict checks that the analysis ran on a path between exactly these two.
      resolvedSource: endpointRef(resolutions.get(assertion.source)),
      resolvedDestination: endpointRef(resolutions.get(assertion.destination))
    })
    return {
      assertion,
      source: resolutions.get(assertion.source),
      destination: resolutions.get(assertion.destination),
      via,
      avoid,
      analysis,
      verdict
    }
  })

  const count = (s: string) => results.filter(r => r.verdict.status === s).length
  const finished = Date.now()
  return {
    tool: 'network-preflight',
    version: VERSION,
    configFile: config.file,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    analysesStarted,
    ...(scopeAnalysesStarted ? { scopeAnalysesStarted } : {}),
    estimatedCostUsd: estimateCost(analysesStarted),
    results,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    total: results.length
  }
}
