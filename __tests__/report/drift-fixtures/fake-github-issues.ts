// A small stand-in for GitHub's issues API on 127.0.0.1 (port 0): list issues with state/label filters and
// Link-header pagination, create, update (title/body/state/state_reason), comments list/create, and label
// creation with GitHub's 422 `already_exists`. It keeps its state in memory so tests can look at it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason: string | null
  labels: string[]
  comments: string[]
  /** Author login (default github-actions[bot], who GITHUB_TOKEN is). */
  user?: string
  /** Set for pull requests, which the issues API lists too. */
  pull_request?: { url: string }
}

/** What the token may do: everything, read only (writes get 403), or nothing (every call gets 404). */
export type Access = 'write' | 'read' | 'none'

export class FakeGitHubIssues {
  issues: FakeIssue[] = []
  labels = new Set<string>()
  requests: string[] = []
  access: Access = 'write'
  private nextNumber = 1
  private server: Server = createServer((req, res) => void this.handle(req, res))
  /** The first `barrier` issue listings wait until that many have arrived (forces overlapping runs). */
  private barrier = 0
  private waiting: Array<() => void> = []
  url = ''

  async start(): Promise<void> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  reset(): void {
    this.issues = []
    this.labels = new Set()
    this.requests = []
    this.access = 'write'
    this.nextNumber = 1
    this.barrier = 0
    this.waiting = []
  }

  /** Holds the next `count` issue listings until all of them have arrived. */
  holdListings(count: number): void {
    this.barrier = count
  }

  add(issue: Partial<FakeIssue> & { body: string }): FakeIssue {
    const stored: FakeIssue = {
      number: this.nextNumber++,
      title: 'unrelated',
      state: 'open',
      state_reason: null,
      labels: [],
      comments: [],
      ...issue
    }
    this.issues.push(stored)
    return stored
  }

  open(): FakeIssue[] {
    return this.issues.filter(issue => issue.state === 'open')
  }

  issue(issueNumber: number): FakeIssue {
    const found = this.issues.find(issue => issue.number === issueNumber)
    if (!found) throw new Error(`no issue #${issueNumber}`)
    return found
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', this.url)
    const method = req.method ?? 'GET'
    this.requests.push(`${method} ${url.pathname}${url.search}`)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    const input =
      chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {}

    if (this.access === 'none') return send(404, { message: 'Not Found' })
    if (url.pathname === '/user' && method === 'GET') {
      // The token is a GITHUB_TOKEN: not a user.
      return send(403, { message: 'Resource not accessible by integration' })
    }
    if (method !== 'GET' && this.access === 'read') {
      return send(403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue'
      })
    }

    const path = url.pathname
    if (path === '/repos/acme/net/issues' && method === 'GET') {
      await this.passBarrier()
      const state = url.searchParams.get('state') ?? 'open'
      const wanted = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean)
      const creator = url.searchParams.get('creator')
      const matching = this.issues.filter(
        issue =>
          (state === 'all' || issue.state === state) &&
          wanted.every(label => issue.labels.includes(label)) &&
          (!creator || (issue.user ?? 'github-actions[bot]') === creator)
      )
      return send(200, ...this.page(url, matching.map(view)))
    }
    if (path === '/repos/acme/net/issues' && method === 'POST') {
      const labels = (input.labels as string[] | undefined) ?? []
      const created = this.add({ title: String(input.title), body: String(input.body ?? ''), labels })
      return send(201, view(created))
    }
    if (path === '/repos/acme/net/labels' && method === 'POST') {
      const name = String(input.name)
      if (this.labels.has(name)) {
        return send(422, {
          message: 'Validation Failed',
          errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
          documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label'
        })
      }
      this.labels.add(name)
      return send(201, { id: this.labels.size, name, color: input.color, description: input.description })
    }
    const one = /^\/repos\/acme\/net\/issues\/(\d+)$/.exec(path)
    const comments = /^\/repos\/acme\/net\/issues\/(\d+)\/comments$/.exec(path)
    const target = this.issues.find(issue => issue.number === Number((one ?? comments)?.[1]))
    if ((one || comments) && !target) return send(404, { message: 'Not Found' })
    if (one && target && method === 'PATCH') {
      if (typeof input.title === 'string') target.title = input.title
      if (typeof input.body === 'string') target.body = input.body
      if (input.state === 'open' || input.state === 'closed') {
        // As on GitHub, the reason is only recorded with a state change.
        if (input.state !== target.state)
          target.state_reason = (input.state_reason as string | undefined) ?? null
        target.state = input.state
      }
      return send(200, view(target))
    }
    if (comments && target && method === 'GET') {
      const all = target.comments.map((body, i) => ({ id: target.number * 1000 + i, body }))
      return send(200, ...this.page(url, all))
    }
    if (comments && target && method === 'POST') {
      target.comments.push(String(input.body))
      return send(201, { id: target.number * 1000 + target.comments.length - 1, body: input.body })
    }
    send(404, { message: 'Not Found' })
  }

  /** One page of a list and GitHub's Link header for the next one. */
  private page<T>(url: URL, all: T[]): [T[], Record<string, string>] {
    const perPage = Number(url.searchParams.get('per_page') ?? 30)
    const page = Number(url.searchParams.get('page') ?? 1)
    const headers: Record<string, string> = {}
    if (page * perPage < all.length) {
      const next = new URL(url)
      next.searchParams.set('page', String(page + 1))
      headers.link = `<${this.url}${next.pathname}${next.search}>; rel="next"`
    }
    return [all.slice((page - 1) * perPage, page * perPage), headers]
  }

  private passBarrier(): Promise<void> {
    if (this.barrier <= 0) return Promise.resolve()
    return new Promise(resolve => {
      this.waiting.push(resolve)
      if (this.waiting.length >= this.barrier) {
        this.barrier = 0
        for (const release of this.waiting.splice(0)) release()
      }
    })
  }
}

function view(issue: FakeIssue) {
  return {
    id: issue.number + 90_000,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    labels: issue.labels.map(name => ({ name })),
    user: { login: issue.user ?? 'github-actions[bot]' },
    html_url: `https://github.com/acme/net/issues/${issue.number}`,
    ...(issue.pull_request ? { pull_request: issue.pull_request } : {})
  }
}
