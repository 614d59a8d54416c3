// The analysis engine's public surface.
export { runAnalyses } from './engine.js'
export { MAX_CONCURRENCY } from './jobs.js'
export { sweepLeftovers } from './sweep.js'
export {
  runScopeAnalyses,
  scopeAnalysesNeeded,
  MAX_CONCURRENT_SCOPE_ANALYSES,
  type ScopeRun
} from './scopes.js'
export {
  scopeStatements,
  scopeHash,
  estimateScopeCost,
  COST_PER_ANALYSED_ENI_USD,
  type ScopeEnd,
  type ScopeRequest
} from './scopes-plan.js'
export { pathKey, estimateCost, COST_PER_ANALYSIS_USD } from './plan.js'
export { requestKey } from './types.js'
export { ProgressTracker, type PipelineEvent, type ProgressSnapshot, type RunPhase } from './progress.js'
export { TAG_MANAGED, TAG_PATH_HASH, TAG_RUN_ID, TAG_EPHEMERAL, TAG_SCOPE_HASH } from './tags.js'
export type {
  AnalysisRequest,
  CleanupPolicy,
  EngineEvent,
  EngineOptions,
  SweepOptions,
  SweepResult,
  SweepScope
} from './types.js'
