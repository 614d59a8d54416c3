import { renderSummary, SUMMARY_LIMIT_BYTES, verdictLine, writeSummary } from '../../src/report/summary.js'
import type { AssertionReport } from '../../src/model.js'
import {
  bigReport,
  blockedPath,
  explanation,
  hop,
  instanceResolution,
  result,
  runReport
} from './fixtures.js'

const SG = explanation(
  'ENI_SG_RULES_MISMATCH',
  'Security group db-sg (sg-0db0000000000000a) on eni-0abc1234def567890 has no inbound rule allowing tcp/5432 from 10.0.1.15.',
  'sg-0db0000000000000a'
)
const NACL = explanation(
  'SUBNET_ACL_RESTRICTION',
  'Network ACL acl-0ac1000000000000b of subnet-0aaa denies inbound tcp/443 from 10.0.1.15 (rule 90).',
  'acl-0ac1000000000000b'
)
const ROUTE = explanation(
  'NO_ROUTE_TO_DESTINATION',
  'Route table rtb-0r00000000000000c has no route to 10.20.0.8.',
  'rtb-0r00000000000000c'
)
const FILTER = explanation(
  'COMPONENT_FILTER_RESTRICTION',
  'No path traverses tgw-attach-0123456789abcdef0, which the assertion requires (via).',
  'tgw-attach-0123456789abcdef0'
)

function mixedReport(): AssertionReport[] {
  return [
    result({ id: 'ok-web', line: 5, status: 'passed' }),
    result({
      id: 'app-to-db',
      line: 12,
      status: 'failed',
      reason: 'not reachable: security group db-sg blocks tcp/5432',
      explanations: [SG],
      analysis: { forwardPath: blockedPath().slice(0, 3), networkPathFound: false, durationMs: 38_200 }
    }),
    result({
      id: 'web-to-api',
      line: 30,
      status: 'failed',
      port: { from: 443, to: 443 },
      reason: 'not reachable: network ACL acl-0ac1000000000000b denies inbound tcp/443',
      explanations: [NACL],
      analysis: { forwardPath: blockedPath().slice(0, 4), networkPathFound: false }
    }),
    result({
      id: 'app-to-partner',
      line: 48,
      status: 'failed',
      reason: 'not reachable: no route to 10.20.0.8',
      explanations: [ROUTE],
      analysis: { forwardPath: blockedPath().slice(0, 5), networkPathFound: false }
    }),
    result({
      id: 'no-ssh-from-internet',
      line: 66,
      type: 'deny',
      status: 'failed',
      port: { from: 22, to: 22 },
      reason: 'reachable, but the assertion says it must not be',
      analysis: {
        networkPathFound: true,
        forwardPath: [
          hop(1, 'igw-0797cccdc9d73b0e5', 'internet-gateway'),
          hop(2, 'acl-04fbcfb79260f6c5b', 'network-acl'),
          hop(3, 'sg-02f0d35a850ba727f', 'security-group'),
          hop(4, 'eni-0a25edef15a6cc08c', 'network-interface'),
          hop(5, 'i-0626d4edd54f1286d', 'instance', 'bastion')
        ],
        returnPath: [
          hop(1, 'i-0626d4edd54f1286d', 'instance'),
          hop(2, 'igw-0797cccdc9d73b0e5', 'internet-gateway')
        ]
      }
    }),
    result({
      id: 'via-tgw',
      line: 84,
      status: 'error',
      reason: 'the question cannot be answered as asked: no path traverses the required via component',
      explanations: [FILTER],
      analysis: { networkPathFound: false }
    }),
    result({
      id: 'slow-path',
      line: 102,
      status: 'error',
      reason: 'analysis did not finish within 300 s',
      analysis: {
        status: 'timeout',
        message: 'still running after 300 s',
        durationMs: 300_000,
        networkPathFound: undefined
      }
    })
  ]
}

/** The `<details>` block of one assertion, found by its id in the `<summary>` line. */
function detailsOf(summary: string, id: string): string {
  const start = summary.indexOf(`<b>${id}</b>`)
  expect(start).toBeGreaterThan(-1)
  return summary.slice(start, summary.indexOf('</details>', start))
}

describe('renderSummary', () => {
  const summary = renderSummary(runReport(mixedReport()))

  it('starts with the verdict and counts', () => {
    const lines = summary.split('\n')
    expect(lines[0]).toBe('## Network preflight: network/preflight.yaml')
    expect(lines[2]).toBe('❌ **4 of 7 assertions failed, 2 errors — 1 passed**')
  })

  it('tables every assertion in two columns: failures, then errors, then passes, each by line', () => {
    const rows = summary.split('\n').filter(line => /^\| (✅|❌|⚠️) /.test(line))
    // The assertion cell's first line: the id as code, its line and the traffic.
    expect(rows.map(row => row.split(' | ')[1].split('<br>')[0])).toEqual([
      '`app-to-db` · line 12 · tcp/5432',
      '`web-to-api` · line 30 · tcp/443',
      '`app-to-partner` · line 48 · tcp/5432',
      '`no-ssh-from-internet` · line 66 · tcp/22',
      '`via-tgw` · line 84 · tcp/5432',
      '`slow-path` · line 102 · tcp/5432',
      '`ok-web` · line 5 · tcp/5432'
    ])
    expect(summary).toContain('| Result | Assertion · source → destination |\n|---|---|\n')
    expect(rows[0]).toBe(
      '| ❌ **not reachable** | `app-to-db` · line 12 · tcp/5432<br>app: `app-server` → shared: `eni-0abc1234def567890` |'
    )
    expect(rows[3]).toContain('| ❌ **reachable** |')
    expect(rows[5]).toContain('| ⚠️ error |')
    expect(rows[6]).toContain('| ✅ reachable |')
  })

  it('names every label of a failure in full', () => {
    const labelled = renderSummary(
      runReport([result({ id: 'x', line: 3, status: 'failed', labels: ['pci', 'orders', 'segmentation'] })])
    )
    expect(labelled).toContain(' · labels: pci, orders, segmentation<br>')
  })

  it('puts the destination on a line of its own when source → destination would not fit one line', () => {
    const long = renderSummary(
      runReport([
        result({
          id: 'orders-api-to-shared-log-collector',
          line: 7,
          status: 'passed',
          source: instanceResolution('i-0123456789abcdef0', 'orders-api-blue-production-canary')
        })
      ])
    )
    const row = long.split('\n').find(line => line.startsWith('| ✅'))
    expect(row).toBe(
      '| ✅ reachable | `orders-api-to-shared-log-collector` · line 7 · tcp/5432<br>' +
        'app: `orders-api-blue-production-canary` →<br>shared: `eni-0abc1234def567890` |'
    )
  })

  it('draws a security-group failure as source → … → the blocking group (red) ⇢ the destination (grey)', () => {
    const block = detailsOf(summary, 'app-to-db')
    expect(block).toContain(' · line 12 · not reachable, expected reachable</summary>')
    expect(block).toContain('**Why:** not reachable: security group db-sg blocks tcp/5432')
    expect(block).toContain(
      '- Security group db-sg \\(sg-0db0000000000000a\\) on eni-0abc1234def567890 has no inbound rule allowing tcp/5432 from 10.0.1.15. ' +
        '— [console](https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#SecurityGroup:groupId=sg-0db0000000000000a)'
    )
    expect(block).toContain(
      [
        '```mermaid',
        'flowchart TD',
        '  n0["instance app-server<br/>i‑0123456789abcdef0"]',
        '  n1["network interface<br/>eni‑0123456789abcdef0"]',
        '  n2["security group app-sg<br/>sg‑0123456789abcdef0"]',
        '  n3["security group<br/>sg‑0db0000000000000a<br/>✖ no inbound rule allows tcp/5432"]',
        '  n4["network interface<br/>eni‑0abc1234def567890"]',
        '  n0 --> n1',
        '  n1 --> n2',
        '  n2 --> n3',
        '  n3 -. not reached .-> n4'
      ].join('\n')
    )
    expect(block).toContain('  class n3 block')
    expect(block).toContain('  class n4 unreached')
    expect(block).toContain(
      '**Analysis:** [`nia-00012aaaabbbbcccc`](https://us-east-1.console.aws.amazon.com/networkinsights/home?region=us-east-1#NetworkPathAnalysis:analysisId=nia-00012aaaabbbbcccc) · 38 s'
    )
  })

  it('explains NACL and route failures, the block named with what it does', () => {
    const nacl = detailsOf(summary, 'web-to-api')
    expect(nacl).toContain(
      'Network ACL acl-0ac1000000000000b of subnet-0aaa denies inbound tcp/443 from 10.0.1.15 \\(rule 90\\).'
    )
    expect(nacl).toContain('**Traffic:** tcp/443 in us-east-1')
    expect(nacl).toContain('  n4["network acl<br/>acl‑0ac1000000000000b<br/>✖ blocks inbound tcp/443"]')
    const route = detailsOf(summary, 'app-to-partner')
    expect(route).toContain('- Route table rtb-0r00000000000000c has no route to 10.20.0.8.')
    expect(route).toContain('  n5["route table<br/>rtb-0r00000000000000c<br/>✖ no route to the destination"]')
  })

  it('shows a reachable path that should not exist without a block, with its return path when it differs', () => {
    const deny = detailsOf(summary, 'no-ssh-from-internet')
    expect(deny).toContain(' · reachable, expected not reachable</summary>')
    expect(deny).toContain('  n3 --> n4\n```')
    expect(deny).not.toContain('block')
    expect(deny).toContain('**Return path:** `i-0626d4edd54f1286d` → `igw-0797cccdc9d73b0e5`')
  })

  it('explains errors: a question that cannot be answered, and a timeout', () => {
    const question = detailsOf(summary, 'via-tgw')
    expect(question).toContain(' · could not be checked</summary>')
    expect(question).toContain('no path traverses the required via component')
    expect(question).not.toContain('```mermaid')
    const timeout = detailsOf(summary, 'slow-path')
    expect(timeout).toContain('**Analysis status:** timeout: still running after 300 s')
    expect(timeout).not.toContain('```mermaid')
  })

  it('has no details for passed assertions, and ends with cost and time', () => {
    expect(summary).not.toContain('<b>ok-web</b>')
    expect(summary.match(/<details>/g)).toHaveLength(6)
    expect(summary.trimEnd().split('\n').pop()).toBe(
      '<sub>7 analyses started (estimated cost $0.70) · took 1 m 42 s · network-preflight 0.1.0</sub>'
    )
  })

  it('lists resolution problems and warnings', () => {
    const report = runReport([
      result({
        id: 'to-batch',
        line: 7,
        status: 'error',
        reason: 'destination not resolved',
        analysis: null,
        destination: { ok: false, error: 'no instance or network interface has tags Name=batch' }
      }),
      result({
        id: 'from-stopped',
        line: 20,
        status: 'passed',
        warnings: ['AVAILABILITY_ZONE_CROSSED: the path crosses Availability Zones'],
        source: instanceResolution('i-0aaaabbbbccccdddd', 'batch', [
          'instance i-0aaaabbbbccccdddd is stopped'
        ])
      })
    ])
    const text = renderSummary(report)
    // The unresolved destination is said once, in the details of the assertion it stopped.
    expect(text.split('no instance or network interface has tags Name=batch')).toHaveLength(2)
    expect(detailsOf(text, 'to-batch')).toContain(
      '**Destination:** shared: eni-0abc1234def567890 — not resolved: no instance or network interface has tags Name=batch'
    )
    expect(text).toContain(
      '### Resolution problems\n\n' +
        '- **from-stopped** source (line 23, app: Name=source-server): instance i-0aaaabbbbccccdddd is stopped\n'
    )
    expect(text).toContain(
      '### Warnings\n\n- **from-stopped** (line 20): AVAILABILITY\\_ZONE\\_CROSSED: the path crosses Availability Zones\n'
    )
    // No analysis was started: no analysis line.
    expect(detailsOf(text, 'to-batch')).not.toContain('**Analysis:**')
  })

  it('escapes user-controlled text in the table, the details and the chart', () => {
    const hostile = result({
      id: 'x|<script>alert(1)</script>*@team',
      line: 3,
      status: 'failed',
      description: '[click](javascript:alert(1)) `code`',
      explanations: [explanation('ENI_SG_RULES_MISMATCH', 'SG "<b>evil</b>" blocks')],
      analysis: {
        forwardPath: [hop(1, 'i-0123456789abcdef0', 'instance', 'na"me<br>')],
        networkPathFound: false
      }
    })
    const text = renderSummary(runReport([hostile]))
    // In the table the id is a code span (inert: no HTML, no mention); everywhere else it is escaped.
    expect(text).toContain('| `x\\|<script>alert(1)</script>*@team` · line 3 · tcp/5432<br>')
    const outsideCode = text.replace(/`[^`\n]*`/g, '')
    expect(outsideCode).not.toContain('<script>')
    expect(outsideCode).not.toContain('<b>evil</b>')
    expect(outsideCode).not.toContain('@team')
    expect(text).toContain('<summary>❌ <b>x|&lt;script&gt;alert(1)&lt;/script&gt;*@&#8203;team</b>')
    expect(text).toContain('_\\[click\\]\\(javascript:alert\\(1\\)\\) \\`code\\`_')
    expect(text).toContain('n0["instance na#quot;me#lt;br#gt;<br/>i‑0123456789abcdef0"]')
  })
})

describe('verdictLine', () => {
  it('says what happened in one line', () => {
    expect(verdictLine({ passed: 27, failed: 2, errors: 1, total: 30 })).toBe(
      '❌ **2 of 30 assertions failed, 1 error — 27 passed**'
    )
    expect(verdictLine({ passed: 28, failed: 2, errors: 0, total: 30 })).toBe(
      '❌ **2 of 30 assertions failed — 28 passed**'
    )
    expect(verdictLine({ passed: 29, failed: 0, errors: 1, total: 30 })).toBe(
      '⚠️ **1 of 30 assertions could not be checked (error) — 29 passed**'
    )
    expect(verdictLine({ passed: 30, failed: 0, errors: 0, total: 30 })).toBe(
      '✅ **All 30 assertions passed**'
    )
    expect(verdictLine({ passed: 1, failed: 0, errors: 0, total: 1 })).toBe('✅ **The 1 assertion passed**')
    expect(verdictLine({ passed: 0, failed: 0, errors: 0, total: 0 })).toBe(
      'ℹ️ **No assertions were checked**'
    )
  })
})

describe('summary size budget', () => {
  const failureIds = (report: ReturnType<typeof bigReport>) =>
    report.results.filter(r => r.verdict.status !== 'passed').map(r => r.assertion.id)

  it('keeps 2,000 assertions with 300 failures under 1 MiB, naming every failure', () => {
    const report = bigReport(2000, 300)
    const text = renderSummary(report)
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThan(SUMMARY_LIMIT_BYTES)
    const ids = failureIds(report)
    expect(ids).toHaveLength(300)
    for (const id of ids) expect(text).toContain(`| \`${id}\` · line `)
    // Passed rows were collapsed first; the failures kept their full detail.
    // The four-column table is small enough that all 2,000 rows fit beside 300 charts.
    expect(text.match(/^\| ✅ /gm)).toHaveLength(1700)
    expect(text.match(/```mermaid/g)).toHaveLength(300)
  })

  it('shows every passed row when the whole summary fits', () => {
    const text = renderSummary(bigReport(200, 30))
    expect(text.match(/^\| ✅ /gm)).toHaveLength(170)
  })

  it('trims failure details next, in order, and still names every failure', () => {
    const report = bigReport(2000, 300)
    const text = renderSummary(report, { maxBytes: 250_000 })
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(250_000)
    for (const id of failureIds(report)) expect(text).toContain(`| \`${id}\` · line `)
    expect(text).toContain("Some failures are shown as one line to stay under GitHub's size limit")
    const full = text.match(/<details>/g)?.length ?? 0
    const oneLiners = text.match(/^- ❌ \*\*path-/gm)?.length ?? 0
    expect(full).toBeGreaterThan(0)
    expect(full + oneLiners).toBe(300)
    // The earliest failures keep their detail.
    expect(text).toContain('<b>path-0000-app-to-db</b>')
  })

  it('drops the table for one line per failure when the table no longer fits', () => {
    const report = bigReport(2000, 300)
    const text = renderSummary(report, { maxBytes: 60_000 })
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(60_000)
    expect(text).not.toContain('| Assertion |')
    const lines =
      text.match(/^- ❌ \*\*path-\d{4}-app-to-db\*\* \(line \d+\): not reachable: security group/gm) ?? []
    expect(lines).toHaveLength(300)
  })

  it('falls back to ids only, and counts what it cannot name', () => {
    const report = bigReport(2000, 300)
    const text = renderSummary(report, { maxBytes: 6_000 })
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(6_000)
    const named = failureIds(report).filter(id => text.includes(id)).length
    const counted = Number(/…and (\d+) more failed or errored assertions/.exec(text)?.[1] ?? 0)
    expect(named).toBeGreaterThan(0)
    expect(named + counted).toBe(300)
  })
})

describe('writeSummary', () => {
  it('appends the text to the step summary', async () => {
    const written: string[] = []
    const sink = {
      addRaw(text: string) {
        written.push(text)
        return sink
      },
      write: async () => sink
    }
    await expect(writeSummary('# hi', sink)).resolves.toBe(true)
    expect(written).toEqual(['# hi'])
  })

  it('does not throw when the runner gives no summary file', async () => {
    const sink = {
      addRaw: () => sink,
      write: async () => {
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.')
      }
    }
    await expect(writeSummary('# hi', sink)).resolves.toBe(false)
  })
})
