// Realism and fault injection: EC2's token buckets, deterministic scripted faults, seeded random faults.
import type { SeededRandom } from './aws/ids.js'
import type { BucketSpec, FaultRule, Knobs } from './scenario.js'

/** AWS's documented throttling model: a bucket of `burst` tokens refilled continuously. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly spec: () => BucketSpec,
    private readonly timeScale: () => number,
    now: number
  ) {
    this.tokens = spec().burst
    this.last = now
  }

  /** Takes one token; false when the bucket is empty (the request is throttled). */
  take(now: number): boolean {
    const { burst, refillPerSecond } = this.spec()
    // timeScale < 1 speeds the simulated clock up, so tokens come back proportionally faster.
    this.tokens = Math.min(
      burst,
      this.tokens + ((now - this.last) / 1000) * (refillPerSecond / this.timeScale())
    )
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** Tokens left, for tests and the state view. */
  level(now: number): number {
    const { burst, refillPerSecond } = this.spec()
    return Math.min(burst, this.tokens + ((now - this.last) / 1000) * (refillPerSecond / this.timeScale()))
  }
}

export type BucketClass = 'mutating' | 'nonMutating' | 'unfilteredDescribe'

/** One bucket per account, Region and class of action. */
export class Throttler {
  private readonly buckets = new Map<string, TokenBucket>()

  constructor(private readonly knobs: () => Knobs) {}

  allow(accountId: string, region: string, cls: BucketClass, now: number): boolean {
    if (!this.knobs().throttling.enabled) return true
    const key = `${accountId}/${region}/${cls}`
    let bucket = this.buckets.get(key)
    if (!bucket) {
      bucket = new TokenBucket(
        () => this.knobs().throttling[cls],
        () => this.knobs().timeScale,
        now
      )
      this.buckets.set(key, bucket)
    }
    return bucket.take(now)
  }

  levels(now: number): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [k, b] of this.buckets) out[k] = Math.floor(b.level(now) * 100) / 100
    return out
  }
}

export interface FaultTarget {
  service: 'ec2' | 'sts' | 'github' | 'oidc'
  action: string
  /** Account ids the request concerns (caller, role's account). */
  accounts: string[]
}

/** GitHub routes match whatever their placeholders are called: `{n}` and `{issue_number}` are the same. */
function placeholderless(route: string): string {
  return route.replace(/\{[^}]*\}/g, '{}')
}

interface ActiveRule {
  rule: FaultRule
  seen: number
  fired: number
}

/** Scripted faults: each rule lets `after` matching requests through, then fails the next `times`. */
export class ScriptedFaults {
  private readonly rules: ActiveRule[] = []

  constructor(private readonly resolveAccount: (ref: string) => string | undefined) {}

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0, fired: 0 })
  }

  /** The rule that fires for this request, if any (consumes one firing). */
  match(target: FaultTarget): FaultRule | undefined {
    for (const active of this.rules) {
      const { rule } = active
      if (rule.service && rule.service !== target.service) continue
      if (rule.action && placeholderless(rule.action) !== placeholderless(target.action)) continue
      if (rule.account) {
        const id = this.resolveAccount(rule.account) ?? rule.account
        if (!target.accounts.includes(id)) continue
      }
      active.seen++
      if (active.seen <= (rule.after ?? 0)) continue
      const times = rule.times ?? 1
      if (times !== 0 && active.fired >= times) continue
      active.fired++
      return rule
    }
    return undefined
  }
}

export type RandomFault = 'reset' | 'server-error' | 'throttle' | undefined

/** Seeded random faults for EC2/STS, drawn in a fixed order so a seed reproduces a run. */
export function drawRandomFault(
  knobs: Knobs,
  random: SeededRandom,
  service: string,
  action: string
): RandomFault {
  if (service !== 'ec2' && service !== 'sts') return undefined
  if (knobs.faultActions.length && !knobs.faultActions.includes(action)) return undefined
  if (knobs.connectionResetRate > 0 && random.next() < knobs.connectionResetRate) return 'reset'
  if (knobs.serverErrorRate > 0 && random.next() < knobs.serverErrorRate) return 'server-error'
  if (service === 'ec2' && knobs.throttleRate > 0 && random.next() < knobs.throttleRate) return 'throttle'
  return undefined
}

export function latencyMs(knobs: Knobs, random: SeededRandom): number {
  const l = knobs.latencyMs
  const base = typeof l === 'number' ? l : l.min + (l.max - l.min) * random.next()
  return base * knobs.timeScale
}
