import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { toJsonReport, writeJsonReport } from '../../src/report/json.js'
import schema from '../../schema/report.schema.json' with { type: 'json' }
import { bigReport, blockedPath, explanation, instanceResolution, result, runReport } from './fixtures.js'

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true })
  addFormats.default(ajv)
  return ajv.compile(schema)
}

function sampleReport() {
  return runReport([
    result({ id: 'ok-web', line: 5, status: 'passed', labels: ['pci'], description: 'web reaches the app' }),
    result({
      id: 'app-to-db',
      line: 12,
      status: 'failed',
      reason: 'not reachable: security group db-sg blocks tcp/5432',
      explanations: [
        explanation('ENI_SG_RULES_MISMATCH', 'Security group db-sg blocks tcp/5432.', 'sg-0db0000000000000a')
      ],
      analysis: { forwardPath: blockedPath().slice(0, 3), networkPathFound: false },
      warnings: ['AVAILABILITY_ZONE_CROSSED']
    }),
    result({
      id: 'no-ssh',
      line: 30,
      type: 'deny',
      status: 'passed',
      port: { from: 8000, to: 8100 },
      source: instanceResolution('i-0aaaabbbbccccdddd', 'batch', ['instance i-0aaaabbbbccccdddd is stopped'])
    }),
    result({
      id: 'to-batch',
      line: 48,
      status: 'error',
      reason: 'destination not resolved',
      analysis: null,
      destination: { ok: false, error: 'no instance or network interface has tags Name=batch' }
    }),
    result({
      id: 'slow',
      line: 60,
      status: 'error',
      reason: 'analysis timed out',
      analysis: { status: 'timeout', message: 'still running after 300 s', networkPathFound: undefined }
    })
  ])
}

describe('toJsonReport', () => {
  const json = toJsonReport(sampleReport())

  it("keeps anp's field names at the top level and per result", () => {
    expect(json).toMatchObject({ passed_count: 2, failed_count: 1, error_count: 2, total_count: 5 })
    expect(json.results.map(r => [r.assertion_id, r.status, r.expected_outcome, r.actual_outcome])).toEqual([
      ['ok-web', 'passed', 'reachable', 'reachable'],
      ['app-to-db', 'failed', 'reachable', 'not_reachable'],
      ['no-ssh', 'passed', 'not_reachable', 'not_reachable'],
      ['to-batch', 'error', 'reachable', 'unknown'],
      ['slow', 'error', 'reachable', 'unknown']
    ])
  })

  it('carries the run and every detail in snake_case', () => {
    expect(json).toMatchObject({
      tool: 'network-preflight',
      report_format: 1,
      version: '0.1.0',
      config_file: 'network/preflight.yaml',
      result: 'failed',
      started_at: '2026-03-15T14:30:00.000Z',
      finished_at: '2026-03-15T14:31:42.000Z',
      duration_ms: 102_000,
      analyses_started: 4,
      estimated_cost_usd: 0.4
    })
    const failed = json.results[1]
    expect(failed).toMatchObject({
      reason: 'not reachable: security group db-sg blocks tcp/5432',
      type: 'allow',
      protocol: 'tcp',
      port: 5432,
      port_range: { from: 5432, to: 5432 },
      line: 12,
      column: 5,
      analysis_id: 'nia-00012aaaabbbbcccc',
      path_id: 'nip-00012aaaabbbbcccc',
      network_path_found: false,
      console_url:
        'https://us-east-1.console.aws.amazon.com/networkinsights/home?region=us-east-1#NetworkPathAnalysis:analysisId=nia-00012aaaabbbbcccc',
      warnings: ['AVAILABILITY_ZONE_CROSSED'],
      duration_ms: 41_500
    })
    expect(failed.explanations).toEqual([
      {
        code: 'ENI_SG_RULES_MISMATCH',
        direction: 'ingress',
        sentence: 'Security group db-sg blocks tcp/5432.',
        component_id: 'sg-0db0000000000000a',
        component_arn: null,
        console_url:
          'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#SecurityGroup:groupId=sg-0db0000000000000a'
      }
    ])
    expect(failed.forward_path.map(h => h.component_id)).toEqual([
      'i-0123456789abcdef0',
      'eni-0123456789abcdef0',
      'sg-0123456789abcdef0'
    ])
    expect(failed.source).toMatchObject({
      role: 'source',
      account: 'app',
      resolved: true,
      kind: 'instance',
      resource_id: 'i-0123456789abcdef0',
      arn: 'arn:aws:ec2:us-east-1:222222222222:instance/i-0123456789abcdef0',
      owner_account_id: '222222222222',
      network_interface_id: 'eni-0123456789abcdef0',
      selector: { type: 'tags', tags: { Name: 'source-server' }, kinds: ['instance', 'network-interface'] },
      error: null
    })
    expect(json.results[0]).toMatchObject({ labels: ['pci'], description: 'web reaches the app' })
    expect(json.results[2]).toMatchObject({ port: '8000-8100', port_range: { from: 8000, to: 8100 } })
    expect(json.results[2].source.warnings).toEqual(['instance i-0aaaabbbbccccdddd is stopped'])
    expect(json.results[3]).toMatchObject({ analysis_id: null, analysis_status: null, console_url: null })
    expect(json.results[3].destination).toMatchObject({
      resolved: false,
      resource_id: null,
      error: 'no instance or network interface has tags Name=batch'
    })
    expect(json.results[4]).toMatchObject({
      analysis_status: 'timeout',
      analysis_message: 'still running after 300 s',
      network_path_found: null
    })
  })
})

describe('schema/report.schema.json', () => {
  const validate = validator()

  it('accepts the reports we write, small and large', () => {
    for (const report of [sampleReport(), bigReport(2000, 300), runReport([])]) {
      const ok = validate(toJsonReport(report))
      expect(validate.errors ?? []).toEqual([])
      expect(ok).toBe(true)
    }
  })

  it('rejects a report that lost a field or grew an unknown one', () => {
    const json = toJsonReport(sampleReport()) as unknown as Record<string, unknown>
    const { passed_count: _dropped, ...withoutPassed } = json
    expect(validate(withoutPassed)).toBe(false)
    expect(validate({ ...json, surprise: 1 })).toBe(false)
    const results = json.results as Array<Record<string, unknown>>
    expect(validate({ ...json, results: [{ ...results[0], actual_outcome: 'maybe' }] })).toBe(false)
    expect(validate({ ...json, started_at: 'yesterday' })).toBe(false)
  })

  it('describes every property', () => {
    const undescribed: string[] = []
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return
      const properties = (node as { properties?: Record<string, unknown> }).properties
      for (const [name, child] of Object.entries(properties ?? {})) {
        if (typeof (child as { description?: unknown }).description !== 'string')
          undescribed.push(`${path}/${name}`)
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${path}/${key}`)
    }
    walk(schema, '')
    expect(undescribed).toEqual([])
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
  })
})

describe('writeJsonReport', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'np-report-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes the report into the directory (created if missing) and returns its path', async () => {
    const target = join(dir, 'runner-temp')
    const path = await writeJsonReport(sampleReport(), target)
    expect(path).toBe(join(target, 'network-preflight-report.json'))
    const written = JSON.parse(await readFile(path, 'utf8'))
    expect(written).toEqual(toJsonReport(sampleReport()))
    expect(validator()(written)).toBe(true)
  })
})
