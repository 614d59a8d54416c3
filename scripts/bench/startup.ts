// `npm run bench:startup` (also the last part of `npm run bench`): what a user waits for before any AWS call,
// and the numbers the test suite no longer asserts (they flake on a busy machine):
//   - cold start: `node -e 0` (Node itself), `node dist/index.js` with no inputs (the action reports its
//     missing input and exits before loading the pipeline), the post step with nothing to clean up (loads
//     all of the action's code), `node bin/network-preflight.js --version`; median of BENCH_STARTUP_RUNS (15)
//   - dist/: total size and the biggest files
//   - the config loader on the hardening corpus (in process) and on the 10,000-assertion config in a child
//     process with a 256 MB heap (time, heap left, peak resident memory)
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { bytesOf, generateCorpus } from '../../__tests__/hardening/corpus.js'
import { loadInChild } from '../../__tests__/hardening/isolated.js'
import { loadConfigBytes } from '../../src/config/load.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 15)

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function timeSpawn(args: string[], env: Record<string, string> = {}, node = process.execPath): number[] {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    const child = spawnSync(node, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: 'ignore',
      timeout: 60_000
    })
    times.push(performance.now() - started)
    if (child.error) throw child.error
  }
  return times
}

function filesUnder(dir: string): Array<{ file: string; bytes: number }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory()
      ? filesUnder(join(dir, e.name))
      : [{ file: join(dir, e.name), bytes: statSync(join(dir, e.name)).size }]
  )
}

export interface StartupResult {
  rows: string[][]
  startupMedianMs: number
  distBytes: number
}

const ms = (x: number): string => `${Math.round(x)}`
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(2)

export async function measureStartup(): Promise<StartupResult> {
  const nodeOnly = timeSpawn(['-e', '0'])
  const action = timeSpawn(['dist/index.js'])
  // A post step with nothing saved: loads the whole action (pipeline, AWS SDK, Octokit), finds nothing to do.
  const post = timeSpawn(['dist/index.js'], { STATE_isPost: 'true' })
  const cli = timeSpawn(['bin/network-preflight.js', '--version'])
  const dist = filesUnder(join(ROOT, 'dist')).sort((a, b) => b.bytes - a.bytes)
  const distBytes = dist.reduce((n, f) => n + f.bytes, 0)

  const corpus = generateCorpus()
  const inProcess = corpus.filter(c => !c.isolate)
  const started = performance.now()
  for (const c of inProcess) loadConfigBytes(bytesOf(c), 'preflight.yaml')
  const corpusMs = performance.now() - started
  const big = corpus.find(c => c.name === '10,000 assertions')!
  const child = await loadInChild(bytesOf(big))

  const rows: string[][] = [
    ['node -e 0', ms(median(nodeOnly)), nodeOnly.map(ms).join(' ')],
    ['node dist/index.js (no inputs)', ms(median(action)), action.map(ms).join(' ')],
    ['node dist/index.js (post step, all code loaded)', ms(median(post)), post.map(ms).join(' ')],
    ['node bin/network-preflight.js --version', ms(median(cli)), cli.map(ms).join(' ')],
    [
      `dist/ total (${dist.length} files)`,
      `${mb(distBytes)} MB`,
      dist
        .slice(0, 4)
        .map(f => `${f.file.slice(ROOT.length)} ${mb(f.bytes)} MB`)
        .join(', ')
    ],
    [`loader, hardening corpus in process (${inProcess.length} configs)`, ms(corpusMs), ''],
    child.completed
      ? [
          'loader, 10,000 assertions in a 256 MB child',
          ms(child.ms),
          `heap left ${child.heapDeltaMb.toFixed(0)} MB, peak resident +${child.peakRssDeltaMb.toFixed(0)} MB`
        ]
      : ['loader, 10,000 assertions in a 256 MB child', 'did not complete', child.stderrTail.slice(-200)]
  ]
  return { rows, startupMedianMs: median(action), distBytes }
}

export function printStartup(result: StartupResult): void {
  const header = ['what', 'median ms / size', 'all runs']
  const widths = header.map((h, i) => Math.max(h.length, ...result.rows.map(r => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c : c.padEnd(widths[i]))).join('  ')
  console.log(`\nStartup, bundle and loader (real time, ${RUNS} runs, Node ${process.version})`)
  console.log(line(header))
  console.log(widths.map(w => '-'.repeat(Math.min(w, 40))).join('  '))
  for (const row of result.rows) console.log(line(row))
  const startupOk = result.startupMedianMs <= 300
  const sizeOk = result.distBytes <= 6 * 2 ** 20
  console.log(
    `targets: cold start ≤ 300 ms median: ${startupOk ? 'met' : 'MISSED'}; dist/ ≤ 6 MB: ${sizeOk ? 'met' : 'MISSED'}`
  )
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  measureStartup().then(printStartup, (error: unknown) => {
    console.error(
      `bench:startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    )
    process.exit(1)
  })
}
