// `address:` at the source of an allow: the assertion claims the whole range gets through, while
// Reachability Analyzer reports a path when some packet of the range does. The path's packet headers say
// which source addresses enter at the source and which still arrive at the destination; an allow passes
// only when nothing the source admitted was dropped on the way (pure).
import { covers, intersect, toCidrs, toSet } from './cidr.js'

const asObject = <T>(value: unknown): T | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as T) : undefined
const asArray = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : [])

interface Header {
  SourceAddresses?: unknown
}
interface Component {
  InboundHeader?: Header
  OutboundHeader?: Header
}

function sourceAddresses(header: Header | undefined): string[] | undefined {
  const list = asArray<unknown>(header?.SourceAddresses).filter((v): v is string => typeof v === 'string')
  return list.length > 0 ? list : undefined
}

export type Coverage =
  | { checked: false }
  | { checked: true; complete: true }
  | { checked: true; complete: false; arriving: string[] }

/**
 * Compares the source addresses of the first header on the forward path (what the source admits of the
 * range) with those of the last header (what reaches the destination), both limited to `range`.
 */
export function sourceRangeCoverage(raw: unknown, range: string): Coverage {
  const analysis = asObject<{ ForwardPathComponents?: unknown }>(raw)
  const components = asArray<Component>(analysis?.ForwardPathComponents)
  const headers = components.flatMap(c =>
    [c.InboundHeader, c.OutboundHeader].flatMap(h => {
      const list = sourceAddresses(h)
      return list ? [list] : []
    })
  )
  if (headers.length === 0) return { checked: false }
  const wanted = toSet([range])
  const entering = intersect(toSet(headers[0]!), wanted)
  const arriving = intersect(toSet(headers[headers.length - 1]!), wanted)
  if (covers(arriving, entering)) return { checked: true, complete: true }
  return { checked: true, complete: false, arriving: toCidrs(arriving) }
}
