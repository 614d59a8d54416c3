// End to end, issue 12 scenario (a): `lambda:` → `rds:` on tcp/5432 with not one resource id in the config,
// through the bundled action (dist/index.js) and CLI against the sandbox; then the world changes (Lambda
// replaces its ENI, the database fails over to its standby's AZ) and the same config still passes.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { runAction, runCli } from '../../sandbox/runner.js'

const CONFIG_PATH = new URL('../../examples/scenarios/lambda-rds.preflight.yaml', import.meta.url).pathname
const CONFIG = readFileSync(CONFIG_PATH, 'utf8')
const SCENARIO = new URL('../../examples/scenarios/lambda-rds.yaml', import.meta.url).pathname
const ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'
const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox(SCENARIO)
})
afterAll(async () => {
  await sandbox.close()
})

const run = () =>
  runAction({
    inputs: { config: 'preflight.yaml', 'role-to-assume': ROLE },
    env: { ...sandbox.env, ...QUIET },
    files: { 'preflight.yaml': CONFIG }
  })

/** Source and destination of the paths created since request `after`. */
const pathsSince = (after: number) =>
  sandbox
    .find({ service: 'ec2', action: 'CreateNetworkInsightsPath', ok: true })
    .filter(r => r.seq > after)
    .map(r => [r.params.Source, r.params.Destination])

describe('lambda → rds on the bundled action', () => {
  it('passes with no id in the config, and still passes after the ENIs are replaced and the database fails over', async () => {
    expect(CONFIG).not.toMatch(/\b(eni|i|sg|subnet|vpc)-[0-9a-f]{8,}/)

    const first = await run()
    expect(first.outputs).toMatchObject({ result: 'passed', passed: '1', failed: '0', errors: '0' })
    expect(pathsSince(0)).toEqual([['eni-0c0000000000f0001', 'eni-0c0000000000d00a1']])
    // Each managed API was called through its own endpoint, signed for the account.
    for (const [service, action] of [
      ['lambda', 'GetFunctionConfiguration'],
      ['rds', 'DescribeDBInstances']
    ] as const)
      expect(sandbox.count({ service, action, account: 'app', ok: true })).toBeGreaterThan(0)

    // Lambda rebuilds its Hyperplane ENI; the database fails over to the standby's AZ.
    const mark = sandbox.requests[sandbox.requests.length - 1].seq
    const region = structuredClone(sandbox.scenario.resources!.app['us-east-1'])
    region.networkInterfaces!.find(e => e.id === 'eni-0c0000000000f0001')!.id = 'eni-0c0000000000f0002'
    const db = region.dbInstances!.find(d => d.id === 'orders-db')!
    ;[db.availabilityZone, db.secondaryAvailabilityZone] = [
      db.secondaryAvailabilityZone!,
      db.availabilityZone
    ]
    sandbox.replaceResources({ app: { 'us-east-1': region } })

    const second = await run()
    expect(second.outputs).toMatchObject({ result: 'passed', passed: '1', failed: '0', errors: '0' })
    expect(pathsSince(mark)).toEqual([['eni-0c0000000000f0002', 'eni-0c0000000000d00b1']])
  })

  it('list-targets shows each expansion (CLI, static keys)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-managed-'))
    cpSync(CONFIG_PATH, join(dir, 'preflight.yaml'))
    const r = await runCli(['list-targets', '-f', 'preflight.yaml', '--format', 'json'], {
      env: { ...sandbox.env, ...sandbox.staticCredentialsEnv('app'), AWS_REGION: 'us-east-1', ...QUIET },
      cwd: dir
    })
    expect(r.exitCode).toBe(0)
    const json = JSON.parse(r.stdout) as {
      targets: Array<{ role: string; group: string; members: Array<{ resource_id: string }> }>
    }
    expect(json.targets.map(t => [t.role, t.group, t.members.map(m => m.resource_id)])).toEqual([
      [
        'source',
        'Lambda function orders-fn (1 network interface)',
        [expect.stringMatching(/^eni-0c0000000000f000[12]$/)]
      ],
      [
        'destination',
        expect.stringMatching(/^RDS instance orders-db \(eni-/),
        [expect.stringMatching(/^eni-0c0000000000d00[ab]1$/)]
      ]
    ])
  })
})
