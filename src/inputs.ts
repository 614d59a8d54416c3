import { isAbsolute, relative, resolve } from 'node:path'
import picomatch from 'picomatch'
import {
  RUN_OPTIONS,
  choiceProblem,
  integerProblem,
  type ChoiceOf,
  type ChoiceOption
} from './run-options.js'

/** The action's inputs, checked. Reading them (core.getInput) stays in main.ts; this is pure. */
export interface ActionInputs {
  /** Absolute path of the config file. */
  configPath: string
  /** The path as annotations need it: relative to the workspace, with forward slashes. */
  configFile: string
  roleToAssume?: string
  awsRegion?: string
  audience: string
  assertionPatterns: string[]
  failOn: 'any' | 'error' | 'never'
  onUntrustedPr: 'validate' | 'fail'
  concurrency: number
  timeoutSeconds: number
  /** undefined: no budget. */
  maxAnalyses?: number
  cleanup: 'keep-paths' | 'all'
  comment: boolean
  driftIssue: boolean
  driftLabel: string
  githubToken: string
  /** Terraform JSON plans / Pulumi previews: absolute path and the name as given (for messages). */
  plans: Array<{ path: string; name: string }>
  failOnPredicted: 'violation' | 'never'
  planScope: 'all' | 'affected'
  /** The base branch's config, to find assertions the pull request adds or edits. */
  planBaseConfig?: { path: string; name: string }
}

/** A bad input value; the message names the input. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input "${input}": ${message}`)
    this.name = 'InputError'
  }
}

export type InputReader = (name: string) => string

function choice<T extends string>(read: InputReader, name: string, allowed: readonly T[], fallback: T): T {
  const value = read(name).trim() || fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(name, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`)
  }
  return value as T
}

/** An integer input shared with the CLI: its default and limits come from src/run-options.ts. */
function integer(read: InputReader, name: 'concurrency' | 'timeout-seconds' | 'max-analyses'): number {
  const option = RUN_OPTIONS[name]
  const raw = read(name).trim()
  if (raw === '') return option.default
  const problem = integerProblem(option, raw)
  if (problem) throw new InputError(name, problem)
  return Number(raw)
}

/** A choice input shared with the CLI (src/run-options.ts). */
function runChoice<N extends 'cleanup' | 'fail-on-predicted' | 'plan-scope'>(
  read: InputReader,
  name: N
): ChoiceOf<N> {
  const option: ChoiceOption = RUN_OPTIONS[name]
  const value = read(name).trim() || option.default
  const problem = choiceProblem(option, value)
  if (problem) throw new InputError(name, problem)
  return value as ChoiceOf<N>
}

function boolean(read: InputReader, name: string): boolean {
  // The YAML 1.2 core schema's booleans, as core.getBooleanInput accepts them.
  const raw = read(name).trim()
  if (raw === '' || ['false', 'False', 'FALSE'].includes(raw)) return false
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  throw new InputError(name, `${JSON.stringify(raw)} is not true or false`)
}

/** A file input: inside the workspace, as an absolute path and the name as given. */
function workspaceFile(input: string, value: string, root: string): { path: string; name: string } {
  const path = isAbsolute(value) ? resolve(value) : resolve(root, value)
  const rel = relative(root, path)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    throw new InputError(input, `${JSON.stringify(value)} is not a file inside the workspace (${root})`)
  return { path, name: rel.split('\\').join('/') }
}

export function parseInputs(read: InputReader, workspace: string): ActionInputs {
  const configInput = read('config').trim() || 'preflight.yaml'
  const root = resolve(workspace)
  const configPath = isAbsolute(configInput) ? resolve(configInput) : resolve(root, configInput)
  const rel = relative(root, configPath)
  if (rel === '') {
    throw new InputError(
      'config',
      `${JSON.stringify(configInput)} is the workspace directory itself; give the path of the config file, e.g. preflight.yaml`
    )
  }
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new InputError(
      'config',
      `${JSON.stringify(configInput)} is outside the workspace (${root}); check out the repository and give a path inside it`
    )
  }

  const roleToAssume = read('role-to-assume').trim() || undefined
  if (roleToAssume && !/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleToAssume)) {
    throw new InputError(
      'role-to-assume',
      `${JSON.stringify(roleToAssume)} is not an IAM role ARN like arn:aws:iam::123456789012:role/NetworkPreflight`
    )
  }
  const awsRegion = read('aws-region').trim() || undefined
  if (awsRegion && !/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(awsRegion)) {
    throw new InputError(
      'aws-region',
      `${JSON.stringify(awsRegion)} is not an AWS Region code like us-east-1`
    )
  }
  const assertionPatterns = read('assertions')
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(Boolean)
  for (const p of assertionPatterns) {
    if (!/^[A-Za-z0-9_.:/*?-]+$/.test(p))
      throw new InputError('assertions', `${JSON.stringify(p)} is not an assertion id or glob`)
    const problem = globProblem(p)
    if (problem) throw new InputError('assertions', problem)
  }
  const maxAnalyses = integer(read, 'max-analyses')
  const plans = read('plan')
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(Boolean)
    .map(p => workspaceFile('plan', p, root))
  const baseConfig = read('plan-base-config').trim()

  return {
    configPath,
    configFile: rel.split('\\').join('/'),
    roleToAssume,
    awsRegion,
    audience: read('audience').trim() || 'sts.amazonaws.com',
    assertionPatterns,
    failOn: choice(read, 'fail-on', ['any', 'error', 'never'] as const, 'any'),
    onUntrustedPr: choice(read, 'on-untrusted-pr', ['validate', 'fail'] as const, 'validate'),
    concurrency: integer(read, 'concurrency'),
    timeoutSeconds: integer(read, 'timeout-seconds'),
    maxAnalyses: maxAnalyses === 0 ? undefined : maxAnalyses,
    cleanup: runChoice(read, 'cleanup'),
    comment: boolean(read, 'comment'),
    driftIssue: boolean(read, 'drift-issue'),
    driftLabel: read('drift-label').trim() || 'network-preflight-drift',
    githubToken: read('github-token').trim(),
    plans,
    failOnPredicted: runChoice(read, 'fail-on-predicted'),
    planScope: runChoice(read, 'plan-scope'),
    ...(baseConfig ? { planBaseConfig: workspaceFile('plan-base-config', baseConfig, root) } : {})
  }
}

/**
 * At most this many runs of `*` in one glob. picomatch collapses a run (`*****`) into one wildcard, but its
 * regular expression still backtracks polynomially in the number of separate runs (`*a*a*a*b` against a
 * 128-character id: about half a second per id). Two runs (`app-*-db-*`) stay well under a millisecond.
 */
export const MAX_GLOB_STAR_RUNS = 2

/** Why a glob cannot be used, or undefined when it can. */
export function globProblem(pattern: string): string | undefined {
  const runs = pattern.match(/\*+/g)?.length ?? 0
  if (runs > MAX_GLOB_STAR_RUNS) {
    return `${JSON.stringify(pattern)} has ${runs} separate * wildcards; at most ${MAX_GLOB_STAR_RUNS} are allowed (e.g. app-*-db-*)`
  }
  return undefined
}

/** DIVISION SLASH: not a path separator for picomatch, and not allowed in an id. */
const FLAT_SLASH = '\u2215'

/**
 * Turns ids and globs ("app-*") into a predicate; reports patterns that match nothing. picomatch compiles a
 * glob to a linear regular expression (a run of stars is one `.*`-like part), so no pattern can backtrack
 * exponentially against a long id. Ids are flat names that may contain `/` (`team/app-db`), and `*` has
 * always matched across it, so `/` is swapped for a character ids cannot contain before matching.
 */
export function selectAssertions<T extends { id: string }>(
  assertions: T[],
  patterns: string[]
): { selected: T[]; unmatched: string[] } {
  if (patterns.length === 0) return { selected: assertions, unmatched: [] }
  const matchers = patterns.map(pattern => {
    // Only `*`, `?` and `[...]` are special: no braces, extglobs or negation.
    const isMatch = picomatch(pattern.replaceAll('/', FLAT_SLASH), {
      dot: true,
      nobrace: true,
      noextglob: true,
      nonegate: true
    })
    return { pattern, matches: (id: string) => isMatch(id.replaceAll('/', FLAT_SLASH)) }
  })
  const unmatched = matchers.filter(m => !assertions.some(a => m.matches(a.id))).map(m => m.pattern)
  return { selected: assertions.filter(a => matchers.some(m => m.matches(a.id))), unmatched }
}
