// A set result (a deny proved with a Network Access Analyzer scope) for report tests. The finding is AWS's
// own sample (Network Access Analyzer Guide, copied into fixtures/aws-samples); variants swap the ids.
import { readFileSync } from 'node:fs'
import type { Assertion, AssertionReport, Endpoint, ScopeAnalysisResult } from '../../src/model.js'
import { decideScopeVerdict, describeScopeFindings } from '../../src/verdict/index.js'
import { CONFIG_FILE } from './fixtures.js'

export const sample = JSON.parse(
  readFileSync('__tests__/fixtures/aws-samples/naa-guide-get-findings-igw-to-eni.json', 'utf8')
) as { AnalysisFindings: unknown[] }

const location = { file: CONFIG_FILE, line: 12, column: 5 }
const end = (role: Endpoint['role'], fields: Partial<Endpoint>): Endpoint => ({
  role,
  account: 'prod',
  region: 'us-east-1',
  selector: { by: 'tags', tags: {}, kinds: ['internet-gateway'] },
  location,
  ...fields
})

export function setAssertion(): Assertion {
  return {
    id: 'private-not-from-internet',
    type: 'deny',
    labels: [],
    source: end('source', { internet: true }),
    destination: end('destination', {
      match: 'each',
      selector: {
        by: 'tags',
        tags: {},
        kinds: ['instance', 'network-interface'],
        within: { subnet: { by: 'tags', tags: { Tier: 'private' } } }
      }
    }),
    protocol: 'tcp',
    via: [],
    avoid: [],
    region: 'us-east-1',
    location
  }
}

export function setResult(
  findings: unknown[] = sample.AnalysisFindings,
  analyzedEniCount = 212
): AssertionReport {
  const assertion = setAssertion()
  const scope: ScopeAnalysisResult = {
    status: 'succeeded',
    account: 'prod',
    region: 'us-east-1',
    scopeId: 'nis-0a1b2c3d4e5f67890',
    scopeOrigin: 'reused',
    analysisId: 'nisa-0123456789abcdef0',
    durationMs: 42_000,
    analyzedEniCount,
    findings: describeScopeFindings(findings),
    statements: { matchPaths: [], excludePaths: [] }
  }
  return {
    assertion,
    via: [],
    avoid: [],
    verdict: decideScopeVerdict({ assertion, scope }),
    proof: 'scope',
    scope
  }
}

/** AWS's sample finding with its destination network interface (and its hop) replaced by another one. */
export function findingTo(eni: string): unknown {
  return JSON.parse(JSON.stringify(sample.AnalysisFindings[0]).replaceAll('eni-0680af09e502660e7', eni))
}
