import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { reportRun } from '../../src/report/run.js'
import { runResult, writeOutputs } from '../../src/report/outputs.js'
import { shouldFail, type FailOn } from '../../src/report/policy.js'
import { result, runReport } from './fixtures.js'

function recordingSink() {
  const outputs: Record<string, string> = {}
  return { outputs, setOutput: (name: string, value: string) => void (outputs[name] = value) }
}

const passed = (line: number) => result({ id: `p${line}`, line, status: 'passed' })
const failed = (line: number) => result({ id: `f${line}`, line, status: 'failed' })
const errored = (line: number) => result({ id: `e${line}`, line, status: 'error' })

describe('writeOutputs', () => {
  it('sets result, counts and the report path as strings', () => {
    const sink = recordingSink()
    const report = runReport([passed(1), failed(2), errored(3), passed(4)])
    writeOutputs(report, '/runner/temp/network-preflight-report.json', sink)
    expect(sink.outputs).toEqual({
      result: 'failed',
      passed: '2',
      failed: '1',
      errors: '1',
      total: '4',
      report: '/runner/temp/network-preflight-report.json'
    })
  })

  it('says failed if any failed, else error if any errored, else passed', () => {
    expect(runResult(runReport([failed(1), errored(2)]))).toBe('failed')
    expect(runResult(runReport([passed(1), errored(2)]))).toBe('error')
    expect(runResult(runReport([passed(1)]))).toBe('passed')
    expect(runResult(runReport([]))).toBe('passed')
  })
})

describe('shouldFail (fail-on)', () => {
  const cases: Array<[string, ReturnType<typeof runReport>, Record<FailOn, boolean>]> = [
    ['all passed', runReport([passed(1)]), { any: false, error: false, never: false }],
    ['a failure', runReport([passed(1), failed(2)]), { any: true, error: false, never: false }],
    ['an error', runReport([passed(1), errored(2)]), { any: true, error: true, never: false }],
    ['both', runReport([failed(1), errored(2)]), { any: true, error: true, never: false }]
  ]
  it.each(cases)('%s', (_name, report, expected) => {
    for (const policy of ['any', 'error', 'never'] as const)
      expect([policy, shouldFail(report, policy)]).toEqual([policy, expected[policy]])
  })
})

describe('reportRun', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'np-run-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('annotates, writes the summary, the JSON report and the outputs', async () => {
    const events: string[] = []
    const outputs: Record<string, string> = {}
    const summary = {
      addRaw(text: string) {
        events.push(`summary ${text.split('\n')[2]}`)
        return summary
      },
      write: async () => summary
    }
    const sink = {
      error: (m: string) => void events.push(`error ${m}`),
      warning: (m: string) => void events.push(`warning ${m}`),
      notice: (m: string) => void events.push(`notice ${m}`),
      setOutput: (name: string, value: string) => void (outputs[name] = value),
      summary
    }
    const report = runReport([passed(1), failed(2)])
    const outcome = await reportRun(report, { file: 'preflight.yaml', reportDir: dir, sink })
    expect(events).toEqual([
      'error expected reachable, got not_reachable',
      'summary ❌ **1 of 2 assertions failed — 1 passed**'
    ])
    expect(outcome).toEqual({
      reportPath: join(dir, 'network-preflight-report.json'),
      result: 'failed',
      summaryWritten: true
    })
    expect(outputs.report).toBe(outcome.reportPath)
    expect(JSON.parse(await readFile(outcome.reportPath, 'utf8'))).toMatchObject({
      failed_count: 1,
      passed_count: 1
    })
  })
})
