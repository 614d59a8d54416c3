// `subnet:` / `vpc:` scoping of tag selectors: subnets and VPCs named by their own tags become ids, with
// one paginated DescribeSubnets / DescribeVpcs per account+Region (filtered by the union of tag keys).
import { paginateDescribeSubnets, paginateDescribeVpcs, type EC2Client, type Tag } from '@aws-sdk/client-ec2'
import type { ScopeRef } from '../model.js'

export interface ScopeTable {
  subnets: Array<{ id: string; vpcId?: string; tags: Record<string, string> }>
  vpcs: Array<{ id: string; tags: Record<string, string> }>
}

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  const map: Record<string, string> = {}
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? ''
  return map
}

/** Lists the subnets and VPCs carrying any of the tag keys the refs use (nothing when no ref uses tags). */
export async function fetchScopeTable(
  client: EC2Client,
  subnetTagKeys: string[],
  vpcTagKeys: string[]
): Promise<ScopeTable> {
  const table: ScopeTable = { subnets: [], vpcs: [] }
  const chunks = (keys: string[]) => {
    const out: string[][] = []
    for (let i = 0; i < keys.length; i += 200) out.push(keys.slice(i, i + 200))
    return out
  }
  for (const keys of chunks([...new Set(subnetTagKeys)].sort())) {
    for await (const page of paginateDescribeSubnets(
      { client, pageSize: 1000 },
      { Filters: [{ Name: 'tag-key', Values: keys }] }
    )) {
      for (const subnet of page.Subnets ?? [])
        if (subnet.SubnetId)
          table.subnets.push({ id: subnet.SubnetId, vpcId: subnet.VpcId, tags: tagMap(subnet.Tags) })
    }
  }
  for (const keys of chunks([...new Set(vpcTagKeys)].sort())) {
    for await (const page of paginateDescribeVpcs(
      { client, pageSize: 1000 },
      { Filters: [{ Name: 'tag-key', Values: keys }] }
    )) {
      for (const vpc of page.Vpcs ?? [])
        if (vpc.VpcId) table.vpcs.push({ id: vpc.VpcId, tags: tagMap(vpc.Tags) })
    }
  }
  return table
}

/** The ids a ref stands for: its own ids, or those of the subnets (VPCs) whose tags all match. */
export function idsOf(ref: ScopeRef, items: Array<{ id: string; tags: Record<string, string> }>): string[] {
  if (ref.by === 'ids') return ref.ids
  return items
    .filter(item => Object.entries(ref.tags).every(([key, value]) => item.tags[key] === value))
    .map(item => item.id)
    .sort()
}

export function describeScopeRef(ref: ScopeRef, noun: 'subnet' | 'VPC'): string {
  if (ref.by === 'ids')
    return ref.ids.length === 1 ? `${noun} ${ref.ids[0]}` : `${noun}s ${ref.ids.join(', ')}`
  const tags = Object.entries(ref.tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ')
  return `${noun}s tagged ${tags}`
}
