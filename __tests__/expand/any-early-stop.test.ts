// `match: any` stops early, through the whole pipeline on the fleets sandbox (examples/sandbox-fleets.yaml: the
// Auto Scaling group web-asg has four instances, web-3 of which the database's security group does not admit).
// With one analysis at a time, once a member passes the others are not started; the report names the member
// that proved it and the ones that were not needed.
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { loadConfigText } from '../../src/config/load.js'
import { toJsonReport } from '../../src/report/json.js'
import { runPipeline } from '../../src/pipeline.js'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { sandboxProvider } from '../resolve/managed-sandbox.js'

const SCENARIO = new URL('../../examples/sandbox-fleets.yaml', import.meta.url).pathname
const ACCOUNTS = { app: { id: '222222222222', role: 'arn:aws:iam::222222222222:role/NetworkPreflight' } }

const config = (match: 'any' | 'each', type: 'allow' | 'deny' = 'allow') => `version: 1
defaults: { region: us-east-1 }
accounts:
  app: { role_arn: arn:aws:iam::222222222222:role/NetworkPreflight, regions: [us-east-1] }
assertions:
  - id: fleet-to-db
    type: ${type}
    source: { account: app, selector: { tags: { 'aws:autoscaling:groupName': web-asg }, match: ${match} } }
    destination: { account: app, selector: { tags: { Name: orders-db }, kind: instance } }
    protocol: tcp
    port: 5432${type === 'deny' ? '\n    prove: pairs' : ''}
`

let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await startSandbox(SCENARIO, { knobs: { timeScale: 0.004 } })
})
afterEach(async () => {
  await sandbox.close()
})

async function run(yaml: string) {
  const loaded = loadConfigText(yaml, 'preflight.yaml')
  if (!loaded.ok) throw new Error(loaded.problems.map(p => p.message).join('\n'))
  const provider = sandboxProvider(sandbox, ACCOUNTS)
  try {
    const report = await runPipeline(loaded.config, provider, {
      runId: 'any-early-stop',
      concurrency: 1,
      timeoutSeconds: 60,
      cleanup: 'all',
      pollInitialMs: 10,
      pollMaxMs: 50
    })
    const starts = sandbox.find({ service: 'ec2', action: 'StartNetworkInsightsAnalysis', ok: true })
    return { report, starts: starts.map(s => String(s.params.NetworkInsightsPathId)) }
  } finally {
    provider.destroy()
  }
}

it('allow, match: any: web-1 passes first, so web-2..4 are never analysed, and the report says so', async () => {
  const { report, starts } = await run(config('any'))
  expect(starts).toHaveLength(1)
  const [result] = report.results
  expect(result.verdict.status).toBe('passed')
  expect(result.verdict.reason).toBe(
    '1 of 4 sources (aws:autoscaling:groupName=web-asg) reach orders-db (i-0b1000000000000d1) (source match: any); ' +
      'proved by web-1 (i-0b1000000000000a1); 3 not analysed, not needed: web-2 (i-0b1000000000000a2), ' +
      'web-3 (i-0b1000000000000a3), web-4 (i-0b1000000000000a4)'
  )
  expect(result.members?.map(m => [m.source.resourceId, m.verdict.status])).toEqual([
    ['i-0b1000000000000a1', 'passed']
  ])
  expect(report.analysesStarted).toBe(1)
  // Every analysis the run started is deleted by the time runPipeline resolves.
  expect(sandbox.aws.analyses.size).toBe(0)
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats.default(ajv)
  const validate = ajv.compile(
    JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'))
  )
  const json = JSON.parse(JSON.stringify(toJsonReport(report)))
  expect(validate(json) ? [] : validate.errors).toEqual([])
})

it('deny, match: any: web-1 and web-2 reach the database, web-3 is blocked and proves it; web-4 is not needed', async () => {
  const { report, starts } = await run(config('any', 'deny'))
  expect(starts).toHaveLength(3)
  const [result] = report.results
  expect(result.verdict.status).toBe('passed')
  expect(result.verdict.reason).toContain(
    'proved by web-3 (i-0b1000000000000a3); 1 not analysed, not needed: web-4 (i-0b1000000000000a4)'
  )
  expect(result.members?.map(m => [m.source.resourceId, m.verdict.status])).toEqual([
    ['i-0b1000000000000a1', 'failed'],
    ['i-0b1000000000000a2', 'failed'],
    ['i-0b1000000000000a3', 'passed']
  ])
})

it('match: each analyses every member and names the blocked one', async () => {
  const { report, starts } = await run(config('each'))
  expect(starts).toHaveLength(4)
  const [result] = report.results
  expect(result.verdict.status).toBe('failed')
  expect(result.members).toHaveLength(4)
  expect(result.verdict.reason).toMatch(/^3 of 4 sources .*web-3 \(i-0b1000000000000a3\)/)
  expect(result.verdict.reason).not.toContain('not needed')
})
