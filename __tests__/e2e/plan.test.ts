// End to end: the bundled action on the demo network with a Terraform plan / Pulumi preview, as a PR check runs it.
import { readFileSync } from 'node:fs'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { runAction } from '../../sandbox/runner.js'

const CONFIG = readFileSync(new URL('../../examples/preflight.yaml', import.meta.url), 'utf8')
const SCENARIO = new URL('../../examples/sandbox.yaml', import.meta.url).pathname
const plan = (name: string) => readFileSync(new URL(`../../examples/plans/${name}`, import.meta.url), 'utf8')
const ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'
const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
const lineOf = (id: string) => CONFIG.split('\n').findIndex(l => l.includes(`- id: ${id}`)) + 1

let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await startSandbox(SCENARIO)
})
afterEach(async () => {
  await sandbox.close()
})

function run(inputs: Record<string, string>, files: Record<string, string> = {}) {
  return runAction({
    inputs: { config: 'preflight.yaml', 'role-to-assume': ROLE, ...inputs },
    env: { ...sandbox.env, ...QUIET },
    files: { 'preflight.yaml': CONFIG, ...files }
  })
}

const starts = () => sandbox.count({ service: 'ec2', action: 'StartNetworkInsightsAnalysis', ok: true })

describe('the bundled action with a plan', () => {
  it('a plan deleting the database ingress rule: breaks api-to-db, on its line, and fails the step', async () => {
    const r = await run({ plan: 'plan.json' }, { 'plan.json': plan('delete-db-ingress.tfplan.json') })
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({ 'predicted-breaks': '1', 'predicted-opens': '0' })
    // The verdicts about the deployed network are what they were without a plan.
    expect(r.outputs).toMatchObject({ passed: '6', failed: '1', errors: '0', total: '7' })
    const predicted = r.annotations.filter(a => a.title?.includes('predicted to break'))
    expect(predicted).toEqual([
      expect.objectContaining({
        level: 'error',
        file: 'preflight.yaml',
        line: lineOf('api-to-db'),
        title: 'api-to-db: predicted to break once applied',
        message:
          'predicted to break once applied: `aws_security_group_rule.db_from_app` (delete) removes the only rule on sg-0a0000000000a0002 admitting tcp/5432 from sg-0a0000000000a0001'
      })
    ])
    expect(r.stdout).toMatch(/predicted to break 1 and open 0 assertions once applied/)
    // "What this plan changes" comes before the verdict line.
    const section = r.summary.indexOf('What this plan changes')
    expect(section).toBeGreaterThan(-1)
    expect(section).toBeLessThan(r.summary.indexOf('assertions failed'))
    const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'))
    expect(report.plan).toMatchObject({
      predicted_breaks: 1,
      predicted_opens: 0,
      scope: 'all',
      files: ['plan.json']
    })
    expect(
      report.results.find((x: { assertion_id: string }) => x.assertion_id === 'api-to-db').prediction
    ).toMatchObject({
      effect: 'breaks',
      reasons: [
        expect.objectContaining({ resource: 'aws_security_group_rule.db_from_app', action: 'delete' })
      ]
    })
  })

  it('the same deletion as a Pulumi preview predicts the same break', async () => {
    const r = await run({ plan: 'preview.json' }, { 'preview.json': plan('delete-db-ingress.preview.json') })
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({ 'predicted-breaks': '1', 'predicted-opens': '0' })
    expect(
      r.annotations.some(
        a => a.line === lineOf('api-to-db') && a.message.includes('SecurityGroupRule::db-from-app')
      )
    ).toBe(true)
  })

  it('a plan adding 0.0.0.0/0 on 5432: opens internet-never-reaches-db and fails the step', async () => {
    const r = await run({ plan: 'plan.json' }, { 'plan.json': plan('open-db-to-internet.tfplan.json') })
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({
      'predicted-breaks': '0',
      'predicted-opens': '1',
      passed: '6',
      failed: '1'
    })
    const opened = r.annotations.filter(a => a.title?.includes('predicted to open'))
    expect(opened).toEqual([
      expect.objectContaining({
        level: 'error',
        line: lineOf('internet-never-reaches-db'),
        message: expect.stringContaining(
          '`aws_vpc_security_group_ingress_rule.db_public` (create) adds ingress tcp/5432 from 0.0.0.0/0'
        )
      })
    ])
  })

  it('an unrelated plan leaves the verdicts and the step result as they were', async () => {
    const without = await run({})
    const r = await run({ plan: 'plan.json' }, { 'plan.json': plan('unrelated.tfplan.json') })
    expect(r.exitCode).toBe(without.exitCode)
    const verdicts = (x: typeof r) => ({
      result: x.outputs.result,
      passed: x.outputs.passed,
      failed: x.outputs.failed,
      errors: x.outputs.errors
    })
    expect(verdicts(r)).toEqual(verdicts(without))
    expect(r.outputs).toMatchObject({ 'predicted-breaks': '0', 'predicted-opens': '0' })
    expect(r.annotations.filter(a => /predicted/.test(a.title ?? ''))).toEqual([])
    expect(r.annotations.filter(a => a.level === 'error').map(a => a.title)).toEqual(
      without.annotations.filter(a => a.level === 'error').map(a => a.title)
    )
  })

  it('fail-on-predicted: never reports the break as a warning and keeps the step result of the verdicts', async () => {
    const r = await run(
      { plan: 'plan.json', 'fail-on-predicted': 'never', 'fail-on': 'never' },
      { 'plan.json': plan('delete-db-ingress.tfplan.json') }
    )
    expect(r.exitCode).toBe(0)
    expect(r.outputs['predicted-breaks']).toBe('1')
    expect(r.annotations.find(a => a.title?.includes('predicted to break'))?.level).toBe('warning')
  })

  it('plan-scope: affected runs only the assertions the changed security group can affect', async () => {
    const r = await run(
      { plan: 'plan.json', 'plan-scope': 'affected' },
      { 'plan.json': plan('delete-db-ingress.tfplan.json') }
    )
    // sg-0a0000000000a0002 is attached to orders-db: the three assertions ending there, not the other four.
    expect(starts()).toBe(3)
    expect(r.outputs).toMatchObject({ total: '3', 'predicted-breaks': '1' })
    const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'))
    expect(report.plan.in_scope.map((s: { assertion_id: string }) => s.assertion_id).sort()).toEqual([
      'api-to-db',
      'dev-never-reaches-prod-db',
      'internet-never-reaches-db'
    ])
    expect(report.plan.skipped.map((s: { assertion_id: string }) => s.assertion_id).sort()).toEqual([
      'api-egress-via-inspection',
      'api-to-db-replica',
      'api-to-log-collector',
      'dev-never-reaches-prod-api'
    ])
    expect(r.summary).toContain('plan-scope: affected — 3 analysed, 4 skipped')
    expect(r.summary).toContain('no plan-base-config given')
  })

  it('plan-scope: affected also runs the assertions the pull request adds or edits (base config given)', async () => {
    const base = CONFIG.replace('port: 8080-8090', 'port: 8080')
    const r = await run(
      { plan: 'plan.json', 'plan-scope': 'affected', 'plan-base-config': 'base.yaml' },
      { 'plan.json': plan('delete-db-ingress.tfplan.json'), 'base.yaml': base }
    )
    expect(starts()).toBe(4)
    const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'))
    expect(report.plan.in_scope).toContainEqual({
      assertion_id: 'dev-never-reaches-prod-api',
      reason: 'the pull request edits this assertion'
    })
  })

  it('a bad plan file fails the step naming the file, before any analysis', async () => {
    const r = await run(
      { plan: 'plan.json' },
      {
        'plan.json': JSON.stringify({
          format_version: '2.0',
          terraform_version: '2.0.0',
          resource_changes: []
        })
      }
    )
    expect(r.exitCode).toBe(1)
    expect(r.annotations.find(a => a.level === 'error')?.message).toContain(
      'Input "plan": plan.json: Terraform plan format_version "2.0" is not supported; supported: 0.1, 1.x'
    )
    expect(starts()).toBe(0)
  })
})
