// The plan corpus: each fixture is an analysis of the deployed network, a plan (Terraform JSON or Pulumi
// preview), and the effect AWS's documented rule semantics give once the plan is applied.
import { readdirSync, readFileSync } from 'node:fs'
import { parsePlanText, predictAssertion } from '../../src/plan/index.js'

const DIR = new URL('./corpus/', import.meta.url)
const files = readdirSync(DIR)
  .filter(f => f.endsWith('.json'))
  .sort()

interface Fixture {
  description: string
  assertion: {
    id: string
    type: 'allow' | 'deny'
    protocol: string
    port?: { from: number; to: number }
    destinationIp?: string
  }
  analysis: unknown
  plan: unknown
  endpoints?: Record<string, unknown>
  expect: { effect: string; summary?: string; resource?: string; notEvaluated?: string }
}

describe('plan corpus', () => {
  it('has at least 40 fixtures, Terraform and Pulumi', () => {
    expect(files.length).toBeGreaterThanOrEqual(40)
    expect(files.filter(f => /^\d+-pu-/.test(f)).length).toBeGreaterThanOrEqual(10)
  })

  it.each(files)('%s', file => {
    const fixture = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as Fixture
    const changes = parsePlanText(file, JSON.stringify(fixture.plan))
    const prediction = predictAssertion({
      assertion: fixture.assertion,
      analysis: fixture.analysis,
      changes,
      endpoints: fixture.endpoints
    })
    expect(prediction).toBeDefined()
    const seen = { effect: prediction!.effect, summary: prediction!.summary }
    expect(seen).toEqual(expect.objectContaining({ effect: fixture.expect.effect }))
    if (fixture.expect.summary) expect(prediction!.summary).toContain(fixture.expect.summary)
    if (fixture.expect.resource) expect(prediction!.reasons[0]?.resource).toBe(fixture.expect.resource)
    if (fixture.expect.notEvaluated)
      expect(prediction!.notEvaluated.join('\n')).toContain(fixture.expect.notEvaluated)
    // Only an effect that needs no explanation may come without a reason.
    if (prediction!.effect !== 'unaffected') expect(prediction!.reasons.length).toBeGreaterThan(0)
  })
})
