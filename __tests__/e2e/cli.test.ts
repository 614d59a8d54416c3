// End to end: the bundled CLI (bin/network-preflight.js) against the local sandbox, with static keys.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import schema from '../../schema/report.schema.json' with { type: 'json' }
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

// One run of the demo config, shared by the tests that read its report (each spawn of a run costs seconds).
// It runs as a user's would: NODE_OPTIONS unset and the SDK's Node-version warning not silenced.
let shared: ReturnType<typeof runCli> | undefined
function runJson() {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _quiet, ...loud } = env()
  shared ??= runCli(['run', '-f', 'preflight.yaml', '--format', 'json'], {
    env: { ...loud, NODE_OPTIONS: undefined },
    cwd: dir
  })
  return shared
}

describe('network-preflight CLI on the sandbox', () => {
  it('run --format json keeps anp field names and exits 1 when an assertion fails', async () => {
    const r = await runJson()
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

  // Supported: Node 22 and newer (package.json engines). CI runs this file with the CLI on each of them
  // (NETWORK_PREFLIGHT_TEST_NODE); on an older Node the AWS SDK's warning is exactly why it is unsupported.
  it('prints no Node-version warning on a supported Node; the SDK warns on an older one', async () => {
    const major = Number(execFileSync(childNode(), ['-p', 'process.versions.node.split(".")[0]']).toString())
    const r = await runJson()
    if (major >= 22) expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|Warning/)
    else expect(r.stderr).toMatch(/NodeVersionSupportWarning/)
  })

  it("list-targets resolves every endpoint without starting an analysis; its JSON is the run report's", async () => {
    const before = sandbox.count({ service: 'ec2', action: 'StartNetworkInsightsAnalysis' })
    const [text, json] = await Promise.all([
      runCli(['list-targets', '-f', 'preflight.yaml'], { env: env(), cwd: dir }),
      runCli(['list-targets', '-f', 'preflight.yaml', '--format', 'json'], { env: env(), cwd: dir })
    ])
    expect(text.exitCode).toBe(0)
    // Columns aligned for any id length: the arrow of every endpoint row at one offset.
    const rows = text.stdout.split('\n').filter(l => l.includes(' → '))
    expect(rows).toHaveLength(16)
    expect(new Set(rows.map(l => l.indexOf(' → '))).size).toBe(1)
    expect(text.stdout).toMatch(
      /^api-to-db +source +app:Name=orders-api,Env=prod \[us-east-1\] +→ i-0a1000000000000a1 \(orders-api\)/m
    )
    expect(text.stdout).toMatch(/\n16 of 16 endpoints resolved\n$/)
    expect(sandbox.count({ service: 'ec2', action: 'StartNetworkInsightsAnalysis' })).toBe(before)

    // The same names as `run --format json` (selector.type, resource_id, network_interface_id, resolved...):
    // each target is the run report's endpoint with its assertion id.
    expect(json.exitCode).toBe(0)
    const targets = JSON.parse(json.stdout) as {
      targets: Array<{ assertion_id: string; role: string }>
      resolved_count: number
      error_count: number
    }
    expect(targets).toMatchObject({ resolved_count: 16, error_count: 0 })
    const report = JSON.parse((await runJson()).stdout) as {
      results: Array<{ assertion_id: string; source: object; destination: object }>
    }
    for (const r of report.results) {
      for (const role of ['source', 'destination'] as const) {
        const target = targets.targets.find(t => t.assertion_id === r.assertion_id && t.role === role)
        expect(target).toEqual({ assertion_id: r.assertion_id, ...r[role] })
      }
    }
    expect(JSON.stringify(targets)).not.toMatch(
      /"(resourceId|primaryNetworkInterfaceId|ownerAccountId|vpcId|by)"/
    )
  })

  it('run --format json on an invalid config prints the run report with the problems (exit 2); --version', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      readFileSync(join(dir, 'preflight.yaml'), 'utf8').replace('port: 5432', 'port: 70000')
    )
    const [bad, version] = await Promise.all([
      runCli(['run', '-f', 'bad.yaml', '--format', 'json'], { env: env(), cwd: dir }),
      runCli(['--version'], { env: env(), cwd: dir })
    ])
    expect([bad.exitCode, bad.stderr]).toEqual([2, ''])
    const json = JSON.parse(bad.stdout)
    const ajv = new Ajv2020({ allErrors: true, strict: true })
    addFormats.default(ajv)
    const validate = ajv.compile(schema)
    expect([validate(json), validate.errors]).toEqual([true, null])
    expect(json).toMatchObject({
      tool: 'network-preflight',
      result: 'error',
      total_count: 0,
      results: [],
      config_problems: [{ file: 'bad.yaml', path: '/assertions/0/port' }]
    })
    expect(json.error_count).toBe(json.config_problems.length)
    expect(version).toMatchObject({ exitCode: 0, stdout: `${json.version}\n`, stderr: '' })
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
})
