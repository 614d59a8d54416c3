// src/expand: one assertion with resolved endpoints → the analyses that prove it. Pure, so everything here is
// built in memory: endpoints as the loader makes them, resolutions as the resolver returns them.
import {
  alternativeChecks,
  eniKey,
  expandAssertion,
  type Expansion,
  membersOf,
  modeOf,
  NOT_NEEDED,
  notNeededReason,
  unneededPairs
} from '../../src/expand/index.js'
import type {
  AnalysisResult,
  Assertion,
  Endpoint,
  MatchMode,
  Resolution,
  ResolvedTarget,
  Selector
} from '../../src/model.js'

const REGION = 'us-east-1'

function endpoint(role: Endpoint['role'], line: number, selector: Selector, match?: MatchMode): Endpoint {
  return {
    role,
    account: 'app',
    region: REGION,
    selector,
    ...(match ? { match } : {}),
    location: { file: 'preflight.yaml', line, column: 5 }
  }
}

const web = (tags: Record<string, string> = { Role: 'web' }, match?: MatchMode, line = 7) =>
  endpoint('source', line, { by: 'tags', tags, kinds: ['instance'] }, match)
const db = (match?: MatchMode) =>
  endpoint('destination', 9, { by: 'tags', tags: { Name: 'db' }, kinds: ['instance'] }, match)

function instance(n: number, eni = `eni-0000000000000000${n}`): ResolvedTarget {
  return {
    kind: 'instance',
    resourceId: `i-000000000000000${n}`,
    name: `web-${n}`,
    account: 'app',
    region: REGION,
    primaryNetworkInterfaceId: eni
  }
}

const dbTarget = (n = 1): ResolvedTarget => ({
  kind: 'instance',
  resourceId: `i-0d0000000000000${n}`,
  name: `db-${n}`,
  account: 'app',
  region: REGION,
  primaryNetworkInterfaceId: `eni-0d0000000000000${n}`
})

const group = (members: ResolvedTarget[]): Resolution => ({ ok: true, target: members[0], members })
const single = (target: ResolvedTarget): Resolution => ({ ok: true, target })

function assertion(source: Endpoint, destination: Endpoint, extra: Partial<Assertion> = {}): Assertion {
  return {
    id: 'web-reaches-db',
    type: 'allow',
    labels: [],
    source,
    destination,
    protocol: 'tcp',
    port: { from: 5432, to: 5432 },
    via: [],
    avoid: [],
    region: REGION,
    location: { file: 'preflight.yaml', line: 5, column: 3 },
    ...extra
  }
}

function expand(a: Assertion, resolutions: Array<[Endpoint, Resolution]>, maxAnalyses?: number) {
  return expandAssertion(a, new Map(resolutions), { maxAnalyses })
}

function expanded(a: Assertion, resolutions: Array<[Endpoint, Resolution]>): Expansion {
  const result = expand(a, resolutions)
  if (!result.ok) throw new Error(result.error)
  return result.expansion
}

describe('members and modes', () => {
  it('deduplicates members by network interface (an instance and its ENI are one member), keeping the first', () => {
    const a = instance(1)
    const sameEni: ResolvedTarget = {
      kind: 'network-interface',
      resourceId: 'eni-00000000000000001',
      account: 'app',
      region: REGION
    }
    const b = instance(2)
    expect(eniKey(a)).toBe('eni-00000000000000001')
    expect(eniKey(sameEni)).toBe('eni-00000000000000001')
    expect(membersOf(group([a, sameEni, b, a]))).toEqual([a, b])
    expect(membersOf(single(b))).toEqual([b])
    expect(membersOf({ ok: false, error: 'x' })).toEqual([])
  })

  it("takes the endpoint's match, else the group's default (each) for several members, else one", () => {
    const members = { ok: true as const, target: instance(1), members: [instance(1), instance(2)] }
    expect(modeOf(web({ Role: 'web' }, 'any'), members)).toBe('any')
    expect(modeOf(web({ Role: 'web' }, 'each'), single(instance(1)))).toBe('each')
    expect(modeOf(web(), members)).toBe('each')
    expect(modeOf(web(), { ...members, groupMatch: 'any' })).toBe('any')
    expect(modeOf(web(), single(instance(1)))).toBe('one')
  })
})

describe('expandAssertion: fan-out', () => {
  it('one → one: a single analysis keyed by the assertion id, as before groups existed', () => {
    const [s, d] = [web(), db()]
    const e = expanded(assertion(s, d), [
      [s, single(instance(1))],
      [d, single(dbTarget())]
    ])
    expect(e.checks.map(c => c.key)).toEqual(['web-reaches-db'])
    expect(e.checks[0]).toMatchObject({ purpose: 'reach', via: [], avoid: [] })
    expect([e.sourceMode, e.destinationMode]).toEqual(['one', 'one'])
  })

  it('each → one: one reach analysis per source member, members deduplicated by ENI', () => {
    const [s, d] = [web({ Role: 'web' }, 'each'), db()]
    // The network interface of web-1, matched by the same selector: the same member.
    const twin: ResolvedTarget = {
      kind: 'network-interface',
      resourceId: 'eni-00000000000000001',
      account: 'app',
      region: REGION
    }
    const e = expanded(assertion(s, d), [
      [s, group([instance(1), instance(2), twin, instance(4)])],
      [d, single(dbTarget())]
    ])
    expect(e.sourceMembers.map(m => m.resourceId)).toEqual([
      'i-0000000000000001',
      'i-0000000000000002',
      'i-0000000000000004'
    ])
    expect(e.checks.map(c => c.key)).toEqual([
      'web-reaches-db#0:reach',
      'web-reaches-db#1:reach',
      'web-reaches-db#2:reach'
    ])
    expect(e.checks.map(c => c.source.resourceId)).toEqual(e.sourceMembers.map(m => m.resourceId))
    expect(e.sourceMode).toBe('each')
  })

  it('any → each: every (source, destination) combination, and the modes as written', () => {
    const [s, d] = [web({ Role: 'web' }, 'any'), db('each')]
    const e = expanded(assertion(s, d), [
      [s, group([instance(1), instance(2)])],
      [d, group([dbTarget(1), dbTarget(2), dbTarget(3)])]
    ])
    expect(e.pairs).toHaveLength(6)
    expect(e.pairs.map(p => `${p.source.name}>${p.destination.name}`)).toEqual([
      'web-1>db-1',
      'web-1>db-2',
      'web-1>db-3',
      'web-2>db-1',
      'web-2>db-2',
      'web-2>db-3'
    ])
    expect([e.sourceMode, e.destinationMode]).toEqual(['any', 'each'])
  })

  it('leaves out a pair whose source and destination are the same interface, and refuses when nothing is left', () => {
    const [s, d] = [web({ Role: 'web' }, 'each'), db('each')]
    const e = expanded(assertion(s, d), [
      [s, group([instance(1), instance(2)])],
      [d, group([instance(2), dbTarget()])]
    ])
    expect(e.selfPairs).toBe(1)
    expect(e.pairs).toHaveLength(3)
    const none = expand(assertion(s, d), [
      [s, single(instance(1))],
      [d, single(instance(1))]
    ])
    expect(none).toEqual({
      ok: false,
      error: expect.stringContaining('every source member is also the destination')
    })
  })

  it('through: a bypass analysis per pair and entry, with the entry in FilterOutArns', () => {
    const fw1: ResolvedTarget = {
      kind: 'vpc-endpoint',
      resourceId: 'vpce-01',
      account: 'app',
      region: REGION
    }
    const fw2: ResolvedTarget = {
      kind: 'vpc-endpoint',
      resourceId: 'vpce-02',
      account: 'app',
      region: REGION
    }
    const through = endpoint('through', 12, {
      by: 'tags',
      tags: { Firewall: 'inspection' },
      kinds: ['vpc-endpoint']
    })
    const [s, d] = [web({ Role: 'web' }, 'each'), db()]
    const e = expanded(assertion(s, d, { through: [through] }), [
      [s, group([instance(1), instance(2)])],
      [d, single(dbTarget())],
      [through, group([fw1, fw2])]
    ])
    expect(e.checks.map(c => [c.key, c.purpose])).toEqual([
      ['web-reaches-db#0:reach', 'reach'],
      ['web-reaches-db#0:bypass0', 'bypass'],
      ['web-reaches-db#1:reach', 'reach'],
      ['web-reaches-db#1:bypass0', 'bypass']
    ])
    // Two alternatives: not a filter on the reach analysis (it would demand both); checked on the path found.
    expect(e.checks[0].via).toEqual([])
    expect(e.checks[0].open.map(r => r.options)).toEqual([[fw1, fw2]])
    expect(e.checks[1].avoid).toEqual([fw1, fw2])
  })
})

describe('expandAssertion: the max-analyses budget', () => {
  it('refuses a fan-out past max-analyses, naming each group selector with its line, tags, mode and size', () => {
    const [s, d] = [web({ Role: 'web', Env: 'prod' }, 'each', 7), db('any')]
    const a = assertion(s, d)
    const resolutions: Array<[Endpoint, Resolution]> = [
      [s, group([1, 2, 3, 4].map(n => instance(n)))],
      [d, group([dbTarget(1), dbTarget(2)])]
    ]
    expect(expand(a, resolutions, 8).ok).toBe(true)
    const refused = expand(a, resolutions, 7)
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.error).toBe(
      'this assertion fans out to 8 analyses, more than max-analyses (7): ' +
        'the source selector on line 7 (Role=web,Env=prod, match: each) matches 4; ' +
        'the destination selector on line 9 (Name=db, match: any) matches 2. ' +
        'Narrow the selector (subnet:, vpc:, another tag), lower max_members, or raise max-analyses.'
    )
  })

  it('counts the bypass analyses of through: against the budget and says so', () => {
    const fw: ResolvedTarget = { kind: 'vpc-endpoint', resourceId: 'vpce-01', account: 'app', region: REGION }
    const through = endpoint('through', 12, {
      by: 'resource_id',
      resourceId: 'vpce-01',
      kind: 'vpc-endpoint'
    })
    const [s, d] = [web({ Role: 'web' }, 'each'), db()]
    const refused = expand(
      assertion(s, d, { through: [through] }),
      [
        [s, group([instance(1), instance(2)])],
        [d, single(dbTarget())],
        [through, single(fw)]
      ],
      3
    )
    expect(refused).toEqual({
      ok: false,
      error: expect.stringContaining('fans out to 4 analyses, more than max-analyses (3)')
    })
    if (!refused.ok) expect(refused.error).toContain('each pair needs 2 analyses (through:)')
  })

  // max_members itself is enforced where members are found (src/resolve: "The source selector on line … matches
  // N resources …, more than max_members"), tested in __tests__/resolve/resolver.test.ts; expand only ever sees
  // groups within it.
})

describe('via alternatives: second phase', () => {
  const fw1: ResolvedTarget = { kind: 'vpc-endpoint', resourceId: 'vpce-01', account: 'app', region: REGION }
  const fw2: ResolvedTarget = { kind: 'vpc-endpoint', resourceId: 'vpce-02', account: 'app', region: REGION }
  const via = endpoint('via', 11, { by: 'tags', tags: { Firewall: 'inspection' }, kinds: ['vpc-endpoint'] })
  const [s, d] = [web(), db()]
  const e = expanded(assertion(s, d, { via: [via] }), [
    [s, single(instance(1))],
    [d, single(dbTarget())],
    [via, group([fw1, fw2])]
  ])
  const found = (ids: string[]): AnalysisResult => ({
    status: 'succeeded',
    networkPathFound: true,
    forwardPath: ids.map((componentId, i) => ({ sequence: i + 1, componentId })),
    returnPath: [],
    explanations: []
  })
  const idsOf = (a: AnalysisResult) => new Set(a.forwardPath.map(h => h.componentId))

  it('needs none when the path took an alternative, or when there was no path at all', () => {
    expect(alternativeChecks(e.checks[0], found(['i-0000000000000001', 'vpce-02']), idsOf).checks).toEqual([])
    const none = { ...found([]), networkPathFound: false }
    expect(alternativeChecks(e.checks[0], none, idsOf).checks).toEqual([])
  })

  it('pins each alternative in turn when the path took none of them', () => {
    const { checks, tooMany } = alternativeChecks(e.checks[0], found(['i-0000000000000001']), idsOf)
    expect(tooMany).toBe(false)
    expect(checks.map(c => [c.key, c.purpose, c.via.map(v => v.resourceId)])).toEqual([
      ['web-reaches-db#0:alt0', 'via-alternative', ['vpce-01']],
      ['web-reaches-db#0:alt1', 'via-alternative', ['vpce-02']]
    ])
  })
})

describe('match: any stops early (unneededPairs)', () => {
  const fleet = [1, 2, 3, 4].map(n => instance(n))
  const expansionOf = (sourceMode: MatchMode, destinationMode: MatchMode, destinations = 1) => {
    const [s, d] = [web({ Role: 'web' }, sourceMode), db(destinationMode)]
    const dests = Array.from({ length: destinations }, (_, i) => dbTarget(i + 1))
    return expanded(assertion(s, d), [
      [s, sourceMode === 'one' ? single(fleet[0]) : group(fleet)],
      [d, destinations === 1 ? single(dests[0]) : group(dests)]
    ])
  }
  const indexes = (m: Map<number, unknown>) => [...m.keys()].sort((a, b) => a - b)

  it('source any → one destination: one passing member makes every other member unneeded', () => {
    const e = expansionOf('any', 'one')
    expect(unneededPairs(e, new Set())).toEqual(new Map())
    const unneeded = unneededPairs(e, new Set([2]))
    expect(indexes(unneeded)).toEqual([0, 1, 3])
    expect(unneeded.get(0)).toBe(e.pairs[2])
    expect(notNeededReason(e, e.pairs[2])).toBe(
      `${NOT_NEEDED}web-3 (i-0000000000000003) already proved it (match: any)`
    )
  })

  it('each source → any destination: a passing pair settles its own source only', () => {
    const e = expansionOf('each', 'any', 2)
    // Pairs: 0 web-1>db-1, 1 web-1>db-2, 2 web-2>db-1, 3 web-2>db-2, …
    expect(indexes(unneededPairs(e, new Set([0])))).toEqual([1])
    expect(indexes(unneededPairs(e, new Set([0, 3])))).toEqual([1, 2])
    expect(notNeededReason(e, e.pairs[0])).toBe(
      `${NOT_NEEDED}web-1 (i-0000000000000001) → db-1 (i-0d00000000000001) already proved it (match: any)`
    )
  })

  it('any source → each destination: only a source that passes with every destination proves it', () => {
    const e = expansionOf('any', 'each', 2)
    expect(indexes(unneededPairs(e, new Set([0])))).toEqual([])
    expect(indexes(unneededPairs(e, new Set([0, 2])))).toEqual([])
    expect(indexes(unneededPairs(e, new Set([2, 3])))).toEqual([0, 1, 4, 5, 6, 7])
  })

  it('each (and one) on both sides never stop early', () => {
    expect(unneededPairs(expansionOf('each', 'one'), new Set([0, 1, 2]))).toEqual(new Map())
    expect(unneededPairs(expansionOf('each', 'each', 2), new Set([0, 1, 2, 3]))).toEqual(new Map())
  })
})
