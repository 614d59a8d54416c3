// Builders for AnalysisRequests: resolved targets and the assertion fields the engine reads.
import type { AnalysisRequest } from '../../src/analyze/index.js'
import type { Endpoint, PortRange, Protocol, ResolvedTarget, ResourceKind } from '../../src/model.js'

export const REGION = 'us-east-1'

export function target(
  kind: ResourceKind,
  resourceId: string,
  account = 'app',
  fields: Partial<ResolvedTarget> = {}
): ResolvedTarget {
  return { kind, resourceId, account, region: REGION, ...fields }
}

export function ipTarget(ip: string, account = 'app'): ResolvedTarget {
  return { kind: 'ip', resourceId: ip, ip, account, region: REGION }
}

function endpoint(role: Endpoint['role'], resolved: ResolvedTarget): Endpoint {
  const location = { file: 'preflight.yaml', line: 1, column: 1 }
  const selector: Endpoint['selector'] =
    resolved.kind === 'ip'
      ? { by: 'ip', ip: resolved.ip ?? resolved.resourceId }
      : resolved.kind === 'load-balancer' || resolved.kind === 'network-firewall'
        ? {
            by: 'managed',
            service: resolved.kind === 'load-balancer' ? 'load_balancer' : 'network_firewall',
            name: resolved.arn ?? resolved.resourceId
          }
        : { by: 'resource_id', resourceId: resolved.resourceId, kind: resolved.kind }
  return { role, account: resolved.account, region: resolved.region, selector, location }
}

export interface RequestSpec {
  id: string
  source?: ResolvedTarget
  destination?: ResolvedTarget
  protocol?: Protocol
  port?: PortRange
  via?: ResolvedTarget[]
  avoid?: ResolvedTarget[]
  region?: string
}

export function request(spec: RequestSpec): AnalysisRequest {
  const source = spec.source ?? target('instance', 'i-0aaaaaaaaaaaaaaa1')
  const destination = spec.destination ?? target('network-interface', 'eni-0bbbbbbbbbbbbbbb1')
  const via = spec.via ?? []
  const avoid = spec.avoid ?? []
  return {
    assertion: {
      id: spec.id,
      type: 'allow',
      labels: [],
      source: endpoint('source', source),
      destination: endpoint('destination', destination),
      protocol: spec.protocol ?? 'tcp',
      port: spec.port,
      via: via.map(t => endpoint('via', t)),
      avoid: avoid.map(t => endpoint('avoid', t)),
      region: spec.region ?? source.region,
      location: { file: 'preflight.yaml', line: 1, column: 1 }
    },
    source,
    destination,
    via,
    avoid
  }
}

/** `count` requests with distinct destinations (one path and one analysis each). */
export function distinctRequests(count: number, prefix = 'a'): AnalysisRequest[] {
  return Array.from({ length: count }, (_, i) =>
    request({
      id: `${prefix}-${i}`,
      destination: target('network-interface', `eni-0${String(i).padStart(16, '0')}`),
      port: { from: 443, to: 443 }
    })
  )
}
