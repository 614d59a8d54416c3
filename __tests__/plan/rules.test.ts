// AWS's documented rule semantics, one behaviour per test:
// security groups (VPC User Guide, "Security group rules"), network ACLs ("Network ACL rules": evaluated in
// order from the lowest number; the first match decides; `*` denies), route tables ("Route priority": the
// most specific route wins).
import type { AclEntry, Route, SgRule } from '../../src/plan/model.js'
import {
  aclDecides,
  INTERNET_SOURCES,
  longestPrefixMatch,
  sgAdmits,
  sgRuleAdmits,
  type Packet
} from '../../src/plan/rules.js'
import {
  normaliseProtocol,
  parseCidr,
  portCoverage,
  prefixLength,
  rangeCoverage,
  unknown
} from '../../src/plan/values.js'

const r = (cidr: string) => parseCidr(cidr)!
const tcp5432: Packet = {
  protocol: '6',
  ports: { from: 5432, to: 5432 },
  sources: [r('10.10.1.10/32')],
  destinations: [r('10.10.2.10/32')],
  sourceGroups: ['sg-app']
}

const sg = (over: Partial<SgRule>): SgRule => ({
  direction: 'ingress',
  protocol: '6',
  ports: { from: 5432, to: 5432 },
  peer: { kind: 'cidr', cidr: '10.10.1.0/24' },
  ...over
})

describe('values', () => {
  it('parses IPv4 and IPv6 CIDRs and plain addresses', () => {
    expect(prefixLength(r('10.0.0.0/8'))).toBe(8)
    expect(prefixLength(r('10.1.2.3'))).toBe(32)
    expect(r('10.1.2.3/8').first).toBe(r('10.0.0.0/8').first)
    expect(prefixLength(r('2001:db8::/32'))).toBe(32)
    expect(r('::/0').family).toBe(6)
    expect(r('::ffff:10.0.0.1').family).toBe(6)
    for (const bad of [
      '10.0.0.0/33',
      '256.0.0.1',
      '10.0.0',
      'sg-123',
      '2001:db8::/129',
      '1::2::3',
      '10.0.0.0/8/9'
    ])
      expect(parseCidr(bad)).toBeUndefined()
  })
  it('measures coverage of address and port sets', () => {
    expect(rangeCoverage(r('10.0.0.0/8'), [r('10.1.0.0/16')])).toBe('all')
    expect(rangeCoverage(r('10.1.0.0/16'), [r('10.0.0.0/8')])).toBe('some')
    expect(rangeCoverage(r('192.168.0.0/16'), [r('10.0.0.0/8')])).toBe('none')
    expect(rangeCoverage(r('::/0'), [r('10.0.0.0/8')])).toBe('none')
    expect(portCoverage({ from: 5000, to: 6000 }, { from: 5432, to: 5432 })).toBe('all')
    expect(portCoverage({ from: 5433, to: 6000 }, { from: 5432, to: 5432 })).toBe('none')
    expect(portCoverage({ from: 8085, to: 9000 }, { from: 8080, to: 8090 })).toBe('some')
    expect(portCoverage(undefined, { from: 1, to: 2 })).toBe('all')
  })
  it('normalises protocols as Terraform and Reachability Analyzer write them', () => {
    expect(['tcp', 'TCP', '6', 6].map(normaliseProtocol)).toEqual(['6', '6', '6', '6'])
    expect(['all', '-1', -1].map(normaliseProtocol)).toEqual(['-1', '-1', '-1'])
    expect(['udp', 'icmp', 'icmpv6', '50'].map(normaliseProtocol)).toEqual(['17', '1', '58', '50'])
    expect(normaliseProtocol('bogus')).toBeUndefined()
  })
  it('internet sources exclude RFC 1918 space', () => {
    expect(rangeCoverage(r('10.0.0.0/8'), INTERNET_SOURCES)).toBe('none')
    expect(rangeCoverage(r('172.16.0.0/12'), INTERNET_SOURCES)).toBe('none')
    expect(rangeCoverage(r('192.168.0.0/16'), INTERNET_SOURCES)).toBe('none')
    expect(rangeCoverage(r('0.0.0.0/0'), INTERNET_SOURCES)).toBe('all')
    expect(rangeCoverage(r('203.0.113.0/24'), INTERNET_SOURCES)).toBe('some')
  })
})

describe('security groups: stateful allow lists', () => {
  it('a rule admits when protocol, port range and source match', () => {
    expect(sgRuleAdmits(sg({}), tcp5432, 'ingress').result).toBe('yes')
  })
  it('direction matters: an egress rule never admits inbound traffic', () => {
    expect(sgRuleAdmits(sg({ direction: 'egress' }), tcp5432, 'ingress').result).toBe('no')
  })
  it('protocol -1 (all) admits every protocol and port, ports ignored', () => {
    expect(sgRuleAdmits(sg({ protocol: '-1', ports: undefined }), tcp5432, 'ingress').result).toBe('yes')
    expect(sgRuleAdmits(sg({ protocol: '-1', ports: { from: 1, to: 1 } }), tcp5432, 'ingress').result).toBe(
      'yes'
    )
  })
  it('another protocol does not admit', () => {
    expect(sgRuleAdmits(sg({ protocol: '17' }), tcp5432, 'ingress').result).toBe('no')
  })
  it('a port range admits the ports inside it, not outside', () => {
    expect(sgRuleAdmits(sg({ ports: { from: 5432, to: 5440 } }), tcp5432, 'ingress').result).toBe('yes')
    expect(sgRuleAdmits(sg({ ports: { from: 5433, to: 5440 } }), tcp5432, 'ingress').result).toBe('no')
  })
  it('a CIDR admits addresses inside it; IPv6 CIDRs do not admit IPv4 packets', () => {
    expect(
      sgRuleAdmits(sg({ peer: { kind: 'cidr', cidr: '10.10.0.0/16' } }), tcp5432, 'ingress').result
    ).toBe('yes')
    expect(
      sgRuleAdmits(sg({ peer: { kind: 'cidr', cidr: '10.10.3.0/24' } }), tcp5432, 'ingress').result
    ).toBe('no')
    expect(sgRuleAdmits(sg({ peer: { kind: 'cidr', cidr: '::/0' } }), tcp5432, 'ingress').result).toBe('no')
    const v6: Packet = { ...tcp5432, sources: [r('2001:db8::10/128')] }
    expect(sgRuleAdmits(sg({ peer: { kind: 'cidr', cidr: '2001:db8::/32' } }), v6, 'ingress').result).toBe(
      'yes'
    )
  })
  it('egress rules match the destination address', () => {
    expect(
      sgRuleAdmits(
        sg({ direction: 'egress', peer: { kind: 'cidr', cidr: '10.10.2.0/24' } }),
        tcp5432,
        'egress'
      ).result
    ).toBe('yes')
    expect(
      sgRuleAdmits(
        sg({ direction: 'egress', peer: { kind: 'cidr', cidr: '10.10.1.0/24' } }),
        tcp5432,
        'egress'
      ).result
    ).toBe('no')
  })
  it('a group reference admits members of the referenced group only', () => {
    expect(sgRuleAdmits(sg({ peer: { kind: 'group', groupId: 'sg-app' } }), tcp5432, 'ingress').result).toBe(
      'yes'
    )
    expect(
      sgRuleAdmits(sg({ peer: { kind: 'group', groupId: 'sg-other' } }), tcp5432, 'ingress').result
    ).toBe('no')
    expect(
      sgRuleAdmits(
        sg({ peer: { kind: 'group', groupId: 'sg-app' } }),
        { ...tcp5432, sourceGroups: undefined },
        'ingress'
      ).result
    ).toBe('unknown')
  })
  it('prefix lists and unknown values are unknown, never guessed', () => {
    expect(sgRuleAdmits(sg({ peer: { kind: 'prefix-list', id: 'pl-1' } }), tcp5432, 'ingress').result).toBe(
      'unknown'
    )
    expect(sgRuleAdmits(sg({ peer: unknown('cidr_blocks') }), tcp5432, 'ingress')).toEqual({
      result: 'unknown',
      unknownBecause: 'cidr_blocks'
    })
    expect(sgRuleAdmits(sg({ ports: unknown('ports') }), tcp5432, 'ingress').result).toBe('unknown')
    expect(sgRuleAdmits(sg({ protocol: unknown('protocol') }), tcp5432, 'ingress').result).toBe('unknown')
  })
  it('an unknown source address is admitted by 0.0.0.0/0 only', () => {
    const noSource = { ...tcp5432, sources: undefined }
    expect(sgRuleAdmits(sg({ peer: { kind: 'cidr', cidr: '0.0.0.0/0' } }), noSource, 'ingress').result).toBe(
      'yes'
    )
    expect(sgRuleAdmits(sg({ peer: { kind: 'cidr', cidr: '10.0.0.0/8' } }), noSource, 'ingress').result).toBe(
      'unknown'
    )
  })
  it('a rule covering part of the sources admits (a path exists for some packet)', () => {
    expect(
      sgRuleAdmits(
        sg({ peer: { kind: 'cidr', cidr: '203.0.113.0/24' } }),
        { ...tcp5432, sources: INTERNET_SOURCES },
        'ingress'
      ).result
    ).toBe('yes')
  })
  it('any rule of any group admits: yes beats unknown beats no', () => {
    const no = sg({ ports: { from: 22, to: 22 } })
    const maybe = sg({ peer: unknown('x') })
    expect(sgAdmits([no, maybe, sg({})], tcp5432, 'ingress').result).toBe('yes')
    expect(sgAdmits([no, maybe], tcp5432, 'ingress').result).toBe('unknown')
    expect(sgAdmits([no], tcp5432, 'ingress').result).toBe('no')
    expect(sgAdmits([], tcp5432, 'ingress').result).toBe('no')
  })
})

describe('network ACLs: stateless, lowest number decides, `*` denies', () => {
  const e = (ruleNumber: number, action: 'allow' | 'deny', over: Partial<AclEntry> = {}): AclEntry => ({
    egress: false,
    ruleNumber,
    action,
    protocol: '6',
    ports: { from: 5432, to: 5432 },
    cidr: '10.10.1.0/24',
    ...over
  })
  it('the lowest-numbered matching rule decides, whatever the order given', () => {
    expect(aclDecides([e(100, 'allow'), e(50, 'deny')], tcp5432, false)).toMatchObject({
      result: 'no',
      by: { ruleNumber: 50 }
    })
    expect(aclDecides([e(200, 'deny'), e(100, 'allow')], tcp5432, false)).toMatchObject({
      result: 'yes',
      by: { ruleNumber: 100 }
    })
  })
  it('no matching rule: the `*` rule denies', () => {
    expect(aclDecides([e(100, 'allow', { cidr: '10.20.0.0/16' })], tcp5432, false)).toEqual({ result: 'no' })
    expect(aclDecides([], tcp5432, false)).toEqual({ result: 'no' })
  })
  it('outbound rules do not apply inbound', () => {
    expect(aclDecides([e(100, 'allow', { egress: true })], tcp5432, false).result).toBe('no')
    expect(aclDecides([e(100, 'allow', { egress: true, cidr: '10.10.2.0/24' })], tcp5432, true).result).toBe(
      'yes'
    )
  })
  it('protocol -1 matches every port; other protocols do not match', () => {
    expect(
      aclDecides(
        [e(10, 'deny', { protocol: '-1', ports: undefined, cidr: '0.0.0.0/0' }), e(100, 'allow')],
        tcp5432,
        false
      ).result
    ).toBe('no')
    expect(aclDecides([e(10, 'deny', { protocol: '17' }), e(100, 'allow')], tcp5432, false).result).toBe(
      'yes'
    )
  })
  it('a deny covering only part of the packets lets the rest reach later rules', () => {
    const wide: Packet = { ...tcp5432, sources: [r('10.10.0.0/16')] }
    expect(
      aclDecides(
        [e(10, 'deny', { cidr: '10.10.1.0/24' }), e(100, 'allow', { cidr: '10.10.0.0/16' })],
        wide,
        false
      ).result
    ).toBe('yes')
  })
  it('unknown rule numbers, actions or CIDRs that may match make the answer unknown', () => {
    expect(
      aclDecides([e(100, 'allow'), { ...e(0, 'deny'), ruleNumber: unknown('rule_number') }], tcp5432, false)
        .result
    ).toBe('unknown')
    expect(
      aclDecides([{ ...e(50, 'deny'), cidr: unknown('cidr') }, e(100, 'allow')], tcp5432, false).result
    ).toBe('unknown')
    expect(aclDecides([{ ...e(50, 'allow'), action: unknown('action') }], tcp5432, false).result).toBe(
      'unknown'
    )
  })
  it('return traffic with unknown ephemeral ports is unknown for port-specific rules, not for -1', () => {
    const back: Packet = {
      protocol: '6',
      portsKnown: false,
      sources: [r('10.10.2.10/32')],
      destinations: [r('10.10.1.10/32')]
    }
    expect(
      aclDecides([e(100, 'allow', { egress: true, ports: { from: 1024, to: 65535 } })], back, true).result
    ).toBe('unknown')
    expect(
      aclDecides(
        [e(100, 'allow', { egress: true, protocol: '-1', ports: undefined, cidr: '0.0.0.0/0' })],
        back,
        true
      ).result
    ).toBe('yes')
  })
})

describe('route tables: longest prefix match', () => {
  const rt = (cidr: string, target: string): Route => ({ destination: { kind: 'cidr', cidr }, target })
  const dst = [r('203.0.113.10/32')]
  it('the most specific route containing the destination wins', () => {
    expect(
      longestPrefixMatch([rt('0.0.0.0/0', 'tgw-1'), rt('203.0.113.0/24', 'pcx-1')], dst).by?.target
    ).toBe('pcx-1')
    expect(
      longestPrefixMatch([rt('203.0.113.0/24', 'pcx-1'), rt('0.0.0.0/0', 'tgw-1')], dst).by?.target
    ).toBe('pcx-1')
  })
  it('routes not containing the destination are ignored; none left means no route', () => {
    expect(
      longestPrefixMatch([rt('198.51.100.0/24', 'pcx-1'), rt('0.0.0.0/0', 'tgw-1')], dst).by?.target
    ).toBe('tgw-1')
    expect(longestPrefixMatch([rt('198.51.100.0/24', 'pcx-1')], dst)).toEqual({ result: 'no' })
  })
  it('a more specific route taking part of the destinations, unknown or prefix-list destinations: unknown', () => {
    expect(
      longestPrefixMatch([rt('0.0.0.0/0', 'tgw-1'), rt('203.0.113.0/25', 'pcx-1')], [r('203.0.113.0/24')])
        .result
    ).toBe('unknown')
    expect(
      longestPrefixMatch([rt('0.0.0.0/0', 'tgw-1'), { destination: unknown('dest'), target: 'x' }], dst)
        .result
    ).toBe('unknown')
    expect(
      longestPrefixMatch(
        [rt('0.0.0.0/0', 'tgw-1'), { destination: { kind: 'prefix-list', id: 'pl-1' }, target: 'x' }],
        dst
      ).result
    ).toBe('unknown')
  })
  it('a blackhole route still wins the match (its target drops the packet)', () => {
    expect(longestPrefixMatch([rt('0.0.0.0/0', 'blackhole')], dst).by?.target).toBe('blackhole')
  })
})
