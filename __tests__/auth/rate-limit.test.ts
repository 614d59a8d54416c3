import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2'
import {
  EC2_RATE_LIMITS,
  isMutatingEc2Command,
  limitEc2Rate,
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

  it('paces at 90% of the documented EC2 buckets by default', () => {
    expect(EC2_RATE_LIMITS).toEqual({
      mutating: { burst: 45, refillPerSecond: 4.5 },
      nonMutating: { burst: 90, refillPerSecond: 18 }
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

  const burstOfTags = async (limited: boolean) => {
    const creds = sandbox.staticCredentialsEnv('app')
    const client = new EC2Client({
      region: 'us-east-1',
      endpoint: sandbox.urls.ec2,
      maxAttempts: 1,
      credentials: { accessKeyId: creds.AWS_ACCESS_KEY_ID, secretAccessKey: creds.AWS_SECRET_ACCESS_KEY }
    })
    let passed = answered()
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
      // Right after the limiter in the same step: counts each call as it gets its token.
      client.middlewareStack.add(
        next => async args => {
          passed++
          return next(args)
        },
        { step: 'initialize', priority: 'low', name: 'countPassed' }
      )
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
    // The limiter waited for its tokens: 15 calls at 18 per second after a burst of 4 take at least 0.6 s.
    expect(now).toBeGreaterThanOrEqual(1000 + ((15 - 4) / 18) * 1000)
  })
})
