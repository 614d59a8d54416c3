// Builders for RunReport fixtures: realistic shapes (ids, ARNs, explanation codes from the AWS docs)
// without running the pipeline.
import type {
  AnalysisResult,
  AssertionReport,
  AssertionType,
  Endpoint,
  Explanation,
  Outcome,
  PathHop,
  PortRange,
  Resolution,
  RunReport,
  Selector,
  VerdictStatus
} from '../../src/model.js'

export const CONFIG_FILE = 'network/preflight.yaml'
const ACCOUNT_ID = '222222222222'

export function endpoint(
  role: Endpoint['role'],
  line: number,
  selector: Selector = {
    by: 'tags',
    tags: { Name: `${role}-server` },
    kinds: ['instance', 'network-interface']
  },
  account = 'app'
): Endpoint {
  return { role, account, region: 'us-east-1', selector, location: { file: CONFIG_FILE, line, column: 7 } }
}

export function instanceResolution(id: string, name?: string, warnings?: string[]): Resolution {
  return {
    ok: true,
    target: {
      kind: 'instance',
      resourceId: id,
      arn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:instance/${id}`,
      ownerAccountId: ACCOUNT_ID,
      account: 'app',
      region: 'us-east-1',
      vpcId: 'vpc-0abc123def4567890',
      name,
      primaryNetworkInterfaceId: `eni-${id.slice(2)}`,
      warnings
    }
  }
}

export function hop(sequence: number, componentId: string, componentType: string, name?: string): PathHop {
  return {
    sequence,
    componentId,
    componentType,
    name,
    componentArn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:${componentType}/${componentId}`
  }
}

export function explanation(code: string, sentence: string, componentId?: string): Explanation {
  return {
    code,
    sentence,
    componentId,
    direction: 'ingress',
    consoleUrl: componentId
      ? `https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#SecurityGroup:groupId=${componentId}`
      : undefined
  }
}

export interface ResultSpec {
  id: string
  /** Line of the `- id:` item. */
  line: number
  status: VerdictStatus
  type?: AssertionType
  reason?: string
  actual?: Outcome
  explanations?: Explanation[]
  warnings?: string[]
  analysis?: Partial<AnalysisResult> | null
  source?: Resolution
  destination?: Resolution
  port?: PortRange
  description?: string
  labels?: string[]
}

/** One assertion's report. Defaults: an allow assertion, a succeeded analysis consistent with the status. */
export function result(spec: ResultSpec): AssertionReport {
  const type = spec.type ?? 'allow'
  const expected: Outcome = type === 'allow' ? 'reachable' : 'not_reachable'
  const opposite: Outcome = type === 'allow' ? 'not_reachable' : 'reachable'
  const actual =
    spec.actual ?? (spec.status === 'passed' ? expected : spec.status === 'failed' ? opposite : 'unknown')
  const n = String(spec.line).padStart(4, '0')
  const analysis: AnalysisResult | undefined =
    spec.analysis === null
      ? undefined
      : {
          status: 'succeeded',
          analysisId: `nia-0${n}aaaabbbbcccc`,
          analysisArn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:network-insights-analysis/nia-0${n}aaaabbbbcccc`,
          pathId: `nip-0${n}aaaabbbbcccc`,
          networkPathFound: actual === 'unknown' ? undefined : actual === 'reachable',
          forwardPath: [],
          returnPath: [],
          explanations: spec.explanations ?? [],
          durationMs: 41_500,
          ...spec.analysis
        }
  return {
    assertion: {
      id: spec.id,
      type,
      description: spec.description,
      labels: spec.labels ?? [],
      source: endpoint('source', spec.line + 3),
      destination: endpoint(
        'destination',
        spec.line + 6,
        { by: 'resource_id', resourceId: 'eni-0abc1234def567890', kind: 'network-interface' },
        'shared'
      ),
      protocol: 'tcp',
      port: spec.port ?? { from: 5432, to: 5432 },
      via: [],
      avoid: [],
      region: 'us-east-1',
      location: { file: CONFIG_FILE, line: spec.line, column: 5 }
    },
    source: spec.source ?? instanceResolution('i-0123456789abcdef0', 'app-server'),
    destination: spec.destination ?? {
      ok: true,
      target: {
        kind: 'network-interface',
        resourceId: 'eni-0abc1234def567890',
        arn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:network-interface/eni-0abc1234def567890`,
        account: 'shared',
        region: 'us-east-1'
      }
    },
    via: [],
    avoid: [],
    analysis,
    verdict: {
      assertionId: spec.id,
      status: spec.status,
      expected,
      actual,
      reason:
        spec.reason ??
        (spec.status === 'passed'
          ? `${expected === 'reachable' ? 'reachable' : 'not reachable'}, as expected`
          : `expected ${expected}, got ${actual}`),
      explanations: spec.explanations ?? [],
      warnings: spec.warnings ?? []
    }
  }
}

/** A run over the given results, with counts computed from them. */
export function runReport(results: AssertionReport[], overrides: Partial<RunReport> = {}): RunReport {
  const count = (status: VerdictStatus) => results.filter(r => r.verdict.status === status).length
  const analysesStarted = results.filter(r => r.analysis?.analysisId).length
  return {
    tool: 'network-preflight',
    version: '0.1.0',
    configFile: CONFIG_FILE,
    startedAt: '2026-03-15T14:30:00.000Z',
    finishedAt: '2026-03-15T14:31:42.000Z',
    durationMs: 102_000,
    analysesStarted,
    estimatedCostUsd: Math.round(analysesStarted * 10) / 100,
    results,
    passed: count('passed'),
    failed: count('failed'),
    errors: count('error'),
    total: results.length,
    ...overrides
  }
}

/** A long realistic not-reachable path: instance → ENI → SG → NACL → route table → TGW attachment … */
export function blockedPath(): PathHop[] {
  return [
    hop(1, 'i-0123456789abcdef0', 'instance', 'app-server'),
    hop(2, 'eni-0123456789abcdef0', 'network-interface'),
    hop(3, 'sg-0123456789abcdef0', 'security-group', 'app-sg'),
    hop(4, 'acl-0123456789abcdef0', 'network-acl'),
    hop(5, 'rtb-0123456789abcdef0', 'route-table'),
    hop(6, 'tgw-attach-0123456789abcdef0', 'transit-gateway-attachment'),
    hop(7, 'tgw-0123456789abcdef0', 'transit-gateway'),
    hop(8, 'tgw-rtb-0123456789abcdef0', 'transit-gateway-route-table')
  ]
}

/**
 * `total` assertions, `failures` of which failed (every `total/failures`-th), each failure with an SG
 * explanation and an 8-hop path, as the big-report tests need.
 */
export function bigReport(total: number, failures: number): RunReport {
  const every = Math.floor(total / failures)
  const results: AssertionReport[] = []
  let failed = 0
  for (let i = 0; i < total; i++) {
    const id = `path-${String(i).padStart(4, '0')}-app-to-db`
    const line = 10 + i * 12
    if (i % every === 0 && failed < failures) {
      failed++
      results.push(
        result({
          id,
          line,
          status: 'failed',
          reason:
            'not reachable: security group sg-0123456789abcdef0 of the destination allows no tcp/5432 from the source',
          explanations: [
            explanation(
              'ENI_SG_RULES_MISMATCH',
              'Security group app-sg (sg-0123456789abcdef0) on eni-0abc1234def567890 has no inbound rule allowing tcp/5432 from 10.0.1.0/24.',
              'sg-0123456789abcdef0'
            )
          ],
          analysis: { forwardPath: blockedPath(), networkPathFound: false }
        })
      )
    } else {
      results.push(result({ id, line, status: 'passed' }))
    }
  }
  return runReport(results)
}
