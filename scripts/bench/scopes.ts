// Issue 13: "dev VPC never reaches prod VPC" over 20 × 20 instances, proved twice against the same sandbox
// network: once with a Network Access Analyzer scope (`prove: scope`, what `auto` picks) and once pairwise
// (`prove: pairs`, one Reachability Analyzer analysis per member pair). Both runs go through runPipeline and
// the real client provider; the counts are what the sandbox saw. `npm run bench:scopes` runs this part alone.
import { pathToFileURL } from 'node:url'
import { startSandbox } from '../../sandbox/server.js'
import type { ScenarioFile } from '../../sandbox/scenario.js'
import { performance } from 'node:perf_hooks'
import { DEFAULT_POLL_MAX_MS } from '../../src/analyze/jobs.js'
import { createClientProvider, EC2_RATE_LIMITS } from '../../src/auth/index.js'
import type { RunReport } from '../../src/model.js'
import { runPipeline } from '../../src/pipeline.js'
import { parseConfig } from './measure.js'
import {
  BENCH_ACCOUNT,
  BENCH_ACCOUNT_ID,
  BENCH_ACCOUNTS,
  BENCH_KNOBS,
  BENCH_REGION,
  BENCH_TIME_SCALE
} from './scenario.js'

const PER_VPC = Number(process.env.BENCH_SCOPES_PER_VPC ?? 20)
const TIME_SCALE = BENCH_TIME_SCALE
const KNOBS = BENCH_KNOBS

const hex = (vpc: number, i: number): string => `${vpc}${i.toString(16).padStart(16, '0')}`
/** The one dev → prod leak (tcp/5432 through a peering connection): both proofs must find it. */
const LEAK = { from: `i-${hex(1, 3)}`, to: `i-${hex(2, 7)}` }

/** Two VPCs of one account and Region, dev and prod, `perVpc` tagged instances each, and one leak. */
export function devProdBenchScenario(perVpc: number): ScenarioFile {
  const instances = [1, 2].flatMap(vpc =>
    Array.from({ length: perVpc }, (_, i) => ({
      id: `i-${hex(vpc, i)}`,
      name: `${vpc === 1 ? 'dev' : 'prod'}-${i}`,
      tags: { Env: vpc === 1 ? 'dev' : 'prod' },
      vpcId: `vpc-0${vpc}00000000000001`,
      subnetId: `subnet-0${vpc}00000000000001`,
      privateIp: `10.${vpc}.${Math.floor(i / 250)}.${(i % 250) + 4}`,
      securityGroups: [`sg-0${vpc}00000000000001`],
      primaryNetworkInterfaceId: `eni-${hex(vpc, i)}`
    }))
  )
  return {
    name: `bench dev/prod ${perVpc} x ${perVpc}`,
    seed: 13,
    accounts: BENCH_ACCOUNTS,
    resources: {
      [BENCH_ACCOUNT]: {
        [BENCH_REGION]: {
          vpcs: [
            { id: 'vpc-0100000000000001', name: 'dev', tags: { Env: 'dev' } },
            { id: 'vpc-0200000000000001', name: 'prod', tags: { Env: 'prod' } }
          ],
          subnets: [
            { id: 'subnet-0100000000000001', vpcId: 'vpc-0100000000000001', tags: { Env: 'dev' } },
            { id: 'subnet-0200000000000001', vpcId: 'vpc-0200000000000001', tags: { Env: 'prod' } }
          ],
          instances
        }
      }
    },
    reachability: [
      {
        source: LEAK.from,
        destination: LEAK.to,
        protocol: 'tcp',
        port: 5432,
        paths: [{ forward: [LEAK.from, 'pcx-0123456789abcdef0', LEAK.to] }]
      }
    ]
  } as unknown as ScenarioFile
}

/** The same assertion, proved with a scope or pairwise. */
export function devProdConfigYaml(prove: 'scope' | 'pairs'): string {
  return [
    'version: 1',
    `defaults: { region: ${BENCH_REGION} }`,
    'accounts:',
    `  ${BENCH_ACCOUNT}: { account_id: '${BENCH_ACCOUNT_ID}', regions: [${BENCH_REGION}] }`,
    'assertions:',
    '  - id: dev-never-reaches-prod',
    '    type: deny',
    `    prove: ${prove}`,
    '    protocol: tcp',
    `    source: { account: ${BENCH_ACCOUNT}, selector: { match: each, vpc: { tags: { Env: dev } } } }`,
    `    destination: { account: ${BENCH_ACCOUNT}, selector: { match: each, vpc: { tags: { Env: prod } } } }`,
    ''
  ].join('\n')
}

export interface ScopeBenchRow {
  prove: 'scope' | 'pairs'
  /** Analyses the sandbox started: Network Access Analyzer (scope) and Reachability Analyzer (pairs). */
  scopeAnalyses: number
  pairAnalyses: number
  pathsCreated: number
  scopesCreated: number
  /** The run's own count (RunReport.analysesStarted), what max-analyses and the cost estimate see. */
  reportedAnalyses: number
  estimatedCostUsd: number
  wallMs: number
  verdict: string
}

async function proveOnce(prove: 'scope' | 'pairs'): Promise<ScopeBenchRow> {
  const sandbox = await startSandbox(devProdBenchScenario(PER_VPC), { knobs: KNOBS })
  try {
    const config = parseConfig(devProdConfigYaml(prove), `bench-scopes-${prove}.yaml`)
    // The SDK reads endpoints and static keys from process.env when a client is created.
    Object.assign(process.env, sandbox.env, sandbox.staticCredentialsEnv(BENCH_ACCOUNT))
    const perScaled = (rate: number) => rate / TIME_SCALE
    const clients = createClientProvider(config, {
      mode: 'cli',
      sessionName: `bench-scopes-${prove}`,
      baseRegion: BENCH_REGION,
      env: process.env,
      ec2RateLimits: {
        mutating: {
          ...EC2_RATE_LIMITS.mutating,
          refillPerSecond: perScaled(EC2_RATE_LIMITS.mutating.refillPerSecond)
        },
        nonMutating: {
          ...EC2_RATE_LIMITS.nonMutating,
          refillPerSecond: perScaled(EC2_RATE_LIMITS.nonMutating.refillPerSecond)
        }
      }
    })
    const scaled = (ms: number): number => Math.max(1, Math.round(ms * TIME_SCALE))
    const first = sandbox.requests.length
    const started = performance.now()
    let report: RunReport
    try {
      report = await runPipeline(config, clients, {
        runId: `bench-scopes-${prove}`,
        concurrency: 100,
        timeoutSeconds: 600,
        cleanup: 'keep-paths',
        pollInitialMs: scaled(1000),
        pollMaxMs: scaled(DEFAULT_POLL_MAX_MS)
      })
    } finally {
      clients.close()
    }
    const wallMs = performance.now() - started
    const seen = sandbox.requests.slice(first).filter(r => r.status >= 200 && r.status < 300)
    const count = (action: string) => seen.filter(r => r.action === action).length
    const [result] = report.results
    return {
      prove,
      scopeAnalyses: count('StartNetworkInsightsAccessScopeAnalysis'),
      pairAnalyses: count('StartNetworkInsightsAnalysis'),
      pathsCreated: count('CreateNetworkInsightsPath'),
      scopesCreated: count('CreateNetworkInsightsAccessScope'),
      reportedAnalyses: report.analysesStarted,
      estimatedCostUsd: report.estimatedCostUsd,
      wallMs,
      verdict: `${result.verdict.status}: ${result.verdict.reason}`
    }
  } finally {
    await sandbox.close()
  }
}

export async function measureScopesBench(): Promise<ScopeBenchRow[]> {
  return [await proveOnce('scope'), await proveOnce('pairs')]
}

export function printScopesBench(rows: ScopeBenchRow[]): void {
  const header = [
    'prove',
    'NAA analyses',
    'RA analyses',
    'run counted',
    'est. USD',
    'scopes',
    'paths',
    'wall ms',
    'wall s*'
  ]
  const cells = rows.map(r => [
    r.prove,
    `${r.scopeAnalyses}`,
    `${r.pairAnalyses}`,
    `${r.reportedAnalyses}`,
    r.estimatedCostUsd.toFixed(2),
    `${r.scopesCreated}`,
    `${r.pathsCreated}`,
    `${Math.round(r.wallMs)}`,
    (r.wallMs / TIME_SCALE / 1000).toFixed(1)
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map(c => c[i].length)))
  const line = (c: string[]) => c.map((x, i) => x.padStart(widths[i])).join('  ')
  console.log(
    `\nIssue 13: "dev VPC never reaches prod VPC", ${PER_VPC} x ${PER_VPC} instances, one account and Region, one leak (timeScale ${TIME_SCALE}, 30 s analyses scaled)`
  )
  console.log(line(header))
  console.log(widths.map(w => '-'.repeat(w)).join('  '))
  for (const c of cells) console.log(line(c))
  for (const r of rows) console.log(`  ${r.prove}: ${r.verdict.slice(0, 160)}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  measureScopesBench().then(
    rows => {
      printScopesBench(rows)
      process.exit(0)
    },
    (error: unknown) => {
      console.error(
        `bench:scopes failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
      )
      process.exit(1)
    }
  )
}
