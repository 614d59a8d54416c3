// What a plan changes in the network, as short lines for the top of a report.
import type { PlanChangeLine as ChangeLine } from '../model.js'
import type { NetworkChanges, PlanResource } from './model.js'

function label(r: PlanResource): string {
  return r.id ? `${r.address} (${r.id})` : r.address
}

/** One line per changed network resource (no-ops left out), in plan order. */
export function summariseChanges(changes: NetworkChanges): ChangeLine[] {
  const lines: ChangeLine[] = []
  const seen = new Set<PlanResource>()
  const add = (r: PlanResource, what: string) => {
    if (r.action === 'no-op' || seen.has(r)) return
    seen.add(r)
    lines.push({ resource: label(r), action: r.action, file: r.file, what })
  }
  const id = (v: unknown) => (typeof v === 'string' ? v : 'a group known after apply')
  for (const s of changes.sgRules)
    add(s.resource, `rules of security group ${id(s.groupBefore ?? s.groupAfter)}`)
  for (const s of changes.aclRules) add(s.resource, `rules of network ACL ${id(s.aclBefore ?? s.aclAfter)}`)
  for (const s of changes.routes)
    add(
      s.resource,
      `routes of ${s.transitGateway ? 'transit gateway route table' : 'route table'} ${id(s.tableBefore ?? s.tableAfter)}`
    )
  for (const a of changes.attachments) add(a.resource, `security groups of ${a.targets.join(' / ')}`)
  for (const l of changes.lifecycle)
    add(l.resource, `${l.action === 'delete' ? 'destroys' : 'replaces'} ${l.id}`)
  for (const o of changes.other)
    add(o.resource, o.kind === 'firewall' ? 'Network Firewall (not evaluated)' : 'outside the network model')
  return lines
}
