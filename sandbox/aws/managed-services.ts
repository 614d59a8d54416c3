// What the managed-service endpoints (Lambda, RDS, ELBv2, Network Firewall, ECS) share: how a service is
// described (protocol, signing name, operations from the SDK's schemas), the context a call is served in,
// and the scenario resources of the calling account and Region.
import type { Knobs, RegionResourcesSpec } from '../scenario.js'
import type { OperationSchema } from './query-protocol.js'
import { pageOffset, pageToken } from './requests.js'
import { AwsError, type AwsWorld } from './world.js'

export type ManagedServiceName = 'lambda' | 'rds' | 'elbv2' | 'network-firewall' | 'ecs'

export interface ServiceContext {
  world: AwsWorld
  knobs: Knobs
  now: number
  accountId: string
  region: string
}

export type ServiceHandler = (ctx: ServiceContext, input: Record<string, unknown>) => Record<string, unknown>

export interface ManagedService {
  name: ManagedServiceName
  /** The service in the SigV4 credential scope. */
  signingName: string
  protocol: 'restJson1' | 'awsQuery' | 'awsJson1_0' | 'awsJson1_1'
  /** awsJson: the X-Amz-Target prefix (`NetworkFirewall_20201112`). */
  targetPrefix?: string
  /** awsQuery: the response namespace. */
  xmlns?: string
  actions: Record<string, { op: OperationSchema; handler: ServiceHandler }>
}

/** Every region spec the scenario declares for the caller's account (by name or id) and Region. */
export function regionSpecs(ctx: ServiceContext): RegionResourcesSpec[] {
  const out: RegionResourcesSpec[] = []
  for (const [ref, regions] of Object.entries(ctx.world.resources ?? {})) {
    if (ctx.world.resolveAccount(ref) !== ctx.accountId) continue
    const spec = regions[ctx.region]
    if (spec) out.push(spec)
  }
  return out
}

/** Opaque page tokens bound to an action, pages never larger than the pageSize knob (as for EC2). */
export function page<T>(
  ctx: ServiceContext,
  action: string,
  items: T[],
  token: unknown,
  max: unknown,
  tokenError: (token: string) => AwsError
): { items: T[]; next?: string } {
  const offset = typeof token === 'string' && token ? pageOffset(action, token) : 0
  if (offset === undefined) throw tokenError(token as string)
  const size = Math.min(
    typeof max === 'number' && max > 0 ? max : Number.MAX_SAFE_INTEGER,
    ctx.knobs.pageSize
  )
  const next = offset + size
  return { items: items.slice(offset, next), next: next < items.length ? pageToken(action, next) : undefined }
}

/** How an awsQuery service (ELBv2, RDS) pages with markers: its page-size parameter and next-marker member. */
export interface MarkerPaging {
  sizeParam: string
  nextMarker: string
  invalidMarker: (token: string) => AwsError
}

/** One page of `items` as the response member `member`, read from the request's Marker and page size. */
export function markerPage<T>(
  ctx: ServiceContext,
  action: string,
  member: string,
  items: T[],
  input: Record<string, unknown>,
  paging: MarkerPaging
): Record<string, unknown> {
  const { items: shown, next } = page(
    ctx,
    action,
    items,
    input.Marker,
    input[paging.sizeParam],
    paging.invalidMarker
  )
  return { [member]: shown, ...(next ? { [paging.nextMarker]: next } : {}) }
}

/** Deterministic hex for ids the scenario leaves out. */
export { stableHex } from './ids.js'
export { AwsError }
