// The hostile world of __tests__/e2e/hostile-strings.test.ts: the demo network (examples/sandbox.yaml and
// examples/preflight.yaml) with every string an attacker controls replaced by one that tries to escape its
// writer. Each hostile string starts with a marker (HXNAME, HXSG, …) naming where it was planted, so the
// test can show that it did reach each writer (neutralised), not merely that nothing bad came out.
import { readFileSync } from 'node:fs'
import { dump, load } from 'js-yaml'
import type { FactSpec, ScenarioFile } from '../../sandbox/scenario.js'

const ESC = '\u001b'
const BEL = '\u0007'

/**
 * Everything that could make a writer speak for someone else: line breaks into workflow commands (also
 * `%0A`-encoded and the runner's older `##[` syntax), terminal escapes (OSC-8 hyperlink, CSI, C1, DEL),
 * a Mermaid directive, HTML, bare URLs, mentions, an issue reference and markdown/table syntax.
 */
export const ATTACKS = [
  // First what a Mermaid label or markdown would show first (labels keep only their first words).
  '%%{init: {"theme":"dark"}}%%',
  '<img src=x onerror=alert(1)>',
  '\n::error::HXINJECTED',
  '\r\n::stop-commands::tok',
  '\n::add-mask::HX',
  '\n  ::set-output name=result::passed',
  '%0A::warning::pct%0D',
  `${ESC}]8;;http://evil${BEL}x${ESC}]8;;${BEL}`,
  `${ESC}[2J\u0085\u009b31m\u007f\u2028`,
  'https://evil.example/x www.evil.example',
  '@org/team @user #123',
  '| ` ```',
  '##[error]old'
]

/** A hostile string planted as `marker`: the marker first (it survives any cut), then every attack. */
export function hostile(marker: string): string {
  return `${marker} ${ATTACKS.join(' ')}`
}

/** A short hostile string, for fields the schema bounds (tag values in a selector: 256). */
export function shortHostile(marker: string): string {
  return `${marker} \n::error::x ${ESC}]8;;http://evil${BEL}x${ESC}]8;;${BEL} %%{init: {}}%% <img src=x> www.evil.example @org/team | \``
}

/** About a megabyte: the marker, the attacks, then filler with a line break every so often. */
export function hugeHostile(marker: string): string {
  return `${hostile(marker)} ${`${'A'.repeat(4095)}\n`.repeat(256)}::error::HXTAIL`
}

export const ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'
const API = 'i-0a1000000000000a1'
const LOG_COLLECTOR = 'i-0c1000000000000c1'
const REPLICA_SG = 'sg-0a0000000000a0003'

/** Ids the config allows (letters, digits, `_ . : / -`) that are still hostile in markdown and logs. */
export const IDS = {
  failing: 'https://evil.example/x',
  passing: 'www.evil.example',
  colons: 'x::error::HXID',
  status: 'dev-never-reaches-prod-api',
  awsError: 'shared-aws-error'
}

const fact = (scenario: ScenarioFile, id: string): FactSpec => {
  const found = scenario.reachability?.find(f => f.id === id)
  if (!found) throw new Error(`examples/sandbox.yaml has no reachability fact "${id}"`)
  return found
}

/** The demo scenario with hostile tags, names, an analysis status message and an AWS error message. */
export function hostileScenario(): ScenarioFile {
  const scenario = load(
    readFileSync(new URL('../../examples/sandbox.yaml', import.meta.url), 'utf8')
  ) as ScenarioFile
  const app = scenario.resources!.app['us-east-1']
  const shared = scenario.resources!.shared['us-east-1']
  const api = app.instances!.find(i => i.id === API)!
  api.name = hostile('HXNAME')
  api.tags = { ...api.tags, Owner: shortHostile('HXOWNER') }
  shared.instances!.find(i => i.id === LOG_COLLECTOR)!.name = hostile('HXLOGNAME')
  app.securityGroups!.find(g => g.id === REPLICA_SG)!.name = hostile('HXSGRES')
  // The security group named in the explanation of the failing assertion (what AWS's answer carries).
  const drift = fact(scenario, 'api-to-db-replica-drift')
  const explanation = drift.explanations![0] as {
    SecurityGroups: Array<{ Id: string; Name: string }>
    NetworkInterface: { Id: string; Name?: string }
  }
  explanation.SecurityGroups[0].Name = hostile('HXSG')
  explanation.NetworkInterface.Name = hostile('HXENI')
  // A hop name in a reachable path (the NAT gateway the egress path goes through).
  const egress = fact(scenario, 'api-egress')
  const nat = egress.paths![0].forward.find(
    h => typeof h === 'object' && (h as { Component?: { Id?: string } }).Component?.Id?.startsWith('nat-')
  ) as { Component: { Name: string } }
  nat.Component.Name = hostile('HXHOP')
  // dev → prod API: the analysis itself fails, with a megabyte of status message.
  const status = fact(scenario, 'dev-to-prod-api')
  delete status.explanations
  delete status.forward
  status.failure = hugeHostile('HXSTATUS')
  // Every path created in the shared account is refused with a megabyte of error message.
  scenario.faults = [
    {
      service: 'ec2',
      action: 'CreateNetworkInsightsPath',
      account: 'shared',
      times: 0,
      error: 'InvalidParameterValue',
      status: 400,
      message: hugeHostile('HXAWSERR')
    }
  ]
  return scenario
}

interface ConfigAssertion {
  id: string
  description?: string
  source: { account: string; selector: Record<string, unknown> }
  destination: { account?: string; selector?: Record<string, unknown>; ip?: string }
  [key: string]: unknown
}

/** The demo config with hostile ids, descriptions and selector values; `without` drops assertions. */
export function hostileConfig(without: string[] = []): string {
  const config = load(readFileSync(new URL('../../examples/preflight.yaml', import.meta.url), 'utf8')) as {
    assertions: ConfigAssertion[]
  }
  const rename: Record<string, string> = {
    'api-to-db-replica': IDS.failing,
    'api-to-db': IDS.passing,
    'internet-never-reaches-db': IDS.colons
  }
  for (const a of config.assertions) {
    a.id = rename[a.id] ?? a.id
    a.description = hostile('HXDESC').slice(0, 1000)
    // orders-api's Name tag is hostile now: select it by id, and once by its (hostile) Owner tag.
    if (JSON.stringify(a.source.selector).includes('orders-api'))
      a.source.selector =
        a.id === IDS.passing ? { tags: { Owner: shortHostile('HXOWNER') } } : { resource_id: API }
    if (JSON.stringify(a.destination.selector ?? {}).includes('orders-api'))
      a.destination.selector = { resource_id: API }
  }
  config.assertions.push({
    id: IDS.awsError,
    type: 'allow',
    description: hostile('HXDESC'),
    source: { account: 'shared', selector: { resource_id: LOG_COLLECTOR } },
    destination: { ip: '203.0.113.10' },
    protocol: 'tcp',
    port: 443
  })
  config.assertions = config.assertions.filter(a => !without.includes(a.id))
  return dump(config, { lineWidth: -1, noRefs: true })
}

/** A config the loader refuses: a megabyte-long key, a key full of attacks, and an over-long description. */
export function brokenConfig(): string {
  const config = load(
    readFileSync(new URL('../../examples/preflight.yaml', import.meta.url), 'utf8')
  ) as Record<string, unknown> & { assertions: ConfigAssertion[] }
  config[`HXKEYBIG${'k'.repeat(1_000_000)}`] = 1
  config[hostile('HXKEY')] = { [hostile('HXNESTED')]: 2 }
  config.assertions[0].description = `HXLONGDESC ${'d'.repeat(600_000)}`
  return dump(config, { lineWidth: -1, noRefs: true })
}
