// What every managed-service resolver shares: where it resolves, the EC2 network-interface lookup the
// expansions end in, and how a network interface becomes a ResolvedTarget.
import { awsErrorCode, errorMessage } from '../../aws/errors.js'
import { partitionOf } from '../../aws/partitions.js'
import {
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
  type EC2Client,
  type Filter,
  type Instance,
  type NetworkInterface
} from '@aws-sdk/client-ec2'
import type { AwsClientProvider } from '../../auth/types.js'
import type { ComponentKind, Endpoint, ManagedKind, ResolvedTarget } from '../../model.js'

export type ManagedSelector = Extract<Endpoint['selector'], { by: 'managed' }>

export interface ManagedContext {
  endpoint: Endpoint
  selector: ManagedSelector
  clients: AwsClientProvider
  ec2: EC2Client
  /** The account's confirmed 12-digit id. */
  accountId: string
  /** "account app (222222222222), region us-east-1", for messages. */
  where: string
  /** Resolves a DNS name to addresses (RDS endpoints); injectable for tests. */
  lookupHost: (name: string) => Promise<string[]>
  log?: (line: string) => void
}

/** A managed selector's current expansion. */
export type Expansion =
  | {
      ok: true
      /** What the selector stands for now, for reports: "Lambda function orders (2 network interfaces)". */
      label: string
      /** The network interfaces (or instances, or addresses) analyses start or end at. */
      members: ResolvedTarget[]
      /** The service's own component (load balancer, firewall): what via/avoid name, by ARN. */
      component?: ResolvedTarget
    }
  | { ok: false; error: string }

export const PAGE_SIZE = 1000

/** The label users know each kind by, for messages. */
export const MANAGED_LABELS: Record<ManagedKind, string> = {
  lambda: 'Lambda function',
  rds: 'RDS database',
  load_balancer: 'load balancer',
  network_firewall: 'Network Firewall',
  ecs_service: 'ECS service'
}

export { partitionOf }

export function codeOf(error: unknown): string {
  return awsErrorCode(error) ?? 'Error'
}

/** An AWS failure worded for the user, with the IAM action to grant when it was refused. */
export function callFailed(operation: string, action: string, error: unknown, where: string): string {
  const code = codeOf(error)
  const hint = /Unauthorized|AccessDenied/.test(code)
    ? ` The role needs ${action} (\`network-preflight iam-policy\` prints the full policy).`
    : ''
  return `${operation} failed in ${where} (${code}: ${errorMessage(error)}).${hint}`
}

export const isNotFound = (error: unknown): boolean => /NotFound/.test(codeOf(error))

/** Every network interface matching the filters (all pages). */
export async function listNetworkInterfaces(ec2: EC2Client, filters: Filter[]): Promise<NetworkInterface[]> {
  const out: NetworkInterface[] = []
  for await (const page of paginateDescribeNetworkInterfaces(
    { client: ec2, pageSize: PAGE_SIZE },
    { Filters: filters }
  ))
    out.push(...(page.NetworkInterfaces ?? []))
  return out
}

/** Every instance matching the filters (all pages). */
export async function listInstances(
  ec2: EC2Client,
  filters: Filter[]
): Promise<Array<Instance & { ownerId?: string }>> {
  const out: Array<Instance & { ownerId?: string }> = []
  for await (const page of paginateDescribeInstances(
    { client: ec2, pageSize: PAGE_SIZE },
    { Filters: filters }
  ))
    for (const reservation of page.Reservations ?? [])
      for (const instance of reservation.Instances ?? [])
        out.push({ ...instance, ownerId: reservation.OwnerId })
  return out
}

/** A network interface as an analysis endpoint; `name` says what it stands for ("orders-fn"). */
export function eniTarget(eni: NetworkInterface, name: string, context: ManagedContext): ResolvedTarget {
  const { endpoint, accountId } = context
  const id = eni.NetworkInterfaceId ?? ''
  const owner = eni.OwnerId ?? accountId
  const warnings =
    eni.Status && eni.Status !== 'in-use' ? [`network interface ${id} of ${name} is ${eni.Status}`] : []
  return {
    kind: 'network-interface',
    resourceId: id,
    arn: `arn:${partitionOf(endpoint.region)}:ec2:${endpoint.region}:${owner}:network-interface/${id}`,
    ownerAccountId: owner,
    account: endpoint.account,
    region: endpoint.region,
    name,
    ...(eni.VpcId ? { vpcId: eni.VpcId } : {}),
    ...(eni.SubnetId ? { subnetId: eni.SubnetId } : {}),
    ...(warnings.length > 0 ? { warnings } : {})
  }
}

/** A service component named by its own ARN (load balancer, firewall). */
export function componentTarget(
  kind: ComponentKind,
  name: string,
  arn: string,
  context: ManagedContext,
  extra: { vpcId?: string; warnings?: string[] } = {}
): ResolvedTarget {
  const owner = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? context.accountId
  return {
    kind,
    resourceId: name,
    arn,
    ownerAccountId: owner,
    account: context.endpoint.account,
    region: context.endpoint.region,
    name,
    ...(extra.vpcId ? { vpcId: extra.vpcId } : {}),
    ...(extra.warnings?.length ? { warnings: extra.warnings } : {})
  }
}

/** Whether two security-group id lists name the same set. */
export function sameGroups(a: Array<string | undefined>, b: Array<string | undefined>): boolean {
  const left = new Set(a.filter(Boolean))
  const right = new Set(b.filter(Boolean))
  return left.size === right.size && [...left].every(id => right.has(id))
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`
}
