// Hostile strings through every writer, end to end: AWS tags, resource and security-group names, an
// analysis status message and an AWS error message (both about a megabyte), config ids, descriptions,
// selector tag values and keys (one a megabyte long) go through the bundled action (`node dist/index.js`,
// two runs on a pull request with the comment and the drift issue on, its post step, and a run on a broken
// config) and the bundled CLI (run, explain, list-targets, validate; text and JSON). For every writer
// (CLI text and JSON, action log, annotations, job summary, JSON report, step outputs, PR comment, drift
// issue and its comments, the Mermaid charts inside them) the test proves what SECURITY.md promises:
//   - no workflow command but the action's own (error/warning/notice/debug/add-mask/group), with a payload
//     @actions/core escaped and that holds no line break, control character or `::` line once unescaped;
//     no `##[` anywhere;
//   - no raw control byte (C0 but LF, DEL, C1, U+2028/U+2029) in anything written;
//   - no line longer than MAX_LINE (16,384 code points);
//   - markdown rendered with marked (GFM) has no HTML element from outside, no link but the action's own
//     (workflow run, AWS console), no live @mention or #reference outside code; no `%%` in a Mermaid block;
// and that each hostile string did reach the writers that show it (its marker is there), so the checks
// are not vacuous.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marked } from 'marked'
import { MAX_LINE } from '../../src/safety/index.js'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import {
  removeRunnerDirs,
  runAction,
  runCli,
  runPost,
  unescapeCommandProperty,
  unescapeCommandValue,
  type ActionRun,
  type ProcessResult
} from '../../sandbox/runner.js'
import { IDS, ROLE, brokenConfig, hostileConfig, hostileScenario } from './hostile-fixture.js'

const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
const CONSOLE = 'https://us-east-1.console.aws.amazon.com/'

/** Raw control characters no writer may emit: C0 but LF (TAB included), DEL, C1, line/paragraph separators. */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/

/** The workflow commands the action itself writes. */
const OWN_COMMANDS = new Set(['error', 'warning', 'notice', 'debug', 'add-mask', 'group', 'endgroup'])
const COMMAND = /^::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/

/** The markers hostile-fixture.ts plants. */
const MARKERS = [
  'HXNAME',
  'HXOWNER',
  'HXLOGNAME',
  'HXSG',
  'HXENI',
  'HXHOP',
  'HXSTATUS',
  'HXAWSERR',
  'HXDESC',
  'HXID',
  'HXKEY',
  'HXKEYBIG',
  'HXNESTED'
] as const
type Marker = (typeof MARKERS)[number]

interface Writer {
  name: string
  kind: 'terminal' | 'log' | 'markdown' | 'json'
  text: string
}

/** Defects common to every writer: raw control bytes, over-long lines, the runner's old `##[` syntax. */
function byteDefects(w: Writer): string[] {
  const defects: string[] = []
  w.text.split('\n').forEach((line, i) => {
    const bad = RAW_CONTROL.exec(line)
    if (bad)
      defects.push(
        `${w.name} line ${i + 1}: raw U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} in ${JSON.stringify(line.slice(Math.max(0, bad.index - 40), bad.index + 40))}`
      )
    const length = [...line].length
    if (length > MAX_LINE) defects.push(`${w.name} line ${i + 1}: ${length} code points (bound ${MAX_LINE})`)
    if (line.includes('##['))
      defects.push(`${w.name} line ${i + 1}: ##[ in ${JSON.stringify(line.slice(0, 120))}`)
    // The last guard turns a leading `::` into `\::`; every hostile string starts with its marker, so such
    // a line means a line break inside an outside string split the line it was written in.
    if (/^\s*\\::/.test(line))
      defects.push(
        `${w.name} line ${i + 1}: split by an outside line break: ${JSON.stringify(line.slice(0, 80))}`
      )
    // The same for markdown, where the guard keeps `::` (it is no log): the attack's first command line.
    if (/^\s*::error::HXINJECTED/.test(line))
      defects.push(
        `${w.name} line ${i + 1}: split by an outside line break: ${JSON.stringify(line.slice(0, 80))}`
      )
  })
  return defects
}

/** Every line the runner would read as a workflow command must be one of ours with a neutralised payload. */
function commandDefects(w: Writer, own: boolean): string[] {
  const defects: string[] = []
  for (const [i, line] of w.text.split('\n').entries()) {
    if (!line.trimStart().startsWith('::')) continue
    const where = `${w.name} line ${i + 1}`
    const m = COMMAND.exec(line)
    if (!own || !m || !OWN_COMMANDS.has(m[1])) {
      defects.push(`${where}: workflow command ${JSON.stringify(line.slice(0, 120))}`)
      continue
    }
    const [, command, properties = '', value] = m
    // @actions/core escapes `%`, CR and LF in the data: a `%` not starting one of its escapes is raw text
    // the runner would unescape into a line break.
    if (/%(?!25|0A|0D)/.test(value))
      defects.push(`${where}: unescaped % in ${JSON.stringify(value.slice(0, 120))}`)
    const data = unescapeCommandValue(value)
    for (const part of data.split(/\r?\n/)) {
      if (part.trimStart().startsWith('::'))
        defects.push(`${where}: payload line ${JSON.stringify(part.slice(0, 120))}`)
      if (RAW_CONTROL.test(part))
        defects.push(`${where}: payload control character in ${JSON.stringify(part.slice(0, 120))}`)
    }
    for (const property of properties.split(',').filter(Boolean)) {
      const text = unescapeCommandProperty(property.slice(property.indexOf('=') + 1))
      if (/[\r\n]/.test(text) || RAW_CONTROL.test(text))
        defects.push(`${where}: property with a line break or control: ${JSON.stringify(property)}`)
    }
    // The action masks credentials and tokens: never anything with a space, a `::` or an attack in it.
    if (command === 'add-mask' && /\s|::|%%|<img|evil|HXINJ/.test(data))
      defects.push(`${where}: an outside string was masked: ${data.slice(0, 80)}`)
  }
  return defects
}

/** Links, HTML and mentions in rendered markdown, and directives in its Mermaid blocks. */
async function markdownDefects(w: Writer, ownLinks: string[]): Promise<string[]> {
  const defects: string[] = []
  for (const [, block] of w.text.matchAll(/```mermaid\n([\s\S]*?)\n```/g)) {
    if (block.includes('%%')) defects.push(`${w.name}: %% in a mermaid block`)
    if (/javascript:/i.test(block) || /<(?!br\/>)/.test(block))
      defects.push(`${w.name}: markup in a mermaid block`)
  }
  const html = await marked.parse(w.text, { gfm: true })
  for (const tag of html.match(/<(img|script|iframe|svg|style|object|embed|form|input)\b[^>]*>/gi) ?? [])
    defects.push(`${w.name}: HTML element ${tag.slice(0, 80)}`)
  for (const [, href] of html.matchAll(/<a\b[^>]*href="([^"]*)"/g)) {
    if (!ownLinks.some(prefix => href.startsWith(prefix)) || /evil/i.test(href))
      defects.push(`${w.name}: link to ${href.slice(0, 120)}`)
  }
  const prose = html.replace(/<code\b[^>]*>[\s\S]*?<\/code>/g, '').replace(/<[^>]*>/g, '')
  for (const live of prose.match(/@(org\/team|user)\b|#123\b|https?:\/\/evil|www\.evil/g) ?? [])
    defects.push(`${w.name}: live ${live} outside code`)
  return defects
}

function present(text: string): Set<Marker> {
  return new Set(MARKERS.filter(m => new RegExp(`${m}(?![A-Z])`).test(text)))
}

const prEvent = {
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

let sandbox: Sandbox
const writers: Writer[] = []
const runs: Record<string, ActionRun> = {}
const cli: Record<string, ProcessResult> = {}

function action(config: string, extra: Record<string, string> = {}) {
  return runAction({
    inputs: {
      config: 'preflight.yaml',
      'role-to-assume': ROLE,
      comment: 'true',
      'drift-issue': 'true',
      ...extra
    },
    env: { ...sandbox.env, ...QUIET, GITHUB_RUN_ID: '9001', GITHUB_RUN_ATTEMPT: '1' },
    files: { 'preflight.yaml': config },
    event: prEvent,
    timeoutMs: 180_000
  })
}

function addRun(name: string, run: ActionRun): void {
  runs[name] = run
  writers.push({ name: `${name} stdout (log + workflow commands)`, kind: 'log', text: run.stdout })
  writers.push({ name: `${name} stderr`, kind: 'log', text: run.stderr })
  writers.push({ name: `${name} job summary`, kind: 'markdown', text: run.summary })
  writers.push({
    name: `${name} outputs`,
    kind: 'log',
    text: Object.entries(run.outputs)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')
  })
  if (run.outputs.report)
    writers.push({
      name: `${name} JSON report`,
      kind: 'json',
      text: readFileSync(run.outputs.report, 'utf8')
    })
}

beforeAll(async () => {
  sandbox = await startSandbox(hostileScenario())
  // Two runs on a pull request: the first opens the drift issue and posts the comment, the second (the
  // failing assertion removed) updates both and comments on the issue what changed.
  addRun('action run 1', await action(hostileConfig()))
  addRun('action run 2', await action(hostileConfig([IDS.failing])))
  addRun('post step', await runPost(runs['action run 2'], { env: { ...sandbox.env, ...QUIET } }))
  addRun('action on a broken config', await action(brokenConfig()))
  for (const r of sandbox.find({ service: 'github' })) {
    if (!/^(POST|PATCH) /.test(r.action)) continue
    const body = (r.params as { body?: { body?: unknown; title?: unknown } }).body ?? {}
    if (typeof body.body === 'string')
      writers.push({ name: `GitHub ${r.action} #${r.seq} body`, kind: 'markdown', text: body.body })
    if (typeof body.title === 'string')
      writers.push({ name: `GitHub ${r.action} #${r.seq} title`, kind: 'markdown', text: body.title })
  }

  const dir = mkdtempSync(join(tmpdir(), 'np-hostile-cli-'))
  writeFileSync(join(dir, 'preflight.yaml'), hostileConfig())
  writeFileSync(join(dir, 'broken.yaml'), brokenConfig())
  const env = {
    ...sandbox.env,
    ...sandbox.staticCredentialsEnv('app'),
    AWS_REGION: 'us-east-1',
    ...QUIET,
    NODE_OPTIONS: undefined
  }
  const commands: Record<string, string[]> = {
    'cli run': ['run', '-f', 'preflight.yaml'],
    'cli run --format json': ['run', '-f', 'preflight.yaml', '--format', 'json'],
    'cli explain (failing)': ['explain', '-f', 'preflight.yaml', '--id', IDS.failing],
    'cli explain (status message)': ['explain', '-f', 'preflight.yaml', '--id', IDS.status],
    'cli explain --format json (AWS error)': [
      'explain',
      '-f',
      'preflight.yaml',
      '--id',
      IDS.awsError,
      '--format',
      'json'
    ],
    'cli list-targets': ['list-targets', '-f', 'preflight.yaml'],
    'cli validate (broken)': ['validate', '-f', 'broken.yaml'],
    'cli validate --format json (broken)': ['validate', '-f', 'broken.yaml', '--format', 'json']
  }
  for (const [name, args] of Object.entries(commands)) {
    const r = await runCli(args, { env, cwd: dir, timeoutMs: 120_000 })
    cli[name] = r
    const json = args.includes('json')
    writers.push({ name: `${name} stdout`, kind: json ? 'json' : 'terminal', text: r.stdout })
    writers.push({ name: `${name} stderr`, kind: 'terminal', text: r.stderr })
  }
}, 600_000)

afterAll(async () => {
  await sandbox?.close()
  removeRunnerDirs()
  // HOSTILE_DUMP=dir writes every scanned output to a file there, to read what a writer did.
  if (process.env.HOSTILE_DUMP)
    for (const w of writers)
      writeFileSync(join(process.env.HOSTILE_DUMP, w.name.replace(/[^\w]+/g, '_')), w.text)
  const commandLines = writers
    .filter(w => w.name.endsWith('(log + workflow commands)'))
    .reduce((n, w) => n + w.text.split('\n').filter(l => l.startsWith('::')).length, 0)
  const charts = writers.reduce((n, w) => n + [...w.text.matchAll(/```mermaid\n/g)].length, 0)
  console.log(
    `hostile strings: ${writers.length} writer outputs, ${writers.reduce((n, w) => n + w.text.split('\n').length, 0)} lines, ` +
      `${commandLines} workflow command lines, ${writers.filter(w => w.kind === 'markdown').length} markdown documents with ${charts} Mermaid charts`
  )
  const lines = writers.map(
    w => `  ${w.name}: ${w.text.split('\n').length} lines, markers ${[...present(w.text)].join(' ') || '-'}`
  )
  console.log(lines.join('\n'))
})

/** Where each hostile string must show up (neutralised): writers by name, and the markers all of them carry. */
const EXPECTED: Array<[RegExp, Marker[]]> = [
  [/^action run 1 stdout/, ['HXNAME', 'HXSG', 'HXENI', 'HXSTATUS', 'HXAWSERR']],
  [
    /^action run 1 job summary/,
    ['HXNAME', 'HXLOGNAME', 'HXSG', 'HXENI', 'HXSTATUS', 'HXAWSERR', 'HXDESC', 'HXID']
  ],
  [
    /^(action run 1 JSON report|cli run --format json stdout)/,
    ['HXNAME', 'HXOWNER', 'HXLOGNAME', 'HXSG', 'HXENI', 'HXHOP', 'HXSTATUS', 'HXAWSERR', 'HXDESC', 'HXID']
  ],
  [/^action on a broken config (stdout|job summary)/, ['HXKEY', 'HXKEYBIG']],
  [
    /^GitHub POST \/repos\/\{owner\}\/\{repo\}\/issues #\d+ body/,
    ['HXNAME', 'HXSG', 'HXSTATUS', 'HXAWSERR', 'HXDESC']
  ],
  [/^cli run stdout/, ['HXNAME', 'HXLOGNAME', 'HXSG', 'HXSTATUS', 'HXAWSERR', 'HXID']],
  [/^cli explain \(failing\) stdout/, ['HXNAME', 'HXSG', 'HXENI', 'HXDESC']],
  [/^cli explain \(status message\) stdout/, ['HXSTATUS']],
  [/^cli explain --format json \(AWS error\) stdout/, ['HXAWSERR']],
  [/^cli list-targets stdout/, ['HXNAME', 'HXOWNER', 'HXLOGNAME', 'HXID']],
  [/^cli validate \(broken\) stderr|^cli validate --format json \(broken\) stdout/, ['HXKEY', 'HXKEYBIG']]
]

describe('hostile strings through every writer', () => {
  it('each hostile string reached the writers that show it (the checks below are not vacuous)', () => {
    const missing: string[] = []
    for (const [name, markers] of EXPECTED) {
      const matching = writers.filter(w => name.test(w.name))
      if (matching.length === 0) missing.push(`no writer matches ${name}`)
      for (const w of matching)
        for (const m of markers) if (!present(w.text).has(m)) missing.push(`${w.name} lacks ${m}`)
    }
    // The PR comment (posted, then updated) and the drift issue's change comment, which names the removed
    // assertion whose id is a URL.
    const comments = writers.filter(w => /^GitHub (POST|PATCH) .*comments.* body/.test(w.name))
    for (const m of ['HXNAME', 'HXSG', 'HXSTATUS', 'HXAWSERR', 'HXDESC'] as Marker[])
      if (!comments.some(w => present(w.text).has(m))) missing.push(`no PR comment carries ${m}`)
    if (!comments.some(w => /no longer in the config/.test(w.text) && /evil\.example/.test(w.text)))
      missing.push('no drift comment names the removed assertion')
    // The Mermaid chart of the failure shows the hostile Name tag (with its directive) in a label.
    const charts = writers
      .filter(w => w.kind === 'markdown')
      .flatMap(w => [...w.text.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map(m => m[1]))
    if (!charts.some(c => /HXNAME #37;#37;#123;init/.test(c)))
      missing.push('no chart shows the hostile Name tag')
    expect(missing).toEqual([])
  })

  it('the runs happened as planned (so the scan below has something to scan)', () => {
    expect(runs['action run 1'].outputs).toMatchObject({ result: 'failed' })
    expect(runs['action run 2'].outputs.result).toBeDefined()
    expect(runs['action on a broken config'].outputs.result).toBe('error')
    expect(cli['cli run'].exitCode).toBe(1)
    expect(cli['cli validate (broken)'].exitCode).toBe(2)
    for (const r of [...Object.values(runs), ...Object.values(cli)]) {
      expect(r.timedOut).toBe(false)
      expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
    }
    const github = writers.filter(w => w.name.startsWith('GitHub'))
    expect(github.some(w => /issues\/\{issue_number\}\/comments|comments$/.test(w.name))).toBe(true)
    expect(writers.length).toBeGreaterThan(30)
  })

  it('no raw control byte, no line over MAX_LINE, no ##[ in any writer', () => {
    expect(writers.flatMap(byteDefects)).toEqual([])
  })

  it('no workflow command but the action’s own, each with a neutralised payload', () => {
    expect(
      writers.flatMap(w =>
        commandDefects(w, w.kind === 'log' && w.name.endsWith('(log + workflow commands)'))
      )
    ).toEqual([])
  })

  it('JSON writers stay valid JSON', () => {
    for (const w of writers.filter(x => x.kind === 'json')) expect(() => JSON.parse(w.text)).not.toThrow()
  })

  it('markdown (summary, comment, drift issue and its comments, Mermaid) creates no HTML, link or mention', async () => {
    const own = [CONSOLE, sandbox.env.GITHUB_SERVER_URL ?? 'https://github.com/']
    const defects: string[] = []
    for (const w of writers.filter(x => x.kind === 'markdown'))
      defects.push(...(await markdownDefects(w, own)))
    expect(defects).toEqual([])
  })
})
