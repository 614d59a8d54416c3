// Everything the plan stage needs before a run, shared by the action and the CLI: the plans read and merged,
// and the assertions the pull request adds or edits (from the base branch's config, when given).
import { loadConfigFile } from '../config/load.js'
import type { Assertion } from '../model.js'
import { loadPlans } from './load.js'
import { editedAssertions } from './scope.js'
import type { PlanRunOptions } from './stage.js'

export interface PreparePlanArgs {
  plans: Array<{ path: string; name: string }>
  failOnPredicted: 'violation' | 'never'
  scope: 'all' | 'affected'
  baseConfig?: { path: string; name: string }
  assertions: Assertion[]
}

/** Reads the plans (a PlanError names a bad file) and compares the config with the base one. */
export async function preparePlan(args: PreparePlanArgs): Promise<PlanRunOptions> {
  const changes = await loadPlans(args.plans)
  const options: PlanRunOptions = { changes, scope: args.scope, failOnPredicted: args.failOnPredicted }
  if (args.scope !== 'affected') return options
  if (!args.baseConfig) {
    options.editedNote =
      'Assertions this pull request adds or edits were not detected (no plan-base-config given): only assertions the plan can touch ran.'
    return options
  }
  const base = await loadConfigFile(args.baseConfig.path, args.baseConfig.name)
  if (!base.ok) {
    options.editedNote = `The base config ${args.baseConfig.name} could not be read (${base.problems.length} problems): assertions this pull request adds or edits were not detected.`
    return options
  }
  options.edited = editedAssertions(args.assertions, base.config.assertions)
  options.editedNote = `Added or edited assertions found by comparing with ${args.baseConfig.name}: ${options.edited.size}.`
  return options
}
