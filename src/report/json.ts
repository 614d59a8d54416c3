// The machine-readable report (schema/report.schema.json). Top-level and per-result names of the
// Python tool anp (`passed_count`, `failed_count`, `error_count`, `results[].assertion_id`, `status`,
// `expected_outcome`, `actual_outcome`) are kept so existing scripts keep working; the rest is snake_case.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type {
  AnalysisStatus,
  AssertionReport,
  AssertionType,
  CheckPurpose,
  ConfigProblem,
  ResolvedTarget,
  ComponentKind,
  Endpoint,
  EndpointRole,
  Explanation,
  Outcome,
  ManagedKind,
  PathHop,
  PlanReport,
  PredictedEffect,
  Prediction,
  Protocol,
  Resolution,
  ResourceKind,
  RunReport,
  VerdictStatus,
  ScopeAnalysisResult,
  ScopeFindingEnd
} from '../model.js'
import { jsonDocument } from '../safety/index.js'
import { VERSION } from '../version.js'
import { analysisConsoleUrl, formatPort, runResult } from './format.js'

/** Bumped when a field changes meaning or disappears (additions do not bump it). */
export const JSON_REPORT_FORMAT = 1
export const DEFAULT_JSON_REPORT_NAME = 'network-preflight-report.json'

/** What the user wrote to name an endpoint. */
export type JsonSelector =
  | { type: 'resource_id'; resource_id: string; kind: ResourceKind }
  | { type: 'arn'; arn: string; kind: ResourceKind }
  | { type: 'tags'; tags: Record<string, string>; kinds: ResourceKind[] }
  | { type: 'ip'; ip: string }
  | { type: 'managed'; service: ManagedKind; name: string; role?: 'writer' | 'reader' }

export interface JsonEndpoint {
  role: EndpointRole
  account: string
  region: string
  selector: JsonSelector
  line: number
  /** Whether the selector was turned into one resource. */
  resolved: boolean
  kind: ResourceKind | ComponentKind | 'ip' | null
  resource_id: string | null
  arn: string | null
  owner_account_id: string | null
  vpc_id: string | null
  name: string | null
  network_interface_id: string | null
  ip: string | null
  /** Why it could not be resolved. */
  error: string | null
  warnings: string[]
  /** match: each/any (absent: one). */
  match?: 'one' | 'each' | 'any'
  /** The endpoint's address filter (source: SourceAddress, destination: DestinationAddress). */
  address?: string
  /** A group: every member the selector resolved to (absent for a single resource). */
  members?: JsonMemberRef[]
}

/** One member of a group, or one side of a member pair. */
export interface JsonMemberRef {
  kind: string
  resource_id: string
  name: string | null
  network_interface_id: string | null
  subnet_id: string | null
}

/** The outcome of one (source member, destination member) pair of a group assertion. */
export interface JsonMemberOutcome {
  source: JsonMemberRef
  destination: JsonMemberRef
  status: VerdictStatus
  actual_outcome: Outcome
  reason: string
}

/** One analysis of an assertion that took several (groups, via alternatives, through:). */
export interface JsonCheck {
  purpose: CheckPurpose
  source_id: string
  destination_id: string
  filter_in_arns: string[]
  filter_out_arns: string[]
  through_index: number | null
  analysis_id: string | null
  analysis_status: AnalysisStatus | null
  network_path_found: boolean | null
  status: VerdictStatus
  reason: string
  /** Which via/through alternatives the path found traversed. */
  traversed: string[]
}

export interface JsonExplanation {
  code: string
  direction: string | null
  sentence: string
  component_id: string | null
  component_arn: string | null
  console_url: string | null
}

export interface JsonHop {
  sequence: number
  component_id: string
  component_arn: string | null
  component_type: string | null
  name: string | null
  detail: string | null
}

export interface JsonResult {
  assertion_id: string
  status: VerdictStatus
  expected_outcome: Exclude<Outcome, 'unknown'>
  actual_outcome: Outcome
  reason: string
  type: AssertionType
  description: string | null
  labels: string[]
  line: number
  column: number
  region: string
  source: JsonEndpoint
  destination: JsonEndpoint
  via: JsonEndpoint[]
  avoid: JsonEndpoint[]
  protocol: Protocol
  /** A single port as a number, a range as "from-to", null for every port. */
  port: number | string | null
  port_range: { from: number; to: number } | null
  analysis_status: AnalysisStatus | null
  analysis_id: string | null
  analysis_arn: string | null
  path_id: string | null
  network_path_found: boolean | null
  console_url: string | null
  analysis_message: string | null
  explanations: JsonExplanation[]
  forward_path: JsonHop[]
  return_path: JsonHop[]
  warnings: string[]
  duration_ms: number | null
  /** With a plan: what applying it is predicted to do (absent without a plan or analysis). */
  prediction?: JsonPrediction
  /** `through:` entries (absent when the assertion has none). */
  through?: JsonEndpoint[]
  /** Group assertions: one outcome per member pair ("3 of 4 … reach …"). */
  members?: JsonMemberOutcome[]
  /** Every analysis when the assertion took more than one. */
  checks?: JsonCheck[]
  /** Set denies proved with a Network Access Analyzer scope: the scope, its analysis and every finding. */
  scope?: JsonScope
}

export interface JsonScopeFindingEnd {
  id: string
  arn: string | null
  name: string | null
  instance_id: string | null
  subnet_id: string | null
  vpc_id: string | null
}

export interface JsonScope {
  account: string
  region: string
  scope_id: string | null
  scope_origin: 'created' | 'reused' | null
  analysis_id: string | null
  analysis_arn: string | null
  analysis_status: string
  analysis_message: string | null
  analyzed_eni_count: number | null
  findings_count: number
  /** Every violating path (all pages), hop by hop. */
  findings: Array<{
    finding_id: string | null
    source: JsonScopeFindingEnd
    destination: JsonScopeFindingEnd
    path: JsonHop[]
  }>
  /** The statements the scope was created with, in the SDK's shapes. */
  match_paths: unknown[]
  exclude_paths: unknown[]
  duration_ms: number | null
}

export interface JsonReport {
  tool: 'network-preflight'
  report_format: typeof JSON_REPORT_FORMAT
  version: string
  config_file: string
  result: VerdictStatus
  started_at: string
  finished_at: string
  duration_ms: number
  analyses_started: number
  /** Network Access Analyzer analyses (absent when none ran). */
  scope_analyses_started?: number
  estimated_cost_usd: number
  total_count: number
  passed_count: number
  failed_count: number
  error_count: number
  results: JsonResult[]
  /** Present when a plan was given. */
  plan?: JsonPlan
  /** Present when the config was invalid: no assertion ran (result error, exit code 2). */
  config_problems?: JsonConfigProblem[]
}

/** One problem of an invalid config, where `validate` would print it. */
export interface JsonConfigProblem {
  file: string
  line: number
  column: number
  /** JSON-pointer-like path of the offending node, e.g. /assertions/2/port. */
  path: string
  message: string
}

export interface JsonPrediction {
  effect: PredictedEffect
  summary: string
  reasons: Array<{
    resource: string | null
    action: string | null
    file: string | null
    component: string | null
    text: string
  }>
  not_evaluated: string[]
}

export interface JsonPlan {
  files: string[]
  fail_on_predicted: 'violation' | 'never'
  scope: 'all' | 'affected'
  predicted_breaks: number
  predicted_opens: number
  predicted_fixes: number
  predicted_affected: number
  predicted_unaffected: number
  changes: Array<{ resource: string; action: string; file: string; what: string }>
  skipped: Array<{ assertion_id: string; reason: string }>
  in_scope: Array<{ assertion_id: string; reason: string }>
  edited_note: string | null
}

function toJsonPlan(plan: PlanReport): JsonPlan {
  return {
    files: [...plan.files],
    fail_on_predicted: plan.failOnPredicted,
    scope: plan.scope,
    predicted_breaks: plan.counts.breaks,
    predicted_opens: plan.counts.opens,
    predicted_fixes: plan.counts.fixes,
    predicted_affected: plan.counts.affected,
    predicted_unaffected: plan.counts.unaffected,
    changes: plan.changes.map(c => ({ ...c })),
    skipped: plan.skipped.map(s => ({ assertion_id: s.assertionId, reason: s.reason })),
    in_scope: plan.inScope.map(s => ({ assertion_id: s.assertionId, reason: s.reason })),
    edited_note: plan.editedNote ?? null
  }
}

function toJsonPrediction(p: Prediction): JsonPrediction {
  return {
    effect: p.effect,
    summary: p.summary,
    reasons: p.reasons.map(r => ({
      resource: r.resource ?? null,
      action: r.action ?? null,
      file: r.file ?? null,
      component: r.component ?? null,
      text: r.text
    })),
    not_evaluated: [...p.notEvaluated]
  }
}

/** The JSON report of a run, results in config order. */
export function toJsonReport(report: RunReport): JsonReport {
  return {
    tool: 'network-preflight',
    report_format: JSON_REPORT_FORMAT,
    version: report.version,
    config_file: report.configFile,
    result: runResult(report),
    started_at: report.startedAt,
    finished_at: report.finishedAt,
    duration_ms: report.durationMs,
    analyses_started: report.analysesStarted,
    ...(report.scopeAnalysesStarted ? { scope_analyses_started: report.scopeAnalysesStarted } : {}),
    estimated_cost_usd: report.estimatedCostUsd,
    total_count: report.total,
    passed_count: report.passed,
    failed_count: report.failed,
    error_count: report.errors,
    results: report.results.map(toJsonResult),
    ...(report.plan ? { plan: toJsonPlan(report.plan) } : {})
  }
}

/**
 * The report of a run that stopped at an invalid config, in the shape of every other run's report: no
 * results, `result: error`, `error_count` the number of problems (as the action's `errors` output), and every
 * problem in `config_problems`.
 */
export function toJsonConfigProblemsReport(
  configFile: string,
  problems: readonly ConfigProblem[],
  startedAt: Date,
  finishedAt: Date = new Date()
): JsonReport {
  return {
    tool: 'network-preflight',
    report_format: JSON_REPORT_FORMAT,
    version: VERSION,
    config_file: configFile,
    result: 'error',
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    duration_ms: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
    analyses_started: 0,
    estimated_cost_usd: 0,
    total_count: 0,
    passed_count: 0,
    failed_count: 0,
    error_count: problems.length,
    results: [],
    config_problems: problems.map(p => ({
      file: p.file,
      line: p.line,
      column: p.column,
      path: p.path,
      message: p.message
    }))
  }
}

/** Writes the JSON report into `dir` (created if missing) and returns its path. */
export async function writeJsonReport(
  report: RunReport,
  dir: string,
  fileName: string = DEFAULT_JSON_REPORT_NAME
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const path = join(dir, fileName)
  await writeFile(path, `${jsonDocument(toJsonReport(report))}\n`, 'utf8')
  return path
}

function toJsonResult(result: AssertionReport): JsonResult {
  const { assertion, verdict, analysis } = result
  const explanations = verdict.explanations.length > 0 ? verdict.explanations : (analysis?.explanations ?? [])
  return {
    assertion_id: assertion.id,
    status: verdict.status,
    // The expectation follows from the assertion's type even when the verdict could not say more.
    expected_outcome: assertion.type === 'allow' ? 'reachable' : 'not_reachable',
    actual_outcome: verdict.actual,
    reason: verdict.reason,
    type: assertion.type,
    description: assertion.description ?? null,
    labels: [...assertion.labels],
    line: assertion.location.line,
    column: assertion.location.column,
    region: assertion.region,
    source: toJsonEndpoint(assertion.source, result.source),
    destination: toJsonEndpoint(assertion.destination, result.destination),
    via: assertion.via.map((endpoint, i) => toJsonEndpoint(endpoint, result.via[i])),
    avoid: assertion.avoid.map((endpoint, i) => toJsonEndpoint(endpoint, result.avoid[i])),
    protocol: assertion.protocol,
    port: !assertion.port
      ? null
      : assertion.port.from === assertion.port.to
        ? assertion.port.from
        : formatPort(assertion.port),
    port_range: assertion.port ? { from: assertion.port.from, to: assertion.port.to } : null,
    analysis_status: analysis?.status ?? null,
    analysis_id: analysis?.analysisId ?? null,
    analysis_arn: analysis?.analysisArn ?? null,
    path_id: analysis?.pathId ?? null,
    network_path_found: analysis?.networkPathFound ?? null,
    console_url: analysisConsoleUrl(assertion.region, analysis) ?? null,
    analysis_message: analysis?.message ?? null,
    explanations: explanations.map(toJsonExplanation),
    forward_path: (analysis?.forwardPath ?? []).map(toJsonHop),
    return_path: (analysis?.returnPath ?? []).map(toJsonHop),
    warnings: [...verdict.warnings],
    duration_ms: analysis?.durationMs ?? null,
    ...(result.prediction ? { prediction: toJsonPrediction(result.prediction) } : {}),
    ...(assertion.through
      ? { through: assertion.through.map((endpoint, i) => toJsonEndpoint(endpoint, result.through?.[i])) }
      : {}),
    ...(result.members
      ? {
          members: result.members.map(m => ({
            source: toJsonMemberRef(m.source),
            destination: toJsonMemberRef(m.destination),
            status: m.verdict.status,
            actual_outcome: m.verdict.actual,
            reason: m.verdict.reason
          }))
        }
      : {}),
    ...(result.scope ? { scope: toJsonScope(result.scope) } : {}),
    ...(result.checks
      ? {
          checks: result.checks.map(c => ({
            purpose: c.purpose,
            source_id: c.source.resourceId,
            destination_id: c.destination.resourceId,
            filter_in_arns: [...c.filterIn],
            filter_out_arns: [...c.filterOut],
            through_index: c.throughIndex ?? null,
            analysis_id: c.analysis?.analysisId ?? null,
            analysis_status: c.analysis?.status ?? null,
            network_path_found: c.analysis?.networkPathFound ?? null,
            status: c.verdict.status,
            reason: c.verdict.reason,
            traversed: [...(c.traversed ?? [])]
          }))
        }
      : {})
  }
}

export function toJsonMemberRef(target: ResolvedTarget): JsonMemberRef {
  return {
    kind: target.kind,
    resource_id: target.resourceId,
    name: target.name ?? null,
    network_interface_id: target.primaryNetworkInterfaceId ?? null,
    subnet_id: target.subnetId ?? null
  }
}

/** The selector as the run report writes it (anp's `type`), also for list-targets. */
export function toJsonSelector(endpoint: Endpoint): JsonSelector {
  const selector = endpoint.selector
  switch (selector.by) {
    case 'resource_id':
      return { type: 'resource_id', resource_id: selector.resourceId, kind: selector.kind }
    case 'arn':
      return { type: 'arn', arn: selector.arn, kind: selector.kind }
    case 'tags':
      return { type: 'tags', tags: { ...selector.tags }, kinds: [...selector.kinds] }
    case 'ip':
      return { type: 'ip', ip: selector.ip }
    case 'managed':
      return {
        type: 'managed',
        service: selector.service,
        name: selector.name,
        ...(selector.role ? { role: selector.role } : {})
      }
  }
}

/** An endpoint as the run report writes it: what the user wrote and what it resolved to (also list-targets). */
export function toJsonEndpoint(endpoint: Endpoint, resolution: Resolution | undefined): JsonEndpoint {
  const target = resolution?.ok ? resolution.target : undefined
  return {
    role: endpoint.role,
    account: endpoint.account,
    region: endpoint.region,
    selector: toJsonSelector(endpoint),
    line: endpoint.location.line,
    resolved: target !== undefined,
    kind: target?.kind ?? null,
    resource_id: target?.resourceId ?? null,
    arn: target?.arn ?? null,
    owner_account_id: target?.ownerAccountId ?? null,
    vpc_id: target?.vpcId ?? null,
    name: target?.name ?? null,
    network_interface_id: target?.primaryNetworkInterfaceId ?? null,
    ip: target?.ip ?? null,
    error: resolution && !resolution.ok ? resolution.error : null,
    warnings: [...(target?.warnings ?? [])],
    ...(endpoint.match ? { match: endpoint.match } : {}),
    ...(endpoint.address ? { address: endpoint.address } : {}),
    ...(resolution?.ok && resolution.members ? { members: resolution.members.map(toJsonMemberRef) } : {})
  }
}

function toJsonExplanation(explanation: Explanation): JsonExplanation {
  return {
    code: explanation.code,
    direction: explanation.direction ?? null,
    sentence: explanation.sentence,
    component_id: explanation.componentId ?? null,
    component_arn: explanation.componentArn ?? null,
    console_url: explanation.consoleUrl ?? null
  }
}

function toJsonHop(hop: PathHop): JsonHop {
  return {
    sequence: hop.sequence,
    component_id: hop.componentId,
    component_arn: hop.componentArn ?? null,
    component_type: hop.componentType ?? null,
    name: hop.name ?? null,
    detail: hop.detail ?? null
  }
}

function toJsonScopeEnd(end: ScopeFindingEnd): JsonScopeFindingEnd {
  return {
    id: end.id,
    arn: end.arn ?? null,
    name: end.name ?? null,
    instance_id: end.instanceId ?? null,
    subnet_id: end.subnetId ?? null,
    vpc_id: end.vpcId ?? null
  }
}

function toJsonScope(scope: ScopeAnalysisResult): JsonScope {
  return {
    account: scope.account,
    region: scope.region,
    scope_id: scope.scopeId ?? null,
    scope_origin: scope.scopeOrigin ?? null,
    analysis_id: scope.analysisId ?? null,
    analysis_arn: scope.analysisArn ?? null,
    analysis_status: scope.status,
    analysis_message: scope.message ?? null,
    analyzed_eni_count: scope.analyzedEniCount ?? null,
    findings_count: scope.findings.length,
    findings: scope.findings.map(f => ({
      finding_id: f.findingId ?? null,
      source: toJsonScopeEnd(f.source),
      destination: toJsonScopeEnd(f.destination),
      path: f.hops.map(toJsonHop)
    })),
    match_paths: scope.statements.matchPaths,
    exclude_paths: scope.statements.excludePaths,
    duration_ms: scope.durationMs ?? null
  }
}
