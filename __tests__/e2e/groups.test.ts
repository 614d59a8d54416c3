// End to end, issue 12: the bundled action on examples/sandbox-fleets.yaml with examples/fleets.yaml — a fleet
// with one blocked member, the two-AZ firewall `through:` on a healthy and a drifted spoke, and an internet
// gateway source with `address:` (the corporate range, and 0.0.0.0/0).
import { readFileSync } from 'node:fs'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { runAction } from '../../sandbox/runner.js'

const CONFIG = readFileSync(new URL('../../examples/fleets.yaml', import.meta.url), 'utf8')
const SCENARIO = new URL('../../examples/sandbox-fleets.yaml', import.meta.url).pathname
const ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox(SCENARIO, { knobs: { timeScale: 0.01 } })
})
afterAll(async () => {
  await sandbox.close()
})

interface JsonResult {
  assertion_id: string
  status: string
  reason: string
  members?: Array<{ source: { resource_id: string; name: string | null }; status: string; reason: string }>
  checks?: Array<{
    purpose: string
    status: string
    filter_in_arns: string[]
    filter_out_arns: string[]
    traversed: string[]
  }>
}

describe('issue 12 through the bundled action', () => {
  it('names the blocked fleet member, proves inspection per spoke, and holds the source range to all of it', async () => {
    const r = await runAction({
      inputs: { config: 'fleets.yaml', 'role-to-assume': ROLE },
      env: { ...sandbox.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      files: { 'fleets.yaml': CONFIG }
    })
    expect(r.exitCode).toBe(1)
    expect(r.outputs).toMatchObject({ result: 'failed', passed: '3', failed: '3', errors: '0', total: '6' })
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as { results: JsonResult[] }
    const result = (id: string) => report.results.find(x => x.assertion_id === id)!

    // (b) every web server in the private subnets: 4 members (the canary in the public subnet is not one),
    // web-3 blocked and named, with its reason.
    const fleet = result('every-web-server-reaches-db')
    expect(fleet.status).toBe('failed')
    expect(fleet.reason).toMatch(
      /^3 of 4 sources \(Role=web\) reach orders-db \(i-0b1000000000000d1\) \(source match: each\); web-3 \(i-0b1000000000000a3\): .*sg-0b0000000000b0003 \(orders-db-sg\)/
    )
    expect(fleet.members!.map(m => [m.source.name, m.status])).toEqual([
      ['web-1', 'passed'],
      ['web-2', 'passed'],
      ['web-3', 'failed'],
      ['web-4', 'passed']
    ])
    const annotation = r.annotations.find(a => a.title?.startsWith('every-web-server-reaches-db'))
    expect(annotation?.message).toContain('web-3 (i-0b1000000000000a3)')
    expect(result('some-web-server-reaches-db').status).toBe('passed')

    // (c) healthy spoke: one reach (the path took the us-east-1a endpoint) + one bypass analysis, both pass.
    const healthy = result('spoke-a-only-through-inspection')
    expect(healthy.status).toBe('passed')
    expect(healthy.checks!.map(c => [c.purpose, c.status])).toEqual([
      ['reach', 'passed'],
      ['bypass', 'passed']
    ])
    expect(healthy.checks![0].filter_in_arns).toEqual([])
    expect(healthy.checks![0].traversed).toEqual([expect.stringContaining('vpce-0c10000000000fe01')])
    expect(healthy.checks![1].filter_out_arns).toHaveLength(2)

    // (c) drifted spoke: reachable through the us-east-1b endpoint, but the drifted route avoids the firewall.
    const drifted = result('spoke-b-only-through-inspection')
    expect(drifted.status).toBe('failed')
    expect(drifted.reason).toMatch(/^reachable, but a path avoids through\[0\] .*rtb-0c1000000000000b1/)
    expect(drifted.checks!.map(c => [c.purpose, c.status])).toEqual([
      ['reach', 'passed'],
      ['via-alternative', 'failed'],
      ['via-alternative', 'passed'],
      ['bypass', 'failed']
    ])

    // The source range: all of the corporate range gets in; of 0.0.0.0/0 only the corporate range does.
    expect(result('ssh-from-corporate-range').status).toBe('passed')
    const anywhere = result('ssh-from-anywhere')
    expect(anywhere.status).toBe('failed')
    expect(anywhere.reason).toMatch(/^only part of 0\.0\.0\.0\/0 gets through: .* are 198\.51\.100\.0\/24/)
    const sourceAddresses = sandbox
      .find({ service: 'ec2', action: 'CreateNetworkInsightsPath', ok: true })
      .map(req => req.params.FilterAtSource)
      .filter(Boolean)
    expect(sourceAddresses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ SourceAddress: '198.51.100.0/24' }),
        expect.objectContaining({ SourceAddress: '0.0.0.0/0' })
      ])
    )
    expect(sandbox.state().analyses).toHaveLength(0)
  }, 180_000)
})
