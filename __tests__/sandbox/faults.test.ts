// Realism knobs and injected faults, observed through the real SDK (with its own retry behaviour).
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CreateNetworkInsightsPathCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeNetworkInsightsAnalysesCommand,
  DescribeNetworkInsightsPathsCommand,
  type EC2Client,
  StartNetworkInsightsAnalysisCommand
} from '@aws-sdk/client-ec2'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.js'
import type { Knobs } from '../../sandbox/scenario.js'
import { APP, APP_KEYS, BASIC, ec2, errorOf, manualClock } from './helpers.js'

const started: Sandbox[] = []

async function sandboxWith(knobs: Partial<Knobs>, options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox(BASIC, { ...options, knobs })
  started.push(sandbox)
  return sandbox
}

/** A path from instance 01 to instance 03 over tcp (any port unless given); its id. */
async function createPath(client: EC2Client, port?: number): Promise<string> {
  const out = await client.send(
    new CreateNetworkInsightsPathCommand({
      Source: 'i-0aaaaaaaaaaaaaa01',
      Destination: 'i-0aaaaaaaaaaaaaa03',
      Protocol: 'tcp',
      ...(port !== undefined ? { DestinationPort: port } : {})
    })
  )
  return out.NetworkInsightsPath!.NetworkInsightsPathId!
}

afterEach(async () => {
  await Promise.all(started.splice(0).map(s => s.close()))
})

describe('faults and realism knobs', () => {
  it('a throttled call is retried by the SDK and then succeeds', async () => {
    const sandbox = await sandboxWith(
      {},
      { faults: [{ service: 'ec2', action: 'DescribeInstances', times: 1 }] }
    )
    const out = await ec2(sandbox, APP_KEYS).send(
      new DescribeInstancesCommand({ InstanceIds: ['i-0aaaaaaaaaaaaaa01'] })
    )
    expect(out.Reservations![0].Instances![0].InstanceId).toBe('i-0aaaaaaaaaaaaaa01')
    expect(out.$metadata.attempts).toBe(2)
    const calls = sandbox.find({ action: 'DescribeInstances' })
    expect(calls.map(c => [c.status, c.errorCode, c.fault])).toEqual([
      [503, 'RequestLimitExceeded', 'scripted'],
      [200, undefined, undefined]
    ])
  })

  it('drains the mutating token bucket per account and Region, and refills it 1/timeScale faster', async () => {
    const sandbox = await sandboxWith({
      timeScale: 1,
      throttling: {
        enabled: true,
        mutating: { burst: 3, refillPerSecond: 0.5 },
        nonMutating: { burst: 100, refillPerSecond: 20 },
        unfilteredDescribe: { burst: 50, refillPerSecond: 10 }
      }
    })
    const client = ec2(sandbox, APP_KEYS, 'us-east-1', 1)
    const tag = () =>
      client.send(
        new CreateTagsCommand({ Resources: ['i-0aaaaaaaaaaaaaa01'], Tags: [{ Key: 'k', Value: 'v' }] })
      )
    for (let i = 0; i < 3; i++) await tag()
    const throttled = await errorOf(tag())
    expect(throttled.name).toBe('RequestLimitExceeded')
    expect(throttled.$metadata?.httpStatusCode).toBe(503)
    // Describes draw from another bucket; another Region has its own buckets.
    await client.send(new DescribeInstancesCommand({ InstanceIds: ['i-0aaaaaaaaaaaaaa01'] }))
    await ec2(sandbox, APP_KEYS, 'eu-west-1', 1).send(
      new CreateTagsCommand({ Resources: [], Tags: [{ Key: 'k', Value: 'v' }] })
    )
    // 0.5 tokens/s at timeScale 0.001 is 500 tokens/s: one is back within a few ms.
    sandbox.setKnobs({ timeScale: 0.001 })
    await new Promise(r => setTimeout(r, 10))
    await tag()
    expect(sandbox.count({ action: 'CreateTags', errorCode: 'RequestLimitExceeded' })).toBe(1)
    expect(sandbox.find({ errorCode: 'RequestLimitExceeded' })[0].fault).toBe('throttled')
  })

  it('enforces the concurrent-analyses quota with ResourceLimitExceeded', async () => {
    const sandbox = await sandboxWith({ maxConcurrentAnalyses: 2, analysesNeverFinish: true })
    const client = ec2(sandbox, APP_KEYS, 'us-east-1', 1)
    const pathId = await createPath(client)
    const start = () =>
      client.send(
        new StartNetworkInsightsAnalysisCommand({
          NetworkInsightsPathId: pathId
        })
      )
    await start()
    await start()
    const over = await errorOf(start())
    expect(over.name).toBe('ResourceLimitExceeded')
    expect(over.message).toContain('2 concurrent network insights analyses')
    expect(sandbox.state().analyses.map(a => a.status)).toEqual(['running', 'running'])
  })

  it('resets a connection; the SDK retries it', async () => {
    const sandbox = await sandboxWith({}, { faults: [{ action: 'DescribeInstances', reset: true }] })
    const out = await ec2(sandbox, APP_KEYS).send(
      new DescribeInstancesCommand({ InstanceIds: ['i-0aaaaaaaaaaaaaa01'] })
    )
    expect(out.$metadata.attempts).toBe(2)
    expect(sandbox.find({ action: 'DescribeInstances' }).map(r => r.status)).toEqual([0, 200])
  })

  it('draws random throttles and 5xx from the seed: same seed, same faults', async () => {
    const pattern = async (seed: number): Promise<string> => {
      const sandbox = await startSandbox(
        { ...(await import('../../sandbox/scenario.js')).loadScenario(BASIC), seed },
        {
          knobs: { throttleRate: 0.3, serverErrorRate: 0.2, faultActions: ['DescribeInstances'] }
        }
      )
      started.push(sandbox)
      const client = ec2(sandbox, APP_KEYS, 'us-east-1', 1)
      for (let i = 0; i < 12; i++)
        await client
          .send(new DescribeInstancesCommand({ InstanceIds: ['i-0aaaaaaaaaaaaaa01'] }))
          .catch(() => undefined)
      await client.send(new DescribeNetworkInsightsPathsCommand({})) // not in faultActions: never faulted
      expect(sandbox.find({ action: 'DescribeNetworkInsightsPaths' })[0].status).toBe(200)
      return sandbox
        .find({ action: 'DescribeInstances' })
        .map(r => r.errorCode ?? 'ok')
        .join(',')
    }
    const a = await pattern(11)
    expect(await pattern(11)).toBe(a)
    expect(a).toMatch(/RequestLimitExceeded/)
    expect(a).toMatch(/InternalError|Unavailable/)
    expect(a).toMatch(/ok/)
    expect(await pattern(12)).not.toBe(a)
  })

  it('adds latency scaled by timeScale', async () => {
    const clock = manualClock()
    const sandbox = await sandboxWith({ latencyMs: 500, timeScale: 0.1 }, { clock })
    await ec2(sandbox, APP_KEYS).send(new DescribeInstancesCommand({ InstanceIds: ['i-0aaaaaaaaaaaaaa01'] }))
    // 500 ms × 0.1: the one wait the sandbox asked its clock for, and the duration it recorded.
    expect(clock.waits).toEqual([50])
    expect(sandbox.requests.map(r => [r.action, r.durationMs])).toEqual([['DescribeInstances', 50]])
  })

  it('times analyses by analysisSeconds × timeScale', async () => {
    const clock = manualClock()
    const sandbox = await sandboxWith({ timeScale: 0.01, analysisSeconds: 30, analysisJitter: 0 }, { clock })
    const client = ec2(sandbox, APP_KEYS)
    const pathId = await createPath(client, 5432)
    const s = await client.send(
      new StartNetworkInsightsAnalysisCommand({
        NetworkInsightsPathId: pathId
      })
    )
    const id = s.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!
    const status = async () =>
      (await client.send(new DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [id] })))
        .NetworkInsightsAnalyses![0].Status
    // 30 s × 0.01 = 300 ms after the start, on the sandbox's clock: running 1 ms before, finished at 300.
    expect(await status()).toBe('running')
    clock.advance(299)
    expect(await status()).toBe('running')
    clock.advance(1)
    expect(await status()).toBe('succeeded')
  })

  it('deletes paths behind the client’s back after deletePathsAfterSeconds', async () => {
    const clock = manualClock()
    const sandbox = await sandboxWith({ timeScale: 1, deletePathsAfterSeconds: 0.05 }, { clock })
    const client = ec2(sandbox, APP_KEYS, 'us-east-1', 1)
    const pathId = await createPath(client)
    // 50 ms on the sandbox's clock: still there 1 ms before, gone at 50.
    clock.advance(49)
    expect(sandbox.state().paths).toHaveLength(1)
    clock.advance(1)
    const gone = await errorOf(
      client.send(
        new StartNetworkInsightsAnalysisCommand({
          NetworkInsightsPathId: pathId
        })
      )
    )
    expect(gone.name).toBe('InvalidNetworkInsightsPathId.NotFound')
    expect(sandbox.state().paths).toEqual([])
    expect(sandbox.count({ account: APP })).toBe(2)
  })
})
