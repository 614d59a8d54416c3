// Scenario validation, the demo pair (examples/sandbox.yaml + examples/preflight.yaml) and the sandbox CLI.
import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfigFile } from '../../src/config/load.js'
import { loadScenario, mergeKnobs, parseScenario, ScenarioError, type Knobs } from '../../sandbox/scenario.js'
import { startSandbox } from '../../sandbox/server.js'

function problems(raw: unknown): string {
  try {
    parseScenario(raw, 'test.yaml')
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError)
    return (e as Error).message
  }
  throw new Error('expected the scenario to be rejected')
}

const minimal = { accounts: { app: { id: '222222222222' } } }

describe('scenario files', () => {
  it('accepts a minimal scenario and completes knobs with AWS’s documented defaults', () => {
    const s = parseScenario(minimal)
    expect(s.knobs.throttling.mutating).toEqual({ burst: 50, refillPerSecond: 5 })
    expect(s.knobs.throttling.nonMutating).toEqual({ burst: 100, refillPerSecond: 20 })
    expect(s.knobs.maxConcurrentAnalyses).toBe(100)
    expect(s.knobs.timeScale).toBe(1)
    expect(parseScenario(minimal, 'x', { timeScale: 0.5 }).knobs.timeScale).toBe(0.5)
    const merged = mergeKnobs(s.knobs, {
      credentialLifetimeSeconds: 5,
      throttling: { enabled: false } as Knobs['throttling']
    })
    expect(merged.throttling).toEqual({ ...s.knobs.throttling, enabled: false })
    expect(
      mergeKnobs(merged, { credentialLifetimeSeconds: undefined }).credentialLifetimeSeconds
    ).toBeUndefined()
  })

  it('restores leading zeros of account ids YAML read as numbers', () => {
    const s = parseScenario({ accounts: { a: { id: 12345678901 } } })
    expect(s.accounts.a.id).toBe('012345678901')
  })

  it('names the file and the place of every mistake', () => {
    expect(problems({ ...minimal, knobs: { timescale: 1 } })).toContain('/knobs: unknown field "timescale"')
    expect(problems({ accounts: { app: { id: '22' } } })).toContain('/accounts/app/id: must match pattern')
    expect(problems({ ...minimal, resources: { other: { 'us-east-1': {} } } })).toContain(
      '/resources/other: no account named or numbered "other" under accounts'
    )
    expect(
      problems({
        ...minimal,
        reachability: [
          {
            source: 'i-0123456789abcdef0',
            destination: 'i-0123456789abcdef1',
            paths: [{ forward: ['x'] }],
            failure: 'x'
          }
        ]
      })
    ).toContain('/reachability/0: must match exactly one schema in oneOf')
    expect(
      problems({ ...minimal, roles: [{ arn: 'arn:aws:iam::999999999999:role/R', trust: {} }] })
    ).toContain('account 999999999999 of arn:aws:iam::999999999999:role/R is not declared')
    expect(
      problems({
        ...minimal,
        resources: { app: { 'us-east-1': { instances: [{ id: 'i-0123456789abcdef0', state: 'sleeping' }] } } }
      })
    ).toContain('must be one of "pending", "running"')
    expect(problems('nope')).toBe('test.yaml: a scenario must be a mapping with at least "accounts"')
  })

  it('rejects a resource declared twice when the sandbox starts', async () => {
    const twice = { instances: [{ id: 'i-0123456789abcdef0' }] }
    await expect(
      startSandbox({ ...minimal, resources: { app: { 'us-east-1': twice, 'eu-west-1': twice } } })
    ).rejects.toThrow(/resource i-0123456789abcdef0 is declared twice/)
  })
})

describe('the demo pair', () => {
  it('examples/preflight.yaml is a valid config whose selectors each name exactly one scenario resource', async () => {
    const loaded = await loadConfigFile('examples/preflight.yaml')
    if (!loaded.ok) throw new Error(loaded.problems.map(p => `${p.line}:${p.column} ${p.message}`).join('\n'))
    expect(readFileSync('examples/preflight.yaml', 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../schema/preflight.schema.json'
    )
    const scenario = loadScenario('examples/sandbox.yaml')
    const roles = new Set((scenario.roles ?? []).map(r => r.arn))
    for (const account of Object.values(loaded.config.accounts))
      expect(roles.has(account.roleArn!)).toBe(true)
    const sandbox = await startSandbox(scenario)
    try {
      const catalog = sandbox.aws.catalog
      const config = loaded.config
      expect(config.assertions.map(a => a.type)).toEqual([
        'allow',
        'allow',
        'deny',
        'deny',
        'allow',
        'allow',
        'deny'
      ])
      for (const a of config.assertions) {
        for (const ep of [a.source, a.destination, ...a.via, ...a.avoid]) {
          const s = ep.selector
          if (s.by === 'ip' || s.by === 'managed') continue
          const accountId = config.accounts[ep.account].accountId
          const matches = [...catalog.byId.values()].filter(r => {
            if (r.accountId !== accountId) return false
            if (s.by === 'resource_id' || s.by === 'arn') return r.id === s.resourceId
            if (!s.kinds.includes(r.kind as never)) return false
            const tags = (r.object.Tags ?? r.object.TagSet ?? []) as Array<{ Key: string; Value: string }>
            return Object.entries(s.tags).every(([k, v]) => tags.some(t => t.Key === k && t.Value === v))
          })
          expect([a.id, ep.role, matches.length]).toEqual([a.id, ep.role, 1])
        }
      }
    } finally {
      await sandbox.close()
    }
  })
})

describe('sandbox CLI', () => {
  const tsx = join(process.cwd(), 'node_modules/tsx/dist/cli.mjs')

  function start(args: string[]) {
    const child = spawn(process.execPath, [tsx, 'sandbox/cli.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', d => (stderr += d))
    const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)))
    return { child, exited, out: () => stdout, err: () => stderr }
  }

  it('prints the env to export, serves requests, and stops on SIGINT', async () => {
    const cli = start(['examples/sandbox.yaml', '--time-scale', '0.01'])
    const deadline = Date.now() + 60_000 // a hang detector
    while (!cli.err().includes('Ctrl-C stops it') && Date.now() < deadline)
      await new Promise(r => setTimeout(r, 50))
    const env = Object.fromEntries(
      cli
        .out()
        .trim()
        .split('\n')
        .map(l => /^export (\w+)='(.*)'$/.exec(l)!)
        .map(m => [m[1], m[2]])
    )
    expect(env.AWS_ENDPOINT_URL_EC2).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ec2$/)
    expect(env.AWS_ACCESS_KEY_ID).toBe('AKIADEMOAPP000000001')
    const res = await fetch(`${env.GITHUB_API_URL}/repos/example-org/infra/pulls/42/files`, {
      headers: { authorization: `token ${env.GITHUB_TOKEN}` }
    })
    expect(((await res.json()) as Array<{ filename: string }>).map(f => f.filename)).toEqual([
      'preflight.yaml',
      'terraform/orders/security_groups.tf'
    ])
    cli.child.kill('SIGINT')
    expect(await cli.exited).toBe(0)
    expect(cli.err()).toContain('# sandbox stopped after 1 requests')
  })

  it('explains a broken scenario and exits 2', async () => {
    const cli = start(['__tests__/sandbox/fixtures/does-not-exist.yaml'])
    expect(await cli.exited).toBe(2)
    expect(cli.err()).toContain('cannot read scenario __tests__/sandbox/fixtures/does-not-exist.yaml')
    expect(cli.err()).not.toContain('    at ')
  })
})
