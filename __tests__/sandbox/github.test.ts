// The GitHub REST surface through the same Octokit @actions/github gives the action.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { BASIC } from './helpers.js'

let sandbox: Sandbox
let octokit: ReturnType<typeof getOctokit>
const repo = { owner: 'example-org', repo: 'infra' }

beforeAll(async () => {
  sandbox = await startSandbox(BASIC)
  octokit = getOctokit(sandbox.env.GITHUB_TOKEN, { baseUrl: sandbox.urls.github })
})
afterAll(() => sandbox.close())
afterEach(() => {
  sandbox.github.permissions = { issues: 'write', 'pull-requests': 'write', contents: 'read' }
})

async function status(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p
  } catch (e) {
    const err = e as { status: number; response?: { data?: { message?: string } } }
    return { status: err.status, message: err.response?.data?.message ?? '' }
  }
  throw new Error('expected the request to fail')
}

describe('GitHub REST', () => {
  it('lists issues filtered by labels and state, paginated with Link headers', async () => {
    const open = await octokit.rest.issues.listForRepo({ ...repo })
    expect(open.data.map(i => i.number)).toEqual([7, 3, 1])
    expect(open.data[0].pull_request?.url).toBe(`${sandbox.urls.github}/repos/example-org/infra/pulls/7`)
    const page1 = await octokit.rest.issues.listForRepo({ ...repo, state: 'all', per_page: 1 })
    expect(page1.headers.link).toContain('rel="next"')
    expect(page1.headers.link).toContain(`${sandbox.urls.github}/repos/example-org/infra/issues?`)
    const labelled = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'all',
      labels: 'network-preflight',
      per_page: 1
    })
    expect(labelled.map(i => [i.number, i.state])).toEqual([
      [2, 'closed'],
      [1, 'open']
    ])
    const both = await octokit.rest.issues.listForRepo({ ...repo, labels: 'network-preflight,drift' })
    expect(both.data.map(i => i.number)).toEqual([1])
    expect(both.data[0].labels.map(l => (typeof l === 'string' ? l : l.name))).toEqual([
      'network-preflight',
      'drift'
    ])
  })

  it('creates, reads, updates, closes and labels issues', async () => {
    const created = await octokit.rest.issues.create({
      ...repo,
      title: 'Reachability drift: app-to-db',
      body: 'first',
      labels: ['network-preflight']
    })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      number: 8,
      state: 'open',
      title: 'Reachability drift: app-to-db',
      body: 'first',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: 'https://github.com/example-org/infra/issues/8',
      comments: 0
    })
    const got = await octokit.rest.issues.get({ ...repo, issue_number: 8 })
    expect(got.data.labels.map(l => (typeof l === 'string' ? l : l.name))).toEqual(['network-preflight'])
    const closed = await octokit.rest.issues.update({
      ...repo,
      issue_number: 8,
      body: 'fixed',
      state: 'closed'
    })
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'completed', body: 'fixed' })
    expect(closed.data.closed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const labels = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: 8,
      labels: ['drift', 'network-preflight']
    })
    expect(labels.data.map(l => l.name)).toEqual(['network-preflight', 'drift'])
    expect(sandbox.github.issues.find(i => i.number === 8)?.state).toBe('closed')
    const missing = await status(octokit.rest.issues.get({ ...repo, issue_number: 99 }))
    expect(missing).toEqual({ status: 404, message: 'Not Found' })
    const noTitle = await status(octokit.rest.issues.create({ ...repo, title: '' }))
    expect(noTitle.status).toBe(422)
  })

  it('lists, creates and updates issue comments (also on pull requests)', async () => {
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: 1,
      per_page: 2
    })
    expect(all.map(c => c.body)).toEqual(['first', 'second', 'third'])
    const comment = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: 7,
      body: '<!-- network-preflight -->\nreport'
    })
    expect(comment.status).toBe(201)
    expect(comment.data.html_url).toBe(
      `https://github.com/example-org/infra/pull/7`.replace('/pull/7', '/issues/7') +
        `#issuecomment-${comment.data.id}`
    )
    const updated = await octokit.rest.issues.updateComment({
      ...repo,
      comment_id: comment.data.id,
      body: '<!-- network-preflight -->\nreport v2'
    })
    expect(updated.data.body).toBe('<!-- network-preflight -->\nreport v2')
    const onPr = sandbox.github.comments.filter(c => c.issue_number === 7)
    expect(onPr.map(c => c.body)).toEqual(['<!-- network-preflight -->\nreport v2'])
    const tooLong = await status(
      octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'x'.repeat(65537) })
    )
    expect(tooLong).toEqual({ status: 422, message: 'Validation Failed' })
  })

  it('lists pull-request files', async () => {
    const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 7 })
    expect(files.data.map(f => f.filename)).toEqual(['preflight.yaml', 'README.md', 'src/a.ts'])
    expect(files.data[0]).toMatchObject({
      status: 'modified',
      additions: 3,
      deletions: 1,
      changes: 4,
      patch: '@@ -1 +1 @@'
    })
  })

  it('answers 403 "Resource not accessible by integration" without write permission, 401 for bad tokens', async () => {
    sandbox.github.permissions = { issues: 'read', 'pull-requests': 'read', contents: 'read' }
    const create = await status(octokit.rest.issues.create({ ...repo, title: 'x' }))
    expect(create).toEqual({ status: 403, message: 'Resource not accessible by integration' })
    const comment = await status(octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'x' }))
    expect(comment.status).toBe(403)
    sandbox.github.permissions = { issues: 'read', 'pull-requests': 'write', contents: 'read' }
    expect(
      (await octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'ok on a PR' })).status
    ).toBe(201)
    expect(
      (await status(octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'not on an issue' })))
        .status
    ).toBe(403)
    const stranger = getOctokit('ghs_wrong', { baseUrl: sandbox.urls.github })
    expect(await status(stranger.rest.issues.listForRepo({ ...repo }))).toEqual({
      status: 401,
      message: 'Bad credentials'
    })
    expect(sandbox.find({ service: 'github', status: 403 }).map(r => r.action)).toEqual([
      'POST /repos/{owner}/{repo}/issues',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments'
    ])
  })

  it('fails GitHub requests on demand (scripted faults match routes whatever their placeholders)', async () => {
    sandbox.injectFault({
      service: 'github',
      action: 'POST /repos/{owner}/{repo}/issues/{n}/comments',
      status: 502,
      times: 1
    })
    const failed = await status(octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x' }))
    expect(failed.status).toBe(502)
    expect((await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: 'x' })).status).toBe(
      201
    )
  })
})
