// Step outputs: small scalars only (outputs share 1 MB per job); the detail is in the JSON report.
import * as core from '@actions/core'
import type { RunReport, VerdictStatus } from '../model.js'
import { runResult } from './format.js'

export { runResult }

/** The part of `@actions/core` that sets outputs (a fake in tests). */
export interface OutputSink {
  setOutput(name: string, value: string): void
}

export interface RunOutputs {
  /** `failed` if any assertion failed, else `error` if any errored, else `passed`. */
  result: VerdictStatus
  passed: string
  failed: string
  errors: string
  total: string
  /** Path of the JSON report. */
  report: string
}

/** The outputs of a run, as the strings GitHub stores. */
export function runOutputs(report: RunReport, reportPath: string): RunOutputs {
  return {
    result: runResult(report),
    passed: String(report.passed),
    failed: String(report.failed),
    errors: String(report.errors),
    total: String(report.total),
    report: reportPath
  }
}

/** Sets `result`, `passed`, `failed`, `errors`, `total` and `report`. Returns what it set. */
export function writeOutputs(report: RunReport, reportPath: string, sink: OutputSink = core): RunOutputs {
  const outputs = runOutputs(report, reportPath)
  for (const [name, value] of Object.entries(outputs)) sink.setOutput(name, value)
  return outputs
}
