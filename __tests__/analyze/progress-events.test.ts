// The engine's events, folded by ProgressTracker, add up: every planned analysis ends done exactly once
// (started or not, failed or not), never more run than the concurrency, and nothing stays running or queued.
import { describe, expect, it } from '@jest/globals'
import { ProgressTracker, runAnalyses, type ProgressSnapshot } from '../../src/analyze/index.js'
import { awsError, FakeClock, FakeReachabilityAnalyzer, fakeProvider } from './fake-ra.js'
import { distinctRequests, REGION } from './requests.js'

describe('progress folded from the analysis engine', () => {
  it('counts 12 analyses (2 refused at the start, 2 failed in AWS, 2 over budget) to done', async () => {
    const clock = new FakeClock()
    const app = new FakeReachabilityAnalyzer('222222222222', REGION, clock)
    const refused = new Set(['eni-00000000000000003', 'eni-00000000000000007'])
    app.failStart = input => {
      const path = app.paths.get(input.NetworkInsightsPathId!)
      return refused.has(String(path?.input.Destination)) ? awsError('UnauthorizedOperation') : undefined
    }
    app.ending = (_, path) =>
      path.Destination === 'eni-00000000000000005' || path.Destination === 'eni-00000000000000009'
        ? { status: 'failed', statusMessage: 'Internal error', durationMs: 30_000 }
        : { status: 'succeeded', networkPathFound: true, durationMs: 20_000 }
    const tracker = new ProgressTracker(clock.now)
    const seen: ProgressSnapshot[] = []
    const results = await runAnalyses(
      distinctRequests(14),
      fakeProvider({ [`app/${REGION}`]: app }, { app: '222222222222' }),
      {
        runId: 'run-1',
        concurrency: 3,
        timeoutSeconds: 300,
        maxAnalyses: 12,
        now: clock.now,
        sleep: clock.sleep,
        onProgress: event => {
          tracker.observe(event)
          seen.push(tracker.snapshot())
        }
      }
    )
    const statuses = [...results.values()].map(r => r.status).sort()
    expect(statuses.filter(s => s === 'not-started')).toHaveLength(2)
    expect(statuses.filter(s => s === 'failed')).toHaveLength(2)
    expect(statuses.filter(s => s === 'succeeded')).toHaveLength(8)
    expect(statuses).toHaveLength(14)
    expect(Math.max(...seen.map(s => s.running))).toBe(3)
    expect(seen.every(s => s.done + s.running + s.queued === s.total)).toBe(true)
    expect(tracker.snapshot()).toMatchObject({
      total: 12,
      done: 12,
      running: 0,
      queued: 0,
      estimatedLeftMs: 0
    })
  })
})
