import { BatchPoller } from '../../src/analyze/poller.js'
import { FakeClock, FakeReachabilityAnalyzer } from './fake-ra.js'
import {
  CreateNetworkInsightsPathCommand,
  DeleteNetworkInsightsAnalysisCommand,
  StartNetworkInsightsAnalysisCommand
} from '@aws-sdk/client-ec2'

describe('BatchPoller', () => {
  /** A fake Reachability Analyzer with `count` analyses started on one path, and a poller every 8 s. */
  async function started(count: number) {
    const clock = new FakeClock()
    const fake = new FakeReachabilityAnalyzer('222222222222', 'us-east-1', clock)
    const path = await fake.client.send(
      new CreateNetworkInsightsPathCommand({ Source: 'i-0a', Protocol: 'tcp' })
    )
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const analysis = await fake.client.send(
        new StartNetworkInsightsAnalysisCommand({
          NetworkInsightsPathId: path.NetworkInsightsPath!.NetworkInsightsPathId!
        })
      )
      ids.push(analysis.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!)
    }
    const poller = new BatchPoller(fake.client, {
      initialMs: 8_000,
      maxMs: 8_000,
      now: clock.now,
      sleep: clock.sleep,
      aborted: new Promise(() => undefined),
      isAborted: () => false
    })
    return { fake, poller, ids, clock }
  }

  it('describes at most 100 analysis ids per call', async () => {
    const { fake, poller, ids, clock } = await started(150)
    const outcomes = await Promise.all(ids.map(id => poller.watch(id, clock.now() + 60_000)))

    expect(outcomes.every(outcome => outcome.kind === 'finished')).toBe(true)
    // 20 s analyses polled every 8 s: three cycles, each split into 100 + 50 ids.
    expect(fake.describeBatches.map(batch => batch.length)).toEqual([100, 50, 100, 50, 100, 50])
  })

  describe('an analysis someone else deleted mid-run', () => {
    async function setup(count: number) {
      const run = await started(count)
      // Deleted by "someone else" before the first poll: AWS then fails the whole batched describe.
      await run.fake.client.send(
        new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: run.ids[2] })
      )
      return run
    }

    it('errors only that analysis; the others are still polled in one batch', async () => {
      const { fake, poller, ids, clock } = await setup(5)
      const outcomes = await Promise.all(ids.map(id => poller.watch(id, clock.now() + 60_000)))
      expect(outcomes.map(o => o.kind)).toEqual(['finished', 'finished', 'error', 'finished', 'finished'])
      // First cycle: 5 ids fail on the deleted one, 4 are described again; later cycles: 4.
      expect(fake.describeBatches.map(b => b.length)).toEqual([5, 4, 4, 4])
    })

    it('when AWS names no id, describes each alone to find the missing one', async () => {
      const { fake, poller, ids, clock } = await setup(4)
      fake.notFoundNamesId = false
      const outcomes = await Promise.all(ids.map(id => poller.watch(id, clock.now() + 60_000)))
      expect(outcomes.map(o => o.kind)).toEqual(['finished', 'finished', 'error', 'finished'])
      expect(fake.describeBatches[0]).toHaveLength(4)
      expect(fake.describeBatches.slice(1, 5).map(b => b.length)).toEqual([1, 1, 1, 1])
    })
  })
})
