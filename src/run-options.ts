// The options of a run that both doors take: the action's inputs (action.yml, read by src/inputs.ts) and the
// CLI's flags (src/cli). One definition of each default and limit, so the two cannot drift apart again (the CLI
// once accepted a 1 s timeout the action refused). Pure: no imports, cheap to load before anything else.

/** A whole number in [min, max]. */
export interface IntegerOption {
  kind: 'integer'
  default: number
  min: number
  max: number
  description: string
}

/** One of a fixed set of words. */
export interface ChoiceOption<T extends string = string> {
  kind: 'choice'
  default: T
  choices: readonly T[]
  description: string
}

export type RunOption = IntegerOption | ChoiceOption

export const RUN_OPTIONS = {
  concurrency: {
    kind: 'integer',
    default: 100,
    min: 1,
    // AWS's quota of concurrent analyses per account and Region.
    max: 100,
    description: 'maximum analyses in flight per account and Region'
  },
  'timeout-seconds': {
    kind: 'integer',
    default: 300,
    min: 10,
    max: 3600,
    description: 'per-analysis time limit in seconds'
  },
  'max-analyses': {
    kind: 'integer',
    default: 200,
    min: 0,
    max: 100_000,
    description: 'budget: refuse to start more analyses (about $0.10 each); 0 means no limit'
  },
  cleanup: {
    kind: 'choice',
    default: 'keep-paths',
    choices: ['keep-paths', 'all'],
    description: 'keep-paths (reuse tagged paths next run) or all (delete every path and analysis)'
  },
  'fail-on-predicted': {
    kind: 'choice',
    default: 'violation',
    choices: ['violation', 'never'],
    description: 'with --plan: whether a predicted break or opening fails the run'
  },
  'plan-scope': {
    kind: 'choice',
    default: 'all',
    choices: ['all', 'affected'],
    description: 'with --plan: analyse every assertion, or only those the plan affects'
  }
} as const satisfies Record<string, RunOption>

export type RunOptionName = keyof typeof RUN_OPTIONS

/** The values a choice option allows, as a type: `ChoiceOf<'cleanup'>` is 'keep-paths' | 'all'. */
export type ChoiceOf<N extends RunOptionName> =
  (typeof RUN_OPTIONS)[N] extends ChoiceOption<infer T> ? T : never

/** Why `raw` is not a value of an integer option (undefined when it is one). Both doors word it the same. */
export function integerProblem(option: IntegerOption, raw: string): string | undefined {
  if (!/^\d+$/.test(raw)) return `${JSON.stringify(raw)} is not a whole number`
  const value = Number(raw)
  if (value < option.min || value > option.max) return `${value} is outside ${option.min}-${option.max}`
  return undefined
}

/** Why `raw` is not one of a choice option's values (undefined when it is one). */
export function choiceProblem(option: ChoiceOption, raw: string): string | undefined {
  return option.choices.includes(raw)
    ? undefined
    : `${JSON.stringify(raw)} is not one of ${option.choices.join(', ')}`
}
