import { jest } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ConfigProblem } from '../../src/model.js'
import {
  planConfigProblemAnnotations,
  renderConfigProblemsSummary,
  reportConfigProblems
} from '../../src/report/config-problems.js'

/** 13 problems, given out of order. */
function problems(): ConfigProblem[] {
  const list: ConfigProblem[] = []
  for (let i = 12; i >= 0; i--) {
    list.push({
      file: 'preflight.yaml',
      line: 5 + i * 4,
      column: 7,
      message: `assertions[${i}].port: 70000 is not a port (1-65535)`,
      path: `/assertions/${i}/port`
    })
  }
  return list
}

function fakeActions() {
  const calls: string[] = []
  const outputs: Record<string, string> = {}
  const summaries: string[] = []
  const summary = {
    addRaw(text: string) {
      summaries.push(text)
      return summary
    },
    write: async () => summary
  }
  const record =
    (level: string) => (message: string, p?: { startLine?: number; startColumn?: number; title?: string }) =>
      void calls.push(
        `${level} ${p?.startLine ?? '-'}:${p?.startColumn ?? '-'} ${p?.title ?? ''} | ${message}`
      )
  return {
    calls,
    outputs,
    summaries,
    sink: {
      error: record('error'),
      warning: record('warning'),
      notice: record('notice'),
      setOutput: (name: string, value: string) => void (outputs[name] = value),
      summary
    }
  }
}

describe('reportConfigProblems', () => {
  it('annotates the first 10 by position, then a notice; lists all in the summary; sets error outputs', async () => {
    const actions = fakeActions()
    await reportConfigProblems(problems(), actions.sink)
    expect(actions.calls).toEqual([
      ...Array.from(
        { length: 10 },
        (_, i) =>
          `error ${5 + i * 4}:7 Invalid config at /assertions/${i}/port | assertions[${i}].port: 70000 is not a port (1-65535)`
      ),
      'notice -:- 3 more config problems not annotated | 3 more config problems than GitHub can annotate (13 in all); the job summary lists every one.'
    ])
    expect(actions.outputs).toEqual({ result: 'error', passed: '0', failed: '0', errors: '13', total: '0' })
    expect(actions.summaries).toHaveLength(1)
    const items = actions.summaries[0].split('\n').filter(line => line.startsWith('- '))
    expect(items).toHaveLength(13)
    expect(items[0]).toBe(
      '- preflight.yaml:5:7 — assertions\\[0\\].port: 70000 is not a port \\(1-65535\\) (/assertions/0/port)'
    )
    expect(items[12]).toContain('preflight.yaml:53:7')
  })

  it('plans exactly one error per problem when there are 10 or fewer', () => {
    const few = problems().slice(0, 3)
    expect(planConfigProblemAnnotations(few).map(a => [a.level, a.properties.startLine])).toEqual([
      ['error', 45],
      ['error', 49],
      ['error', 53]
    ])
  })

  it('says how many problems and that nothing ran', () => {
    expect(renderConfigProblemsSummary(problems().slice(0, 1))).toContain(
      '⚠️ **1 problem in the config; no analysis was run.**'
    )
  })

  describe('through @actions/core on a runner', () => {
    let dir = ''
    const saved = { ...process.env }
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'np-runner-'))
    })
    afterAll(async () => {
      process.env = saved
      await rm(dir, { recursive: true, force: true })
    })

    it('writes the ::error commands, the step summary file and the outputs file', async () => {
      const summaryFile = join(dir, 'summary.md')
      const outputFile = join(dir, 'output.txt')
      await writeFile(summaryFile, '')
      await writeFile(outputFile, '')
      process.env.GITHUB_STEP_SUMMARY = summaryFile
      process.env.GITHUB_OUTPUT = outputFile
      const written: string[] = []
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk))
        return true
      })
      try {
        await reportConfigProblems(problems().slice(11))
      } finally {
        spy.mockRestore()
      }
      expect(written.join('').trimEnd().split('\n')).toEqual([
        '::error title=Invalid config at /assertions/0/port,file=preflight.yaml,line=5,col=7::assertions[0].port: 70000 is not a port (1-65535)',
        '::error title=Invalid config at /assertions/1/port,file=preflight.yaml,line=9,col=7::assertions[1].port: 70000 is not a port (1-65535)'
      ])
      expect(await readFile(summaryFile, 'utf8')).toContain('- preflight.yaml:9:7 — assertions\\[1\\].port')
      const outputs = await readFile(outputFile, 'utf8')
      expect(outputs).toMatch(/^result<<(ghadelimiter_[\w-]+)\nerror\n\1$/m)
      expect(outputs).toMatch(/^errors<<(ghadelimiter_[\w-]+)\n2\n\1$/m)
      expect(outputs).toMatch(/^total<<(ghadelimiter_[\w-]+)\n0\n\1$/m)
    })
  })
})
