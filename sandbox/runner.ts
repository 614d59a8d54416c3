// Runs the bundled action (`node dist/index.js`) or the CLI as a separate process, the way GitHub's runner
// does: INPUT_* variables (names upper-cased, spaces → underscores, hyphens kept), file commands
// (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH), an event payload file, fresh
// temp directories, and workflow commands (`::error file=...::`) parsed from the output.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { load as loadYaml } from 'js-yaml'

/** The repository root (this file lives in <root>/sandbox/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export type AnnotationLevel = 'error' | 'warning' | 'notice'

/** One `::error|warning|notice <props>::message` workflow command, decoded. */
export interface Annotation {
  level: AnnotationLevel
  file?: string
  line?: number
  endLine?: number
  col?: number
  endColumn?: number
  title?: string
  message: string
}

/** Any workflow command found in stdout/stderr (`::name props::value`), decoded. */
export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  value: string
}

export interface ProcessResult {
  /** Null when the process was ended by a signal. */
  exitCode: number | null
  signal: NodeJS.Signals | null
  /** The harness killed it after `timeoutMs`. */
  timedOut: boolean
  stdout: string
  stderr: string
  durationMs: number
}

export interface ActionRun extends ProcessResult {
  /** Parsed from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>
  /** Content of the GITHUB_STEP_SUMMARY file. */
  summary: string
  /** Parsed from the GITHUB_STATE file (what the post step receives as STATE_*). */
  state: Record<string, string>
  /** Parsed from GITHUB_ENV (variables exported to later steps). */
  exportedEnv: Record<string, string>
  annotations: Annotation[]
  commands: WorkflowCommand[]
  /** Values the action asked the runner to mask (`::add-mask::`). */
  masks: string[]
  workspace: string
  runnerTemp: string
  /** The environment the step ran with (runPost reuses it). */
  env: Record<string, string>
}

/** A running child: await it for the result, or kill it mid-run. */
export type Running<T> = Promise<T> & {
  readonly child: ChildProcess
  kill(signal?: NodeJS.Signals): void
}

export interface RunActionOptions {
  /** Action inputs by their action.yml names (`role-to-assume`); action.yml defaults fill the rest, as the runner does. */
  inputs?: Record<string, string | number | boolean | undefined>
  /** Added to the step's environment, e.g. `sandbox.env`. Values of undefined remove a variable. */
  env?: Record<string, string | undefined>
  /** The triggering event; written to GITHUB_EVENT_PATH. Default `push` with an empty payload. */
  event?: { name: string; payload?: unknown }
  /** GITHUB_WORKSPACE and working directory; a fresh temp directory when omitted. */
  workspace?: string
  /** Files to write into the workspace first (relative path → content). */
  files?: Record<string, string>
  /** STATE_* values (what a main step saved), for running a post step by hand. */
  state?: Record<string, string>
  /** Script to run instead of the bundle (tests of the harness itself). Default `<repo>/dist/index.js`. */
  script?: string
  /** Kill with SIGKILL after this long. Default 120 s. */
  timeoutMs?: number
  /** Kill (SIGTERM) when this aborts. */
  signal?: AbortSignal
  /** Reuse this RUNNER_TEMP (post steps share the job's temp directory). */
  runnerTemp?: string
}

export interface RunCliOptions {
  env?: Record<string, string | undefined>
  cwd?: string
  timeoutMs?: number
  signal?: AbortSignal
  /** Script to run instead of `<repo>/bin/network-preflight.js`. */
  script?: string
  /** Written to the child's stdin, then closed. */
  stdin?: string
}

// Variables of the machine running the tests that must not leak into the child: a test run inside GitHub
// Actions has its own GITHUB_OUTPUT etc., and real AWS credentials must never reach the action under test.
const HOST_PREFIXES = ['GITHUB_', 'INPUT_', 'STATE_', 'RUNNER_', 'ACTIONS_', 'AWS_']

function hostEnv(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !HOST_PREFIXES.some(p => k.startsWith(p)) && k !== 'CI') out[k] = v
  }
  return out
}

function applyEnv(
  base: Record<string, string>,
  extra: Record<string, string | undefined> | undefined
): Record<string, string> {
  const out = { ...base }
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete out[k]
    else out[k] = v
  }
  return out
}

/** INPUT_<NAME>: upper-cased, spaces to underscores, hyphens kept (as the runner and @actions/core do). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

interface ActionDefinition {
  inputs: Record<string, { default?: unknown }>
  main: string
  post?: string
}

function readActionDefinition(): ActionDefinition {
  const file = join(REPO_ROOT, 'action.yml')
  if (!existsSync(file)) return { inputs: {}, main: 'dist/index.js' }
  const doc = loadYaml(readFileSync(file, 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>
    runs?: { main?: string; post?: string }
  }
  return { inputs: doc.inputs ?? {}, main: doc.runs?.main ?? 'dist/index.js', post: doc.runs?.post }
}

/** Expands the only expression action.yml defaults use here; anything else is left for the action to see. */
function expandDefault(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, env.GITHUB_TOKEN ?? '')
}

/** Decodes GitHub's escaping of workflow command values (`%25`, `%0D`, `%0A`) and properties (also `%3A`, `%2C`). */
export function unescapeCommandValue(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

export function unescapeCommandProperty(s: string): string {
  return s
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%')
}

const COMMAND_LINE = /^\s*::([A-Za-z][\w-]*)(?:\s+([^:]*?))?::(.*)$/

export function parseWorkflowCommands(output: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = []
  for (const line of output.split(/\r?\n/)) {
    const m = COMMAND_LINE.exec(line)
    if (!m) continue
    const properties: Record<string, string> = {}
    for (const part of (m[2] ?? '').split(',')) {
      const eq = part.indexOf('=')
      if (eq > 0) properties[part.slice(0, eq).trim()] = unescapeCommandProperty(part.slice(eq + 1))
    }
    out.push({ command: m[1], properties, value: unescapeCommandValue(m[3]) })
  }
  return out
}

function toAnnotation(c: WorkflowCommand): Annotation | undefined {
  if (c.command !== 'error' && c.command !== 'warning' && c.command !== 'notice') return undefined
  const num = (k: string): number | undefined =>
    c.properties[k] !== undefined ? Number(c.properties[k]) : undefined
  const a: Annotation = { level: c.command, message: c.value }
  if (c.properties.file !== undefined) a.file = c.properties.file
  if (num('line') !== undefined) a.line = num('line')
  if (num('endLine') !== undefined) a.endLine = num('endLine')
  if (num('col') !== undefined) a.col = num('col')
  if (num('endColumn') !== undefined) a.endColumn = num('endColumn')
  if (c.properties.title !== undefined) a.title = c.properties.title
  return a
}

/** Parses a file-command file: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!line) continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
      out[name] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return out
}

const createdDirs = new Set<string>()

/** A fresh directory under the OS temp dir, removed by removeRunnerDirs() or when the process exits. */
function tempDir(prefix: string): string {
  if (createdDirs.size === 0) process.once('exit', removeRunnerDirs)
  const dir = mkdtempSync(join(tmpdir(), prefix))
  createdDirs.add(dir)
  return dir
}

/** Deletes every workspace, RUNNER_TEMP and HOME the harness created so far. */
export function removeRunnerDirs(): void {
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true })
  createdDirs.clear()
}

function readIfExists(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : ''
}

/**
 * The Node binary children run on: NETWORK_PREFLIGHT_TEST_NODE when set (CI runs the end-to-end tier with
 * the bundle on Node 24, the action's runtime, while Jest itself runs on another version), else this one.
 */
export function childNode(): string {
  return process.env.NETWORK_PREFLIGHT_TEST_NODE || process.execPath
}

function spawnNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  stdin?: string
): Running<ProcessResult> {
  const started = Date.now()
  const child = spawn(childNode(), [script, ...args], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let timedOut = false
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  child.stdin!.end(stdin ?? '')
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, timeoutMs)
  const onAbort = (): void => {
    child.kill('SIGTERM')
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  if (signal?.aborted) onAbort()
  const promise = new Promise<ProcessResult>((resolveResult, reject) => {
    child.on('error', err => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (exitCode, sig) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      resolveResult({ exitCode, signal: sig, timedOut, stdout, stderr, durationMs: Date.now() - started })
    })
  })
  return Object.assign(promise, { child, kill: (s: NodeJS.Signals = 'SIGTERM') => void child.kill(s) })
}

interface StepDirs {
  workspace: string
  runnerTemp: string
  home: string
}

function stepEnvironment(
  options: RunActionOptions,
  dirs: StepDirs,
  definition: ActionDefinition
): Record<string, string> {
  const commandDir = join(dirs.runnerTemp, '_runner_file_commands')
  mkdirSync(commandDir, { recursive: true })
  const step = randomUUID()
  const files = {
    GITHUB_OUTPUT: join(commandDir, `set_output_${step}`),
    GITHUB_STEP_SUMMARY: join(commandDir, `step_summary_${step}`),
    GITHUB_STATE: join(commandDir, `save_state_${step}`),
    GITHUB_ENV: join(commandDir, `set_env_${step}`),
    GITHUB_PATH: join(commandDir, `add_path_${step}`)
  }
  for (const f of Object.values(files)) writeFileSync(f, '')
  const event = options.event ?? { name: 'push', payload: {} }
  const eventDir = join(dirs.runnerTemp, '_github_workflow')
  mkdirSync(eventDir, { recursive: true })
  const eventPath = join(eventDir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event.payload ?? {}, null, 2))

  const extra = options.env ?? {}
  const repository = extra.GITHUB_REPOSITORY ?? 'example-org/infra'
  let env: Record<string, string> = {
    ...hostEnv(),
    HOME: dirs.home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dirs.workspace,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_RUN_ID: '1000000001',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'a3c1f8e2b6d94f0e8c7b5a4d3e2f1a0b9c8d7e6f',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'network-preflight',
    GITHUB_JOB: 'preflight',
    GITHUB_ACTION: 'network-preflight',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_TEMP: dirs.runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'sandbox-runner',
    RUNNER_ENVIRONMENT: 'github-hosted',
    ...files
  }
  env = applyEnv(env, extra)
  const given = options.inputs ?? {}
  for (const [name, spec] of Object.entries(definition.inputs)) {
    if (given[name] === undefined && env[inputVariable(name)] === undefined && spec.default !== undefined) {
      env[inputVariable(name)] = expandDefault(String(spec.default), env)
    }
  }
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined) env[inputVariable(name)] = String(value)
  }
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value
  return env
}

function collect(result: ProcessResult, env: Record<string, string>, dirs: StepDirs): ActionRun {
  const commands = parseWorkflowCommands(`${result.stdout}\n${result.stderr}`)
  return {
    ...result,
    outputs: parseFileCommands(readIfExists(env.GITHUB_OUTPUT)),
    summary: readIfExists(env.GITHUB_STEP_SUMMARY),
    state: parseFileCommands(readIfExists(env.GITHUB_STATE)),
    exportedEnv: parseFileCommands(readIfExists(env.GITHUB_ENV)),
    annotations: commands.map(toAnnotation).filter((a): a is Annotation => a !== undefined),
    commands,
    masks: commands.filter(c => c.command === 'add-mask').map(c => c.value),
    workspace: dirs.workspace,
    runnerTemp: dirs.runnerTemp,
    env
  }
}

function freshDirs(options: RunActionOptions): StepDirs {
  const root = tempDir('np-runner-')
  const workspace = options.workspace ?? join(root, 'workspace')
  const runnerTemp = options.runnerTemp ?? join(root, 'temp')
  const home = join(root, 'home')
  for (const d of [workspace, runnerTemp, home]) mkdirSync(d, { recursive: true })
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    const file = join(workspace, rel)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, content)
  }
  return { workspace, runnerTemp, home }
}

function runStep(options: RunActionOptions, entry: 'main' | 'post'): Running<ActionRun> {
  const definition = readActionDefinition()
  const dirs = freshDirs(options)
  const env = stepEnvironment(options, dirs, definition)
  const script =
    options.script ??
    join(REPO_ROOT, entry === 'post' ? (definition.post ?? definition.main) : definition.main)
  const running = spawnNode(script, [], env, dirs.workspace, options.timeoutMs ?? 120_000, options.signal)
  const result = running.then(r => collect(r, env, dirs))
  return Object.assign(result, { child: running.child, kill: running.kill })
}

/** Runs the action's main step (`node dist/index.js`) as GitHub's runner would. */
export function runAction(options: RunActionOptions = {}): Running<ActionRun> {
  return runStep(options, 'main')
}

/**
 * Runs the post step after `previous`: same inputs, workspace, RUNNER_TEMP and environment, STATE_* from the
 * main step's GITHUB_STATE file, fresh file-command files.
 */
export function runPost(
  previous: ActionRun,
  options: Omit<RunActionOptions, 'workspace' | 'runnerTemp'> = {}
): Running<ActionRun> {
  const inherited: Record<string, string | undefined> = {}
  for (const [k, v] of Object.entries(previous.env)) {
    if (!/^(GITHUB_(OUTPUT|STEP_SUMMARY|STATE|ENV|PATH)|STATE_)/.test(k)) inherited[k] = v
  }
  return runStep(
    {
      ...options,
      env: { ...inherited, ...(options.env ?? {}) },
      workspace: previous.workspace,
      runnerTemp: previous.runnerTemp,
      state: { ...previous.state, ...(options.state ?? {}) }
    },
    'post'
  )
}

/** Runs `node bin/network-preflight.js <args>` with the host environment minus GITHUB_/AWS_ variables plus `env`. */
export function runCli(args: string[], options: RunCliOptions = {}): Running<ProcessResult> {
  const home = tempDir('np-cli-home-')
  const env = applyEnv({ ...hostEnv(), HOME: home }, options.env)
  const script = options.script ?? join(REPO_ROOT, 'bin', 'network-preflight.js')
  return spawnNode(
    script,
    args,
    env,
    options.cwd ?? process.cwd(),
    options.timeoutMs ?? 120_000,
    options.signal,
    options.stdin
  )
}
