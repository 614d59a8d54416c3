// Reporting an invalid config (before any AWS call): one error annotation per problem on its exact
// position (the first 10, as GitHub shows no more), a summary listing every problem, and outputs that
// say the run errored.
import * as core from '@actions/core'
import type { ConfigProblem } from '../model.js'
import {
  ANNOTATIONS_SHOWN_PER_LEVEL,
  emitAnnotations,
  type Annotation,
  type AnnotationSink
} from './annotations.js'
import { escapeMarkdown, oneLine, plural } from './format.js'
import type { OutputSink } from './outputs.js'
import { DEFAULT_SUMMARY_BUDGET_BYTES, writeSummary, type SummarySink } from './summary.js'

/** Everything reportConfigProblems talks to: `@actions/core` itself, or a fake in tests. */
export interface ActionsSink extends AnnotationSink, OutputSink {
  summary: SummarySink
}

/** Longest config path (`/assertions/3/source/…`, built from YAML keys) or file name we print. */
export const MAX_PATH_CHARS = 200

function byProblemPosition(a: ConfigProblem, b: ConfigProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column
}

/** Error annotations for the first 10 problems by position, then a notice when there are more. */
export function planConfigProblemAnnotations(problems: readonly ConfigProblem[]): Annotation[] {
  const sorted = [...problems].sort(byProblemPosition)
  const annotations: Annotation[] = sorted.slice(0, ANNOTATIONS_SHOWN_PER_LEVEL).map(problem => ({
    level: 'error',
    message: oneLine(problem.message, 1000),
    properties: {
      file: problem.file,
      startLine: problem.line,
      startColumn: problem.column,
      // The path is built from YAML keys: a key can be a megabyte of anything.
      title: problem.path ? `Invalid config at ${oneLine(problem.path, MAX_PATH_CHARS)}` : 'Invalid config'
    }
  }))
  const hidden = sorted.length - ANNOTATIONS_SHOWN_PER_LEVEL
  if (hidden > 0) {
    annotations.push({
      level: 'notice',
      message: `${plural(hidden, 'more config problem')} than GitHub can annotate (${sorted.length} in all); the job summary lists every one.`,
      properties: { file: sorted[0].file, title: `${hidden} more config problems not annotated` }
    })
  }
  return annotations
}

/** The job summary for an invalid config: every problem as `file:line:col — message`. */
export function renderConfigProblemsSummary(
  problems: readonly ConfigProblem[],
  maxBytes: number = DEFAULT_SUMMARY_BUDGET_BYTES
): string {
  const sorted = [...problems].sort(byProblemPosition)
  const head = [
    '## Network preflight: invalid config',
    '',
    `⚠️ **${plural(sorted.length, 'problem')} in the config; no analysis was run.**`,
    ''
  ].join('\n')
  let used = Buffer.byteLength(head) + 200
  const items: string[] = []
  for (const problem of sorted) {
    const where = `${escapeMarkdown(problem.file, MAX_PATH_CHARS)}:${problem.line}:${problem.column}`
    const path = problem.path ? ` (${escapeMarkdown(problem.path, MAX_PATH_CHARS)})` : ''
    const item = `- ${where} — ${escapeMarkdown(problem.message, 1000)}${path}`
    const size = Buffer.byteLength(item) + 1
    if (used + size > maxBytes) break
    items.push(item)
    used += size
  }
  const left = sorted.length - items.length
  const more = left > 0 ? [`- …and ${plural(left, 'more problem')} that do not fit in a job summary`] : []
  return [head, ...items, ...more, ''].join('\n')
}

/**
 * Reports config problems to GitHub: annotations, the summary, and outputs `result=error`,
 * `errors=<count>`, `total=0` (also `passed=0`, `failed=0`, no `report`).
 */
export async function reportConfigProblems(
  problems: readonly ConfigProblem[],
  sink: ActionsSink = core
): Promise<void> {
  emitAnnotations(planConfigProblemAnnotations(problems), sink)
  await writeSummary(renderConfigProblemsSummary(problems), sink.summary)
  sink.setOutput('result', 'error')
  sink.setOutput('passed', '0')
  sink.setOutput('failed', '0')
  sink.setOutput('errors', String(problems.length))
  sink.setOutput('total', '0')
}
