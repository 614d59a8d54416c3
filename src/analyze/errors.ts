// Turns SDK errors into one-line messages and result statuses. Retrying is the SDK's job (the
// clients come with adaptive retries); an error that reaches us has outlived those retries.
import { awsErrorCode, errorMessage } from '../aws/errors.js'
import { AuthError } from '../auth/types.js'
import type { AnalysisStatus } from '../model.js'
import { PlanError } from './plan.js'

const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException'
])

interface SdkErrorShape {
  name?: unknown
  message?: unknown
  Code?: unknown
  $retryable?: { throttling?: boolean }
}

export const errorCode = awsErrorCode

export function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const code = errorCode(error)
  return (
    (code !== undefined && THROTTLING_CODES.has(code)) ||
    (error as SdkErrorShape).$retryable?.throttling === true
  )
}

const messageOf = errorMessage

/** Where a failing call ran, for messages. */
export interface CallSite {
  operation: string
  account: string
  region: string
}

/** Status and message for a failed call: `throttled` when EC2 kept throttling past the SDK's retries. */
export function describeFailure(error: unknown, site: CallSite): { status: AnalysisStatus; message: string } {
  // Our own and auth errors already read as sentences meant for users.
  if (error instanceof PlanError || error instanceof AuthError)
    return { status: 'error', message: error.message }
  const where = `account ${site.account}, ${site.region}`
  if (isThrottling(error)) {
    return {
      status: 'throttled',
      message:
        `EC2 throttled ${site.operation} in ${where} (${errorCode(error)}) beyond the SDK's retries; ` +
        'lower the concurrency or run again later'
    }
  }
  const code = errorCode(error)
  const prefix = code && code !== 'Error' ? `${code}: ` : ''
  return { status: 'error', message: `${site.operation} failed in ${where}: ${prefix}${messageOf(error)}` }
}
