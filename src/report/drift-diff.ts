// What the drift issue remembers between runs, and what changed since then. The issue body carries the
// previous run in a hidden data block: for each assertion only what the diff needs (status, actual outcome,
// the component ids of a reachable forward path), gzip-compressed and base64-encoded so that even a large
// config fits in GitHub's 65,536-character body next to the readable report. Pure: no I/O.
import { gunzipSync, gzipSync } from 'node:zlib'
import type { Outcome, VerdictStatus } from '../model.js'
import type { JsonReport, JsonResult } from './json.js'

/** Bumped when the stored shape changes; a block of another format is ignored (no diff, no error). */
export const DRIFT_DATA_FORMAT = 1

/** One assertion as the drift issue remembers it. Field names follow the JSON report (anp names). */
export interface DriftResultState {
  assertion_id: string
  status: VerdictStatus
  actual_outcome: Outcome
  /**
   * Component ids of the forward path in hop order, kept only for reachable paths (the only ones whose
   * hops are compared). Null when not kept: not reachable, no hops given, or dropped to stay under the
   * size limit.
   */
  forward_path: string[] | null
  /**
   * Set assertions proved with a Network Access Analyzer scope: every violating path, as
   * "source id → destination id" (sorted, distinct). Null when not kept (too many, or no analysis result);
   * absent for pairwise assertions and in snapshots written before it existed.
   */
  violating_paths?: string[] | null
}

/** At most this many violating paths of one assertion are kept for the next run; more are not compared. */
export const MAX_VIOLATING_PATHS_KEPT = 200

/** The previous run, as stored in the drift issue. */
export interface DriftSnapshot {
  drift_format: typeof DRIFT_DATA_FORMAT
  config_file: string
  finished_at: string
  run_url: string | null
  /** When the drift this issue tracks was first seen, and in which run. */
  drifting_since: string
  drifting_since_run_url: string | null
  results: DriftResultState[]
  /**
   * True when passed assertions were left out to stay under the size limit: an assertion missing from
   * `results` then passed. Absent otherwise.
   */
  passed_omitted?: true
}

export interface SnapshotMeta {
  runUrl?: string
  /** When the drift started, carried over from the previous snapshot; defaults to this run. */
  driftingSince?: string
  driftingSinceRunUrl?: string | null
}

/** The drift issue's view of a run, from its JSON report. */
export function toDriftSnapshot(report: JsonReport, meta: SnapshotMeta = {}): DriftSnapshot {
  const runUrl = meta.runUrl ?? null
  return {
    drift_format: DRIFT_DATA_FORMAT,
    config_file: report.config_file,
    finished_at: report.finished_at,
    run_url: runUrl,
    drifting_since: meta.driftingSince ?? report.finished_at,
    drifting_since_run_url: meta.driftingSince ? (meta.driftingSinceRunUrl ?? null) : runUrl,
    results: report.results.map(result => ({
      assertion_id: result.assertion_id,
      status: result.status,
      actual_outcome: result.actual_outcome,
      // A reachable path always has hops; none means AWS gave none, which is unknown, not an empty path.
      forward_path:
        result.actual_outcome === 'reachable' && result.forward_path.length > 0
          ? [...result.forward_path].sort((a, b) => a.sequence - b.sequence).map(hop => hop.component_id)
          : null,
      ...(result.scope ? { violating_paths: violatingPathsOf(result.scope) } : {})
    }))
  }
}

/** "igw-… → eni-… (i-…)": one violating path as the drift issue compares it (ids only, never names). */
export function violatingPathKey(finding: NonNullable<JsonResult['scope']>['findings'][number]): string {
  const end = (e: typeof finding.source) => (e.instance_id ? `${e.id} (${e.instance_id})` : e.id)
  return `${end(finding.source)} → ${end(finding.destination)}`
}

function violatingPathsOf(scope: NonNullable<JsonResult['scope']>): string[] | null {
  // Only a finished analysis says which paths violate; anything else is unknown, not "none".
  if (scope.analysis_status !== 'succeeded') return null
  const keys = [...new Set(scope.findings.map(violatingPathKey))].sort()
  return keys.length <= MAX_VIOLATING_PATHS_KEPT ? keys : null
}

/** An assertion whose verdict is not the same as in the previous run. */
export interface StatusChange {
  assertionId: string
  /** Null: the assertion was not in the previous run (new in the config). */
  from: VerdictStatus | null
  /** Null: the assertion is no longer in the config. */
  to: VerdictStatus | null
  actualFrom: Outcome | null
  actualTo: Outcome | null
}

/** A path reachable in both runs that now goes through different components. */
export interface PathChange {
  assertionId: string
  /** Component ids on the previous forward path and not on this one, in previous hop order. */
  removed: string[]
  /** Component ids on this forward path and not on the previous one, in hop order. */
  added: string[]
}

/** A set assertion whose violating paths are not the same as in the previous run. */
export interface ViolationChange {
  assertionId: string
  /** Violating now and not in the previous run (sorted). */
  appeared: string[]
  /** Violating in the previous run and not now (sorted). */
  disappeared: string[]
}

export interface DriftDiff {
  /**
   * Verdict changes that touch the failing set: passed→failed, failed→passed, anything→error, error→…;
   * assertions new in the config only when they do not pass, removed ones only when they did not pass.
   * This run's config order first, then removed assertions in the previous run's order.
   */
  statusChanges: StatusChange[]
  /** Reachable-in-both paths whose components changed, in this run's config order. */
  pathChanges: PathChange[]
  /** Set assertions whose violating paths changed (both runs known), in this run's config order. */
  violationChanges: ViolationChange[]
  /** Whether the set of failing or erroring assertions (with their status) differs. */
  failingSetChanged: boolean
}

/** What changed between two runs of the same config. */
export function diffRuns(previous: DriftSnapshot, current: DriftSnapshot): DriftDiff {
  const before = new Map(previous.results.map(result => [result.assertion_id, result]))
  const statusBefore = (id: string): VerdictStatus | null =>
    before.get(id)?.status ?? (previous.passed_omitted ? 'passed' : null)
  const actualBefore = (id: string): Outcome | null =>
    before.get(id)?.actual_outcome ?? (previous.passed_omitted ? 'unknown' : null)

  const statusChanges: StatusChange[] = []
  const pathChanges: PathChange[] = []
  const violationChanges: ViolationChange[] = []
  const seen = new Set<string>()
  for (const now of current.results) {
    const id = now.assertion_id
    seen.add(id)
    const from = statusBefore(id)
    if (from !== now.status && !(from === null && now.status === 'passed')) {
      statusChanges.push({
        assertionId: id,
        from,
        to: now.status,
        actualFrom: actualBefore(id),
        actualTo: now.actual_outcome
      })
    }
    const then = before.get(id)
    if (then?.actual_outcome === 'reachable' && now.actual_outcome === 'reachable') {
      const change = hopDifference(id, then.forward_path, now.forward_path)
      if (change) pathChanges.push(change)
    }
    // A path not kept, or a run without a result, is unknown: no claim about it.
    if (Array.isArray(then?.violating_paths) && Array.isArray(now.violating_paths)) {
      const was = new Set(then.violating_paths)
      const is = new Set(now.violating_paths)
      const appeared = now.violating_paths.filter(key => !was.has(key))
      const disappeared = then.violating_paths.filter(key => !is.has(key))
      if (appeared.length + disappeared.length > 0)
        violationChanges.push({ assertionId: id, appeared, disappeared })
    }
  }
  for (const then of previous.results) {
    if (seen.has(then.assertion_id) || then.status === 'passed') continue
    statusChanges.push({
      assertionId: then.assertion_id,
      from: then.status,
      to: null,
      actualFrom: then.actual_outcome,
      actualTo: null
    })
  }
  return { statusChanges, pathChanges, violationChanges, failingSetChanged: statusChanges.length > 0 }
}

function hopDifference(
  assertionId: string,
  previous: string[] | null,
  current: string[] | null
): PathChange | undefined {
  // A path not kept (size limit) is unknown, not empty: no claim about it.
  if (!previous || !current) return undefined
  const was = new Set(previous)
  const is = new Set(current)
  const removed = unique(previous.filter(id => !is.has(id)))
  const added = unique(current.filter(id => !was.has(id)))
  return removed.length + added.length > 0 ? { assertionId, removed, added } : undefined
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)]
}

// ---------------------------------------------------------------------------------------------------------
// The hidden data block

const DATA_BLOCK_PREFIX = '<!-- network-preflight:data '
const DATA_BLOCK_SUFFIX = ' -->'
// Base64 has no `-` or `>`, so the block can never end the HTML comment early.
// Line breaks are allowed inside (blocks are wrapped at 76 characters; earlier versions wrote one line).
const DATA_BLOCK_PATTERN = /<!-- network-preflight:data ([A-Za-z0-9+/=\n]+) -->/g

/**
 * The snapshot as a hidden HTML comment: base64 of gzip of compact JSON, wrapped at 76 characters (as MIME
 * does) so that no line of the issue body exceeds the output bound (src/safety MAX_LINE).
 */
export function encodeDataBlock(snapshot: DriftSnapshot): string {
  const packed = gzipSync(Buffer.from(JSON.stringify(snapshot), 'utf8'), { level: 9 }).toString('base64')
  return `${DATA_BLOCK_PREFIX}${packed.replace(/.{76}(?=.)/g, '$&\n')}${DATA_BLOCK_SUFFIX}`
}

/** How much of a snapshot was kept to fit the budget. */
export interface FittedDataBlock {
  /** The hidden comment, or '' when not even the failing assertions fit. */
  block: string
  /** Assertions whose reachable forward path was dropped (their hop changes cannot be diffed next run). */
  pathsDropped: number
  /** Whether passed assertions were left out (they count as passed next run). */
  passedOmitted: boolean
}

/**
 * The largest data block within `maxChars`: every assertion with its path if it fits; else paths for as
 * many assertions as fit (config order); else no paths; else only the assertions that did not pass.
 */
export function fitDataBlock(snapshot: DriftSnapshot, maxChars: number): FittedDataBlock {
  const withPaths = snapshot.results.filter(result => result.forward_path !== null).length
  const keepPaths = (count: number): DriftSnapshot => {
    let kept = 0
    return {
      ...snapshot,
      results: snapshot.results.map(result => {
        if (result.forward_path === null) return result
        kept++
        return kept <= count ? result : { ...result, forward_path: null }
      })
    }
  }
  const full = encodeDataBlock(snapshot)
  if (full.length <= maxChars) return { block: full, pathsDropped: 0, passedOmitted: false }

  // Binary search for the most paths that fit; a block without paths is the floor.
  const bare = encodeDataBlock(keepPaths(0))
  if (bare.length <= maxChars) {
    let fits = 0
    let fitted = bare
    let low = 1
    let high = withPaths - 1
    while (low <= high) {
      const mid = Math.floor((low + high) / 2)
      const block = encodeDataBlock(keepPaths(mid))
      if (block.length <= maxChars) {
        fits = mid
        fitted = block
        low = mid + 1
      } else {
        high = mid - 1
      }
    }
    return { block: fitted, pathsDropped: withPaths - fits, passedOmitted: false }
  }

  const failingOnly: DriftSnapshot = {
    ...snapshot,
    results: snapshot.results
      .filter(result => result.status !== 'passed')
      .map(result => ({
        ...result,
        forward_path: null,
        ...(result.violating_paths !== undefined ? { violating_paths: null } : {})
      })),
    passed_omitted: true
  }
  const block = encodeDataBlock(failingOnly)
  return block.length <= maxChars
    ? { block, pathsDropped: withPaths, passedOmitted: true }
    : { block: '', pathsDropped: withPaths, passedOmitted: true }
}

/**
 * The snapshot stored in an issue body, or undefined when there is none or it cannot be read (a body
 * edited by hand, a block of another format): the run then reports without a diff rather than failing.
 */
export function decodeDataBlock(body: string): DriftSnapshot | undefined {
  const matches = [...body.matchAll(DATA_BLOCK_PATTERN)]
  const last = matches.at(-1)
  if (!last) return undefined
  try {
    const parsed: unknown = JSON.parse(
      gunzipSync(Buffer.from(last[1].replace(/\n/g, ''), 'base64')).toString('utf8')
    )
    return isSnapshot(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

const STATUSES: ReadonlySet<unknown> = new Set(['passed', 'failed', 'error'])
const OUTCOMES: ReadonlySet<unknown> = new Set(['reachable', 'not_reachable', 'unknown'])

function isSnapshot(value: unknown): value is DriftSnapshot {
  if (typeof value !== 'object' || value === null) return false
  const snapshot = value as Partial<Record<keyof DriftSnapshot, unknown>>
  return (
    snapshot.drift_format === DRIFT_DATA_FORMAT &&
    typeof snapshot.finished_at === 'string' &&
    typeof snapshot.drifting_since === 'string' &&
    Array.isArray(snapshot.results) &&
    snapshot.results.every(isResultState)
  )
}

function isResultState(value: unknown): value is DriftResultState {
  if (typeof value !== 'object' || value === null) return false
  const result = value as Partial<Record<keyof DriftResultState, unknown>>
  return (
    typeof result.assertion_id === 'string' &&
    STATUSES.has(result.status) &&
    OUTCOMES.has(result.actual_outcome) &&
    isIdList(result.forward_path) &&
    (result.violating_paths === undefined || isIdList(result.violating_paths))
  )
}

function isIdList(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.every(id => typeof id === 'string'))
}
