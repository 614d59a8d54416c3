import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  commentMarker,
  commentOnPullRequest,
  createGitHubClient,
  renderComment,
  shouldComment,
  upsertPrComment,
  type RunContext
} from '../../src/report/comment.js'
import { COMMENT_LIMIT_CHARS } from '../../src/report/summary.js'
import { bigReport, result, runReport } from './fixtures.js'

interface StoredComment {
  id: number
  body: string
  issue: number
  /** Author login. */
  user: string
}

/**
 * A tiny stand-in for GitHub's issue-comments API: list (paginated with a Link header, as GitHub does),
 * create and update. `forbidWrites` answers writes with the 403 a read-only token gets.
 */
class FakeGitHub {
  comments: StoredComment[] = []
  requests: string[] = []
  forbidWrites = false
  /** The login of a personal access token (GET /user answers it); undefined: a GITHUB_TOKEN (403). */
  tokenUser: string | undefined = undefined
  private nextId = 1000
  private server: Server = createServer((req, res) => void this.handle(req, res))
  url = ''

  async start(): Promise<void> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  add(issue: number, body: string, user = this.tokenUser ?? 'github-actions[bot]'): StoredComment {
    const comment = { id: this.nextId++, body, issue, user }
    this.comments.push(comment)
    return comment
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', this.url)
    this.requests.push(`${req.method} ${url.pathname}${url.search}`)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    const view = (c: StoredComment) => ({
      id: c.id,
      body: c.body,
      html_url: `https://github.com/acme/net/pull/${c.issue}#issuecomment-${c.id}`,
      user: { login: c.user, type: c.user.endsWith('[bot]') ? 'Bot' : 'User' }
    })
    if (url.pathname === '/user' && req.method === 'GET') {
      if (this.tokenUser) return send(200, { login: this.tokenUser, type: 'User' })
      return send(403, { message: 'Resource not accessible by integration' })
    }

    const list = /^\/repos\/acme\/net\/issues\/(\d+)\/comments$/.exec(url.pathname)
    const one = /^\/repos\/acme\/net\/issues\/comments\/(\d+)$/.exec(url.pathname)
    if (list && req.method === 'GET') {
      const issue = Number(list[1])
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      const all = this.comments.filter(c => c.issue === issue)
      const slice = all.slice((page - 1) * perPage, page * perPage)
      const headers: Record<string, string> = {}
      if (page * perPage < all.length) {
        headers.link = `<${this.url}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`
      }
      return send(200, slice.map(view), headers)
    }
    if ((list && req.method === 'POST') || (one && req.method === 'PATCH')) {
      if (this.forbidWrites) {
        return send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment'
        })
      }
      const { body } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body: string }
      if (list) return send(201, view(this.add(Number(list[1]), body)))
      const comment = this.comments.find(c => c.id === Number(one?.[1]))
      if (!comment) return send(404, { message: 'Not Found' })
      comment.body = body
      return send(200, view(comment))
    }
    send(404, { message: 'Not Found' })
  }
}

const samePayload = {
  pull_request: {
    number: 7,
    head: { repo: { full_name: 'acme/net' } },
    base: { repo: { full_name: 'acme/net' } }
  }
}
const forkPayload = {
  pull_request: {
    number: 8,
    head: { repo: { full_name: 'mallory/net' } },
    base: { repo: { full_name: 'acme/net' } }
  }
}

describe('shouldComment', () => {
  it('comments on pull requests from the same repository', () => {
    expect(shouldComment('pull_request', samePayload)).toEqual({ ok: true, prNumber: 7 })
    expect(shouldComment('pull_request_target', samePayload)).toEqual({ ok: true, prNumber: 7 })
  })

  it('skips fork PRs, PRs whose head repository is gone, and non-PR events, saying why', () => {
    expect(shouldComment('pull_request', forkPayload)).toEqual({
      ok: false,
      reason:
        'the PR comment is skipped: pull request #8 comes from a fork (mallory/net), whose token cannot write comments'
    })
    const deleted = {
      pull_request: { number: 9, head: { repo: null }, base: { repo: { full_name: 'acme/net' } } }
    }
    expect(shouldComment('pull_request', deleted)).toMatchObject({ ok: false })
    expect(shouldComment('push', {})).toEqual({
      ok: false,
      reason: 'the PR comment is skipped: `push` is not a pull request event'
    })
    expect(shouldComment('pull_request', {})).toMatchObject({ ok: false })
  })
})

describe('upsertPrComment against a local GitHub API', () => {
  const github = new FakeGitHub()
  const warnings: string[] = []
  const sink = { warning: (message: string) => void warnings.push(message) }

  beforeAll(() => github.start())
  afterAll(() => github.stop())
  beforeEach(() => {
    github.comments = []
    github.requests = []
    github.forbidWrites = false
    github.tokenUser = undefined
    warnings.length = 0
  })

  it('never edits a comment someone else posted with our marker; it posts its own', async () => {
    const forged = `${commentMarker('network/preflight.yaml')}\n✅ **All 2 assertions passed**`
    const foreign = github.add(7, forged, 'mallory')
    const failing = runReport([result({ id: 'app-to-db', line: 12, status: 'failed', reason: 'blocked' })])
    const first = await upsert(failing)
    expect(first).toMatchObject({ action: 'created' })
    expect(foreign.body).toBe(forged)
    expect(foreign.user).toBe('mallory')
    const ours = github.comments.filter(c => c.user === 'github-actions[bot]')
    expect(ours).toHaveLength(1)
    expect(ours[0].body).toContain('app-to-db')
    // The next run updates its own comment, still not mallory's.
    expect(await upsert(failing)).toMatchObject({ action: 'updated', commentId: ours[0].id })
    expect(foreign.body).toBe(forged)
    expect(github.requests.filter(r => r.startsWith('PATCH'))).toEqual([
      `PATCH /repos/acme/net/issues/comments/${ours[0].id}`
    ])
  })

  it('with a personal access token, ours is what GET /user names, not github-actions[bot]', async () => {
    github.tokenUser = 'release-bot-user'
    const marker = commentMarker('network/preflight.yaml')
    const bots = github.add(7, `${marker}\nposted by the workflow token`, 'github-actions[bot]')
    const mine = github.add(7, `${marker}\nposted earlier with this token`, 'Release-Bot-User')
    const outcome = await upsert(runReport([result({ id: 'a', line: 3, status: 'passed' })]))
    expect(outcome).toMatchObject({ action: 'updated', commentId: mine.id })
    expect(bots.body).toBe(`${marker}\nposted by the workflow token`)
  })

  const upsert = (report: ReturnType<typeof runReport>, configFile = 'network/preflight.yaml') =>
    upsertPrComment({
      octokit: createGitHubClient('test-token', github.url),
      owner: 'acme',
      repo: 'net',
      prNumber: 7,
      configFile,
      report,
      runUrl: 'https://github.com/acme/net/actions/runs/42',
      sink
    })

  it('creates the comment once, then updates it in place, across three runs', async () => {
    // 130 unrelated comments first, so ours is found on the second page.
    for (let i = 0; i < 130; i++) github.add(7, `LGTM ${i}`)
    github.add(7, `> ${commentMarker('network/preflight.yaml')}\n> quoted by a reviewer`)
    const other = github.add(7, `${commentMarker('network/other.yaml')}\nold report for another file`)

    const failing = runReport([
      result({ id: 'app-to-db', line: 12, status: 'failed', reason: 'security group db-sg blocks tcp/5432' }),
      result({ id: 'ok-web', line: 30, status: 'passed' })
    ])
    const first = await upsert(failing)
    expect(first).toMatchObject({ action: 'created' })

    const second = await upsert(failing)
    const fixed = runReport([
      result({ id: 'app-to-db', line: 12, status: 'passed' }),
      result({ id: 'ok-web', line: 30, status: 'passed' })
    ])
    const third = await upsert(fixed)
    expect(second).toEqual({
      action: 'updated',
      commentId: (first as { commentId: number }).commentId,
      url: expect.any(String)
    })
    expect(third).toMatchObject({ action: 'updated', commentId: (first as { commentId: number }).commentId })

    const ours = github.comments.filter(c => c.body.startsWith(commentMarker('network/preflight.yaml')))
    expect(ours).toHaveLength(1)
    expect(ours[0].body).toContain('✅ **All 2 assertions passed**')
    expect(ours[0].body).not.toContain('app-to-db')
    expect(github.comments).toHaveLength(133)
    expect(other.body).toBe(`${commentMarker('network/other.yaml')}\nold report for another file`)
    expect(github.requests.filter(r => r.startsWith('POST'))).toEqual([
      'POST /repos/acme/net/issues/7/comments'
    ])
    expect(github.requests.filter(r => r.startsWith('PATCH'))).toEqual([
      `PATCH /repos/acme/net/issues/comments/${ours[0].id}`,
      `PATCH /repos/acme/net/issues/comments/${ours[0].id}`
    ])
    // Every run read both pages.
    expect(github.requests.filter(r => r.includes('page=2'))).toHaveLength(3)
    expect(warnings).toEqual([])
  })

  it('keeps one comment per config file', async () => {
    const report = runReport([result({ id: 'a', line: 3, status: 'passed' })])
    await upsert(report, 'a.yaml')
    await upsert(report, 'b.yaml')
    await upsert(report, 'a.yaml')
    expect(github.comments.map(c => c.body.split('\n')[0])).toEqual([
      commentMarker('a.yaml'),
      commentMarker('b.yaml')
    ])
  })

  it('warns, naming pull-requests: write, when GitHub answers 403, and does not throw', async () => {
    github.forbidWrites = true
    const outcome = await upsert(runReport([result({ id: 'a', line: 3, status: 'failed' })]))
    expect(outcome).toMatchObject({ action: 'failed' })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('`pull-requests: write`')
    expect(warnings[0]).toContain('403')
    expect(github.comments).toEqual([])
  })

  it('skips a fork PR with a notice, without calling GitHub', async () => {
    const notices: string[] = []
    const context: RunContext = {
      eventName: 'pull_request',
      payload: forkPayload,
      repo: { owner: 'acme', repo: 'net' },
      serverUrl: 'https://github.com',
      runId: 42,
      apiUrl: github.url
    }
    const outcome = await commentOnPullRequest({
      token: 'test-token',
      report: runReport([result({ id: 'a', line: 3, status: 'failed' })]),
      configFile: 'preflight.yaml',
      context,
      sink: { warning: m => void warnings.push(m), notice: m => void notices.push(m) }
    })
    expect(outcome).toMatchObject({ action: 'skipped' })
    expect(notices).toEqual([
      'the PR comment is skipped: pull request #8 comes from a fork (mallory/net), whose token cannot write comments'
    ])
    expect(github.requests).toEqual([])
  })

  it('comments on a same-repository PR through the API URL of the run', async () => {
    const context: RunContext = {
      eventName: 'pull_request',
      payload: samePayload,
      repo: { owner: 'acme', repo: 'net' },
      serverUrl: 'https://github.com',
      runId: 42,
      apiUrl: github.url
    }
    const outcome = await commentOnPullRequest({
      token: 'test-token',
      report: runReport([result({ id: 'a', line: 3, status: 'failed' })]),
      configFile: 'preflight.yaml',
      context,
      sink: { warning: m => void warnings.push(m), notice: () => undefined }
    })
    expect(outcome).toMatchObject({ action: 'created' })
    expect(github.comments[0].body).toContain('[workflow run](https://github.com/acme/net/actions/runs/42)')
  })
})

describe('renderComment', () => {
  it('stays under the 65,536-character limit for a huge run and names every failure', () => {
    const report = bigReport(2000, 300)
    const body = renderComment(report, 'preflight.yaml', 'https://github.com/acme/net/actions/runs/42')
    expect(body.length).toBeLessThan(COMMENT_LIMIT_CHARS)
    expect(body.startsWith('<!-- network-preflight:comment config=preflight.yaml -->\n')).toBe(true)
    for (const r of report.results.filter(x => x.verdict.status === 'failed')) {
      expect(body).toContain(r.assertion.id)
    }
    expect(body).toContain('1700 passed assertions, not listed here')
    // 300 table rows would not fit in a comment; one line per failure does.
    expect(body.match(/^- ❌ \*\*path-/gm)).toHaveLength(300)
  })

  it('keeps the marker a single, closed HTML comment whatever the file name', () => {
    expect(commentMarker('a>b\n--.yaml')).toBe('<!-- network-preflight:comment config=a%3Eb⏎--.yaml -->')
  })
})
