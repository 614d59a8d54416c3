// One retry policy for every AWS client this tool creates, exported so docs and tests quote the real values.

/**
 * `adaptive` adds a client-side token bucket that slows a client down after throttling responses, on top of
 * the standard exponential backoff. Clients are per (account, region), which is exactly EC2's throttling
 * scope, so each bucket learns the limit it actually hits (mutating calls refill at 5/s, describes at 20/s).
 * 8 attempts ride out a throttling burst of roughly 15-25 s with the SDK's backoff (100 ms base, 20 s cap);
 * an error that outlives them is reported, not retried again by callers.
 */
export const AWS_RETRY_SETTINGS = { retryMode: 'adaptive', maxAttempts: 8 } as const

export type AwsRetrySettings = typeof AWS_RETRY_SETTINGS
