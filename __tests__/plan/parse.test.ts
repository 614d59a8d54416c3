// Reading plan files: detection by content, errors that name the file, unknowns marked, never guessed.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadPlans, parsePlanText } from '../../src/plan/index.js'
import { isUnknown } from '../../src/plan/values.js'

const tf = (resource_changes: unknown[], format_version = '1.2') =>
  JSON.stringify({ format_version, terraform_version: '1.9.5', resource_changes })
const rule = {
  type: 'ingress',
  security_group_id: 'sg-1',
  protocol: 'tcp',
  from_port: 22,
  to_port: 22,
  cidr_blocks: ['10.0.0.0/8'],
  ipv6_cidr_blocks: [],
  prefix_list_ids: [],
  self: false,
  source_security_group_id: null
}

describe('plan files', () => {
  it('errors name the file and say what is expected', () => {
    expect(() => parsePlanText('plan.json', 'not json')).toThrow(
      /^plan\.json: not JSON .*terraform show -json/
    )
    expect(() => parsePlanText('plan.json', '[]')).toThrow(/^plan\.json: not a plan/)
    expect(() => parsePlanText('plan.json', '{"hello":1}')).toThrow(/^plan\.json: not a plan this tool reads/)
    expect(() => parsePlanText('tfplan', 'PK\u0003\u0004...')).toThrow(
      /^tfplan: this is a binary Terraform plan; convert it with `terraform show -json/
    )
    expect(() =>
      parsePlanText(
        'state.json',
        JSON.stringify({ format_version: '1.0', terraform_version: '1.9.5', values: {} })
      )
    ).toThrow(/state, not a plan/)
    expect(() => parsePlanText('p.json', JSON.stringify({ resourcePlans: {}, manifest: {} }))).toThrow(
      /^p\.json: this is a Pulumi update plan/
    )
    expect(() =>
      parsePlanText('p.json', '{"sequence":0,"timestamp":1}\n{"sequence":1,"timestamp":2}')
    ).toThrow(/streamed Pulumi preview/)
  })
  it('an unsupported format_version says which are supported', () => {
    expect(() => parsePlanText('plan.json', tf([], '2.0'))).toThrow(
      'plan.json: Terraform plan format_version "2.0" is not supported; supported: 0.1, 1.x'
    )
    expect(() => parsePlanText('plan.json', tf([], '0.2'))).toThrow(/supported: 0\.1, 1\.x/)
    for (const v of ['0.1', '1.0', '1.1', '1.2', '1.3'])
      expect(() => parsePlanText('plan.json', tf([], v))).not.toThrow()
  })
  it('missing files are errors naming them', async () => {
    await expect(loadPlans([{ path: '/nonexistent/plan.json', name: 'plans/plan.json' }])).rejects.toThrow(
      'plans/plan.json: no such file'
    )
  })
  it('several files merge into one model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'))
    writeFileSync(
      join(dir, 'a.json'),
      tf([
        {
          address: 'aws_security_group_rule.a',
          mode: 'managed',
          type: 'aws_security_group_rule',
          name: 'a',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: { actions: ['delete'], before: { ...rule, id: 'sgrule-1' }, after: null }
        }
      ])
    )
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({
        steps: [
          {
            op: 'delete',
            urn: 'urn:pulumi:s::p::aws:ec2/securityGroupRule:SecurityGroupRule::b',
            oldState: {
              id: 'sgrule-2',
              type: 'aws:ec2/securityGroupRule:SecurityGroupRule',
              inputs: {
                type: 'egress',
                securityGroupId: 'sg-2',
                protocol: '-1',
                fromPort: 0,
                toPort: 0,
                cidrBlocks: ['0.0.0.0/0']
              }
            }
          }
        ]
      })
    )
    const changes = await loadPlans([
      { path: join(dir, 'a.json'), name: 'a.json' },
      { path: join(dir, 'b.json'), name: 'b.json' }
    ])
    expect(changes.files).toEqual(['a.json', 'b.json'])
    expect(changes.sgRules.map(s => [s.resource.address, s.groupBefore, s.resource.tool])).toEqual([
      ['aws_security_group_rule.a', 'sg-1', 'terraform'],
      ['aws:ec2/securityGroupRule:SecurityGroupRule::b', 'sg-2', 'pulumi']
    ])
    expect(changes.sgRules[1]!.before).toEqual([
      { direction: 'egress', protocol: '-1', ports: undefined, peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }
    ])
  })
  it('Terraform unknowns (after_unknown) are marked unknown, inside lists too', () => {
    const c = parsePlanText(
      'p.json',
      tf([
        {
          address: 'aws_security_group_rule.a',
          mode: 'managed',
          type: 'aws_security_group_rule',
          name: 'a',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: {
            actions: ['create'],
            before: null,
            after: { ...rule, cidr_blocks: ['10.0.0.0/8', null] },
            after_unknown: { id: true, cidr_blocks: [false, true] }
          }
        }
      ])
    )
    const after = c.sgRules[0]!.after as Array<{ peer: unknown }>
    expect(after.map(r => (isUnknown(r.peer) ? 'unknown' : r.peer))).toEqual([
      { kind: 'cidr', cidr: '10.0.0.0/8' },
      'unknown'
    ])
    expect(c.resources[0]!.action).toBe('create')
  })
  it('Pulumi unknowns (the preview sentinel) are marked unknown', () => {
    const c = parsePlanText(
      'p.json',
      JSON.stringify({
        steps: [
          {
            op: 'create',
            urn: 'urn:pulumi:s::p::aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::x',
            newState: {
              type: 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
              inputs: {
                securityGroupId: 'sg-1',
                ipProtocol: 'tcp',
                fromPort: 1,
                toPort: 2,
                cidrIpv4: '04da6b54-80e4-46f7-96ec-b56ff0331ba9'
              }
            }
          }
        ]
      })
    )
    expect(isUnknown((c.sgRules[0]!.after as Array<{ peer: unknown }>)[0]!.peer)).toBe(true)
  })
  it('maps Terraform actions: replace either order, deposed objects deleted, data sources and other providers ignored', () => {
    const base = {
      mode: 'managed',
      type: 'aws_instance',
      provider_name: 'registry.terraform.io/hashicorp/aws'
    }
    const c = parsePlanText(
      'p.json',
      tf([
        {
          ...base,
          address: 'aws_instance.a',
          name: 'a',
          change: {
            actions: ['create', 'delete'],
            before: { id: 'i-1' },
            after: {},
            after_unknown: { id: true }
          }
        },
        {
          ...base,
          address: 'aws_instance.b',
          name: 'b',
          deposed: '00000001',
          change: { actions: ['delete'], before: { id: 'i-2' }, after: null }
        },
        {
          ...base,
          address: 'data.aws_instance.c',
          name: 'c',
          mode: 'data',
          change: { actions: ['read'], before: null, after: {} }
        },
        {
          ...base,
          address: 'google_compute_instance.d',
          name: 'd',
          type: 'google_compute_instance',
          provider_name: 'registry.terraform.io/hashicorp/google',
          change: { actions: ['delete'], before: { id: 'x' }, after: null }
        }
      ])
    )
    expect(c.resources.map(r => [r.address, r.action])).toEqual([
      ['aws_instance.a', 'replace'],
      ['aws_instance.b', 'delete']
    ])
    expect(c.lifecycle.map(l => [l.id, l.action])).toEqual([
      ['i-1', 'replace'],
      ['i-2', 'delete']
    ])
  })
  it('inline ingress blocks expand to one rule per peer; self is the group itself; ACCOUNT/sg-… is the id', () => {
    const sg = {
      id: 'sg-9',
      ingress: [
        {
          protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          cidr_blocks: ['10.0.0.0/8', '192.168.0.0/16'],
          ipv6_cidr_blocks: ['::/0'],
          prefix_list_ids: ['pl-1'],
          security_groups: ['123456789012/sg-7'],
          self: true
        }
      ],
      egress: []
    }
    const c = parsePlanText(
      'p.json',
      tf([
        {
          address: 'aws_security_group.x',
          mode: 'managed',
          type: 'aws_security_group',
          name: 'x',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: { actions: ['no-op'], before: sg, after: sg }
        }
      ])
    )
    expect((c.sgRules[0]!.after as Array<{ peer: unknown }>).map(r => r.peer)).toEqual([
      { kind: 'cidr', cidr: '10.0.0.0/8' },
      { kind: 'cidr', cidr: '192.168.0.0/16' },
      { kind: 'cidr', cidr: '::/0' },
      { kind: 'prefix-list', id: 'pl-1' },
      { kind: 'group', groupId: 'sg-7' },
      { kind: 'group', groupId: 'sg-9' }
    ])
  })
})
