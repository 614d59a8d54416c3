// The account+Region grouping both engines share (src/analyze/groups.ts): order kept, a crashing group
// reported once without stopping the others, a client failure fails the group, a listing failure only warns.
import { describe, expect, it } from '@jest/globals'
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { AwsClientProvider } from '../../src/auth/types.js'
import { groupByAccountRegion, openGroup, runGroups } from '../../src/analyze/groups.js'

describe('groups', () => {
  it('groups by account and Region in first-seen order', () => {
    const items = [
      { id: 1, account: 'a', region: 'us-east-1' },
      { id: 2, account: 'b', region: 'us-east-1' },
      { id: 3, account: 'a', region: 'us-east-1' },
      { id: 4, account: 'a', region: 'eu-west-1' }
    ]
    expect(groupByAccountRegion(items, i => i).map(g => g.map(i => i.id))).toEqual([[1, 3], [2], [4]])
  })

  it('runs every group even when one crashes, and reports the first crash once', async () => {
    const ran: number[] = []
    const logs: string[] = []
    const crash = await runGroups(
      [[1], [2], [3]],
      async ([n]) => {
        if (n === 2) throw new Error('boom')
        ran.push(n)
      },
      l => logs.push(l),
      'scope engine'
    )
    expect(ran.sort()).toEqual([1, 3])
    expect(String(crash?.reason)).toBe('Error: boom')
    expect(logs).toEqual(['error: the scope engine failed unexpectedly: Error: boom'])
    expect(
      await runGroups(
        [[1]],
        async () => undefined,
        l => logs.push(l),
        'x'
      )
    ).toBeUndefined()
  })

  it('no client fails the group; a failed listing warns and reuses nothing', async () => {
    const client = {} as EC2Client
    const where = { account: 'prod', region: 'us-east-1' }
    const logs: string[] = []
    const failing = { ec2: async () => Promise.reject(new Error('no role')) } as unknown as AwsClientProvider
    const working = { ec2: async () => client } as unknown as AwsClientProvider
    const reusable = (list: () => Promise<string[]>) => ({ what: 'scopes', list, none: () => [] as string[] })
    expect(
      await openGroup(
        failing,
        where,
        reusable(async () => ['x']),
        l => logs.push(l)
      )
    ).toEqual({
      ok: false,
      error: new Error('no role')
    })
    expect(
      await openGroup(
        working,
        where,
        reusable(async () => ['x']),
        l => logs.push(l)
      )
    ).toEqual({
      ok: true,
      client,
      candidates: ['x']
    })
    expect(logs).toEqual([])
    const opened = await openGroup(
      working,
      where,
      reusable(async () => Promise.reject(new Error('denied'))),
      l => logs.push(l)
    )
    expect(opened).toEqual({ ok: true, client, candidates: [] })
    expect(logs).toEqual([
      'warning: could not list reusable scopes in account prod, us-east-1 (Error: denied); creating new ones'
    ])
  })
})
