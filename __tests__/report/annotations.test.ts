import { jest } from '@jest/globals'
import { emitAnnotations, planAnnotations, type Annotation } from '../../src/report/annotations.js'
import type { AssertionReport } from '../../src/model.js'
import { CONFIG_FILE, instanceResolution, result, runReport } from './fixtures.js'

const FAILED = new Set([3, 7, 12, 18, 21, 25, 28])
const ERRORED = new Set([1, 5, 14, 22, 27])

/** 30 assertions, lines 10, 22, 34, …: 7 failures, 5 errors, a verdict warning and a stopped instance. */
function thirtyAssertions(): AssertionReport[] {
  const results: AssertionReport[] = []
  for (let i = 0; i < 30; i++) {
    const id = `path-${String(i).padStart(2, '0')}`
    const line = 10 + i * 12
    if (FAILED.has(i)) {
      results.push(
        result({
          id,
          line,
          status: 'failed',
          reason: `not reachable: no route to 10.1.${i}.0/24 in rtb-0abc`
        })
      )
    } else if (ERRORED.has(i)) {
      results.push(
        result({ id, line, status: 'error', reason: `analysis timed out after 300 s (assertion ${i})` })
      )
    } else if (i === 0) {
      results.push(
        result({
          id,
          line,
          status: 'passed',
          warnings: ['Only the forward path was analyzed; the return path might be blocked.']
        })
      )
    } else if (i === 2) {
      results.push(
        result({
          id,
          line,
          status: 'passed',
          source: instanceResolution('i-0aaaabbbbccccdddd', 'batch', [
            'instance i-0aaaabbbbccccdddd is stopped'
          ])
        })
      )
    } else {
      results.push(result({ id, line, status: 'passed' }))
    }
  }
  // Not in config order, so the plan has to sort.
  return results.reverse()
}

describe('planAnnotations', () => {
  it('annotates failures then errors by line, caps errors at 10 and says how many more', () => {
    const plan = planAnnotations(runReport(thirtyAssertions()), { file: CONFIG_FILE })
    const brief = plan.map(a => [a.level, a.properties.startLine ?? null, a.properties.title] as const)
    expect(brief).toEqual([
      // the 7 failures, by line
      ['error', 46, 'path-03 failed'],
      ['error', 94, 'path-07 failed'],
      ['error', 154, 'path-12 failed'],
      ['error', 226, 'path-18 failed'],
      ['error', 262, 'path-21 failed'],
      ['error', 310, 'path-25 failed'],
      ['error', 346, 'path-28 failed'],
      // then the first 3 of the 5 errors, by line
      ['error', 22, 'path-01 could not be checked'],
      ['error', 70, 'path-05 could not be checked'],
      ['error', 178, 'path-14 could not be checked'],
      ['notice', null, '2 more not annotated'],
      // the verdict warning on the assertion line, the stopped instance on its source line (34 + 3)
      ['warning', 10, 'path-00: warning'],
      ['warning', 37, 'path-02: source']
    ])
    expect(plan[0]).toEqual({
      level: 'error',
      message: 'not reachable: no route to 10.1.3.0/24 in rtb-0abc',
      properties: { file: CONFIG_FILE, startLine: 46, startColumn: 5, title: 'path-03 failed' }
    })
    expect(plan[10].message).toBe(
      '2 more assertions failed or errored than GitHub can annotate (12 in all: 7 failed, 5 errored); the job summary lists every one.'
    )
    expect(plan[12].message).toBe('instance i-0aaaabbbbccccdddd is stopped')
  })

  it('writes the exact workflow commands GitHub reads, in order', () => {
    const written: string[] = []
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    try {
      emitAnnotations(planAnnotations(runReport(thirtyAssertions()), { file: CONFIG_FILE }))
    } finally {
      spy.mockRestore()
    }
    const lines = written.join('').trimEnd().split('\n')
    expect(lines).toHaveLength(13)
    expect(lines[0]).toBe(
      '::error title=path-03 failed,file=network/preflight.yaml,line=46,col=5::not reachable: no route to 10.1.3.0/24 in rtb-0abc'
    )
    expect(lines[7]).toBe(
      '::error title=path-01 could not be checked,file=network/preflight.yaml,line=22,col=5::analysis timed out after 300 s (assertion 1)'
    )
    expect(lines[9]).toBe(
      '::error title=path-14 could not be checked,file=network/preflight.yaml,line=178,col=5::analysis timed out after 300 s (assertion 14)'
    )
    expect(lines[10]).toBe(
      '::notice title=2 more not annotated,file=network/preflight.yaml::2 more assertions failed or errored than GitHub can annotate (12 in all: 7 failed, 5 errored); the job summary lists every one.'
    )
    expect(lines[12]).toBe(
      '::warning title=path-02%3A source,file=network/preflight.yaml,line=37,col=7::instance i-0aaaabbbbccccdddd is stopped'
    )
    expect(lines.filter(line => line.startsWith('::error '))).toHaveLength(10)
  })

  it('emits through any sink, one call per annotation', () => {
    const calls: Array<[string, string, unknown]> = []
    const sink = {
      error: (m: string, p?: unknown) => calls.push(['error', m, p]),
      warning: (m: string, p?: unknown) => calls.push(['warning', m, p]),
      notice: (m: string, p?: unknown) => calls.push(['notice', m, p])
    }
    const plan: Annotation[] = [
      { level: 'warning', message: 'w', properties: { file: 'a.yaml', startLine: 3 } },
      { level: 'error', message: 'e', properties: { file: 'a.yaml', startLine: 1, title: 't' } }
    ]
    emitAnnotations(plan, sink)
    expect(calls).toEqual([
      ['warning', 'w', { file: 'a.yaml', startLine: 3 }],
      ['error', 'e', { file: 'a.yaml', startLine: 1, title: 't' }]
    ])
  })

  it('makes multi-line reasons one line and titles a failure without repeating its message', () => {
    const report = runReport([
      result({
        id: 'no-ssh',
        line: 4,
        type: 'deny',
        status: 'failed',
        reason: 'reachable:\n  via igw-0abc\n'
      })
    ])
    const [annotation] = planAnnotations(report, { file: 'preflight.yaml' })
    expect(annotation.properties.title).toBe('no-ssh failed')
    expect(annotation.message).toBe('reachable: via igw-0abc')
  })

  it('plans nothing for a clean run, and caps warnings at 10 with a notice', () => {
    expect(
      planAnnotations(runReport([result({ id: 'ok', line: 3, status: 'passed' })]), { file: 'f' })
    ).toEqual([])
    const noisy = Array.from({ length: 12 }, (_, i) =>
      result({
        id: `w${i}`,
        line: 3 + i * 10,
        status: 'passed',
        warnings: [`AVAILABILITY_ZONE_CROSSED ${i}`]
      })
    )
    const plan = planAnnotations(runReport(noisy), { file: 'f' })
    expect(plan.map(a => a.level)).toEqual([...Array(10).fill('warning'), 'notice'])
    expect(plan[9].message).toBe('AVAILABILITY_ZONE_CROSSED 9')
    expect(plan[10].message).toBe(
      '2 more warnings than GitHub can annotate (12 in all); the job summary lists every one.'
    )
  })
})
