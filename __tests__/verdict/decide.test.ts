import type { AnalysisResult, AnalyzedPath, Assertion } from '../../src/model.js'
import { decideVerdict } from '../../src/verdict/index.js'
import { BROKEN_TEXT, makeAssertion, notReachable, sampleAnalysis, succeeded } from './support.js'

const REACHABLE = sampleAnalysis('ra-guide-04-describe-reachable.json')
const GUIDE_BLOCKED = sampleAnalysis('ra-guide-03-describe-not-reachable.json', 0)
const CLI_BLOCKED = sampleAnalysis('aws-cli-describe-not-reachable.json')
const FORWARD =
  'igw-0797cccdc9d73b0e5 → acl-04fbcfb79260f6c5b → sg-02f0d35a850ba727f → eni-0a25edef15a6cc08c → i-0626d4edd54f1286d'
const GUIDE_SG_SENTENCE =
  'Security groups sg-0abc123def456789 (Source Security Group) and sg-0def456789abc0123 (Destination Security Group) have no inbound rule allowing tcp/443 on eni-0def456789abc0123 (Destination ENI).'
const CLI_SG_SENTENCE =
  'Security group sg-02f0d35a850ba727f has no inbound rule allowing tcp/443 on eni-0a25edef15a6cc08c.'

const allow = makeAssertion('allow')
const deny = makeAssertion('deny')

describe('decideVerdict on the AWS documentation samples', () => {
  it('ra-guide-04 reachable: allow passes with the path, deny fails naming it', () => {
    expect(decideVerdict({ assertion: allow, analysis: succeeded(REACHABLE) })).toEqual({
      assertionId: 'allow-web-to-db',
      status: 'passed',
      expected: 'reachable',
      actual: 'reachable',
      reason: `reachable as expected: ${FORWARD}`,
      explanations: [],
      warnings: []
    })
    expect(decideVerdict({ assertion: deny, analysis: succeeded(REACHABLE) })).toEqual({
      assertionId: 'deny-web-to-db',
      status: 'failed',
      expected: 'not_reachable',
      actual: 'reachable',
      reason: `expected not reachable; a path exists: ${FORWARD}`,
      explanations: [],
      warnings: []
    })
  })

  it('ra-guide-03 blocked by security groups: allow fails with the sentence, deny passes on it', () => {
    const failed = decideVerdict({ assertion: allow, analysis: succeeded(GUIDE_BLOCKED) })
    expect(failed).toMatchObject({
      status: 'failed',
      expected: 'reachable',
      actual: 'not_reachable',
      reason: `expected reachable, but no path was found: ${GUIDE_SG_SENTENCE}`
    })
    expect(failed.explanations.map(e => [e.code, e.componentId])).toEqual([
      ['ENI_SG_RULES_MISMATCH', 'sg-0abc123def456789']
    ])
    expect(decideVerdict({ assertion: deny, analysis: succeeded(GUIDE_BLOCKED) })).toMatchObject({
      status: 'passed',
      expected: 'not_reachable',
      actual: 'not_reachable',
      reason: `not reachable, as expected: ${GUIDE_SG_SENTENCE}`
    })
  })

  it('aws-cli sample blocked by a security group: same verdicts, with the assertion port in the sentence', () => {
    expect(decideVerdict({ assertion: allow, analysis: succeeded(CLI_BLOCKED) }).reason).toBe(
      `expected reachable, but no path was found: ${CLI_SG_SENTENCE}`
    )
    const passed = decideVerdict({ assertion: deny, analysis: succeeded(CLI_BLOCKED) })
    expect([passed.status, passed.actual, passed.reason]).toEqual([
      'passed',
      'not_reachable',
      `not reachable, as expected: ${CLI_SG_SENTENCE}`
    ])
    expect(passed.explanations[0]!.consoleUrl).toBe(
      'https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#SecurityGroup:groupId=sg-02f0d35a850ba727f'
    )
  })
})

describe('deny never passes vacuously', () => {
  const sgBlock = {
    ExplanationCode: 'ENI_SG_RULES_MISMATCH',
    Direction: 'ingress',
    SecurityGroups: [{ Id: 'sg-0db' }],
    NetworkInterface: { Id: 'eni-0db' }
  }
  const missing = { ExplanationCode: 'NO_SOURCE_OR_DESTINATION', MissingComponent: 'eni-0gone' }

  it('deny + NO_SOURCE_OR_DESTINATION is an error', () => {
    expect(decideVerdict({ assertion: deny, analysis: succeeded(notReachable([missing])) })).toMatchObject({
      status: 'error',
      actual: 'unknown',
      reason:
        'the analysis could not evaluate this path: The source or destination (network interface eni-0gone) does not exist; it may have been deleted, or the selector matched the wrong resource.'
    })
  })

  it('deny + a real security group block passes', () => {
    expect(decideVerdict({ assertion: deny, analysis: succeeded(notReachable([sgBlock])) })).toMatchObject({
      status: 'passed',
      actual: 'not_reachable',
      reason:
        'not reachable, as expected: Security group sg-0db has no inbound rule allowing tcp/443 on eni-0db.'
    })
  })

  it('a question-wrong code spoils a deny even next to a real block', () => {
    const verdict = decideVerdict({
      assertion: deny,
      analysis: succeeded(notReachable([sgBlock, { ExplanationCode: 'FILTER_AT_SOURCE_PROTOCOL' }]))
    })
    expect(verdict.status).toBe('error')
    expect(verdict.reason).toBe(
      "the analysis could not evaluate this path: No traffic matching the path's protocol tcp exists at the source; check the assertion's protocol, port and addresses."
    )
    expect(verdict.explanations.map(e => e.code)).toEqual([
      'ENI_SG_RULES_MISMATCH',
      'FILTER_AT_SOURCE_PROTOCOL'
    ])
  })

  it('deny with no explanations at all is an error', () => {
    expect(decideVerdict({ assertion: deny, analysis: succeeded(notReachable([])) })).toMatchObject({
      status: 'error',
      actual: 'unknown',
      reason: 'AWS found no path but gave no explanation, so the block cannot be confirmed'
    })
  })

  it('deny with only codes this version does not know is an error naming them', () => {
    expect(
      decideVerdict({
        assertion: deny,
        analysis: succeeded(
          notReachable([{ ExplanationCode: 'NEW_CODE_A' }, { ExplanationCode: 'NEW_CODE_B' }])
        )
      }).reason
    ).toBe(
      'AWS found no path but named no blocking component (codes: NEW_CODE_A, NEW_CODE_B), so the block cannot be confirmed'
    )
  })

  it('deny with only additional details counts them as warnings, not evidence', () => {
    const verdict = decideVerdict({
      assertion: deny,
      analysis: succeeded(notReachable([{ ExplanationCode: 'UNIDIRECTIONAL_PATH_ANALYSIS_ONLY' }]))
    })
    expect(verdict.status).toBe('error')
    expect(verdict.warnings).toEqual([
      'Only the forward path was analyzed; the return traffic might still be blocked.'
    ])
  })
})

describe('allow when no path was found', () => {
  it('uses the first blocking explanation, skipping question-wrong ones before it', () => {
    const verdict = decideVerdict({
      assertion: allow,
      analysis: succeeded(
        notReachable([
          { ExplanationCode: 'NO_PATH' },
          { ExplanationCode: 'NO_ROUTE_TO_DESTINATION', RouteTable: { Id: 'rtb-0abc' } }
        ])
      )
    })
    expect([verdict.status, verdict.reason]).toEqual([
      'failed',
      'expected reachable, but no path was found: Route table rtb-0abc has no route to the destination.'
    ])
  })

  it('is an error when AWS only says the question could not be answered', () => {
    expect(
      decideVerdict({
        assertion: allow,
        analysis: succeeded(
          notReachable([{ ExplanationCode: 'UNSUPPORTED_COMPONENT', Component: { Id: 'eni-0x' } }])
        )
      })
    ).toMatchObject({
      status: 'error',
      actual: 'unknown',
      reason:
        'the analysis could not evaluate this path: Network interface eni-0x is not supported by Reachability Analyzer, so it cannot analyze this path.'
    })
  })

  it('fails on an unknown code with its generic sentence, and fails without any explanation', () => {
    expect(
      decideVerdict({
        assertion: allow,
        analysis: succeeded(notReachable([{ ExplanationCode: 'NEW_CODE' }]))
      }).reason
    ).toBe('expected reachable, but no path was found: Reachability Analyzer reported NEW_CODE (tcp/443).')
    expect(decideVerdict({ assertion: allow, analysis: succeeded(notReachable([])) })).toMatchObject({
      status: 'failed',
      actual: 'not_reachable',
      reason: 'expected reachable, but no path was found (AWS gave no explanation)'
    })
  })
})

describe('errors before a verdict can be reached', () => {
  const base = { forwardPath: [], returnPath: [], explanations: [] }
  const analysis = (a: Partial<AnalysisResult>): AnalysisResult => ({ status: 'error', ...base, ...a })
  const reasonOf = (a: Partial<AnalysisResult>) => {
    const verdict = decideVerdict({ assertion: allow, analysis: analysis(a) })
    expect([verdict.status, verdict.actual, verdict.expected]).toEqual(['error', 'unknown', 'reachable'])
    return verdict.reason
  }

  it('a resolution error wins, with its message as is', () => {
    const verdict = decideVerdict({
      assertion: deny,
      resolutionError: 'source: no instance or network interface has tags Name=app-server in app (us-east-1)',
      analysis: succeeded(REACHABLE)
    })
    expect(verdict).toEqual({
      assertionId: 'deny-web-to-db',
      status: 'error',
      expected: 'not_reachable',
      actual: 'unknown',
      reason: 'source: no instance or network interface has tags Name=app-server in app (us-east-1)',
      explanations: [],
      warnings: []
    })
  })

  it('a missing analysis', () => {
    expect(decideVerdict({ assertion: allow }).reason).toBe('no analysis was run for this assertion')
    expect(decideVerdict({ assertion: allow, resolutionError: '' }).reason).toBe(
      'no analysis was run for this assertion'
    )
  })

  it('a failed analysis, with the analyzer message, AWS StatusMessage, or neither', () => {
    expect(reasonOf({ status: 'failed', message: 'Internal error' })).toBe(
      'Reachability Analyzer failed: Internal error'
    )
    expect(reasonOf({ status: 'failed', message: 'Reachability Analyzer failed: Internal error' })).toBe(
      'Reachability Analyzer failed: Internal error'
    )
    expect(
      reasonOf({ status: 'failed', raw: { Status: 'failed', StatusMessage: 'Resource not found' } })
    ).toBe('Reachability Analyzer failed: Resource not found')
    expect(reasonOf({ status: 'failed' })).toBe('Reachability Analyzer failed without a status message')
  })

  it('a timeout', () => {
    expect(reasonOf({ status: 'timeout', message: 'Analysis nia-0abc did not finish within 300 s' })).toBe(
      'Analysis nia-0abc did not finish within 300 s'
    )
    expect(reasonOf({ status: 'timeout', analysisId: 'nia-0abc' })).toBe(
      'Analysis nia-0abc did not finish in time'
    )
    expect(reasonOf({ status: 'timeout' })).toBe('The analysis did not finish in time')
  })

  it('throttling', () => {
    expect(reasonOf({ status: 'throttled' })).toBe(
      "EC2 throttled the request (RequestLimitExceeded) beyond the SDK's retries"
    )
    expect(reasonOf({ status: 'throttled', message: 'EC2 throttled CreateNetworkInsightsPath' })).toBe(
      'EC2 throttled CreateNetworkInsightsPath'
    )
  })

  it('not started because of the budget', () => {
    expect(
      reasonOf({ status: 'not-started', message: 'not started: the max-analyses budget of 40 was reached' })
    ).toBe('not started: the max-analyses budget of 40 was reached')
    expect(reasonOf({ status: 'not-started' })).toBe('not started: the max-analyses budget was reached')
  })

  it('another analyzer error', () => {
    expect(reasonOf({ status: 'error', message: 'AccessDenied: ec2:StartNetworkInsightsAnalysis' })).toBe(
      'AccessDenied: ec2:StartNetworkInsightsAnalysis'
    )
    expect(reasonOf({ status: 'error' })).toBe('the analysis could not be run')
  })

  it('a succeeded analysis without NetworkPathFound', () => {
    const { NetworkPathFound: _drop, ...raw } = REACHABLE
    const verdict = decideVerdict({ assertion: deny, analysis: succeeded(raw) })
    expect([verdict.status, verdict.actual, verdict.reason]).toEqual([
      'error',
      'unknown',
      'AWS returned no NetworkPathFound'
    ])
  })
})

describe('via and avoid are double-checked on a found path', () => {
  const decide = (extra: {
    resolvedVia?: { id: string; arn?: string }[]
    resolvedAvoid?: { id: string; arn?: string }[]
  }) => decideVerdict({ assertion: allow, analysis: succeeded(REACHABLE), ...extra })

  it('passes when every via component is on the forward path (by id, ARN, or as the instance an ENI is attached to)', () => {
    expect(decide({ resolvedVia: [{ id: 'eni-0a25edef15a6cc08c' }] }).status).toBe('passed')
    expect(
      decide({
        resolvedVia: [
          { id: 'other-id', arn: 'arn:aws:ec2:us-east-1:123456789012:internet-gateway/igw-0797cccdc9d73b0e5' }
        ]
      }).status
    ).toBe('passed')
    expect(decide({ resolvedVia: [{ id: 'i-0495d385ad28331c7' }] }).status).toBe('passed')
  })

  it('fails naming the via component the path does not traverse', () => {
    expect(
      decide({ resolvedVia: [{ id: 'igw-0797cccdc9d73b0e5' }, { id: 'tgw-attach-0123456789abcdef0' }] })
    ).toMatchObject({
      status: 'failed',
      actual: 'reachable',
      reason: `expected the path to traverse tgw-attach-0123456789abcdef0 (via), but the path AWS found does not: ${FORWARD}`
    })
  })

  it('fails naming the avoided component the forward or return path traverses', () => {
    expect(decide({ resolvedAvoid: [{ id: 'sg-02f0d35a850ba727f' }] }).reason).toBe(
      `expected the path to avoid sg-02f0d35a850ba727f (avoid), but it traverses it: ${FORWARD}`
    )
    expect(decide({ resolvedAvoid: [{ id: 'rtb-0d49a54c0a8c0bd9b' }] }).reason).toBe(
      'expected the path to avoid rtb-0d49a54c0a8c0bd9b (avoid), but its return path traverses it: i-0626d4edd54f1286d → eni-0a25edef15a6cc08c → sg-02f0d35a850ba727f → acl-0a8e20a0a9f144d36 → rtb-0d49a54c0a8c0bd9b → igw-0797cccdc9d73b0e5'
    )
    expect(decide({ resolvedAvoid: [{ id: 'nat-0legacy' }] }).status).toBe('passed')
  })

  it('checks hops the analyzer filled in when there is no raw object', () => {
    const analysis: AnalysisResult = {
      status: 'succeeded',
      networkPathFound: true,
      forwardPath: [
        { sequence: 1, componentId: 'eni-a' },
        { sequence: 2, componentId: 'tgw-z', componentArn: 'arn:aws:ec2:us-east-1:1:transit-gateway/tgw-z' },
        { sequence: 3, componentId: 'eni-b' }
      ],
      returnPath: [],
      explanations: [{ code: 'AVAILABILITY_ZONE_CROSSED', sentence: 'The path crosses Availability Zones.' }]
    }
    expect(decideVerdict({ assertion: allow, analysis, resolvedVia: [{ id: 'tgw-z' }] })).toMatchObject({
      status: 'passed',
      reason: 'reachable as expected: eni-a → tgw-z → eni-b',
      warnings: ['The path crosses Availability Zones.'],
      explanations: []
    })
    expect(
      decideVerdict({
        assertion: allow,
        analysis,
        resolvedAvoid: [{ id: 'x', arn: 'arn:aws:ec2:us-east-1:1:transit-gateway/tgw-z' }]
      }).status
    ).toBe('failed')
  })
})

describe('warnings', () => {
  it('carry the additional detail sentences of a passing allow', () => {
    const raw = {
      ...REACHABLE,
      ForwardPathComponents: [
        ...(REACHABLE.ForwardPathComponents as object[]),
        {
          SequenceNumber: 6,
          Component: { Id: 'eni-x' },
          AdditionalDetails: [{ AdditionalDetailType: 'UNIDIRECTIONAL_PATH_ANALYSIS_ONLY' }]
        }
      ]
    }
    const verdict = decideVerdict({ assertion: allow, analysis: succeeded(raw) })
    expect(verdict.status).toBe('passed')
    expect(verdict.warnings).toEqual([
      'Only the forward path was analyzed; the return traffic might still be blocked.'
    ])
  })
})

describe('the analysis must answer this assertion, on the path verified for it', () => {
  // ra-guide-04 ran on nip-0614b9507b4e3e989; the assertion is i-0626d4edd54f1286d → eni-0a25edef15a6cc08c tcp/443.
  const source = { id: 'i-0626d4edd54f1286d' }
  const destination = { id: 'eni-0a25edef15a6cc08c' }
  const path: AnalyzedPath = {
    id: 'nip-0614b9507b4e3e989',
    origin: 'reused',
    source: 'i-0626d4edd54f1286d',
    destination: 'eni-0a25edef15a6cc08c',
    protocol: 'tcp',
    ports: { from: 443, to: 443 }
  }
  const decide = (assertion: Assertion, analyzed: AnalyzedPath | undefined, raw = REACHABLE) =>
    decideVerdict({
      assertion,
      analysis: succeeded(raw, { path: analyzed }),
      resolvedSource: source,
      resolvedDestination: destination
    })

  it('decides as usual when the analysis ran on the verified path of this source, destination, protocol and port', () => {
    expect(decide(allow, path).status).toBe('passed')
    expect(decide(deny, path).status).toBe('failed')
    // A resource of another account is named by ARN on the path.
    const byArn = {
      ...path,
      destination: 'arn:aws:ec2:us-east-1:444455556666:network-interface/eni-0a25edef15a6cc08c'
    }
    expect(decide(allow, byArn).status).toBe('passed')
    // An address filter the assertion asks for, on the path.
    const fromRange = { ...allow, source: { ...allow.source, address: '10.0.0.0/8' } }
    expect(decide(fromRange, { ...path, sourceAddress: '10.0.0.0/8' }).status).toBe('passed')
    expect(decide(fromRange, path).status).toBe('error')
  })

  it.each([
    [
      'a different path id in the analysis',
      { ...path, id: 'nip-0ffffffffffffffff' },
      'not decided: the analysis ran on path nip-0614b9507b4e3e989, not on path nip-0ffffffffffffffff that was verified for this assertion'
    ],
    [
      'another source (a spoofed dev-box path)',
      { ...path, source: 'i-0d1000000000000b1' },
      "not decided: path nip-0614b9507b4e3e989 starts at i-0d1000000000000b1, not at this assertion's source i-0626d4edd54f1286d"
    ],
    [
      'another destination',
      { ...path, destination: 'eni-0bbbbbbbbbbbbbbb1' },
      "not decided: path nip-0614b9507b4e3e989 ends at eni-0bbbbbbbbbbbbbbb1, not at this assertion's destination eni-0a25edef15a6cc08c"
    ],
    [
      'another port',
      { ...path, ports: { from: 22, to: 22 } },
      "not decided: path nip-0614b9507b4e3e989 covers tcp port 22, not this assertion's tcp port 443"
    ],
    [
      'every port instead of one',
      { ...path, ports: undefined },
      "not decided: path nip-0614b9507b4e3e989 covers tcp every port, not this assertion's tcp port 443"
    ],
    [
      'an address filter the assertion did not ask for',
      { ...path, sourceAddress: '10.0.0.0/8' },
      'not decided: path nip-0614b9507b4e3e989 filters the source address 10.0.0.0/8, not as this assertion asks (no filter)'
    ],
    [
      'no path reported',
      undefined,
      'not decided: the engine did not report which path the analysis ran on, so its result cannot be tied to this assertion'
    ]
  ])('is an error for %s, for allow and deny alike', (_label, analyzed, reason) => {
    for (const assertion of [allow, deny]) {
      expect(decide(assertion, analyzed)).toMatchObject({ status: 'error', actual: 'unknown', reason })
    }
    // A spoof that would have made a deny pass still cannot: not passed, on a blocked result too.
    expect(decide(deny, analyzed, GUIDE_BLOCKED).status).toBe('error')
  })
})

describe('inspection verdicts: via and avoid are the intent, and AWS answers it', () => {
  // A spoke instance's egress to an internet address, to pass the inspection firewall endpoint X.
  const SRC = 'i-0a2000000000000a1'
  const DST = '203.0.113.10'
  const X = 'vpce-0c20000000000fa01'
  const X_ARN = `arn:aws:ec2:us-east-1:333333333333:vpc-endpoint/${X}`
  const fw = { id: X, arn: X_ARN }
  const ends = { resolvedSource: { id: SRC }, resolvedDestination: { id: DST, ip: DST } }
  // The path the engine created for this assertion (the verdict checks the analysis ran on it).
  const onPath = (raw: Record<string, unknown>) =>
    succeeded(
      { ...raw, NetworkInsightsPathId: 'nip-0f' },
      {
        path: {
          id: 'nip-0f',
          origin: 'created',
          source: SRC,
          destinationIp: DST,
          protocol: 'tcp',
          ports: { from: 443, to: 443 }
        }
      }
    )
  const assertionFor = (type: 'allow' | 'deny') =>
    makeAssertion(type, {
      id: `${type}-egress`,
      source: { ...allow.source, selector: { by: 'resource_id', resourceId: SRC, kind: 'instance' } },
      destination: { ...allow.destination, selector: { by: 'ip', ip: DST } }
    })
  const hop = (n: number, id: string, arn?: string) => ({
    SequenceNumber: n,
    Component: { Id: id, Arn: arn }
  })
  const found = (...ids: string[]) => ({
    NetworkInsightsAnalysisId: 'nia-0f',
    Status: 'succeeded',
    NetworkPathFound: true,
    ForwardPathComponents: ids.map((id, i) => hop(i + 1, id, id === X ? X_ARN : undefined))
  })
  const THROUGH_X = found(
    SRC,
    'eni-0a2000000000000a1',
    'tgw-0c20000000000ab01',
    X,
    'nat-0c20000000000ae01',
    'igw-0c20000000000ea01'
  )
  const BYPASS = found(SRC, 'eni-0a2000000000000a1', 'nat-0a2000000000000ae1', 'igw-0a2000000000000ea1')
  const filterCode = (code: string) =>
    notReachable([{ ExplanationCode: code, Component: { Id: X, Arn: X_ARN } }])
  const NOT_THROUGH_X = filterCode('COMPONENT_FILTER_RESTRICTION')
  const ONLY_THROUGH_X = filterCode('COMPONENT_FILTER_RESTRICTION_REMOVED_COMPONENT')
  const BLOCKED = notReachable([
    {
      ExplanationCode: 'NO_ROUTE_TO_DESTINATION',
      Direction: 'egress',
      RouteTable: { Id: 'rtb-0a2000000000000b1' },
      Address: DST
    }
  ])
  const decide = (type: 'allow' | 'deny', filter: 'via' | 'avoid', raw: Record<string, unknown>) =>
    decideVerdict({
      assertion: assertionFor(type),
      analysis: onPath(raw),
      ...ends,
      ...(filter === 'via' ? { resolvedVia: [fw] } : { resolvedAvoid: [fw] })
    })
  const HOPS_THROUGH_X = `${SRC} → eni-0a2000000000000a1 → tgw-0c20000000000ab01 → ${X} → nat-0c20000000000ae01 → igw-0c20000000000ea01`
  const HOPS_BYPASS = `${SRC} → eni-0a2000000000000a1 → nat-0a2000000000000ae1 → igw-0a2000000000000ea1`

  it.each([
    [
      'allow via X, a path through X',
      'allow',
      'via',
      THROUGH_X,
      'passed',
      `reachable as expected: ${HOPS_THROUGH_X}`
    ],
    [
      'allow via X, no path through X (firewall bypass)',
      'allow',
      'via',
      NOT_THROUGH_X,
      'failed',
      `no path from ${SRC} to ${DST} traverses ${X}`
    ],
    [
      'allow avoid X, a path around X',
      'allow',
      'avoid',
      BYPASS,
      'passed',
      `reachable as expected: ${HOPS_BYPASS}`
    ],
    [
      'allow avoid X, every path through X',
      'allow',
      'avoid',
      ONLY_THROUGH_X,
      'failed',
      `every path from ${SRC} to ${DST} traverses ${X}`
    ],
    [
      'deny avoid X, every path through X',
      'deny',
      'avoid',
      ONLY_THROUGH_X,
      'passed',
      `every path from ${SRC} to ${DST} traverses ${X}`
    ],
    [
      'deny avoid X, a path around X',
      'deny',
      'avoid',
      BYPASS,
      'failed',
      `expected every path from ${SRC} to ${DST} to traverse ${X}; this one avoids it: ${HOPS_BYPASS}`
    ],
    [
      'deny via X, no path through X',
      'deny',
      'via',
      NOT_THROUGH_X,
      'passed',
      `no path from ${SRC} to ${DST} traverses ${X}`
    ],
    [
      'deny via X, a path through X',
      'deny',
      'via',
      THROUGH_X,
      'failed',
      `expected no path from ${SRC} to ${DST} through ${X}; one exists: ${HOPS_THROUGH_X}`
    ]
  ] as const)('%s: %s', (_label, type, filter, raw, status, reason) => {
    const verdict = decide(type, filter, raw)
    expect([verdict.status, verdict.reason]).toEqual([status, reason])
    expect(verdict.actual).toBe(raw.NetworkPathFound ? 'reachable' : 'not_reachable')
  })

  it('a real block under the filters answers them too: allow via fails, deny via and deny avoid pass', () => {
    const block = 'Route table rtb-0a2000000000000b1 has no route to 203.0.113.10'
    const via = decide('allow', 'via', BLOCKED)
    expect(via.status).toBe('failed')
    expect(via.reason).toMatch(new RegExp(`^no path from ${SRC} to ${DST} traverses ${X}: ${block}`))
    const denyVia = decide('deny', 'via', BLOCKED)
    expect([denyVia.status, denyVia.reason]).toEqual(['passed', via.reason])
    const denyAvoid = decide('deny', 'avoid', BLOCKED)
    expect(denyAvoid.status).toBe('passed')
    expect(denyAvoid.reason).toMatch(
      new RegExp(
        `^every path from ${SRC} to ${DST} traverses ${X} \\(a path avoiding it is blocked: ${block}`
      )
    )
    const allowAvoid = decide('allow', 'avoid', BLOCKED)
    expect(allowAvoid.status).toBe('failed')
    expect(allowAvoid.reason).toMatch(new RegExp(`^no path from ${SRC} to ${DST} avoids ${X}: ${block}`))
  })

  it('names every avoided component when several are (two-AZ firewall endpoints)', () => {
    const other = {
      id: 'vpce-0c20000000000fa02',
      arn: 'arn:aws:ec2:us-east-1:333333333333:vpc-endpoint/vpce-0c20000000000fa02'
    }
    const verdict = decideVerdict({
      assertion: assertionFor('deny'),
      analysis: onPath(ONLY_THROUGH_X),
      ...ends,
      resolvedAvoid: [fw, other]
    })
    expect([verdict.status, verdict.reason]).toEqual([
      'passed',
      `every path from ${SRC} to ${DST} traverses ${X} or vpce-0c20000000000fa02`
    ])
  })

  it('keeps the strict rules for everything that is not about the filters', () => {
    // A filter code naming a component that is not this assertion's via/avoid proves nothing.
    const elsewhere = notReachable([
      { ExplanationCode: 'COMPONENT_FILTER_RESTRICTION', Component: { Id: 'vpce-0ffffffffffffffff' } }
    ])
    expect(decide('deny', 'via', elsewhere).status).toBe('error')
    expect(decide('allow', 'via', elsewhere).status).toBe('error')
    // …and without via at all, as before.
    expect(decideVerdict({ assertion: deny, analysis: succeeded(NOT_THROUGH_X) }).status).toBe('error')
    expect(decideVerdict({ assertion: deny, analysis: succeeded(ONLY_THROUGH_X) }).status).toBe('error')
    // A missing source stays an error even when the filter is answered.
    const noSource = notReachable([
      { ExplanationCode: 'COMPONENT_FILTER_RESTRICTION', Component: { Id: X, Arn: X_ARN } },
      { ExplanationCode: 'NO_SOURCE_OR_DESTINATION', Component: { Id: SRC } }
    ])
    for (const type of ['allow', 'deny'] as const) {
      const verdict = decide(type, 'via', noSource)
      expect([verdict.status, verdict.actual]).toEqual(['error', 'unknown'])
      expect(verdict.reason).toMatch(/^the analysis could not evaluate this path: The source or destination/)
    }
    // NO_PATH names no blocking component: a deny with avoid cannot pass on it.
    const noPath = notReachable([{ ExplanationCode: 'NO_PATH', Component: { Id: X, Arn: X_ARN } }])
    expect(decide('deny', 'avoid', noPath).status).toBe('error')
    // REMOVED_COMPONENT naming a via component is not "every path traverses X" without an avoid filter.
    expect(decide('deny', 'via', ONLY_THROUGH_X).status).toBe('error')
  })

  it('a path AWS reports against the filters proves nothing for a deny (error), and fails an allow', () => {
    // deny avoid X, but the reported path traverses X: AWS did not apply the filter.
    const denied = decide('deny', 'avoid', THROUGH_X)
    expect(denied.status).toBe('error')
    expect(denied.reason).toBe(
      `AWS reported a path that does not honour the filters: expected the path to avoid ${X} (avoid), but it traverses it: ${HOPS_THROUGH_X}`
    )
    expect(decide('deny', 'via', BYPASS).status).toBe('error')
    expect(decide('allow', 'via', BYPASS).status).toBe('failed')
  })

  it('every reason reads cleanly', () => {
    for (const type of ['allow', 'deny'] as const)
      for (const filter of ['via', 'avoid'] as const)
        for (const raw of [THROUGH_X, BYPASS, NOT_THROUGH_X, ONLY_THROUGH_X, BLOCKED])
          expect(decide(type, filter, raw).reason).not.toMatch(BROKEN_TEXT)
  })
})
