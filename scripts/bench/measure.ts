// One benchmark run of the engine (in-process, through runPipeline and the real client provider) against a
// running sandbox, and what the sandbox saw while it ran.
import { performance } from 'node:perf_hooks'
import { DEFAULT_POLL_MAX_MS } from '../../src/analyze/jobs.js'
import { createClientProvider, EC2_RATE_LIMITS } from '../../src/auth/index.js'
import { loadConfigText } from '../../src/config/load.js'
import type { PreflightConfig } from '../../src/model.js'
import { runPipeline } from '../../src/pipeline.js'
import { EC2_ACTIONS } from '../../sandbox/aws/ec2.js'
import type { RequestRecord, Sandbox } from '../../sandbox/server.js'
import { BENCH_ACCOUNT, BENCH_REGION } from './scenario.js'

export interface RunSettings {
  mode: 'concurrent' | 'sequential'
  concurrency: number
  timeScale: number
  runId: string
  /** The account whose static keys are the base credentials (default: the bench account). */
  credentialsAccount?: string
}

export interface RunMeasurement {
  assertions: number
  /** Start of the run to the last verdict (real ms): what a user waits for. */
  wallMs: number
  /** Verdicts to the end of runPipeline: the last deletes, which the verdicts do not wait for (real ms). */
  cleanupTailMs: number
  /** Durations of this run's analyses in the order they started (real ms). */
  durations: number[]
  /** Mutating EC2 calls the sandbox accepted (each took a token; throttled attempts take none). */
  mutatingCalls: number
  /** Including attempts answered RequestLimitExceeded (the SDK retries them). */
  mutatingAttempts: number
  nonMutatingCalls: number
  pathsCreated: number
  analysesStarted: number
  /** RequestLimitExceeded answers the sandbox gave (the SDK retries them). */
  throttled: number
  /** Assertions that did not pass (every generated assertion should pass). */
  notPassed: number
  /** Assertion errors whose message mentions throttling. */
  throttleErrors: number
  /** The longest simulated analysis (start → finish, as the sandbox decided it), real ms. */
  slowestAnalysisMs: number
  /** The shortest one, real ms. */
  fastestAnalysisMs: number
  firstMessages: string[]
}

/** Analysis lifetimes as the sandbox decided them when each started (analyses are deleted once done). */
export function recordAnalysisDurations(sandbox: Sandbox): number[] {
  const durations: number[] = []
  const analyses = sandbox.aws.analyses
  const set = analyses.set.bind(analyses)
  analyses.set = (id, stored) => {
    if (!analyses.has(id) && Number.isFinite(stored.finishesAt))
      durations.push(stored.finishesAt - stored.startedAt)
    return set(id, stored)
  }
  return durations
}

/** The token bucket the sandbox charges for an EC2 request (its own classification of the action). */
export function bucketOf(
  record: RequestRecord
): 'mutating' | 'nonMutating' | 'unfilteredDescribe' | undefined {
  const action = EC2_ACTIONS[record.action]
  return action ? action.bucket(record.params as never) : undefined
}

export function parseConfig(yamlText: string, file: string): PreflightConfig {
  const loaded = loadConfigText(yamlText, file)
  if (!loaded.ok) {
    const problems = loaded.problems.map(p => JSON.stringify(p)).join('\n')
    throw new Error(`generated config ${file} is invalid:\n${problems}`)
  }
  return loaded.config
}

export async function measureRun(
  sandbox: Sandbox,
  config: PreflightConfig,
  durations: number[],
  settings: RunSettings
): Promise<RunMeasurement> {
  // The SDK reads endpoints and static keys from process.env when a client is created.
  Object.assign(
    process.env,
    sandbox.env,
    sandbox.staticCredentialsEnv(settings.credentialsAccount ?? BENCH_ACCOUNT)
  )
  const firstRequest = sandbox.requests.length
  const firstAnalysis = durations.length
  const clients = createClientProvider(config, {
    mode: 'cli',
    sessionName: `bench-${settings.runId}`,
    baseRegion: BENCH_REGION,
    env: process.env,
    // The engine paces itself by EC2's buckets; in scaled time they refill 1/timeScale faster, as the sandbox's do.
    ec2RateLimits: {
      mutating: {
        ...EC2_RATE_LIMITS.mutating,
        refillPerSecond: EC2_RATE_LIMITS.mutating.refillPerSecond / settings.timeScale
      },
      nonMutating: {
        ...EC2_RATE_LIMITS.nonMutating,
        refillPerSecond: EC2_RATE_LIMITS.nonMutating.refillPerSecond / settings.timeScale
      }
    }
  })
  const scaled = (ms: number): number => Math.max(1, Math.round(ms * settings.timeScale))
  const started = performance.now()
  let verdictsAt: number | undefined
  let report
  try {
    report = await runPipeline(config, clients, {
      runId: settings.runId,
      concurrency: settings.concurrency,
      timeoutSeconds: 600,
      cleanup: 'keep-paths',
      mode: settings.mode,
      // The engine's defaults (1 s first poll, DEFAULT_POLL_MAX_MS cap; anp's fixed 1 s), in scaled time.
      pollInitialMs: scaled(1000),
      pollMaxMs: scaled(DEFAULT_POLL_MAX_MS),
      onVerdicts: () => {
        verdictsAt = performance.now()
      }
    })
  } finally {
    clients.close()
  }
  const endedAt = performance.now()
  const wallMs = (verdictsAt ?? endedAt) - started
  const seen = sandbox.requests.slice(firstRequest).filter(r => r.service === 'ec2')
  const ok = (r: RequestRecord): boolean => r.status >= 200 && r.status < 300
  const failures = report.results.filter(r => r.verdict.status !== 'passed')
  return {
    assertions: config.assertions.length,
    wallMs,
    cleanupTailMs: endedAt - (verdictsAt ?? endedAt),
    durations: durations.slice(firstAnalysis),
    mutatingCalls: seen.filter(r => bucketOf(r) === 'mutating' && r.errorCode !== 'RequestLimitExceeded')
      .length,
    mutatingAttempts: seen.filter(r => bucketOf(r) === 'mutating').length,
    nonMutatingCalls: seen.filter(r => bucketOf(r) !== 'mutating').length,
    pathsCreated: seen.filter(r => r.action === 'CreateNetworkInsightsPath' && ok(r)).length,
    analysesStarted: seen.filter(r => r.action === 'StartNetworkInsightsAnalysis' && ok(r)).length,
    throttled: seen.filter(r => r.errorCode === 'RequestLimitExceeded').length,
    notPassed: failures.length,
    throttleErrors: failures.filter(r => /RequestLimitExceeded|throttl|rate/i.test(r.verdict.reason)).length,
    slowestAnalysisMs: Math.max(0, ...durations.slice(firstAnalysis)),
    fastestAnalysisMs: Math.min(...durations.slice(firstAnalysis), Infinity),
    firstMessages: failures.slice(0, 3).map(r => `${r.assertion.id}: ${r.verdict.reason}`)
  }
}
