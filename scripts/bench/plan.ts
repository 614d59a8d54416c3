// Plan-aware runs on the demo network (examples/sandbox.yaml + examples/preflight.yaml): how many analyses
// `plan-scope: affected` starts for a plan touching one security group, against `all`; and how long reading
// and predicting the plan corpus takes. `npm run bench:plan` runs this part alone.
import { readdirSync, readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createClientProvider } from '../../src/auth/index.js'
import { loadConfigFile } from '../../src/config/load.js'
import { runPipeline } from '../../src/pipeline.js'
import { loadPlans, parsePlanText, predictAssertion, type PlanRunOptions } from '../../src/plan/index.js'
import { startSandbox } from '../../sandbox/server.js'

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))

export interface PlanScopeResult {
  scope: 'all' | 'affected'
  analysesStarted: number
  assertions: number
  skipped: string[]
  predictedBreaks: number
  wallMs: number
}

async function runDemo(scope: 'all' | 'affected'): Promise<PlanScopeResult> {
  const sandbox = await startSandbox(root('examples/sandbox.yaml'), { knobs: { timeScale: 0.02 } })
  try {
    Object.assign(process.env, sandbox.env, sandbox.staticCredentialsEnv('app'))
    const loaded = await loadConfigFile(root('examples/preflight.yaml'), 'examples/preflight.yaml')
    if (!loaded.ok) throw new Error('examples/preflight.yaml is invalid')
    const config = loaded.config
    const file = 'examples/plans/delete-db-ingress.tfplan.json'
    const plan: PlanRunOptions = {
      changes: await loadPlans([{ path: root(file), name: file }]),
      scope,
      failOnPredicted: 'violation'
    }
    const clients = createClientProvider(config, {
      mode: 'cli',
      sessionName: `bench-plan-${scope}`,
      baseRegion: 'us-east-1',
      env: process.env
    })
    const started = performance.now()
    try {
      const report = await runPipeline(config, clients, {
        runId: `bench-plan-${scope}`,
        concurrency: 100,
        timeoutSeconds: 600,
        cleanup: 'all',
        plan
      })
      return {
        scope,
        analysesStarted: sandbox.count({ service: 'ec2', action: 'StartNetworkInsightsAnalysis', ok: true }),
        assertions: config.assertions.length,
        skipped: report.plan?.skipped.map(s => s.assertionId) ?? [],
        predictedBreaks: report.plan?.counts.breaks ?? 0,
        wallMs: performance.now() - started
      }
    } finally {
      clients.close()
    }
  } finally {
    await sandbox.close()
  }
}

/** Median real ms to parse and predict every corpus fixture once. */
function corpusMs(): { fixtures: number; medianMs: number } {
  const dir = root('__tests__/plan/corpus')
  const fixtures = readdirSync(dir)
    .filter(f => f.endsWith('.json'))
    .map(f => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')))
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    for (const f of fixtures)
      predictAssertion({
        assertion: f.assertion,
        analysis: f.analysis,
        changes: parsePlanText('bench', JSON.stringify(f.plan)),
        endpoints: f.endpoints
      })
    times.push(performance.now() - t)
  }
  return { fixtures: fixtures.length, medianMs: [...times].sort((a, b) => a - b)[2]! }
}

export async function printPlanBench(): Promise<void> {
  const all = await runDemo('all')
  const affected = await runDemo('affected')
  console.log(
    '\nPlan-aware run on the demo network (plan: delete the db ingress rule on sg-0a0000000000a0002)'
  )
  console.log('plan-scope  assertions  StartNetworkInsightsAnalysis  predicted breaks  skipped')
  for (const r of [all, affected])
    console.log(
      `${r.scope.padEnd(10)}  ${String(r.assertions).padStart(10)}  ${String(r.analysesStarted).padStart(28)}  ${String(r.predictedBreaks).padStart(16)}  ${r.skipped.join(', ') || '-'}`
    )
  const c = corpusMs()
  console.log(
    `Parse + predict the plan corpus (${c.fixtures} fixtures): ${c.medianMs.toFixed(1)} ms (median of 5, real)`
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printPlanBench().then(
    () => process.exit(0),
    err => {
      console.error(err)
      process.exit(1)
    }
  )
}
