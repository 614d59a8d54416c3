// The Network Access Analyzer engine against the sandbox, through the real SDK: scopes created once and
// reused only after their content is verified, one analysis per scope, every finding paged, analyses deleted,
// scopes kept or deleted per `cleanup`, cancellation, the sweep, and foreign scopes left alone.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  CreateNetworkInsightsAccessScopeCommand,
  EC2Client,
  StartNetworkInsightsAccessScopeAnalysisCommand
} from '@aws-sdk/client-ec2'
import {
  runScopeAnalyses,
  sweepLeftovers,
  TAG_MANAGED,
  TAG_RUN_ID,
  TAG_SCOPE_HASH
} from '../../src/analyze/index.js'
import { scopeHash, scopeStatements, type ScopeRequest } from '../../src/analyze/scopes-plan.js'
import type { AwsClientProvider } from '../../src/auth/types.js'
import type { Assertion } from '../../src/model.js'
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

const location = { file: 'preflight.yaml', line: 1, column: 1 }
const assertion: Assertion = {
  id: 'private-not-from-internet',
  type: 'deny',
  labels: [],
  source: {
    role: 'source',
    account: 'app',
    region: 'us-east-1',
    selector: { by: 'tags', tags: {}, kinds: ['internet-gateway'] },
    internet: true,
    location
  },
  destination: {
    role: 'destination',
    account: 'app',
    region: 'us-east-1',
    selector: {
      by: 'tags',
      tags: {},
      kinds: ['instance'],
      within: { subnet: { by: 'ids', ids: ['subnet-0cd00000000000001'] } }
    },
    match: 'each',
    location
  },
  protocol: 'tcp',
  via: [],
  avoid: [],
  prove: 'scope',
  region: 'us-east-1',
  location
}

const request: ScopeRequest = {
  assertion,
  account: 'app',
  region: 'us-east-1',
  source: { resourceTypes: ['AWS::EC2::InternetGateway'] },
  destination: { resources: ['subnet-0cd00000000000001'] },
  through: [],
  exclude: []
}

const options = (extra: Partial<Parameters<typeof runScopeAnalyses>[2]> = {}) => ({
  runId: 'run-1',
  concurrency: 100,
  timeoutSeconds: 60,
  pollInitialMs: 5,
  pollMaxMs: 10,
  ...extra
})

describe('runScopeAnalyses', () => {
  it('proves the clean network with one scope and one analysis, keeps the scope and reuses it after checking its content', async () => {
    sandbox = await startSandbox(exposureScenario({ exposed: false }))
    const first = (await runScopeAnalyses([request], provider(sandbox), options())).get(assertion.id)!
    expect(first).toMatchObject({
      status: 'succeeded',
      scopeOrigin: 'created',
      analyzedEniCount: 4,
      rawFindings: []
    })
    expect(sandbox.count({ action: 'StartNetworkInsightsAccessScopeAnalysis' })).toBe(1)
    const state = sandbox.state()
    expect(state.scopeAnalyses).toEqual([])
    expect(state.scopes).toHaveLength(1)
    expect(state.scopes[0].tags).toEqual({
      [TAG_MANAGED]: 'true',
      [TAG_SCOPE_HASH]: scopeHash(scopeStatements(request))
    })

    const second = (await runScopeAnalyses([request], provider(sandbox), options({ runId: 'run-2' }))).get(
      assertion.id
    )!
    expect(second).toMatchObject({ status: 'succeeded', scopeOrigin: 'reused', scopeId: first.scopeId })
    expect(sandbox.count({ action: 'CreateNetworkInsightsAccessScope' })).toBe(1)
    expect(sandbox.count({ action: 'GetNetworkInsightsAccessScopeContent' })).toBe(1)
  })

  it('finds the exposed instance, every page, and deletes the scope with cleanup: all', async () => {
    sandbox = await startSandbox(exposureScenario({ exposed: true }))
    const wide: ScopeRequest = { ...request, destination: {} }
    const results = await runScopeAnalyses(
      [request, { ...wide, assertion: { ...assertion, id: 'wide' } }],
      provider(sandbox),
      options({ cleanup: 'all' })
    )
    const narrow = results.get(assertion.id)!
    expect(narrow.status).toBe('succeeded')
    expect(narrow.rawFindings.map(f => f.FindingComponents!.map(c => c.Component!.Id))).toEqual([
      ['igw-0aaa0000000000001', 'acl-0aaa0000000000001', 'sg-0ee000000000001', 'eni-0ee00000000000001']
    ])
    // Page size 2 in the scenario: 3 findings (2 web servers + the exposed box) need 2 pages.
    expect(results.get('wide')!.rawFindings).toHaveLength(3)
    expect(sandbox.count({ action: 'GetNetworkInsightsAccessScopeAnalysisFindings' })).toBeGreaterThanOrEqual(
      3
    )
    expect(sandbox.state().scopes).toEqual([])
    expect(sandbox.state().scopeAnalyses).toEqual([])
  })

  it('never reuses a scope tagged as ours whose content differs, and leaves it in place', async () => {
    sandbox = await startSandbox(exposureScenario({ exposed: true }))
    const client = await provider(sandbox).ec2('app', 'us-east-1')
    // Someone plants a scope with our tags and hash that excludes everything: reusing it would pass vacuously.
    const planted = await client.send(
      new CreateNetworkInsightsAccessScopeCommand({
        MatchPaths: [{ Source: { ResourceStatement: { Resources: ['igw-0000000000000dead'] } } }],
        TagSpecifications: [
          {
            ResourceType: 'network-insights-access-scope',
            Tags: [
              { Key: TAG_MANAGED, Value: 'true' },
              { Key: TAG_SCOPE_HASH, Value: scopeHash(scopeStatements(request)) }
            ]
          }
        ]
      })
    )
    const plantedId = planted.NetworkInsightsAccessScope!.NetworkInsightsAccessScopeId!
    const logs: string[] = []
    const result = (
      await runScopeAnalyses(
        [request],
        provider(sandbox),
        options({ cleanup: 'all', log: l => logs.push(l) })
      )
    ).get(assertion.id)!
    expect(result.scopeOrigin).toBe('created')
    expect(result.scopeId).not.toBe(plantedId)
    expect(result.rawFindings).toHaveLength(1)
    expect(logs.some(l => l.includes(plantedId) && l.includes('MatchPaths differ'))).toBe(true)
    expect(sandbox.state().scopes.map(s => s.id)).toEqual([plantedId])
  })

  it('never reuses or deletes a foreign scope (no managed tag), even one with our hash tag and the very statements needed', async () => {
    sandbox = await startSandbox(exposureScenario({ exposed: true }))
    const client = await provider(sandbox).ec2('app', 'us-east-1')
    const statements = scopeStatements(request)
    const foreign = (
      await client.send(
        new CreateNetworkInsightsAccessScopeCommand({
          MatchPaths: statements.MatchPaths,
          TagSpecifications: [
            {
              ResourceType: 'network-insights-access-scope',
              Tags: [{ Key: TAG_SCOPE_HASH, Value: scopeHash(statements) }]
            }
          ]
        })
      )
    ).NetworkInsightsAccessScope!.NetworkInsightsAccessScopeId!
    const result = (await runScopeAnalyses([request], provider(sandbox), options({ cleanup: 'all' }))).get(
      assertion.id
    )!
    expect(result.scopeOrigin).toBe('created')
    expect(result.scopeId).not.toBe(foreign)
    expect(sandbox.count({ action: 'GetNetworkInsightsAccessScopeContent' })).toBe(0)
    // cleanup: all deleted the scope it created, and only that one.
    expect(sandbox.state().scopes.map(s => s.id)).toEqual([foreign])
    expect(
      sandbox.find({ action: 'DeleteNetworkInsightsAccessScope' }).map(r => JSON.stringify(r.params))
    ).toEqual([expect.stringContaining(result.scopeId!)])
  })

  it('a failed or cancelled scope analysis is an error result and is deleted', async () => {
    sandbox = await startSandbox(exposureScenario({ exposed: false }))
    sandbox.setKnobs({ scopeAnalysisFailure: 'Internal error' })
    const failed = (await runScopeAnalyses([request], provider(sandbox), options())).get(assertion.id)!
    expect(failed).toMatchObject({ status: 'failed', message: 'Internal error' })
    sandbox.setKnobs({ scopeAnalysisFailure: undefined, analysesNeverFinish: true })
    const controller = new AbortController()
    const running = runScopeAnalyses(
      [request],
      provider(sandbox),
      options({
        signal: controller.signal,
        onProgress: e => {
          if (e.type === 'scope-analysis-started') controller.abort()
        }
      })
    )
    const cancelled = (await running).get(assertion.id)!
    expect(cancelled.status).toBe('error')
    expect(cancelled.message).toMatch(/cancelled/)
    expect(sandbox.state().scopeAnalyses).toEqual([])
  })

  it('the sweep deletes a killed run’s scope analyses and ephemeral scopes, never foreign ones', async () => {
    sandbox = await startSandbox(exposureScenario({ exposed: false }))
    sandbox.setKnobs({ analysesNeverFinish: true })
    const client = await provider(sandbox).ec2('app', 'us-east-1')
    const scope = async (tags: Array<{ Key: string; Value: string }>) =>
      (
        await client.send(
          new CreateNetworkInsightsAccessScopeCommand({
            MatchPaths: request.assertion ? scopeStatements(request).MatchPaths : [],
            ...(tags.length
              ? { TagSpecifications: [{ ResourceType: 'network-insights-access-scope', Tags: tags }] }
              : {})
          })
        )
      ).NetworkInsightsAccessScope!.NetworkInsightsAccessScopeId!
    const start = async (scopeId: string, tags: Array<{ Key: string; Value: string }>) =>
      (
        await client.send(
          new StartNetworkInsightsAccessScopeAnalysisCommand({
            NetworkInsightsAccessScopeId: scopeId,
            ...(tags.length
              ? {
                  TagSpecifications: [{ ResourceType: 'network-insights-access-scope-analysis', Tags: tags }]
                }
              : {})
          })
        )
      ).NetworkInsightsAccessScopeAnalysis!.NetworkInsightsAccessScopeAnalysisId!
    const ours = [
      { Key: TAG_MANAGED, Value: 'true' },
      { Key: TAG_RUN_ID, Value: 'killed-run' }
    ]
    const ephemeral = await scope([...ours, { Key: 'network-preflight:ephemeral', Value: 'true' }])
    const kept = await scope([{ Key: TAG_MANAGED, Value: 'true' }])
    const foreign = await scope([])
    const leftover = await start(ephemeral, ours)
    const foreignAnalysis = await start(foreign, [{ Key: TAG_RUN_ID, Value: 'killed-run' }])
    const swept = await sweepLeftovers(provider(sandbox), [{ account: 'app', region: 'us-east-1' }], {
      runId: 'killed-run'
    })
    expect(swept.deletedScopeAnalyses).toEqual([leftover])
    expect(swept.deletedScopes).toEqual([ephemeral])
    const state = sandbox.state()
    expect(state.scopes.map(s => s.id).sort()).toEqual([kept, foreign].sort())
    expect(state.scopeAnalyses.map(a => a.id)).toEqual([foreignAnalysis])
  })
})
