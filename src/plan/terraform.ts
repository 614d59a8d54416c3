// Terraform's JSON plan (`terraform show -json PLANFILE`), format_version 0.1 and 1.x.
// Unknowns: omitted from `after`, marked `true` at the same place in `after_unknown`
// (https://developer.hashicorp.com/terraform/internals/json-format).
import { extractChanges, type Attributes, type ResourceChange } from './extract.js'
import { PlanError, type ChangeAction, type NetworkChanges } from './model.js'
import { unknown } from './values.js'

export const TERRAFORM_FORMAT_VERSIONS = ['0.1', '1.x (1.0, 1.1, 1.2, …)']

/** Is this object a Terraform JSON plan (or a state mistaken for one)? */
export function looksLikeTerraform(doc: Record<string, unknown>): boolean {
  return (
    typeof doc.format_version === 'string' &&
    ('terraform_version' in doc || 'resource_changes' in doc || 'planned_values' in doc || 'values' in doc)
  )
}

function actionOf(actions: unknown): ChangeAction | undefined {
  if (!Array.isArray(actions)) return undefined
  const has = (a: string) => actions.includes(a)
  if (has('create') && (has('delete') || has('forget'))) return 'replace'
  if (has('create')) return 'create'
  if (has('delete') || has('forget')) return 'delete'
  if (has('update')) return 'update'
  if (has('no-op')) return 'no-op'
  return undefined // read (data sources) and anything newer
}

/** Puts Unknown markers where after_unknown says a value is unknown until apply. */
function markUnknown(after: unknown, afterUnknown: unknown, path: string): unknown {
  if (afterUnknown === true) return unknown(path)
  if (Array.isArray(afterUnknown)) {
    const base = Array.isArray(after) ? after : []
    const length = Math.max(base.length, afterUnknown.length)
    return Array.from({ length }, (_, i) => markUnknown(base[i], afterUnknown[i], `${path}[${i}]`))
  }
  if (afterUnknown && typeof afterUnknown === 'object') {
    const base = after && typeof after === 'object' && !Array.isArray(after) ? (after as Attributes) : {}
    const out: Attributes = { ...base }
    for (const [k, v] of Object.entries(afterUnknown as Attributes))
      out[k] = markUnknown(base[k], v, path ? `${path}.${k}` : k)
    return out
  }
  return after
}

function isAwsProvider(name: unknown): boolean {
  return typeof name === 'string' && (name === 'aws' || /(^|\/)aws$/.test(name))
}

export function parseTerraformPlan(file: string, doc: Record<string, unknown>): NetworkChanges {
  const version = String(doc.format_version)
  const major = version.split('.')[0]
  if (major !== '0' && major !== '1') {
    throw new PlanError(
      file,
      `Terraform plan format_version ${JSON.stringify(version)} is not supported; supported: ${TERRAFORM_FORMAT_VERSIONS.join(', ')}`
    )
  }
  if (major === '0' && version !== '0.1') {
    throw new PlanError(
      file,
      `Terraform plan format_version ${JSON.stringify(version)} is not supported; supported: ${TERRAFORM_FORMAT_VERSIONS.join(', ')}`
    )
  }
  if (!('resource_changes' in doc) && !('planned_values' in doc) && 'values' in doc) {
    throw new PlanError(
      file,
      'this is Terraform state, not a plan: run `terraform plan -out=tfplan` then `terraform show -json tfplan`'
    )
  }
  const list = doc.resource_changes ?? []
  if (!Array.isArray(list)) throw new PlanError(file, 'resource_changes is not a list')
  const changes: ResourceChange[] = []
  for (const [i, rc] of list.entries()) {
    if (!rc || typeof rc !== 'object') throw new PlanError(file, `resource_changes[${i}] is not an object`)
    const r = rc as Attributes
    if (r.mode !== undefined && r.mode !== 'managed') continue
    if (!isAwsProvider(r.provider_name)) continue
    const change = r.change as Attributes | undefined
    if (!change || typeof change !== 'object')
      throw new PlanError(file, `resource_changes[${i}] (${String(r.address)}) has no change`)
    let action = actionOf(change.actions)
    if (action === undefined) continue
    // A deposed object (create_before_destroy leftovers) is only ever deleted.
    if (typeof r.deposed === 'string' && action !== 'no-op') action = 'delete'
    const before = change.before && typeof change.before === 'object' ? (change.before as Attributes) : null
    const afterRaw = change.after && typeof change.after === 'object' ? change.after : null
    const after =
      action === 'delete' || (afterRaw === null && change.after_unknown === undefined)
        ? null
        : (markUnknown(afterRaw ?? {}, change.after_unknown, '') as Attributes)
    const address = typeof r.address === 'string' ? r.address : `${String(r.type)}.${String(r.name)}`
    const id = typeof before?.id === 'string' ? before.id : undefined
    changes.push({
      resource: { tool: 'terraform', file, address, type: String(r.type), action, ...(id ? { id } : {}) },
      before: action === 'create' ? null : before,
      after
    })
  }
  return extractChanges(file, changes)
}
