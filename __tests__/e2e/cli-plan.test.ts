// End to end: the bundled CLI's `run --plan` on the demo network (static keys, no GitHub).
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { runCli } from '../../sandbox/runner.js'

let sandbox: Sandbox
let dir: string
const example = (p: string) => new URL(`../../examples/${p}`, import.meta.url).pathname
beforeAll(async () => {
  sandbox = await startSandbox(example('sandbox.yaml'))
  dir = mkdtempSync(join(tmpdir(), 'np-cli-plan-'))
  cpSync(example('preflight.yaml'), join(dir, 'preflight.yaml'))
  cpSync(example('plans/delete-db-ingress.tfplan.json'), join(dir, 'plan.json'))
  cpSync(example('plans/unrelated.tfplan.json'), join(dir, 'unrelated.json'))
  writeFileSync(join(dir, 'binary.tfplan'), 'PK\u0003\u0004 not json')
})
afterAll(async () => {
  await sandbox.close()
})

const env = () => ({
  ...sandbox.env,
  ...sandbox.staticCredentialsEnv('app'),
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
})

describe('network-preflight run --plan', () => {
  it('prints the predicted break and exits 1; --format json carries the prediction', async () => {
    const r = await runCli(
      ['run', '-f', 'preflight.yaml', '--plan', 'plan.json', '--plan', 'unrelated.json'],
      { env: env(), cwd: dir }
    )
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toMatch(/Plan plan\.json, unrelated\.json: 1 breaks, 0 opens/)
    expect(r.stdout).toMatch(
      /BREAKS\s+api-to-db: `aws_security_group_rule\.db_from_app` \(delete\) removes the only rule on sg-0a0000000000a0002/
    )
    const json = await runCli(
      ['run', '-f', 'preflight.yaml', '--plan', 'plan.json', '--format', 'json', '--plan-scope', 'affected'],
      { env: env(), cwd: dir }
    )
    const report = JSON.parse(json.stdout)
    expect(report.plan).toMatchObject({ predicted_breaks: 1, scope: 'affected' })
    expect(report.results).toHaveLength(3)
  })

  it('a bad plan file is a usage error (exit 2) naming the file, with no stack trace', async () => {
    const r = await runCli(['run', '-f', 'preflight.yaml', '--plan', 'binary.tfplan'], {
      env: env(),
      cwd: dir
    })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain(
      '--plan binary.tfplan: this is a binary Terraform plan; convert it with `terraform show -json'
    )
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
    const bad = await runCli(['run', '-f', 'preflight.yaml', '--plan', 'plan.json', '--plan-scope', 'some'], {
      env: env(),
      cwd: dir
    })
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('--plan-scope must be all or affected')
  })
})
