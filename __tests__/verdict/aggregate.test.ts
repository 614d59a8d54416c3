// Pure verdict aggregation of issue 12: member pairs under each/any, via alternatives and through: bypasses.
import { aggregateMembers, decidePair, type MemberPairVerdict } from '../../src/verdict/aggregate.js'
import type { Assertion, Verdict, VerdictStatus } from '../../src/model.js'

const LOCATION = { file: 'preflight.yaml', line: 3, column: 5 }
const endpoint = (role: 'source' | 'destination') => ({
  role,
  account: 'app',
  region: 'us-east-1',
  selector: { by: 'resource_id' as const, resourceId: 'i-0123456789abcdef0', kind: 'instance' as const },
  location: LOCATION
})
const assertion = (type: 'allow' | 'deny' = 'allow'): Assertion => ({
  id: 'a',
  type,
  labels: [],
  source: endpoint('source'),
  destination: endpoint('destination'),
  protocol: 'tcp',
  via: [],
  avoid: [],
  region: 'us-east-1',
  location: LOCATION
})
const verdict = (status: VerdictStatus, reason: string = status): Verdict => ({
  assertionId: 'a',
  status,
  expected: 'reachable',
  actual: status === 'passed' ? 'reachable' : status === 'failed' ? 'not_reachable' : 'unknown',
  reason,
  explanations: [],
  warnings: []
})
const pair = (
  source: number,
  destination: number,
  status: VerdictStatus,
  reason?: string
): MemberPairVerdict => ({
  source: `web-${source}`,
  destination: `db-${destination}`,
  sourceIndex: source,
  destinationIndex: destination,
  verdict: verdict(status, reason)
})

describe('aggregateMembers', () => {
  const group = (sourceMode: 'each' | 'any', pairs: MemberPairVerdict[], destinationCount = 1) =>
    aggregateMembers({
      assertion: assertion(),
      sourceMode,
      destinationMode: 'each',
      sourceCount: new Set(pairs.map(p => p.sourceIndex)).size,
      destinationCount,
      sourceLabel: 'web instances',
      pairs
    })

  it('each: one blocked member fails the assertion and is named with its reason', () => {
    const v = group('each', [
      pair(1, 0, 'passed'),
      pair(2, 0, 'passed'),
      pair(3, 0, 'failed', 'blocked by sg-1'),
      pair(4, 0, 'passed')
    ])
    expect(v.status).toBe('failed')
    expect(v.reason).toBe('3 of 4 web instances reach db-0 (source match: each); web-3: blocked by sg-1')
  })

  it('any: one passing member is enough; errors only matter when nothing passed', () => {
    expect(group('any', [pair(1, 0, 'failed'), pair(2, 0, 'passed')]).status).toBe('passed')
    expect(group('any', [pair(1, 0, 'failed'), pair(2, 0, 'error')]).status).toBe('error')
    expect(group('any', [pair(1, 0, 'failed'), pair(2, 0, 'failed')]).status).toBe('failed')
  })

  it('each: an error without a failure is an error, never a pass', () => {
    expect(group('each', [pair(1, 0, 'passed'), pair(2, 0, 'error')]).status).toBe('error')
  })

  it('the source quantifier is outermost: any source reaching each destination', () => {
    const pairs = [pair(1, 0, 'passed'), pair(1, 1, 'failed'), pair(2, 0, 'passed'), pair(2, 1, 'passed')]
    const v = aggregateMembers({
      assertion: assertion(),
      sourceMode: 'any',
      destinationMode: 'each',
      sourceCount: 2,
      destinationCount: 2,
      pairs
    })
    expect(v.status).toBe('passed')
    expect(v.reason).toMatch(/^3 of 4 source\/destination pairs pass .*web-1 → db-1: failed/)
  })
})

describe('decidePair', () => {
  const open = [{ label: 'through[0]', options: ['vpce-a', 'vpce-b'] }]

  it('allow: the first path took an alternative: passed, naming it; a bypass found fails it', () => {
    const took = [{ ...open[0], taken: 'vpce-a' }]
    const base = {
      assertion: assertion(),
      reach: verdict('passed', 'reachable as expected: x'),
      open: took,
      alternatives: []
    }
    expect(decidePair({ ...base, bypasses: [] }).reason).toBe(
      'reachable as expected: x (through[0] via vpce-a)'
    )
    const bypassed = decidePair({
      ...base,
      bypasses: [
        {
          label: 'through[0] (vpce-a, vpce-b)',
          verdict: verdict('failed', 'a path avoids through[0]: i → tgw → j')
        }
      ]
    })
    expect(bypassed.status).toBe('failed')
    expect(bypassed.reason).toBe('reachable, but a path avoids through[0]: i → tgw → j')
  })

  it('allow: the first path missed every alternative: one passing combination passes, none fails', () => {
    const base = { assertion: assertion(), reach: verdict('passed'), open, bypasses: [] }
    expect(
      decidePair({
        ...base,
        alternatives: [
          { verdict: verdict('failed'), pinned: ['vpce-a'] },
          { verdict: verdict('passed', 'ok'), pinned: ['vpce-b'] }
        ]
      }).reason
    ).toBe('ok (through vpce-b)')
    const none = decidePair({
      ...base,
      alternatives: [
        { verdict: verdict('failed', 'no'), pinned: ['vpce-a'] },
        { verdict: verdict('failed'), pinned: ['vpce-b'] }
      ]
    })
    expect(none.status).toBe('failed')
    expect(none.reason).toMatch(/^reachable, but not through through\[0\] \(any of vpce-a, vpce-b\)/)
  })

  it('deny: a path that takes no alternative is fine once every combination is blocked', () => {
    const blocked = (pinned: string) => ({ verdict: verdict('passed', 'blocked'), pinned: [pinned] })
    const v = decidePair({
      assertion: assertion('deny'),
      reach: verdict('failed', 'a path exists'),
      open,
      alternatives: [blocked('vpce-a'), blocked('vpce-b')],
      bypasses: []
    })
    expect(v.status).toBe('passed')
    expect(v.reason).toMatch(/^a path exists, but none through through\[0\]/)
  })
})
