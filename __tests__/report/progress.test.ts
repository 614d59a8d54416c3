// Progress: the counts folded from engine events, the line's text, when a line is due (CLI plain lines, the
// action's log), and the CLI's live line — all on a fake clock, no timers.
import { describe, expect, it } from '@jest/globals'
import { ProgressTracker, type PipelineEvent } from '../../src/analyze/progress.js'
import { cliProgress } from '../../src/cli/progress.js'
import { CLEAR_LINE } from '../../src/safety/index.js'
import type { AssertionReport } from '../../src/model.js'
import {
  formatFinished,
  formatProgress,
  progressIntervalMs,
  ProgressThrottle
} from '../../src/report/progress.js'
import { actionProgress, verdictGroup, type LogSink } from '../../src/report/run-log.js'
import { setResult } from './scope-fixtures.js'

class Clock {
  t = 1_000_000
  now = (): number => this.t
  advance(ms: number): void {
    this.t += ms
  }
}

const at = { account: 'app', region: 'us-east-1' }
const planned = (analyses: number): PipelineEvent => ({
  type: 'planned',
  analyses,
  notStarted: 0,
  estimatedCostUsd: analyses / 10
})
const started = (id: string): PipelineEvent => ({
  type: 'analysis-started',
  ...at,
  analysisId: id,
  assertionIds: [id]
})
const finished = (id: string | undefined, status: 'succeeded' | 'error' = 'succeeded'): PipelineEvent => ({
  type: 'analysis-finished',
  ...at,
  analysisId: id,
  assertionIds: [id ?? 'x'],
  status
})
const phase = (p: 'resolving' | 'analyzing' | 'deciding', endpoints?: number): PipelineEvent => ({
  type: 'phase',
  phase: p,
  ...(endpoints === undefined ? {} : { endpoints })
})

describe('ProgressTracker', () => {
  it('counts done, running, queued and throttled retries from the engine events', () => {
    const clock = new Clock()
    const t = new ProgressTracker(clock.now)
    t.observe(phase('resolving', 12))
    expect(t.snapshot()).toMatchObject({ phase: 'resolving', endpoints: 12, total: 0 })
    clock.advance(2000)
    t.observe(phase('analyzing'))
    t.observe(planned(5))
    t.observe({ type: 'scope-analyses-planned', analyses: 1 })
    t.observe(started('a'))
    t.observe(started('b'))
    t.observe({ type: 'throttled', ...at, operation: 'StartNetworkInsightsAnalysis' })
    t.observe({ type: 'throttled', ...at, operation: 'StartNetworkInsightsAnalysis' })
    // A job that fails before it starts is done without ever running.
    t.observe(finished(undefined, 'error'))
    expect(t.snapshot()).toEqual({
      phase: 'analyzing',
      total: 6,
      done: 1,
      running: 2,
      queued: 3,
      throttledRetries: 2,
      elapsedMs: 2000
    })
  })

  it('estimates the time left from observed durations, in waves as wide as the most that ran at once', () => {
    const clock = new Clock()
    const t = new ProgressTracker(clock.now)
    t.observe(phase('analyzing'))
    t.observe(planned(10))
    t.observe(started('a'))
    t.observe(started('b'))
    clock.advance(20_000)
    t.observe(finished('a'))
    t.observe(started('c'))
    clock.advance(10_000)
    t.observe(finished('b')) // 30 s: mean (20 + 30) / 2 = 25 s
    // Running: c, 10 s old → 15 s left; queued 7 in waves of 2 (the peak) → 4 waves × 25 s.
    expect(t.snapshot()).toMatchObject({ done: 2, running: 1, queued: 7, estimatedLeftMs: 15_000 + 100_000 })
    // Errors and failures before the start say nothing about how long an analysis takes.
    t.observe(started('d'))
    clock.advance(1000)
    t.observe(finished('d', 'error'))
    expect(t.snapshot().estimatedLeftMs).toBe(14_000 + 3 * 25_000)
  })

  it('has no estimate before the first analysis finishes', () => {
    const t = new ProgressTracker(new Clock().now)
    t.observe(planned(3))
    t.observe(started('a'))
    expect(t.snapshot().estimatedLeftMs).toBeUndefined()
  })
})

describe('formatProgress', () => {
  const base = {
    phase: 'analyzing' as const,
    total: 50,
    done: 12,
    running: 10,
    queued: 28,
    throttledRetries: 1,
    elapsedMs: 14_200
  }
  it('puts elapsed time and counts first, the estimate and throttled retries after', () => {
    expect(formatProgress({ ...base, estimatedLeftMs: 20_400 })).toBe(
      '[14 s] 12/50 analyses done, 10 running, 28 queued, about 20 s left, 1 throttled retry'
    )
    expect(formatProgress({ ...base, throttledRetries: 0, elapsedMs: 125_000 })).toBe(
      '[2 m 05 s] 12/50 analyses done, 10 running, 28 queued, estimating the time left, 0 throttled retries'
    )
    expect(formatProgress({ ...base, phase: 'resolving', total: 0, endpoints: 1, elapsedMs: 300 })).toBe(
      '[0 s] resolving 1 endpoint'
    )
    expect(formatFinished({ ...base, done: 50, running: 0, queued: 0, throttledRetries: 3 })).toBe(
      'all 50 analyses done in 14 s (3 throttled retries)'
    )
  })

  it('reads the interval from NETWORK_PREFLIGHT_PROGRESS_INTERVAL in seconds, ignoring nonsense', () => {
    expect(progressIntervalMs({}, 15_000)).toBe(15_000)
    expect(progressIntervalMs({ NETWORK_PREFLIGHT_PROGRESS_INTERVAL: '0.5' }, 15_000)).toBe(500)
    expect(progressIntervalMs({ NETWORK_PREFLIGHT_PROGRESS_INTERVAL: '5s' }, 15_000)).toBe(15_000)
    expect(progressIntervalMs({ NETWORK_PREFLIGHT_PROGRESS_INTERVAL: '0' }, 15_000)).toBe(15_000)
  })
})

/** Drives a tracker and a throttle through a run: `ticks` of 1 s, `finishEvery` s one analysis finishes. */
function simulate(throttle: ProgressThrottle, clock: Clock, total: number, seconds: number): string[] {
  const t = new ProgressTracker(clock.now)
  const lines: string[] = []
  const feed = (e?: PipelineEvent) => {
    if (e) t.observe(e)
    const line = throttle.next(t.snapshot())
    if (line) lines.push(`${(clock.t - 1_000_000) / 1000}: ${line}`)
  }
  feed(phase('analyzing'))
  feed(planned(total))
  for (let i = 0; i < total; i++) feed(started(`a${i}`))
  for (let s = 1; s <= seconds; s++) {
    clock.advance(1000)
    const due = Math.floor((s * total) / seconds)
    for (let i = Math.floor(((s - 1) * total) / seconds); i < due; i++) feed(finished(`a${i}`))
    feed()
  }
  feed(phase('deciding'))
  return lines
}

describe('ProgressThrottle', () => {
  it('action: a line when analyses start, then exactly one per 15 s, then the finishing line', () => {
    const clock = new Clock()
    const lines = simulate(new ProgressThrottle({ intervalMs: 15_000 }, clock.now), clock, 50, 62)
    expect(lines.map(l => l.split(':')[0])).toEqual(['0', '15', '30', '45', '60', '62'])
    expect(lines[0]).toBe(
      '0: [0 s] 0/50 analyses done, 0 running, 50 queued, estimating the time left, 0 throttled retries'
    )
    expect(lines.at(-1)).toBe('62: all 50 analyses done in 1 m 02 s')
  })

  it('plain CLI lines: every 10 s and at every 25% step, a step just after a line is not repeated', () => {
    const plainLines = (total: number, intervalMs: number) => {
      const clock = new Clock()
      const throttle = new ProgressThrottle({ intervalMs, stepFraction: 0.25 }, clock.now)
      return simulate(throttle, clock, total, 40).map(l => l.split(':')[0])
    }
    // 25% at 10 s, 50% at 20 s, 75% at 30 s fall on interval lines: no extra lines beside them. At 40 s the
    // interval line (39/40) and the finishing line.
    expect(plainLines(40, 10_000)).toEqual(['0', '10', '20', '30', '40', '40'])
    // With a long interval, only the steps speak: 2 of 8 done at 10 s, 4 at 20 s, 6 at 30 s.
    expect(plainLines(8, 100_000)).toEqual(['0', '10', '20', '30', '40'])
  })

  it('prints a step line between interval lines when one is crossed', () => {
    const clock = new Clock()
    const throttle = new ProgressThrottle({ intervalMs: 10_000, stepFraction: 0.25 }, clock.now)
    const t = new ProgressTracker(clock.now)
    t.observe(phase('analyzing'))
    t.observe(planned(4))
    expect(throttle.next(t.snapshot())).toMatch(/^\[0 s\] 0\/4 analyses done/)
    clock.advance(3000)
    expect(throttle.next(t.snapshot())).toBeUndefined()
    t.observe(finished(undefined, 'error'))
    expect(throttle.next(t.snapshot())).toMatch(/^\[3 s\] 1\/4 analyses done/)
    clock.advance(1000)
    expect(throttle.next(t.snapshot())).toBeUndefined()
  })

  it('says nothing for a run without analyses', () => {
    const clock = new Clock()
    const throttle = new ProgressThrottle({ intervalMs: 10_000 }, clock.now)
    const t = new ProgressTracker(clock.now)
    for (const e of [phase('resolving', 3), phase('analyzing'), phase('deciding')]) {
      t.observe(e)
      expect(throttle.next(t.snapshot())).toBeUndefined()
    }
  })
})

class Recorder implements LogSink {
  log: string[] = []
  info(line: string) {
    this.log.push(line)
  }
  startGroup(title: string) {
    this.log.push(`::group::${title}`)
  }
  endGroup() {
    this.log.push('::endgroup::')
  }
}

describe('the action log', () => {
  it('folds resolution into a group and logs progress outside it, at most every 15 s', () => {
    const clock = new Clock()
    const sink = new Recorder()
    const p = actionProgress({ now: clock.now, sink, timers: false })
    p.onProgress(phase('resolving', 4))
    sink.info('resolution detail')
    p.onProgress(phase('analyzing'))
    p.onProgress(planned(2))
    p.onProgress(started('a'))
    clock.advance(14_999)
    p.tick()
    clock.advance(1)
    p.tick()
    p.onProgress(finished('a'))
    p.onProgress(phase('deciding'))
    p.stop()
    expect(sink.log).toEqual([
      '::group::Resolving 4 endpoints',
      'resolution detail',
      '::endgroup::',
      '[0 s] 0/2 analyses done, 0 running, 2 queued, estimating the time left, 0 throttled retries',
      '[15 s] 0/2 analyses done, 1 running, 1 queued, estimating the time left, 0 throttled retries',
      '1 of 2 analyses done in 15 s'
    ])
  })

  it('closes the resolution group when the pipeline throws', () => {
    const sink = new Recorder()
    const p = actionProgress({ now: new Clock().now, sink, timers: false })
    p.onProgress(phase('resolving', 1))
    p.stop()
    expect(sink.log).toEqual(['::group::Resolving 1 endpoints', '::endgroup::'])
  })

  it('titles each assertion group with its verdict and puts the detail inside', () => {
    const report = {
      assertion: {
        id: 'api-to-db',
        type: 'allow',
        protocol: 'tcp',
        port: { from: 5432, to: 5432 },
        location: { line: 7 }
      },
      source: { ok: true, target: { resourceId: 'i-1', name: 'api' } },
      destination: { ok: true, target: { resourceId: 'i-2' } },
      analysis: { analysisId: 'nia-1', status: 'succeeded', durationMs: 21_000, forwardPath: [] },
      verdict: {
        status: 'failed',
        expected: 'reachable',
        actual: 'not_reachable',
        reason: 'sg-1 has no inbound rule allowing tcp/5432',
        // The first is the reason's own sentence (said once), the second adds something.
        explanations: [
          { sentence: 'sg-1 has no inbound rule allowing tcp/5432' },
          { sentence: 'acl-1 denies inbound tcp/5432' }
        ],
        warnings: []
      }
    } as unknown as AssertionReport
    expect(verdictGroup(report)).toEqual({
      title: '✖ api-to-db: failed — sg-1 has no inbound rule allowing tcp/5432',
      lines: [
        'allow tcp/5432, config line 7',
        'source:      i-1 (api)',
        'destination: i-2',
        'expected reachable, actual not reachable',
        'reason: sg-1 has no inbound rule allowing tcp/5432',
        'analysis: nia-1 (succeeded, 21 s)',
        '- acl-1 denies inbound tcp/5432'
      ]
    })
  })
})

describe("a set's verdict group", () => {
  it('names the ends by what the selectors say (a scope resolves no single resource)', () => {
    const { lines } = verdictGroup(setResult())
    expect(lines).toContain('source:      prod: internet')
    expect(lines).toContain('destination: prod: resources in subnets tagged Tier=private')
  })
})

describe('the CLI progress', () => {
  const tty = () => {
    const out: string[] = []
    return { out, stream: { isTTY: true, columns: 60, write: (t: string) => void out.push(t) } }
  }

  it('on a terminal redraws one line in place (at most every 100 ms on events) and erases it at the end', () => {
    const clock = new Clock()
    const { out, stream } = tty()
    const err: string[] = []
    const p = cliProgress({ stderr: stream, env: {}, err: l => err.push(l), now: clock.now, timers: false })
    expect(p.mode).toBe('live')
    p.onProgress(phase('resolving', 2))
    p.onProgress(phase('analyzing'))
    p.onProgress(planned(3))
    p.onProgress(started('a')) // within 100 ms of the last draw: skipped
    clock.advance(100)
    p.onProgress(started('b'))
    clock.advance(1000)
    p.tick()
    p.onProgress(phase('deciding'))
    p.stop()
    expect(err).toEqual([])
    expect(out).toEqual([
      '\r\u001b[2K[0 s] resolving 2 endpoints',
      '\r\u001b[2K[0 s] planning analyses',
      '\r\u001b[2K[0 s] 0/3 analyses done, 2 running, 1 queued, estimating t…',
      '\r\u001b[2K[1 s] 0/3 analyses done, 2 running, 1 queued, estimating t…',
      '\r\u001b[2K'
    ])
    // Cut to the width less one column, so the line never wraps (and can be erased).
    expect([...out[2].slice(CLEAR_LINE.length)].length).toBe(59)
  })

  it.each([
    ['a pipe', { isTTY: false }, {}],
    ['NO_COLOR', { isTTY: true }, { NO_COLOR: '1' }],
    ['TERM=dumb', { isTTY: true }, { TERM: 'dumb' }],
    ['debug lines on', { isTTY: true }, { NETWORK_PREFLIGHT_DEBUG: '1' }]
  ])('with %s prints plain lines through the CLI writer, never an escape sequence', (_, s, env) => {
    const clock = new Clock()
    const raw: string[] = []
    const err: string[] = []
    const p = cliProgress({
      stderr: { ...s, write: (t: string) => void raw.push(t) },
      env,
      err: l => err.push(l),
      now: clock.now,
      timers: false
    })
    expect(p.mode).toBe('plain')
    p.onProgress(phase('resolving', 2))
    p.onProgress(phase('analyzing'))
    p.onProgress(planned(2))
    clock.advance(10_000)
    p.tick()
    p.onProgress(finished(undefined, 'error'))
    p.onProgress(phase('deciding'))
    p.stop()
    expect(raw).toEqual([])
    expect(err).toEqual([
      'progress: [0 s] 0/2 analyses done, 0 running, 2 queued, estimating the time left, 0 throttled retries',
      'progress: [10 s] 0/2 analyses done, 0 running, 2 queued, estimating the time left, 0 throttled retries',
      'progress: 1 of 2 analyses done in 10 s'
    ])
  })
})
