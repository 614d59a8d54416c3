// The CLI's commands as one table: name, summary, typed options and a handler loaded on demand. `--version`,
// `--help` and a typo need only this file, so they never load the config loader, the AWS SDK or the pipeline.
import type { ConfigProblem, PreflightConfig } from '../model.js'
import { RUN_OPTIONS } from '../run-options.js'
import type { OptionSpec, OptionSpecs, OptionValues } from './options.js'

export interface CliIo {
  /** isTTY: a terminal (colour, live progress) rather than a pipe or a file. */
  /** columns: a terminal's width, which `run` fits its table to (src/cli/commands.ts runText). */
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  /** isTTY and columns: where `run` may redraw a live progress line (src/cli/progress.ts). */
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  cwd: string
  env: NodeJS.ProcessEnv
}

export type Format = 'text' | 'json'

/** What a command's handler gets: its options, typed, and a way to print. */
export interface CommandContext<O extends OptionSpecs = OptionSpecs> {
  io: CliIo
  values: OptionValues<O>
  format: Format
  out(text: string): void
  err(text: string): void
  /**
   * Loads -f/--file; prints its problems and returns undefined when the config is invalid. Under
   * --format json the problems are printed as `invalidJson` makes them (default: validate's document).
   */
  loadConfig(
    invalidJson?: (file: string, problems: ConfigProblem[]) => unknown
  ): Promise<PreflightConfig | undefined>
}

export type Handler<O extends OptionSpecs> = (ctx: CommandContext<O>) => Promise<number>

export interface Command<O extends OptionSpecs = OptionSpecs> {
  name: string
  summary: string
  options: O
  /** A dynamic import: the handler's module (and what it pulls in) loads only when the command runs. */
  handler(): Promise<Handler<O>>
}

const FORMAT = {
  kind: 'choice',
  default: 'text',
  choices: ['text', 'json'],
  description: 'text for people, json for scripts'
} as const satisfies OptionSpec

const HELP = {
  kind: 'flag',
  short: 'h',
  description: "print this command's options"
} as const satisfies OptionSpec

export const FILE_OPTIONS = {
  file: {
    kind: 'string',
    short: 'f',
    placeholder: 'FILE',
    default: 'preflight.yaml',
    description: 'the config file'
  },
  format: FORMAT,
  help: HELP
} as const satisfies OptionSpecs

const PROFILE = {
  kind: 'string',
  placeholder: 'NAME',
  description: 'AWS profile for the base credentials (default: the config, then the SDK chain)'
} as const satisfies OptionSpec

export const AWS_OPTIONS = { ...FILE_OPTIONS, profile: PROFILE } as const satisfies OptionSpecs

export const RUN_COMMAND_OPTIONS = {
  ...AWS_OPTIONS,
  assertion: {
    kind: 'list',
    placeholder: 'ID',
    description: 'run only this assertion id or glob (app-*)'
  },
  concurrency: RUN_OPTIONS.concurrency,
  'timeout-seconds': RUN_OPTIONS['timeout-seconds'],
  'max-analyses': RUN_OPTIONS['max-analyses'],
  cleanup: RUN_OPTIONS.cleanup,
  sequential: { kind: 'flag', description: 'one analysis at a time (slower; easier to follow)' },
  plan: {
    kind: 'list',
    placeholder: 'FILE',
    description: 'a Terraform JSON plan or Pulumi preview to predict the change of'
  },
  'fail-on-predicted': RUN_OPTIONS['fail-on-predicted'],
  'plan-scope': RUN_OPTIONS['plan-scope'],
  'plan-base-config': {
    kind: 'string',
    placeholder: 'FILE',
    description: "with --plan-scope affected: the base branch's config, to find added or edited assertions"
  }
} as const satisfies OptionSpecs

export const EXPLAIN_OPTIONS = {
  ...RUN_COMMAND_OPTIONS,
  id: { kind: 'string', placeholder: 'ID', required: true, description: 'the assertion to explain' }
} as const satisfies OptionSpecs

export const INIT_OPTIONS = {
  file: FILE_OPTIONS.file,
  force: { kind: 'flag', description: 'overwrite the file if it exists' },
  help: HELP
} as const satisfies OptionSpecs

export const CLEANUP_OPTIONS = {
  ...AWS_OPTIONS,
  'older-than': {
    kind: 'string',
    placeholder: 'AGE',
    default: '1h',
    description: 'only what was started longer ago than this (30m, 1h, 2d)'
  },
  'run-id': { kind: 'string', placeholder: 'ID', description: 'only what this run id tagged' }
} as const satisfies OptionSpecs

export const IAM_POLICY_OPTIONS = {
  file: FILE_OPTIONS.file,
  // Always JSON (a policy document); --format json is accepted as before.
  format: { kind: 'choice', default: 'json', choices: ['json'], description: 'the output format' },
  help: HELP,
  repository: {
    kind: 'string',
    placeholder: 'OWNER/REPO',
    description: 'also print the GitHub OIDC trust policy for this repository'
  },
  'account-id': {
    kind: 'string',
    placeholder: 'ID',
    description: "the role's account for the trust policy (default: the first account id in the config)"
  }
} as const satisfies OptionSpecs

/** Keeps each handler's option types while the table holds commands of every kind. */
function command<O extends OptionSpecs>(c: Command<O>): Command {
  return c as unknown as Command
}

export const COMMANDS: readonly Command[] = [
  command({
    name: 'validate',
    summary: 'check the config file; print every problem as path:line:col',
    options: FILE_OPTIONS,
    handler: () => import('./config-commands.js').then(m => m.validate)
  }),
  command({
    name: 'init',
    summary: 'write a commented starter config',
    options: INIT_OPTIONS,
    handler: () => import('./config-commands.js').then(m => m.init)
  }),
  command({
    name: 'list-targets',
    summary: 'resolve every endpoint to its AWS resource, without running any analysis',
    options: AWS_OPTIONS,
    handler: () => import('./commands.js').then(m => m.listTargets)
  }),
  command({
    name: 'run',
    summary: 'run every assertion (or --assertion ID/glob ...) with Reachability Analyzer',
    options: RUN_COMMAND_OPTIONS,
    handler: () => import('./commands.js').then(m => m.run)
  }),
  command({
    name: 'explain',
    summary: 'run one assertion and explain its verdict hop by hop',
    options: EXPLAIN_OPTIONS,
    handler: () => import('./commands.js').then(m => m.explain)
  }),
  command({
    name: 'cleanup',
    summary: 'delete analyses (and ephemeral paths) this tool tagged and left behind, e.g. by a killed run',
    options: CLEANUP_OPTIONS,
    handler: () => import('./commands.js').then(m => m.cleanup)
  }),
  command({
    name: 'iam-policy',
    summary: 'print the least-privilege IAM policy this config needs (and the GitHub OIDC trust policy)',
    options: IAM_POLICY_OPTIONS,
    handler: () => import('./commands.js').then(m => m.iamPolicy)
  })
]
