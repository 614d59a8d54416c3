import { runText, useColour } from '../../src/cli/commands.js'
import { runCli } from '../../src/cli/main.js'
import { result, runReport } from '../report/fixtures.js'

const report = runReport([
  result({ id: 'short', line: 5, status: 'passed' }),
  result({
    id: 'a-much-longer-assertion-id-than-forty-characters-wide',
    line: 12,
    status: 'failed',
    reason: 'expected reachable, but no path was found'
  }),
  result({ id: 'x', line: 20, status: 'error', reason: 'analysis timed out', analysis: null })
])

describe('run text output', () => {
  const text = runText(report)
  const [header, ...rows] = text.split('\n')

  it("has anp's columns, aligned for any id length", () => {
    expect(header.split(/\s{2,}/)).toEqual([
      'ASSERTION',
      'TYPE',
      'SOURCE → DESTINATION',
      'PROTOCOL/PORT',
      'STATUS',
      'ANALYSIS ID',
      'DETAIL'
    ])
    // Every column starts at the same offset in every row (the header's).
    const starts = ['TYPE', 'PROTOCOL/PORT', 'STATUS', 'ANALYSIS ID', 'DETAIL'].map(h => header.indexOf(h))
    for (const row of rows.slice(0, 3)) {
      for (const at of starts) expect(row[at - 1]).toBe(' ')
      expect(row.slice(starts[2], starts[2] + 5)).toMatch(/^(PASS|FAIL|ERROR)/)
    }
    expect(rows[1]).toContain('a-much-longer-assertion-id-than-forty-characters-wide  allow')
    expect(rows[2]).toMatch(/ERROR\s+-\s+analysis timed out$/)
  })

  it('says "not reachable" in text, counts in singular where it is one, and has no escape codes off a terminal', () => {
    const deny = runText(runReport([result({ id: 'd', line: 1, status: 'passed', type: 'deny' })]))
    expect(deny).toContain('not reachable')
    expect(deny).not.toContain('not_reachable')
    expect(text).toContain('1 passed, 1 failed, 1 error of 3 assertions (2 analyses')
    expect(text.includes('\u001b[')).toBe(false)
  })

  it('colours the status on a terminal, never with NO_COLOR or through a pipe', () => {
    expect(runText(report, true)).toContain('\u001b[31mFAIL  \u001b[0m')
    const io = (isTTY: boolean | undefined, env: NodeJS.ProcessEnv) => ({
      stdout: { write: () => true, isTTY },
      stderr: { write: () => true },
      cwd: '/',
      env
    })
    expect(useColour(io(true, {}))).toBe(true)
    expect(useColour(io(true, { NO_COLOR: '1' }))).toBe(false)
    expect(useColour(io(undefined, {}))).toBe(false)
  })
})

describe('a mistyped command', () => {
  it('gets a suggestion', async () => {
    let stderr = ''
    const code = await runCli(['valdate'], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
      cwd: '/',
      env: {}
    })
    expect(code).toBe(2)
    expect(stderr).toMatch(/^network-preflight: unknown command "valdate"; did you mean "validate"\?/)
  })
})

describe('per-command help and option typos', () => {
  const cli = async (args: string[]) => {
    let stdout = ''
    let stderr = ''
    const code = await runCli(args, {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      cwd: '/',
      env: {}
    })
    return { code, stdout, stderr }
  }

  it('run --help lists every option with its limits and default', async () => {
    const help = await cli(['run', '--help'])
    const { code } = help
    const stdout = help.stdout.replace(/\n {20,}/g, ' ')
    expect(code).toBe(0)
    expect(stdout).toMatch(/^usage: network-preflight run \[-f FILE\] \[--format text\|json\]/)
    expect(stdout).toMatch(/^ {2}-f, --file FILE +the config file \(default: preflight\.yaml\)$/m)
    expect(stdout).toMatch(
      /^ {6}--timeout-seconds N +per-analysis time limit in seconds \(10-3600, default: 300\)$/m
    )
    expect(stdout).toMatch(/^ {6}--assertion ID +.*\(repeatable\)$/m)
    expect(stdout).toMatch(/^ {6}--cleanup keep-paths\|all +.*\(default: keep-paths\)$/m)
  })

  it('a mistyped option gets a suggestion', async () => {
    const { code, stderr } = await cli(['run', '--formt', 'json'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/Unknown option '--formt'; did you mean --format\?/)
  })
})
