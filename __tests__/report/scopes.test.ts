// How a set result (a deny proved with a Network Access Analyzer scope) reads in every report: the ends as
// sets ("internet → resources in subnets tagged Tier=private (prod)"), the first violating path drawn like a
// pairwise path, and "N violating paths out of M interfaces analysed" in annotations, summary, comment, JSON
// and drift issue. The finding is AWS's own sample (Network Access Analyzer Guide), copied into fixtures.
import { describe, expect, it } from '@jest/globals'
import { planAnnotations } from '../../src/report/annotations.js'
import { renderDriftBody, toDriftSnapshot } from '../../src/report/drift.js'
import { toJsonReport } from '../../src/report/json.js'
import { renderCommentBody, renderSummary } from '../../src/report/summary.js'
import { CONFIG_FILE, runReport } from './fixtures.js'
import { setResult } from './scope-fixtures.js'

const COUNT = '1 violating path out of 212 interfaces analysed'

describe('set results in the reports', () => {
  const report = runReport([setResult()])

  it('the results table names the ends as sets, with the account once', () => {
    const summary = renderSummary(report)
    const row = summary.split('\n').find(l => l.includes('`private-not-from-internet` · line 12'))!
    expect(row).toContain('internet → resources in subnets tagged Tier=private \\(prod\\)')
    expect(row).not.toMatch(/prod: {2}→/)
    expect(summary).toContain('**Source:** prod: internet')
    expect(summary).toContain('**Destination:** prod: resources in subnets tagged Tier=private')
  })

  it('the failure details draw the first violating path as a Mermaid chart, and name the scope analysis', () => {
    const summary = renderSummary(report)
    const chart = summary.slice(
      summary.indexOf('```mermaid'),
      summary.indexOf('```', summary.indexOf('```mermaid') + 3)
    )
    expect(chart).toContain('flowchart')
    // Ids keep non-breaking hyphens in labels (one line each); the four hops of AWS's sample, in order.
    const ids = [...chart.matchAll(/(igw|acl|sg|eni)\u2011[0-9a-f]+/g)].map(m => m[0].replace('\u2011', '-'))
    expect(ids.filter((id, i) => ids.indexOf(id) === i)).toEqual([
      'igw-1a23b4cd',
      'acl-579af131',
      'sg-0cab31773e042794f',
      'eni-0680af09e502660e7'
    ])
    expect(summary).toContain(
      `**Scope analysis:** \`nisa-0123456789abcdef0\` of scope \`nis-0a1b2c3d4e5f67890\` (reused) · 42 s · ${COUNT}`
    )
  })

  it('says "N violating paths out of M interfaces analysed" in the annotation, summary, comment, JSON and drift issue', () => {
    const [annotation] = planAnnotations(report, { file: CONFIG_FILE })
    expect(annotation.message).toContain(COUNT)
    expect(renderSummary(report)).toContain(COUNT)
    expect(renderCommentBody(report)).toContain(COUNT)
    const json = toJsonReport(report)
    expect(json.results[0].reason).toContain(COUNT)
    expect(json.results[0].scope).toMatchObject({ findings_count: 1, analyzed_eni_count: 212 })
    const current = toDriftSnapshot(json)
    expect(renderDriftBody({ report, configFile: CONFIG_FILE, current, firstDetection: true })).toContain(
      COUNT
    )
  })

  it('a passed set says how many interfaces were analysed, with no chart', () => {
    const passed = runReport([setResult([], 212)])
    const summary = renderSummary(passed)
    expect(summary).toContain('no violating path among 212 network interfaces analysed')
    expect(summary).not.toContain('```mermaid')
  })
})
