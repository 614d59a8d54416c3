// The post step's run-id rule: it deletes, and reports as "left by this run", only what carries the run
// id the main step saved, and only when that id is this run's (GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT). A main
// step killed mid-run leaves analyses and ephemeral paths; a managed analysis and path of another run sit
// beside them. The post step of another attempt deletes nothing and says so; the post step of the same
// attempt deletes exactly the killed run's leftovers, and the other run's survive.
import {
  CreateNetworkInsightsPathCommand,
  StartNetworkInsightsAnalysisCommand,
  type Tag
} from '@aws-sdk/client-ec2'
import type { Sandbox } from '../../sandbox/server.js'
import { removeRunnerDirs, runPost, type ActionRun } from '../../sandbox/runner.js'
import {
  QUIET,
  closeSandboxes,
  demoSandbox,
  foreignEc2,
  runDemo,
  stackTraceLines,
  waitFor
} from './helpers.js'

const RUN_ID = '5150'
const OURS = `${RUN_ID}-1`
const OTHER = `${RUN_ID}-9`

const tagOf = (tags: Tag[] | undefined, key: string) => tags?.find(t => t.Key === key)?.Value
const runIdOf = (tags: Tag[] | undefined) => tagOf(tags, 'network-preflight:run-id')

let sandbox: Sandbox
let main: ActionRun
let other: { pathId: string; analysisId: string }

/** Ids of the paths and analyses in the sandbox now, by the run id they are tagged with. */
function leftByRun(runId: string): { analyses: string[]; paths: string[] } {
  const state = sandbox.state()
  return {
    analyses: state.analyses
      .filter(a => runIdOf(a.analysis.Tags) === runId)
      .map(a => a.id)
      .sort(),
    paths: state.paths
      .filter(p => runIdOf(p.path.Tags) === runId)
      .map(p => p.id)
      .sort()
  }
}

const deleteCalls = () =>
  sandbox.count({ action: 'DeleteNetworkInsightsAnalysis' }) +
  sandbox.count({ action: 'DeleteNetworkInsightsPath' })

beforeAll(async () => {
  sandbox = await demoSandbox()
  // Another run's leftovers, tagged exactly as the action tags its own (managed, ephemeral, its run id).
  const tags = [
    { Key: 'network-preflight:managed', Value: 'true' },
    { Key: 'network-preflight:ephemeral', Value: 'true' },
    { Key: 'network-preflight:run-id', Value: OTHER }
  ]
  const ec2 = foreignEc2(sandbox, 'app')
  const path = await ec2.send(
    new CreateNetworkInsightsPathCommand({
      Source: 'i-0a1000000000000a1',
      Destination: 'i-0a1000000000000d1',
      Protocol: 'tcp',
      DestinationPort: 5499,
      TagSpecifications: [{ ResourceType: 'network-insights-path', Tags: tags }]
    })
  )
  const pathId = path.NetworkInsightsPath!.NetworkInsightsPathId!
  const analysis = await ec2.send(
    new StartNetworkInsightsAnalysisCommand({
      NetworkInsightsPathId: pathId,
      TagSpecifications: [{ ResourceType: 'network-insights-analysis', Tags: tags }]
    })
  )
  other = { pathId, analysisId: analysis.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId! }

  // The main step, killed while its analyses run: it leaves analyses and (cleanup: all) ephemeral paths.
  sandbox.setKnobs({ analysisSeconds: 600, analysisJitter: 0 })
  const started = sandbox.count({ action: 'StartNetworkInsightsAnalysis', ok: true })
  const running = runDemo(sandbox, {
    inputs: { cleanup: 'all' },
    env: { GITHUB_RUN_ID: RUN_ID, GITHUB_RUN_ATTEMPT: '1' }
  })
  await waitFor(
    'three analyses of the main step',
    () => sandbox.count({ action: 'StartNetworkInsightsAnalysis', ok: true }) >= started + 3
  )
  running.kill('SIGKILL')
  main = await running
  sandbox.setKnobs({ analysisSeconds: 25, analysisJitter: 0.3 })
}, 120_000)

afterAll(async () => {
  await closeSandboxes()
  removeRunnerDirs()
})

describe('the post step deletes and reports only the leftovers of this run', () => {
  it('the killed main step saved its run id and left analyses and paths beside the other run’s', () => {
    expect(main.state.runId).toBe(OURS)
    expect(leftByRun(OURS).analyses.length).toBeGreaterThanOrEqual(3)
    expect(leftByRun(OURS).paths.length).toBeGreaterThanOrEqual(3)
    expect(leftByRun(OTHER)).toEqual({ analyses: [other.analysisId], paths: [other.pathId] })
  })

  it('with another run id (a later attempt of the run), deletes nothing and says why', async () => {
    const before = { ours: leftByRun(OURS), calls: deleteCalls() }
    const post = await runPost(main, { env: { ...sandbox.env, ...QUIET, GITHUB_RUN_ATTEMPT: '2' } })
    expect(post.exitCode).toBe(0)
    expect(stackTraceLines(post)).toEqual([])
    expect(post.annotations.filter(a => a.level === 'warning').map(a => a.message)).toEqual([
      expect.stringContaining(
        `the saved run id "${OURS}" is not this run's (${RUN_ID}-2); nothing was deleted`
      )
    ])
    expect(post.stdout).not.toMatch(/left by this run/)
    expect(deleteCalls()).toBe(before.calls)
    expect(leftByRun(OURS)).toEqual(before.ours)
    expect(leftByRun(OTHER)).toEqual({ analyses: [other.analysisId], paths: [other.pathId] })
  }, 60_000)

  it('with its own run id, deletes exactly what carries it and reports that as left by this run', async () => {
    const ours = leftByRun(OURS)
    const post = await runPost(main, { env: { ...sandbox.env, ...QUIET } })
    expect(post.exitCode).toBe(0)
    expect(stackTraceLines(post)).toEqual([])
    expect(post.stdout).toContain(
      `Post step deleted ${ours.analyses.length} analyses and ${ours.paths.length} paths left by this run.`
    )
    expect(post.annotations.filter(a => a.level === 'warning')).toEqual([])
    expect(leftByRun(OURS)).toEqual({ analyses: [], paths: [] })
    // Every delete named one of this run's ids; the other run's analysis and path are untouched.
    const deleted = [
      ...sandbox
        .find({ action: 'DeleteNetworkInsightsAnalysis', ok: true })
        .map(r => String(r.params.NetworkInsightsAnalysisId)),
      ...sandbox
        .find({ action: 'DeleteNetworkInsightsPath', ok: true })
        .map(r => String(r.params.NetworkInsightsPathId))
    ].sort()
    expect(deleted).toEqual([...ours.analyses, ...ours.paths].sort())
    expect(leftByRun(OTHER)).toEqual({ analyses: [other.analysisId], paths: [other.pathId] })
  }, 60_000)
})
