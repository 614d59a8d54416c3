// Every broken or hostile config in the generated corpus must be refused the same way: ok: false, at least
// one problem, each at a line and column that exist in the file, with a message a person can act on.
// Cases about memory run in a child process whose heap is capped at 256 MB: completing there is the bound
// (an alias bomb or a runaway loader dies of it). No wall-clock or heap-size assertion: they flake on a busy
// machine. Time and memory are measured by `npm run bench:startup` (scripts/bench/startup.ts) instead.
import { loadConfigBytes } from '../../src/config/load.js'
import { bytesOf, generateCorpus, type Family, type HostileCase } from './corpus.js'
import { refusalDefects } from './invariants.js'
import { CHILD_HEAP_MB, loadInChild } from './isolated.js'
import { pooled } from './samples.js'

const FILE = 'preflight.yaml'
// A hang detector only: the biggest case (10,000 assertions) loads in about 1 s with tsx's start-up included.
const CHILD_HANG_MS = 120_000

interface Outcome {
  case: HostileCase
  defects: string[]
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
  try {
    const result = loadConfigBytes(bytes, FILE)
    const defects = refusalDefects(result, bytes, expectationsOf(c))
    if (!result.ok)
      defects.push(
        ...forbiddenDefects(
          c,
          result.problems.map(p => p.message)
        )
      )
    return { case: c, defects }
  } catch (err) {
    const stack =
      err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 3).join(' | ') : String(err)
    return { case: c, defects: [`threw instead of returning problems: ${stack}`] }
  }
}

async function runIsolated(c: HostileCase): Promise<Outcome> {
  const bytes = bytesOf(c)
  const outcome = await loadInChild(bytes, CHILD_HANG_MS)
  if (!outcome.completed) {
    const how = outcome.timedOut
      ? `hung (killed after ${CHILD_HANG_MS / 1000} s)`
      : `died (${outcome.signal ?? `exit code ${outcome.exitCode}`}) with a ${CHILD_HEAP_MB} MB heap`
    return { case: c, defects: [`the loader process ${how}: ${outcome.stderrTail.slice(-400)}`] }
  }
  const defects = refusalDefects(outcome.result, bytes, expectationsOf(c))
  if (!outcome.result.ok)
    defects.push(
      ...forbiddenDefects(
        c,
        outcome.result.problems.map(p => p.message)
      )
    )
  return { case: c, defects }
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

beforeAll(async () => {
  inProcess = corpus.filter(c => !c.isolate).map(runInProcess)
  isolated = await pooled(
    corpus.filter(c => c.isolate),
    2,
    runIsolated
  )
}, 600_000)

afterAll(() => {
  const all = [...inProcess, ...isolated]
  const rows = FAMILIES.map(f => {
    const of = all.filter(o => o.case.family === f)
    return `  ${f.padEnd(12)} ${String(of.filter(o => o.defects.length === 0).length).padStart(4)} held of ${String(of.length).padStart(4)}`
  })
  const held = all.filter(o => o.defects.length === 0).length
  console.log(
    [
      `hardening corpus: ${held} of ${all.length} broken configs held (${inProcess.length} in process, ${isolated.length} in a ${CHILD_HEAP_MB} MB child process)`,
      ...rows
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

  it.each(corpus.filter(c => c.isolate).map(c => c.name))('%s: refused within the 256 MB heap', name => {
    const outcome = isolated.find(o => o.case.name === name)!
    expect(outcome.defects).toEqual([])
  })
})
