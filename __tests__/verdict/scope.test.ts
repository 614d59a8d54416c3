// Set verdicts from Network Access Analyzer results, and how a deny chooses its proof.
import { readFileSync } from 'node:fs'
import { chooseProof } from '../../src/config/proof.js'
import type { Assertion, Endpoint, ScopeAnalysisResult } from '../../src/model.js'
import { decideScopeVerdict, describeScopeFindings, scopeCountText } from '../../src/verdict/index.js'

const sample = JSON.parse(
  readFileSync('__tests__/fixtures/aws-samples/naa-guide-get-findings-igw-to-eni.json', 'utf8')
) as { AnalysisFindings: unknown[] }

const location = { file: 'preflight.yaml', line: 3, column: 5 }
const endpoint = (role: Endpoint['role'], fields: Partial<Endpoint> = {}): Endpoint => ({
  role,
  account: 'prod',
  region: 'us-east-1',
  selector: { by: 'resource_id', resourceId: 'i-0123456789abcdef0', kind: 'instance' },
  location,
  ...fields
})
const deny = (fields: Partial<Assertion> = {}): Assertion => ({
  id: 'a',
  type: 'deny',
  labels: [],
  source: endpoint('source', { internet: true, match: 'each' }),
  destination: endpoint('destination'),
  protocol: 'tcp',
  via: [],
  avoid: [],
  region: 'us-east-1',
  location,
  ...fields
})

const result = (fields: Partial<ScopeAnalysisResult>): ScopeAnalysisResult => ({
  status: 'succeeded',
  account: 'prod',
  region: 'us-east-1',
  findings: [],
  statements: { matchPaths: [], excludePaths: [] },
  ...fields
})

describe('describeScopeFindings', () => {
  it('reads AWS’s sample finding: internet gateway to the network interface, four hops in order', () => {
    const [finding] = describeScopeFindings(sample.AnalysisFindings)
    expect(finding.source).toMatchObject({ id: 'igw-1a23b4cd' })
    expect(finding.destination).toMatchObject({
      id: 'eni-0680af09e502660e7',
      subnetId: 'subnet-8061f9db',
      vpcId: 'vpc-abcd12e3'
    })
    expect(finding.hops.map(h => h.componentId)).toEqual([
      'igw-1a23b4cd',
      'acl-579af131',
      'sg-0cab31773e042794f',
      'eni-0680af09e502660e7'
    ])
  })
})

describe('decideScopeVerdict', () => {
  it('passes with no findings and says how many interfaces were analysed', () => {
    const v = decideScopeVerdict({ assertion: deny(), scope: result({ analyzedEniCount: 212 }) })
    expect(v.status).toBe('passed')
    expect(v.reason).toContain('212 network interfaces analysed')
  })

  it('fails with findings, naming each violating path', () => {
    const findings = describeScopeFindings([
      ...sample.AnalysisFindings,
      ...sample.AnalysisFindings,
      ...sample.AnalysisFindings
    ])
    const scope = result({ analyzedEniCount: 212, findings })
    const v = decideScopeVerdict({ assertion: deny(), scope })
    expect(v.status).toBe('failed')
    expect(scopeCountText(scope)).toBe('3 violating paths out of 212 interfaces analysed')
    expect(v.reason).toContain('igw-1a23b4cd → eni-0680af09e502660e7: igw-1a23b4cd → acl-579af131')
  })

  it('errors, never passes, when the analysis failed, timed out, could not be built or reported findings it did not return', () => {
    for (const status of ['failed', 'timeout', 'throttled', 'error'] as const)
      expect(decideScopeVerdict({ assertion: deny(), scope: result({ status, message: 'x' }) }).status).toBe(
        'error'
      )
    expect(decideScopeVerdict({ assertion: deny(), problem: 'no subnets tagged Tier=private' }).status).toBe(
      'error'
    )
    expect(decideScopeVerdict({ assertion: deny() }).status).toBe('error')
    expect(
      decideScopeVerdict({
        assertion: deny(),
        scope: result({ message: 'AWS says findings were found but returned none' })
      }).status
    ).toBe('error')
  })
})

describe('chooseProof', () => {
  it('auto: a scope for a set or the internet, pairs for one-to-one and for allows', () => {
    expect(chooseProof(deny())).toEqual({ proof: 'scope' })
    expect(chooseProof(deny({ source: endpoint('source') }))).toEqual({ proof: 'pairs' })
    expect(chooseProof(deny({ type: 'allow' }))).toEqual({ proof: 'pairs' })
    expect(chooseProof(deny({ prove: 'pairs' }))).toEqual({ proof: 'pairs' })
    expect(chooseProof(deny({ source: endpoint('source'), prove: 'scope' }))).toEqual({ proof: 'scope' })
  })

  it('another account: an error with prove: scope, a fallback to pairs with auto', () => {
    const other = endpoint('destination', { account: 'dev', match: 'each' })
    expect(chooseProof(deny({ destination: other, prove: 'scope' }))).toMatchObject({
      proof: 'error',
      message: expect.stringMatching(/one account and Region.*prove: pairs/)
    })
    expect(chooseProof(deny({ destination: other }))).toMatchObject({
      proof: 'pairs',
      note: expect.stringMatching(/pairwise/)
    })
  })
})
