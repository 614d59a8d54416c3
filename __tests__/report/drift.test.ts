import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGitHubClient } from '../../src/report/comment.js'
import {
  decodeDataBlock,
  driftMarker,
  openOrUpdateDriftIssue,
  type DriftIssueArgs
} from '../../src/report/drift.js'
import type { RunReport } from '../../src/model.js'
import { FakeGitHubIssues } from './drift-fixtures/fake-github-issues.js'
import { driftRun } from './drift-fixtures/reports.js'

const CONFIG = 'network/preflight.yaml'
const LABEL = 'network-preflight-drift'
const MARKER = driftMarker(CONFIG)
const runUrl = (id: number) => `https://github.com/acme/net/actions/runs/${id}`

describe('openOrUpdateDriftIssue against a local GitHub issues API', () => {
  const github = new FakeGitHubIssues()
  const warnings: string[] = []
  const sink = { warning: (message: string) => void warnings.push(message), info: () => undefined }

  beforeAll(() => github.start())
  afterAll(() => github.stop())
  beforeEach(() => {
    github.reset()
    warnings.length = 0
  })

  const run = (report: RunReport, runId: number, extra: Partial<DriftIssueArgs> = {}) =>
    openOrUpdateDriftIssue({
      token: 'test-token',
      report,
      configFile: CONFIG,
      label: LABEL,
      runUrl: runUrl(runId),
      octokit: createGitHubClient('test-token', github.url),
      sink,
      repo: { owner: 'acme', repo: 'net' },
      ...extra
    })

  const ours = () => github.issues.filter(issue => !issue.pull_request && issue.body.startsWith(MARKER))
  const writes = () => github.requests.filter(request => !request.startsWith('GET'))

  it('opens one issue when drift appears, refreshes it silently, comments on a change, closes it when fixed', async () => {
    // Noise the search must see past: 120 labelled issues of another config (so ours is on page 2), a pull
    // request and a closed issue that both carry our marker.
    for (let i = 0; i < 120; i++) {
      github.add({ body: `${driftMarker('network/other.yaml')}\nold`, labels: [LABEL] })
    }
    github.add({ body: `${MARKER}\nquoted in a PR`, labels: [LABEL], pull_request: { url: 'x' } })
    github.add({ body: `${MARKER}\nlast month's drift`, labels: [LABEL], state: 'closed' })

    // 1. All passing and no issue: nothing to do.
    expect(await run(driftRun(), 1)).toBeUndefined()
    expect(writes()).toEqual([])

    // 2. Drift appears: exactly one issue, labelled, marker first, data block of this run.
    github.requests = []
    const first = await run(driftRun({ db: 'failed', finishedAt: '2026-03-15T00:18:40.000Z' }), 2)
    expect(ours().filter(issue => issue.state === 'open')).toHaveLength(1)
    const issue = ours().find(i => i.state === 'open')!
    expect(first).toBe(issue.number)
    expect(issue.labels).toEqual([LABEL])
    expect(github.labels.has(LABEL)).toBe(true)
    expect(issue.title).toBe('Network drift: 1 of 4 assertions not holding in network/preflight.yaml')
    expect(issue.body.startsWith(`${MARKER}\n## ⚠️ Network drift: network/preflight.yaml\n`)).toBe(true)
    expect(issue.body).toContain('First detected in this run.')
    expect(issue.body).toContain('app-to-db')
    expect(issue.body).toContain(`[workflow run](${runUrl(2)})`)
    expect(decodeDataBlock(issue.body)?.results.find(r => r.assertion_id === 'app-to-db')?.status).toBe(
      'failed'
    )
    expect(issue.comments).toEqual([])
    expect(writes()).toEqual(['POST /repos/acme/net/labels', 'POST /repos/acme/net/issues'])
    // The search read past the first page of 100.
    expect(
      github.requests.filter(r => r.startsWith('GET /repos/acme/net/issues?') && r.includes('page=2'))
    ).toHaveLength(2)

    // 3. Same drift six hours later: body refreshed, no comment, same issue.
    github.requests = []
    expect(await run(driftRun({ db: 'failed', finishedAt: '2026-03-15T06:18:10.000Z' }), 3)).toBe(
      issue.number
    )
    expect(issue.comments).toEqual([])
    expect(issue.body).toContain(`[workflow run](${runUrl(3)})`)
    expect(issue.body).toContain('**Drifting since** 2026-03-15 00:18 UTC')
    expect(issue.body).toContain(
      'No assertion changed its verdict or its forward path since the previous run.'
    )
    expect(writes()).toEqual([`PATCH /repos/acme/net/issues/${issue.number}`])

    // 4. The drift changes (web-to-api errors too, the NAT gateway is replaced): exactly one comment.
    expect(
      await run(
        driftRun({ db: 'failed', api: 'error', nat: 'nat-0bbb', finishedAt: '2026-03-15T12:17:55.000Z' }),
        4
      )
    ).toBe(issue.number)
    expect(issue.comments).toEqual([
      [
        `**The drift changed** ([workflow run](${runUrl(4)}), 2026-03-15 12:17 UTC)`,
        '',
        '**Verdict changes**',
        '',
        '- ⚠️ **web-to-api**: passed → error',
        '',
        '**Forward-path changes** (still reachable, through different components)',
        '',
        '- 🔀 **app-to-internet**: hops removed: `nat-0aaa`; hops added: `nat-0bbb`',
        '',
        'Now: ❌ **1 of 4 assertions failed, 1 error — 2 passed**',
        ''
      ].join('\n')
    ])
    expect(issue.title).toBe('Network drift: 2 of 4 assertions not holding in network/preflight.yaml')
    expect(issue.body).toContain('**Drifting since** 2026-03-15 00:18 UTC')

    // 5. A path change alone does not comment (the failing set is the same), but shows in the body.
    expect(await run(driftRun({ db: 'failed', api: 'error', nat: 'nat-0ccc' }), 5)).toBe(issue.number)
    expect(issue.comments).toHaveLength(1)
    expect(issue.body).toContain('- 🔀 **app-to-internet**: hops removed: `nat-0bbb`; hops added: `nat-0ccc`')

    // 6. Fixed: a "resolved" comment with the run link, closed as completed.
    expect(
      await run(driftRun({ nat: 'nat-0ccc', finishedAt: '2026-03-15T18:17:30.000Z' }), 6)
    ).toBeUndefined()
    expect(issue.state).toBe('closed')
    expect(issue.state_reason).toBe('completed')
    expect(issue.comments).toHaveLength(2)
    expect(issue.comments[1]).toContain(
      `✅ **Resolved**: every assertion in network/preflight.yaml passes again ([workflow run](${runUrl(6)}), 2026-03-15 18:17 UTC). Closing this issue.`
    )
    expect(issue.comments[1]).toContain('- ✅ **app-to-db**: failed → passed (not reachable → reachable)')
    expect(issue.comments[1]).toContain('- ✅ **web-to-api**: error → passed')
    expect(issue.body).toContain('## ✅ Network drift resolved: network/preflight.yaml')

    // 7. Still passing: nothing written. Drift again: a new issue, not the closed one.
    github.requests = []
    expect(await run(driftRun(), 7)).toBeUndefined()
    expect(writes()).toEqual([])
    const again = await run(driftRun({ api: 'failed' }), 8)
    expect(again).not.toBe(issue.number)
    expect(
      ours()
        .filter(i => i.state === 'open')
        .map(i => i.number)
    ).toEqual([again])
    // The label existed by then: GitHub's 422 already_exists was tolerated.
    expect(warnings).toEqual([])
  })

  it('keeps one open issue when two overlapping runs both find none and both create one', async () => {
    github.holdListings(2)
    const report = driftRun({ db: 'failed' })
    const [a, b] = await Promise.all([run(report, 10), run(report, 11)])
    // Both runs really created one (the race happened), and both settled on the lower number.
    expect(ours()).toHaveLength(2)
    const open = ours().filter(issue => issue.state === 'open')
    expect(open).toHaveLength(1)
    expect(a).toBe(open[0].number)
    expect(b).toBe(open[0].number)
    const closed = ours().find(issue => issue.state === 'closed')!
    expect(closed.number).toBeGreaterThan(open[0].number)
    expect(closed.state_reason).toBe('duplicate')
    expect(closed.comments[0]).toMatch(new RegExp(`^Duplicate of #${open[0].number}: `))
    expect(open[0].comments).toEqual([])
    expect(warnings).toEqual([])

    // The next scheduled run updates the kept issue and creates nothing.
    expect(await run(report, 12)).toBe(open[0].number)
    expect(ours()).toHaveLength(2)
  })

  it('never touches an issue someone else opened with our marker and label', async () => {
    const forgedBody = `${MARKER}\n✅ all passed`
    const foreign = github.add({ body: forgedBody, labels: [LABEL], user: 'mallory' })
    const opened = await run(driftRun({ db: 'failed' }), 25)
    expect(opened).not.toBe(foreign.number)
    expect(github.issue(opened!).user ?? 'github-actions[bot]').toBe('github-actions[bot]')
    // Everything passes again: ours is closed, mallory's stays exactly as it was.
    expect(await run(driftRun({ db: 'passed' }), 26)).toBeUndefined()
    expect(github.issue(opened!).state).toBe('closed')
    expect(foreign).toMatchObject({ body: forgedBody, state: 'open', comments: [] })
    expect(writes().some(w => w.includes(`/issues/${foreign.number}`))).toBe(false)
  })

  it('closes duplicates found open on a later run, keeping the oldest', async () => {
    const older = github.add({ body: `${MARKER}\nold body without data`, labels: [LABEL] })
    const newer = github.add({ body: `${MARKER}\nanother`, labels: [LABEL] })
    expect(await run(driftRun({ db: 'failed' }), 20)).toBe(older.number)
    expect(newer.state).toBe('closed')
    expect(newer.comments).toHaveLength(1)
    expect(older.state).toBe('open')
    // No readable data from the previous run: updated without a comment, and the body says why.
    expect(older.comments).toEqual([])
    expect(older.body).toContain('holds no readable data from the previous run')
  })

  it('warns once, naming issues: write, when the token may not write issues (403), and does not throw', async () => {
    github.access = 'read'
    expect(await run(driftRun({ db: 'failed' }), 30)).toBeUndefined()
    expect(warnings).toEqual([
      'GitHub refused the drift issue (403): the token lacks the `issues: write` permission. ' +
        'Add `permissions: { issues: write }` to the job, or set `drift-issue: false`.'
    ])
    expect(github.issues).toEqual([])
  })

  it('warns the same way when the token cannot even read issues (404)', async () => {
    github.access = 'none'
    expect(await run(driftRun({ db: 'failed' }), 31)).toBeUndefined()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('(404)')
    expect(warnings[0]).toContain('`issues: write`')
  })

  it('warns, without throwing, when GitHub cannot be reached', async () => {
    // A port that was free a moment ago: the connection is refused.
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>(resolve => closed.close(() => resolve()))
    const outcome = await run(driftRun({ db: 'failed' }), 32, {
      octokit: createGitHubClient('test-token', `http://127.0.0.1:${port}`)
    })
    expect(outcome).toBeUndefined()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^Could not update the drift issue: /)
  })
})
