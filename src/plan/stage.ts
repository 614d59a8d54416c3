// The plan stage in a run: which assertions to analyse (plan-scope), and the prediction for each result.
import type { AssertionReport, PlanReport, PredictedEffect, ResolvedTarget } from '../model.js'
import type { NetworkChanges } from './model.js'
import { predictAssertion, type EndpointFacts } from './predict.js'
import { scopeReason, touchedBy } from './scope.js'
import { summariseChanges } from './summary.js'

export interface PlanRunOptions {
  changes: NetworkChanges
  scope: 'all' | 'affected'
  failOnPredicted: 'violation' | 'never'
  /** Assertions the pull request adds or edits (from the base branch's config), when known. */
  edited?: Map<string, 'added' | 'edited'>
  /** How edits were detected, or why they could not be. */
  editedNote?: string
}

export interface ScopeDecision {
  run: Set<string>
  skipped: PlanReport['skipped']
  inScope: PlanReport['inScope']
}

/** Under `affected`, the assertions the plan can touch or the PR adds/edits; under `all`, every one. */
export function decideScope(
  assertions: Array<{ id: string; targets: ResolvedTarget[] }>,
  options: PlanRunOptions
): ScopeDecision {
  const run = new Set<string>()
  const skipped: ScopeDecision['skipped'] = []
  const inScope: ScopeDecision['inScope'] = []
  if (options.scope === 'all') {
    for (const a of assertions) run.add(a.id)
    return { run, skipped, inScope }
  }
  const touched = touchedBy(options.changes)
  for (const a of assertions) {
    const edit = options.edited?.get(a.id)
    const reason = edit
      ? `the pull request ${edit === 'added' ? 'adds' : 'edits'} this assertion`
      : scopeReason(a.targets, touched)
    if (reason) {
      run.add(a.id)
      inScope.push({ assertionId: a.id, reason })
    } else
      skipped.push({
        assertionId: a.id,
        reason:
          "the plan changes none of its endpoints' instances, network interfaces, subnets or security groups"
      })
  }
  return { run, skipped, inScope }
}

function facts(r: AssertionReport): EndpointFacts {
  const src = r.source?.ok ? r.source.target : undefined
  const dst = r.destination?.ok ? r.destination.target : undefined
  const f: EndpointFacts = {}
  if (src) f.sourceKind = src.kind
  if (src?.securityGroupIds) f.sourceGroups = src.securityGroupIds
  if (dst?.securityGroupIds) f.destinationGroups = dst.securityGroupIds
  if (src?.privateIp) f.sourceAddresses = [src.privateIp]
  const dstIp = dst?.privateIp ?? (dst?.kind === 'ip' ? (dst.ip ?? dst.resourceId) : undefined)
  if (dstIp) f.destinationAddresses = [dstIp]
  return f
}

/** Adds a prediction to every result whose analysis succeeded, and the plan part of the report. */
export function predictResults(
  results: AssertionReport[],
  options: PlanRunOptions,
  scope: ScopeDecision
): { results: AssertionReport[]; plan: PlanReport } {
  const counts: Record<PredictedEffect, number> = {
    breaks: 0,
    opens: 0,
    fixes: 0,
    affected: 0,
    unaffected: 0
  }
  const out = results.map(r => {
    if (!r.analysis?.raw || r.analysis.status !== 'succeeded') return r
    const destinationIp =
      r.assertion.destination.selector.by === 'ip' ? r.assertion.destination.selector.ip : undefined
    const prediction = predictAssertion({
      assertion: {
        id: r.assertion.id,
        type: r.assertion.type,
        protocol: r.assertion.protocol,
        ...(r.assertion.port ? { port: r.assertion.port } : {}),
        ...(destinationIp ? { destinationIp } : {})
      },
      analysis: r.analysis.raw,
      changes: options.changes,
      endpoints: facts(r)
    })
    if (!prediction) return r
    counts[prediction.effect]++
    return { ...r, prediction }
  })
  return {
    results: out,
    plan: {
      files: options.changes.files,
      changes: summariseChanges(options.changes),
      failOnPredicted: options.failOnPredicted,
      scope: options.scope,
      skipped: scope.skipped,
      inScope: scope.inScope,
      ...(options.editedNote ? { editedNote: options.editedNote } : {}),
      counts
    }
  }
}

/** A predicted `breaks` or `opens` fails the step under `fail-on-predicted: violation`. */
export function predictedViolations(plan: PlanReport | undefined): number {
  if (!plan || plan.failOnPredicted === 'never') return 0
  return plan.counts.breaks + plan.counts.opens
}
