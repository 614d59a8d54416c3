import {
  DescribeNetworkInsightsAnalysesCommand,
  DescribeNetworkInsightsPathsCommand
} from '@aws-sdk/client-ec2'
import {
  sweepLeftovers,
  TAG_EPHEMERAL,
  TAG_MANAGED,
  TAG_PATH_HASH,
  TAG_RUN_ID
} from '../../src/analyze/index.js'
import { awsError, FakeClock, FakeReachabilityAnalyzer, fakeProvider } from './fake-ra.js'

const HOUR = 3_600_000
const managed = { Key: TAG_MANAGED, Value: 'true' }
const runTag = (runId: string) => ({ Key: TAG_RUN_ID, Value: runId })
const ephemeral = { Key: TAG_EPHEMERAL, Value: 'true' }

function world() {
  const clock = new FakeClock()
  const fake = new FakeReachabilityAnalyzer('222222222222', 'us-east-1', clock)
  const ago = (ms: number) => new Date(clock.now() - ms)
  const ids = {
    oldOfRun1: fake.seedAnalysis([managed, runTag('run-1')], ago(3 * HOUR)),
    newOfRun1: fake.seedAnalysis([managed, runTag('run-1')], ago(5 * 60_000), 'running'),
    oldOfRun2: fake.seedAnalysis([managed, runTag('run-2')], ago(2 * HOUR)),
    foreignAnalysis: fake.seedAnalysis([{ Key: 'team', Value: 'net' }], ago(10 * HOUR)),
    foreignRunTagOnly: fake.seedAnalysis([runTag('run-1')], ago(10 * HOUR)),
    foreignPath: fake.seedPath([]),
    keptPath: fake.seedPath([managed, { Key: TAG_PATH_HASH, Value: 'a'.repeat(32) }], {
      CreatedDate: ago(48 * HOUR)
    }),
    ephemeralOfRun1: fake.seedPath([managed, runTag('run-1'), ephemeral], { CreatedDate: ago(3 * HOUR) }),
    ephemeralOfRun2: fake.seedPath([managed, runTag('run-2'), ephemeral], { CreatedDate: ago(30 * 60_000) }),
    ephemeralUnmanaged: fake.seedPath([runTag('run-1'), ephemeral], { CreatedDate: ago(3 * HOUR) })
  }
  const clients = fakeProvider({ 'app/us-east-1': fake }, { app: '222222222222' })
  return { clock, fake, ids, clients }
}

describe('sweepLeftovers', () => {
  it('by run id: deletes that run’s analyses and ephemeral paths, nothing else', async () => {
    const { fake, ids, clients } = world()
    const result = await sweepLeftovers(clients, [{ account: 'app', region: 'us-east-1' }], {
      runId: 'run-1'
    })
    expect(result.deletedAnalyses.sort()).toEqual([ids.oldOfRun1, ids.newOfRun1].sort())
    expect(result.deletedPaths).toEqual([ids.ephemeralOfRun1])
    const filters = fake.mock.commandCalls(DescribeNetworkInsightsAnalysesCommand)[0].args[0].input.Filters
    expect(filters).toEqual([
      { Name: `tag:${TAG_MANAGED}`, Values: ['true'] },
      { Name: `tag:${TAG_RUN_ID}`, Values: ['run-1'] }
    ])
    expect(fake.mock.commandCalls(DescribeNetworkInsightsPathsCommand)[0].args[0].input.Filters).toEqual([
      ...filters!,
      { Name: `tag:${TAG_EPHEMERAL}`, Values: ['true'] }
    ])
  })

  it('by age: deletes managed analyses started and ephemeral paths created before the cutoff', async () => {
    const { fake, ids, clients, clock } = world()
    const result = await sweepLeftovers(clients, [{ account: 'app', region: 'us-east-1' }], {
      olderThanMs: HOUR,
      now: clock.now
    })
    expect(result.deletedAnalyses.sort()).toEqual([ids.oldOfRun1, ids.oldOfRun2].sort())
    expect(result.deletedPaths).toEqual([ids.ephemeralOfRun1])
    const live = fake.live()
    for (const id of [ids.newOfRun1, ids.foreignAnalysis, ids.foreignRunTagOnly])
      expect(live.analyses).toContain(id)
    for (const id of [ids.foreignPath, ids.keptPath, ids.ephemeralOfRun2, ids.ephemeralUnmanaged])
      expect(live.paths).toContain(id)
  })

  it('checks tags itself even when the server ignores the tag filter', async () => {
    const { fake, ids, clients } = world()
    fake.ignoreTagFilters = true
    fake.pageSize = 2
    const result = await sweepLeftovers(clients, [{ account: 'app', region: 'us-east-1' }], {})
    expect(result.deletedAnalyses.sort()).toEqual([ids.oldOfRun1, ids.newOfRun1, ids.oldOfRun2].sort())
    expect(result.deletedPaths.sort()).toEqual([ids.ephemeralOfRun1, ids.ephemeralOfRun2].sort())
    expect(fake.live().paths).toEqual(
      expect.arrayContaining([ids.foreignPath, ids.keptPath, ids.ephemeralUnmanaged])
    )
    expect(fake.live().analyses).toEqual(expect.arrayContaining([ids.foreignAnalysis, ids.foreignRunTagOnly]))
  })

  it('logs failures and goes on: a failed delete, an unreachable account', async () => {
    const { fake, ids, clients } = world()
    const logs: string[] = []
    fake.mock.on(DescribeNetworkInsightsPathsCommand).rejects(awsError('UnauthorizedOperation'))
    const result = await sweepLeftovers(
      clients,
      [
        { account: 'app', region: 'us-east-1' },
        { account: 'gone', region: 'us-east-1' }
      ],
      { runId: 'run-2', log: line => logs.push(line) }
    )
    expect(result).toEqual({
      deletedAnalyses: [ids.oldOfRun2],
      deletedPaths: [],
      deletedScopeAnalyses: [],
      deletedScopes: []
    })
    expect(logs).toContain('cleanup: could not list paths in account app, us-east-1: UnauthorizedOperation')
    expect(logs).toContain(
      'cleanup: skipped account gone, us-east-1: Could not assume the role of account gone: AccessDenied'
    )
  })
})
