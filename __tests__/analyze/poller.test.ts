import { BatchPoller } from '../../src/analyze/poller.js'
import { FakeClock, FakeReachabilityAnalyzer } from './fake-ra.js'
import { StartNetworkInsightsAnalysisCommand, CreateNetworkInsightsPathCommand } from '@aws-sdk/client-ec2'

describe('BatchPoller', () => {
  it('describes at most 100 analysis ids per call', async () => {
    const clock = new FakeClock()
    const fake = new FakeReachabilityAnalyzer('222222222222', 'us-east-1', clock)
    const path = await fake.client.send(
      new CreateNetworkInsightsPathCommand({ Source: 'i-0a', Protocol: 'tcp' })
    )
    const ids: string[] = []
    for (let i = 0; i < 150; i++) {
      const started = await fake.client.send(
        new StartNetworkInsightsAnalysisCommand({
          NetworkInsightsPathId: path.NetworkInsightsPath!.NetworkInsightsPathId!
        })
      )
      ids.push(started.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!)
    }
    const poller = new BatchPoller(fake.client, {
      initialMs: 8_000,
      maxMs: 8_000,
      now: clock.now,
      sleep: clock.sleep,
      aborted: new Promise(() => undefined),
      isAborted: () => false
    })
    const outcomes = await Promise.all(ids.map(id => poller.watch(id, clock.now() + 60_000)))

    expect(outcomes.every(outcome => outcome.kind === 'finished')).toBe(true)
    // 20 s analyses polled every 8 s: three cycles, each split into 100 + 50 ids.
    expect(fake.describeBatches.map(batch => batch.length)).toEqual([100, 50, 100, 50, 100, 50])
  })
})
