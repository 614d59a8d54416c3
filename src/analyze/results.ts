// Builds AnalysisResult values. Paths and explanations stay empty: the verdict layer derives them from `raw`.
import type { AnalysisResult, AnalysisStatus } from '../model.js'
import type { PollOutcome } from './poller.js'
import { describeFailure, type CallSite } from './errors.js'

export function resultOf(status: AnalysisStatus, fields: Partial<AnalysisResult> = {}): AnalysisResult {
  return { forwardPath: [], returnPath: [], explanations: [], ...fields, status }
}

export function failureResult(
  error: unknown,
  site: CallSite,
  fields: Partial<AnalysisResult> = {}
): AnalysisResult {
  const { status, message } = describeFailure(error, site)
  return resultOf(status, { ...fields, message })
}

/** Identity and timing of one started analysis. */
export interface StartedAnalysis {
  analysisId: string
  analysisArn?: string
  pathId: string
  startedAtMs: number
}

export function resultFromOutcome(
  outcome: PollOutcome,
  started: StartedAnalysis,
  finishedAtMs: number,
  context: { account: string; region: string; timeoutSeconds: number }
): AnalysisResult {
  const fields: Partial<AnalysisResult> = {
    analysisId: started.analysisId,
    analysisArn: started.analysisArn,
    pathId: started.pathId,
    startedAt: new Date(started.startedAtMs).toISOString(),
    finishedAt: new Date(finishedAtMs).toISOString(),
    durationMs: finishedAtMs - started.startedAtMs
  }
  switch (outcome.kind) {
    case 'finished': {
      const analysis = outcome.analysis
      const status: AnalysisStatus = analysis.Status === 'succeeded' ? 'succeeded' : 'failed'
      return resultOf(status, {
        ...fields,
        analysisArn: analysis.NetworkInsightsAnalysisArn ?? started.analysisArn,
        networkPathFound: analysis.NetworkPathFound,
        message:
          analysis.StatusMessage ??
          (status === 'failed' ? 'Reachability Analyzer reported the analysis as failed' : undefined),
        raw: analysis
      })
    }
    case 'timeout':
      return resultOf('timeout', {
        ...fields,
        message: `Reachability Analyzer did not finish within ${context.timeoutSeconds} s (per-analysis timeout); the analysis was abandoned and deleted`,
        raw: outcome.analysis
      })
    case 'error':
      return failureResult(
        outcome.error,
        { operation: 'DescribeNetworkInsightsAnalyses', ...context },
        fields
      )
    case 'cancelled':
      return resultOf('error', {
        ...fields,
        message: 'The run was cancelled while this analysis was running; it was deleted'
      })
  }
}

export const CANCELLED_BEFORE_START = 'The run was cancelled before this analysis started'
