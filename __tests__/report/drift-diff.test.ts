import { randomBytes } from 'node:crypto'
import {
  decodeDataBlock,
  diffRuns,
  driftMarker,
  encodeDataBlock,
  fitDataBlock,
  ISSUE_BODY_LIMIT_CHARS,
  renderDriftBody,
  renderDriftChanges,
  toDriftSnapshot,
  type DriftSnapshot
} from '../../src/report/drift.js'
import { toJsonReport } from '../../src/report/json.js'
import type { AssertionReport, RunReport } from '../../src/model.js'
import { hop, result, runReport } from './fixtures.js'
import { driftRun, type RunSpec } from './drift-fixtures/reports.js'
import { findingTo, sample, setResult } from './scope-fixtures.js'

const snapshot = (spec: RunSpec, runUrl?: string): DriftSnapshot =>
  toDriftSnapshot(toJsonReport(driftRun(spec)), { runUrl })

describe('toDriftSnapshot', () => {
  it('keeps status, actual outcome and, for reachable paths only, the hop component ids in order', () => {
    const snap = snapshot({ db: 'failed', api: 'error' }, 'https://github.com/acme/net/actions/runs/1')
    expect(snap.results).toEqual([
      {
        assertion_id: 'app-to-internet',
        status: 'passed',
        actual_outcome: 'reachable',
        forward_path: [
          'i-0123456789abcdef0',
          'eni-0123456789abcdef0',
          'sg-0123456789abcdef0',
          'rtb-0aaaa1111bbbb2222',
          'vpce-0fw11112222333344',
          'nat-0aaa',
          'igw-0abcdef0123456789'
        ]
      },
      { assertion_id: 'app-to-db', status: 'failed', actual_outcome: 'not_reachable', forward_path: null },
      { assertion_id: 'web-to-api', status: 'error', actual_outcome: 'unknown', forward_path: null },
      {
        assertion_id: 'no-ssh-from-internet',
        status: 'passed',
        actual_outcome: 'not_reachable',
        forward_path: null
      }
    ])
    expect(snap.drifting_since).toBe('2026-03-15T14:31:42.000Z')
    expect(snap.drifting_since_run_url).toBe('https://github.com/acme/net/actions/runs/1')
  })

  it('carries over when the drift started', () => {
    const snap = toDriftSnapshot(toJsonReport(driftRun()), {
      runUrl: 'https://github.com/acme/net/actions/runs/9',
      driftingSince: '2026-03-01T00:17:00.000Z',
      driftingSinceRunUrl: 'https://github.com/acme/net/actions/runs/1'
    })
    expect(snap).toMatchObject({
      run_url: 'https://github.com/acme/net/actions/runs/9',
      drifting_since: '2026-03-01T00:17:00.000Z',
      drifting_since_run_url: 'https://github.com/acme/net/actions/runs/1'
    })
  })
})

describe('diffRuns and renderDriftChanges', () => {
  it('reports a NAT gateway replaced on a path that is still reachable, exactly', () => {
    const diff = diffRuns(snapshot({ nat: 'nat-0aaa' }), snapshot({ nat: 'nat-0bbb' }))
    expect(diff).toEqual({
      statusChanges: [],
      pathChanges: [{ assertionId: 'app-to-internet', removed: ['nat-0aaa'], added: ['nat-0bbb'] }],
      violationChanges: [],
      failingSetChanged: false
    })
    expect(renderDriftChanges(diff)).toBe(
      [
        '**Forward-path changes** (still reachable, through different components)',
        '',
        '- 🔀 **app-to-internet**: hops removed: `nat-0aaa`; hops added: `nat-0bbb`'
      ].join('\n')
    )
  })

  it('reports an inspection firewall no longer on the path, exactly', () => {
    const diff = diffRuns(snapshot({ firewall: true }), snapshot({ firewall: false }))
    expect(diff.pathChanges).toEqual([
      { assertionId: 'app-to-internet', removed: ['vpce-0fw11112222333344'], added: [] }
    ])
    expect(renderDriftChanges(diff)).toBe(
      [
        '**Forward-path changes** (still reachable, through different components)',
        '',
        '- 🔀 **app-to-internet**: hops removed: `vpce-0fw11112222333344`'
      ].join('\n')
    )
  })

  it('reports verdict flips: passed→failed, failed→passed, →error, with outcomes', () => {
    const before = snapshot({ db: 'passed', api: 'failed' })
    const after = snapshot({ db: 'failed', api: 'passed' })
    const diff = diffRuns(before, after)
    expect(diff.failingSetChanged).toBe(true)
    expect(diff.statusChanges).toEqual([
      {
        assertionId: 'app-to-db',
        from: 'passed',
        to: 'failed',
        actualFrom: 'reachable',
        actualTo: 'not_reachable'
      },
      {
        assertionId: 'web-to-api',
        from: 'failed',
        to: 'passed',
        actualFrom: 'not_reachable',
        actualTo: 'reachable'
      }
    ])
    expect(renderDriftChanges(diff)).toBe(
      [
        '**Verdict changes**',
        '',
        '- ❌ **app-to-db**: passed → failed (reachable → not reachable)',
        '- ✅ **web-to-api**: failed → passed (not reachable → reachable)'
      ].join('\n')
    )

    const errored = diffRuns(after, snapshot({ db: 'error', api: 'passed' }))
    expect(renderDriftChanges(errored)).toBe(
      ['**Verdict changes**', '', '- ⚠️ **app-to-db**: failed → error'].join('\n')
    )
  })

  it('lists assertions new in the config that fail and removed ones that failed, not passing ones', () => {
    const previous = snapshot({ db: 'failed' })
    const current = toDriftSnapshot(
      toJsonReport(
        runReport([
          result({ id: 'app-to-internet', line: 10, status: 'passed' }),
          result({ id: 'new-failing', line: 20, status: 'failed' }),
          result({ id: 'new-passing', line: 30, status: 'passed' })
        ])
      )
    )
    const diff = diffRuns(previous, current)
    expect(diff.statusChanges.map(change => [change.assertionId, change.from, change.to])).toEqual([
      ['new-failing', null, 'failed'],
      ['app-to-db', 'failed', null]
    ])
    expect(renderDriftChanges(diff)).toBe(
      [
        '**Verdict changes**',
        '',
        '- ❌ **new-failing**: new assertion, failed (not reachable)',
        '- ➖ **app-to-db**: no longer in the config (was failed)'
      ].join('\n')
    )
  })

  it('says so when nothing changed, and the failing set is unchanged', () => {
    const diff = diffRuns(snapshot({ db: 'failed' }), snapshot({ db: 'failed' }))
    expect(diff).toEqual({
      statusChanges: [],
      pathChanges: [],
      violationChanges: [],
      failingSetChanged: false
    })
    expect(renderDriftChanges(diff)).toBe(
      'No assertion changed its verdict or its forward path since the previous run.'
    )
  })

  it('makes no hop claim about a path that was not stored', () => {
    const previous = snapshot({ nat: 'nat-0aaa' })
    const dropped: DriftSnapshot = {
      ...previous,
      results: previous.results.map(r => ({ ...r, forward_path: null }))
    }
    expect(diffRuns(dropped, snapshot({ nat: 'nat-0bbb' })).pathChanges).toEqual([])
  })

  it('counts assertions left out of a trimmed snapshot as passed', () => {
    const previous: DriftSnapshot = {
      ...snapshot({ db: 'failed' }),
      results: [
        { assertion_id: 'app-to-db', status: 'failed', actual_outcome: 'not_reachable', forward_path: null }
      ],
      passed_omitted: true
    }
    const diff = diffRuns(previous, snapshot({ db: 'failed', api: 'failed' }))
    expect(diff.statusChanges.map(change => [change.assertionId, change.from, change.to])).toEqual([
      ['web-to-api', 'passed', 'failed']
    ])
  })
})

describe('the hidden data block', () => {
  it('round-trips a snapshot through base64 of gzip', () => {
    const snap = snapshot({ db: 'failed' }, 'https://github.com/acme/net/actions/runs/1')
    const block = encodeDataBlock(snap)
    expect(block).toMatch(/^<!-- network-preflight:data [A-Za-z0-9+/=\n]+ -->$/)
    expect(decodeDataBlock(`${driftMarker('x.yaml')}\nreport\n${block}\n`)).toEqual(snap)
  })

  it('ignores a missing, damaged or foreign block', () => {
    expect(decodeDataBlock('no block here')).toBeUndefined()
    expect(decodeDataBlock('<!-- network-preflight:data bm90IGd6aXA= -->')).toBeUndefined()
    const foreign = encodeDataBlock({ ...snapshot({}), drift_format: 2 } as unknown as DriftSnapshot)
    expect(decodeDataBlock(foreign)).toBeUndefined()
  })
})

/**
 * `failing` failed assertions, then passing reachable ones with random (incompressible) hop ids; with
 * `randomIds` the assertion ids are incompressible too.
 */
function hugeRun(total: number, hopsEach: number, failing = 0, randomIds = false): RunReport {
  const results: AssertionReport[] = []
  for (let i = 0; i < total; i++) {
    const id = `path-${String(i).padStart(5, '0')}-${randomIds ? randomBytes(4).toString('hex') : 'app-to-db'}`
    const failed = i < failing
    results.push(
      result({
        id,
        line: 10 + i * 12,
        status: failed ? 'failed' : 'passed',
        analysis: {
          forwardPath: failed
            ? []
            : Array.from({ length: hopsEach }, (_, h) =>
                hop(h + 1, `eni-0${randomBytes(8).toString('hex')}`, 'network-interface')
              )
        }
      })
    )
  }
  return runReport(results)
}

describe('renderDriftBody within the size limit', () => {
  it('starts with the marker, shows the changes and the report, and ends with the data block', () => {
    const previous = snapshot({ db: 'passed', nat: 'nat-0aaa' })
    const report = driftRun({ db: 'failed', nat: 'nat-0bbb', finishedAt: '2026-03-15T20:17:40.000Z' })
    const current = toDriftSnapshot(toJsonReport(report), {
      runUrl: 'https://github.com/acme/net/actions/runs/2',
      driftingSince: '2026-03-15T14:31:42.000Z',
      driftingSinceRunUrl: 'https://github.com/acme/net/actions/runs/1'
    })
    const body = renderDriftBody({
      report,
      configFile: 'network/preflight.yaml',
      runUrl: 'https://github.com/acme/net/actions/runs/2',
      current,
      previous
    })
    expect(
      body.startsWith(
        `${driftMarker('network/preflight.yaml')}\n## ⚠️ Network drift: network/preflight.yaml\n`
      )
    ).toBe(true)
    expect(body).toContain(
      '**Drifting since** 2026-03-15 14:31 UTC ([first run](https://github.com/acme/net/actions/runs/1))' +
        ' · **last checked** 2026-03-15 20:17 UTC ([workflow run](https://github.com/acme/net/actions/runs/2))'
    )
    expect(body).toContain('### What changed since the previous run (2026-03-15 14:31 UTC)')
    expect(body).toContain('- ❌ **app-to-db**: passed → failed (reachable → not reachable)')
    expect(body).toContain('- 🔀 **app-to-internet**: hops removed: `nat-0aaa`; hops added: `nat-0bbb`')
    // The compact report: verdict, table row and explanation of the failure.
    expect(body).toContain('❌ **1 of 4 assertions failed — 3 passed**')
    expect(body).toContain('Security group db-sg \\(sg-0fedcba9876543210\\) has no inbound rule')
    expect(decodeDataBlock(body)).toEqual(current)
    expect(body.trimEnd().endsWith(' -->')).toBe(true)
  })

  it('stays under 65,536 characters for 3,000 reachable paths of random hops, dropping only some paths', () => {
    const report = hugeRun(3000, 10, 5)
    const current = toDriftSnapshot(toJsonReport(report))
    const body = renderDriftBody({ report, configFile: 'big.yaml', current, firstDetection: true })
    expect(body.length).toBeLessThan(ISSUE_BODY_LIMIT_CHARS)
    const stored = decodeDataBlock(body)
    expect(stored?.results).toHaveLength(3000)
    const kept = stored?.results.filter(r => r.forward_path !== null).length ?? 0
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(2995)
    expect(body).toContain(
      `_Too many assertions for one issue: ${2995 - kept} forward paths could not be kept`
    )
    for (const r of report.results.filter(x => x.verdict.status === 'failed'))
      expect(body).toContain(r.assertion.id)
  })

  it('keeps only the failing assertions when even bare verdicts do not fit', () => {
    const report = hugeRun(8000, 0, 3, true)
    const current = toDriftSnapshot(toJsonReport(report))
    const fitted = fitDataBlock(current, 30_000)
    expect(fitted.passedOmitted).toBe(true)
    const stored = decodeDataBlock(fitted.block)
    expect(stored?.passed_omitted).toBe(true)
    expect(stored?.results.map(r => r.status)).toEqual(['failed', 'failed', 'failed'])
    const body = renderDriftBody({ report, configFile: 'big.yaml', current, firstDetection: true })
    expect(body.length).toBeLessThan(ISSUE_BODY_LIMIT_CHARS)
  })
})

describe('violating paths of set assertions (Network Access Analyzer scopes)', () => {
  const setSnapshot = (findings: unknown[], status?: 'failed') => {
    const report = runReport([setResult(findings)])
    if (status) expect(report.results[0].verdict.status).toBe(status)
    return toDriftSnapshot(toJsonReport(report))
  }
  const AWS_SAMPLE = 'igw-1a23b4cd → eni-0680af09e502660e7'

  it('keeps every violating path as "source → destination" ids, sorted, for scope results only', () => {
    const snap = setSnapshot([...sample.AnalysisFindings, findingTo('eni-0bbbbbbbbbbbbbbb0')], 'failed')
    expect(snap.results[0].violating_paths).toEqual(
      [AWS_SAMPLE, 'igw-1a23b4cd → eni-0bbbbbbbbbbbbbbb0'].sort()
    )
    expect(snapshot({}).results.every(r => !('violating_paths' in r))).toBe(true)
    // It survives the hidden data block.
    expect(decodeDataBlock(encodeDataBlock(snap))!.results[0].violating_paths).toEqual(
      snap.results[0].violating_paths
    )
  })

  it('says which violating paths are new and which disappeared, when one exposed box is replaced by another', () => {
    const before = setSnapshot(sample.AnalysisFindings, 'failed')
    const after = setSnapshot([findingTo('eni-0bbbbbbbbbbbbbbb0')], 'failed')
    const diff = diffRuns(before, after)
    // Still failed: the verdict did not change, the violating paths did.
    expect(diff.statusChanges).toEqual([])
    expect(diff.violationChanges).toEqual([
      {
        assertionId: 'private-not-from-internet',
        appeared: ['igw-1a23b4cd → eni-0bbbbbbbbbbbbbbb0'],
        disappeared: [AWS_SAMPLE]
      }
    ])
    expect(renderDriftChanges(diff)).toBe(
      [
        '**Violating path changes** (set assertions proved with Network Access Analyzer: source → destination)',
        '',
        '- 🆕 **private-not-from-internet**: 1 new violating path: `igw-1a23b4cd → eni-0bbbbbbbbbbbbbbb0`; 1 violating path gone: `igw-1a23b4cd → eni-0680af09e502660e7`'
      ].join('\n')
    )
  })

  it('a set that passes again lists its violating paths as gone; unknown paths (no result) claim nothing', () => {
    const failing = setSnapshot(sample.AnalysisFindings, 'failed')
    const passing = setSnapshot([])
    expect(diffRuns(failing, passing).violationChanges).toEqual([
      { assertionId: 'private-not-from-internet', appeared: [], disappeared: [AWS_SAMPLE] }
    ])
    const unknown: DriftSnapshot = {
      ...failing,
      results: failing.results.map(r => ({ ...r, violating_paths: null }))
    }
    expect(diffRuns(unknown, failing).violationChanges).toEqual([])
    expect(diffRuns(failing, unknown).violationChanges).toEqual([])
    // A snapshot written before violating paths were kept reads as before and diffs nothing.
    const old = { ...failing, results: failing.results.map(({ violating_paths: _, ...r }) => r) }
    expect(decodeDataBlock(encodeDataBlock(old))).toEqual(old)
    expect(diffRuns(old, failing).violationChanges).toEqual([])
  })
})
