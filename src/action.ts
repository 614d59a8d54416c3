// The action's run and post step: credentials from OIDC, the shared pipeline, then GitHub reporting.
import * as core from '@actions/core'
import * as github from '@actions/github'
import { actionLog } from './report/log.js'
import { tmpdir } from 'node:os'
import { sweepLeftovers } from './analyze/index.js'
import { loadConfigFile } from './config/load.js'
import { createClientProvider, oidcAvailability } from './auth/index.js'
import type { ActionInputs } from './inputs.js'
import type { PreflightConfig, RunReport } from './model.js'
import { runPipeline } from './pipeline.js'
import { PlanError, preparePlan, predictedViolations, type PlanRunOptions } from './plan/index.js'
import { commentOnPullRequest, reportRun, shouldFail, workflowRunUrl, writeSummary } from './report/index.js'
import { openOrUpdateDriftIssue } from './report/drift.js'
import { ACTION_PROGRESS_INTERVAL_MS, progressIntervalMs } from './report/progress.js'
import { actionProgress, logVerdictGroups } from './report/run-log.js'

const STATE = {
  runId: 'runId',
  scopes: 'scopes',
  roleToAssume: 'roleToAssume',
  config: 'config',
  audience: 'audience',
  region: 'region'
}

function runIdentity(): { runId: string; sessionName: string } {
  const runId = `${process.env.GITHUB_RUN_ID || Date.now()}-${process.env.GITHUB_RUN_ATTEMPT || '1'}`
  const repo = (process.env.GITHUB_REPOSITORY || 'local').replace(/[^\w+=,.@-]/g, '-')
  return { runId, sessionName: `np-${repo}-${runId}`.slice(0, 64) }
}

/** Every (account, region) an analysis may run in: what the post step must sweep. */
function scopesOf(config: PreflightConfig): { account: string; region: string }[] {
  const seen = new Map<string, { account: string; region: string }>()
  for (const a of config.assertions) {
    const scope = { account: a.source.account, region: a.region }
    seen.set(`${scope.account}|${scope.region}`, scope)
  }
  return [...seen.values()]
}

export async function runAction(inputs: ActionInputs, config: PreflightConfig): Promise<void> {
  const { runId, sessionName } = runIdentity()

  if (inputs.roleToAssume) {
    const oidc = oidcAvailability(github.context.eventName, github.context.payload, process.env)
    if (!oidc.available) {
      if (inputs.onUntrustedPr === 'validate' && oidc.reason !== 'no-permission') {
        actionLog.notice(
          `${oidc.message} The config was validated (${config.assertions.length} assertions) but no analysis ran; set on-untrusted-pr: fail to fail instead.`,
          { title: 'network-preflight: config validated only' }
        )
        core.setOutput('result', 'skipped')
        core.setOutput('total', '0')
        await writeSummary(
          `## Network preflight: config validated only\n\n${oidc.message}\n\n${inputs.configFile} is valid (${config.assertions.length} assertions); no analysis ran.\n`
        )
        return
      }
      core.setOutput('result', 'error')
      actionLog.setFailed(oidc.message)
      return
    }
  }

  // A bad plan file stops the run before any analysis: the prediction is what the user asked for.
  let plan: PlanRunOptions | undefined
  if (inputs.plans.length > 0) {
    try {
      plan = await preparePlan({
        plans: inputs.plans,
        failOnPredicted: inputs.failOnPredicted,
        scope: inputs.planScope,
        baseConfig: inputs.planBaseConfig,
        assertions: config.assertions
      })
    } catch (err) {
      if (!(err instanceof PlanError)) throw err
      core.setOutput('result', 'error')
      actionLog.setFailed(`Input "plan": ${err.message}`)
      return
    }
  }

  // The post step sweeps what this run tagged, even if this process is killed.
  core.saveState(STATE.runId, runId)
  core.saveState(STATE.scopes, JSON.stringify(scopesOf(config)))
  core.saveState(STATE.config, inputs.configPath)
  core.saveState(STATE.roleToAssume, inputs.roleToAssume ?? '')
  core.saveState(STATE.audience, inputs.audience)
  core.saveState(STATE.region, inputs.awsRegion ?? config.defaults.region)

  const clients = createClientProvider(config, {
    mode: 'action',
    roleToAssume: inputs.roleToAssume,
    audience: inputs.audience,
    getIdToken: audience => core.getIDToken(audience),
    maskSecret: value => core.setSecret(value),
    sessionName,
    baseRegion: inputs.awsRegion ?? config.defaults.region,
    log: line => actionLog.debug(line)
  })

  const controller = new AbortController()
  const abort = (signal: string) => {
    actionLog.warning(`Received ${signal}: deleting the analyses this run started.`)
    controller.abort()
  }
  process.once('SIGTERM', () => abort('SIGTERM'))
  process.once('SIGINT', () => abort('SIGINT'))

  // Resolution detail folds into a group; a progress line at least every 15 s while analyses run.
  const progress = actionProgress({
    intervalMs: progressIntervalMs(process.env, ACTION_PROGRESS_INTERVAL_MS)
  })
  let report: RunReport
  try {
    report = await runPipeline(config, clients, {
      runId,
      concurrency: inputs.concurrency,
      timeoutSeconds: inputs.timeoutSeconds,
      maxAnalyses: inputs.maxAnalyses,
      cleanup: inputs.cleanup,
      signal: controller.signal,
      log: line => actionLog.info(line),
      onProgress: event => progress.onProgress(event),
      ...(plan ? { plan } : {})
    })
  } finally {
    progress.stop()
  }
  logVerdictGroups(report)
  actionLog.info(
    `${report.passed} passed, ${report.failed} failed, ${report.errors} errors of ${report.total} assertions`
  )

  const runUrl = workflowRunUrl()
  await reportRun(report, {
    file: inputs.configFile,
    reportDir: process.env.RUNNER_TEMP || tmpdir(),
    runUrl
  })
  if (inputs.comment) {
    await commentOnPullRequest({ token: inputs.githubToken, report, configFile: inputs.configFile })
  }
  if (inputs.driftIssue) {
    const issue = await openOrUpdateDriftIssue({
      token: inputs.githubToken,
      report,
      configFile: inputs.configFile,
      label: inputs.driftLabel,
      runUrl
    })
    if (issue !== undefined) core.setOutput('drift-issue', String(issue))
  }

  if (shouldFail(report, inputs.failOn)) {
    actionLog.setFailed(
      `${report.failed} failed and ${report.errors} errored of ${report.total} assertions (fail-on: ${inputs.failOn}); see the annotations and the job summary`
    )
  }
  // A prediction adds to the verdict about the deployed network; it never changes it.
  const predicted = predictedViolations(report.plan)
  if (predicted > 0) {
    actionLog.setFailed(
      `The plan is predicted to break ${report.plan!.counts.breaks} and open ${report.plan!.counts.opens} assertions once applied (fail-on-predicted: violation); see the annotations and "What this plan changes"`
    )
  } else if (report.plan && report.plan.counts.affected > 0) {
    actionLog.warning(
      `${report.plan.counts.affected} assertions are affected by the plan in ways not evaluated here; see "What this plan changes"`
    )
  }
}

/** The post step: delete whatever this run's tag still marks (a cancelled or killed main step). */
export async function runPostStep(): Promise<void> {
  const runId = core.getState(STATE.runId)
  if (!runId) return
  // Only this run's leftovers are ours to delete and to call "left by this run". A saved id that is not
  // this run's (state from elsewhere) would sweep another run's analyses, perhaps one still in progress.
  const current = runIdentity().runId
  if (runId !== current) {
    actionLog.warning(
      `Post step: the saved run id ${JSON.stringify(runId)} is not this run's (${current}); nothing was deleted. ` +
        'Run `network-preflight cleanup --older-than 1h` to sweep leftovers of other runs.'
    )
    return
  }
  const scopes = JSON.parse(core.getState(STATE.scopes) || '[]') as { account: string; region: string }[]
  if (scopes.length === 0) return
  const loaded = await loadConfigFile(core.getState(STATE.config))
  if (!loaded.ok) return
  const clients = createClientProvider(loaded.config, {
    mode: 'action',
    roleToAssume: core.getState(STATE.roleToAssume) || undefined,
    audience: core.getState(STATE.audience) || 'sts.amazonaws.com',
    getIdToken: audience => core.getIDToken(audience),
    maskSecret: value => core.setSecret(value),
    sessionName: runIdentity().sessionName,
    baseRegion: core.getState(STATE.region) || loaded.config.defaults.region,
    log: line => actionLog.debug(line)
  })
  try {
    const swept = await sweepLeftovers(clients, scopes, { runId, log: line => actionLog.info(line) })
    if (swept.deletedAnalyses.length + swept.deletedPaths.length > 0) {
      actionLog.info(
        `Post step deleted ${swept.deletedAnalyses.length} analyses and ${swept.deletedPaths.length} paths left by this run.`
      )
    }
    if (swept.deletedScopeAnalyses.length + swept.deletedScopes.length > 0) {
      actionLog.info(
        `Post step deleted ${swept.deletedScopeAnalyses.length} scope analyses and ${swept.deletedScopes.length} scopes left by this run.`
      )
    }
  } catch (err) {
    actionLog.warning(
      `Post-step cleanup failed: ${err instanceof Error ? err.message : String(err)}; run \`network-preflight cleanup\` to sweep leftovers.`
    )
  }
}
