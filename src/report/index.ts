// Reporting on GitHub: annotations, job summary, outputs, JSON report, sticky PR comment, fail-on policy.
export {
  ANNOTATIONS_SHOWN_PER_LEVEL,
  emitAnnotations,
  errorTitle,
  planAnnotations,
  type Annotation,
  type AnnotationLevel,
  type AnnotationProperties,
  type AnnotationSink,
  type PlanAnnotationsOptions
} from './annotations.js'
export {
  COMMENT_LIMIT_CHARS,
  DEFAULT_COMMENT_BUDGET_CHARS,
  DEFAULT_SUMMARY_BUDGET_BYTES,
  SUMMARY_LIMIT_BYTES,
  renderCommentBody,
  renderSummary,
  verdictLine,
  writeSummary,
  type CommentRenderOptions,
  type SummaryOptions,
  type SummarySink
} from './summary.js'
export { runOutputs, runResult, writeOutputs, type OutputSink, type RunOutputs } from './outputs.js'
export {
  DEFAULT_JSON_REPORT_NAME,
  JSON_REPORT_FORMAT,
  toJsonReport,
  writeJsonReport,
  type JsonEndpoint,
  type JsonExplanation,
  type JsonHop,
  type JsonReport,
  type JsonResult,
  type JsonSelector
} from './json.js'
export {
  commentMarker,
  commentOnPullRequest,
  createGitHubClient,
  renderComment,
  shouldComment,
  upsertPrComment,
  workflowRunUrl,
  type CommentDecision,
  type CommentOnPullRequestArgs,
  type CommentOutcome,
  type GitHubClient,
  type PullRequestPayload,
  type RunContext,
  type UpsertPrCommentArgs
} from './comment.js'
export { shouldFail, type FailOn } from './policy.js'
export {
  planConfigProblemAnnotations,
  renderConfigProblemsSummary,
  reportConfigProblems,
  type ActionsSink
} from './config-problems.js'
export { reportRun, type ReportRunOptions, type ReportRunResult } from './run.js'
