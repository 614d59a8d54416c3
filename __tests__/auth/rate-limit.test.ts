import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2'
import {
  EC2_RATE_LIMITS,
  isMutatingEc2Command,
  limitEc2Rate,
  mutatingPriority,
  pacedLimits,
  TokenBucket
} from '../../src/auth/rate-limit.js'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'

describe('TokenBucket', () => {
  it('hands out the burst at once, then one token per refill interval, in order', async () => {
    let now = 0
    const waits: number[] = []
    const bucket = new TokenBucket(
      { burst: 3, refillPerSecond: 2 },
      () => now,
      async ms => {
        waits.push(ms)
        now += ms
      }
    )
    const served: number[] = []
    await Promise.all([1, 2, 3, 4, 5].map(i => bucket.take().then(() => served.push(i))))
    expect(served).toEqual([1, 2, 3, 4, 5])
    expect(waits).toEqual([500, 500])
    expect(now).toBe(1000)
  })

  it('serves higher priorities first, first come first served within one, each when its token exists', async () => {
    let now = 0
    const bucket = new TokenBucket(
      { burst: 1, refillPerSecond: 1 },
      () => now,
      async ms => {
        now += ms
      }
    )
    const served: string[] = []
    const take = (label: string, priority: number) => bucket.take(priority).then(() => served.push(label))
    // c1 gets the one token at once; the rest wait for refills and are chosen when each token exists.
    await Promise.all([
      take('c1', 1),
      take('d1', 0),
      take('c2', 1),
      take('s1', 2),
      take('c3', 1),
      take('s2', 2)
    ])
    expect(served).toEqual(['c1', 's1', 's2', 'c2', 'c3', 'd1'])
    expect(now).toBe(5000)
  })

  it('drain() empties the bucket: the next taker waits a whole refill interval', async () => {
    let now = 0
    const waits: number[] = []
    const bucket = new TokenBucket(
      { burst: 10, refillPerSecond: 4 },
      () => now,
      async ms => {
        waits.push(ms)
        now += ms
      }
    )
    await bucket.take()
    bucket.drain()
    await bucket.take()
    expect(waits).toEqual([250])
    // Two calls still on their way will take AWS's next two tokens: ours waits for the third.
    bucket.drain(2)
    await bucket.take()
    expect(waits).toEqual([250, 750])
  })

  it('ranks mutating calls: starts, then creations and other calls, then deletes', () => {
    expect(
      [
        'StartNetworkInsightsAnalysisCommand',
        'CreateNetworkInsightsPathCommand',
        'CreateTags',
        'DeleteNetworkInsightsAnalysisCommand'
      ].map(mutatingPriority)
    ).toEqual([2, 1, 1, 0])
  })

  it('paces at 95% of the documented EC2 refill rates and 90% of the bursts by default', () => {
    expect(EC2_RATE_LIMITS).toEqual({
      mutating: { burst: 45, refillPerSecond: 4.75 },
      nonMutating: { burst: 90, refillPerSecond: 19 }
    })
  })

  it('classifies EC2 actions into AWS’s buckets', () => {
    expect(
      [
        'CreateNetworkInsightsPathCommand',
        'StartNetworkInsightsAnalysis',
        'DeleteNetworkInsightsAnalysis',
        'CreateTags'
      ].map(isMutatingEc2Command)
    ).toEqual([true, true, true, true])
    expect(['DescribeInstancesCommand', 'DescribeNetworkInsightsAnalyses'].map(isMutatingEc2Command)).toEqual(
      [false, false]
    )
  })
})

// One clock for both sides, advanced only by the limiter's waits, and only once the sandbox has answered every
// request the limiter let through: what is throttled then depends on counts, never on how busy the machine is.
describe('limitEc2Rate on a real EC2 client', () => {
  const SERVER_BUCKET = { burst: 5, refillPerSecond: 20 }
  let sandbox: Sandbox
  let now = 0
  beforeEach(async () => {
    now = 0
    sandbox = await startSandbox(new URL('../sandbox/fixtures/basic.yaml', import.meta.url).pathname, {
      knobs: {
        timeScale: 1,
        throttling: {
          enabled: true,
          mutating: SERVER_BUCKET,
          nonMutating: { burst: 100, refillPerSecond: 20 },
          unfilteredDescribe: { burst: 50, refillPerSecond: 10 }
        }
      },
      throttleClock: () => now
    })
  })
  afterEach(() => sandbox.close())

  const answered = () => sandbox.count({ service: 'ec2', action: 'CreateTags' })
  type Middleware = Parameters<EC2Client['middlewareStack']['addRelativeTo']>[0]
  let passed = 0
  // Placed right after the limiter: counts each attempt as it gets its token.
  const countPassed = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
    passed++
    return next(args)
  }

  const burstOfTags = async (limited: boolean) => {
    const creds = sandbox.staticCredentialsEnv('app')
    const client = new EC2Client({
      region: 'us-east-1',
      endpoint: sandbox.urls.ec2,
      maxAttempts: 1,
      credentials: { accessKeyId: creds.AWS_ACCESS_KEY_ID, secretAccessKey: creds.AWS_SECRET_ACCESS_KEY }
    })
    passed = answered()
    if (limited) {
      limitEc2Rate(
        client,
        pacedLimits({ mutating: SERVER_BUCKET, nonMutating: { burst: 100, refillPerSecond: 20 } }),
        {
          now: () => now,
          sleep: async ms => {
            // Let every call that got its token reach the counter below, then the sandbox answer them all.
            do await new Promise(r => setImmediate(r))
            while (answered() < passed)
            now += ms
          }
        }
      )
      // Right after the limiter: counts each attempt as it gets its token.
      client.middlewareStack.addRelativeTo(countPassed as Middleware, {
        relation: 'after',
        toMiddleware: 'networkPreflightEc2RateLimit',
        name: 'countPassed'
      })
    }
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, () =>
        client.send(
          new CreateTagsCommand({ Resources: ['i-0aaaaaaaaaaaaaa01'], Tags: [{ Key: 'k', Value: 'v' }] })
        )
      )
    )
    client.destroy()
    return results.filter(r => r.status === 'rejected').length
  }

  it('without it, a burst over the bucket is throttled; with it, the same burst is paced and nothing is refused', async () => {
    // The clock stands still: 15 calls against a bucket of 5.
    expect(await burstOfTags(false)).toBe(10)
    expect(sandbox.count({ errorCode: 'RequestLimitExceeded' })).toBe(10)
    now += 1000 // the sandbox's bucket is full again
    expect(await burstOfTags(true)).toBe(0)
    expect(sandbox.count({ errorCode: 'RequestLimitExceeded' })).toBe(10)
    // The limiter waited for its tokens: 15 calls at 19 per second after a burst of 4 take at least 0.57 s.
    expect(now).toBeGreaterThanOrEqual(1000 + ((15 - 4) / 19) * 1000)
  })

  it('a pacer that believes in more tokens than AWS has is put back in step by the throttles, without the SDK retrying', async () => {
    // The client believes in a bucket of 10 at 20/s; the sandbox has 5. maxAttempts 1: the SDK never retries,
    // so every call that succeeds was re-sent by the limiter itself after draining its own bucket.
    const creds = sandbox.staticCredentialsEnv('app')
    const client = new EC2Client({
      region: 'us-east-1',
      endpoint: sandbox.urls.ec2,
      maxAttempts: 1,
      credentials: { accessKeyId: creds.AWS_ACCESS_KEY_ID, secretAccessKey: creds.AWS_SECRET_ACCESS_KEY }
    })
    passed = answered()
    limitEc2Rate(
      client,
      { mutating: { burst: 10, refillPerSecond: 20 }, nonMutating: { burst: 100, refillPerSecond: 20 } },
      {
        now: () => now,
        sleep: async ms => {
          do await new Promise(r => setImmediate(r))
          while (answered() < passed)
          now += ms
        }
      }
    )
    client.middlewareStack.addRelativeTo(countPassed as Middleware, {
      relation: 'after',
      toMiddleware: 'networkPreflightEc2RateLimit',
      name: 'countPassed'
    })
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, () =>
        client.send(
          new CreateTagsCommand({ Resources: ['i-0aaaaaaaaaaaaaa01'], Tags: [{ Key: 'k', Value: 'v' }] })
        )
      )
    )
    client.destroy()
    expect(results.filter(r => r.status === 'rejected')).toEqual([])
    const throttled = sandbox.count({ errorCode: 'RequestLimitExceeded' })
    // The first 10 went out at once against 5 tokens; after the drain the pacer waits for each token.
    expect(throttled).toBeGreaterThan(0)
    expect(throttled).toBeLessThanOrEqual(5)
    expect(sandbox.count({ service: 'ec2', action: 'CreateTags' })).toBe(15 + throttled)
  })
})
