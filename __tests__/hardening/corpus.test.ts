// Every broken or hostile config in the generated corpus must be refused the same way: ok: false, at least
// one problem, each at a line and column that exist in the file, with a message a person can act on, fast.
// Cases about memory run in a child process whose heap is capped at 256 MB: they must complete there (the
// hard bound) and leave at most 200 MB extra heap; the peak resident memory is printed for the record.
import { loadConfigBytes } from '../../src/config/load.js'
import { bytesOf, generateCorpus, type Family, type HostileCase } from './corpus.js'
import { refusalDefects } from './invariants.js'
import { CHILD_HEAP_MB, loadInChild } from './isolated.js'
import { pooled } from './samples.js'

const FILE = 'preflight.yaml'
const CASE_LIMIT_MS = 2000
// The memory cases are the biggest inputs (10,000 assertions take ~0.7 s alone) and run in child processes
// beside the rest of the suite, so their time is measured under contention: a looser bound, still seconds.
const MEMORY_CASE_LIMIT_MS = 5000
const CORPUS_LIMIT_MS = 20_000
const EXTRA_MEMORY_LIMIT_MB = 200

interface Outcome {
  case: HostileCase
  ms: number
  defects: string[]
  /** Child processes only: the peak resident memory above the start of the load. */
  peakRssDeltaMb?: number
}

function expectationsOf(c: HostileCase) {
  return { file: FILE, line: c.expectLine, message: c.expectMessage }
}

function forbiddenDefects(c: HostileCase, messages: string[]): string[] {
  const forbid = c.forbidMessage
  if (!forbid) return []
  return messages
    .filter(m => forbid.test(m))
    .map(m => `message matches ${forbid} (misleading): ${m.slice(0, 160)}`)
}

function runInProcess(c: HostileCase): Outcome {
  const bytes = bytesOf(c)
  const started = performance.now()
  try {
    const result = loadConfigBytes(bytes, FILE)
    const ms = performance.now() - started
    const defects = refusalDefects(result, bytes, expectationsOf(c))
    if (!result.ok)
      defects.push(
        ...forbiddenDefects(
          c,
          result.problems.map(p => p.message)
        )
      )
    if (ms > CASE_LIMIT_MS) defects.push(`took ${ms.toFixed(0)} ms (limit ${CASE_LIMIT_MS} ms)`)
    return { case: c, ms, defects }
  } catch (err) {
    const ms = performance.now() - started
    const stack =
      err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 3).join(' | ') : String(err)
    return { case: c, ms, defects: [`threw instead of returning problems: ${stack}`] }
  }
}

async function runIsolated(c: HostileCase): Promise<Outcome> {
  const bytes = bytesOf(c)
  const outcome = await loadInChild(bytes)
  if (!outcome.completed) {
    const how = outcome.timedOut
      ? 'did not finish in 15 s and was killed'
      : `died (${outcome.signal ?? `exit code ${outcome.exitCode}`}) with a ${CHILD_HEAP_MB} MB heap`
    return { case: c, ms: NaN, defects: [`the loader process ${how}: ${outcome.stderrTail.slice(-400)}`] }
  }
  const defects = refusalDefects(outcome.result, bytes, expectationsOf(c))
  if (!outcome.result.ok)
    defects.push(
      ...forbiddenDefects(
        c,
        outcome.result.problems.map(p => p.message)
      )
    )
  if (outcome.ms > MEMORY_CASE_LIMIT_MS)
    defects.push(`took ${outcome.ms.toFixed(0)} ms (limit ${MEMORY_CASE_LIMIT_MS} ms)`)
  if (outcome.heapDeltaMb > EXTRA_MEMORY_LIMIT_MB)
    defects.push(`left ${outcome.heapDeltaMb.toFixed(0)} MB extra heap (limit ${EXTRA_MEMORY_LIMIT_MB} MB)`)
  return { case: c, ms: outcome.ms, defects, peakRssDeltaMb: outcome.peakRssDeltaMb }
}

const corpus = generateCorpus()
const FAMILIES: Family[] = [
  'bad-value',
  'empty-value',
  'bad-key',
  'structure',
  'semantic',
  'yaml',
  'encoding',
  'size'
]
let inProcess: Outcome[] = []
let isolated: Outcome[] = []
let inProcessMs = 0

beforeAll(async () => {
  const started = performance.now()
  inProcess = corpus.filter(c => !c.isolate).map(runInProcess)
  inProcessMs = performance.now() - started
  isolated = await pooled(
    corpus.filter(c => c.isolate),
    2,
    runIsolated
  )
}, 120_000)

afterAll(() => {
  const all = [...inProcess, ...isolated]
  const rows = FAMILIES.map(f => {
    const of = all.filter(o => o.case.family === f)
    return `  ${f.padEnd(12)} ${String(of.filter(o => o.defects.length === 0).length).padStart(4)} held of ${String(of.length).padStart(4)}`
  })
  const held = all.filter(o => o.defects.length === 0).length
  const slowest = [...isolated].filter(o => !Number.isNaN(o.ms)).sort((a, b) => b.ms - a.ms)[0]
  console.log(
    [
      `hardening corpus: ${held} of ${all.length} broken configs held (${inProcess.length} in process in ${inProcessMs.toFixed(0)} ms, ${isolated.length} in a ${CHILD_HEAP_MB} MB child process)`,
      ...rows,
      `  memory cases: peak resident memory above the start of the load at most ${Math.max(0, ...isolated.map(o => o.peakRssDeltaMb ?? 0)).toFixed(0)} MB; slowest ${slowest ? `${slowest.ms.toFixed(0)} ms (${slowest.case.name})` : 'none'}`
    ].join('\n')
  )
})

const describeDefects = (outcomes: Outcome[]) =>
  outcomes
    .filter(o => o.defects.length > 0)
    .map(o => `${o.case.family} | ${o.case.name}: ${o.defects.join('; ')}`)

describe('the generated corpus', () => {
  it('holds at least 300 cases, deterministically, from every family', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300)
    for (const family of FAMILIES) expect(corpus.filter(c => c.family === family).length).toBeGreaterThan(0)
    const again = generateCorpus()
    expect(again.map(c => c.name)).toEqual(corpus.map(c => c.name))
    expect(Buffer.from(bytesOf(again[123])).equals(Buffer.from(bytesOf(corpus[123])))).toBe(true)
  })

  it('is loaded in process within the time bound', () => {
    expect(inProcessMs).toBeLessThan(CORPUS_LIMIT_MS)
  })
})

describe.each(FAMILIES)('%s cases', family => {
  it('are each refused with problems at real positions and clear messages', () => {
    expect(describeDefects(inProcess.filter(o => o.case.family === family))).toEqual([])
  })
})

describe('memory cases (child process, 256 MB heap)', () => {
  it('include the alias bombs and the 10,000-assertion config', () => {
    const names = isolated.map(o => o.case.name)
    expect(names).toEqual(expect.arrayContaining(['alias bomb at the root', '10,000 assertions']))
  })

  it.each(corpus.filter(c => c.isolate).map(c => c.name))('%s: refused within time and memory', name => {
    const outcome = isolated.find(o => o.case.name === name)!
    expect(outcome.defects).toEqual([])
  })
})
