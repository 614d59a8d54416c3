// Network Access Analyzer in the sandbox, called through the real @aws-sdk/client-ec2: scopes, content, scope
// analyses, paged findings, tags and quotas; findings are the scenario's reachability facts that a scope's match
// statements select and its exclude statements do not cover.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  CreateNetworkInsightsAccessScopeCommand,
  CreateTagsCommand,
  DeleteNetworkInsightsAccessScopeAnalysisCommand,
  DeleteNetworkInsightsAccessScopeCommand,
  DescribeNetworkInsightsAccessScopeAnalysesCommand,
  DescribeNetworkInsightsAccessScopesCommand,
  EC2Client,
  GetNetworkInsightsAccessScopeContentCommand,
  paginateGetNetworkInsightsAccessScopeAnalysisFindings,
  StartNetworkInsightsAccessScopeAnalysisCommand,
  type AccessScopeAnalysisFinding,
  type AccessScopePathRequest
} from '@aws-sdk/client-ec2'
import { readFileSync } from 'node:fs'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { APP_KEYS, ec2, errorOf, until } from './helpers.js'
import { exposureScenario } from './naa-scenario.js'

const ref = (name: string): unknown =>
  JSON.parse(readFileSync(`__tests__/fixtures/aws-samples/${name}`, 'utf8'))

const PRIVATE_FROM_INTERNET: AccessScopePathRequest[] = [
  {
    Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } },
    Destination: { ResourceStatement: { Resources: ['subnet-0cd00000000000001'] } }
  }
]

async function analyse(
  client: EC2Client,
  match: AccessScopePathRequest[],
  exclude?: AccessScopePathRequest[]
): Promise<{ findings: AccessScopeAnalysisFinding[]; eniCount?: number; pages: number }> {
  const created = await client.send(
    new CreateNetworkInsightsAccessScopeCommand({
      MatchPaths: match,
      ExcludePaths: exclude,
      ClientToken: String(Math.random())
    })
  )
  const scopeId = created.NetworkInsightsAccessScope!.NetworkInsightsAccessScopeId!
  const started = await client.send(
    new StartNetworkInsightsAccessScopeAnalysisCommand({ NetworkInsightsAccessScopeId: scopeId })
  )
  const id = started.NetworkInsightsAccessScopeAnalysis!.NetworkInsightsAccessScopeAnalysisId!
  const done = await until(async () => {
    const d = await client.send(
      new DescribeNetworkInsightsAccessScopeAnalysesCommand({ NetworkInsightsAccessScopeAnalysisIds: [id] })
    )
    const a = d.NetworkInsightsAccessScopeAnalyses![0]
    return a.Status === 'running' ? undefined : a
  })
  const findings: AccessScopeAnalysisFinding[] = []
  let pages = 0
  for await (const page of paginateGetNetworkInsightsAccessScopeAnalysisFindings(
    { client },
    { NetworkInsightsAccessScopeAnalysisId: id }
  )) {
    pages++
    expect(page.AnalysisStatus).toBe('succeeded')
    findings.push(...(page.AnalysisFindings ?? []))
  }
  expect(done.FindingsFound).toBe(findings.length ? 'true' : 'false')
  await client.send(
    new DeleteNetworkInsightsAccessScopeAnalysisCommand({ NetworkInsightsAccessScopeAnalysisId: id })
  )
  await client.send(new DeleteNetworkInsightsAccessScopeCommand({ NetworkInsightsAccessScopeId: scopeId }))
  return { findings, eniCount: done.AnalyzedEniCount, pages }
}

describe('Network Access Analyzer on a clean network', () => {
  let sandbox: Sandbox
  let client: EC2Client
  beforeAll(async () => {
    sandbox = await startSandbox(exposureScenario({ exposed: false }))
    client = ec2(sandbox, APP_KEYS)
  })
  afterAll(() => sandbox.close())

  it('finds nothing from the internet into the private subnet and counts every interface of the account', async () => {
    const { findings, eniCount } = await analyse(client, PRIVATE_FROM_INTERNET)
    expect(findings).toEqual([])
    expect(eniCount).toBe(4)
  })

  it('finds the public web servers (through the load balancer) when the scope asks for any destination', async () => {
    const { findings } = await analyse(client, [
      { Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } } }
    ])
    expect(findings).toHaveLength(2)
    expect(findings[0].FindingComponents![0].Component!.Id).toBe('igw-0aaa0000000000001')
  })

  it('excludes paths through the load balancer (ThroughResources) and keeps the rest', async () => {
    const { findings } = await analyse(
      client,
      [{ Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } } }],
      [
        {
          ThroughResources: [
            { ResourceStatement: { ResourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'] } }
          ]
        }
      ]
    )
    expect(findings).toEqual([])
  })

  it('serves the content back in the SDK shape, and refuses Resources with ResourceTypes', async () => {
    const sample = ref('naa-guide-scope-igw-ingress-except-trusted-cidr.json') as {
      MatchPaths: AccessScopePathRequest[]
      ExcludePaths: AccessScopePathRequest[]
    }
    const created = await client.send(
      new CreateNetworkInsightsAccessScopeCommand({
        ...sample,
        TagSpecifications: [
          { ResourceType: 'network-insights-access-scope', Tags: [{ Key: 'team', Value: 'sec' }] }
        ]
      })
    )
    const id = created.NetworkInsightsAccessScope!.NetworkInsightsAccessScopeId!
    expect(id).toMatch(/^nis-[0-9a-f]{17}$/)
    const content = await client.send(
      new GetNetworkInsightsAccessScopeContentCommand({ NetworkInsightsAccessScopeId: id })
    )
    expect(content.NetworkInsightsAccessScopeContent).toEqual({ NetworkInsightsAccessScopeId: id, ...sample })
    await client.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'extra', Value: '1' }] }))
    const described = await client.send(
      new DescribeNetworkInsightsAccessScopesCommand({ Filters: [{ Name: 'tag:team', Values: ['sec'] }] })
    )
    expect(described.NetworkInsightsAccessScopes!.map(s => s.NetworkInsightsAccessScopeId)).toEqual([id])
    expect(described.NetworkInsightsAccessScopes![0].Tags).toEqual([
      { Key: 'team', Value: 'sec' },
      { Key: 'extra', Value: '1' }
    ])
    const bad = await errorOf(
      client.send(
        new CreateNetworkInsightsAccessScopeCommand({
          MatchPaths: [
            {
              Source: {
                ResourceStatement: {
                  Resources: ['igw-0aaa0000000000001'],
                  ResourceTypes: ['AWS::EC2::InternetGateway']
                }
              }
            }
          ]
        })
      )
    )
    expect(bad.name).toBe('InvalidParameterCombination')
    const missing = await errorOf(
      client.send(
        new GetNetworkInsightsAccessScopeContentCommand({
          NetworkInsightsAccessScopeId: 'nis-0123456789abcdef0'
        })
      )
    )
    expect(missing.name).toBe('InvalidNetworkInsightsAccessScopeId.NotFound')
    await client.send(new DeleteNetworkInsightsAccessScopeCommand({ NetworkInsightsAccessScopeId: id }))
  })

  it('refuses a 26th concurrent analysis (quota 25) and deleting a scope that still has analyses', async () => {
    sandbox.setKnobs({ analysesNeverFinish: true })
    try {
      const created = await client.send(
        new CreateNetworkInsightsAccessScopeCommand({ MatchPaths: PRIVATE_FROM_INTERNET })
      )
      const scopeId = created.NetworkInsightsAccessScope!.NetworkInsightsAccessScopeId!
      const ids: string[] = []
      for (let i = 0; i < 25; i++) {
        const s = await client.send(
          new StartNetworkInsightsAccessScopeAnalysisCommand({ NetworkInsightsAccessScopeId: scopeId })
        )
        ids.push(s.NetworkInsightsAccessScopeAnalysis!.NetworkInsightsAccessScopeAnalysisId!)
      }
      const over = await errorOf(
        client.send(
          new StartNetworkInsightsAccessScopeAnalysisCommand({ NetworkInsightsAccessScopeId: scopeId })
        )
      )
      expect(over.name).toBe('ResourceLimitExceeded')
      const blocked = await errorOf(
        client.send(new DeleteNetworkInsightsAccessScopeCommand({ NetworkInsightsAccessScopeId: scopeId }))
      )
      expect(blocked.name).toBe('AnalysisExistsForNetworkInsightsAccessScope')
      for (const id of ids)
        await client.send(
          new DeleteNetworkInsightsAccessScopeAnalysisCommand({ NetworkInsightsAccessScopeAnalysisId: id })
        )
      await client.send(
        new DeleteNetworkInsightsAccessScopeCommand({ NetworkInsightsAccessScopeId: scopeId })
      )
      expect(sandbox.state().scopes).toEqual([])
      expect(sandbox.state().scopeAnalyses).toEqual([])
    } finally {
      sandbox.setKnobs({ analysesNeverFinish: false })
    }
  })
})

describe('Network Access Analyzer on a network with one exposed instance', () => {
  let sandbox: Sandbox
  let client: EC2Client
  beforeAll(async () => {
    sandbox = await startSandbox(exposureScenario({ exposed: true, webs: 5 }))
    client = ec2(sandbox, APP_KEYS)
  })
  afterAll(() => sandbox.close())

  it('finds exactly the exposed instance, its path hop by hop through the internet gateway', async () => {
    const { findings } = await analyse(client, PRIVATE_FROM_INTERNET)
    expect(findings).toHaveLength(1)
    const hops = findings[0].FindingComponents!
    expect(hops.map(h => h.Component!.Id)).toEqual([
      'igw-0aaa0000000000001',
      'acl-0aaa0000000000001',
      'sg-0ee000000000001',
      'eni-0ee00000000000001'
    ])
    expect(hops[3].AttachedTo!.Id).toBe('i-0ee00000000000001')
    expect(hops[3].Subnet!.Id).toBe('subnet-0cd00000000000001')
    expect(hops[2].SecurityGroupRule).toEqual({
      Cidr: '0.0.0.0/0',
      Direction: 'ingress',
      PortRange: { From: 22, To: 22 },
      Protocol: 'tcp'
    })
  })

  it('applies packet headers: port 443 only finds nothing there; an exclude covering 22 removes it', async () => {
    const on443 = await analyse(client, [
      {
        ...PRIVATE_FROM_INTERNET[0],
        Destination: {
          ...PRIVATE_FROM_INTERNET[0].Destination,
          PacketHeaderStatement: { DestinationPorts: ['443'] }
        }
      }
    ])
    expect(on443.findings).toEqual([])
    const excluded = await analyse(client, PRIVATE_FROM_INTERNET, [
      { Destination: { PacketHeaderStatement: { DestinationPorts: ['20-23'], Protocols: ['tcp'] } } }
    ])
    expect(excluded.findings).toEqual([])
    const partly = await analyse(client, PRIVATE_FROM_INTERNET, [
      { Source: { PacketHeaderStatement: { SourceAddresses: ['55.3.0.0/16'] } } }
    ])
    expect(partly.findings).toHaveLength(1)
  })

  it('pages the findings (page size 2): six paths from the internet over three pages', async () => {
    const { findings, pages } = await analyse(client, [
      { Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } } }
    ])
    expect(findings).toHaveLength(6)
    expect(pages).toBe(3)
    expect(new Set(findings.map(f => f.FindingId)).size).toBe(6)
  })
})
