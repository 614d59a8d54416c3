// What the managed-service endpoints (Lambda, RDS, ELBv2, Network Firewall, ECS) share: how a service is
// described (protocol, signing name, operations from the SDK's schemas), the context a call is served in,
// and the scenario resources of the calling account and Region.
import type { Knobs, RegionResourcesSpec } from '../scenario.js'
import type { OperationSchema } from './query-protocol.js'
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
  let offset = 0
  if (typeof token === 'string' && token) {
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
        a?: string
        o?: number
      }
      if (decoded.a !== action || typeof decoded.o !== 'number') throw new Error('foreign token')
      offset = decoded.o
    } catch {
      throw tokenError(token)
    }
  }
  const size = Math.min(
    typeof max === 'number' && max > 0 ? max : Number.MAX_SAFE_INTEGER,
    ctx.knobs.pageSize
  )
  const next = offset + size
  return {
    items: items.slice(offset, next),
    next:
      next < items.length
        ? Buffer.from(JSON.stringify({ a: action, o: next })).toString('base64url')
        : undefined
  }
}

/** Deterministic hex for ids the scenario leaves out. */
export { stableHex } from './ids.js'
export { AwsError }
