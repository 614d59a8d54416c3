// The action's front door: read inputs, load the config, run the pipeline, report. Thin on purpose:
// the pipeline is shared with the CLI; everything GitHub-specific is in src/report.
import * as core from '@actions/core'
import { realpath } from 'node:fs/promises'
import { isAbsolute, relative } from 'node:path'
import { loadConfigFile } from './config/load.js'
import { InputError, parseInputs, selectAssertions, type ActionInputs } from './inputs.js'
import { reportConfigProblems } from './report/index.js'
import { actionLog } from './report/log.js'

// The pipeline and the AWS SDK (most of the bundle) load only once a run needs them, so a bad input or an
// invalid config is reported without paying for their start-up.
const action = () => import('./action.js')

export async function run(): Promise<void> {
  try {
    if (core.getState('isPost') === 'true') {
      await (await action()).runPostStep()
      return
    }
    core.saveState('isPost', 'true')
    await runMain()
  } catch (err) {
    // Expected failures are reported where they happen; this is the last line against a crash.
    core.setOutput('result', 'error')
    const message = err instanceof Error ? err.message : String(err)
    actionLog.setFailed(`network-preflight failed unexpectedly: ${message}`)
    if (err instanceof Error && err.stack) actionLog.debug(err.stack)
  }
}

/** True when the config exists and its real path (links resolved) is outside the workspace's real path. */
async function leavesWorkspace(configPath: string, workspace: string): Promise<boolean> {
  const real = await realpath(configPath).catch(() => undefined)
  if (real === undefined) return false // missing: loadConfigFile says so
  const rel = relative(await realpath(workspace).catch(() => workspace), real)
  return rel.startsWith('..') || isAbsolute(rel)
}

async function runMain(): Promise<void> {
  let inputs: ActionInputs
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  try {
    inputs = parseInputs(name => core.getInput(name), workspace)
    // parseInputs checks the path as written; a symbolic link in the repository may still lead out of it,
    // and a pull request can add one (to a runner file whose content an error message would quote).
    if (await leavesWorkspace(inputs.configPath, workspace)) {
      throw new InputError(
        'config',
        `${JSON.stringify(inputs.configFile)} leads outside the workspace through a symbolic link; the config must be a file of the repository`
      )
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    core.setOutput('result', 'error')
    core.setOutput('errors', '1')
    actionLog.setFailed(err.message)
    return
  }

  const loaded = await loadConfigFile(inputs.configPath, inputs.configFile)
  if (!loaded.ok) {
    await reportConfigProblems(loaded.problems)
    actionLog.setFailed(
      `${inputs.configFile} has ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}; no analysis was run (see the annotations and the job summary)`
    )
    return
  }

  const { selected, unmatched } = selectAssertions(loaded.config.assertions, inputs.assertionPatterns)
  if (unmatched.length > 0) {
    core.setOutput('result', 'error')
    core.setOutput('errors', String(unmatched.length))
    actionLog.setFailed(
      `Input "assertions": ${unmatched.map(p => JSON.stringify(p)).join(', ')} matched no assertion id in ${inputs.configFile}`
    )
    return
  }
  await (await action()).runAction(inputs, { ...loaded.config, assertions: selected })
}
