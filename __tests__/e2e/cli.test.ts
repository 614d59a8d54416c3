// End to end: the bundled CLI (bin/network-preflight.js) against the local sandbox, with static keys.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { childNode, runCli } from '../../sandbox/runner.js'

let sandbox: Sandbox
let dir: string
beforeAll(async () => {
  sandbox = await startSandbox(new URL('../../examples/sandbox.yaml', import.meta.url).pathname)
  dir = mkdtempSync(join(tmpdir(), 'np-cli-e2e-'))
  cpSync(new URL('../../examples/preflight.yaml', import.meta.url).pathname, join(dir, 'preflight.yaml'))
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

describe('network-preflight CLI on the sandbox', () => {
  it('run --format json keeps anp field names and exits 1 when an assertion fails', async () => {
    const r = await runCli(['run', '-f', 'preflight.yaml', '--format', 'json'], { env: env(), cwd: dir })
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
    expect(r.exitCode).toBe(1)
    const json = JSON.parse(r.stdout)
    expect(json).toMatchObject({ passed_count: 6, failed_count: 1, error_count: 0 })
    expect(
      json.results.find((x: { assertion_id: string }) => x.assertion_id === 'api-to-db-replica')
    ).toMatchObject({
      status: 'failed',
      expected_outcome: 'reachable',
      actual_outcome: 'not_reachable'
    })
    expect(sandbox.state().analyses).toHaveLength(0)
  })

  it('list-targets resolves every endpoint without starting an analysis', async () => {
    const before = sandbox.count({ service: 'ec2', action: 'StartNetworkInsightsAnalysis' })
    const r = await runCli(['list-targets', '-f', 'preflight.yaml'], { env: env(), cwd: dir })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatch(
      /api-to-db\s+source\s+app:Name=orders-api,Env=prod \[us-east-1\] → i-0a1000000000000a1 \(orders-api\)/
    )
    expect(r.stdout).toMatch(/endpoints resolved/)
    expect(sandbox.count({ service: 'ec2', action: 'StartNetworkInsightsAnalysis' })).toBe(before)
  })

  it('explain prints the blocking rule of one assertion', async () => {
    const r = await runCli(['explain', '-f', 'preflight.yaml', '--id', 'api-to-db-replica'], {
      env: env(),
      cwd: dir
    })
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toMatch(/^api-to-db-replica \(allow, line 37\): FAILED/)
    expect(r.stdout).toContain(
      'Security group sg-0a0000000000a0003 (orders-db-replica-sg) has no inbound rule allowing tcp/5432'
    )
  })

  it('without credentials, run is a runtime error (exit 3) with a message, not a stack trace', async () => {
    const r = await runCli(['run', '-f', 'preflight.yaml'], {
      env: {
        ...sandbox.env,
        AWS_REGION: 'us-east-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
      },
      cwd: dir
    })
    expect(r.exitCode).toBe(3)
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/)
  })

  // Supported: Node 22 and newer (package.json engines). CI runs this file with the CLI on each of them
  // (NETWORK_PREFLIGHT_TEST_NODE); on an older Node the AWS SDK's warning is exactly why it is unsupported.
  it('prints no Node-version warning on a supported Node; the SDK warns on an older one', async () => {
    const major = Number(execFileSync(childNode(), ['-p', 'process.versions.node.split(".")[0]']).toString())
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _quiet, ...loud } = env()
    const r = await runCli(['run', '-f', 'preflight.yaml'], {
      env: { ...loud, NODE_OPTIONS: undefined },
      cwd: dir
    })
    expect(r.exitCode).toBe(1)
    if (major >= 22) expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|Warning/)
    else expect(r.stderr).toMatch(/NodeVersionSupportWarning/)
  })
})
