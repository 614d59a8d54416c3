// Plan predictions in reports: levels per effect and policy, and outside strings (plan addresses, ids) made safe.
import type { AssertionReport, PlanReport, Prediction, RunReport } from '../../src/model.js'
import {
  planOutputs,
  planPredictionAnnotations,
  planSection,
  predictionMessage
} from '../../src/report/plan.js'

function result(id: string, line: number, prediction?: Prediction): AssertionReport {
  return {
    assertion: { id, location: { file: 'p.yaml', line, column: 5 } },
    via: [],
    avoid: [],
    verdict: {
      assertionId: id,
      status: 'passed',
      expected: 'reachable',
      actual: 'reachable',
      reason: 'ok',
      explanations: [],
      warnings: []
    },
    ...(prediction ? { prediction } : {})
  } as unknown as AssertionReport
}
const p = (effect: Prediction['effect'], summary: string): Prediction => ({
  assertionId: 'x',
  effect,
  summary,
  reasons: [{ text: summary }],
  notEvaluated: []
})

function report(
  results: AssertionReport[],
  failOnPredicted: PlanReport['failOnPredicted'] = 'violation'
): RunReport {
  const counts = { breaks: 0, opens: 0, fixes: 0, affected: 0, unaffected: 0 }
  for (const r of results) if (r.prediction) counts[r.prediction.effect]++
  return {
    results,
    configFile: 'p.yaml',
    plan: {
      files: ['plan.json'],
      changes: [
        {
          resource: 'aws_security_group_rule.x (sgrule-1)',
          action: 'delete',
          file: 'plan.json',
          what: 'rules of security group sg-1'
        }
      ],
      failOnPredicted,
      scope: 'all',
      skipped: [],
      inScope: [],
      counts
    }
  } as unknown as RunReport
}

describe('plan reporting', () => {
  const results = [
    result('a', 10, p('breaks', 'removes the only rule')),
    result('b', 20, p('opens', 'adds 0.0.0.0/0')),
    result('c', 30, p('affected', 'firewall not evaluated')),
    result('d', 40, p('fixes', 'adds the rule')),
    result('e', 50, p('unaffected', 'nothing')),
    result('f', 60)
  ]
  it('breaks and opens are errors under violation, warnings under never; affected warns, fixes notes', () => {
    const levels = (r: RunReport) =>
      planPredictionAnnotations(r, 'p.yaml').map(a => [a.properties.startLine, a.level])
    expect(levels(report(results))).toEqual([
      [10, 'error'],
      [20, 'error'],
      [30, 'warning'],
      [40, 'notice']
    ])
    expect(levels(report(results, 'never'))).toEqual([
      [10, 'warning'],
      [20, 'warning'],
      [30, 'warning'],
      [40, 'notice']
    ])
    expect(planPredictionAnnotations({ ...report(results), plan: undefined }, 'p.yaml')).toEqual([])
  })
  it('outputs count breaks and opens only with a plan', () => {
    expect(planOutputs(report(results))).toEqual({ 'predicted-breaks': '1', 'predicted-opens': '1' })
    expect(planOutputs({ ...report(results), plan: undefined })).toEqual({})
  })
  it('hostile plan names stay one line in annotations and inert in markdown', () => {
    const evil =
      'aws_security_group_rule.x\n::error::pwned <img src=x onerror=alert(1)> @everyone [link](https://evil.example)'
    const r = report([result('a', 1, p('breaks', `\`${evil}\` (delete) removes the only rule`))])
    r.plan!.changes[0]!.resource = evil
    const message = predictionMessage(r.results[0]!)!
    expect(message).not.toContain('\n')
    const md = planSection(r, 'summary').join('\n')
    expect(md).not.toMatch(/<img/)
    expect(md).not.toContain('](https://')
    expect(md).not.toContain('@everyone')
    expect(md.split('\n').some(l => l.startsWith('::'))).toBe(false)
  })
  it('the section comes with the counts and the table of predictions that matter', () => {
    const md = planSection(report(results), 'summary').join('\n')
    expect(md).toMatch(/^### What this plan changes/)
    expect(md).toContain('1 breaks')
    expect(md).toContain('| 💥 | a (line 10) | **breaks**: removes the only rule |')
    expect(md).not.toContain('| e (line 50)')
    expect(planSection({ ...report(results), plan: undefined }, 'summary')).toEqual([])
  })
})
