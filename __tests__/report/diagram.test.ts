import { pathDiagram, returnPathDiffers, wrapClauses, wrapWords } from '../../src/report/diagram.js'
import { explanation, hop, result } from './fixtures.js'

const TWELVE = [
  hop(1, 'i-0a1000000000000a1', 'instance', 'orders-api-blue-production'),
  hop(2, 'eni-0a1000000000000a1', 'network-interface'),
  hop(3, 'sg-0a10000000000a001', 'security-group', 'orders-api-sg'),
  hop(4, 'acl-0a10000000000a001', 'network-acl'),
  hop(5, 'rtb-0a10000000000a001', 'route-table'),
  hop(6, 'tgw-attach-0a1000000000000a1', 'transit-gateway-attachment'),
  hop(7, 'tgw-0c10000000000c001', 'transit-gateway'),
  hop(8, 'tgw-attach-0c1000000000000c2', 'transit-gateway-attachment'),
  hop(9, 'vpce-0c10000000000f001', 'vpc-endpoint'),
  hop(10, 'rtb-0c10000000000c002', 'route-table'),
  hop(11, 'acl-0c10000000000c002', 'network-acl'),
  hop(12, 'eni-0c1000000000000c9', 'network-interface')
].map((h, i) =>
  i === 4
    ? {
        ...h,
        detail:
          'route 10.20.0.0/16 → tgw-0c10000000000c001 in subnet-0a100000000000011 (vpc-0a100000000000001)'
      }
    : h
)

describe('wrapWords', () => {
  it('breaks between words only and marks a cut after a whole word', () => {
    const lines = wrapWords(
      'attached to i-0a1000000000000a1 (orders-api); in subnet-0a100000000000011 (vpc-0a100000000000001)',
      34,
      2
    )
    expect(lines).toEqual(['attached to i-0a1000000000000a1', '(orders-api); …'])
    for (const line of lines) expect(line).not.toMatch(/[^\s]…$/)
  })

  it('keeps a word longer than a line whole', () => {
    const arn = 'arn:aws:ec2:us-east-1:222222222222:network-interface/eni-0a1000000000000d2'
    expect(wrapWords(`via ${arn}`, 34, 3)).toEqual(['via', arn])
  })
})

describe('wrapClauses', () => {
  const eni =
    'attached to i-0a1000000000000a1 (orders-api); in subnet-0a100000000000011 (vpc-0a100000000000001)'

  it('keeps whole clauses and ends with … after the last one that fits, not on a dangling word', () => {
    expect(wrapClauses(eni, 34, 2)).toEqual(['attached to i-0a1000000000000a1', '(orders-api) …'])
    expect(wrapClauses(eni, 34, 4)).toEqual([
      'attached to i-0a1000000000000a1',
      '(orders-api); in',
      'subnet-0a100000000000011',
      '(vpc-0a100000000000001)'
    ])
  })

  it('cuts a first clause too long on its own after a whole word', () => {
    const lines = wrapClauses(
      'route 10.20.0.0/16 → tgw-0c10000000000c001 in subnet-0a100000000000011 (vpc-0a100000000000001)',
      34,
      2
    )
    expect(lines).toEqual(['route 10.20.0.0/16 →', 'tgw-0c10000000000c001 …'])
  })
})

describe('pathDiagram', () => {
  it('draws a not-reachable allow as source → … → the blocking component (red) ⇢ the destination (grey)', () => {
    const failed = result({
      id: 'a',
      line: 1,
      status: 'failed',
      explanations: [explanation('ENI_SG_RULES_MISMATCH', 'sg blocks', 'sg-0db0000000000000a')],
      analysis: { forwardPath: TWELVE.slice(0, 2), networkPathFound: false }
    })
    const chart = pathDiagram(failed).join('\n')
    expect(chart).toContain(
      'n2["security group<br/>sg‑0db0000000000000a<br/>✖ no inbound rule allows tcp/5432"]'
    )
    expect(chart).toContain('n2 -. not reached .-> n3')
    expect(chart).toMatch(/class n2 block/)
    expect(chart).toMatch(/class n3 unreached/)
  })

  it('runs a 12-hop path top-down, one node per hop, every id whole and unbreakable', () => {
    const failed = result({
      id: 'long',
      line: 1,
      status: 'failed',
      explanations: [explanation('SUBNET_ACL_RESTRICTION', 'acl denies', 'acl-0c10000000000c002')],
      analysis: { forwardPath: TWELVE, networkPathFound: false }
    })
    const chart = pathDiagram(failed)
    expect(chart[1]).toBe('flowchart TD')
    const nodes = chart.filter(l => /^ {2}n\d+\[/.test(l))
    expect(nodes).toHaveLength(12) // the 11th hop is the block, then the destination
    for (const h of TWELVE.slice(0, 11))
      expect(chart.join('\n')).toContain(h.componentId.replace(/-/g, '\u2011'))
    expect(nodes[10]).toContain('✖ blocks inbound tcp/5432')
    // No label line ends in a cut word.
    for (const node of nodes) for (const line of node.split('<br/>')) expect(line).not.toMatch(/[^\s]…"?\]?$/)
  })

  it('shows the return path only when it is not the forward path walked back', () => {
    const there = [
      hop(1, 'i-0aaaa1111', 'instance'),
      hop(2, 'sg-0aaaa1111', 'security-group'),
      hop(3, 'eni-0bbbb2222', 'network-interface')
    ]
    const back = [
      hop(1, 'eni-0bbbb2222', 'network-interface'),
      hop(2, 'rtb-0aaaa1111', 'route-table'),
      hop(3, 'i-0aaaa1111', 'instance')
    ]
    const same = result({
      id: 's',
      line: 1,
      status: 'failed',
      analysis: { forwardPath: there, returnPath: back }
    })
    expect(returnPathDiffers(same)).toBe(false)
    const other = result({
      id: 'o',
      line: 1,
      status: 'failed',
      analysis: {
        forwardPath: there,
        returnPath: [...back.slice(0, 2), hop(3, 'nat-0cccc3333', 'nat-gateway')]
      }
    })
    expect(returnPathDiffers(other)).toBe(true)
  })
})
