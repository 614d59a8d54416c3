// One model of the network changes a Terraform plan or a Pulumi preview makes, before → after.
// Whatever the tool, a change is a resource (its address and action) and what it contributes to a
// security group, a network ACL, a route table or an attachment. Unknown-until-apply values stay Unknown.
import type { Maybe, PortRange } from './values.js'

export type PlanTool = 'terraform' | 'pulumi'

/** What applying the plan does to one resource. `replace` is delete + create (either order). */
export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'no-op'

export interface PlanResource {
  tool: PlanTool
  /** The plan file it came from, as the user named it. */
  file: string
  /** Terraform address (`aws_security_group_rule.db_from_app`) or Pulumi `type::name`. */
  address: string
  /** Terraform resource type; Pulumi types are mapped to the Terraform type they bridge. */
  type: string
  action: ChangeAction
  /** The deployed id (before), when the resource exists today. */
  id?: string
}

/** Whom a security-group rule admits (ingress: the source; egress: the destination). */
export type SgPeer =
  | { kind: 'cidr'; cidr: string }
  | { kind: 'prefix-list'; id: string }
  /** A group reference, `self` included (the group's own id), `ACCOUNT/sg-…` reduced to the id. */
  | { kind: 'group'; groupId: string }

export interface SgRule {
  direction: 'ingress' | 'egress'
  /** Number string, "-1" for all. */
  protocol: Maybe<string>
  /** Undefined: every port (protocol -1, or from/to -1). */
  ports: Maybe<PortRange | undefined>
  peer: Maybe<SgPeer>
}

/** A resource's contribution to one security group's rules (an inline set, or a standalone rule). */
export interface SgRuleSet {
  resource: PlanResource
  groupBefore?: Maybe<string>
  groupAfter?: Maybe<string>
  /** null: the resource does not exist before (create) / after (delete). */
  before: SgRule[] | null
  after: Maybe<SgRule[]> | null
  /** Inline rules of aws_security_group: the group's complete rule set. */
  complete: boolean
}

export interface AclEntry {
  egress: boolean
  ruleNumber: Maybe<number>
  action: Maybe<'allow' | 'deny'>
  protocol: Maybe<string>
  ports: Maybe<PortRange | undefined>
  cidr: Maybe<string>
}

export interface AclRuleSet {
  resource: PlanResource
  aclBefore?: Maybe<string>
  aclAfter?: Maybe<string>
  before: AclEntry[] | null
  after: Maybe<AclEntry[]> | null
  complete: boolean
}

export type RouteDestination = { kind: 'cidr'; cidr: string } | { kind: 'prefix-list'; id: string }

export interface Route {
  destination: Maybe<RouteDestination>
  /** A gateway, NAT, ENI, peering, TGW or attachment id; `blackhole` for a TGW blackhole route. */
  target: Maybe<string>
}

export interface RouteSet {
  resource: PlanResource
  tableBefore?: Maybe<string>
  tableAfter?: Maybe<string>
  before: Route[] | null
  after: Maybe<Route[]> | null
  /** aws_route_table's inline routes: complete but for the local and propagated routes. */
  complete: boolean
  transitGateway: boolean
}

/** Security groups a resource attaches to an instance or network interface. */
export interface SgAttachment {
  resource: PlanResource
  /** Instance id and/or ENI ids the groups apply to (the deployed ones). */
  targets: string[]
  before: string[] | null
  after: Maybe<string[]> | null
  /** The full group list of the instance/ENI (vs one aws_network_interface_sg_attachment). */
  complete: boolean
}

/** A component destroyed or replaced by the plan (its deployed id gone after apply). */
export interface Lifecycle {
  resource: PlanResource
  id: string
  action: 'delete' | 'replace'
}

/** A change the evaluator does not model: Network Firewall rule groups, or anything else by id. */
export interface OtherChange {
  resource: PlanResource
  kind: 'firewall' | 'outside-model'
  /** Ids and ARNs the resource names (itself and what it refers to), before and after. */
  ids: string[]
}

export interface NetworkChanges {
  files: string[]
  resources: PlanResource[]
  sgRules: SgRuleSet[]
  aclRules: AclRuleSet[]
  routes: RouteSet[]
  attachments: SgAttachment[]
  lifecycle: Lifecycle[]
  other: OtherChange[]
}

export function emptyChanges(): NetworkChanges {
  return {
    files: [],
    resources: [],
    sgRules: [],
    aclRules: [],
    routes: [],
    attachments: [],
    lifecycle: [],
    other: []
  }
}

export function mergeChanges(list: NetworkChanges[]): NetworkChanges {
  const out = emptyChanges()
  for (const c of list) {
    out.files.push(...c.files)
    out.resources.push(...c.resources)
    out.sgRules.push(...c.sgRules)
    out.aclRules.push(...c.aclRules)
    out.routes.push(...c.routes)
    out.attachments.push(...c.attachments)
    out.lifecycle.push(...c.lifecycle)
    out.other.push(...c.other)
  }
  return out
}

/** A user-facing problem with a plan file; the message names the file. */
export class PlanError extends Error {
  constructor(
    readonly file: string,
    message: string
  ) {
    super(`${file}: ${message}`)
    this.name = 'PlanError'
  }
}
