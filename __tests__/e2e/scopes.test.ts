// End to end through the bundled action (dist/index.js) on the sandbox: set denies proved with one Network
// Access Analyzer analysis, failing with every violating path named, cleaned up by the run and the post step.
import { readFileSync } from 'node:fs'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { runAction, runPost } from '../../sandbox/runner.js'
import type { ScenarioFile } from '../../sandbox/scenario.js'
import { devProdScenario, exposureScenario, ROLE } from '../sandbox/naa-scenario.js'

const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
const HEAD = `version: 1
defaults: { region: us-east-1 }
accounts:
  prod: { role_arn: ${ROLE}, regions: [us-east-1] }
assertions:
`
const PRIVATE = `  - id: private-not-from-internet
    type: deny
    description: nothing in subnets tagged Tier=private is reachable from the internet
    protocol: tcp
    source: { account: prod, internet: true }
    destination: { account: prod, selector: { match: each, subnet: { tags: { Tier: private } } } }
`
const ONLY_THROUGH_LB = `  - id: prod-only-through-the-load-balancer
    type: deny
    protocol: tcp
    source: { account: prod, internet: true }
    destination: { account: prod, selector: { match: each, vpc: { tags: { Env: prod } } } }
    avoid: [{ account: prod, selector: { load_balancer: web-alb } }]
`

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

async function run(scenario: ScenarioFile, assertions: string, inputs: Record<string, string> = {}) {
  sandbox = await startSandbox(scenario)
  return runAction({
    inputs: { config: 'preflight.yaml', 'role-to-assume': ROLE, ...inputs },
    env: { ...sandbox.env, ...QUIET },
    files: { 'preflight.yaml': HEAD + assertions }
  })
}

describe('set denies through the bundled action', () => {
  it('"nothing in subnets tagged Tier=private is reachable from the internet" passes on a clean network with one analysis', async () => {
    const r = await run(exposureScenario({ exposed: false }), PRIVATE)
    expect(r.outputs).toMatchObject({ result: 'passed', passed: '1', failed: '0', errors: '0' })
    expect(sandbox!.count({ action: 'StartNetworkInsightsAccessScopeAnalysis' })).toBe(1)
    expect(sandbox!.count({ action: 'StartNetworkInsightsAnalysis' })).toBe(0)
    const [create] = sandbox!.find({ action: 'CreateNetworkInsightsAccessScope' })
    expect(JSON.stringify(create.params)).toContain('subnet-0cd00000000000001')
    expect(r.summary).toContain('4 network interfaces analysed')
    expect(sandbox!.state().scopeAnalyses).toEqual([])
  })

  it('fails on a network with one exposed instance, naming it and its path through the internet gateway', async () => {
    const r = await run(exposureScenario({ exposed: true }), PRIVATE)
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({ result: 'failed', failed: '1' })
    const error = r.annotations.find(a => a.level === 'error' && a.file === 'preflight.yaml')!
    expect(error.line).toBe(6)
    expect(error.message).toContain('1 violating path out of 4 interfaces analysed')
    expect(error.message).toContain('i-0ee00000000000001 (forgotten-debug-box)')
    expect(error.message).toContain(
      'igw-0aaa0000000000001 → acl-0aaa0000000000001 → sg-0ee000000000001 → eni-0ee00000000000001'
    )
    const report = JSON.parse(readFileSync(r.outputs.report, 'utf8')) as {
      results: Array<{ scope?: { findings: unknown[]; analyzed_eni_count: number } }>
    }
    expect(report.results[0].scope?.analyzed_eni_count).toBe(4)
    expect(report.results[0].scope?.findings).toHaveLength(1)
    expect(sandbox!.state().scopeAnalyses).toEqual([])
  })

  it('"prod is reachable from the internet only through the load balancer" uses an exclude statement', async () => {
    const r = await run(exposureScenario({ exposed: false }), ONLY_THROUGH_LB)
    expect(r.outputs).toMatchObject({ result: 'passed' })
    const [create] = sandbox!.find({ action: 'CreateNetworkInsightsAccessScope' })
    const params = JSON.stringify(create.params)
    expect(params).toContain('ExcludePaths')
    expect(params).toContain('loadbalancer/app/web-alb/50dc6c495c0c9188')
  })

  it('"dev VPC never reaches prod VPC" over 20 × 20 instances: 1 scope analysis instead of 400, and the leak is found', async () => {
    const DEV_PROD = `  - id: dev-never-reaches-prod
    type: deny
    protocol: tcp
    source: { account: prod, selector: { match: each, vpc: { tags: { Env: dev } } } }
    destination: { account: prod, selector: { match: each, vpc: { tags: { Env: prod } } } }
`
    const r = await run(devProdScenario(20, true), DEV_PROD)
    expect(r.outputs).toMatchObject({ result: 'failed' })
    expect(sandbox!.count({ action: 'StartNetworkInsightsAccessScopeAnalysis' })).toBe(1)
    expect(sandbox!.count({ action: 'StartNetworkInsightsAnalysis' })).toBe(0)
    expect(r.summary).toContain('1 violating path out of 40 interfaces analysed')
    expect(r.summary).toContain('dev-3')
  })

  it('a run killed (SIGKILL) mid-analysis: the post step deletes its scope analysis and its ephemeral scope (cleanup: all)', async () => {
    const scenario = exposureScenario({ exposed: false })
    ;(scenario as { knobs: Record<string, unknown> }).knobs.analysesNeverFinish = true
    sandbox = await startSandbox(scenario)
    const running = runAction({
      inputs: { config: 'preflight.yaml', 'role-to-assume': ROLE, cleanup: 'all' },
      env: { ...sandbox.env, ...QUIET },
      files: { 'preflight.yaml': HEAD + PRIVATE }
    })
    for (let i = 0; i < 400 && sandbox.state().scopeAnalyses.length === 0; i++)
      await new Promise(resolve => setTimeout(resolve, 50))
    expect(sandbox.state().scopeAnalyses).toHaveLength(1)
    running.kill('SIGKILL')
    const killed = await running
    expect(sandbox.state().scopeAnalyses).toHaveLength(1)
    await runPost(killed, { env: { ...sandbox.env, ...QUIET } })
    expect(sandbox.state().scopeAnalyses).toEqual([])
    expect(sandbox.state().scopes).toEqual([])
  })
  it('killed with SIGTERM mid-analysis, the run and its post step leave no scope analysis and no ephemeral scope behind', async () => {
    const scenario = exposureScenario({ exposed: false })
    ;(scenario as { knobs: Record<string, unknown> }).knobs.analysesNeverFinish = true
    sandbox = await startSandbox(scenario)
    const running = runAction({
      inputs: { config: 'preflight.yaml', 'role-to-assume': ROLE, cleanup: 'all' },
      env: { ...sandbox.env, ...QUIET },
      files: { 'preflight.yaml': HEAD + PRIVATE }
    })
    for (let i = 0; i < 400 && sandbox.state().scopeAnalyses.length === 0; i++)
      await new Promise(resolve => setTimeout(resolve, 50))
    expect(sandbox.state().scopeAnalyses).toHaveLength(1)
    running.kill('SIGTERM')
    const main = await running
    const post = await runPost(main, { env: { ...sandbox.env, ...QUIET } })
    expect(post.exitCode).toBe(0)
    expect(sandbox.state().scopeAnalyses).toEqual([])
    expect(sandbox.state().scopes).toEqual([])
    // Deleted by someone: by the run itself on SIGTERM, or by its post step.
    expect(sandbox.count({ action: 'DeleteNetworkInsightsAccessScopeAnalysis', ok: true })).toBe(1)
  })

  it('a scope analysis that fails is an error (never a pass), and the run deletes it', async () => {
    const scenario = exposureScenario({ exposed: false })
    ;(scenario as { knobs: Record<string, unknown> }).knobs.scopeAnalysisFailure = 'Internal error'
    const r = await run(scenario, PRIVATE)
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({ result: 'error', passed: '0', errors: '1' })
    expect(r.summary).toContain('Internal error')
    expect(sandbox!.count({ action: 'StartNetworkInsightsAccessScopeAnalysis', ok: true })).toBe(1)
    expect(sandbox!.state().scopeAnalyses).toEqual([])
    // keep-paths (the default) keeps the scope for reuse, as it keeps paths.
    expect(sandbox!.state().scopes).toHaveLength(1)
  })
  it('the drift issue says which violating paths are new and which disappeared when the exposed box changes', async () => {
    const first = exposureScenario({ exposed: true })
    ;(first as { github?: unknown }).github = { repository: 'example-org/infra' }
    // The same network, but now the database is the box open to the internet instead of the debug box.
    const moved = JSON.parse(
      JSON.stringify(first.reachability)
        .replaceAll('i-0ee00000000000001', 'i-0db00000000000001')
        .replaceAll('eni-0ee00000000000001', 'eni-0db00000000000001')
        .replaceAll('sg-0ee000000000001', 'sg-0db0000000000001')
    ) as NonNullable<ScenarioFile['reachability']>
    sandbox = await startSandbox(first)
    const drift = () =>
      runAction({
        inputs: {
          config: 'preflight.yaml',
          'role-to-assume': ROLE,
          'drift-issue': 'true',
          'fail-on': 'never'
        },
        env: { ...sandbox!.env, ...QUIET },
        files: { 'preflight.yaml': HEAD + PRIVATE },
        event: { name: 'schedule', payload: {} }
      })
    const issues = () => sandbox!.state().github.issues.filter(i => !i.pull_request)
    const DEBUG = 'igw-0aaa0000000000001 → eni-0ee00000000000001 (i-0ee00000000000001)'
    const DB = 'igw-0aaa0000000000001 → eni-0db00000000000001 (i-0db00000000000001)'

    const one = await drift()
    expect(one.outputs).toMatchObject({ result: 'failed', 'drift-issue': String(issues()[0].number) })
    expect(issues()).toHaveLength(1)
    expect(issues()[0].body).toContain('1 violating path out of 4 interfaces analysed')

    sandbox.replaceResources(first.resources, moved)
    const two = await drift()
    expect(two.outputs).toMatchObject({ result: 'failed' })
    expect(issues()).toHaveLength(1)
    const body = issues()[0].body ?? ''
    expect(body).toContain('**Violating path changes**')
    expect(body).toContain(`1 new violating path: \`${DB}\``)
    expect(body).toContain(`1 violating path gone: \`${DEBUG}\``)
    // Still failing, but with another exposed box: one comment says so.
    const comments = sandbox
      .state()
      .github.comments.filter(c => c.issue_url.endsWith(`/issues/${issues()[0].number}`))
    expect(comments).toHaveLength(1)
    expect(comments[0].body).toContain(`1 new violating path: \`${DB}\``)
  })
})
