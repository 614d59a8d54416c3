import {
  CreateNetworkInsightsPathCommand,
  DeleteNetworkInsightsAnalysisCommand,
  DeleteNetworkInsightsPathCommand,
  DescribeNetworkInsightsAnalysesCommand,
  DescribeNetworkInsightsPathsCommand,
  StartNetworkInsightsAnalysisCommand
} from '@aws-sdk/client-ec2'
import { runAnalyses, type EngineOptions } from '../../src/analyze/index.js'
import { FakeClock, FakeReachabilityAnalyzer, fakeProvider } from './fake-ra.js'
import { distinctRequests, REGION } from './requests.js'

function setup() {
  const clock = new FakeClock()
  const fake = new FakeReachabilityAnalyzer('222222222222', REGION, clock)
  const clients = fakeProvider({ [`app/${REGION}`]: fake }, { app: '222222222222' })
  const options = (extra: Partial<EngineOptions> = {}): EngineOptions => ({
    runId: 'bench',
    mode: 'sequential',
    concurrency: 50,
    timeoutSeconds: 300,
    now: clock.now,
    sleep: clock.sleep,
    ...extra
  })
  return { clock, fake, clients, options }
}

const COMMAND_NAMES = new Map<unknown, string>([
  [CreateNetworkInsightsPathCommand, 'create-path'],
  [StartNetworkInsightsAnalysisCommand, 'start'],
  [DescribeNetworkInsightsAnalysesCommand, 'describe'],
  [DeleteNetworkInsightsAnalysisCommand, 'delete-analysis'],
  [DeleteNetworkInsightsPathCommand, 'delete-path'],
  [DescribeNetworkInsightsPathsCommand, 'find-paths']
])

describe('runAnalyses in sequential mode (the anp baseline)', () => {
  it('creates, starts, polls each second, and deletes one assertion at a time, without tags or sharing', async () => {
    const { fake, clients, options } = setup()
    fake.ending = () => ({ status: 'succeeded', networkPathFound: true, durationMs: 3_000 })
    const [first, second] = distinctRequests(2)
    const twin = { ...first, assertion: { ...first.assertion, id: 'twin' } }
    const results = await runAnalyses([first, twin, second], clients, options())

    const sequence = fake.mock.calls().map(call => COMMAND_NAMES.get(call.args[0].constructor))
    const oneAssertion = [
      'create-path',
      'start',
      'describe',
      'describe',
      'describe',
      'delete-analysis',
      'delete-path'
    ]
    expect(sequence).toEqual([...oneAssertion, ...oneAssertion, ...oneAssertion])
    expect(fake.maxRunning).toBe(1)
    expect(fake.describeBatches.every(ids => ids.length === 1)).toBe(true)
    const creates = fake.mock.commandCalls(CreateNetworkInsightsPathCommand).map(call => call.args[0].input)
    expect(
      creates.every(input => input.TagSpecifications === undefined && input.ClientToken === undefined)
    ).toBe(true)
    const starts = fake.mock.commandCalls(StartNetworkInsightsAnalysisCommand).map(call => call.args[0].input)
    expect(starts.every(input => input.TagSpecifications === undefined)).toBe(true)
    expect(results.get('twin')!.analysisId).not.toBe(results.get(first.assertion.id)!.analysisId)
    expect(results.get(second.assertion.id)).toMatchObject({
      status: 'succeeded',
      networkPathFound: true,
      durationMs: 3_000
    })
    expect(fake.live()).toEqual({ paths: [], analyses: [] })
  })

  it('applies the timeout and the budget, and still cleans up', async () => {
    const { fake, clients, options } = setup()
    fake.ending = () => 'never'
    const results = await runAnalyses(
      distinctRequests(3),
      clients,
      options({ timeoutSeconds: 5, maxAnalyses: 1 })
    )
    expect(results.get('a-0')).toMatchObject({ status: 'timeout', durationMs: 5_000 })
    expect(results.get('a-1')!.status).toBe('not-started')
    expect(results.get('a-2')!.message).toContain('the budget allows 1 analyses')
    expect(fake.mock.commandCalls(DescribeNetworkInsightsAnalysesCommand)).toHaveLength(5)
    expect(fake.live()).toEqual({ paths: [], analyses: [] })
  })

  it('stops at an abort and deletes the analysis and path in progress', async () => {
    const { fake, clients, options } = setup()
    const controller = new AbortController()
    fake.ending = () => 'never'
    const results = await runAnalyses(
      distinctRequests(3),
      clients,
      options({
        signal: controller.signal,
        onProgress: event => {
          if (event.type === 'analysis-started') controller.abort()
        }
      })
    )
    expect([...results.values()].map(r => r.status)).toEqual(['error', 'not-started', 'not-started'])
    expect(fake.analyses.size).toBe(1)
    expect(fake.live()).toEqual({ paths: [], analyses: [] })
  })
})
