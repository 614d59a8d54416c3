// End to end: progress while 50 analyses run on the sandbox (each ~2.5 s, 10 at a time, two throttled
// starts), read from what a user sees: the action's log, the CLI's stderr in a pipe and the CLI in a pty.
// Every check is about order (progress before the verdicts), never about how long anything took.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { childNode, REPO_ROOT, runAction, runCli } from '../../sandbox/runner.js'

const SCENARIO = new URL('../../examples/sandbox.yaml', import.meta.url).pathname
const ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'
const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
/** Lines every second, so a run of ~15 s shows several. */
const FAST = { NETWORK_PREFLIGHT_PROGRESS_INTERVAL: '1' }
const COUNT = 50

/** The demo's accounts with 50 assertions on 50 ports: 50 distinct paths, so 50 analyses (only tcp/5432 is open). */
function generatedConfig(): string {
  const demo = readFileSync(join(REPO_ROOT, 'examples', 'preflight.yaml'), 'utf8')
  const head = demo.slice(0, demo.indexOf('\nassertions:'))
  const assertions = Array.from(
    { length: COUNT },
    (_, i) => `  - id: gen-${String(i).padStart(2, '0')}
    type: ${i % 2 === 0 ? 'allow' : 'deny'}
    source:
      account: app
      selector: { tags: { Name: orders-api, Env: prod } }
    destination:
      account: app
      selector: { resource_id: i-0a1000000000000d1 }
    protocol: tcp
    port: ${5400 + i}
`
  )
  return `${head}\nassertions:\n${assertions.join('\n')}`
}

const PROGRESS = /\[\d+ s\] (\d+)\/50 analyses done, (\d+) running, (\d+) queued/

let sandbox: Sandbox
let dir: string
beforeEach(async () => {
  sandbox = await startSandbox(SCENARIO, {
    knobs: { timeScale: 0.1 },
    faults: [{ service: 'ec2', action: 'StartNetworkInsightsAnalysis', after: 5, times: 2 }]
  })
  dir = mkdtempSync(join(tmpdir(), 'np-progress-e2e-'))
  writeFileSync(join(dir, 'preflight.yaml'), generatedConfig())
})
afterEach(async () => {
  await sandbox.close()
})

const cliEnv = () => ({
  ...sandbox.env,
  ...sandbox.staticCredentialsEnv('app'),
  AWS_REGION: 'us-east-1',
  ...QUIET,
  ...FAST,
  NO_COLOR: undefined,
  TERM: 'xterm'
})

describe('progress on a run of 50 assertions', () => {
  it('the action logs progress lines before the first verdict, resolution and detail folded in groups', async () => {
    const r = await runAction({
      inputs: { config: 'preflight.yaml', 'role-to-assume': ROLE, concurrency: 10 },
      env: { ...sandbox.env, ...QUIET, ...FAST },
      files: { 'preflight.yaml': generatedConfig() }
    })
    expect(r.outputs).toMatchObject({ total: '50', passed: '26', failed: '24' })
    const log = r.stdout.split('\n')
    const firstProgress = log.findIndex(l => PROGRESS.test(l))
    const firstVerdict = log.findIndex(l => /^::group::[✔✖⚠] gen-/.test(l) || l.startsWith('::error'))
    expect(firstProgress).toBeGreaterThan(-1)
    expect(firstVerdict).toBeGreaterThan(firstProgress)
    // Progress while analyses were running, not only at the start or the end.
    const midRun = log.slice(0, firstVerdict).filter(l => {
      const m = PROGRESS.exec(l)
      return m && Number(m[1]) > 0 && Number(m[1]) < COUNT && Number(m[2]) > 0
    })
    expect(midRun.length).toBeGreaterThan(0)
    // The two throttled starts were retried by the SDK and counted.
    expect(log).toContainEqual(
      expect.stringMatching(/^all 50 analyses done in \d+ s \(2 throttled retries\)$/)
    )

    // Resolution detail folds into a group that closes before the first progress line.
    const resolving = log.findIndex(l => l.startsWith('::group::Resolving'))
    expect(resolving).toBeGreaterThan(-1)
    const closed = log.indexOf('::endgroup::', resolving)
    expect(closed).toBeLessThan(firstProgress)
    // One folded group per assertion; outside the groups the log stays short.
    expect(log.filter(l => /^::group::[✔✖⚠] gen-\d\d: (passed|failed)/.test(l))).toHaveLength(COUNT)
    let depth = 0
    const topLevel = log.filter(l => {
      if (l.startsWith('::group::')) depth++
      else if (l === '::endgroup::') depth--
      else return depth === 0 && !l.startsWith('::') && l.trim() !== ''
      return false
    })
    const progressLines = topLevel.filter(l => PROGRESS.test(l)).length
    expect(topLevel.length - progressLines).toBeLessThanOrEqual(5)
  })

  it('the CLI in a pipe writes plain progress lines on stderr before the results; stdout stays pure JSON', async () => {
    const running = runCli(['run', '-f', 'preflight.yaml', '--concurrency', '10', '--format', 'json'], {
      env: cliEnv(),
      cwd: dir
    })
    // The order both pipes delivered in: stderr's progress must arrive before stdout's report.
    const arrivals: string[] = []
    running.child.stdout!.on('data', () => arrivals.push('stdout'))
    running.child.stderr!.on('data', (d: Buffer | string) => {
      if (/progress: \[\d+ s\]/.test(String(d))) arrivals.push('progress')
    })
    const r = await running
    expect(r.exitCode).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({ passed_count: 26, failed_count: 24 })
    expect(arrivals[0]).toBe('progress')
    expect(arrivals.indexOf('stdout')).toBeGreaterThan(arrivals.indexOf('progress'))
    const lines = r.stderr.split('\n').filter(l => l.startsWith('progress: '))
    expect(lines.some(l => (PROGRESS.exec(l)?.[2] ?? '0') !== '0')).toBe(true)
    expect(lines.at(-1)).toMatch(/^progress: all 50 analyses done in \d+ s \(2 throttled retries\)$/)
    // Plain lines only: no escape sequence, no carriage return.
    // eslint-disable-next-line no-control-regex -- escape codes are what this looks for
    expect(r.stderr).not.toMatch(/[\u001b\r]/)
  })

  const hasScript = spawnSync('script', ['--version']).status === 0
  // util-linux script(1) gives the CLI a pseudo-terminal, as a person's terminal would.
  ;(hasScript ? it : it.skip)(
    'the CLI on a terminal redraws one live line and erases it before the results print',
    async () => {
      const cli = `${childNode()} ${join(REPO_ROOT, 'bin', 'network-preflight.js')} run -f preflight.yaml --concurrency 10`
      const env: Record<string, string> = {}
      for (const [k, v] of Object.entries({ ...process.env, ...cliEnv() })) if (v !== undefined) env[k] = v
      delete env.NO_COLOR
      const child = spawn('script', ['-qfec', cli, '/dev/null'], { cwd: dir, env })
      let tty = ''
      child.stdout.setEncoding('utf8').on('data', (d: string) => (tty += d))
      const code = await new Promise<number | null>(done => child.on('close', done))
      expect(code).toBe(1)
      const header = tty.indexOf('ASSERTION')
      expect(header).toBeGreaterThan(0)
      const before = tty.slice(0, header)
      // Redrawn in place: every frame starts with a carriage return and "erase line", none ends a line.
      const frames = before.split('\r\u001b[2K').slice(1)
      expect(frames.length).toBeGreaterThan(2)
      expect(frames.some(f => /[1-9]\d* running/.test(f) && PROGRESS.test(f))).toBe(true)
      expect(before).not.toMatch(/\n/)
      // The last frame is empty: the line was erased before the table.
      expect(frames.at(-1)).toBe('')
      expect(tty.slice(header)).not.toContain('\u001b[2K')
      expect(tty).toMatch(/26 passed, 24 failed, 0 errors of 50 assertions/)
    }
  )
})
