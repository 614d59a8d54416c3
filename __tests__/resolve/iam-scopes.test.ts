// iam-policy adds Network Access Analyzer's actions only for configs with a scope-proved deny, tag-scoped.
import { loadConfigText } from '../../src/config/load.js'
import { iamPolicyFor } from '../../src/resolve/iam.js'

const config = (assertion: string) => {
  const loaded = loadConfigText(
    `version: 1
defaults: { region: us-east-1 }
accounts:
  prod: { account_id: "222222222222", regions: [us-east-1] }
assertions:
${assertion}`,
    'p.yaml'
  )
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
  return loaded.config
}

const setDeny = `  - id: private-not-from-internet
    type: deny
    protocol: tcp
    source: { account: prod, internet: true }
    destination: { account: prod, selector: { match: each, subnet: { tags: { Tier: private } } } }
`
const pairDeny = `  - id: one
    type: deny
    protocol: tcp
    source: { account: prod, selector: { resource_id: i-0123456789abcdef0 } }
    destination: { account: prod, selector: { resource_id: i-0123456789abcdef1 } }
`

const actionsOf = (policy: ReturnType<typeof iamPolicyFor>) =>
  policy.Statement.flatMap(s => (Array.isArray(s.Action) ? s.Action : [s.Action]))

describe('iam-policy and Network Access Analyzer', () => {
  it('grants the scope actions, creation only with the managed tag and use only of managed scopes', () => {
    const policy = iamPolicyFor(config(setDeny))
    const create = policy.Statement.find(s => s.Sid === 'CreateOnlyTaggedScopes')!
    expect(create.Condition).toEqual({ StringEquals: { 'aws:RequestTag/network-preflight:managed': 'true' } })
    const use = policy.Statement.find(s => s.Sid === 'UseOnlyManagedScopes')!
    expect(use.Action).toContain('ec2:DeleteNetworkInsightsAccessScope')
    expect(use.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/network-preflight:managed': 'true' } })
    for (const action of [
      'ec2:CreateNetworkInsightsAccessScope',
      'ec2:DeleteNetworkInsightsAccessScopeAnalysis',
      'ec2:DescribeNetworkInsightsAccessScopeAnalyses',
      'ec2:DescribeNetworkInsightsAccessScopes',
      'ec2:GetNetworkInsightsAccessScopeAnalysisFindings',
      'ec2:GetNetworkInsightsAccessScopeContent',
      'ec2:StartNetworkInsightsAccessScopeAnalysis',
      'ec2:DescribeSubnets'
    ])
      expect(actionsOf(policy)).toContain(action)
  })

  it('adds none of them for pairwise assertions', () => {
    expect(actionsOf(iamPolicyFor(config(pairDeny))).some(a => a.includes('AccessScope'))).toBe(false)
  })
})
