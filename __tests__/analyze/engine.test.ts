import {
  CreateNetworkInsightsPathCommand,
  DescribeNetworkInsightsPathsCommand,
  StartNetworkInsightsAnalysisCommand
} from '@aws-sdk/client-ec2'
import {
  type EngineEvent,
  type EngineOptions,
  pathKey,
  runAnalyses,
  TAG_EPHEMERAL,
  TAG_MANAGED,
  TAG_PATH_HASH,
  TAG_RUN_ID
} from '../../src/analyze/index.js'
import { decideVerdict } from '../../src/verdict/index.js'
import { awsError, FakeClock, FakeReachabilityAnalyzer, fakeProvider } from './fake-ra.js'
import { distinctRequests, ipTarget, REGION, request, target } from './requests.js'

const ACCOUNT_IDS = { app: '222222222222', shared: '333333333333' }

function setup() {
  const clock = new FakeClock()
  const app = new FakeReachabilityAnalyzer(ACCOUNT_IDS.app, REGION, clock)
  const shared = new FakeReachabilityAnalyzer(ACCOUNT_IDS.shared, REGION, clock)
  const clients = fakeProvider({ [`app/${REGION}`]: app, [`shared/${REGION}`]: shared }, ACCOUNT_IDS)
  const events: EngineEvent[] = []
  const logs: string[] = []
  const options = (extra: Partial<EngineOptions> = {}): EngineOptions => ({
    runId: 'run-1',
    concurrency: 10,
    timeoutSeconds: 300,
    now: clock.now,
    sleep: clock.sleep,
    log: line => logs.push(line),
    onProgress: event => events.push(event),
    ...extra
  })
  return { clock, app, shared, clients, events, logs, options }
}

const startInputs = (fake: FakeReachabilityAnalyzer) =>
  fake.mock.commandCalls(StartNetworkInsightsAnalysisCommand).map(call => call.args[0].input)
const createInputs = (fake: FakeReachabilityAnalyzer) =>
  fake.mock.commandCalls(CreateNetworkInsightsPathCommand).map(call => call.args[0].input)

describe('runAnalyses: paths', () => {
  it('creates identical paths once and shares them; identical analyses run once for all their assertions', async () => {
    const { app, clients, options } = setup()
    const igw = target('internet-gateway', 'igw-0eeeeeeeeeeeeeee1')
    const requests = [
      request({ id: 'allow-443', port: { from: 443, to: 443 } }),
      request({ id: 'same-again', port: { from: 443, to: 443 } }),
      request({ id: 'avoid-igw', port: { from: 443, to: 443 }, avoid: [igw] })
    ]
    const results = await runAnalyses(requests, clients, options())

    expect(createInputs(app)).toHaveLength(1)
    expect(startInputs(app)).toHaveLength(2)
    const [a, b, c] = ['allow-443', 'same-again', 'avoid-igw'].map(id => results.get(id)!)
    expect(a.status).toBe('succeeded')
    expect(a.networkPathFound).toBe(true)
    expect(b.analysisId).toBe(a.analysisId)
    expect(c.analysisId).not.toBe(a.analysisId)
    expect(new Set([a.pathId, b.pathId, c.pathId]).size).toBe(1)
    expect(c.raw).toMatchObject({
      FilterOutArns: ['arn:aws:ec2:us-east-1:222222222222:internet-gateway/igw-0eeeeeeeeeeeeeee1']
    })
  })

  it('tags paths and analyses and sends client tokens', async () => {
    const { app, clients, options } = setup()
    const req = request({ id: 'x', port: { from: 22, to: 22 } })
    await runAnalyses([req], clients, options())

    const [create] = createInputs(app)
    expect(create.TagSpecifications).toEqual([
      {
        ResourceType: 'network-insights-path',
        Tags: [
          { Key: TAG_MANAGED, Value: 'true' },
          { Key: TAG_PATH_HASH, Value: pathKey(req) }
        ]
      }
    ])
    const [start] = startInputs(app)
    expect(start.TagSpecifications).toEqual([
      {
        ResourceType: 'network-insights-analysis',
        Tags: [
          { Key: TAG_MANAGED, Value: 'true' },
          { Key: TAG_RUN_ID, Value: 'run-1' }
        ]
      }
    ])
    expect(create.ClientToken).toMatch(/^np-[0-9a-f]{40}$/)
    expect(start.ClientToken).toMatch(/^np-[0-9a-f]{40}$/)
    expect(start.ClientToken).not.toBe(create.ClientToken)
  })

  it('reuses tagged paths in a later run instead of creating them (one paginated describe per account+region)', async () => {
    const { app, clients, options, events } = setup()
    app.pageSize = 1
    app.seedPath([]) // someone else's untagged path
    const requests = distinctRequests(3)
    const first = await runAnalyses(requests, clients, options({ runId: 'run-1' }))
    expect(createInputs(app)).toHaveLength(3)

    app.mock.resetHistory()
    const second = await runAnalyses(requests, clients, options({ runId: 'run-2' }))
    expect(createInputs(app)).toHaveLength(0)
    // 3 tagged paths, one per page: the paginator follows NextToken within the single lookup.
    const lookups = app.mock.commandCalls(DescribeNetworkInsightsPathsCommand).map(call => call.args[0].input)
    expect(lookups).toHaveLength(3)
    expect(lookups[0].Filters).toEqual([{ Name: `tag:${TAG_MANAGED}`, Values: ['true'] }])
    for (const req of requests) {
      expect(second.get(req.assertion.id)!.pathId).toBe(first.get(req.assertion.id)!.pathId)
      expect(second.get(req.assertion.id)!.status).toBe('succeeded')
    }
    expect(events.filter(e => e.type === 'path-reused')).toHaveLength(3)
  })

  it('does not reuse a managed path whose hash differs, nor an ephemeral one', async () => {
    const { app, clients, options } = setup()
    const req = request({ id: 'x' })
    app.seedPath([
      { Key: TAG_MANAGED, Value: 'true' },
      { Key: TAG_PATH_HASH, Value: 'f'.repeat(32) }
    ])
    app.seedPath([
      { Key: TAG_MANAGED, Value: 'true' },
      { Key: TAG_PATH_HASH, Value: pathKey(req) },
      { Key: TAG_EPHEMERAL, Value: 'true' }
    ])
    await runAnalyses([req], clients, options())
    expect(createInputs(app)).toHaveLength(1)
  })

  it('never reuses a path that carries our tags but another definition: the deny still fails, the spoof is untouched', async () => {
    const { app, clients, options, events, logs } = setup()
    const api = target('instance', 'i-0a1000000000000a1')
    const devBox = 'i-0d1000000000000b1'
    const db = target('instance', 'i-0a1000000000000d1')
    const denyReq = request({
      id: 'api-never-reaches-db',
      source: api,
      destination: db,
      port: { from: 5432, to: 5432 }
    })
    denyReq.assertion = { ...denyReq.assertion, type: 'deny' }
    // api → db is open; dev-box → db is closed. Someone with ec2:CreateTags plants dev-box → db under
    // the tags of "api → db tcp/5432", hoping the deny is answered on their path.
    const spoofTags = [
      { Key: TAG_MANAGED, Value: 'true' },
      { Key: TAG_PATH_HASH, Value: pathKey(denyReq) }
    ]
    const spoof = app.seedPath(spoofTags, {
      Source: devBox,
      Destination: db.resourceId,
      Protocol: 'tcp',
      DestinationPort: 5432
    })
    const spoofBefore = structuredClone(app.paths.get(spoof)!.path)
    app.ending = (_start, path) =>
      path.Source === api.resourceId
        ? { status: 'succeeded', networkPathFound: true }
        : { status: 'succeeded', networkPathFound: false }

    const results = await runAnalyses([denyReq], clients, options({ cleanup: 'all' }))
    const result = results.get('api-never-reaches-db')!
    expect(createInputs(app)).toEqual([
      expect.objectContaining({ Source: api.resourceId, Destination: db.resourceId, DestinationPort: 5432 })
    ])
    expect(result.pathId).not.toBe(spoof)
    expect(result.path).toEqual({
      id: result.pathId,
      origin: 'created',
      source: api.resourceId,
      destination: db.resourceId,
      protocol: 'tcp',
      ports: { from: 5432, to: 5432 }
    })
    expect(startInputs(app).map(start => start.NetworkInsightsPathId)).toEqual([result.pathId])
    expect(result.networkPathFound).toBe(true)
    expect(decideVerdict({ assertion: denyReq.assertion, analysis: result }).status).toBe('failed')
    // Left exactly as planted, even by a `cleanup: all` run that deleted its own path.
    expect(app.paths.get(spoof)).toMatchObject({ deleted: false, path: spoofBefore })
    expect(app.paths.get(result.pathId!)!.deleted).toBe(true)
    expect(events).toContainEqual({
      type: 'path-ignored',
      account: 'app',
      region: REGION,
      pathId: spoof,
      pathHash: pathKey(denyReq),
      differences: ['Source']
    })
    expect(logs).toContain(
      `warning: path ${spoof} (account app, us-east-1) carries the tags of a path this run needs but a different ` +
        'definition (Source); not reusing it, and leaving it untouched'
    )
  })

  it('reuses a tagged path only when every definition field matches, with ids or ARNs as AWS returns them', async () => {
    const { app, clients, options } = setup()
    const req = request({
      id: 'range',
      destination: target('network-interface', 'eni-0bbbbbbbbbbbbbbb1'),
      port: { from: 8000, to: 8100 }
    })
    const tags = [
      { Key: TAG_MANAGED, Value: 'true' },
      { Key: TAG_PATH_HASH, Value: pathKey(req) }
    ]
    const range = { DestinationPortRange: { FromPort: 8000, ToPort: 8100 } }
    const exact = {
      Source: 'i-0aaaaaaaaaaaaaaa1',
      Destination: 'eni-0bbbbbbbbbbbbbbb1',
      Protocol: 'tcp' as const,
      FilterAtDestination: range
    }
    const arn = (type: string, id: string, account = ACCOUNT_IDS.app) =>
      `arn:aws:ec2:${REGION}:${account}:${type}/${id}`
    const spoofs = [
      app.seedPath(tags, { ...exact, Protocol: 'udp' }),
      app.seedPath(tags, {
        ...exact,
        FilterAtDestination: { DestinationPortRange: { FromPort: 8000, ToPort: 8101 } }
      }),
      app.seedPath(tags, { ...exact, FilterAtDestination: { ...range, SourceAddress: '10.0.0.1' } }),
      app.seedPath(tags, { ...exact, DestinationIp: '10.0.0.9' }),
      app.seedPath(tags, { ...exact, SourceIp: '10.0.0.8' }),
      app.seedPath(tags, { ...exact, FilterAtSource: range }),
      // The right id, but its ARN names another account's resource.
      app.seedPath(tags, { ...exact, SourceArn: arn('instance', 'i-0aaaaaaaaaaaaaaa1', ACCOUNT_IDS.shared) }),
      app.seedPath(tags, {
        ...exact,
        Destination: undefined,
        DestinationArn: arn('network-interface', 'eni-0cccccccccccccccc')
      })
    ]
    // As AWS's create-network-insights-path sample returns it: ids plus ARNs without the id prefix.
    const genuine = app.seedPath(tags, {
      ...exact,
      SourceArn: arn('instance', '0aaaaaaaaaaaaaaa1'),
      DestinationArn: arn('network-interface', 'eni-0bbbbbbbbbbbbbbb1')
    })
    const results = await runAnalyses([req], clients, options())
    expect(createInputs(app)).toHaveLength(0)
    expect(results.get('range')!.pathId).toBe(genuine)
    expect(results.get('range')!.path).toMatchObject({
      id: genuine,
      origin: 'reused',
      ports: { from: 8000, to: 8100 }
    })
    for (const spoof of spoofs) expect(app.paths.get(spoof)!.deleted).toBe(false)
  })

  it('replaces a reused path that someone deleted after the lookup, once for all jobs on it', async () => {
    const { app, clients, options, logs } = setup()
    const [req] = distinctRequests(1)
    const twinFilters = {
      ...req,
      assertion: { ...req.assertion, id: 'twin' },
      avoid: [target('internet-gateway', 'igw-0e')]
    }
    await runAnalyses([req], clients, options({ runId: 'run-1' }))
    const [stalePath] = app.live().paths
    // Deleted between our lookup and our start, as by another actor.
    app.failStart = input => {
      if (input.NetworkInsightsPathId !== stalePath) return undefined
      app.paths.get(stalePath)!.deleted = true
      return awsError('InvalidNetworkInsightsPathId.NotFound', `The path '${stalePath}' does not exist`)
    }
    const results = await runAnalyses([req, twinFilters], clients, options({ runId: 'run-2' }))

    expect(results.get(req.assertion.id)!.status).toBe('succeeded')
    expect(results.get('twin')!.status).toBe('succeeded')
    const newPath = results.get(req.assertion.id)!.pathId
    expect(newPath).not.toBe(stalePath)
    expect(results.get('twin')!.pathId).toBe(newPath)
    expect(createInputs(app)).toHaveLength(2) // run 1, and one replacement in run 2
    expect(logs).toContain(`path ${stalePath} (account app, us-east-1) no longer exists; creating a new one`)
  })

  it('with cleanup=all deletes the paths it created but keeps the ones it reused', async () => {
    const { app, clients, options } = setup()
    const [kept, fresh] = distinctRequests(2)
    await runAnalyses([kept], clients, options({ runId: 'run-1' }))
    const keptPath = app.live().paths[0]

    const results = await runAnalyses([kept, fresh], clients, options({ runId: 'run-2', cleanup: 'all' }))
    const freshPath = results.get(fresh.assertion.id)!.pathId!
    expect(createInputs(app).at(-1)!.TagSpecifications![0].Tags).toEqual([
      { Key: TAG_MANAGED, Value: 'true' },
      { Key: TAG_RUN_ID, Value: 'run-2' },
      { Key: TAG_EPHEMERAL, Value: 'true' },
      { Key: TAG_PATH_HASH, Value: pathKey(fresh) }
    ])
    expect(app.live()).toEqual({ paths: [keptPath], analyses: [] })
    expect(app.paths.get(freshPath)!.deleted).toBe(true)
  })
})

describe('runAnalyses: parameters on the wire', () => {
  it('creates the path in the source account with the destination ARN and AdditionalAccounts', async () => {
    const { app, shared, clients, options } = setup()
    const req = request({
      id: 'cross',
      destination: target('network-interface', 'eni-0ccccccccccccccc1', 'shared'),
      port: { from: 5432, to: 5432 },
      via: [target('transit-gateway-attachment', 'tgw-attach-0123456789abcdef0', 'shared')],
      avoid: [target('internet-gateway', 'igw-0eeeeeeeeeeeeeee1')]
    })
    const results = await runAnalyses([req], clients, options())

    expect(results.get('cross')!.status).toBe('succeeded')
    expect(shared.mock.calls()).toHaveLength(0)
    const [create] = createInputs(app)
    expect(create).toMatchObject({
      Source: 'i-0aaaaaaaaaaaaaaa1',
      Destination: 'arn:aws:ec2:us-east-1:333333333333:network-interface/eni-0ccccccccccccccc1',
      DestinationPort: 5432,
      Protocol: 'tcp'
    })
    const [start] = startInputs(app)
    expect(start).toMatchObject({
      AdditionalAccounts: ['333333333333'],
      FilterInArns: [
        'arn:aws:ec2:us-east-1:333333333333:transit-gateway-attachment/tgw-attach-0123456789abcdef0'
      ],
      FilterOutArns: ['arn:aws:ec2:us-east-1:222222222222:internet-gateway/igw-0eeeeeeeeeeeeeee1']
    })
  })

  it('sends a port range as FilterAtDestination and an IP destination as DestinationIp', async () => {
    const { app, clients, options } = setup()
    await runAnalyses(
      [
        request({ id: 'range', port: { from: 8000, to: 8100 } }),
        request({ id: 'ip', destination: ipTarget('10.0.1.5'), port: { from: 443, to: 443 } })
      ],
      clients,
      options()
    )
    const [range, ip] = createInputs(app)
    expect(range.FilterAtDestination).toEqual({ DestinationPortRange: { FromPort: 8000, ToPort: 8100 } })
    expect(range.DestinationPort).toBeUndefined()
    expect(ip.DestinationIp).toBe('10.0.1.5')
    expect(ip.Destination).toBeUndefined()
    expect(ip.DestinationPort).toBe(443)
  })
})

describe('runAnalyses: concurrency and polling', () => {
  it('never has more analyses in flight than the concurrency limit; deletes wait until every start was sent', async () => {
    const { app, clients, options } = setup()
    const results = await runAnalyses(distinctRequests(30), clients, options({ concurrency: 5 }))
    expect(app.maxRunning).toBe(5)
    // Deletes draw from the mutating bucket like starts: none goes out while a start is still to come, and
    // every one has gone out by the end.
    const order = app.mock.calls().map(call => (call.args[0] as object).constructor.name)
    const lastStart = order.lastIndexOf('StartNetworkInsightsAnalysisCommand')
    expect(order.indexOf('DeleteNetworkInsightsAnalysisCommand')).toBeGreaterThan(lastStart)
    expect(order.filter(name => name === 'DeleteNetworkInsightsAnalysisCommand')).toHaveLength(30)
    expect([...app.analyses.values()].every(a => a.deleted)).toBe(true)
    expect([...results.values()].every(r => r.status === 'succeeded')).toBe(true)
    expect(results.size).toBe(30)
  })

  it('creates paths ahead of the analysis slots, at most `concurrency` of them waiting for a start', async () => {
    const { app, clients, options } = setup()
    await runAnalyses(distinctRequests(8), clients, options({ concurrency: 2 }))
    expect(app.maxRunning).toBe(2)
    const order = app.mock
      .calls()
      .map(call => (call.args[0] as object).constructor.name)
      .filter(
        name => name === 'CreateNetworkInsightsPathCommand' || name === 'StartNetworkInsightsAnalysisCommand'
      )
    // Two analyses run; two more paths are created meanwhile (not four: the rest wait for one to start).
    const thirdStart = order.map((n, i) => [n, i] as const).filter(([n]) => n.startsWith('Start'))[2][1]
    expect(order.slice(0, thirdStart).filter(n => n.startsWith('Create'))).toHaveLength(4)
    expect(order.filter(n => n.startsWith('Create'))).toHaveLength(8)
    expect(order.filter(n => n.startsWith('Start'))).toHaveLength(8)
  })

  it('does not start an analysis that is no longer needed, and says why', async () => {
    const { app, clients, options } = setup()
    const requests = distinctRequests(4)
    const first = requests[0].assertion.id
    const seen: string[] = []
    const results = await runAnalyses(
      requests,
      clients,
      options({
        concurrency: 1,
        onResult: key => seen.push(key),
        notNeeded: key =>
          seen.includes(first) && key !== first ? `not needed: ${first} proved it` : undefined
      })
    )
    expect(startInputs(app)).toHaveLength(1)
    expect(results.get(first)!.status).toBe('succeeded')
    for (const request of requests.slice(1)) {
      expect(results.get(request.assertion.id)).toMatchObject({
        status: 'not-started',
        message: `not needed: ${first} proved it`
      })
    }
    // Every result was reported as it came, the skipped ones included.
    expect(seen.sort()).toEqual(requests.map(r => r.assertion.id).sort())
  })

  it('with deferCleanup, returns the results before the deletes finish and hands over the cleanup', async () => {
    const { app, clients, options, events } = setup()
    let openGate = (): void => undefined
    app.deleteGate = new Promise(resolve => (openGate = resolve))
    const handed: Array<Promise<void>> = []
    const results = await runAnalyses(
      distinctRequests(3),
      clients,
      options({ deferCleanup: cleanup => handed.push(cleanup) })
    )
    expect([...results.values()].map(r => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded'])
    expect(handed).toHaveLength(1)
    expect([...app.analyses.values()].some(a => a.deleted)).toBe(false)
    expect(events.some(e => e.type === 'cleaned-up')).toBe(false)
    openGate()
    await handed[0]
    expect([...app.analyses.values()].every(a => a.deleted)).toBe(true)
    expect(events.find(e => e.type === 'cleaned-up')).toMatchObject({ deletedAnalyses: 3, failedDeletes: 0 })
  })

  it('clamps the concurrency to the quota of 100 concurrent analyses', async () => {
    const { app, clients, options } = setup()
    await runAnalyses(distinctRequests(130), clients, options({ concurrency: 500 }))
    expect(app.maxRunning).toBe(100)
  })

  it('polls all running analyses of an account+region in one describe call, with a growing interval', async () => {
    const { app, clients, options } = setup()
    const results = await runAnalyses(distinctRequests(50), clients, options({ concurrency: 50 }))

    // All 50 finish together after 20 s; polls at 1, 2.5, 4.5, then every 2 s (the default cap) to 20.5 s:
    // 11 batched calls, where one describe per analysis per poll would be 550.
    expect(app.describeBatches.length).toBe(11)
    expect(app.describeBatches.every(ids => ids.length === 50)).toBe(true)
    const durations = [...results.values()].map(r => r.durationMs!)
    expect(Math.min(...durations)).toBeGreaterThanOrEqual(20_000)
    expect(Math.max(...durations)).toBeLessThan(30_000)
  })

  it('polls a slow analysis no more often than every pollMaxMs once backed off', async () => {
    const { app, clients, options } = setup()
    app.ending = () => ({ status: 'succeeded', networkPathFound: false, durationMs: 120_000 })
    const results = await runAnalyses(
      distinctRequests(1),
      clients,
      options({ pollInitialMs: 1000, pollMaxMs: 10_000 })
    )
    expect(results.get('a-0')!.networkPathFound).toBe(false)
    // 1, 1.5, 2.25, 3.375, 5.06, 7.59 s then 10 s steps up to 120 s: 6 + 10 polls.
    expect(app.describeBatches.length).toBe(16)
  })

  it('by default notices a finished analysis within 2 s of its end (the poll cap), not 10 s', async () => {
    const { app, clients, options } = setup()
    app.ending = () => ({ status: 'succeeded', networkPathFound: true, durationMs: 31_000 })
    const opts = options()
    delete opts.pollMaxMs
    delete opts.pollInitialMs
    const results = await runAnalyses(distinctRequests(1), clients, opts)
    const duration = results.get('a-0')!.durationMs!
    expect(duration).toBeGreaterThanOrEqual(31_000)
    expect(duration).toBeLessThanOrEqual(33_500)
  })

  it('runs account+regions independently: an auth failure in one leaves the other intact', async () => {
    const { app, clients, options } = setup()
    const okRequests = distinctRequests(2)
    const elsewhere = request({
      id: 'eu',
      source: target('instance', 'i-0aaaaaaaaaaaaaaa9', 'app', { region: 'eu-west-1' })
    })
    const results = await runAnalyses([...okRequests, elsewhere], clients, options())
    expect(results.get('a-0')!.status).toBe('succeeded')
    expect(results.get('a-1')!.status).toBe('succeeded')
    expect(results.get('eu')).toMatchObject({
      status: 'error',
      message: 'Could not assume the role of account app: AccessDenied'
    })
    expect(app.live().analyses).toEqual([])
  })
})

describe('runAnalyses: outcomes and cleanup', () => {
  it('deletes every analysis by the end of a normal run and keeps the paths', async () => {
    const { app, clients, options, events } = setup()
    const results = await runAnalyses(distinctRequests(12), clients, options({ concurrency: 4 }))
    expect(app.analyses.size).toBe(12)
    expect(app.live()).toEqual({ paths: [...app.paths.keys()], analyses: [] })
    const result = results.get('a-3')!
    expect(result).toMatchObject({ status: 'succeeded', forwardPath: [], returnPath: [], explanations: [] })
    expect(result.analysisArn).toBe(
      `arn:aws:ec2:us-east-1:222222222222:network-insights-analysis/${result.analysisId}`
    )
    expect(result.startedAt).toBe(new Date(Date.parse(result.finishedAt!) - result.durationMs!).toISOString())
    expect(result.raw).toMatchObject({ NetworkInsightsAnalysisId: result.analysisId, Status: 'succeeded' })
    expect(events.at(-1)).toEqual({
      type: 'cleaned-up',
      deletedAnalyses: 12,
      deletedPaths: 0,
      failedDeletes: 0
    })
  })

  it('reports an analysis AWS failed with its StatusMessage, and deletes it', async () => {
    const { app, clients, options } = setup()
    const requests = distinctRequests(3)
    const failingDestination = requests[1].destination.resourceId
    app.ending = (_, path) =>
      path.Destination === failingDestination
        ? { status: 'failed', statusMessage: 'Internal error in analysis' }
        : { status: 'succeeded', networkPathFound: true }
    const results = await runAnalyses(requests, clients, options())
    expect(results.get('a-1')).toMatchObject({ status: 'failed', message: 'Internal error in analysis' })
    expect(results.get('a-0')!.status).toBe('succeeded')
    expect(app.live().analyses).toEqual([])
  })

  it('times out an analysis that runs past timeoutSeconds, deletes it, and lets others finish', async () => {
    const { app, clients, options } = setup()
    const requests = distinctRequests(2)
    const stuck = requests[0].destination.resourceId
    app.ending = (_, path) =>
      path.Destination === stuck ? 'never' : { status: 'succeeded', networkPathFound: true }
    const results = await runAnalyses(requests, clients, options({ timeoutSeconds: 90 }))
    const timedOut = results.get('a-0')!
    expect(timedOut.status).toBe('timeout')
    expect(timedOut.message).toContain('did not finish within 90 s')
    expect(timedOut.durationMs).toBe(90_000)
    expect(results.get('a-1')!.status).toBe('succeeded')
    expect(app.live().analyses).toEqual([])
  })

  it('marks an assertion throttled when StartNetworkInsightsAnalysis stays throttled past the SDK retries', async () => {
    const { app, clients, options } = setup()
    const requests = distinctRequests(3)
    app.failStart = input =>
      input.NetworkInsightsPathId === app.live().paths[0]
        ? awsError('RequestLimitExceeded', 'Request limit exceeded.')
        : undefined
    const results = await runAnalyses(requests, clients, options({ concurrency: 1 }))
    const throttled = [...results.values()].filter(r => r.status === 'throttled')
    expect(throttled).toHaveLength(1)
    expect(throttled[0].message).toBe(
      "EC2 throttled StartNetworkInsightsAnalysis in account app, us-east-1 (RequestLimitExceeded) beyond the SDK's retries; lower the concurrency or run again later"
    )
    expect([...results.values()].filter(r => r.status === 'succeeded')).toHaveLength(2)
  })

  it('marks the polled analyses throttled when a describe stays throttled, and still deletes them', async () => {
    const { app, clients, options } = setup()
    let describes = 0
    app.failDescribeAnalyses = () => (++describes === 2 ? awsError('RequestLimitExceeded') : undefined)
    const results = await runAnalyses(distinctRequests(4), clients, options())
    expect([...results.values()].map(r => r.status)).toEqual([
      'throttled',
      'throttled',
      'throttled',
      'throttled'
    ])
    expect(app.analyses.size).toBe(4)
    expect(app.live().analyses).toEqual([])
  })

  it('fails every assertion on a path that could not be created, and only those', async () => {
    const { app, clients, options } = setup()
    const requests = distinctRequests(2)
    const shared = { ...requests[0], assertion: { ...requests[0].assertion, id: 'same-path-other-filter' } }
    shared.avoid = [target('internet-gateway', 'igw-0eeeeeeeeeeeeeee1')]
    app.mock
      .on(CreateNetworkInsightsPathCommand, { Destination: requests[0].destination.resourceId })
      .rejects(awsError('NetworkInsightsPathLimitExceeded', 'You have reached the limit of 1000 paths.'))
    const results = await runAnalyses([...requests, shared], clients, options())
    const message =
      'CreateNetworkInsightsPath failed in account app, us-east-1: NetworkInsightsPathLimitExceeded: You have reached the limit of 1000 paths.'
    expect(results.get('a-0')).toMatchObject({ status: 'error', message })
    expect(results.get('same-path-other-filter')).toMatchObject({ status: 'error', message })
    expect(results.get('a-1')!.status).toBe('succeeded')
    expect(createInputs(app)).toHaveLength(2)
  })

  it('reports a planning error for that assertion only', async () => {
    const { clients, options } = setup()
    const results = await runAnalyses(
      [request({ id: 'bad', via: [ipTarget('10.0.0.1')] }), ...distinctRequests(1)],
      clients,
      options()
    )
    expect(results.get('bad')).toMatchObject({
      status: 'error',
      message: 'assertion bad: via must name a resource, not an IP address'
    })
    expect(results.get('a-0')!.status).toBe('succeeded')
  })

  it('starts no more than maxAnalyses and marks the rest not-started with the budget and cost', async () => {
    const { app, clients, options, events } = setup()
    const requests = [
      ...distinctRequests(5),
      request({
        id: 'shares-a-0',
        destination: distinctRequests(1)[0].destination,
        port: { from: 443, to: 443 }
      })
    ]
    const results = await runAnalyses(requests, clients, options({ maxAnalyses: 2 }))

    expect(startInputs(app)).toHaveLength(2)
    expect(results.get('a-0')!.status).toBe('succeeded')
    expect(results.get('shares-a-0')!.analysisId).toBe(results.get('a-0')!.analysisId)
    const skipped = ['a-2', 'a-3', 'a-4'].map(id => results.get(id)!)
    expect(skipped.every(r => r.status === 'not-started')).toBe(true)
    expect(skipped[0].message).toBe(
      'Not started: the budget allows 2 analyses (maxAnalyses) and this run needs 5 (estimated $0.50 at $0.10 per analysis); the 3 not started would cost an estimated $0.30'
    )
    expect(events[0]).toEqual({ type: 'planned', analyses: 2, notStarted: 3, estimatedCostUsd: 0.2 })
    expect(app.live().analyses).toEqual([])
  })
})

describe('runAnalyses: cancellation', () => {
  it('stops starting, deletes running analyses and reports what never started', async () => {
    const { app, clients, options } = setup()
    const controller = new AbortController()
    let started = 0
    const results = await runAnalyses(
      distinctRequests(10),
      clients,
      options({
        concurrency: 3,
        signal: controller.signal,
        cleanup: 'all',
        onProgress: event => {
          if (event.type === 'analysis-started' && ++started === 3) controller.abort()
        }
      })
    )
    expect(startInputs(app)).toHaveLength(3)
    const statuses = [...results.values()].map(r => r.status)
    expect(statuses.filter(s => s === 'error')).toHaveLength(3)
    expect(statuses.filter(s => s === 'not-started')).toHaveLength(7)
    expect(results.get('a-0')!.message).toBe(
      'The run was cancelled while this analysis was running; it was deleted'
    )
    expect(results.get('a-9')!.message).toBe('The run was cancelled before this analysis started')
    expect(app.live()).toEqual({ paths: [], analyses: [] })
  })

  it('cleans up when the signal aborts while the poller sleeps (real timers)', async () => {
    const clock = new FakeClock()
    const app = new FakeReachabilityAnalyzer(ACCOUNT_IDS.app, REGION, clock)
    const clients = fakeProvider({ [`app/${REGION}`]: app }, ACCOUNT_IDS)
    const controller = new AbortController()
    const run = runAnalyses(distinctRequests(2), clients, {
      runId: 'run-1',
      concurrency: 5,
      timeoutSeconds: 300,
      pollInitialMs: 600_000,
      signal: controller.signal
    })
    setTimeout(() => controller.abort(), 20)
    // No wall-clock bound: if the abort did not interrupt the 600 s poll wait, the 120 s test timeout fails it.
    const results = await run
    expect([...results.values()].map(r => r.status)).toEqual(['error', 'error'])
    expect(app.analyses.size).toBe(2)
    expect(app.live().analyses).toEqual([])
  }, 120_000)

  it('starts nothing when the signal is already aborted', async () => {
    const { app, clients, options } = setup()
    const controller = new AbortController()
    controller.abort()
    const results = await runAnalyses(distinctRequests(2), clients, options({ signal: controller.signal }))
    expect(startInputs(app)).toHaveLength(0)
    expect([...results.values()].map(r => r.status)).toEqual(['not-started', 'not-started'])
  })
})
