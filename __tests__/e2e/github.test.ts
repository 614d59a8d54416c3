// End to end on the sandbox's GitHub API: annotations of a 30-assertion config, the sticky PR comment,
// and the drift issue, all through the bundled dist/index.js as the runner starts it.
import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { runAction } from '../../sandbox/runner.js'
import type { ScenarioFile } from '../../sandbox/scenario.js'

const SCENARIO_TEXT = readFileSync(new URL('../../examples/sandbox.yaml', import.meta.url), 'utf8')
const DEMO_CONFIG = readFileSync(new URL('../../examples/preflight.yaml', import.meta.url), 'utf8')
const ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'
const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
const HEADER = DEMO_CONFIG.slice(0, DEMO_CONFIG.indexOf('assertions:'))
const API = '{ tags: { Name: orders-api, Env: prod } }'

type Kind = 'pass' | 'fail' | 'error'
/** A config of `kinds.length` assertions; returns the text and the line of each `- id:`. */
function generatedConfig(kinds: Kind[]): { text: string; lines: number[] } {
  let text = `${HEADER}assertions:\n`
  const lines: number[] = []
  kinds.forEach((kind, i) => {
    lines.push(text.split('\n').length)
    const destination =
      kind === 'pass'
        ? '{ resource_id: i-0a1000000000000d1 }'
        : kind === 'fail'
          ? '{ resource_id: eni-0a1000000000000d2 }'
          : `{ tags: { Name: no-such-server-${i} } }`
    text +=
      `  - id: ${kind}-${i}\n    type: allow\n    source: { account: app, selector: ${API} }\n` +
      `    destination: { account: app, selector: ${destination} }\n    protocol: tcp\n    port: 5432\n`
  })
  return { text, lines }
}

async function sandboxFrom(text: string, mutate?: (s: ScenarioFile) => void): Promise<Sandbox> {
  const scenario = load(text) as ScenarioFile
  mutate?.(scenario)
  return startSandbox(scenario)
}

const prEvent = (fork = false) => ({
  name: 'pull_request',
  payload: {
    number: 42,
    pull_request: {
      number: 42,
      head: { repo: { full_name: fork ? 'someone/infra' : 'example-org/infra', fork } },
      base: { repo: { full_name: 'example-org/infra' } }
    },
    repository: { full_name: 'example-org/infra', owner: { login: 'example-org' }, name: 'infra' }
  }
})

function run(
  sandbox: Sandbox,
  config: string,
  inputs: Record<string, string> = {},
  event?: { name: string; payload?: unknown }
) {
  return runAction({
    inputs: { config: 'preflight.yaml', 'role-to-assume': ROLE, ...inputs },
    env: { ...sandbox.env, ...QUIET },
    files: { 'preflight.yaml': config },
    event
  })
}

describe('annotations of a 30-assertion config', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await sandboxFrom(SCENARIO_TEXT)
  })
  afterAll(() => sandbox.close())

  it('annotates failures first, then errors, each on its `- id:` line, capped at 10, with a notice for the rest', async () => {
    const kinds: Kind[] = Array.from({ length: 30 }, (_, i) =>
      i % 5 === 0 ? 'error' : i % 5 < 3 ? 'fail' : 'pass'
    )
    const { text, lines } = generatedConfig(kinds)
    const r = await run(sandbox, text)
    expect(r.outputs).toMatchObject({
      result: 'failed',
      passed: '12',
      failed: '12',
      errors: '6',
      total: '30'
    })
    const fileErrors = r.annotations.filter(a => a.level === 'error' && a.file === 'preflight.yaml')
    const failingLines = kinds.flatMap((k, i) => (k === 'fail' ? [lines[i]] : []))
    expect(fileErrors.map(a => a.line)).toEqual(failingLines.slice(0, 10))
    expect(fileErrors.map(a => a.title)).toEqual(
      kinds.flatMap((k, i) => (k === 'fail' ? [`fail-${i} failed`] : [])).slice(0, 10)
    )
    for (const a of fileErrors) expect(a.message).toContain('sg-0a0000000000a0003')
    const notices = r.annotations.filter(a => a.level === 'notice')
    expect(notices).toHaveLength(1)
    expect(notices[0].message).toMatch(/\b8\b/)
    // The summary names every failure and every error, with its line.
    for (const [i, k] of kinds.entries()) {
      if (k !== 'pass') expect(r.summary).toContain(`| \`${k}-${i}\` · line ${lines[i]} · tcp/5432<br>`)
    }
    expect(r.summary).toContain('no-such-server-0')
  })
})

describe('the sticky PR comment', () => {
  let sandbox: Sandbox
  beforeEach(async () => {
    sandbox = await sandboxFrom(SCENARIO_TEXT)
  })
  afterEach(() => sandbox.close())

  it('is created once, then updated in place across three runs', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await run(sandbox, DEMO_CONFIG, { comment: 'true' }, prEvent())
      expect(r.outputs.result).toBe('failed')
    }
    const ours = sandbox
      .state()
      .github.comments.filter(c => c.body.startsWith('<!-- network-preflight:comment'))
    expect(ours).toHaveLength(1)
    expect(ours[0].body).toContain('api-to-db-replica')
    expect(
      sandbox.count({
        service: 'github',
        action: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments'
      })
    ).toBe(1)
    expect(
      sandbox.count({ service: 'github', action: 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}' })
    ).toBe(2)
  })

  it('leaves a foreign comment carrying our marker alone and posts its own', async () => {
    const forged = '<!-- network-preflight:comment config=preflight.yaml -->\n✅ **All 7 assertions passed**'
    const s2 = await sandboxFrom(SCENARIO_TEXT, scenario => {
      scenario.github!.pullRequests![0].comments = [{ body: forged, user: 'mallory' }]
    })
    try {
      const r = await run(s2, DEMO_CONFIG, { comment: 'true' }, prEvent())
      expect(r.outputs.result).toBe('failed')
      const all = s2.state().github.comments
      const foreign = all.find(c => c.user.login === 'mallory')!
      expect(foreign.body).toBe(forged)
      expect(foreign.updated_at).toBe(foreign.created_at)
      const ours = all.filter(c => c.user.login === 'github-actions[bot]')
      expect(ours).toHaveLength(1)
      expect(ours[0].body).toContain('api-to-db-replica')
      expect(
        s2.count({ service: 'github', action: 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}' })
      ).toBe(0)
      // GITHUB_TOKEN is no user: GET /user was answered 403 and the action took github-actions[bot].
      expect(s2.count({ service: 'github', action: 'GET /user' })).toBe(1)
    } finally {
      await s2.close()
    }
  })

  it('with a personal access token, updates only the comment of the user behind it', async () => {
    const marker = '<!-- network-preflight:comment config=preflight.yaml -->'
    const s2 = await sandboxFrom(SCENARIO_TEXT, scenario => {
      scenario.github!.tokenUser = 'infra-bot'
      scenario.github!.pullRequests![0].comments = [
        { body: `${marker}\nfrom the workflow token`, user: 'github-actions[bot]' },
        { body: `${marker}\nan earlier run with this token`, user: 'infra-bot' }
      ]
    })
    try {
      await run(s2, DEMO_CONFIG, { comment: 'true' }, prEvent())
      const all = s2.state().github.comments
      expect(all).toHaveLength(2)
      expect(all.find(c => c.user.login === 'github-actions[bot]')!.body).toBe(
        `${marker}\nfrom the workflow token`
      )
      expect(all.find(c => c.user.login === 'infra-bot')!.body).toContain('api-to-db-replica')
    } finally {
      await s2.close()
    }
  })

  it('is skipped with a notice on a fork PR', async () => {
    const r = await runAction({
      inputs: { config: 'preflight.yaml', comment: 'true' },
      env: { ...sandbox.env, ...sandbox.staticCredentialsEnv('app'), AWS_REGION: 'us-east-1', ...QUIET },
      files: { 'preflight.yaml': DEMO_CONFIG.replace(/ {4}role_arn: .*\n/g, '') },
      event: prEvent(true)
    })
    expect(r.outputs.total).toBe('7')
    expect(r.annotations.some(a => a.level === 'notice' && /fork/i.test(a.message))).toBe(true)
    expect(sandbox.state().github.comments).toHaveLength(0)
  })
})

describe('the drift issue', () => {
  const drift = (sandbox: Sandbox, config: string, extra: Record<string, string> = {}) =>
    run(
      sandbox,
      config,
      { 'drift-issue': 'true', 'fail-on': 'never', ...extra },
      { name: 'schedule', payload: {} }
    )
  const driftIssues = (sandbox: Sandbox) =>
    sandbox
      .state()
      .github.issues.filter(i => !i.pull_request && i.labels.some(l => l.name === 'network-preflight-drift'))
  const comments = (sandbox: Sandbox, n: number) =>
    sandbox.state().github.comments.filter(c => c.issue_url.endsWith(`/issues/${n}`))
  const withoutReplica = DEMO_CONFIG.replace(/ {2}- id: api-to-db-replica\n[\s\S]*?\n\n/, '')
  const otherFailure = withoutReplica.replace(
    'selector: { resource_id: i-0a1000000000000d1 }',
    'selector: { resource_id: eni-0a1000000000000d2 }'
  )

  it('never updates or closes a foreign issue carrying our marker and label', async () => {
    const forged = '<!-- network-preflight:drift config=preflight.yaml -->\n✅ all passed'
    const sandbox = await sandboxFrom(SCENARIO_TEXT, scenario => {
      scenario.github!.issues = [
        {
          number: 7,
          title: 'network-preflight: all good',
          body: forged,
          labels: ['network-preflight-drift'],
          user: 'mallory'
        }
      ]
    })
    try {
      const first = await drift(sandbox, DEMO_CONFIG)
      const own = driftIssues(sandbox).filter(i => i.user.login === 'github-actions[bot]')
      expect(own).toHaveLength(1)
      expect(first.outputs['drift-issue']).toBe(String(own[0].number))
      await drift(sandbox, withoutReplica) // resolved: ours closes
      const foreign = driftIssues(sandbox).find(i => i.number === 7)!
      expect(foreign).toMatchObject({ body: forged, state: 'open', title: 'network-preflight: all good' })
      expect(comments(sandbox, 7)).toHaveLength(0)
      expect(driftIssues(sandbox).find(i => i.number === own[0].number)!.state).toBe('closed')
    } finally {
      await sandbox.close()
    }
  })

  it('appears, persists without noise, changes with one comment, and closes itself when resolved', async () => {
    const sandbox = await sandboxFrom(SCENARIO_TEXT)
    try {
      const first = await drift(sandbox, DEMO_CONFIG)
      expect(first.exitCode).toBe(0)
      expect(driftIssues(sandbox)).toHaveLength(1)
      const issue = driftIssues(sandbox)[0]
      expect(first.outputs['drift-issue']).toBe(String(issue.number))
      expect(issue.body).toContain('api-to-db-replica')
      expect(comments(sandbox, issue.number)).toHaveLength(0)

      const patch = {
        service: 'github' as const,
        action: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
        ok: true
      }
      const patchesBefore = sandbox.count(patch)
      await drift(sandbox, DEMO_CONFIG)
      expect(driftIssues(sandbox)).toHaveLength(1)
      // The body is refreshed (one PATCH of the issue), and no comment is added.
      expect(sandbox.count(patch)).toBe(patchesBefore + 1)
      expect(sandbox.find(patch).at(-1)!.params).toMatchObject({
        body: { body: expect.stringContaining('api-to-db-replica') }
      })
      expect(comments(sandbox, issue.number)).toHaveLength(0)

      // A different assertion fails now: one comment says what changed.
      await drift(sandbox, otherFailure)
      const changed = comments(sandbox, issue.number)
      expect(changed).toHaveLength(1)
      expect(changed[0].body).toContain('api-to-db')

      await drift(sandbox, withoutReplica)
      const closed = sandbox.state().github.issues.find(i => i.number === issue.number)!
      expect(closed.state).toBe('closed')
      expect(comments(sandbox, issue.number)).toHaveLength(2)
      expect(comments(sandbox, issue.number)[1].body).toMatch(/resolved/i)
    } finally {
      await sandbox.close()
    }
  })

  it('two overlapping runs leave one open issue', async () => {
    const sandbox = await sandboxFrom(SCENARIO_TEXT)
    try {
      await Promise.all([drift(sandbox, DEMO_CONFIG), drift(sandbox, DEMO_CONFIG)])
      expect(driftIssues(sandbox).filter(i => i.state === 'open')).toHaveLength(1)
    } finally {
      await sandbox.close()
    }
  })

  it('without issues: write, warns and leaves the verdict alone', async () => {
    const sandbox = await sandboxFrom(SCENARIO_TEXT, s => {
      s.github = { ...s.github!, permissions: { issues: 'read' } }
    })
    try {
      const r = await drift(sandbox, DEMO_CONFIG, { 'fail-on': 'any' })
      expect(r.outputs).toMatchObject({ result: 'failed', failed: '1' })
      expect(r.exitCode).toBe(1)
      expect(r.annotations.some(a => a.level === 'warning' && a.message.includes('issues: write'))).toBe(true)
      expect(sandbox.state().github.issues.filter(i => !i.pull_request)).toHaveLength(0)
    } finally {
      await sandbox.close()
    }
  })

  it('reports the hop difference between two scenarios that differ only in one forward path', async () => {
    const natA = 'nat-0c10000000000ae01'
    const natB = 'nat-0c10000000000ae02'
    const a = await sandboxFrom(SCENARIO_TEXT)
    let seeded
    try {
      await drift(a, DEMO_CONFIG)
      const issue = driftIssues(a)[0]
      seeded = {
        number: issue.number,
        title: issue.title,
        body: issue.body ?? '',
        labels: issue.labels.map(l => l.name)
      }
    } finally {
      await a.close()
    }
    const factB = SCENARIO_TEXT.replace(`Id: ${natA}\n`, `Id: ${natB}\n`).replace(
      `natgateway/${natA}\n`,
      `natgateway/${natB}\n`
    )
    expect(factB).not.toBe(SCENARIO_TEXT)
    const b = await sandboxFrom(factB, s => {
      s.github = { ...s.github!, issues: [seeded] }
    })
    try {
      await drift(b, DEMO_CONFIG)
      const body = driftIssues(b)[0].body ?? ''
      expect(body).toContain('api-egress-via-inspection')
      expect(body).toContain(natA)
      expect(body).toContain(natB)
    } finally {
      await b.close()
    }
  })
})
