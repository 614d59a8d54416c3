// Scope analyses are analyses: they count against max-analyses, in the run's analysis count and in its cost
// estimate, exactly as Reachability Analyzer analyses do. Through runPipeline against the sandbox.
import { afterEach, describe, expect, it } from '@jest/globals'
import { EC2Client } from '@aws-sdk/client-ec2'
import { runScopeAnalyses } from '../../src/analyze/index.js'
import type { ScopeRequest } from '../../src/analyze/scopes-plan.js'
import type { AwsClientProvider } from '../../src/auth/types.js'
import { loadConfigText } from '../../src/config/load.js'
import type { PreflightConfig } from '../../src/model.js'
import { runPipeline } from '../../src/pipeline.js'
import { toJsonReport } from '../../src/report/json.js'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { APP_KEYS } from '../sandbox/helpers.js'
import { exposureScenario } from '../sandbox/naa-scenario.js'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

function provider(s: Sandbox): AwsClientProvider {
  return {
    ec2: async (_account, region) =>
      new EC2Client({ region, endpoint: s.urls.ec2, credentials: APP_KEYS, maxAttempts: 2 }),
    accountId: async () => '222222222222'
  } as Partial<AwsClientProvider> as AwsClientProvider
}

const CONFIG = `version: 1
defaults: { region: us-east-1 }
accounts:
  prod: { account_id: '222222222222', regions: [us-east-1] }
assertions:
  - id: private-not-from-internet
    type: deny
    protocol: tcp
    source: { account: prod, internet: true }
    destination: { account: prod, selector: { match: each, subnet: { tags: { Tier: private } } } }
  - id: web-not-to-db
    type: deny
    protocol: tcp
    port: 5432
    source: { account: prod, selector: { resource_id: i-0e000000000000000 } }
    destination: { account: prod, selector: { resource_id: i-0db00000000000001 } }
`

function config(): PreflightConfig {
  const loaded = loadConfigText(CONFIG, 'preflight.yaml')
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  return loaded.config
}

async function run(maxAnalyses: number | undefined) {
  sandbox = await startSandbox(exposureScenario({ exposed: false }))
  const report = await runPipeline(config(), provider(sandbox), {
    runId: `budget-${maxAnalyses}`,
    concurrency: 10,
    timeoutSeconds: 60,
    cleanup: 'keep-paths',
    pollInitialMs: 5,
    pollMaxMs: 10,
    maxAnalyses
  })
  const starts = {
    scope: sandbox.count({ action: 'StartNetworkInsightsAccessScopeAnalysis' }),
    pairs: sandbox.count({ action: 'StartNetworkInsightsAnalysis' })
  }
  return { report, starts, status: (id: string) => report.results.find(r => r.assertion.id === id)!.verdict }
}

describe('scope analyses and the budget', () => {
  it('a scope analysis takes one unit of max-analyses: with a budget of 1 the pairwise analysis is not started', async () => {
    const { report, starts, status } = await run(1)
    expect(starts).toEqual({ scope: 1, pairs: 0 })
    expect(status('private-not-from-internet').status).toBe('passed')
    expect(status('web-not-to-db')).toMatchObject({ status: 'error' })
    // The scope analysis took the one unit: none is left for Reachability Analyzer.
    expect(status('web-not-to-db').reason).toMatch(/budget allows 0 analyses/)
    expect(report.analysesStarted).toBe(1)
    expect(report.scopeAnalysesStarted).toBe(1)
  })

  it('the run counts and prices both kinds: 1 Reachability + 1 Network Access Analyzer analysis of 4 interfaces', async () => {
    const { report, starts } = await run(2)
    expect(starts).toEqual({ scope: 1, pairs: 1 })
    expect(report.analysesStarted).toBe(2)
    expect(report.scopeAnalysesStarted).toBe(1)
    // $0.10 for the pairwise analysis + 4 interfaces × $0.002, rounded to cents.
    expect(report.estimatedCostUsd).toBe(0.11)
    const json = toJsonReport(report)
    expect(json.analyses_started).toBe(2)
    expect(json.scope_analyses_started).toBe(1)
    expect(json.estimated_cost_usd).toBe(0.11)
  })

  it('the scope engine itself starts no more scope analyses than the budget and says why', async () => {
    sandbox = await startSandbox(exposureScenario({ exposed: false }))
    const assertion = config().assertions[0]
    const request: ScopeRequest = {
      assertion,
      account: 'prod',
      region: 'us-east-1',
      source: { resourceTypes: ['AWS::EC2::InternetGateway'] },
      destination: { resources: ['subnet-0cd00000000000001'] },
      through: [],
      exclude: []
    }
    const other: ScopeRequest = { ...request, destination: { resources: ['subnet-0ab000000000001'] } }
    const results = await runScopeAnalyses(
      [request, { ...other, assertion: { ...assertion, id: 'b' } }],
      provider(sandbox),
      {
        runId: 'r',
        concurrency: 10,
        timeoutSeconds: 60,
        pollInitialMs: 5,
        pollMaxMs: 10,
        maxAnalyses: 1
      }
    )
    expect(results.get(assertion.id)!.status).toBe('succeeded')
    expect(results.get('b')).toMatchObject({ status: 'not-started' })
    expect(results.get('b')!.message).toMatch(/budget allows 1 analyses/)
    expect(sandbox.count({ action: 'StartNetworkInsightsAccessScopeAnalysis' })).toBe(1)
  })
})
