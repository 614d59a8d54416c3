// A sample of the corpus through the bundled CLI (`node bin/network-preflight.js validate -f`): exit code 2,
// every problem on stderr as `file:line:col: message` at a real position, a count line, no stack trace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { removeRunnerDirs, runCli } from '../../sandbox/runner.js'
import { bytesOf, type HostileCase } from './corpus.js'
import { linesOf, messageDefect, positionDefect } from './invariants.js'
import { pooled, sampleCorpus } from './samples.js'

const FILE = 'preflight.yaml'
const PROBLEM_LINE = /^preflight\.yaml:(\d+):(\d+): (.*)$/
const COUNT_LINE = /^(\d+) problems? in preflight\.yaml$/

const SAMPLE = sampleCorpus(8082, 2, [
  'undeclared account named toString',
  'alias inside its own anchor at port',
  'empty file',
  '10,000 assertions'
])

interface CliOutcome {
  case: HostileCase
  defects: string[]
}

async function validateWithCli(c: HostileCase): Promise<CliOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'np-hardening-cli-'))
  const content = bytesOf(c)
  writeFileSync(join(dir, FILE), content)
  try {
    // NODE_OPTIONS removed: Jest's --experimental-vm-modules would add a warning to stderr.
    const run = await runCli(['validate', '-f', FILE], {
      cwd: dir,
      env: { NODE_OPTIONS: undefined },
      timeoutMs: 60_000
    })
    const defects: string[] = []
    if (run.timedOut) defects.push('timed out')
    if (run.exitCode !== 2) defects.push(`exit code ${run.exitCode}, not 2`)
    if (run.stdout !== '') defects.push(`wrote to stdout: ${run.stdout.slice(0, 200)}`)
    if (/^\s+at /m.test(run.stderr) || /internal error/.test(run.stderr)) {
      defects.push(`stack trace on stderr: ${run.stderr.split('\n').slice(0, 4).join(' | ')}`)
      return { case: c, defects }
    }
    const lines = run.stderr.split('\n').filter(l => l !== '')
    const count = COUNT_LINE.exec(lines[lines.length - 1] ?? '')
    if (!count)
      defects.push(`last stderr line is not "N problems in ${FILE}": ${JSON.stringify(lines.at(-1))}`)
    const problems = lines.slice(0, -1)
    if (problems.length === 0) defects.push('no problem printed')
    if (count && Number(count[1]) !== problems.length)
      defects.push(`count line says ${count[1]} but ${problems.length} problems were printed`)
    const fileLines = linesOf(content)
    const located: Array<{ line: number; message: string }> = []
    for (const text of problems) {
      const m = PROBLEM_LINE.exec(text)
      if (!m) {
        defects.push(`stderr line is not file:line:col: message: ${text.slice(0, 200)}`)
        continue
      }
      const [line, column] = [Number(m[1]), Number(m[2])]
      const position = positionDefect(fileLines, line, column)
      if (position) defects.push(`${line}:${column} ${position}`)
      const message = messageDefect(m[3])
      if (message) defects.push(`${line}:${column} ${message}`)
      located.push({ line, message: m[3] })
    }
    if (c.expectLine !== undefined && !located.some(p => p.line === c.expectLine))
      defects.push(`no problem on line ${c.expectLine}`)
    if (c.expectMessage && !located.some(p => c.expectMessage!.test(p.message)))
      defects.push(`no message matches ${c.expectMessage}`)
    return { case: c, defects }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

let outcomes: CliOutcome[] = []

beforeAll(async () => {
  outcomes = await pooled(SAMPLE, 4, validateWithCli)
}, 600_000)

afterAll(() => {
  removeRunnerDirs()
  const held = outcomes.filter(o => o.defects.length === 0).length
  console.log(
    `hardening CLI sample: ${held} of ${outcomes.length} broken configs held through the bundled CLI`
  )
})

describe('broken configs through the bundled CLI (validate -f)', () => {
  it('sample covers every family and the crash cases', () => {
    expect(SAMPLE.length).toBe(20)
    expect(new Set(SAMPLE.map(c => c.family)).size).toBe(8)
  })

  it.each(SAMPLE.map(c => [c.family, c.name]))(
    '%s | %s: exit 2, file:line:col lines, no stack',
    (_f, name) => {
      const outcome = outcomes.find(o => o.case.name === name)!
      expect(outcome.defects).toEqual([])
    }
  )
})
