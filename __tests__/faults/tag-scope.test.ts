// Deletes are scoped by the `network-preflight:managed=true` tag: paths and analyses someone else created in
// the same accounts survive the action's `cleanup: all`, its post step after a SIGKILL, and
// `network-preflight cleanup --older-than 0s`, even when they look like ours (the same path definition as
// one of ours, our run-id tag without the managed tag, `managed=false`), while everything of ours goes.
import { join } from 'node:path'
import {
  CreateNetworkInsightsPathCommand,
  StartNetworkInsightsAnalysisCommand,
  type EC2Client,
  type Tag
} from '@aws-sdk/client-ec2'
import type { Sandbox } from '../../sandbox/server.js'
import { removeRunnerDirs, runCli, runPost, type ActionRun } from '../../sandbox/runner.js'
import {
  QUIET,
  closeSandboxes,
  demoSandbox,
  foreignEc2,
  roleEc2,
  runDemo,
  stackTraceLines,
  waitFor
} from './helpers.js'

const RUN_ID = '4242'
const SHARED_ROLE = 'arn:aws:iam::333333333333:role/NetworkPreflight'

interface Foreign {
  label: string
  account: 'app' | 'shared'
  pathId: string
  analysisId?: string
  tags: Tag[]
}

/** A path (and optionally an analysis on it) created by someone else, tagged as given. */
async function placeForeign(
  client: EC2Client,
  label: string,
  account: Foreign['account'],
  tags: Record<string, string>,
  definition: { source: string; destination: string; port: number },
  withAnalysis: boolean
): Promise<Foreign> {
  const tagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
  const path = await client.send(
    new CreateNetworkInsightsPathCommand({
      Source: definition.source,
      Destination: definition.destination,
      Protocol: 'tcp',
      DestinationPort: definition.port,
      ...(tagList.length
        ? { TagSpecifications: [{ ResourceType: 'network-insights-path', Tags: tagList }] }
        : {})
    })
  )
  const pathId = path.NetworkInsightsPath!.NetworkInsightsPathId!
  let analysisId: string | undefined
  if (withAnalysis) {
    const analysis = await client.send(
      new StartNetworkInsightsAnalysisCommand({
        NetworkInsightsPathId: pathId,
        ...(tagList.length
          ? { TagSpecifications: [{ ResourceType: 'network-insights-analysis', Tags: tagList }] }
          : {})
      })
    )
    analysisId = analysis.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!
  }
  return { label, account, pathId, analysisId, tags: tagList }
}

const API = 'i-0a1000000000000a1'
const DB = 'i-0a1000000000000d1'

let sandbox: Sandbox
let foreign: Foreign[]

beforeAll(async () => {
  sandbox = await demoSandbox()
  const app = foreignEc2(sandbox, 'app')
  const shared = roleEc2(sandbox, SHARED_ROLE)
  foreign = [
    // Exactly the definition of our api-to-db path, untagged: neither reused nor deleted.
    await placeForeign(
      app,
      'untagged twin of api-to-db',
      'app',
      {},
      { source: API, destination: DB, port: 5432 },
      true
    ),
    // Our run-id tags (of the killed attempts below), ephemeral, but no managed tag.
    await placeForeign(
      app,
      'run-id of attempt 2 without managed',
      'app',
      { 'network-preflight:run-id': `${RUN_ID}-2`, 'network-preflight:ephemeral': 'true' },
      { source: API, destination: DB, port: 5433 },
      true
    ),
    await placeForeign(
      app,
      'run-id of attempt 3 without managed',
      'app',
      { 'network-preflight:run-id': `${RUN_ID}-3`, 'network-preflight:ephemeral': 'true' },
      { source: API, destination: DB, port: 5434 },
      true
    ),
    await placeForeign(
      app,
      'managed=false',
      'app',
      { 'network-preflight:managed': 'false', 'network-preflight:ephemeral': 'true' },
      { source: API, destination: DB, port: 5435 },
      true
    ),
    await placeForeign(
      app,
      'another team',
      'app',
      { team: 'networking' },
      { source: API, destination: DB, port: 5436 },
      false
    ),
    await placeForeign(
      shared,
      'untagged in shared',
      'shared',
      {},
      { source: 'igw-0c10000000000ea01', destination: 'i-0c1000000000000c1', port: 514 },
      true
    )
  ]
}, 30_000)

afterAll(async () => {
  await closeSandboxes()
  removeRunnerDirs()
})

const foreignPathIds = () => foreign.map(f => f.pathId).sort()
const foreignAnalysisIds = () => foreign.flatMap(f => (f.analysisId ? [f.analysisId] : [])).sort()

/** What is left is exactly someone else's, with their tags untouched. */
function expectOnlyForeignLeft(): void {
  const state = sandbox.state()
  expect(state.analyses.map(a => a.id).sort()).toEqual(foreignAnalysisIds())
  expect(state.paths.map(p => p.id).sort()).toEqual(foreignPathIds())
  for (const f of foreign) {
    const path = state.paths.find(p => p.id === f.pathId)!
    expect({ label: f.label, tags: path.path.Tags ?? [] }).toEqual({ label: f.label, tags: f.tags })
  }
}

/** Not one delete call named a foreign id, even a refused one. */
function expectNoDeleteAimedAtForeign(): void {
  const aimed = [
    ...sandbox.find({ action: 'DeleteNetworkInsightsAnalysis' }).map(r => r.params.NetworkInsightsAnalysisId),
    ...sandbox.find({ action: 'DeleteNetworkInsightsPath' }).map(r => r.params.NetworkInsightsPathId)
  ]
  expect(aimed.filter(id => [...foreignPathIds(), ...foreignAnalysisIds()].includes(String(id)))).toEqual([])
}

function attempt(n: number, inputs: Record<string, string> = {}) {
  return runDemo(sandbox, {
    inputs: { cleanup: 'all', ...inputs },
    env: { GITHUB_RUN_ID: RUN_ID, GITHUB_RUN_ATTEMPT: String(n) }
  })
}

async function killedAttempt(n: number): Promise<ActionRun> {
  sandbox.setKnobs({ analysisSeconds: 600, analysisJitter: 0 })
  const before = sandbox.count({ action: 'StartNetworkInsightsAnalysis', ok: true })
  const running = attempt(n)
  await waitFor(
    'three analyses of the attempt',
    () => sandbox.count({ action: 'StartNetworkInsightsAnalysis', ok: true }) >= before + 3
  )
  running.kill('SIGKILL')
  const run = await running
  sandbox.setKnobs({ analysisSeconds: 25, analysisJitter: 0.3 })
  expect(run.state.runId).toBe(`${RUN_ID}-${n}`)
  // It left analyses and ephemeral paths of its own beside the foreign ones.
  expect(sandbox.state().analyses.length).toBeGreaterThan(foreignAnalysisIds().length)
  expect(sandbox.state().paths.length).toBeGreaterThan(foreignPathIds().length)
  return run
}

describe('deletes never touch resources without the managed tag', () => {
  it('the foreign resources are in place, each as tagged', () => {
    expect(foreign).toHaveLength(6)
    expect(sandbox.state().paths).toHaveLength(6)
    expect(sandbox.state().analyses).toHaveLength(5)
  })

  it('a `cleanup: all` run and its post step delete their own paths and analyses, and nothing else', async () => {
    const main = await attempt(1)
    expect(main.state.runId).toBe(`${RUN_ID}-1`)
    expect(main.outputs).toMatchObject({ result: 'failed', passed: '6', failed: '1', errors: '0' })
    // The untagged twin of the api-to-db path was not reused: the run made its own.
    expect(main.stdout).toMatch(/7 analyses on 7 paths \(0 reused\)/)
    const post = await runPost(main, { env: { ...sandbox.env, ...QUIET } })
    expect(post.exitCode).toBe(0)
    expect(sandbox.count({ action: 'DeleteNetworkInsightsPath', ok: true })).toBe(7)
    expectOnlyForeignLeft()
    expectNoDeleteAimedAtForeign()
  })

  it('the post step of a SIGKILLed attempt sweeps by its run id, sparing a foreign path and analysis carrying that run id', async () => {
    const main = await killedAttempt(2)
    const post = await runPost(main, { env: { ...sandbox.env, ...QUIET } })
    expect(post.exitCode).toBe(0)
    expect(stackTraceLines(post)).toEqual([])
    expect(post.stdout).toMatch(/Post step deleted \d+ analyses and \d+ paths left by this run/)
    expectOnlyForeignLeft()
    expectNoDeleteAimedAtForeign()
  }, 60_000)

  it('`network-preflight cleanup --older-than 0s` after a SIGKILLed attempt deletes every managed leftover, nothing else', async () => {
    const main = await killedAttempt(3)
    const cli = await runCli(
      ['cleanup', '-f', join(main.workspace, 'preflight.yaml'), '--older-than', '0s'],
      {
        env: { ...sandbox.env, ...sandbox.staticCredentialsEnv('app'), ...QUIET },
        cwd: main.workspace
      }
    )
    expect(cli.exitCode).toBe(0)
    expect(cli.stderr.split('\n').filter(l => l && !l.startsWith('cleanup: deleted '))).toEqual([])
    expect(cli.stdout).toMatch(/^deleted [1-9]\d* analys[ei]s and [1-9]\d* paths? in 2 account-regions/)
    expectOnlyForeignLeft()
    expectNoDeleteAimedAtForeign()
    console.log(
      `tag scope: ${foreign.length} foreign paths and ${foreignAnalysisIds().length} foreign analyses survived 1 cleanup: all run, 2 SIGKILLed runs, 1 post step and 1 cleanup sweep`
    )
  }, 60_000)
})
