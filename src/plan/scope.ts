// plan-scope: affected — which assertions the plan can touch, from what resolution knows of their endpoints
// (instance, network interface, subnet, VPC, security groups), plus those the pull request adds or edits.
import type { Assertion, ResolvedTarget } from '../model.js'
import type { NetworkChanges, PlanResource } from './model.js'
import { isUnknown } from './values.js'

export interface Touched {
  groups: Map<string, PlanResource>
  resources: Map<string, PlanResource>
  subnets: Map<string, PlanResource>
  vpcs: Map<string, PlanResource>
  /** Changes that cannot be tied to endpoints (route tables, NACLs, gateways…): every assertion is in scope. */
  everywhere: string[]
}

const ENDPOINT_ID = /^(i|eni|subnet|vpc|sg)-/

function add(map: Map<string, PlanResource>, id: unknown, r: PlanResource): void {
  if (typeof id === 'string' && !isUnknown(id) && !map.has(id)) map.set(id, r)
}

/** What the plan changes, keyed by the ids an endpoint's resolution knows. */
export function touchedBy(changes: NetworkChanges): Touched {
  const t: Touched = {
    groups: new Map(),
    resources: new Map(),
    subnets: new Map(),
    vpcs: new Map(),
    everywhere: []
  }
  const changed = (r: PlanResource) => r.action !== 'no-op'
  for (const s of changes.sgRules) {
    if (!changed(s.resource)) continue
    add(t.groups, s.groupBefore, s.resource)
    add(t.groups, s.groupAfter, s.resource)
  }
  for (const a of changes.attachments)
    if (changed(a.resource)) for (const id of a.targets) add(t.resources, id, a.resource)
  for (const l of changes.lifecycle) {
    if (l.id.startsWith('i-') || l.id.startsWith('eni-')) add(t.resources, l.id, l.resource)
    else if (l.id.startsWith('subnet-')) add(t.subnets, l.id, l.resource)
    else if (l.id.startsWith('vpc-')) add(t.vpcs, l.id, l.resource)
    else if (l.id.startsWith('sg-')) add(t.groups, l.id, l.resource)
    else
      t.everywhere.push(
        `\`${l.resource.address}\` (${l.resource.action}) ${l.action === 'delete' ? 'destroys' : 'replaces'} ${l.id}, which any path may cross`
      )
  }
  const tables = [
    ...changes.aclRules.filter(s => changed(s.resource)).map(s => ({ r: s.resource, what: 'network ACL' })),
    ...changes.routes.filter(s => changed(s.resource)).map(s => ({ r: s.resource, what: 'route table' }))
  ]
  for (const { r, what } of tables)
    t.everywhere.push(
      `\`${r.address}\` (${r.action}) changes a ${what}; its subnet associations are not known here, so every assertion is in scope`
    )
  for (const o of changes.other) {
    if (o.kind === 'firewall') {
      t.everywhere.push(
        `\`${o.resource.address}\` (${o.resource.action}) changes Network Firewall, which any path may cross`
      )
      continue
    }
    for (const id of o.ids.filter(i => ENDPOINT_ID.test(i))) {
      if (id.startsWith('subnet-')) add(t.subnets, id, o.resource)
      else if (id.startsWith('vpc-')) add(t.vpcs, id, o.resource)
      else if (id.startsWith('sg-')) add(t.groups, id, o.resource)
      else add(t.resources, id, o.resource)
    }
  }
  return t
}

/** Why the plan can affect an assertion with these resolved endpoints, or undefined when it cannot. */
export function scopeReason(targets: ResolvedTarget[], t: Touched): string | undefined {
  if (t.everywhere.length > 0) return t.everywhere[0]
  const by = (r: PlanResource) => `\`${r.address}\` (${r.action})`
  for (const target of targets) {
    for (const id of [target.resourceId, target.primaryNetworkInterfaceId]) {
      const r = id ? t.resources.get(id) : undefined
      if (r) return `${by(r)} changes ${id}, an endpoint`
    }
    for (const g of target.securityGroupIds ?? []) {
      const r = t.groups.get(g)
      if (r) return `${by(r)} changes ${g}, attached to ${target.resourceId}`
    }
    const s = target.subnetId ? t.subnets.get(target.subnetId) : undefined
    if (s) return `${by(s)} changes ${target.subnetId}, the subnet of ${target.resourceId}`
    const v = target.vpcId ? t.vpcs.get(target.vpcId) : undefined
    if (v) return `${by(v)} changes ${target.vpcId}, the VPC of ${target.resourceId}`
  }
  return undefined
}

/** An assertion without where it stands in the file: what it asks. */
function meaning(a: Assertion): string {
  return JSON.stringify(a, (key, value: unknown) => (key === 'location' ? undefined : value))
}

/** Assertions the pull request adds or edits, compared with the base branch's config. */
export function editedAssertions(current: Assertion[], base: Assertion[]): Map<string, 'added' | 'edited'> {
  const before = new Map(base.map(a => [a.id, meaning(a)]))
  const out = new Map<string, 'added' | 'edited'>()
  for (const a of current) {
    const b = before.get(a.id)
    if (b === undefined) out.set(a.id, 'added')
    else if (b !== meaning(a)) out.set(a.id, 'edited')
  }
  return out
}
