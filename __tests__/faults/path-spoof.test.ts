// A planted path cannot answer for ours. Someone with ec2:CreateTags in the account creates a path of their
// own (dev-box → orders-db, which the network blocks) and tags it with network-preflight's managed tag and
// the path hash of "orders-api → orders-db tcp/5432" (which the network allows). Through the bundled action
// on the sandbox: the `deny` on api → db still fails, the planted path is never reused, deleted or re-tagged,
// and every run creates (then reuses) a path of its own.
import {
  CreateNetworkInsightsPathCommand,
  DeleteNetworkInsightsAnalysisCommand,
  type NetworkInsightsPath,
  StartNetworkInsightsAnalysisCommand
} from '@aws-sdk/client-ec2'
import { pathKey, TAG_MANAGED, TAG_PATH_HASH } from '../../src/analyze/index.js'
import type { AnalysisRequest } from '../../src/analyze/index.js'
import type { Sandbox } from '../../sandbox/server.js'
import { removeRunnerDirs, runPost } from '../../sandbox/runner.js'
import { closeSandboxes, demoSandbox, foreignEc2, QUIET, runDemo, verdictsOf, waitFor } from './helpers.js'

const API = 'i-0a1000000000000a1'
const DB = 'i-0a1000000000000d1'
const DEV_BOX = 'i-0d1000000000000b1'

const CONFIG = `version: 1
defaults:
  region: us-east-1
accounts:
  app:
    role_arn: arn:aws:iam::222222222222:role/NetworkPreflight
    regions: [us-east-1]
assertions:
  - id: api-never-reaches-db
    type: deny
    description: The orders API must not reach the database (it does, so this must fail)
    source:
      account: app
      selector: { tags: { Name: orders-api, Env: prod } }
    destination:
      account: app
      selector: { resource_id: ${DB} }
    protocol: tcp
    port: 5432
`
const DENY_LINE = CONFIG.split('\n').findIndex(line => line.includes('- id: api-never-reaches-db')) + 1

/** The path hash the engine gives "orders-api → orders-db tcp/5432" (only the fields pathKey reads). */
function hashOfApiToDb(): string {
  const target = (resourceId: string) =>
    ({ kind: 'instance', resourceId, account: 'app', region: 'us-east-1' }) as const
  return pathKey({
    assertion: {
      region: 'us-east-1',
      protocol: 'tcp',
      port: { from: 5432, to: 5432 },
      source: { role: 'source' },
      destination: { role: 'destination' }
    },
    source: target(API),
    destination: target(DB)
  } as unknown as AnalysisRequest)
}

let sandbox: Sandbox
let spoofId: string
let spoofAsPlanted: NetworkInsightsPath

beforeAll(async () => {
  sandbox = await demoSandbox()
  const created = await foreignEc2(sandbox, 'app').send(
    new CreateNetworkInsightsPathCommand({
      Source: DEV_BOX,
      Destination: DB,
      Protocol: 'tcp',
      DestinationPort: 5432,
      TagSpecifications: [
        {
          ResourceType: 'network-insights-path',
          Tags: [
            { Key: TAG_MANAGED, Value: 'true' },
            { Key: TAG_PATH_HASH, Value: hashOfApiToDb() }
          ]
        }
      ]
    })
  )
  spoofId = created.NetworkInsightsPath!.NetworkInsightsPathId!
  spoofAsPlanted = structuredClone(sandbox.state().paths.find(p => p.id === spoofId)!.path)
}, 30_000)

afterAll(async () => {
  await closeSandboxes()
  removeRunnerDirs()
})

function expectSpoofUntouched(): void {
  expect(sandbox.state().paths.find(p => p.id === spoofId)?.path).toEqual(spoofAsPlanted)
  // Every call the action made (its role sessions), not the spoof's author (static keys).
  const byAction = (action: string) =>
    sandbox.find({ action }).filter(r => r.principal?.includes(':assumed-role/') === true)
  expect(byAction('DescribeNetworkInsightsPaths').length).toBeGreaterThan(0)
  const aimed = [
    ...byAction('DeleteNetworkInsightsPath').map(r => r.params.NetworkInsightsPathId),
    ...byAction('StartNetworkInsightsAnalysis').map(r => r.params.NetworkInsightsPathId),
    ...byAction('CreateTags').map(r => JSON.stringify(r.params)),
    ...byAction('DeleteTags').map(r => JSON.stringify(r.params))
  ]
  expect(aimed.filter(value => String(value).includes(spoofId))).toEqual([])
}

describe('a foreign path carrying our managed and path-hash tags', () => {
  it('is what a run that trusted tags would analyse: on it, dev-box → db is not reachable, so the deny would pass', async () => {
    // The premise of the attack, checked by its author on their own path (then tidied up).
    const client = foreignEc2(sandbox, 'app')
    const started = await client.send(
      new StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: spoofId })
    )
    const analysisId = started.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!
    await waitFor('the premise analysis', () =>
      sandbox.state().analyses.some(a => a.id === analysisId && a.analysis.Status !== 'running')
    )
    const done = sandbox.state().analyses.find(a => a.id === analysisId)!.analysis
    expect([done.Status, done.NetworkPathFound]).toEqual(['succeeded', false])
    await client.send(new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: analysisId }))
    expect(spoofAsPlanted).toMatchObject({ Source: DEV_BOX, Destination: DB, DestinationPort: 5432 })
  }, 30_000)

  it('is ignored: the deny fails on a path the run created, with the annotation on its line', async () => {
    const run = await runDemo(sandbox, { config: CONFIG })
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'failed', failed: '1', passed: '0', errors: '0' })
    const verdict = verdictsOf(run).get('api-never-reaches-db')!
    expect(verdict.status).toBe('failed')
    expect(verdict.reason).toMatch(/^expected not reachable; a path exists: i-0a1000000000000a1 → /)
    expect(run.annotations.filter(a => a.level === 'error' && a.file)).toEqual([
      expect.objectContaining({ file: 'preflight.yaml', line: DENY_LINE })
    ])

    const creates = sandbox.find({ action: 'CreateNetworkInsightsPath', ok: true, account: 'app' })
    // The spoof itself (planted through the API), then the run's own api → db path.
    expect(creates.map(c => [c.params.Source, c.params.Destination])).toEqual([
      [DEV_BOX, DB],
      [API, DB]
    ])
    expect(run.stdout).toContain(
      `warning: path ${spoofId} (account app, us-east-1) carries the tags of a path this run needs but a different definition (Source); not reusing it, and leaving it untouched`
    )
    expect(run.stdout).toMatch(/1 analyses on 1 paths \(0 reused\)/)
    expectSpoofUntouched()
  }, 60_000)

  it('is still ignored on the next run, which reuses its own path; `cleanup: all` and the post step leave it too', async () => {
    const createdBefore = sandbox.count({ action: 'CreateNetworkInsightsPath', ok: true })
    const again = await runDemo(sandbox, { config: CONFIG })
    expect(verdictsOf(again).get('api-never-reaches-db')!.status).toBe('failed')
    expect(again.stdout).toMatch(/1 analyses on 1 paths \(1 reused\)/)
    expect(sandbox.count({ action: 'CreateNetworkInsightsPath', ok: true })).toBe(createdBefore)

    const all = await runDemo(sandbox, { config: CONFIG, inputs: { cleanup: 'all' } })
    expect(verdictsOf(all).get('api-never-reaches-db')!.status).toBe('failed')
    const post = await runPost(all, { env: { ...sandbox.env, ...QUIET } })
    expect(post.exitCode).toBe(0)
    expectSpoofUntouched()
  }, 90_000)
})
