// End to end: the bundled dist/index.js, run as GitHub's runner runs it, against the local sandbox.
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { runAction, runPost, type ActionRun } from '../../sandbox/runner.js'

const CONFIG = readFileSync(new URL('../../examples/preflight.yaml', import.meta.url), 'utf8')
const SCENARIO = new URL('../../examples/sandbox.yaml', import.meta.url).pathname
const ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'
const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await startSandbox(SCENARIO)
})
afterEach(async () => {
  await sandbox.close()
})

function run(inputs: Record<string, string> = {}, extra: Partial<Parameters<typeof runAction>[0]> = {}) {
  return runAction({
    inputs: { config: 'preflight.yaml', 'role-to-assume': ROLE, ...inputs },
    env: { ...sandbox.env, ...QUIET },
    files: { 'preflight.yaml': CONFIG },
    ...extra
  })
}

/** Every secret the sandbox handed out: OIDC tokens, role session keys and tokens, the GitHub tokens. */
function secretsHandedOut(): string[] {
  const secrets = new Set<string>([sandbox.github.token, sandbox.github.requestToken])
  for (const c of sandbox.aws.credentials.all()) {
    secrets.add(c.secretAccessKey)
    if (c.sessionToken) secrets.add(c.sessionToken)
  }
  for (const r of sandbox.find({ service: 'sts', action: 'AssumeRoleWithWebIdentity' })) {
    secrets.add(String(r.params.WebIdentityToken))
  }
  return [...secrets].filter(s => s.length >= 16)
}

/** What a person or a log could see: the runner consumes `::add-mask::` itself and never shows it. */
function visibleBytes(r: ActionRun): string {
  const stdout = r.stdout
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
  const report = r.outputs.report ? readFileSync(r.outputs.report, 'utf8') : ''
  return [stdout, r.stderr, r.summary, JSON.stringify(r.outputs), report].join('\n')
}

describe('the bundled action on the demo scenario', () => {
  it('reports the drifted security group on its line, passes the rest, and leaves no analysis behind', async () => {
    const r = await run()
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({ result: 'failed', passed: '6', failed: '1', errors: '0', total: '7' })
    const errors = r.annotations.filter(a => a.level === 'error' && a.file)
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'preflight.yaml',
        line: 37,
        title: 'api-to-db-replica failed',
        message: expect.stringContaining(
          'sg-0a0000000000a0003 (orders-db-replica-sg) has no inbound rule allowing tcp/5432'
        )
      })
    ])
    expect(r.summary).toMatch(/❌ \*\*1 of 7 assertions failed — 6 passed\*\*/)
    for (const id of [
      'api-to-db',
      'dev-never-reaches-prod-db',
      'api-egress-via-inspection',
      'internet-never-reaches-db'
    ]) {
      expect(r.summary).toMatch(new RegExp(`\\| ✅ [a-z ]+\\| \`${id}\` · line \\d+ · [a-z]+/[0-9a-z-]+<br>`))
    }
    // via → FilterInArns, cross-account → AdditionalAccounts, as the engine sends them on the wire
    const starts = sandbox.find({ service: 'ec2', action: 'StartNetworkInsightsAnalysis', ok: true })
    expect(starts).toHaveLength(7)
    expect(
      starts.some(s => Array.isArray(s.params.FilterInArns) && (s.params.FilterInArns as string[]).length > 0)
    ).toBe(true)
    // Analyses run in the source's account and name the other account whose resources they involve:
    // app → shared for api-to-log-collector (destination) and api-egress-via-inspection (its `via`),
    // The other five stay in app (internet-never-reaches-db: the prod VPC's own gateway → the db).
    const additional = starts
      .map(s => `${s.account}→${JSON.stringify(s.params.AdditionalAccounts ?? [])}`)
      .sort()
    expect(additional).toEqual([
      '222222222222→["333333333333"]',
      '222222222222→["333333333333"]',
      '222222222222→[]',
      '222222222222→[]',
      '222222222222→[]',
      '222222222222→[]',
      '222222222222→[]'
    ])
    expect(sandbox.state().analyses).toHaveLength(0)

    const report = JSON.parse(readFileSync(r.outputs.report, 'utf8'))
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats.default(ajv)
    const validate = ajv.compile(
      JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'))
    )
    expect(validate(report) ? [] : validate.errors).toEqual([])
    expect(report).toMatchObject({ passed_count: 6, failed_count: 1, error_count: 0 })

    for (const secret of secretsHandedOut()) expect(visibleBytes(r)).not.toContain(secret)
    expect(secretsHandedOut().length).toBeGreaterThanOrEqual(4)
  })

  it('reuses its tagged paths on the next run: no path is created twice', async () => {
    await run()
    const created = sandbox.count({ service: 'ec2', action: 'CreateNetworkInsightsPath', ok: true })
    expect(created).toBe(7)
    const second = await run()
    expect(second.outputs.result).toBe('failed')
    expect(sandbox.count({ service: 'ec2', action: 'CreateNetworkInsightsPath', ok: true })).toBe(created)
  })

  it('a broken config gets annotations on its lines, outputs and a summary, and no AWS call', async () => {
    const broken = CONFIG.replace('port: 5432', 'port: 70000').replace('type: deny', 'type: block')
    const r = await run({}, { files: { 'preflight.yaml': broken } })
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({ result: 'error', errors: '2', total: '0' })
    const annotated = r.annotations.filter(a => a.level === 'error' && a.file === 'preflight.yaml')
    expect(annotated.map(a => [a.line, a.message])).toEqual([
      [expect.any(Number), expect.stringContaining('70000 is not a port')],
      [expect.any(Number), expect.stringContaining('"block" is not allowed')]
    ])
    const lines = CONFIG.split('\n')
    expect(lines[annotated[0].line! - 1]).toMatch(/port: 5432/)
    expect(lines[annotated[1].line! - 1]).toMatch(/type: deny/)
    expect(r.summary).toContain('2 problems in the config; no analysis was run')
    expect(sandbox.requests.filter(q => q.service === 'ec2' || q.service === 'sts')).toHaveLength(0)
  })

  it('a pull request from a fork validates the config only and passes with a notice', async () => {
    const r = await run(
      {},
      {
        event: {
          name: 'pull_request',
          payload: {
            pull_request: {
              number: 7,
              head: { repo: { full_name: 'someone/infra', fork: true } },
              base: { repo: { full_name: 'example-org/infra' } }
            },
            repository: { full_name: 'example-org/infra' }
          }
        }
      }
    )
    expect(r.exitCode).toBe(0)
    expect(r.outputs).toMatchObject({ result: 'skipped' })
    expect(r.annotations.some(a => a.level === 'notice' && /fork/i.test(a.message))).toBe(true)
    expect(sandbox.requests.filter(q => q.service !== 'github')).toHaveLength(0)
  })

  it('the max-analyses budget stops the run before it starts more analyses than allowed', async () => {
    const r = await run({ 'max-analyses': '3' })
    expect(sandbox.count({ service: 'ec2', action: 'StartNetworkInsightsAnalysis', ok: true })).toBe(3)
    expect(Number(r.outputs.errors)).toBe(4)
    expect(r.summary).toMatch(/budget/)
    expect(sandbox.state().analyses).toHaveLength(0)
  })

  it('killed with SIGTERM mid-analysis, the run and its post step leave no analysis behind', async () => {
    sandbox.setKnobs({ analysisSeconds: 600, analysisJitter: 0 })
    const running = run()
    const deadline = Date.now() + 60_000 // a hang detector
    while (sandbox.count({ service: 'ec2', action: 'StartNetworkInsightsAnalysis', ok: true }) < 3) {
      if (Date.now() > deadline) throw new Error('no analysis started')
      await new Promise(r => setTimeout(r, 50))
    }
    running.kill('SIGTERM')
    const main = await running
    const post = await runPost(main, { env: { ...sandbox.env, ...QUIET } })
    expect(post.exitCode).toBe(0)
    expect(sandbox.state().analyses).toHaveLength(0)
    for (const secret of secretsHandedOut()) expect(visibleBytes(post)).not.toContain(secret)
  })
})
