// The whole GitHub report of a finished run, in the order a reader meets it: annotations, job summary,
// JSON report, outputs. The PR comment and the fail-on decision stay with the caller (they need inputs).
import * as core from '@actions/core'
import type { RunReport, VerdictStatus } from '../model.js'
import { emitAnnotations, planAnnotations } from './annotations.js'
import type { ActionsSink } from './config-problems.js'
import { writeJsonReport } from './json.js'
import { writeOutputs } from './outputs.js'
import { planOutputs, planPredictionAnnotations } from './plan.js'
import { renderSummary, writeSummary } from './summary.js'

export interface ReportRunOptions {
  /** The config file relative to the workspace, for annotations. */
  file: string
  /** Where the JSON report goes, e.g. `$RUNNER_TEMP`. */
  reportDir: string
  /** File name of the JSON report (default network-preflight-report.json). */
  reportFileName?: string
  /** Link to the workflow run. */
  runUrl?: string
  sink?: ActionsSink
}

export interface ReportRunResult {
  reportPath: string
  result: VerdictStatus
  summaryWritten: boolean
}

export async function reportRun(report: RunReport, options: ReportRunOptions): Promise<ReportRunResult> {
  const sink = options.sink ?? core
  emitAnnotations(planAnnotations(report, { file: options.file }), sink)
  emitAnnotations(planPredictionAnnotations(report, options.file), sink)
  const summaryWritten = await writeSummary(renderSummary(report, { runUrl: options.runUrl }), sink.summary)
  const reportPath = await writeJsonReport(report, options.reportDir, options.reportFileName)
  const outputs = writeOutputs(report, reportPath, sink)
  for (const [name, value] of Object.entries(planOutputs(report))) sink.setOutput(name, value)
  return { reportPath, result: outputs.result, summaryWritten }
}
