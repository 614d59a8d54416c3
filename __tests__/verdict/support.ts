// Shared test support for the verdict layer: fixtures (AWS documentation samples) and assertions.
import { existsSync, readFileSync } from 'node:fs'
import type { AnalysisResult, Assertion, AssertionType, Endpoint, Selector } from '../../src/model.js'

/**
 * A JSON fixture: the verdict layer's own (./fixtures) or an AWS documentation sample shared with the
 * sandbox tests (../fixtures/aws-samples, see its README).
 */
export function fixture<T = unknown>(name: string): T {
  const own = new URL(`./fixtures/${name}`, import.meta.url)
  const file = existsSync(own) ? own : new URL(`../fixtures/aws-samples/${name}`, import.meta.url)
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

interface DescribeOutput {
  NetworkInsightsAnalyses: Record<string, unknown>[]
}

/** The n-th NetworkInsightsAnalysis of a describe-network-insights-analyses sample. */
export function sampleAnalysis(name: string, index = 0): Record<string, unknown> {
  return fixture<DescribeOutput>(name).NetworkInsightsAnalyses[index]!
}

/** Every documented code with its group, from explanation-codes.json. */
export function documentedCodes(): Array<[code: string, group: string]> {
  const file = fixture<Record<string, Record<string, string> | string>>('explanation-codes.json')
  return Object.entries(file)
    .filter(([group]) => !group.startsWith('_'))
    .flatMap(([group, codes]) =>
      Object.keys(codes as Record<string, string>).map((code): [string, string] => [code, group])
    )
}

const location = { file: 'preflight.yaml', line: 1, column: 1 }

function endpoint(role: Endpoint['role'], selector: Selector): Endpoint {
  return { role, account: 'app', region: 'us-east-1', selector, location }
}

export function makeAssertion(type: AssertionType, overrides: Partial<Assertion> = {}): Assertion {
  return {
    id: `${type}-web-to-db`,
    type,
    labels: [],
    source: endpoint('source', { by: 'resource_id', resourceId: 'i-0626d4edd54f1286d', kind: 'instance' }),
    destination: endpoint('destination', {
      by: 'resource_id',
      resourceId: 'eni-0a25edef15a6cc08c',
      kind: 'network-interface'
    }),
    protocol: 'tcp',
    port: { from: 443, to: 443 },
    via: [],
    avoid: [],
    region: 'us-east-1',
    location,
    ...overrides
  }
}

/** A succeeded AnalysisResult around a raw analysis, as the analyzer returns it (paths left empty). */
export function succeeded(raw: Record<string, unknown>, extra: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    status: 'succeeded',
    analysisId: raw.NetworkInsightsAnalysisId as string | undefined,
    networkPathFound: raw.NetworkPathFound as boolean | undefined,
    forwardPath: [],
    returnPath: [],
    explanations: [],
    raw,
    ...extra
  }
}

/** A not-reachable raw analysis with the given explanations. */
export function notReachable(explanations: Record<string, unknown>[]): Record<string, unknown> {
  return {
    NetworkInsightsAnalysisId: 'nia-0123456789abcdef0',
    Status: 'succeeded',
    NetworkPathFound: false,
    Explanations: explanations
  }
}

/** Substrings no sentence may ever contain. */
export const BROKEN_TEXT = /undefined|\[object Object\]|NaN|\bnull\b|\bthe the\b|\s{2}|\s[.,;:]/i
