// The `fail-on` input: which verdicts make the step fail.
import type { RunReport } from '../model.js'

/** `any`: failures and errors fail the step; `error`: only errors do; `never`: the step always succeeds. */
export type FailOn = 'any' | 'error' | 'never'

export function shouldFail(report: Pick<RunReport, 'failed' | 'errors'>, failOn: FailOn): boolean {
  switch (failOn) {
    case 'any':
      return report.failed > 0 || report.errors > 0
    case 'error':
      return report.errors > 0
    case 'never':
      return false
  }
}
