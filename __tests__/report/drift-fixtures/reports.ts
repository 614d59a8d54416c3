// Runs of one small config, as the drift tests need them: an egress path through a NAT gateway and an
// inspection firewall, a database path, and a deny assertion. Each run says which assertions fail.
import type { AssertionReport, PathHop, RunReport, VerdictStatus } from '../../../src/model.js'
import { explanation, hop, result, runReport } from '../fixtures.js'

/** app-server → firewall endpoint → NAT gateway → internet gateway. */
export function egressPath(options: { nat?: string; firewall?: boolean } = {}): PathHop[] {
  const hops: Array<[string, string, string?]> = [
    ['i-0123456789abcdef0', 'instance', 'app-server'],
    ['eni-0123456789abcdef0', 'network-interface'],
    ['sg-0123456789abcdef0', 'security-group', 'app-sg'],
    ['rtb-0aaaa1111bbbb2222', 'route-table']
  ]
  if (options.firewall ?? true) hops.push(['vpce-0fw11112222333344', 'vpc-endpoint', 'inspection-firewall'])
  hops.push(
    [options.nat ?? 'nat-0aaa', 'nat-gateway', 'egress-nat'],
    ['igw-0abcdef0123456789', 'internet-gateway']
  )
  return hops.map(([id, type, name], i) => hop(i + 1, id, type, name))
}

export interface RunSpec {
  /** Status of app-to-db (default passed). */
  db?: VerdictStatus
  /** Status of web-to-api (default passed). */
  api?: VerdictStatus
  nat?: string
  firewall?: boolean
  finishedAt?: string
}

/** Four assertions; app-to-internet is always reachable, the others as the spec says. */
export function driftRun(spec: RunSpec = {}): RunReport {
  const results: AssertionReport[] = [
    result({
      id: 'app-to-internet',
      line: 10,
      status: 'passed',
      analysis: { forwardPath: egressPath(spec), networkPathFound: true }
    }),
    statusResult('app-to-db', 22, spec.db ?? 'passed'),
    statusResult('web-to-api', 34, spec.api ?? 'passed'),
    result({ id: 'no-ssh-from-internet', line: 46, status: 'passed', type: 'deny' })
  ]
  return runReport(results, spec.finishedAt ? { finishedAt: spec.finishedAt } : {})
}

function statusResult(id: string, line: number, status: VerdictStatus): AssertionReport {
  if (status === 'failed') {
    return result({
      id,
      line,
      status,
      reason: 'not reachable: security group db-sg allows no tcp/5432 from the source',
      explanations: [
        explanation(
          'ENI_SG_RULES_MISMATCH',
          'Security group db-sg (sg-0fedcba9876543210) has no inbound rule allowing tcp/5432 from 10.0.1.0/24.',
          'sg-0fedcba9876543210'
        )
      ],
      analysis: { networkPathFound: false }
    })
  }
  if (status === 'error') {
    return result({
      id,
      line,
      status,
      reason: 'the analysis timed out after 300 s',
      analysis: { status: 'timeout', message: 'timed out after 300 s' }
    })
  }
  return result({
    id,
    line,
    status,
    analysis: {
      forwardPath: [hop(1, 'i-0123456789abcdef0', 'instance'), hop(2, `eni-0${line}db`, 'network-interface')]
    }
  })
}
