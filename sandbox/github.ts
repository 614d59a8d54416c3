// The GitHub side: the Actions OIDC token endpoint and the REST calls the action's reporting needs (issues,
// labels, issue comments, pull-request files), with api.github.com's JSON shapes, Link-header pagination and
// GITHUB_TOKEN permission errors. The issue/comment store is plain data so tests can inspect it.
import type { SeededRandom } from './aws/ids.js'
import { signJwt, type JwtClaims } from './jwt.js'
import { ScenarioError, type GithubPermission, type GithubSpec, type Knobs } from './scenario.js'
import { GITHUB_OIDC_ISSUER } from './aws/sts.js'

export interface GithubUser {
  login: string
  id: number
  node_id: string
  type: 'User' | 'Bot'
  site_admin: boolean
}

export interface GithubLabel {
  id: number
  node_id: string
  url: string
  name: string
  color: string
  default: boolean
  description: string | null
}

export interface GithubIssue {
  id: number
  node_id: string
  url: string
  repository_url: string
  labels_url: string
  comments_url: string
  events_url: string
  html_url: string
  number: number
  state: 'open' | 'closed'
  state_reason: 'completed' | 'not_planned' | 'reopened' | null
  title: string
  body: string | null
  user: GithubUser
  labels: GithubLabel[]
  assignee: null
  assignees: never[]
  milestone: null
  locked: boolean
  comments: number
  created_at: string
  updated_at: string
  closed_at: string | null
  author_association: string
  pull_request?: { url: string; html_url: string; diff_url: string; patch_url: string; merged_at: null }
}

export interface GithubComment {
  id: number
  node_id: string
  url: string
  html_url: string
  issue_url: string
  body: string
  user: GithubUser
  created_at: string
  updated_at: string
  author_association: string
  /** Not part of GitHub's JSON: which issue the comment belongs to (stripped from responses). */
  issue_number: number
}

export interface GithubPullFile {
  sha: string
  filename: string
  status: string
  additions: number
  deletions: number
  changes: number
  blob_url: string
  raw_url: string
  contents_url: string
  patch?: string
}

export interface HttpAnswer {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** For the request log: e.g. `POST /repos/{owner}/{repo}/issues`. */
  route: string
  errorCode?: string
}

const BODY_LIMIT = 65536
const DOCS = 'https://docs.github.com/rest'

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function ghError(
  status: number,
  message: string,
  route: string,
  docs = DOCS,
  extra: Record<string, unknown> = {}
): HttpAnswer {
  return {
    status,
    route,
    body: { message, documentation_url: docs, status: String(status), ...extra },
    errorCode: message
  }
}

export class GithubSim {
  /** Repository labels created with POST /labels (lower-cased names). */
  private readonly repoLabels = new Set<string>()
  readonly repository: string
  readonly owner: string
  readonly requestToken: string
  readonly token: string
  /** Secret the OIDC tokens are signed with (STS verifies with the same). */
  readonly jwtSecret: string
  permissions: Record<'issues' | 'pull-requests' | 'contents', GithubPermission>
  /** Claims merged over the defaults in every OIDC token; tests may change them between runs. */
  claims: Record<string, unknown>
  readonly issues: GithubIssue[] = []
  readonly comments: GithubComment[] = []
  readonly pullFiles = new Map<number, GithubPullFile[]>()
  private readonly labelIds = new Map<string, number>()
  private nextId = 1000
  readonly defaultPerPage: number
  readonly actor: GithubUser
  readonly bot: GithubUser
  /** Who the REST token is: it authors every issue and comment the token creates. */
  tokenUser: GithubUser
  /** False for a GITHUB_TOKEN (GET /user answers 403), true for a personal access token. */
  tokenIsUser: boolean

  constructor(
    spec: GithubSpec | undefined,
    private readonly random: SeededRandom,
    private readonly baseUrl: () => string,
    private readonly knobs: () => Knobs,
    private readonly clock: () => number
  ) {
    this.repository = spec?.repository ?? 'example-org/infra'
    this.owner = this.repository.split('/')[0]
    this.requestToken = spec?.requestToken ?? `oidc-request-${random.hex(24)}`
    this.token = spec?.token ?? `ghs_${random.base64(36).replace(/[+/]/g, 'x')}`
    this.jwtSecret = `sandbox-oidc-${random.hex(32)}`
    this.permissions = {
      issues: spec?.permissions?.issues ?? 'write',
      'pull-requests': spec?.permissions?.['pull-requests'] ?? 'write',
      contents: spec?.permissions?.contents ?? 'read'
    }
    this.claims = { ...(spec?.claims ?? {}) }
    this.defaultPerPage = spec?.defaultPerPage ?? 30
    this.actor = this.user('octocat', 'User')
    this.bot = this.user('github-actions[bot]', 'Bot')
    this.tokenIsUser = spec?.tokenUser !== undefined
    this.tokenUser = spec?.tokenUser ? this.user(spec.tokenUser, 'User') : this.bot
    const now = clock()
    for (const pr of spec?.pullRequests ?? []) {
      const issue = this.newIssue(
        pr.number,
        pr.title ?? `Pull request #${pr.number}`,
        pr.body ?? null,
        pr.labels ?? [],
        now
      )
      issue.state = pr.state ?? 'open'
      issue.user = this.user(pr.user ?? 'octocat', 'User')
      for (const c of pr.comments ?? [])
        this.addComment(issue, c.body, this.user(c.user ?? 'octocat', 'User'), now)
      issue.pull_request = {
        url: `${this.repoApi()}/pulls/${pr.number}`,
        html_url: `https://github.com/${this.repository}/pull/${pr.number}`,
        diff_url: `https://github.com/${this.repository}/pull/${pr.number}.diff`,
        patch_url: `https://github.com/${this.repository}/pull/${pr.number}.patch`,
        merged_at: null
      }
      this.pullFiles.set(
        pr.number,
        (pr.files ?? []).map(f => {
          const sha = random.hex(40)
          const additions = f.additions ?? 1
          const deletions = f.deletions ?? 0
          return {
            sha,
            filename: f.filename,
            status: f.status ?? 'modified',
            additions,
            deletions,
            changes: additions + deletions,
            blob_url: `https://github.com/${this.repository}/blob/${sha}/${f.filename}`,
            raw_url: `https://github.com/${this.repository}/raw/${sha}/${f.filename}`,
            contents_url: `${this.repoApi()}/contents/${f.filename}?ref=${sha}`,
            ...(f.patch !== undefined ? { patch: f.patch } : {})
          }
        })
      )
    }
    for (const spec_ of spec?.issues ?? []) {
      const issue = this.newIssue(spec_.number, spec_.title, spec_.body ?? null, spec_.labels ?? [], now)
      issue.state = spec_.state ?? 'open'
      if (issue.state === 'closed') {
        issue.closed_at = isoSeconds(now)
        issue.state_reason = 'completed'
      }
      if (spec_.user) issue.user = this.user(spec_.user, 'User')
      for (const c of spec_.comments ?? [])
        this.addComment(issue, c.body, this.user(c.user ?? 'octocat', 'User'), now)
    }
  }

  private user(login: string, type: 'User' | 'Bot'): GithubUser {
    if (login === 'github-actions[bot]') type = 'Bot'
    const id =
      type === 'Bot'
        ? 41898282
        : 583231 + [...login].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_000, 7)
    return { login, id, node_id: `MDQ6VXNlcj${id}`, type, site_admin: false }
  }

  private repoApi(): string {
    return `${this.baseUrl()}/repos/${this.repository}`
  }

  private label(name: string): GithubLabel {
    let id = this.labelIds.get(name)
    if (id === undefined) {
      id = this.nextId++
      this.labelIds.set(name, id)
    }
    return {
      id,
      node_id: `LA_${id}`,
      url: `${this.repoApi()}/labels/${encodeURIComponent(name)}`,
      name,
      color: 'ededed',
      default: false,
      description: null
    }
  }

  private newIssue(
    number: number | undefined,
    title: string,
    body: string | null,
    labels: string[],
    now: number
  ): GithubIssue {
    const n = number ?? Math.max(0, ...this.issues.map(i => i.number)) + 1
    if (this.issues.some(i => i.number === n))
      throw new ScenarioError(`github: issue/pull request number ${n} is declared twice`)
    const id = this.nextId++
    const url = `${this.repoApi()}/issues/${n}`
    const issue: GithubIssue = {
      id,
      node_id: `I_kwDO${id}`,
      url,
      repository_url: this.repoApi(),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: `https://github.com/${this.repository}/issues/${n}`,
      number: n,
      state: 'open',
      state_reason: null,
      title,
      body,
      user: this.tokenUser,
      labels: [...new Set(labels)].map(l => this.label(l)),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      comments: 0,
      created_at: isoSeconds(now),
      updated_at: isoSeconds(now),
      closed_at: null,
      author_association: 'NONE'
    }
    this.issues.push(issue)
    return issue
  }

  private addComment(issue: GithubIssue, body: string, user: GithubUser, now: number): GithubComment {
    const id = this.nextId++
    const comment: GithubComment = {
      id,
      node_id: `IC_kwDO${id}`,
      url: `${this.repoApi()}/issues/comments/${id}`,
      html_url: `${issue.html_url}#issuecomment-${id}`,
      issue_url: issue.url,
      body,
      user,
      created_at: isoSeconds(now),
      updated_at: isoSeconds(now),
      author_association: 'NONE',
      issue_number: issue.number
    }
    this.comments.push(comment)
    issue.comments++
    return comment
  }

  // ---------------------------------------------------------------------------------------------------------------
  // OIDC token endpoint, as core.getIDToken calls it: GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=... with a bearer.

  oidcClaims(audience: string | undefined, now: number): JwtClaims {
    const iat = Math.floor(now / 1000)
    const claims: JwtClaims = {
      jti: this.random.uuid(),
      sub: `repo:${this.repository}:ref:refs/heads/main`,
      aud: audience ?? `https://github.com/${this.owner}`,
      ref: 'refs/heads/main',
      sha: 'a3c1f8e2b6d94f0e8c7b5a4d3e2f1a0b9c8d7e6f',
      repository: this.repository,
      repository_owner: this.owner,
      repository_owner_id: '1234567',
      repository_id: '7654321',
      repository_visibility: 'private',
      run_id: '1000000001',
      run_number: '1',
      run_attempt: '1',
      actor: this.actor.login,
      actor_id: String(this.actor.id),
      workflow: 'network-preflight',
      event_name: 'push',
      ref_type: 'branch',
      job_workflow_ref: `${this.repository}/.github/workflows/preflight.yml@refs/heads/main`,
      runner_environment: 'github-hosted',
      iss: GITHUB_OIDC_ISSUER,
      nbf: iat - 5,
      iat,
      ...this.claims
    }
    claims.exp ??= iat + Math.round(this.knobs().oidcTokenLifetimeSeconds)
    return claims
  }

  handleOidc(url: URL, authorization: string | undefined): HttpAnswer {
    const route = 'GET /oidc/token'
    if (authorization !== `Bearer ${this.requestToken}`) {
      return { status: 401, route, body: { message: 'Unauthorized' }, errorCode: 'Unauthorized' }
    }
    const audience = url.searchParams.get('audience') ?? undefined
    const value = signJwt(this.oidcClaims(audience, this.clock()), this.jwtSecret)
    return { status: 200, route, body: { count: 1, value } }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // REST.

  private can(scope: 'issues' | 'pull-requests' | 'contents', need: 'read' | 'write'): boolean {
    const have = this.permissions[scope]
    return need === 'read' ? have !== 'none' : have === 'write'
  }

  private forbidden(route: string, docs: string, needs: string): HttpAnswer {
    const answer = ghError(403, 'Resource not accessible by integration', route, docs)
    answer.headers = { 'x-accepted-github-permissions': needs }
    return answer
  }

  private page<T>(items: T[], url: URL, route: string): HttpAnswer {
    const perPage = Math.min(
      100,
      Math.max(1, Number(url.searchParams.get('per_page') ?? this.defaultPerPage) || this.defaultPerPage)
    )
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1)
    const last = Math.max(1, Math.ceil(items.length / perPage))
    const link = (p: number): string => {
      const u = new URL(url.toString())
      u.searchParams.set('per_page', String(perPage))
      u.searchParams.set('page', String(p))
      return `${this.baseUrl()}${u.pathname.replace(/^\/github/, '')}${u.search}`
    }
    const rels: string[] = []
    if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
    if (page > 1) rels.push(`<${link(1)}>; rel="first"`, `<${link(Math.min(page - 1, last))}>; rel="prev"`)
    return {
      status: 200,
      route,
      body: items.slice((page - 1) * perPage, page * perPage),
      headers: rels.length ? { link: rels.join(', ') } : {}
    }
  }

  private publicComment(c: GithubComment): Omit<GithubComment, 'issue_number'> {
    const { issue_number: _n, ...rest } = c
    return rest
  }

  private touch(issue: GithubIssue): void {
    issue.updated_at = isoSeconds(this.clock())
  }

  private checkBody(body: unknown, route: string, resource: string): HttpAnswer | undefined {
    if (typeof body === 'string' && body.length > BODY_LIMIT) {
      return ghError(422, 'Validation Failed', route, DOCS, {
        errors: [
          {
            resource,
            code: 'custom',
            field: 'body',
            message: `body is too long (maximum is ${BODY_LIMIT} characters)`
          }
        ]
      })
    }
    return undefined
  }

  handleRest(method: string, url: URL, authorization: string | undefined, rawBody: string): HttpAnswer {
    const path = url.pathname.replace(/^\/github/, '').replace(/\/+$/, '')
    const genericRoute = `${method} ${path.replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/{owner}/{repo}').replace(/\/\d+(?=\/|$)/g, '/{n}')}`
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(authorization ?? '')?.[1]
    if (!token) return ghError(401, 'Requires authentication', genericRoute)
    if (token !== this.token) return ghError(401, 'Bad credentials', genericRoute)
    let body: Record<string, unknown> = {}
    if (rawBody) {
      try {
        body = JSON.parse(rawBody) as Record<string, unknown>
      } catch {
        return ghError(400, 'Problems parsing JSON', genericRoute)
      }
    }
    if (path === '/user' && method === 'GET') {
      // An installation token (GITHUB_TOKEN) is not a user: GitHub answers 403 for it.
      const route = 'GET /user'
      if (!this.tokenIsUser)
        return ghError(
          403,
          'Resource not accessible by integration',
          route,
          `${DOCS}/users/users#get-the-authenticated-user`
        )
      return { status: 200, route, body: { ...this.tokenUser, name: null, email: null } }
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path)
    if (!m || `${m[1]}/${m[2]}`.toLowerCase() !== this.repository.toLowerCase())
      return ghError(404, 'Not Found', genericRoute)
    const rest = m[3] ?? ''
    const now = this.clock()
    const issueDocs = 'https://docs.github.com/rest/issues/issues'
    const commentDocs = 'https://docs.github.com/rest/issues/comments'
    const findIssue = (n: string): GithubIssue | undefined => this.issues.find(i => i.number === Number(n))
    const canWriteOn = (issue: GithubIssue | undefined): boolean =>
      this.can('issues', 'write') || (!!issue?.pull_request && this.can('pull-requests', 'write'))
    let r: RegExpExecArray | null

    if (rest === '/issues' && method === 'GET') {
      const route = 'GET /repos/{owner}/{repo}/issues'
      if (!this.can('issues', 'read'))
        return this.forbidden(route, `${issueDocs}#list-repository-issues`, 'issues=read')
      const state = url.searchParams.get('state') ?? 'open'
      const labels = (url.searchParams.get('labels') ?? '')
        .split(',')
        .map(l => l.trim())
        .filter(Boolean)
      const creator = url.searchParams.get('creator')
      const direction = url.searchParams.get('direction') ?? 'desc'
      const sort = url.searchParams.get('sort') ?? 'created'
      const items = this.issues
        .filter(i => state === 'all' || i.state === state)
        .filter(i => labels.every(l => i.labels.some(x => x.name === l)))
        .filter(i => !creator || i.user.login === creator)
        .sort((a, b) => {
          const key = sort === 'updated' ? 'updated_at' : 'created_at'
          const c = a[key] === b[key] ? a.number - b.number : a[key] < b[key] ? -1 : 1
          return direction === 'asc' ? c : -c
        })
      return this.page(items, url, route)
    }
    if (rest === '/issues' && method === 'POST') {
      const route = 'POST /repos/{owner}/{repo}/issues'
      if (!this.can('issues', 'write'))
        return this.forbidden(route, `${issueDocs}#create-an-issue`, 'issues=write')
      if (typeof body.title !== 'string' || body.title === '') {
        return ghError(
          422,
          'Invalid request.\n\n"title" wasn\'t supplied.',
          route,
          `${issueDocs}#create-an-issue`
        )
      }
      const tooLong = this.checkBody(body.body, route, 'Issue')
      if (tooLong) return tooLong
      const labels = Array.isArray(body.labels)
        ? body.labels.map(l => (typeof l === 'string' ? l : String((l as { name?: string }).name)))
        : []
      const issue = this.newIssue(
        undefined,
        body.title,
        typeof body.body === 'string' ? body.body : null,
        labels,
        now
      )
      return { status: 201, route, body: issue, headers: { location: issue.url } }
    }
    if ((r = /^\/issues\/(\d+)$/.exec(rest))) {
      const issue = findIssue(r[1])
      if (method === 'GET') {
        const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}'
        if (!this.can('issues', 'read'))
          return this.forbidden(route, `${issueDocs}#get-an-issue`, 'issues=read')
        return issue
          ? { status: 200, route, body: issue }
          : ghError(404, 'Not Found', route, `${issueDocs}#get-an-issue`)
      }
      if (method === 'PATCH') {
        const route = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}'
        if (!canWriteOn(issue)) return this.forbidden(route, `${issueDocs}#update-an-issue`, 'issues=write')
        if (!issue) return ghError(404, 'Not Found', route, `${issueDocs}#update-an-issue`)
        const tooLong = this.checkBody(body.body, route, 'Issue')
        if (tooLong) return tooLong
        if (typeof body.title === 'string') issue.title = body.title
        if (typeof body.body === 'string' || body.body === null) issue.body = body.body
        if (Array.isArray(body.labels)) {
          issue.labels = [
            ...new Set(
              body.labels.map(l => (typeof l === 'string' ? l : String((l as { name?: string }).name)))
            )
          ].map(l => this.label(l))
        }
        if (body.state === 'closed' && issue.state !== 'closed') {
          issue.state = 'closed'
          issue.closed_at = isoSeconds(now)
          issue.state_reason = (body.state_reason as GithubIssue['state_reason']) ?? 'completed'
        } else if (body.state === 'open' && issue.state !== 'open') {
          issue.state = 'open'
          issue.closed_at = null
          issue.state_reason = 'reopened'
        }
        this.touch(issue)
        return { status: 200, route, body: issue }
      }
    }
    if (rest === '/labels' && method === 'POST') {
      // Create a repository label; GitHub answers 422 already_exists for a name in use (labels on issues count).
      const route = 'POST /repos/{owner}/{repo}/labels'
      if (!this.can('issues', 'write'))
        return this.forbidden(
          route,
          'https://docs.github.com/rest/issues/labels#create-a-label',
          'issues=write'
        )
      const name = typeof body.name === 'string' ? body.name : ''
      if (!name)
        return ghError(422, 'Validation Failed', route, DOCS, {
          errors: [{ resource: 'Label', code: 'missing_field', field: 'name' }]
        })
      const inUse =
        this.repoLabels.has(name.toLowerCase()) ||
        this.issues.some(i => i.labels.some(l => l.name.toLowerCase() === name.toLowerCase()))
      if (inUse)
        return ghError(422, 'Validation Failed', route, DOCS, {
          errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }]
        })
      this.repoLabels.add(name.toLowerCase())
      return {
        status: 201,
        route,
        body: {
          ...this.label(name),
          color: String(body.color ?? 'ededed'),
          description: body.description ?? null
        }
      }
    }
    if ((r = /^\/issues\/(\d+)\/labels$/.exec(rest)) && method === 'POST') {
      const route = 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels'
      const issue = findIssue(r[1])
      if (!canWriteOn(issue))
        return this.forbidden(
          route,
          'https://docs.github.com/rest/issues/labels#add-labels-to-an-issue',
          'issues=write'
        )
      if (!issue) return ghError(404, 'Not Found', route)
      const given = Array.isArray(body) ? (body as unknown[]) : Array.isArray(body.labels) ? body.labels : []
      for (const l of given) {
        const name = typeof l === 'string' ? l : String((l as { name?: string }).name)
        if (!issue.labels.some(x => x.name === name)) issue.labels.push(this.label(name))
      }
      this.touch(issue)
      return { status: 200, route, body: issue.labels }
    }
    if ((r = /^\/issues\/(\d+)\/labels\/([^/]+)$/.exec(rest)) && method === 'DELETE') {
      const route = 'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}'
      const issue = findIssue(r[1])
      if (!canWriteOn(issue))
        return this.forbidden(
          route,
          'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue',
          'issues=write'
        )
      const name = decodeURIComponent(r[2])
      if (!issue || !issue.labels.some(l => l.name === name))
        return ghError(404, 'Label does not exist', route)
      issue.labels = issue.labels.filter(l => l.name !== name)
      this.touch(issue)
      return { status: 200, route, body: issue.labels }
    }
    if ((r = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = findIssue(r[1])
      if (method === 'GET') {
        const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments'
        if (!this.can('issues', 'read'))
          return this.forbidden(route, `${commentDocs}#list-issue-comments`, 'issues=read')
        if (!issue) return ghError(404, 'Not Found', route, `${commentDocs}#list-issue-comments`)
        const items = this.comments
          .filter(c => c.issue_number === issue.number)
          .map(c => this.publicComment(c))
        return this.page(items, url, route)
      }
      if (method === 'POST') {
        const route = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments'
        if (!canWriteOn(issue))
          return this.forbidden(
            route,
            `${commentDocs}#create-an-issue-comment`,
            'issues=write; pull_requests=write'
          )
        if (!issue) return ghError(404, 'Not Found', route, `${commentDocs}#create-an-issue-comment`)
        if (typeof body.body !== 'string' || body.body === '') {
          return ghError(
            422,
            'Invalid request.\n\n"body" wasn\'t supplied.',
            route,
            `${commentDocs}#create-an-issue-comment`
          )
        }
        const tooLong = this.checkBody(body.body, route, 'IssueComment')
        if (tooLong) return tooLong
        const comment = this.addComment(issue, body.body, this.tokenUser, now)
        this.touch(issue)
        return { status: 201, route, body: this.publicComment(comment), headers: { location: comment.url } }
      }
    }
    if ((r = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const comment = this.comments.find(c => c.id === Number(r![1]))
      const issue = comment ? this.issues.find(i => i.number === comment.issue_number) : undefined
      if (method === 'GET') {
        const route = 'GET /repos/{owner}/{repo}/issues/comments/{comment_id}'
        if (!this.can('issues', 'read'))
          return this.forbidden(route, `${commentDocs}#get-an-issue-comment`, 'issues=read')
        return comment
          ? { status: 200, route, body: this.publicComment(comment) }
          : ghError(404, 'Not Found', route)
      }
      if (method === 'PATCH') {
        const route = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}'
        if (!canWriteOn(issue))
          return this.forbidden(
            route,
            `${commentDocs}#update-an-issue-comment`,
            'issues=write; pull_requests=write'
          )
        if (!comment) return ghError(404, 'Not Found', route, `${commentDocs}#update-an-issue-comment`)
        if (typeof body.body !== 'string' || body.body === '') {
          return ghError(
            422,
            'Invalid request.\n\n"body" wasn\'t supplied.',
            route,
            `${commentDocs}#update-an-issue-comment`
          )
        }
        const tooLong = this.checkBody(body.body, route, 'IssueComment')
        if (tooLong) return tooLong
        comment.body = body.body
        comment.updated_at = isoSeconds(now)
        return { status: 200, route, body: this.publicComment(comment) }
      }
    }
    if ((r = /^\/pulls\/(\d+)\/files$/.exec(rest)) && method === 'GET') {
      const route = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files'
      if (!this.can('pull-requests', 'read') && !this.can('contents', 'read')) {
        return this.forbidden(
          route,
          'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files',
          'pull_requests=read'
        )
      }
      const files = this.pullFiles.get(Number(r[1]))
      if (!files)
        return ghError(
          404,
          'Not Found',
          route,
          'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files'
        )
      return this.page(files, url, route)
    }
    return ghError(404, 'Not Found', genericRoute)
  }
}
