// GitHub annotations for a run: one error per failed/errored assertion, on its `- id:` line.
// GitHub shows at most 10 annotations of each level per step and drops the rest silently, so the plan
// caps each level itself and says, in a notice, how many more the job summary lists.
import * as core from '@actions/core'
import type { AssertionReport, Endpoint, Resolution, RunReport } from '../model.js'
import { logLine, terminalLines } from '../safety/index.js'
import { byPosition, oneLine, plural, truncate } from './format.js'

export type AnnotationLevel = 'error' | 'warning' | 'notice'

/** Where an annotation points, as `@actions/core` takes it. */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  startColumn?: number
}

export interface Annotation {
  level: AnnotationLevel
  message: string
  properties: AnnotationProperties
}

/** The part of `@actions/core` that emits annotations (a fake in tests). */
export interface AnnotationSink {
  error(message: string, properties?: AnnotationProperties): void
  warning(message: string, properties?: AnnotationProperties): void
  notice(message: string, properties?: AnnotationProperties): void
}

/** GitHub shows at most this many annotations of one level per step. */
export const ANNOTATIONS_SHOWN_PER_LEVEL = 10

/** Longest annotation message we send; the full text is in the summary and the JSON report. */
const MAX_MESSAGE_CHARS = 1000
/** Longest annotation title (and file path) we send. */
const MAX_TITLE_CHARS = 200

export interface PlanAnnotationsOptions {
  /** The config file as the repository knows it (relative to the workspace), e.g. `network/preflight.yaml`. */
  file: string
}

/** A warning about one assertion, before capping: where it points and what it says. */
interface PendingWarning {
  line: number
  column: number
  title: string
  message: string
}

/**
 * Plans every annotation of a run, in emission order:
 * errors (failed assertions by line, then errored ones by line; at most 10), a notice when more failed or
 * errored, warnings (verdict warnings and resolution oddities by line; at most 10), a notice when more.
 */
export function planAnnotations(report: RunReport, options: PlanAnnotationsOptions): Annotation[] {
  const { file } = options
  const annotations: Annotation[] = []

  const failed = report.results.filter(r => r.verdict.status === 'failed').sort(byPosition)
  const errored = report.results.filter(r => r.verdict.status === 'error').sort(byPosition)
  const problems = [...failed, ...errored]
  for (const result of problems.slice(0, ANNOTATIONS_SHOWN_PER_LEVEL)) {
    annotations.push({
      level: 'error',
      message: truncate(oneLine(result.verdict.reason) || 'no reason given', MAX_MESSAGE_CHARS),
      properties: {
        file,
        startLine: result.assertion.location.line,
        startColumn: result.assertion.location.column,
        title: errorTitle(result)
      }
    })
  }
  const hiddenProblems = problems.length - ANNOTATIONS_SHOWN_PER_LEVEL
  if (hiddenProblems > 0) {
    annotations.push({
      level: 'notice',
      message:
        `${plural(hiddenProblems, 'more assertion')} failed or errored than GitHub can annotate ` +
        `(${problems.length} in all: ${failed.length} failed, ${errored.length} errored); ` +
        'the job summary lists every one.',
      properties: { file, title: `${hiddenProblems} more not annotated` }
    })
  }

  const warnings = [...report.results]
    .sort(byPosition)
    .flatMap(result => pendingWarnings(result))
    .sort((a, b) => a.line - b.line || a.column - b.column)
  for (const warning of warnings.slice(0, ANNOTATIONS_SHOWN_PER_LEVEL)) {
    annotations.push({
      level: 'warning',
      message: truncate(oneLine(warning.message), MAX_MESSAGE_CHARS),
      properties: { file, startLine: warning.line, startColumn: warning.column, title: warning.title }
    })
  }
  const hiddenWarnings = warnings.length - ANNOTATIONS_SHOWN_PER_LEVEL
  if (hiddenWarnings > 0) {
    annotations.push({
      level: 'notice',
      message: `${plural(hiddenWarnings, 'more warning')} than GitHub can annotate (${warnings.length} in all); the job summary lists every one.`,
      properties: { file, title: `${hiddenWarnings} more warnings not annotated` }
    })
  }
  return annotations
}

/** `app-to-db: expected reachable` for a failure, `app-to-db: error` when it could not be checked. */
export function errorTitle(result: AssertionReport): string {
  const id = oneLine(result.assertion.id, 150)
  // The message says what was expected and what happened; the title only names the assertion.
  return result.verdict.status === 'failed' ? `${id} failed` : `${id} could not be checked`
}

function pendingWarnings(result: AssertionReport): PendingWarning[] {
  const { assertion } = result
  const id = oneLine(assertion.id, 150)
  const pending: PendingWarning[] = result.verdict.warnings.map(message => ({
    line: assertion.location.line,
    column: assertion.location.column,
    title: `${id}: warning`,
    message
  }))
  const endpoints: Array<[Endpoint, Resolution | undefined]> = [
    [assertion.source, result.source],
    [assertion.destination, result.destination],
    ...assertion.via.map((endpoint, i): [Endpoint, Resolution | undefined] => [endpoint, result.via[i]]),
    ...assertion.avoid.map((endpoint, i): [Endpoint, Resolution | undefined] => [endpoint, result.avoid[i]])
  ]
  for (const [endpoint, resolution] of endpoints) {
    if (!resolution?.ok) continue
    for (const message of resolution.target.warnings ?? []) {
      pending.push({
        line: endpoint.location.line,
        column: endpoint.location.column,
        title: `${id}: ${endpoint.role}`,
        message
      })
    }
  }
  return pending
}

/** Sends planned annotations to GitHub (through `@actions/core` unless a sink is given). */
export function emitAnnotations(annotations: readonly Annotation[], sink: AnnotationSink = core): void {
  for (const annotation of annotations) {
    const { title, file } = annotation.properties
    // The last guard: whatever the plan holds, no line break, control character or workflow command
    // leaves here, and every part is bounded (@actions/core then escapes `%`, CR, LF, `:` and `,`).
    sink[annotation.level](terminalLines(annotation.message, MAX_MESSAGE_CHARS), {
      ...annotation.properties,
      ...(title !== undefined ? { title: logLine(title, MAX_TITLE_CHARS) } : {}),
      ...(file !== undefined ? { file: logLine(file, MAX_TITLE_CHARS) } : {})
    })
  }
}
