// Public types of the analysis engine: what the front doors hand in and what they get told.
import type { AnalysisResult, AnalysisStatus, Assertion, ResolvedTarget } from '../model.js'

/** One assertion with its endpoints resolved to concrete AWS resources. */
export interface AnalysisRequest {
  /**
   * Where the result goes in the returned map; defaults to the assertion id. An assertion fanned out over
   * group members, via alternatives or `through:` runs several requests, each with its own key.
   */
  key?: string
  assertion: Assertion
  source: ResolvedTarget
  destination: ResolvedTarget
  /** FilterInArns: the path must traverse every one of these. */
  via: ResolvedTarget[]
  /** FilterOutArns: the path must traverse none of these. */
  avoid: ResolvedTarget[]
}

/** The key a request's result is stored under. */
export const requestKey = (request: AnalysisRequest): string => request.key ?? request.assertion.id

export type CleanupPolicy = 'keep-paths' | 'all'

export interface EngineOptions {
  /** Identifies this run in analysis tags and client tokens, e.g. `<GitHub run id>-<attempt>`. */
  runId: string
  /** Max analyses in flight per account+region; clamped to 1..100 (AWS's concurrent-analysis quota). */
  concurrency: number
  /** Per analysis, counted from its start; a still-running analysis then gets status `timeout`. */
  timeoutSeconds: number
  /** Budget: never start more analyses than this; the rest get status `not-started`. */
  maxAnalyses?: number
  /** `keep-paths` (default) keeps tagged paths for later runs; `all` also deletes the paths this run created. */
  cleanup?: CleanupPolicy
  /**
   * `sequential` reproduces the Python tool anp, as the benchmark baseline: one analysis at a time,
   * a fresh untagged path per assertion, one describe per analysis per second, delete both afterwards.
   */
  mode?: 'concurrent' | 'sequential'
  /** First poll delay in ms (default 1000); each later poll waits 1.5× longer, up to pollMaxMs. */
  pollInitialMs?: number
  /** Longest poll delay in ms (default 2000, DEFAULT_POLL_MAX_MS). */
  pollMaxMs?: number
  /** Aborting stops starting analyses, deletes the running ones and (cleanup=all) created paths. */
  signal?: AbortSignal
  /** Clock in ms, injectable for tests (default Date.now). */
  now?: () => number
  /** Delay, injectable for tests (default setTimeout). */
  sleep?: (ms: number) => Promise<void>
  log?: (line: string) => void
  onProgress?: (event: EngineEvent) => void
  /** Called with every request's result as soon as it is known (before the run ends). */
  onResult?: (key: string, result: AnalysisResult) => void
  /**
   * Asked just before a request's path is created and again before its analysis starts: a reason means its
   * analysis is no longer needed (another member of a `match: any` group proved it), and it is not started.
   */
  notNeeded?: (key: string) => string | undefined
  /**
   * Receives the run's cleanup (deleting what it created) instead of the engine awaiting it: the results
   * come back as soon as the last analysis is read, and the caller must await the cleanup before it ends.
   */
  deferCleanup?: (cleanup: Promise<void>) => void
}

/** Progress the engine reports while it runs, for logs and live summaries. */
export type EngineEvent =
  | { type: 'planned'; analyses: number; notStarted: number; estimatedCostUsd: number }
  | {
      type: 'path-reused' | 'path-created'
      account: string
      region: string
      pathId: string
      pathHash: string
    }
  | {
      /** A path carrying our managed and path-hash tags whose definition is not that hash's: left alone. */
      type: 'path-ignored'
      account: string
      region: string
      pathId: string
      pathHash: string
      differences: string[]
    }
  | { type: 'analysis-started'; account: string; region: string; analysisId: string; assertionIds: string[] }
  /** A Network Access Analyzer analysis (counted apart: it is priced per network interface, not per analysis). */
  | {
      type: 'scope-analysis-started'
      account: string
      region: string
      analysisId: string
      assertionIds: string[]
    }
  | {
      type: 'analysis-finished'
      account: string
      region: string
      analysisId?: string
      assertionIds: string[]
      status: AnalysisStatus
    }
  | { type: 'cleaned-up'; deletedAnalyses: number; deletedPaths: number; failedDeletes: number }
  /** Network Access Analyzer analyses about to run (each later gets one `analysis-finished`). */
  | { type: 'scope-analyses-planned'; analyses: number }
  /** EC2 answered a call with a throttling error; the SDK retries it (after a back-off). */
  | { type: 'throttled'; account: string; region: string; operation: string }

export interface SweepScope {
  /** Account name as declared under `accounts:`. */
  account: string
  region: string
}

export interface SweepOptions {
  /** Only resources tagged with this run id (the action's post step). */
  runId?: string
  /** Only resources created longer ago than this (`network-preflight cleanup --older-than 1h`). */
  olderThanMs?: number
  now?: () => number
  log?: (line: string) => void
}

export interface SweepResult {
  deletedAnalyses: string[]
  deletedPaths: string[]
  /** Network Access Analyzer scope analyses and (ephemeral) scopes. */
  deletedScopeAnalyses: string[]
  deletedScopes: string[]
}
