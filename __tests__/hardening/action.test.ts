// The bundled action (`node dist/index.js`, run as GitHub's runner runs it) against broken configs and
// hostile inputs: the step fails with result=error, an error that names the input or points into the file,
// no stack trace, and not one request to AWS, GitHub or the OIDC token endpoint (a local recorder stands
// in for all of them, with static AWS keys set so the SDK would really send if asked).
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { removeRunnerDirs, runAction, type ActionRun } from '../../sandbox/runner.js'
import { bytesOf, type HostileCase } from './corpus.js'
import { linesOf, messageDefect, positionDefect } from './invariants.js'
import { startRecorder, type RecordedRequest } from './recorder.js'
import { pooled, sampleCorpus } from './samples.js'

const FILE = 'preflight.yaml'

/** A valid config: the hostile-input cases must fail on the input, not on the file. */
const VALID = `version: 1
defaults:
  region: us-east-1
accounts:
  app:
    role_arn: arn:aws:iam::222222222222:role/NetworkPreflight
    regions: [us-east-1]
assertions:
  - id: app-to-db
    type: allow
    source: { account: app, selector: { tags: { Name: app-server } } }
    destination: { account: app, selector: { resource_id: eni-0abc1234def567890 } }
    protocol: tcp
    port: 5432
  - id: dev-never-prod
    type: deny
    source: { account: app, selector: { resource_id: i-0123456789abcdef0 } }
    destination: { account: app, selector: { tags: { env: prod } } }
    protocol: tcp
`

/** What the file outside the workspace holds: it must never be read into a message. */
const OUTSIDE_SECRET = 'hunter2-outside-the-workspace'

interface Step {
  run: ActionRun
  requests: RecordedRequest[]
}

interface Dirs {
  workspace: string
  /** A directory beside the workspace, holding secret.yaml. */
  outside: string
}

type Inputs = Record<string, string> | ((dirs: Dirs) => Record<string, string>)

/** One step with its own recorder and workspace. `prepare` may add files or links to the workspace. */
async function step(
  inputs: Inputs,
  files: Record<string, string | Uint8Array>,
  prepare?: (dirs: Dirs) => void
): Promise<Step> {
  const recorder = await startRecorder()
  const root = mkdtempSync(join(tmpdir(), 'np-hardening-action-'))
  const workspace = join(root, 'workspace')
  const outside = join(root, 'outside')
  mkdirSync(workspace)
  mkdirSync(outside)
  // A mapping with an unknown key: a loader that reads it would quote the key in its error.
  writeFileSync(join(outside, 'secret.yaml'), `${OUTSIDE_SECRET}: 1\n`)
  for (const [name, content] of Object.entries(files)) writeFileSync(join(workspace, name), content)
  prepare?.({ workspace, outside })
  try {
    const given = typeof inputs === 'function' ? inputs({ workspace, outside }) : inputs
    const run = await runAction({
      inputs: { 'role-to-assume': 'arn:aws:iam::222222222222:role/NetworkPreflight', ...given },
      env: { ...recorder.env, NODE_OPTIONS: undefined },
      event: { name: 'push', payload: {} },
      workspace,
      timeoutMs: 60_000
    })
    return { run, requests: [...recorder.requests] }
  } finally {
    await recorder.close()
    rmSync(root, { recursive: true, force: true })
  }
}

/** What every failed step must show, whatever failed it. */
function failedStepDefects({ run, requests }: Step): string[] {
  const defects: string[] = []
  const output = `${run.stdout}\n${run.stderr}`
  if (run.timedOut) defects.push('timed out')
  if (run.exitCode !== 1) defects.push(`exit code ${run.exitCode}, not 1`)
  if (run.outputs.result !== 'error') defects.push(`result=${run.outputs.result}, not error`)
  if (!(Number(run.outputs.errors) >= 1)) defects.push(`errors=${run.outputs.errors}`)
  if (/^\s+at \S/m.test(output) || /failed unexpectedly/.test(output))
    defects.push(`stack trace or crash: ${output.slice(0, 400)}`)
  if (requests.length > 0)
    defects.push(`made ${requests.length} requests: ${requests.map(r => `${r.method} ${r.url}`).join(', ')}`)
  if (!run.annotations.some(a => a.level === 'error')) defects.push('no error annotation')
  for (const a of run.annotations) {
    const m = messageDefect(a.message)
    if (m) defects.push(`annotation ${m}`)
  }
  return defects
}

/** A broken config: annotations on the file at real positions, a summary, no analysis. */
function configDefects(c: HostileCase, s: Step): string[] {
  const defects = failedStepDefects(s)
  const lines = linesOf(bytesOf(c))
  const onFile = s.run.annotations.filter(a => a.level === 'error' && a.file !== undefined)
  if (onFile.length === 0) defects.push('no annotation on the file')
  for (const a of onFile) {
    if (a.file !== FILE) defects.push(`annotation on file ${JSON.stringify(a.file)}`)
    const position = positionDefect(lines, a.line, a.col)
    if (position) defects.push(`annotation ${a.line}:${a.col} ${position}`)
  }
  if (c.expectLine !== undefined && onFile.length < 10 && !onFile.some(a => a.line === c.expectLine))
    defects.push(`no annotation on line ${c.expectLine}`)
  if (!/invalid config/.test(s.run.summary))
    defects.push('the job summary does not say the config is invalid')
  return defects
}

const CONFIG_SAMPLE = sampleCorpus(1010, 1, [
  'alias bomb at the root',
  'undeclared account named constructor'
])

interface HostileInput {
  name: string
  inputs: Inputs
  /** The step's error must match: it names the input or the file. */
  expect: RegExp
  prepare?: (dirs: Dirs) => void
  /** Extra checks on the finished step. */
  check?: (s: Step) => string[]
}

const neverShowsTheOutsideFile = (s: Step): string[] =>
  `${s.run.stdout}${s.run.stderr}${s.run.summary}`.includes(OUTSIDE_SECRET)
    ? ['the content of the file outside the workspace was printed']
    : []

const HOSTILE_INPUTS: HostileInput[] = [
  {
    name: 'config ../../etc/passwd',
    inputs: { config: '../../etc/passwd' },
    expect: /Input "config".*outside the workspace/
  },
  {
    name: 'config /etc/passwd',
    inputs: { config: '/etc/passwd' },
    expect: /Input "config".*outside the workspace/
  },
  {
    name: 'config: an absolute path outside the workspace',
    inputs: ({ outside }) => ({ config: join(outside, 'secret.yaml') }),
    expect: /Input "config".*outside the workspace/,
    check: neverShowsTheOutsideFile
  },
  {
    name: 'config: a symlink in the workspace to a file outside it',
    inputs: { config: 'linked.yaml' },
    prepare: ({ workspace, outside }) =>
      symlinkSync(join(outside, 'secret.yaml'), join(workspace, 'linked.yaml')),
    expect: /Input "config".*outside the workspace/,
    check: neverShowsTheOutsideFile
  },
  {
    name: 'config: a path through a symlinked directory',
    inputs: { config: 'conf/secret.yaml' },
    prepare: ({ workspace, outside }) => symlinkSync(outside, join(workspace, 'conf')),
    expect: /Input "config".*outside the workspace/,
    check: neverShowsTheOutsideFile
  },
  {
    name: 'config: a missing file',
    inputs: { config: 'missing.yaml' },
    expect: /missing\.yaml.*no such file|no such file/
  },
  {
    name: 'config: a directory',
    inputs: { config: 'configs' },
    prepare: ({ workspace }) => mkdirSync(join(workspace, 'configs')),
    expect: /directory/
  },
  { name: 'config: the workspace itself', inputs: { config: '.' }, expect: /directory/ },
  {
    // A named pipe would block the read forever (nobody writes to it): refused before any read.
    name: 'config: a FIFO',
    inputs: { config: 'pipe.yaml' },
    prepare: ({ workspace }) => execFileSync('mkfifo', [join(workspace, 'pipe.yaml')]),
    expect: /named pipe \(FIFO\).*regular YAML file/
  },
  {
    name: 'config: a file name that looks like annotation properties',
    inputs: { config: 'a,line=999::b.yaml' },
    expect: /no such file/,
    check: s =>
      s.run.annotations.some(a => a.line === 999)
        ? ['the file name injected line=999 into an annotation']
        : []
  },
  {
    name: 'assertions matching nothing',
    inputs: { assertions: 'nope-*' },
    expect: /Input "assertions".*"nope-\*" matched no assertion/
  },
  {
    name: 'assertions, one of two matching nothing',
    inputs: { assertions: 'app-*, zzz' },
    expect: /Input "assertions".*"zzz" matched no/
  },
  {
    name: 'assertions with shell syntax',
    inputs: { assertions: '$(rm -rf /)' },
    expect: /Input "assertions".*not an assertion id or glob/
  },
  {
    name: 'fail-on sometimes',
    inputs: { 'fail-on': 'sometimes' },
    expect: /Input "fail-on".*"sometimes" is not one of any, error, never/
  },
  { name: 'fail-on ANY', inputs: { 'fail-on': 'ANY' }, expect: /Input "fail-on"/ },
  { name: 'concurrency 0', inputs: { concurrency: '0' }, expect: /Input "concurrency".*outside 1-100/ },
  { name: 'concurrency 101', inputs: { concurrency: '101' }, expect: /Input "concurrency".*outside 1-100/ },
  {
    name: 'concurrency abc',
    inputs: { concurrency: 'abc' },
    expect: /Input "concurrency".*not a whole number/
  },
  { name: 'concurrency -5', inputs: { concurrency: '-5' }, expect: /Input "concurrency"/ },
  { name: 'concurrency 1e3', inputs: { concurrency: '1e3' }, expect: /Input "concurrency"/ },
  { name: 'concurrency 2.5', inputs: { concurrency: '2.5' }, expect: /Input "concurrency"/ },
  {
    name: 'timeout-seconds 5',
    inputs: { 'timeout-seconds': '5' },
    expect: /Input "timeout-seconds".*outside 10-3600/
  },
  {
    name: 'timeout-seconds 99999',
    inputs: { 'timeout-seconds': '99999' },
    expect: /Input "timeout-seconds"/
  },
  {
    name: 'timeout-seconds 10s',
    inputs: { 'timeout-seconds': '10s' },
    expect: /Input "timeout-seconds".*not a whole number/
  },
  { name: 'max-analyses -1', inputs: { 'max-analyses': '-1' }, expect: /Input "max-analyses"/ },
  { name: 'cleanup none', inputs: { cleanup: 'none' }, expect: /Input "cleanup".*keep-paths, all/ },
  { name: 'comment yes', inputs: { comment: 'yes' }, expect: /Input "comment".*not true or false/ },
  { name: 'drift-issue maybe', inputs: { 'drift-issue': 'maybe' }, expect: /Input "drift-issue"/ },
  { name: 'on-untrusted-pr skip', inputs: { 'on-untrusted-pr': 'skip' }, expect: /Input "on-untrusted-pr"/ },
  { name: 'aws-region mars-1', inputs: { 'aws-region': 'mars-1' }, expect: /Input "aws-region"/ },
  {
    name: 'aws-region with shell syntax',
    inputs: { 'aws-region': 'us-east-1; rm -rf /' },
    expect: /Input "aws-region"/
  },
  {
    name: 'role-to-assume not an ARN',
    inputs: { 'role-to-assume': 'not-an-arn' },
    expect: /Input "role-to-assume".*not an IAM role ARN/
  },
  {
    name: 'role-to-assume with a short account',
    inputs: { 'role-to-assume': 'arn:aws:iam::123:role/x' },
    expect: /Input "role-to-assume"/
  },
  {
    name: 'role-to-assume naming a user',
    inputs: { 'role-to-assume': 'arn:aws:iam::123456789012:user/bob' },
    expect: /Input "role-to-assume"/
  },
  {
    name: 'role-to-assume with an injected workflow command',
    inputs: { 'role-to-assume': 'arn:aws:iam::123456789012:role/x\n::set-output name=result::passed' },
    expect: /Input "role-to-assume"/,
    check: s =>
      s.run.commands.some(c => c.command === 'set-output')
        ? ['a workflow command was injected through the input']
        : []
  }
]

interface Outcome {
  name: string
  defects: string[]
}

let configOutcomes: Outcome[] = []
let inputOutcomes: Outcome[] = []
let wiring: Step | undefined

beforeAll(async () => {
  configOutcomes = await pooled(CONFIG_SAMPLE, 4, async c => ({
    name: c.name,
    defects: configDefects(c, await step({ config: FILE }, { [FILE]: bytesOf(c) }))
  }))
  inputOutcomes = await pooled(HOSTILE_INPUTS, 4, async h => {
    const s = await step(h.inputs, { [FILE]: VALID }, h.prepare)
    const defects = failedStepDefects(s)
    const errors = s.run.annotations.filter(a => a.level === 'error').map(a => a.message)
    if (!errors.some(m => h.expect.test(m)))
      defects.push(`no error matches ${h.expect}; got ${errors.map(m => m.slice(0, 200)).join(' | ')}`)
    defects.push(...(h.check?.(s) ?? []))
    return { name: h.name, defects }
  })
  // The control: a valid config with the same recorder does call out, so "no request" above means something.
  wiring = await step({ config: FILE }, { [FILE]: VALID })
}, 600_000)

afterAll(() => {
  removeRunnerDirs()
  const held = (o: Outcome[]) => o.filter(x => x.defects.length === 0).length
  console.log(
    [
      `hardening action (node dist/index.js): ${held(configOutcomes)} of ${configOutcomes.length} broken configs held`,
      `hardening action (node dist/index.js): ${held(inputOutcomes)} of ${inputOutcomes.length} hostile inputs held`
    ].join('\n')
  )
})

describe('the action with a broken config', () => {
  it.each(CONFIG_SAMPLE.map(c => [c.family, c.name]))(
    '%s | %s: result=error, annotated on the file, no stack, no request',
    (_f, name) => {
      expect(configOutcomes.find(o => o.name === name)!.defects).toEqual([])
    }
  )
})

describe('the action with hostile inputs', () => {
  it.each(HOSTILE_INPUTS.map(h => h.name))('%s: fails naming the input, no stack, no request', name => {
    expect(inputOutcomes.find(o => o.name === name)!.defects).toEqual([])
  })
})

describe('the recorder', () => {
  it('does receive the calls of a run with a valid config (so "no request" above is meaningful)', () => {
    expect(wiring!.requests.length).toBeGreaterThan(0)
    expect(wiring!.run.outputs.result).toBe('error')
    expect(`${wiring!.run.stdout}${wiring!.run.stderr}`).not.toMatch(/^\s+at \S/m)
  })
})
