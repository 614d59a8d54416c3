// EC2's documented request token buckets, enforced on our side so a run paces itself instead of being
// throttled: AWS answers RequestLimitExceeded once a bucket is empty, and the SDK's retries then sleep in
// real time with backoff, which wastes far more than waiting for the next token would.
import type { EC2Client } from '@aws-sdk/client-ec2'

export interface BucketSpec {
  /** Tokens available at once. */
  burst: number
  /** Tokens added per second. */
  refillPerSecond: number
}

export interface Ec2RateLimits {
  /** Create*, Start*, Delete*, CreateTags… (network insights create/start/delete count here). */
  mutating: BucketSpec
  /** Describe*. */
  nonMutating: BucketSpec
}

/** EC2 API throttling per account and Region, as AWS documents it ("Request throttling for the Amazon EC2 API"). */
export const EC2_DOCUMENTED_LIMITS: Ec2RateLimits = {
  mutating: { burst: 50, refillPerSecond: 5 },
  nonMutating: { burst: 100, refillPerSecond: 20 }
}

/**
 * What we pace by: 90% of the documented buckets. Pacing at exactly AWS's rate races its refill clock (and
 * other clients in the account draw from the same buckets), so a little headroom avoids most throttles.
 */
export function pacedLimits(limits: Ec2RateLimits, share = 0.9): Ec2RateLimits {
  const scale = (b: BucketSpec): BucketSpec => ({
    burst: Math.max(1, Math.floor(b.burst * share)),
    refillPerSecond: b.refillPerSecond * share
  })
  return { mutating: scale(limits.mutating), nonMutating: scale(limits.nonMutating) }
}

export const EC2_RATE_LIMITS: Ec2RateLimits = pacedLimits(EC2_DOCUMENTED_LIMITS)

/** A token bucket whose takers wait, in order, for their token. */
export class TokenBucket {
  private tokens: number
  private last: number
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = ms => new Promise(r => setTimeout(r, ms))
  ) {
    this.tokens = spec.burst
    this.last = now()
  }

  /** Resolves when a token is taken. Takers are served first come, first served. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeNow())
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async takeNow(): Promise<void> {
    for (;;) {
      const now = this.now()
      this.tokens = Math.min(
        this.spec.burst,
        this.tokens + ((now - this.last) / 1000) * this.spec.refillPerSecond
      )
      this.last = now
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.spec.refillPerSecond) * 1000))
    }
  }
}

export function isMutatingEc2Command(commandName: string): boolean {
  return !/^(Describe|Get|List|Search)/.test(commandName.replace(/Command$/, ''))
}

/** Time as the buckets see it; tests substitute a clock they advance themselves. */
export interface BucketClock {
  now(): number
  sleep(ms: number): Promise<void>
}

/** Makes every call of the client wait for a token of the bucket its action draws from. */
export function limitEc2Rate(
  client: EC2Client,
  limits: Ec2RateLimits = EC2_RATE_LIMITS,
  clock?: BucketClock
): void {
  const buckets = {
    mutating: new TokenBucket(limits.mutating, clock?.now, clock?.sleep),
    nonMutating: new TokenBucket(limits.nonMutating, clock?.now, clock?.sleep)
  }
  client.middlewareStack.add(
    (next, context) => async args => {
      const name = String(context.commandName ?? '')
      await (isMutatingEc2Command(name) ? buckets.mutating : buckets.nonMutating).take()
      return next(args)
    },
    { step: 'initialize', name: 'networkPreflightEc2RateLimit' }
  )
}
