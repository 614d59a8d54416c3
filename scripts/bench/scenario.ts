// Generated inputs for the benchmark: a sandbox scenario with N source/destination instance pairs in one
// account and Region (with a Reachability Analyzer fact per pair), and the preflight config asserting them.
import type { Knobs, ScenarioFile } from '../../sandbox/scenario.js'

export const BENCH_ACCOUNT = 'bench'
export const BENCH_ACCOUNT_ID = '111111111111'
export const BENCH_REGION = 'us-east-1'

/**
 * 30 s analyses (±30%) become 3 s; the mutating bucket refills at 5/s scaled = 50 real calls per second.
 * Stronger compression (0.02) makes fixed real costs (HTTP round trips, SDK setup, the SDK's unscaled retry
 * backoff) count 50× in scaled seconds and flatters nothing: it only distorts.
 */
export const BENCH_TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 0.1)
export const BENCH_KNOBS: Partial<Knobs> = {
  timeScale: BENCH_TIME_SCALE,
  analysisSeconds: 30,
  analysisJitter: 0.3,
  // AWS pages describes by MaxResults (up to 1,000 for DescribeInstances); the sandbox's default of 5 exists
  // to exercise pagination in tests and would inflate describe counts here.
  pageSize: 100
}

/** The one bench account, signing with static keys (no OIDC in the bench). */
export const BENCH_ACCOUNTS: ScenarioFile['accounts'] = {
  [BENCH_ACCOUNT]: {
    id: BENCH_ACCOUNT_ID,
    regions: [BENCH_REGION],
    staticKeys: [{ accessKeyId: 'AKIABENCH00000000001', secretAccessKey: 'bench-secret-key-0001' }]
  }
}
const SOURCE_SG = 'sg-0b00000000000a001'
const DESTINATION_SG = 'sg-0b00000000000d001'

/** Every third pair is blocked by the destination's security group; the others are reachable. */
export const isReachablePair = (index: number): boolean => index % 3 !== 0

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0')

interface Pair {
  index: number
  source: string
  sourceEni: string
  destination: string
  destinationEni: string
  port: number
}

function pairOf(index: number): Pair {
  return {
    index,
    source: `i-0a${hex(index, 15)}`,
    sourceEni: `eni-0a${hex(index, 15)}`,
    destination: `i-0d${hex(index, 15)}`,
    destinationEni: `eni-0d${hex(index, 15)}`,
    // Distinct ports keep every (source, destination, port) analysis distinct, like real configs.
    port: 1024 + index
  }
}

const ipOf = (side: number, index: number): string =>
  `10.${side}.${Math.floor(index / 250)}.${(index % 250) + 4}`

/** A scenario with `pairs` instance pairs and their reachability facts; knobs come from the caller. */
export function benchScenario(pairs: number): ScenarioFile {
  const instances: NonNullable<NonNullable<ScenarioFile['resources']>[string][string]['instances']> = []
  const reachability: NonNullable<ScenarioFile['reachability']> = []
  for (let i = 0; i < pairs; i++) {
    const p = pairOf(i)
    instances.push(
      {
        id: p.source,
        name: `client-${i}`,
        vpcId: 'vpc-0b000000000000001',
        subnetId: 'subnet-0b000000000000011',
        privateIp: ipOf(1, i),
        securityGroups: [SOURCE_SG],
        primaryNetworkInterfaceId: p.sourceEni
      },
      {
        id: p.destination,
        name: `server-${i}`,
        vpcId: 'vpc-0b000000000000001',
        subnetId: 'subnet-0b000000000000021',
        privateIp: ipOf(2, i),
        securityGroups: [DESTINATION_SG],
        primaryNetworkInterfaceId: p.destinationEni
      }
    )
    if (isReachablePair(i)) {
      reachability.push({
        id: `pair-${i}`,
        source: p.source,
        destination: p.destination,
        protocol: 'tcp',
        port: p.port,
        paths: [
          {
            forward: [
              p.source,
              p.sourceEni,
              {
                Component: { Id: SOURCE_SG },
                SecurityGroupRule: { Direction: 'egress', Protocol: 'all', Cidr: '0.0.0.0/0' }
              },
              {
                Component: { Id: DESTINATION_SG },
                SecurityGroupRule: {
                  Direction: 'ingress',
                  Protocol: 'tcp',
                  PortRange: { From: p.port, To: p.port },
                  SecurityGroupId: SOURCE_SG
                }
              },
              p.destinationEni,
              p.destination
            ],
            return: [p.destination, p.destinationEni, p.sourceEni, p.source]
          }
        ]
      })
    } else {
      reachability.push({
        id: `pair-${i}`,
        source: p.source,
        destination: p.destination,
        protocol: 'tcp',
        port: p.port,
        forward: [p.source, p.sourceEni],
        explanations: [
          {
            Direction: 'ingress',
            ExplanationCode: 'ENI_SG_RULES_MISMATCH',
            NetworkInterface: { Id: p.destinationEni },
            SecurityGroups: [{ Id: DESTINATION_SG, Name: 'server-sg' }],
            Subnet: { Id: 'subnet-0b000000000000021' },
            Vpc: { Id: 'vpc-0b000000000000001' }
          }
        ]
      })
    }
  }
  return {
    name: `bench ${pairs} pairs`,
    seed: 7,
    accounts: BENCH_ACCOUNTS,
    resources: {
      [BENCH_ACCOUNT]: {
        [BENCH_REGION]: {
          securityGroups: [
            { id: SOURCE_SG, name: 'client-sg' },
            { id: DESTINATION_SG, name: 'server-sg' }
          ],
          instances
        }
      }
    },
    reachability
  }
}

/** The preflight config for the first `pairs` pairs: allow where reachable, deny where blocked (all pass). */
export function benchConfigYaml(pairs: number): string {
  const lines = [
    'version: 1',
    'defaults:',
    `  region: ${BENCH_REGION}`,
    'accounts:',
    `  ${BENCH_ACCOUNT}:`,
    `    account_id: '${BENCH_ACCOUNT_ID}'`,
    `    regions: [${BENCH_REGION}]`,
    'assertions:'
  ]
  for (let i = 0; i < pairs; i++) {
    const p = pairOf(i)
    lines.push(
      `  - id: pair-${i}`,
      `    type: ${isReachablePair(i) ? 'allow' : 'deny'}`,
      `    source: { account: ${BENCH_ACCOUNT}, selector: { resource_id: ${p.source} } }`,
      `    destination: { account: ${BENCH_ACCOUNT}, selector: { resource_id: ${p.destination} } }`,
      '    protocol: tcp',
      `    port: ${p.port}`
    )
  }
  return lines.join('\n') + '\n'
}
