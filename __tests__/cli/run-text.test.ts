import { listTargetsText, runText, useColour, type TargetRow } from '../../src/cli/commands.js'
import { runCli } from '../../src/cli/main.js'
import { instanceResolution, result, runReport } from '../report/fixtures.js'
import { setResult } from '../report/scope-fixtures.js'

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

describe('a set proved by a Network Access Analyzer scope', () => {
  it('names its ends by what the selectors say (it resolves no single resource)', () => {
    const [, row] = runText(runReport([setResult()])).split('\n')
    expect(row).toContain('prod:internet → prod:resources in subnets tagged Tier=private')
    expect(row).not.toContain('?')
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

describe('run text on a terminal narrower than the table', () => {
  const long = runReport([
    result({ id: 'short', line: 5, status: 'passed' }),
    result({
      id: 'a-much-longer-assertion-id-than-forty-characters-wide',
      line: 12,
      status: 'failed',
      reason:
        'expected reachable, but no path was found: Security group sg-0a0000000000a0003 (orders-db-replica-sg) has no inbound rule allowing tcp/5432'
    })
  ])

  it('keeps one line per row when it fits, or when no width is known (a pipe)', () => {
    expect(runText(long, false, 1000)).toBe(runText(long))
    expect(runText(long).split('\n')).toHaveLength(5)
  })

  it('takes two lines per row, aligned, the detail wrapped between words within the width', () => {
    // 130 columns: the 53-character id leaves no room for names beside the ids, so they go first.
    const text = runText(long, false, 130)
    expect(text).not.toContain('(app-server)')
    expect(runText(long, false, 150)).toContain('i-0123456789abcdef0 (app-server) →')
    const lines = text.split('\n')
    const [header, detailHeader, ...rest] = lines
    expect(header.split(/\s{2,}/)).toEqual([
      'ASSERTION',
      'TYPE',
      'SOURCE → DESTINATION',
      'PROTOCOL/PORT',
      'STATUS',
      'ANALYSIS ID'
    ])
    const detailAt = header.indexOf('PROTOCOL/PORT')
    expect(detailHeader).toBe(`${' '.repeat(detailAt)}DETAIL`)
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(130)
    // Each row: the first line has the status under STATUS; the next starts the destination under SOURCE.
    const rowStarts = rest.filter(l => /^\S/.test(l) && !/ passed, /.test(l))
    expect(rowStarts).toHaveLength(2)
    for (const row of rowStarts) expect(row.slice(header.indexOf('STATUS'))).toMatch(/^(PASS|FAIL) /)
    const failing = rest.slice(rest.indexOf(rowStarts[1]) + 1, -2)
    expect(failing[0].slice(0, header.indexOf('SOURCE'))).toMatch(/^ +$/)
    expect(failing[0].slice(detailAt)).toMatch(/^expected reachable/)
    // The reason, wrapped, says everything and cuts no id.
    expect(failing.map(l => l.slice(detailAt).trim()).join(' ')).toContain(
      'Security group sg-0a0000000000a0003 (orders-db-replica-sg) has no inbound rule allowing tcp/5432'
    )
    expect(runText(long, true, 130)).toContain('\u001b[31mFAIL  \u001b[0m')
  })
})

describe('list-targets text', () => {
  const r = result({ id: 'an-assertion-with-a-long-id-of-45-characters', line: 3, status: 'passed' })
  const rows: TargetRow[] = [
    {
      assertion: r.assertion,
      endpoint: r.assertion.source,
      resolution: instanceResolution('i-0123456789abcdef0', 'app-server')
    },
    {
      assertion: r.assertion,
      endpoint: r.assertion.destination,
      resolution: { ok: false, error: 'no instance is tagged Name=db' }
    }
  ]

  it('aligns the columns for any id length, one line per endpoint off a terminal', () => {
    const lines = listTargetsText(rows, 1).split('\n')
    expect(lines[0].indexOf(' → ')).toBe(lines[1].indexOf(' → '))
    expect(lines[0]).toMatch(/^an-assertion-with-a-long-id-of-45-characters {2}source {7}\S/)
    expect(lines.at(-1)).toBe('1 of 2 endpoints resolved')
  })

  it('puts what each endpoint resolved to under it on a narrow terminal, wrapped between words', () => {
    const lines = listTargetsText(rows, 1, 100).split('\n')
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100)
    const arrows = lines.filter(l => l.trimStart().startsWith('→ '))
    expect(arrows).toHaveLength(2)
    expect(new Set(arrows.map(l => l.indexOf('→'))).size).toBe(1)
    expect(lines.join(' ')).toContain('i-0123456789abcdef0 (app-server)')
  })
})
