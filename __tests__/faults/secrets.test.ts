// No secret in anything the action writes. Recognisable values are planted where the sandbox takes them (the
// GitHub token, the OIDC request token, static AWS keys, an OIDC claim) and the ones it hands out at run
// time are collected (OIDC tokens, role session secrets and tokens); then every byte a person or a later
// step can see is scanned: stdout without the `::add-mask::` lines the runner consumes, stderr, the job
// summary, the outputs, the saved state, the JSON report, and the PR comment and drift issue on the
// sandbox's GitHub. Passing, failing and crashing runs, each with and without ACTIONS_STEP_DEBUG (which
// makes core.debug print), each with its post step.
//
// Masking: whatever the action obtains itself (OIDC tokens, role session keys) must be registered with
// `::add-mask::`. The GitHub token, the OIDC request token and static keys come from the runner, which
// masks them itself (secrets and `github.token` are masked by the runner), so they are only required
// never to be written.
import type { Sandbox } from '../../sandbox/server.js'
import { removeRunnerDirs, runPost, type ActionRun } from '../../sandbox/runner.js'
import type { Knobs } from '../../sandbox/scenario.js'
import {
  DEMO_CONFIG,
  QUIET,
  demoSandbox,
  demoScenario,
  messageDefect,
  runDemo,
  stackTraceLines,
  verdictsOf,
  visibleBytes
} from './helpers.js'

const PLANTED = {
  githubToken: 'ghs_PLANTEDgithubTOKENnp0000000000000001',
  requestToken: 'PLANTED-oidc-request-token-np-000000000002',
  staticSecret: 'PLANTED/static+secret+access+key+np+000003',
  /** Only inside the OIDC token: would show if the token's payload were decoded and printed. */
  claim: 'PLANTED-oidc-claim-value-np-000000000004'
}
const STATIC_KEY_ID = 'AKIAPLANTEDNP0000005'

/** A config whose assertions all pass on the demo scenario: the demo without the drifted replica. */
const PASSING_CONFIG = DEMO_CONFIG.replace(/\n {2}- id: api-to-db-replica\n[\s\S]*?(?=\n {2}- id: )/, '')

const PR_EVENT = {
  name: 'pull_request',
  payload: {
    number: 42,
    pull_request: {
      number: 42,
      head: { repo: { full_name: 'example-org/infra', fork: false } },
      base: { repo: { full_name: 'example-org/infra' } }
    },
    repository: { full_name: 'example-org/infra', owner: { login: 'example-org' }, name: 'infra' }
  }
}

const tally = { planted: new Set<string>(), leaked: new Set<string>(), unmasked: new Set<string>(), runs: 0 }

afterAll(() => {
  const held = [...tally.planted].filter(s => !tally.leaked.has(s) && !tally.unmasked.has(s)).length
  const planted = Object.values(PLANTED).length
  console.log(
    `secrets: ${planted} planted + ${tally.planted.size - planted} handed out, ${held} held (never written; masked when obtained) over ${tally.runs} runs`
  )
  removeRunnerDirs()
})

interface Case {
  kind: string
  inputs?: Record<string, string>
  env?: (sandbox: Sandbox) => Record<string, string | undefined>
  config?: string
  knobs?: Partial<Knobs>
  /** What the run's result must be: proves the case is the run it claims to be. */
  result: 'passed' | 'failed' | 'error'
}

const CASES: Case[] = [
  { kind: 'passing', config: PASSING_CONFIG, result: 'passed' },
  { kind: 'failing (demo)', result: 'failed' },
  {
    kind: "crashing: the config's roles cannot be assumed",
    config: DEMO_CONFIG.replace(/role\/NetworkPreflight/g, 'role/NoSuchRole'),
    result: 'error'
  },
  {
    kind: 'crashing: STS down for every account',
    knobs: { stsOutageAccounts: ['app', 'shared'] },
    result: 'error'
  },
  {
    kind: 'passing with static keys from the runner (no role-to-assume)',
    config: PASSING_CONFIG,
    inputs: { 'role-to-assume': '' },
    env: () => ({ AWS_ACCESS_KEY_ID: STATIC_KEY_ID, AWS_SECRET_ACCESS_KEY: PLANTED.staticSecret }),
    result: 'passed'
  }
]

async function plantedSandbox(knobs?: Partial<Knobs>): Promise<Sandbox> {
  const scenario = demoScenario()
  scenario.github = {
    ...scenario.github,
    token: PLANTED.githubToken,
    requestToken: PLANTED.requestToken,
    claims: { planted_claim: PLANTED.claim }
  }
  scenario.accounts.app.staticKeys = [
    { accessKeyId: STATIC_KEY_ID, secretAccessKey: PLANTED.staticSecret, userName: 'platform-engineer' }
  ]
  return demoSandbox(scenario, { knobs })
}

/** Secrets the action obtained at run time: it must have masked each of them. */
function obtainedSecrets(sandbox: Sandbox): string[] {
  const secrets = new Set<string>()
  for (const c of sandbox.aws.credentials.all()) {
    if (c.kind !== 'assumed-role') continue
    secrets.add(c.secretAccessKey)
    if (c.sessionToken) secrets.add(c.sessionToken)
  }
  for (const r of sandbox.find({ service: 'sts', action: 'AssumeRoleWithWebIdentity' }))
    secrets.add(String(r.params.WebIdentityToken))
  return [...secrets]
}

/** Everything the step left for people: its visible output, plus what it posted to GitHub. */
function everythingWritten(runs: ActionRun[], sandbox: Sandbox): string {
  const github = sandbox.state().github
  const sent = sandbox.find({ service: 'github' }).map(r => JSON.stringify(r.params))
  return [...runs.map(visibleBytes), JSON.stringify(github), ...sent].join('\n')
}

describe.each([
  ['without step debug', {}],
  ['with ACTIONS_STEP_DEBUG=true', { ACTIONS_STEP_DEBUG: 'true' }]
])('no secret in anything the action writes (%s)', (_debugName, debugEnv) => {
  it.concurrent.each(CASES.map(c => [c.kind, c] as const))(
    '%s',
    async (_kind, c) => {
      const sandbox = await plantedSandbox(c.knobs)
      try {
        const env = { ...debugEnv, ...c.env?.(sandbox) }
        const main = await runDemo(sandbox, {
          inputs: { comment: 'true', 'drift-issue': 'true', ...c.inputs },
          env,
          config: c.config,
          event: PR_EVENT
        })
        const post = await runPost(main, { env: { ...sandbox.env, ...QUIET, ...env } })
        tally.runs += 2
        expect({
          result: main.outputs.result,
          trace: [...stackTraceLines(main), ...stackTraceLines(post)]
        }).toEqual({
          result: c.result,
          trace: []
        })
        if ('ACTIONS_STEP_DEBUG' in debugEnv) expect(main.stdout).toMatch(/^::debug::/m)

        const obtained = obtainedSecrets(sandbox)
        const planted = Object.values(PLANTED)
        for (const secret of [...obtained, ...planted]) tally.planted.add(secret)

        const written = everythingWritten([main, post], sandbox)
        const leaked = [...obtained, ...planted].filter(secret => written.includes(secret))
        const masks = new Set([...main.masks, ...post.masks])
        const unmasked = obtained.filter(secret => !masks.has(secret))
        for (const secret of leaked) tally.leaked.add(secret)
        for (const secret of unmasked) tally.unmasked.add(secret)
        expect({ leaked, unmasked }).toEqual({ leaked: [], unmasked: [] })

        // The scan would have seen them: the raw stdout carries the obtained secrets, in `::add-mask::` lines only.
        const rawLines = `${main.stdout}\n${post.stdout}`.split('\n')
        for (const secret of obtained) {
          expect(rawLines.filter(l => l.includes(secret)).every(l => l.startsWith('::add-mask::'))).toBe(true)
        }
        if (obtained.length > 0)
          expect(rawLines.some(l => obtained.some(secret => l.includes(secret)))).toBe(true)
        // A crash explains itself in one specific line per assertion.
        if (c.result === 'error') {
          for (const [id, v] of verdictsOf(main)) {
            expect({ id, defect: messageDefect(v.reason) }).toEqual({ id, defect: undefined })
            expect(v.reason).toMatch(/NoSuchRole|ServiceUnavailable/)
          }
        }

        // The scan had real material to find: credentials were exchanged (or refused), and a failing run
        // posted its comment and opened its drift issue.
        if (c.env) expect(sandbox.count({ service: 'sts', action: 'AssumeRole' })).toBeGreaterThan(0)
        else expect(sandbox.count({ service: 'sts', action: 'AssumeRoleWithWebIdentity' })).toBeGreaterThan(0)
        if (c.result !== 'error') expect(obtained.length).toBeGreaterThanOrEqual(2)
        if (c.result === 'failed') {
          expect(sandbox.state().github.comments.length).toBeGreaterThan(0)
          expect(sandbox.state().github.issues.length).toBeGreaterThan(0)
        }
      } finally {
        await sandbox.close()
      }
    },
    60_000
  )
})
