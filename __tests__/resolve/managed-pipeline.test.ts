// Managed selectors through the whole pipeline (resolve → expand → analyze → verdict) on the sandbox: a load
// balancer as destination is one analysis per registered target, each with the load balancer's ARN in
// FilterInArns, and the member that cannot be reached is named.
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { loadConfigText } from '../../src/config/load.js'
import { toJsonReport } from '../../src/report/json.js'
import { runPipeline } from '../../src/pipeline.js'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { sandboxProvider } from './managed-sandbox.js'

const SCENARIO = new URL('../../examples/scenarios/lambda-rds.yaml', import.meta.url).pathname
const ALB = 'arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/web-alb/0c0c0c0c0c0c0c0c'
const CONFIG = `version: 1
defaults: { region: us-east-1 }
accounts:
  app: { role_arn: arn:aws:iam::222222222222:role/NetworkPreflight, regions: [us-east-1] }
assertions:
  - id: web-service-reaches-its-targets
    type: allow
    source: { account: app, selector: { ecs_service: prod/web } }
    destination: { account: app, selector: { load_balancer: web-alb } }
    protocol: tcp
    port: 8080
`

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox(SCENARIO)
})
afterAll(async () => {
  await sandbox.close()
})

it('a load balancer destination: one analysis per target through it; the blocked target is named', async () => {
  const loaded = loadConfigText(CONFIG, 'preflight.yaml')
  if (!loaded.ok) throw new Error(loaded.problems.map(p => p.message).join('\n'))
  const provider = sandboxProvider(sandbox, {
    app: { id: '222222222222', role: 'arn:aws:iam::222222222222:role/NetworkPreflight' }
  })
  try {
    const report = await runPipeline(loaded.config, provider, {
      runId: 'managed-lb',
      concurrency: 10,
      timeoutSeconds: 60,
      cleanup: 'all',
      pollInitialMs: 20,
      pollMaxMs: 100
    })
    const starts = sandbox.find({ service: 'ec2', action: 'StartNetworkInsightsAnalysis', ok: true })
    expect(starts.map(s => s.params.FilterInArns)).toEqual([[ALB], [ALB]])
    const paths = sandbox
      .find({ service: 'ec2', action: 'CreateNetworkInsightsPath', ok: true })
      .map(r => [r.params.Source, r.params.Destination])
      .sort()
    expect(paths).toEqual([
      ['eni-0c0000000000e0001', expect.stringMatching(/^(i-0c000000000000a01|eni-)/)],
      ['eni-0c0000000000e0001', expect.stringMatching(/^(i-0c000000000000b01|eni-)/)]
    ])
    const [result] = report.results
    expect(result.verdict.status).toBe('failed')
    expect(result.members?.map(m => [m.destination.resourceId, m.verdict.status])).toEqual([
      ['i-0c000000000000a01', 'passed'],
      ['i-0c000000000000b01', 'failed']
    ])
    expect(result.verdict.reason).toMatch(
      /reaches 1 of 2 destinations \(load_balancer web-alb\).*web-2 \(i-0c000000000000b01\)/
    )
    // The JSON report of a managed selector and its members matches the published report schema.
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats.default(ajv)
    const validate = ajv.compile(
      JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'))
    )
    const json = JSON.parse(JSON.stringify(toJsonReport(report)))
    expect(validate(json) ? [] : validate.errors).toEqual([])
    expect(json.results[0].destination.selector).toEqual({
      type: 'managed',
      service: 'load_balancer',
      name: 'web-alb'
    })
  } finally {
    provider.destroy()
  }
})
