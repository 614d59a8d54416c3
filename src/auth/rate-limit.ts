// EC2's documented request token buckets, enforced on our side so a run paces itself instead of being
// throttled: AWS answers RequestLimitExceeded once a bucket is empty, and the SDK's retries then sleep in
// real time with backoff, which wastes far more than waiting for the next token would.
import type { EC2Client } from '@aws-sdk/client-ec2'
import { awsErrorCode } from '../aws/errors.js'

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
 * What we pace by: 95% of the documented refill rates and 90% of the bursts. Pacing at exactly AWS's rate
 * races its refill clock (and other clients in the account draw from the same buckets), so a little headroom
 * avoids most throttles; the few that still happen cost one token's wait, not the SDK's backoff (see
 * limitEc2Rate). The burst's headroom is cheap (a few tokens once per run) and absorbs the first calls
 * reaching AWS later than they took their token (new connections).
 */
export function pacedLimits(limits: Ec2RateLimits, share = 0.95, burstShare = 0.9): Ec2RateLimits {
  const scale = (b: BucketSpec): BucketSpec => ({
    burst: Math.max(1, Math.floor(b.burst * burstShare)),
    refillPerSecond: b.refillPerSecond * share
  })
  return { mutating: scale(limits.mutating), nonMutating: scale(limits.nonMutating) }
}

export const EC2_RATE_LIMITS: Ec2RateLimits = pacedLimits(EC2_DOCUMENTED_LIMITS)

interface Waiter {
  priority: number
  seq: number
  grant: () => void
}

/**
 * A token bucket whose takers wait for their token: the highest priority first, and first come, first served
 * within a priority. One token goes out at a time, so a taker that arrives while others wait for a refill is
 * still served in its priority's turn.
 */
export class TokenBucket {
  private tokens: number
  private last: number
  private readonly waiting: Waiter[] = []
  private seq = 0
  private serving = false

  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = ms => new Promise(r => setTimeout(r, ms))
  ) {
    this.tokens = spec.burst
    this.last = now()
  }

  /** Resolves when a token is taken. Higher `priority` first; equal priorities first come, first served. */
  take(priority = 0): Promise<void> {
    return new Promise<void>(grant => {
      this.waiting.push({ priority, seq: this.seq++, grant })
      if (!this.serving) void this.serve()
    })
  }

  /**
   * AWS said the bucket is empty (RequestLimitExceeded): whatever we believed, there is no token now, and the
   * `owed` calls we sent after the refused one, still on their way, will take AWS's next tokens. Our count
   * drifts when other clients share the account's bucket or calls reach AWS later than they took their token
   * (a new connection, a busy process); this puts it back in step.
   */
  drain(owed = 0): void {
    this.refill()
    // min, not minus: the calls a previous drain counted as owed are not owed twice.
    this.tokens = Math.min(this.tokens, -owed)
  }

  private refill(): void {
    const now = this.now()
    this.tokens = Math.min(
      this.spec.burst,
      this.tokens + ((now - this.last) / 1000) * this.spec.refillPerSecond
    )
    this.last = now
  }

  private next(): Waiter | undefined {
    let best = 0
    for (let i = 1; i < this.waiting.length; i++) {
      const a = this.waiting[i]
      const b = this.waiting[best]
      if (a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq)) best = i
    }
    return this.waiting.splice(best, 1)[0]
  }

  private async serve(): Promise<void> {
    this.serving = true
    try {
      while (this.waiting.length > 0) {
        this.refill()
        if (this.tokens >= 1) {
          this.tokens -= 1
          // Chosen only now, when the token exists: a start that arrived during the wait goes before a
          // create that was queued earlier.
          this.next()?.grant()
          continue
        }
        await this.sleep(Math.ceil(((1 - this.tokens) / this.spec.refillPerSecond) * 1000))
      }
    } finally {
      this.serving = false
    }
  }
}

export function isMutatingEc2Command(commandName: string): boolean {
  return !/^(Describe|Get|List|Search)/.test(commandName.replace(/Command$/, ''))
}

/**
 * Which mutating call gets the next token. A start puts an analysis to work at once; a path creation only
 * enables a later start; a delete only tidies up (the run's verdicts never wait for it). Serving them in this
 * order makes every start as early as the bucket allows: start k needs k creations and k starts before it,
 * and this order reaches that bound whenever a path is ready to start.
 */
export function mutatingPriority(commandName: string): number {
  const action = commandName.replace(/Command$/, '')
  if (action.startsWith('Start')) return 2
  if (action.startsWith('Delete')) return 0
  return 1
}

/** Time as the buckets see it; tests substitute a clock they advance themselves. */
export interface BucketClock {
  now(): number
  sleep(ms: number): Promise<void>
}

/**
 * How often one call, told RequestLimitExceeded, waits for the next token of its bucket and is sent again
 * here before the error goes to the SDK's retries. The SDK backs throttles off by 500 ms × 2^attempt (random),
 * far longer than a token takes (0.2 s for mutating calls); past these, its backoff is the right answer.
 */
export const THROTTLE_RESENDS = 3

/**
 * Makes every attempt of a client's calls (the SDK's retries included) wait for a token of the bucket its
 * action draws from. It sits inside the SDK's retry loop, just before signing: a retried call that AWS
 * answers takes a token from AWS's bucket, so it must take one from ours too, or our count falls behind
 * AWS's with every throttle and throttles breed more throttles.
 */
export function limitEc2Rate(
  client: EC2Client,
  limits: Ec2RateLimits = EC2_RATE_LIMITS,
  clock?: BucketClock
): { mutating: TokenBucket; nonMutating: TokenBucket } {
  const buckets = {
    mutating: new TokenBucket(limits.mutating, clock?.now, clock?.sleep),
    nonMutating: new TokenBucket(limits.nonMutating, clock?.now, clock?.sleep)
  }
  type Next = (args: unknown) => Promise<unknown>
  // Calls that took a token and have no answer yet, by the order they took it (per bucket).
  let taken = 0
  const inFlight = { mutating: new Set<number>(), nonMutating: new Set<number>() }
  const paced = (next: Next, context: { commandName?: string }) => async (args: unknown) => {
    const name = String(context.commandName ?? '')
    const mutating = isMutatingEc2Command(name)
    const bucket = mutating ? buckets.mutating : buckets.nonMutating
    const flying = mutating ? inFlight.mutating : inFlight.nonMutating
    const priority = mutating ? mutatingPriority(name) : 0
    for (let resends = 0; ; resends++) {
      await bucket.take(priority)
      const mine = ++taken
      flying.add(mine)
      try {
        return await next(args)
      } catch (error) {
        if (awsErrorCode(error) !== 'RequestLimitExceeded') throw error
        flying.delete(mine)
        bucket.drain([...flying].filter(other => other > mine).length)
        if (resends >= THROTTLE_RESENDS) throw error
      } finally {
        flying.delete(mine)
      }
    }
  }
  // A finalizeRequest middleware; the stack's parameter is a union of every step's shape, hence the cast.
  client.middlewareStack.addRelativeTo(
    paced as Parameters<EC2Client['middlewareStack']['addRelativeTo']>[0],
    {
      name: 'networkPreflightEc2RateLimit',
      relation: 'before',
      toMiddleware: 'httpSigningMiddleware'
    }
  )
  return buckets
}
