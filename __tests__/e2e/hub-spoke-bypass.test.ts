// Firewall-bypass drift is a failure, never an error. The bundled action (dist/index.js), run as the runner
// runs it, on examples/hub-spoke-bypass: two spokes whose egress must pass a two-AZ Network Firewall in the
// hub's inspection VPC; spoke-a's route drifted to a NAT gateway of its own.
import { readFileSync } from 'node:fs'
import { removeRunnerDirs, runAction, type ActionRun } from '../../sandbox/runner.js'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'

const DIR = new URL('../../examples/hub-spoke-bypass/', import.meta.url)
const CONFIG = readFileSync(new URL('preflight.yaml', DIR), 'utf8')
const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

const PAYMENTS_API = 'i-0a2000000000000a1'
const FW_A = 'vpce-0c20000000000fa01'
const FW_B = 'vpce-0c20000000000fa02'
const BYPASS_HOPS = `${PAYMENTS_API} → eni-0a2000000000000a1 → rtb-0a2000000000000b1 → nat-0a2000000000000ae1 → igw-0a2000000000000ea1`

/** The line of `- id: <id>` in the config: where the assertion's annotation belongs. */
const lineOf = (id: string) => CONFIG.split('\n').findIndex(line => line.trim() === `- id: ${id}`) + 1

interface ReportResult {
  assertion_id: string
  status: string
  reason: string
}

let sandbox: Sandbox
let run: ActionRun

beforeAll(async () => {
  sandbox = await startSandbox(new URL('sandbox.yaml', DIR).pathname)
  run = await runAction({
    inputs: { config: 'preflight.yaml', 'role-to-assume': 'arn:aws:iam::222222222222:role/NetworkPreflight' },
    env: { ...sandbox.env, ...QUIET },
    files: { 'preflight.yaml': CONFIG },
    timeoutMs: 60_000
  })
}, 90_000)

afterAll(async () => {
  await sandbox?.close()
  removeRunnerDirs()
})

const reasons = (): Record<string, [string, string]> => {
  const report = JSON.parse(readFileSync(run.outputs.report, 'utf8')) as { results: ReportResult[] }
  return Object.fromEntries(report.results.map(r => [r.assertion_id, [r.status, r.reason]]))
}

describe('hub-and-spoke with a drifted spoke route that bypasses the inspection firewall', () => {
  it('fails the step (exit 1, result=failed): the bypass is a failure, not an error', () => {
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'failed', passed: '2', failed: '2', errors: '0', total: '4' })
  })

  it('says why each assertion passed or failed, from what Reachability Analyzer answered', () => {
    expect(reasons()).toEqual({
      'spoke-a-egress-via-firewall': [
        'failed',
        `no path from ${PAYMENTS_API} to 203.0.113.10 traverses ${FW_A}`
      ],
      'spoke-b-egress-via-firewall': [
        'passed',
        expect.stringMatching(new RegExp(`^reachable as expected: i-0b2000000000000b1 → .* → ${FW_B} → `))
      ],
      'spoke-a-egress-never-bypasses-firewall': [
        'failed',
        `expected every path from ${PAYMENTS_API} to 203.0.113.10 to traverse ${FW_A} or ${FW_B}; this one avoids it: ${BYPASS_HOPS}`
      ],
      'spoke-b-egress-never-bypasses-firewall': [
        'passed',
        `every path from i-0b2000000000000b1 to 203.0.113.10 traverses ${FW_A} or ${FW_B}`
      ]
    })
  })

  it('annotates each failure on its assertion’s own line', () => {
    // The step's own failure message (core.setFailed) is the one error without a file.
    expect(run.annotations.filter(a => a.level === 'error' && !a.file)).toHaveLength(1)
    const errors = run.annotations.filter(a => a.level === 'error' && a.file)
    expect(errors.map(a => [a.file, a.line, a.title?.split(/[: ]/)[0]])).toEqual([
      ['preflight.yaml', lineOf('spoke-a-egress-via-firewall'), 'spoke-a-egress-via-firewall'],
      [
        'preflight.yaml',
        lineOf('spoke-a-egress-never-bypasses-firewall'),
        'spoke-a-egress-never-bypasses-firewall'
      ]
    ])
    expect(lineOf('spoke-a-egress-via-firewall')).toBeGreaterThan(0)
    expect(errors[0]!.message).toContain(`no path from ${PAYMENTS_API} to 203.0.113.10 traverses ${FW_A}`)
    expect(errors[1]!.message).toContain(BYPASS_HOPS)
  })

  it('asked AWS exactly that: the via endpoint as FilterInArns, both endpoints as FilterOutArns, cross-account', () => {
    const starts = sandbox.find({ service: 'ec2', action: 'StartNetworkInsightsAnalysis', ok: true })
    const arn = (id: string) => `arn:aws:ec2:us-east-1:333333333333:vpc-endpoint/${id}`
    expect(
      starts
        .map(s =>
          JSON.stringify([
            s.params.FilterInArns ?? [],
            s.params.FilterOutArns ?? [],
            s.params.AdditionalAccounts
          ])
        )
        .sort()
    ).toEqual(
      [
        [[arn(FW_A)], []],
        [[arn(FW_B)], []],
        [[], [arn(FW_A), arn(FW_B)]],
        [[], [arn(FW_A), arn(FW_B)]]
      ]
        .map(([filterIn, filterOut]) => JSON.stringify([filterIn, filterOut, ['333333333333']]))
        .sort()
    )
    expect(sandbox.state().analyses).toHaveLength(0)
  })
})
