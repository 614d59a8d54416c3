// Shared by the fault, secret and tag-scope tests: the demo pair (examples/sandbox.yaml + examples/preflight.yaml),
// one way to run the bundled action on it, and readers for what a run leaves behind (verdicts, visible bytes).
import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'
import { EC2Client } from '@aws-sdk/client-ec2'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.js'
import { runAction, type ActionRun, type RunActionOptions } from '../../sandbox/runner.js'
import type { FactSpec, ScenarioFile } from '../../sandbox/scenario.js'

export const DEMO_CONFIG = readFileSync(new URL('../../examples/preflight.yaml', import.meta.url), 'utf8')
const DEMO_SCENARIO_TEXT = readFileSync(new URL('../../examples/sandbox.yaml', import.meta.url), 'utf8')
export const APP_ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'
export const QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
// The same for the SDK clients these tests create in-process ("someone else" in an account).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

/** The demo's assertions and what they need: the shared account (333333333333) for two of them. */
export const DEMO_IDS = [
  'api-to-db',
  'api-to-db-replica',
  'dev-never-reaches-prod-db',
  'dev-never-reaches-prod-api',
  'api-egress-via-inspection',
  'api-to-log-collector',
  'internet-never-reaches-db'
] as const
export const NEEDS_SHARED = ['api-egress-via-inspection', 'api-to-log-collector']

/** A fresh copy of the demo scenario, to change before starting a sandbox on it. */
export function demoScenario(): ScenarioFile {
  return load(DEMO_SCENARIO_TEXT) as ScenarioFile
}

/** The demo scenario's reachability fact with this id (throws when the demo changed under us). */
export function demoFact(scenario: ScenarioFile, id: string): FactSpec {
  const fact = scenario.reachability?.find(f => f.id === id)
  if (!fact) throw new Error(`examples/sandbox.yaml has no reachability fact "${id}"`)
  return fact
}

/** Every sandbox a test file starts, closed by `closeSandboxes()` in its afterEach/afterAll. */
const started: Sandbox[] = []

export async function demoSandbox(
  scenario: ScenarioFile = demoScenario(),
  options: SandboxOptions = {}
): Promise<Sandbox> {
  const sandbox = await startSandbox(scenario, options)
  started.push(sandbox)
  return sandbox
}

export async function closeSandboxes(): Promise<void> {
  await Promise.all(started.splice(0).map(s => s.close()))
}

export interface DemoRunOptions extends Omit<RunActionOptions, 'inputs' | 'env'> {
  inputs?: Record<string, string>
  env?: Record<string, string | undefined>
  /** The config file's text; the demo config when omitted. */
  config?: string
}

/** The bundled action as the runner starts it, with the demo config and role unless told otherwise. */
export function runDemo(sandbox: Sandbox, options: DemoRunOptions = {}): ReturnType<typeof runAction> {
  const { inputs, env, config, files, ...rest } = options
  return runAction({
    inputs: { config: 'preflight.yaml', 'role-to-assume': APP_ROLE, ...inputs },
    env: { ...sandbox.env, ...QUIET, ...env },
    files: { 'preflight.yaml': config ?? DEMO_CONFIG, ...files },
    ...rest
  })
}

/** One assertion's outcome as the JSON report tells it. */
export interface Verdict {
  status: 'passed' | 'failed' | 'error'
  reason: string
  /** The engine's view: succeeded, failed, timeout, throttled, error, not-started; null when never analysed. */
  analysisStatus: string | null
  analysisId: string | null
  analysisMessage: string | null
}

interface ReportResult {
  assertion_id: string
  status: Verdict['status']
  reason: string
  analysis_status: string | null
  analysis_id: string | null
  analysis_message: string | null
}

/** Verdicts by assertion id, read from the JSON report the run wrote (output `report`). */
export function verdictsOf(run: ActionRun): Map<string, Verdict> {
  if (!run.outputs.report) {
    throw new Error(
      `the run wrote no report (exit ${run.exitCode}, signal ${run.signal}); stderr: ${run.stderr.slice(0, 500)}`
    )
  }
  const report = JSON.parse(readFileSync(run.outputs.report, 'utf8')) as { results: ReportResult[] }
  return new Map(
    report.results.map(r => [
      r.assertion_id,
      {
        status: r.status,
        reason: r.reason,
        analysisStatus: r.analysis_status,
        analysisId: r.analysis_id,
        analysisMessage: r.analysis_message
      }
    ])
  )
}

/** Just the statuses, for comparing a faulty run with a clean one. */
export function statusesOf(run: ActionRun): Record<string, Verdict['status']> {
  return Object.fromEntries([...verdictsOf(run)].map(([id, v]) => [id, v.status]))
}

/**
 * Why a message shown to people is not a specific one-line error, or undefined when it is: no stack
 * trace, no `undefined`/`[object Object]`/`null` standing in for a missing value, not empty, not huge.
 */
export function messageDefect(message: string | null | undefined): string | undefined {
  if (!message || !message.trim()) return 'empty message'
  if (/\n\s+at .+[:(]\d+/.test(message) || /^\s+at /m.test(message)) return 'stack trace'
  if (/\bundefined\b|\[object Object\]|\bnull\b|\bNaN\b/.test(message)) return 'placeholder value'
  if (message.length > 2000) return `too long (${message.length} characters)`
  return undefined
}

/** Every stack-trace-looking line in a run's visible output (the runner shows stdout and stderr). */
export function stackTraceLines(run: { stdout: string; stderr: string }): string[] {
  return `${run.stdout}\n${run.stderr}`.split('\n').filter(l => /^\s+at .+[:(]\d+:\d+\)?$/.test(l))
}

/** What a person or a log could see of a step: the runner consumes `::add-mask::` lines itself. */
export function visibleBytes(run: ActionRun): string {
  const stdout = run.stdout
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')
  let report = ''
  try {
    report = run.outputs.report ? readFileSync(run.outputs.report, 'utf8') : ''
  } catch {
    // A run that crashed before writing its report has none to leak from.
  }
  return [
    stdout,
    run.stderr,
    run.summary,
    JSON.stringify(run.outputs),
    JSON.stringify(run.state),
    report
  ].join('\n')
}

/** Resolves once `predicate` holds (polling the sandbox), or throws after `timeoutMs` (a hang detector). */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}

/** A plain SDK client on the sandbox with an account's static keys: "someone else" in that account. */
export function foreignEc2(sandbox: Sandbox, account = 'app'): EC2Client {
  const keys = sandbox.staticCredentialsEnv(account)
  return new EC2Client({
    region: 'us-east-1',
    endpoint: sandbox.urls.ec2,
    credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1
  })
}

/** EC2 client on the sandbox with freshly minted role credentials (accounts without static keys). */
export function roleEc2(sandbox: Sandbox, roleArn: string): EC2Client {
  const c = sandbox.issueRoleCredentials(roleArn, 'someone-else')
  return new EC2Client({
    region: 'us-east-1',
    endpoint: sandbox.urls.ec2,
    credentials: {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken
    },
    maxAttempts: 1
  })
}
