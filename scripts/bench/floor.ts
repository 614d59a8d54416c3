// The physics of a cold run: how soon can N analyses be done when each needs a path creation and a start
// through EC2's mutating token bucket, at most `concurrency` run at once, and each takes a random time?
//
// The best any client can do is to send every start as early as the bucket allows: start k needs k
// creations and k starts before it, so it cannot go before token 2k; creating a path and starting it at
// once, starts before creations, reaches that for every k (unless the concurrency quota holds a start
// back). The run then ends when the last analysis ends: max over k of (start k + duration k). The last
// starts come at the end of the bucket's time, and their durations are random: that is the floor's tail,
// which no ordering removes (the durations are not known before the analyses run).

export interface Bucket {
  burst: number
  /** Tokens per scaled second. */
  refillPerSecond: number
}

export interface ScheduleInput {
  /** Durations of the analyses in the order they start, scaled seconds. */
  durations: number[]
  /** Whether each needs a path created first (a cold run) or reuses one. */
  createsPaths: boolean
  bucket: Bucket
  concurrency: number
}

/** The makespan (scaled seconds) of the ideal schedule: every call as soon as the bucket and the quota allow. */
export function idealMakespan(input: ScheduleInput): number {
  const { bucket, concurrency, durations } = input
  let tokens = bucket.burst
  let clock = 0
  const take = (notBefore: number): number => {
    const t = Math.max(clock, notBefore)
    tokens = Math.min(bucket.burst, tokens + (t - clock) * bucket.refillPerSecond)
    clock = t
    if (tokens < 1) {
      clock += (1 - tokens) / bucket.refillPerSecond
      tokens = 1
    }
    tokens -= 1
    return clock
  }
  const ends: number[] = []
  let makespan = 0
  durations.forEach((duration, k) => {
    if (input.createsPaths) take(0)
    // A slot frees when the k-concurrency'th earliest-ending analysis ends (ends kept sorted).
    const slotFree = k >= concurrency ? ends[k - concurrency] : 0
    const start = take(slotFree)
    const end = start + duration
    ends.splice(sortedIndex(ends, end), 0, end)
    makespan = Math.max(makespan, end)
  })
  return makespan
}

function sortedIndex(sorted: number[], value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A small seeded generator (mulberry32), so the expected floor is the same number on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The expected ideal makespan and its 10th/90th percentiles over `draws` random sets of durations (uniform in
 * mean ± jitter, as the sandbox draws them).
 */
export function expectedFloor(
  n: number,
  meanSeconds: number,
  jitter: number,
  base: Omit<ScheduleInput, 'durations'>,
  draws = 2000
): { mean: number; p10: number; p90: number } {
  const random = seeded(12)
  const results: number[] = []
  for (let i = 0; i < draws; i++) {
    const durations = Array.from({ length: n }, () => meanSeconds * (1 + jitter * (2 * random() - 1)))
    results.push(idealMakespan({ ...base, durations }))
  }
  results.sort((a, b) => a - b)
  return {
    mean: results.reduce((a, b) => a + b, 0) / results.length,
    p10: results[Math.floor(draws * 0.1)],
    p90: results[Math.floor(draws * 0.9)]
  }
}
