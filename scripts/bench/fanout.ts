// Issue 12's fan-out benchmark: one `match: each` assertion per account whose source group expands to
// `perAccount` instances (one analysis each), over `accounts` accounts assumed from one base account.
// Each account has its own EC2 token buckets and its own 100-concurrent-analyses quota, so the bound of
// the whole run is the slowest account's bound.
import type { ScenarioFile } from '../../sandbox/scenario.js'
import type { Sandbox } from '../../sandbox/server.js'
import { BENCH_REGION } from './scenario.js'

export const FANOUT_BASE_ACCOUNT = 'fan0'
const SOURCE_SG = 'sg-0f00000000000a001'
const SERVER_SG = 'sg-0f00000000000d001'
const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0')
const accountId = (a: number): string => `5555555555${hex(a, 2).replace(/[a-f]/g, '0')}`.slice(0, 12)
const server = (a: number): string => `i-0e${hex(a, 3)}${hex(0, 12)}`
const client = (a: number, i: number): string => `i-0c${hex(a, 3)}${hex(i, 12)}`

/** Scenario: `accounts` accounts, each with `perAccount` clients (Role=client) and one server; all reachable. */
export function fanoutScenario(accounts: number, perAccount: number): ScenarioFile {
  const scenario: ScenarioFile = {
    name: `fan-out ${accounts} x ${perAccount}`,
    seed: 12,
    accounts: {},
    roles: [],
    resources: {},
    reachability: []
  }
  for (let a = 0; a < accounts; a++) {
    const name = `fan${a}`
    scenario.accounts![name] = {
      id: accountId(a),
      regions: [BENCH_REGION],
      ...(a === 0
        ? { staticKeys: [{ accessKeyId: 'AKIAFANOUT0000000001', secretAccessKey: 'fanout-secret-key-0001' }] }
        : {})
    }
    scenario.roles!.push({
      arn: `arn:aws:iam::${accountId(a)}:role/NetworkPreflight`,
      trust: { principals: [accountId(0)] }
    })
    const instances = [
      {
        id: server(a),
        name: `server-${a}`,
        vpcId: 'vpc-0f000000000000001',
        subnetId: 'subnet-0f000000000000021',
        privateIp: `10.${100 + a}.250.10`,
        securityGroups: [SERVER_SG]
      }
    ]
    for (let i = 0; i < perAccount; i++) {
      instances.push({
        id: client(a, i),
        name: `client-${a}-${i}`,
        tags: { Role: 'client' },
        vpcId: 'vpc-0f000000000000001',
        subnetId: 'subnet-0f000000000000011',
        privateIp: `10.${100 + a}.${Math.floor(i / 250)}.${(i % 250) + 4}`,
        securityGroups: [SOURCE_SG]
      } as (typeof instances)[number])
      scenario.reachability!.push({
        id: `fan-${a}-${i}`,
        source: client(a, i),
        destination: server(a),
        protocol: 'tcp',
        port: 443,
        paths: [
          {
            forward: [
              client(a, i),
              {
                Component: { Id: SERVER_SG },
                SecurityGroupRule: {
                  Direction: 'ingress',
                  Protocol: 'tcp',
                  PortRange: { From: 443, To: 443 },
                  SecurityGroupId: SOURCE_SG
                }
              },
              server(a)
            ]
          }
        ]
      })
    }
    scenario.resources![name] = {
      [BENCH_REGION]: {
        securityGroups: [
          { id: SOURCE_SG, name: 'client-sg' },
          { id: SERVER_SG, name: 'server-sg' }
        ],
        instances
      }
    }
  }
  return scenario
}

/** One `match: each` assertion per account: every client reaches the account's server on 443. */
export function fanoutConfigYaml(accounts: number, perAccount: number): string {
  const lines = ['version: 1', 'defaults:', `  region: ${BENCH_REGION}`, 'accounts:']
  for (let a = 0; a < accounts; a++) {
    lines.push(
      `  fan${a}:`,
      `    role_arn: arn:aws:iam::${accountId(a)}:role/NetworkPreflight`,
      `    regions: [${BENCH_REGION}]`
    )
  }
  lines.push('assertions:')
  for (let a = 0; a < accounts; a++) {
    lines.push(
      `  - id: every-client-of-fan${a}`,
      '    type: allow',
      `    source: { account: fan${a}, selector: { tags: { Role: client }, kind: instance, match: each, max_members: ${perAccount} } }`,
      `    destination: { account: fan${a}, selector: { resource_id: ${server(a)} } }`,
      '    protocol: tcp',
      '    port: 443'
    )
  }
  return lines.join('\n') + '\n'
}

/** Analysis lifetimes per account id, as the sandbox decided them when each started. */
export function recordDurationsByAccount(sandbox: Sandbox): Map<string, number[]> {
  const byAccount = new Map<string, number[]>()
  const analyses = sandbox.aws.analyses
  const set = analyses.set.bind(analyses)
  analyses.set = (id, stored) => {
    if (!analyses.has(id) && Number.isFinite(stored.finishesAt)) {
      const list = byAccount.get(stored.accountId) ?? []
      list.push(stored.finishesAt - stored.startedAt)
      byAccount.set(stored.accountId, list)
    }
    return set(id, stored)
  }
  return byAccount
}
