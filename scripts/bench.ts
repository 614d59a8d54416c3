// `npm run bench`: issue 5's benchmark. Runs the engine in-process against the local sandbox (never AWS)
// with realistic analysis times (AWS: tens of seconds) compressed by `timeScale`; token buckets refill and
// poll intervals shrink by the same factor, so "scaled seconds" (wall / timeScale) read as AWS seconds.
//
//   npm run bench                       # N = 10, 50, 200; sequential measured for 10 and 50
//   BENCH_SEQUENTIAL_200=1 npm run bench   # also measure sequential at N = 200 (~2 more minutes)
//   BENCH_SIZES=10 npm run bench        # a quick smoke run
//   npm run bench:startup               # only cold start, dist/ size and the loader (scripts/bench/startup.ts)
//   npm run bench:scopes                # only issue 13: one scope analysis against 400 pairwise (scripts/bench/scopes.ts)
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { DEFAULT_KNOBS } from '../sandbox/scenario.js'
import { startSandbox } from '../sandbox/server.js'
import { loadConfigText } from '../src/config/load.js'
import {
  measureRun,
  PACING,
  parseConfig,
  recordAnalysisDurations,
  type RunMeasurement
} from './bench/measure.js'
import { BENCH_KNOBS, BENCH_TIME_SCALE, benchConfigYaml, benchScenario } from './bench/scenario.js'
import {
  FANOUT_BASE_ACCOUNT,
  fanoutConfigYaml,
  fanoutScenario,
  recordDurationsByAccount
} from './bench/fanout.js'
import { printGlobBench } from './bench/glob.js'
import { measureStartup, printStartup } from './bench/startup.js'
import { printPlanBench } from './bench/plan.js'
import { expectedFloor, idealMakespan } from './bench/floor.js'
import { measureScopesBench, printScopesBench } from './bench/scopes.js'

const TIME_SCALE = BENCH_TIME_SCALE
const KNOBS = BENCH_KNOBS
const { burst: MUTATING_BURST, refillPerSecond: MUTATING_REFILL } = DEFAULT_KNOBS.throttling.mutating
const SIZES = (process.env.BENCH_SIZES ?? '10,50,200').split(',').map(Number)
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '100').split(',').map(Number)
const SEQUENTIAL_LIMIT = process.env.BENCH_SEQUENTIAL_200
  ? Infinity
  : process.env.BENCH_SEQUENTIAL === '0'
    ? 0
    : 50

const scaledSeconds = (ms: number): number => ms / TIME_SCALE / 1000
const fmtMs = (ms: number): string => `${Math.round(ms)}`
const fmtS = (ms: number): string => scaledSeconds(ms).toFixed(1)
const perAssertion = (calls: number, n: number): string => (calls / n).toFixed(2)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED')

function table(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ')
  console.log(`\n${title}`)
  console.log(line(header))
  console.log(widths.map(w => '-'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
}

/** Minimum wall time the mutating token bucket allows for this many calls: (calls − burst) / refill, scaled. */
const bucketMinimumMs = (mutatingCalls: number): number =>
  (Math.max(0, mutatingCalls - MUTATING_BURST) / MUTATING_REFILL) * 1000 * TIME_SCALE

interface SizeResult {
  n: number
  concurrency: number
  first: RunMeasurement
  second: RunMeasurement
}

async function concurrentPair(n: number, concurrency: number, timeScale = TIME_SCALE): Promise<SizeResult> {
  const sandbox = await startSandbox(benchScenario(n), { knobs: { ...KNOBS, timeScale } })
  try {
    const durations = recordAnalysisDurations(sandbox)
    const config = parseConfig(benchConfigYaml(n), `bench-${n}.yaml`)
    const base = { mode: 'concurrent' as const, concurrency, timeScale }
    const first = await measureRun(sandbox, config, durations, {
      ...base,
      runId: `bench-${n}-c${concurrency}-1`
    })
    const second = await measureRun(sandbox, config, durations, {
      ...base,
      runId: `bench-${n}-c${concurrency}-2`
    })
    return { n, concurrency, first, second }
  } finally {
    await sandbox.close()
  }
}

async function sequentialRun(n: number): Promise<RunMeasurement> {
  const sandbox = await startSandbox(benchScenario(n), { knobs: KNOBS })
  try {
    const durations = recordAnalysisDurations(sandbox)
    const config = parseConfig(benchConfigYaml(n), `bench-${n}.yaml`)
    return await measureRun(sandbox, config, durations, {
      mode: 'sequential',
      concurrency: 1,
      timeScale: TIME_SCALE,
      runId: `bench-${n}-seq`
    })
  } finally {
    await sandbox.close()
  }
}

function validationMs(assertions: number): number[] {
  const yaml = benchConfigYaml(assertions)
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    const loaded = loadConfigText(yaml, `bench-${assertions}.yaml`)
    times.push(performance.now() - started)
    if (!loaded.ok) throw new Error(`the generated ${assertions}-assertion config is invalid`)
  }
  return times
}

function warnFailures(label: string, m: RunMeasurement): void {
  if (m.notPassed > 0)
    console.log(`  ! ${label}: ${m.notPassed} assertions did not pass: ${m.firstMessages.join(' | ')}`)
}

async function main(): Promise<void> {
  const benchStarted = performance.now()
  console.log(
    `network-preflight benchmark against the local sandbox (not AWS); timeScale ${TIME_SCALE}: ` +
      `analyses ${KNOBS.analysisSeconds} s ±${(KNOBS.analysisJitter ?? 0) * 100}% scaled, ` +
      `mutating bucket ${MUTATING_BURST} + ${MUTATING_REFILL}/s scaled; "s*" = scaled seconds (wall / timeScale)`
  )
  // Every number below is real time on this machine: a busy machine inflates them all (see docs/benchmarks.md).
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')} (1/5/15 min) at the start; Node ${process.version}`
  )

  const pairs: SizeResult[] = []
  const sequential = new Map<number, RunMeasurement>()
  for (const n of SIZES) {
    for (const c of CONCURRENCIES) {
      const result = await concurrentPair(n, c)
      warnFailures(`N=${n} c=${c} first`, result.first)
      warnFailures(`N=${n} c=${c} second`, result.second)
      pairs.push(result)
      process.stderr.write(`  measured N=${n} concurrency ${c}\n`)
    }
    if (n <= SEQUENTIAL_LIMIT) {
      const seq = await sequentialRun(n)
      warnFailures(`N=${n} sequential`, seq)
      sequential.set(n, seq)
      process.stderr.write(`  measured N=${n} sequential\n`)
    }
  }

  table(
    'First run (cold: no tagged paths yet), cleanup keep-paths',
    [
      'N',
      'conc',
      'wall ms',
      'wall s*',
      'slowest s*',
      'mut/assert',
      'mut tries',
      'non-mut/assert',
      'paths',
      'throttled',
      'thr. errors',
      'not passed'
    ],
    pairs.map(({ n, concurrency, first: m }) => [
      `${n}`,
      `${concurrency}`,
      fmtMs(m.wallMs),
      fmtS(m.wallMs),
      fmtS(m.slowestAnalysisMs),
      perAssertion(m.mutatingCalls, n),
      `${m.mutatingAttempts}`,
      perAssertion(m.nonMutatingCalls, n),
      `${m.pathsCreated}`,
      `${m.throttled}`,
      `${m.throttleErrors}`,
      `${m.notPassed}`
    ])
  )

  table(
    'Second run (same sandbox: tagged paths reused). Targets: 0 paths, <= 2 mutating/assertion, wall <= 1.2x slowest',
    [
      'N',
      'conc',
      'wall ms',
      'wall s*',
      'slowest s*',
      'wall/slowest',
      'mut/assert',
      'paths',
      'throttled',
      'targets'
    ],
    pairs.map(({ n, concurrency, second: m }) => {
      const ratio = m.wallMs / m.slowestAnalysisMs
      const mut = m.mutatingCalls / n
      return [
        `${n}`,
        `${concurrency}`,
        fmtMs(m.wallMs),
        fmtS(m.wallMs),
        fmtS(m.slowestAnalysisMs),
        ratio.toFixed(2),
        mut.toFixed(2),
        `${m.pathsCreated}`,
        `${m.throttled}`,
        `paths ${mark(m.pathsCreated === 0)}, mut ${mark(mut <= 2)}, ` +
          // Issue 5 sets the 1.2× wall target at N=50; at N=200 the mutating bucket bounds the run (table below).
          (n === 50 ? `wall ${mark(ratio <= 1.2)}` : 'wall -')
      ]
    })
  )

  // Sequential per-assertion time is flat (one analysis after another), so N=200 extrapolates linearly.
  const perAssertionSeq = [...sequential.values()].map(m => m.wallMs / m.assertions)
  const seqRows = SIZES.flatMap(n => {
    const seq = sequential.get(n)
    if (!seq && perAssertionSeq.length === 0) return []
    const seqMs = seq ? seq.wallMs : median(perAssertionSeq) * n
    const ratios = CONCURRENCIES.map(c => {
      const pair = pairs.find(p => p.n === n && p.concurrency === c)!
      const ratio = seqMs / pair.first.wallMs
      const target = n === 50 ? ` (>=25x ${mark(ratio >= 25)})` : ''
      return `${ratio.toFixed(1)}x / ${(seqMs / pair.second.wallMs).toFixed(1)}x${target}`
    })
    return [
      [
        `${n}`,
        seq ? 'measured' : 'extrapolated',
        fmtMs(seqMs),
        fmtS(seqMs),
        seq ? perAssertion(seq.mutatingCalls, n) : '-',
        seq ? `${seq.throttled}` : '-',
        ...ratios
      ]
    ]
  })
  table(
    'Sequential (anp: one analysis at a time, 1 s* polls, create + delete a path each); seq / concurrent first / second run',
    [
      'N',
      'how',
      'wall ms',
      'wall s*',
      'mut/assert',
      'throttled',
      ...CONCURRENCIES.map(c => `ratio vs conc ${c}`)
    ],
    seqRows
  )

  table(
    'Mutating token bucket bound (min wall = (mutating calls - 50 burst) / 5 per s*). Target: wall <= 1.5x bound at N=200',
    ['N', 'conc', 'run', 'mutating', 'bound s*', 'slowest s*', 'wall s*', 'wall/bound', 'target'],
    pairs.flatMap(({ n, concurrency, first, second }) =>
      [
        ['first', first],
        ['second', second]
      ].map(([label, m]) => {
        const run = m as RunMeasurement
        const bound = bucketMinimumMs(run.mutatingCalls)
        const ratio = bound > 0 ? run.wallMs / bound : Infinity
        return [
          `${n}`,
          `${concurrency}`,
          label as string,
          `${run.mutatingCalls}`,
          fmtS(bound),
          fmtS(run.slowestAnalysisMs),
          fmtS(run.wallMs),
          bound > 0 ? ratio.toFixed(2) : '-',
          n === 200 ? mark(ratio <= 1.5) : '-'
        ]
      })
    )
  )

  // The SDK's retry backoff (100 ms base, adaptive rate limiter) runs in real time, not scaled time, so at
  // timeScale 0.02 every throttled call waits ~50x longer than it would against AWS. The bucket check is
  // repeated at a 5x gentler compression, where that distortion is 5x smaller.
  const CHECK_SCALE = 0.1
  if (!process.env.BENCH_SKIP_CHECK && SIZES.includes(200) && TIME_SCALE < CHECK_SCALE) {
    const check = await concurrentPair(200, 100, CHECK_SCALE)
    process.stderr.write(`  measured N=200 concurrency 100 at timeScale ${CHECK_SCALE}\n`)
    const s = (ms: number): string => (ms / CHECK_SCALE / 1000).toFixed(1)
    table(
      `Bucket check repeated at timeScale ${CHECK_SCALE} (N=200, concurrency 100; less SDK-backoff distortion)`,
      [
        'run',
        'wall ms',
        'wall s*',
        'mutating',
        'throttled',
        'bound s*',
        'slowest s*',
        'wall/bound',
        'wall/slowest',
        'not passed'
      ],
      (
        [
          ['first', check.first],
          ['second', check.second]
        ] as Array<[string, RunMeasurement]>
      ).map(([label, m]) => {
        const bound = (Math.max(0, m.mutatingCalls - MUTATING_BURST) / MUTATING_REFILL) * 1000 * CHECK_SCALE
        return [
          label,
          fmtMs(m.wallMs),
          s(m.wallMs),
          `${m.mutatingCalls}`,
          `${m.throttled}`,
          s(bound),
          s(m.slowestAnalysisMs),
          (m.wallMs / bound).toFixed(2),
          (m.wallMs / m.slowestAnalysisMs).toFixed(2),
          `${m.notPassed}`
        ]
      })
    )
  }

  // Issue 12: the better of two lower bounds for a cold run. The mutating bucket, counting only path creations
  // and starts (deletes are deferred off the critical path), plus the shortest analysis (the last start still
  // has to run); or AWS's 100 concurrent analyses, in waves of the slowest analysis.
  const coldBound = (creates: number, starts: number, n: number, slowestMs: number, fastestMs: number) => {
    const bucket = bucketMinimumMs(creates + starts) + fastestMs
    const waves = Math.ceil(n / 100) * slowestMs
    return { bucket, waves, better: Math.max(bucket, waves) }
  }
  // The floor: the ideal schedule (scripts/bench/floor.ts) at AWS's own bucket and at the engine's pacing.
  // Its expected value over random durations, and its value for this run's durations in their start order.
  const awsBucket = { burst: MUTATING_BURST, refillPerSecond: MUTATING_REFILL }
  const pacedBucket = {
    burst: PACING.mutating.burst,
    refillPerSecond: PACING.mutating.refillPerSecond
  }
  const pacedShare = `${Math.round((pacedBucket.refillPerSecond / MUTATING_REFILL) * 100)}%`
  const floors = (n: number, durationsMs: number[], createsPaths: boolean) => {
    const base = { createsPaths, concurrency: 100 }
    const sStar = durationsMs.map(ms => scaledSeconds(ms))
    return {
      aws: expectedFloor(n, KNOBS.analysisSeconds ?? 30, KNOBS.analysisJitter ?? 0, {
        ...base,
        bucket: awsBucket
      }),
      paced: expectedFloor(n, KNOBS.analysisSeconds ?? 30, KNOBS.analysisJitter ?? 0, {
        ...base,
        bucket: pacedBucket
      }),
      thisRun: idealMakespan({ ...base, bucket: awsBucket, durations: sStar })
    }
  }
  const range = (f: { mean: number; p10: number; p90: number }) =>
    `${f.mean.toFixed(1)} (${f.p10.toFixed(1)}-${f.p90.toFixed(1)})`
  table(
    'Issue 12: first runs against the better bound (creates+starts through the bucket + shortest analysis, or waves of 100 x slowest) ' +
      `and the floor (ideal schedule: mean (p10-p90) over random durations, at AWS's bucket and at our ${pacedShare} pacing; ` +
      "and at AWS's bucket with this run's durations). wall = start to the last verdict; cleanup = verdicts to the last delete. Target at N=200: wall <= 1.15x better",
    [
      'N',
      'creates',
      'starts',
      'bucket s*',
      'waves s*',
      'better s*',
      'floor@aws s*',
      `floor@${pacedShare} s*`,
      'this run floor s*',
      'wall s*',
      'wall/better',
      'wall/floor',
      'cleanup s*',
      'throttled',
      'target'
    ],
    pairs.map(({ n, first: m }) => {
      const b = coldBound(m.pathsCreated, m.analysesStarted, n, m.slowestAnalysisMs, m.fastestAnalysisMs)
      const f = floors(n, m.durations, m.pathsCreated > 0)
      return [
        `${n}`,
        `${m.pathsCreated}`,
        `${m.analysesStarted}`,
        fmtS(b.bucket),
        fmtS(b.waves),
        fmtS(b.better),
        range(f.aws),
        range(f.paced),
        f.thisRun.toFixed(1),
        fmtS(m.wallMs),
        (m.wallMs / b.better).toFixed(2),
        (scaledSeconds(m.wallMs) / f.thisRun).toFixed(2),
        fmtS(m.cleanupTailMs),
        `${m.throttled}`,
        n === 200 ? mark(m.wallMs <= 1.15 * b.better) : '-'
      ]
    })
  )

  if (process.env.BENCH_FANOUT !== '0') {
    const accounts = Number(process.env.BENCH_FANOUT_ACCOUNTS ?? 5)
    const perAccount = Number(process.env.BENCH_FANOUT_PER_ACCOUNT ?? 200)
    // One Node process runs the sandbox and five accounts' clients: at timeScale 0.1 it needs more CPU than the
    // run's floor lasts in real time (measured: ~9 s of CPU for 500 analyses against a 6.9 s floor), so the
    // fan-out would measure this machine's CPU, not the engine. It runs 5x less compressed by default.
    const fanScale = Number(process.env.BENCH_FANOUT_TIME_SCALE ?? 0.5)
    const fanS = (ms: number): string => (ms / fanScale / 1000).toFixed(1)
    const sandbox = await startSandbox(fanoutScenario(accounts, perAccount), {
      knobs: { ...KNOBS, timeScale: fanScale }
    })
    try {
      const byAccount = recordDurationsByAccount(sandbox)
      const durations = recordAnalysisDurations(sandbox)
      const config = parseConfig(fanoutConfigYaml(accounts, perAccount), 'bench-fanout.yaml')
      const cpuBefore = process.cpuUsage()
      const m = await measureRun(sandbox, config, durations, {
        mode: 'concurrent',
        concurrency: 100,
        timeScale: fanScale,
        runId: 'bench-fanout-1',
        credentialsAccount: FANOUT_BASE_ACCOUNT
      })
      const cpu = process.cpuUsage(cpuBefore)
      warnFailures('fan-out', m)
      const lists = [...byAccount.values()]
      // Bounds in scaled seconds (this run's own time scale), then back to real ms at the bench's for fmtS.
      const toBench = (ms: number) => (ms / fanScale) * TIME_SCALE
      const perAccountBounds = lists.map(list =>
        coldBound(
          list.length,
          list.length,
          list.length,
          toBench(Math.max(...list)),
          toBench(Math.min(...list))
        )
      )
      const slowest = Math.max(...perAccountBounds.map(b => b.better))
      const accountFloor = Math.max(
        ...lists.map(list => floors(list.length, list.map(toBench), true).thisRun)
      )
      const f = floors(perAccount, [], true)
      const throttledByAccount = new Map<string, number>()
      for (const r of sandbox.requests) {
        if (r.service === 'ec2' && r.errorCode === 'RequestLimitExceeded')
          throttledByAccount.set(r.account ?? '?', (throttledByAccount.get(r.account ?? '?') ?? 0) + 1)
      }
      table(
        `Issue 12 fan-out: N=${accounts * perAccount} analyses over ${accounts} accounts (one match: each assertion per account), first run, timeScale ${fanScale}; ` +
          `process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s in ${(m.wallMs / 1000).toFixed(1)} s real. ` +
          "Floors as above, per account (the run's floor is the slowest account's). Target: wall <= 1.2x the slowest account's bound",
        [
          'N',
          'accounts',
          'started',
          'paths',
          'throttled',
          'not passed',
          'slowest account bound s*',
          'floor@aws s*',
          `floor@${pacedShare} s*`,
          'this run floor s*',
          'wall s*',
          'wall/bound',
          'wall/floor',
          'cleanup s*',
          'target'
        ],
        [
          [
            `${accounts * perAccount}`,
            `${accounts}`,
            `${m.analysesStarted}`,
            `${m.pathsCreated}`,
            `${m.throttled}${throttledByAccount.size > 0 ? ` (${[...throttledByAccount.values()].join('/')})` : ''}`,
            `${m.notPassed}`,
            fmtS(slowest),
            range(f.aws),
            range(f.paced),
            accountFloor.toFixed(1),
            fanS(m.wallMs),
            (toBench(m.wallMs) / slowest).toFixed(2),
            (m.wallMs / fanScale / 1000 / accountFloor).toFixed(2),
            fanS(m.cleanupTailMs),
            mark(toBench(m.wallMs) <= 1.2 * slowest)
          ]
        ]
      )
    } finally {
      await sandbox.close()
    }
  }

  // BENCH_EXTRAS=0 skips validation, start-up, glob and plan benches (engine runs only, for development).
  if (process.env.BENCH_EXTRAS !== '0') {
    const validation = validationMs(1000)
    table(
      'Validation (real ms, median of 5)',
      ['what', 'median ms', 'all runs ms'],
      [['loadConfigText, 1,000 assertions', fmtMs(median(validation)), validation.map(fmtMs).join(' ')]]
    )
    printStartup(await measureStartup())
    printGlobBench()
    await printPlanBench()
  }
  if (process.env.BENCH_SCOPES !== '0') printScopesBench(await measureScopesBench())
  console.log(
    `\nbench finished in ${((performance.now() - benchStarted) / 1000).toFixed(1)} s (real); load average now ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}`
  )
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(1)
  }
)
