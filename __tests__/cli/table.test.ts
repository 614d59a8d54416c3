// The CLI's command table and typed options: every option documented with its default, limits shared with the
// action's inputs (src/run-options.ts), did-you-mean, and --version/--help loading no pipeline code.
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { load } from 'js-yaml'
import { commandHelp, runCli } from '../../src/cli/main.js'
import { UsageError, parseOptions } from '../../src/cli/options.js'
import { COMMANDS, RUN_COMMAND_OPTIONS } from '../../src/cli/table.js'
import { InputError, parseInputs } from '../../src/inputs.js'
import { RUN_OPTIONS } from '../../src/run-options.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

async function cli(args: string[]) {
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

describe('the command table', () => {
  it("each command's --help lists every one of its options, with the default where it has one", async () => {
    for (const command of COMMANDS) {
      const { code, stdout } = await cli([command.name, '--help'])
      expect(code).toBe(0)
      expect(stdout).toBe(`${commandHelp(command)}\n`)
      // Wrapped help continues on lines indented past the flags: joined back here.
      const unwrapped = stdout.replace(/\n {20,}/g, ' ')
      for (const [name, spec] of Object.entries(command.options)) {
        const line = unwrapped.split('\n').find(l => new RegExp(`^ {2}(-\\w, |    )--${name}\\b`).test(l))
        expect(line).toBeDefined()
        const fallback = spec.kind === 'flag' || spec.kind === 'list' ? undefined : spec.default
        if (fallback !== undefined) expect(line).toContain(`default: ${fallback})`)
      }
    }
  })

  it('`help run` is `run --help`, and --help wins over a bad value on the same line', async () => {
    const help = await cli(['help', 'run'])
    expect(help.stdout).toBe((await cli(['run', '--help'])).stdout)
    expect(await cli(['run', '--timeout-seconds', 'x', '-h'])).toMatchObject({ code: 0 })
  })

  it('hands the handler typed values: numbers, choices, lists, flags', () => {
    const values = parseOptions(RUN_COMMAND_OPTIONS, [
      '--timeout-seconds',
      '60',
      '--assertion',
      'a',
      '--assertion',
      'b-*',
      '--sequential',
      '--cleanup',
      'all'
    ])
    expect(values).toMatchObject({
      file: 'preflight.yaml',
      format: 'text',
      'timeout-seconds': 60,
      concurrency: 100,
      'max-analyses': 200,
      assertion: ['a', 'b-*'],
      sequential: true,
      cleanup: 'all',
      plan: [],
      profile: undefined
    })
  })

  it('a stray argument is a usage error, with a hint when it looks like the config file', async () => {
    const r = await cli(['validate', 'preflight.yaml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /^network-preflight validate: unexpected argument "preflight.yaml"; did you mean -f preflight.yaml\?/
    )
  })

  it('suggests the command a typo meant, and says nothing when nothing is close', async () => {
    expect((await cli(['list-target'])).stderr).toMatch(/did you mean "list-targets"\?/)
    expect((await cli(['xyzzy'])).stderr).not.toMatch(/did you mean/)
    expect((await cli(['run', '--timeout-second', '60'])).stderr).toMatch(/did you mean --timeout-seconds\?/)
  })
})

describe('option limits shared with the action', () => {
  const action = (inputs: Record<string, string>) => () =>
    parseInputs(name => inputs[name] ?? '', '/workspace')
  const limits = Object.entries(RUN_OPTIONS).filter(([, o]) => o.kind === 'integer') as Array<
    [string, { min: number; max: number; default: number }]
  >

  it.each(limits)('%s: both doors accept min and max and refuse one past each', async (name, o) => {
    for (const ok of [o.min, o.max]) {
      expect(action({ [name]: String(ok) })).not.toThrow()
      expect(parseOptions(RUN_COMMAND_OPTIONS, [`--${name}`, String(ok)])[name as 'concurrency']).toBe(ok)
    }
    for (const bad of [o.min - 1, o.max + 1].filter(n => n >= 0)) {
      expect(action({ [name]: String(bad) })).toThrow(InputError)
      expect(() => parseOptions(RUN_COMMAND_OPTIONS, [`--${name}`, String(bad)])).toThrow(UsageError)
    }
  })

  it('a 1 s timeout is refused by the CLI as by the action (10 s minimum)', async () => {
    const r = await cli(['run', '--timeout-seconds', '1'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--timeout-seconds must be a whole number from 10 to 3600, not "1"/)
    expect(action({ 'timeout-seconds': '1' })).toThrow('Input "timeout-seconds": 1 is outside 10-3600')
  })

  it("action.yml's defaults are the shared ones", () => {
    const inputs = (
      load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
        inputs: Record<string, { default?: string }>
      }
    ).inputs
    for (const [name, option] of Object.entries(RUN_OPTIONS)) {
      expect([name, inputs[name]?.default]).toEqual([name, String(option.default)])
    }
    const parsed = parseInputs(() => '', '/workspace')
    expect(parsed).toMatchObject({
      concurrency: RUN_OPTIONS.concurrency.default,
      timeoutSeconds: RUN_OPTIONS['timeout-seconds'].default,
      maxAnalyses: RUN_OPTIONS['max-analyses'].default,
      cleanup: RUN_OPTIONS.cleanup.default,
      failOnPredicted: RUN_OPTIONS['fail-on-predicted'].default,
      planScope: RUN_OPTIONS['plan-scope'].default
    })
  })
})

/** The files a module loads at start-up: its static imports, transitively (`import type` and `import()` excluded). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    if (!file.startsWith(ROOT)) return
    const text = readFileSync(file, 'utf8')
    const specifiers = [
      ...text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\s+from\s+)?'([^']+)'/gm)
    ].map(m => m[1])
    for (const s of specifiers) {
      if (s.startsWith('.')) visit(resolve(dirname(file), s.replace(/\.js$/, '.ts')))
      else seen.add(`package:${s}`)
    }
  }
  visit(entry)
  return seen
}

describe('start-up cost', () => {
  it('--version and --help load the command table only: no config loader, AWS SDK or pipeline', () => {
    const graph = [...staticGraph(join(ROOT, 'src/cli/index.ts'))].map(f => f.replace(ROOT, ''))
    expect(graph).toContain('src/cli/table.ts')
    expect(graph).toContain('src/run-options.ts')
    const heavy = graph.filter(f =>
      /^(src\/(pipeline|config\/load|auth|resolve|analyze|report|verdict|plan)|package:(@aws-sdk|js-yaml|ajv|@actions))/.test(
        f
      )
    )
    expect(heavy).toEqual([])
  })

  it('--version prints the version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' })
  })
})
