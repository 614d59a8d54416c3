// Issue 11: an assertion glob must not backtrack. Times selectAssertions (picomatch) for `*****b` and the
// worst globs still accepted (at most MAX_GLOB_STAR_RUNS runs of `*`) against 128-character ids (the longest
// the schema allows), 1,000 ids per pattern. Printed by `npm run bench`
// (or alone: `npx tsx scripts/bench/glob.ts`); the target is under 50 ms per pattern.
import { performance } from 'node:perf_hooks'
import { selectAssertions } from '../../src/inputs.js'

export interface GlobTiming {
  pattern: string
  ids: number
  /** Median of five runs after one warm-up, real ms. */
  ms: number
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export function benchGlobs(counts = [200, 5000]): GlobTiming[] {
  // The worst patterns still allowed: many stars in one run, and two separate runs (MAX_GLOB_STAR_RUNS).
  const patterns = ['*****b', `${'*'.repeat(50)}b`, '*a*b', 'a*a??????????*?b', '*a?a?a?a?a?a*b']
  const timings: GlobTiming[] = []
  for (const count of counts) {
    // Ids that almost match (a long run of `a`, no `b`) are the worst case for a backtracking matcher.
    const ids = Array.from({ length: count }, (_, i) => ({
      id: `${'a'.repeat(123)}${String(i).padStart(5, '0')}`
    }))
    for (const pattern of patterns) {
      selectAssertions(ids, [pattern])
      const runs = Array.from({ length: 5 }, () => {
        const started = performance.now()
        selectAssertions(ids, [pattern])
        return performance.now() - started
      })
      timings.push({ pattern, ids: count, ms: median(runs) })
    }
  }
  return timings
}

export function printGlobBench(): void {
  const timings = benchGlobs()
  console.log(
    '\nAssertion globs (picomatch) against ids of 128 characters, median of 5 (target: *****b < 50 ms)'
  )
  for (const t of timings) {
    console.log(
      `  ${t.pattern.padEnd(52)} ${String(t.ids).padStart(5)} ids ${t.ms.toFixed(2).padStart(9)} ms`
    )
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printGlobBench()
