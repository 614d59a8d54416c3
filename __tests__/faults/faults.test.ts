// Faults against the bundled action on the demo scenario (7 assertions: 6 pass, api-to-db-replica fails).
// Every assertion of a faulty run must end with the clean run's verdict (the SDK's retries ride the fault
// out) or with a specific one-line error; and whatever happens, no analysis is left behind once the main
// step and its post step are done. Runs killed with SIGKILL (no chance to clean up) are swept by the post
// step or by `network-preflight cleanup --older-than 0s`.
//
// The scenarios run concurrently (`it.concurrent`, each with its own sandbox): most of their time is the
// SDK sleeping between retries, which is real time even at the sandbox's timeScale. Random faults are
// seeded; seed 2 draws faults early enough that every 5% scenario sees at least one (seed 42, the demo's,
// can draw none for a 5% rate on the ~40 requests of a run).
import { join } from 'node:path'
import { DeleteNetworkInsightsAnalysisCommand } from '@aws-sdk/client-ec2'
import type { RequestRecord, Sandbox } from '../../sandbox/server.js'
import { removeRunnerDirs, runCli, runPost, type ActionRun } from '../../sandbox/runner.js'
import type { Knobs, ScenarioFile } from '../../sandbox/scenario.js'
import {
  DEMO_IDS,
  NEEDS_SHARED,
  QUIET,
  demoFact,
  demoSandbox,
  demoScenario,
  foreignEc2,
  messageDefect,
  runDemo,
  stackTraceLines,
  statusesOf,
  verdictsOf,
  waitFor,
  type DemoRunOptions,
  type Verdict
} from './helpers.js'

/** The demo's verdicts, as documented in examples/preflight.yaml; the clean run below must agree. */
const DOCUMENTED: Record<string, Verdict['status']> = {
  'api-to-db': 'passed',
  'api-to-db-replica': 'failed',
  'dev-never-reaches-prod-db': 'passed',
  'dev-never-reaches-prod-api': 'passed',
  'api-egress-via-inspection': 'passed',
  'api-to-log-collector': 'passed',
  'internet-never-reaches-db': 'passed'
}

const RANDOM_FAULT_SEED = 2
/** What the sandbox answers for a random 5xx: EC2 InternalError (500) / Unavailable (503), STS InternalFailure. */
const SERVER_ERRORS = new Set(['InternalError', 'Unavailable', 'InternalFailure'])
const tally = { injected: 0, held: 0, killed: 0, cleaned: 0 }

/** Statuses of one clean run of the demo, taken once; every fault scenario compares with these. */
let clean: Promise<Record<string, Verdict['status']>> | undefined
function cleanVerdicts(): Promise<Record<string, Verdict['status']>> {
  clean ??= (async () => {
    const sandbox = await demoSandbox()
    try {
      return statusesOf(await runDemo(sandbox))
    } finally {
      await sandbox.close()
    }
  })()
  return clean
}

afterAll(() => {
  // One line for the README's hardening table.
  console.log(
    `faults: ${tally.injected} scenarios injected, ${tally.held} held; runs killed: ${tally.killed}, ${tally.cleaned} cleaned`
  )
  removeRunnerDirs()
})

/** A sandbox on the demo scenario (optionally changed), closed by the scenario that started it. */
async function withSandbox<T>(
  setup: { scenario?: ScenarioFile; knobs?: Partial<Knobs>; onRequest?: (r: RequestRecord) => void },
  body: (sandbox: Sandbox) => Promise<T>
): Promise<T> {
  const sandbox = await demoSandbox(setup.scenario ?? demoScenario(), {
    knobs: setup.knobs,
    onRequest: setup.onRequest
  })
  try {
    return await body(sandbox)
  } finally {
    await sandbox.close()
  }
}

/** Main step, then its post step (as the runner always runs it), on the same sandbox. */
async function mainAndPost(
  sandbox: Sandbox,
  options: DemoRunOptions = {}
): Promise<{ main: ActionRun; post: ActionRun }> {
  const main = await runDemo(sandbox, options)
  const post = await runPost(main, { env: { ...sandbox.env, ...QUIET } })
  return { main, post }
}

/** What must hold for every run, faulty or not: a report, no stack trace, the post step succeeding. */
function runDefects(main: ActionRun, post: ActionRun, sandbox: Sandbox): string[] {
  const defects: string[] = []
  if (!main.outputs.report) defects.push(`main step wrote no report (exit ${main.exitCode})`)
  for (const line of [...stackTraceLines(main), ...stackTraceLines(post)])
    defects.push(`stack trace: ${line}`)
  if (post.exitCode !== 0) defects.push(`post step exited ${post.exitCode}`)
  const left = sandbox.state().analyses.map(a => `${a.id} (${a.accountName}, ${a.status})`)
  if (left.length) defects.push(`analyses left behind: ${left.join(', ')}`)
  return defects
}

/**
 * Each assertion: the clean verdict, or `error` with a specific message. `expectError` names assertions
 * that must error, with what their message must say.
 */
function verdictDefects(
  run: ActionRun,
  cleanStatuses: Record<string, Verdict['status']>,
  expectError: Record<string, RegExp> = {}
): string[] {
  const defects: string[] = []
  const verdicts = verdictsOf(run)
  for (const id of DEMO_IDS) {
    const v = verdicts.get(id)
    if (!v) {
      defects.push(`${id}: missing from the report`)
      continue
    }
    const mustSay = expectError[id]
    if (mustSay) {
      if (v.status !== 'error') defects.push(`${id}: ${v.status}, expected error (${v.reason})`)
      else if (!mustSay.test(v.reason))
        defects.push(`${id}: error message does not match ${mustSay}: ${v.reason}`)
    } else if (v.status !== cleanStatuses[id]) {
      if (v.status !== 'error') defects.push(`${id}: ${v.status}, clean run says ${cleanStatuses[id]}`)
    }
    if (v.status === 'error') {
      const defect = messageDefect(v.reason)
      if (defect) defects.push(`${id}: ${defect}: ${v.reason}`)
    }
  }
  return defects
}

/** Counts the scenario for the summary line; it held when nothing is wrong with it. */
function judge(injected: number, defects: string[]): void {
  if (injected > 0) tally.injected++
  if (injected > 0 && defects.length === 0) tally.held++
  expect({ injected: injected > 0, defects }).toEqual({ injected: true, defects: [] })
}

const faulted = (sandbox: Sandbox, kind?: RequestRecord['fault']): RequestRecord[] =>
  sandbox.requests.filter(r => (kind ? r.fault === kind : r.fault !== undefined))

describe('the action under faults, compared with a clean run', () => {
  it('the clean run reproduces the documented demo verdicts', async () => {
    expect(await cleanVerdicts()).toEqual(DOCUMENTED)
  })

  // Slowest first: 30% throttling costs the SDK's real-time backoff (16-57 s measured), not scaled time.
  const randomFaults: Array<[string, Partial<Knobs>]> = [
    ['30% of EC2 calls throttled', { throttleRate: 0.3 }],
    [
      '30% throttled, 5% 5xx and 5% connection resets together',
      { throttleRate: 0.3, serverErrorRate: 0.05, connectionResetRate: 0.05 }
    ],
    ['5% of EC2/STS calls answered with a 5xx', { serverErrorRate: 0.05 }],
    ['5% of EC2/STS connections reset without an answer', { connectionResetRate: 0.05 }]
  ]
  it.concurrent.each(randomFaults)(
    '%s: clean verdicts or specific errors, nothing left behind',
    async (_name, knobs) => {
      const cleanStatuses = await cleanVerdicts()
      const scenario = { ...demoScenario(), seed: RANDOM_FAULT_SEED }
      await withSandbox({ scenario, knobs }, async sandbox => {
        const { main, post } = await mainAndPost(sandbox)
        const defects = [...verdictDefects(main, cleanStatuses), ...runDefects(main, post, sandbox)]
        // The kinds asked for were really injected (a reset is recorded with status 0).
        if (knobs.throttleRate && !faulted(sandbox).some(r => r.errorCode === 'RequestLimitExceeded'))
          defects.push('no call was throttled')
        if (knobs.serverErrorRate && !faulted(sandbox).some(r => SERVER_ERRORS.has(r.errorCode ?? '')))
          defects.push('no 5xx was injected')
        if (knobs.connectionResetRate && !faulted(sandbox).some(r => r.status === 0))
          defects.push('no connection was reset')
        judge(faulted(sandbox, 'random').length, defects)
      })
    },
    120_000
  )

  it.concurrent(
    'an STS outage for the shared account: its three assertions error naming it, the rest are clean',
    async () => {
      const cleanStatuses = await cleanVerdicts()
      await withSandbox({ knobs: { stsOutageAccounts: ['shared'] } }, async sandbox => {
        const { main, post } = await mainAndPost(sandbox)
        // "shared" or its id 333333333333, and what went wrong.
        const namesShared =
          /(shared|333333333333).*ServiceUnavailable|ServiceUnavailable.*(shared|333333333333)/
        const defects = [
          ...verdictDefects(
            main,
            cleanStatuses,
            Object.fromEntries(NEEDS_SHARED.map(id => [id, namesShared]))
          ),
          ...runDefects(main, post, sandbox)
        ]
        // The app account's analyses really ran: the outage did not take the whole run down.
        if (sandbox.count({ action: 'StartNetworkInsightsAnalysis', account: 'app', ok: true }) < 4)
          defects.push('the app account ran fewer than 4 analyses')
        judge(faulted(sandbox, 'outage').length, defects)
      })
    },
    120_000
  )

  it.concurrent(
    "an analysis AWS reports as failed: that assertion errors with AWS's status message, the rest are clean",
    async () => {
      const cleanStatuses = await cleanVerdicts()
      const statusMessage = 'Planted failure: the analysis could not be completed for nip-under-test'
      const scenario = demoScenario()
      const fact = demoFact(scenario, 'api-to-db')
      delete fact.paths
      fact.failure = statusMessage
      await withSandbox({ scenario }, async sandbox => {
        const { main, post } = await mainAndPost(sandbox)
        const defects = [
          ...verdictDefects(main, cleanStatuses, {
            'api-to-db': new RegExp(statusMessage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          }),
          ...runDefects(main, post, sandbox)
        ]
        const v = verdictsOf(main).get('api-to-db')
        if (v?.analysisStatus !== 'failed') defects.push(`api-to-db analysis status ${v?.analysisStatus}`)
        // The failed analysis was AWS's answer, not a fault of the transport: one start, no retries.
        judge(v?.analysisStatus === 'failed' ? 1 : 0, defects)
      })
    },
    120_000
  )

  it.concurrent(
    'an analysis that never finishes: that assertion errors with the timeout, its analysis is deleted by the main step',
    async () => {
      const cleanStatuses = await cleanVerdicts()
      const scenario = demoScenario()
      demoFact(scenario, 'dev-to-prod-api').neverFinishes = true
      await withSandbox({ scenario }, async sandbox => {
        // 10 s is the smallest timeout-seconds the action accepts; the analysis clock is real time.
        const main = await runDemo(sandbox, { inputs: { 'timeout-seconds': '10' } })
        // Deleted by the main step itself, not left to the post step.
        const leftAfterMain = sandbox.state().analyses.map(a => a.id)
        const post = await runPost(main, { env: { ...sandbox.env, ...QUIET } })
        const defects = [
          ...verdictDefects(main, cleanStatuses, {
            'dev-never-reaches-prod-api': /did not finish within 10 s.*deleted/
          }),
          ...runDefects(main, post, sandbox)
        ]
        if (leftAfterMain.length) defects.push(`left after the main step: ${leftAfterMain.join(', ')}`)
        const stuck = verdictsOf(main).get('dev-never-reaches-prod-api')
        if (stuck?.analysisStatus !== 'timeout') defects.push(`analysis status ${stuck?.analysisStatus}`)
        const deletes = sandbox.find({ action: 'DeleteNetworkInsightsAnalysis', ok: true })
        if (!deletes.some(d => d.params.NetworkInsightsAnalysisId === stuck?.analysisId))
          defects.push(`the stuck analysis ${stuck?.analysisId} was never deleted`)
        judge(stuck?.analysisId ? 1 : 0, defects)
      })
    },
    120_000
  )

  it.concurrent(
    'every path deleted by someone else as soon as it exists: one replacement per path, then a specific error',
    async () => {
      const cleanStatuses = await cleanVerdicts()
      await withSandbox({ knobs: { deletePathsAfterSeconds: 0 } }, async sandbox => {
        const { main, post } = await mainAndPost(sandbox)
        const notFound =
          /StartNetworkInsightsAnalysis failed in account (app|shared), us-east-1: InvalidNetworkInsightsPathId\.NotFound: .*nip-/
        const defects = [
          ...verdictDefects(main, cleanStatuses, Object.fromEntries(DEMO_IDS.map(id => [id, notFound]))),
          ...runDefects(main, post, sandbox)
        ]
        // The engine recreates a vanished path once (7 paths → 14 creations), never in a loop.
        const created = sandbox.count({ action: 'CreateNetworkInsightsPath', ok: true })
        if (created !== 14) defects.push(`${created} paths created, expected 7 + 7 replacements`)
        judge(
          sandbox.count({
            action: 'StartNetworkInsightsAnalysis',
            errorCode: 'InvalidNetworkInsightsPathId.NotFound'
          }),
          defects
        )
      })
    },
    120_000
  )

  it.concurrent(
    'kept paths deleted by someone else after the run listed them: recreated once, verdicts reached',
    async () => {
      const cleanStatuses = await cleanVerdicts()
      let deleteListedPaths: ((r: RequestRecord) => void) | undefined
      await withSandbox({ onRequest: r => deleteListedPaths?.(r) }, async sandbox => {
        await runDemo(sandbox) // keeps its 7 tagged paths for reuse
        const kept = new Map(sandbox.state().paths.map(p => [p.id, p.accountId]))
        const before = sandbox.requests.length
        // Someone else's cleanup deletes an account's kept paths right after the run listed them.
        deleteListedPaths = r => {
          if (r.action !== 'DescribeNetworkInsightsPaths' || r.status !== 200 || r.seq <= before) return
          for (const [id, account] of kept) if (account === r.account) sandbox.aws.paths.delete(id)
        }
        const { main, post } = await mainAndPost(sandbox)
        deleteListedPaths = undefined
        const defects = [...verdictDefects(main, cleanStatuses), ...runDefects(main, post, sandbox)]
        const statuses = statusesOf(main)
        if (JSON.stringify(statuses) !== JSON.stringify(cleanStatuses))
          defects.push(`verdicts differ from the clean run: ${JSON.stringify(statuses)}`)
        const vanished = sandbox
          .find({
            action: 'StartNetworkInsightsAnalysis',
            errorCode: 'InvalidNetworkInsightsPathId.NotFound'
          })
          .filter(r => r.seq > before)
        const recreated = sandbox
          .find({ action: 'CreateNetworkInsightsPath', ok: true })
          .filter(r => r.seq > before)
        // One new path per vanished kept path, at most.
        if (recreated.length > kept.size)
          defects.push(`${recreated.length} paths recreated for ${kept.size} deleted`)
        if (!/no longer exists; creating a new one/.test(main.stdout) && vanished.length > 0)
          defects.push('the replacement was not logged')
        judge(vanished.length, defects)
      })
    },
    120_000
  )

  // Known bug (reported to the lead): the poller describes all running analyses of an account in one
  // DescribeNetworkInsightsAnalyses call with their ids; when one of them no longer exists, EC2 fails the
  // whole call with InvalidNetworkInsightsAnalysisId.NotFound, and every analysis of the batch errors
  // with a message that names another analysis. Only the deleted one should error.
  it.concurrent(
    'one analysis deleted by someone else mid-run: only its assertion errors, the others get their verdicts',
    async () => {
      const cleanStatuses = await cleanVerdicts()
      // 200 s analyses (10 s real) without jitter: all six app analyses are still running when one is deleted,
      // even on a busy machine (a short analysis could end between the wait and the delete).
      await withSandbox({ knobs: { analysisSeconds: 200, analysisJitter: 0 } }, async sandbox => {
        const running = runDemo(sandbox)
        await waitFor(
          'six app analyses',
          () => sandbox.count({ action: 'StartNetworkInsightsAnalysis', account: 'app', ok: true }) >= 6
        )
        const victim = sandbox.state().analyses.find(a => a.accountName === 'app' && a.status === 'running')!
        await foreignEc2(sandbox).send(
          new DeleteNetworkInsightsAnalysisCommand({ NetworkInsightsAnalysisId: victim.id })
        )
        const main = await running
        const post = await runPost(main, { env: { ...sandbox.env, ...QUIET } })
        const victimAssertion = [...verdictsOf(main)].find(([, v]) => v.analysisId === victim.id)?.[0] ?? '?'
        const defects = [
          ...verdictDefects(main, cleanStatuses, { [victimAssertion]: new RegExp(victim.id) }),
          ...runDefects(main, post, sandbox)
        ]
        for (const [id, v] of verdictsOf(main))
          if (id !== victimAssertion && v.status !== cleanStatuses[id])
            defects.push(`${id}: ${v.status} (${v.reason})`)
        judge(1, defects)
      })
    },
    120_000
  )
})

describe('runs killed with SIGKILL (no chance to clean up)', () => {
  /** Starts the action on slow analyses and SIGKILLs it once three are running. */
  async function killedMidRun(sandbox: Sandbox, inputs: Record<string, string> = {}): Promise<ActionRun> {
    sandbox.setKnobs({ analysisSeconds: 600, analysisJitter: 0 })
    const running = runDemo(sandbox, { inputs })
    await waitFor(
      'three analyses',
      () => sandbox.count({ action: 'StartNetworkInsightsAnalysis', ok: true }) >= 3
    )
    running.kill('SIGKILL')
    const main = await running
    tally.killed++
    expect(main.signal).toBe('SIGKILL')
    // The kill really left analyses behind: the sweep below has something to do.
    expect(sandbox.state().analyses.length).toBeGreaterThanOrEqual(3)
    return main
  }

  it.concurrent(
    'the post step deletes what the killed main step started',
    async () => {
      await withSandbox({}, async sandbox => {
        const main = await killedMidRun(sandbox)
        const post = await runPost(main, { env: { ...sandbox.env, ...QUIET } })
        expect(post.exitCode).toBe(0)
        expect(stackTraceLines(post)).toEqual([])
        expect(sandbox.state().analyses).toEqual([])
        expect(post.stdout).toMatch(/Post step deleted \d+ analyses/)
        tally.cleaned++
      })
    },
    60_000
  )

  it.concurrent(
    'a killed `cleanup: all` run: `network-preflight cleanup --older-than 0s` deletes its analyses and ephemeral paths',
    async () => {
      await withSandbox({}, async sandbox => {
        const main = await killedMidRun(sandbox, { cleanup: 'all' })
        expect(sandbox.state().paths.length).toBeGreaterThan(0)
        const cli = await runCli(
          ['cleanup', '-f', join(main.workspace, 'preflight.yaml'), '--older-than', '0s'],
          {
            env: { ...sandbox.env, ...sandbox.staticCredentialsEnv('app'), ...QUIET },
            cwd: main.workspace
          }
        )
        expect({
          exit: cli.exitCode,
          stderr: cli.stderr.split('\n').filter(l => !/^cleanup: deleted/.test(l) && l)
        }).toEqual({
          exit: 0,
          stderr: []
        })
        expect(cli.stdout).toMatch(/^deleted \d+ analys[ei]s and \d+ paths? in 2 account-regions/)
        expect(sandbox.state().analyses).toEqual([])
        expect(sandbox.state().paths).toEqual([])
        // Both accounts were swept through the config's roles, assumed from the static keys.
        expect(sandbox.count({ service: 'sts', action: 'AssumeRole', ok: true })).toBeGreaterThanOrEqual(1)
        tally.cleaned++
      })
    },
    60_000
  )
})
