// The AWS Query (STS) and EC2 Query wire formats, driven by the Smithy schemas shipped inside the installed
// SDK clients. Using the SDK's own schemas means every element name (`networkInsightsAnalysisSet`, `<item>`,
// `forwardPathComponentSet`, ...) is exactly what the SDK's deserializer expects, for every shape, without a
// hand-written table that could drift from the model.
import { NormalizedSchema } from '@smithy/core/schema'

/** A schema reference as the SDK exports it (e.g. `DescribeInstances$` from @aws-sdk/client-ec2). */
export type SchemaRef = Parameters<typeof NormalizedSchema.of>[0]

/** The operation schema tuple: [9, namespace, name, traits, input, output]. */
export type OperationSchema = readonly [number, string, string, unknown, unknown, unknown]

export type QueryDialect = 'ec2' | 'awsQuery'

function deref(ref: unknown): unknown {
  return typeof ref === 'function' ? (ref as () => unknown)() : ref
}

export function operationInput(op: OperationSchema): SchemaRef {
  return deref(op[4]) as SchemaRef
}

export function operationOutput(op: OperationSchema): SchemaRef {
  return deref(op[5]) as SchemaRef
}

// ---------------------------------------------------------------------------------------------------------------
// Request side: form-encoded query parameters → SDK-shaped input object (inverse of QueryShapeSerializer).

function queryKey(memberName: string, ns: NormalizedSchema, dialect: QueryDialect): string {
  const traits = ns.getMergedTraits() as { xmlName?: string; ec2QueryName?: string }
  if (dialect === 'ec2') {
    if (traits.ec2QueryName) return traits.ec2QueryName
    const key = traits.xmlName ?? memberName
    return key[0].toUpperCase() + key.slice(1)
  }
  return traits.xmlName ?? memberName
}

/** Reads `params` into the SDK shape described by `schema`. Unknown parameters are ignored, as AWS does. */
export function readQueryInput(
  schema: SchemaRef,
  params: URLSearchParams,
  dialect: QueryDialect
): Record<string, unknown> {
  const flat = new Map<string, string>()
  for (const [k, v] of params) flat.set(k, v)
  const value = readValue(NormalizedSchema.of(schema), flat, '', dialect)
  return (value as Record<string, unknown> | undefined) ?? {}
}

function hasPrefix(flat: Map<string, string>, prefix: string): boolean {
  for (const key of flat.keys()) if (key === prefix || key.startsWith(prefix + '.')) return true
  return false
}

function readValue(
  ns: NormalizedSchema,
  flat: Map<string, string>,
  key: string,
  dialect: QueryDialect
): unknown {
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {}
    let any = false
    for (const [memberName, member] of ns.structIterator()) {
      const memberKey = (key ? key + '.' : '') + queryKey(memberName, member, dialect)
      if (!hasPrefix(flat, memberKey)) continue
      const v = readValue(member, flat, memberKey, dialect)
      if (v !== undefined) {
        out[memberName] = v
        any = true
      }
    }
    return any || key === '' ? out : undefined
  }
  if (ns.isListSchema()) {
    const member = ns.getValueSchema()
    const traits = ns.getMergedTraits() as { xmlFlattened?: number }
    const memberTraits = member.getMergedTraits() as { xmlName?: string; ec2QueryName?: string }
    const flattened = dialect === 'ec2' || !!traits.xmlFlattened
    const itemPrefix = flattened ? key : `${key}.${memberTraits.xmlName ?? 'member'}`
    if (flat.get(key) === '') return []
    const items: unknown[] = []
    for (let i = 1; hasPrefix(flat, `${itemPrefix}.${i}`); i++)
      items.push(readValue(member, flat, `${itemPrefix}.${i}`, dialect))
    return items
  }
  if (ns.isMapSchema()) {
    const out: Record<string, unknown> = {}
    const flattened = !!(ns.getMergedTraits() as { xmlFlattened?: number }).xmlFlattened
    const base = flattened ? key : `${key}.entry`
    for (let i = 1; hasPrefix(flat, `${base}.${i}`); i++) {
      const k = flat.get(`${base}.${i}.key`)
      if (k !== undefined) out[k] = readValue(ns.getValueSchema(), flat, `${base}.${i}.value`, dialect)
    }
    return out
  }
  const raw = flat.get(key)
  if (raw === undefined) return undefined
  if (ns.isNumericSchema()) return Number(raw)
  if (ns.isBooleanSchema()) return raw === 'true'
  if (ns.isTimestampSchema()) return /^\d+(\.\d+)?$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw)
  return raw
}

// ---------------------------------------------------------------------------------------------------------------
// Response side: SDK-shaped output object → XML body the SDK's XmlShapeDeserializer reads back.

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

function scalarText(ns: NormalizedSchema, value: unknown): string {
  if (ns.isTimestampSchema()) {
    const date = value instanceof Date ? value : new Date(String(value))
    if (Number.isNaN(date.getTime())) throw new Error(`not a timestamp: ${String(value)}`)
    return date.toISOString()
  }
  return String(value)
}

/** The XML of `value`'s members (not wrapped in an element of its own). */
export function writeMembers(schema: SchemaRef | NormalizedSchema, value: Record<string, unknown>): string {
  const ns = schema instanceof NormalizedSchema ? schema : NormalizedSchema.of(schema)
  let xml = ''
  for (const [memberName, member] of ns.structIterator()) {
    const v = value[memberName]
    if (v === undefined || v === null) continue
    const name = (member.getMemberTraits() as { xmlName?: string }).xmlName ?? memberName
    xml += writeElement(member, name, v)
  }
  return xml
}

function writeElement(ns: NormalizedSchema, name: string, value: unknown): string {
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) throw new Error(`${name}: expected a list, got ${typeof value}`)
    const member = ns.getValueSchema()
    const itemName = (member.getMergedTraits() as { xmlName?: string }).xmlName ?? 'member'
    const items = value.map(item => writeElement(member, itemName, item)).join('')
    if ((ns.getMergedTraits() as { xmlFlattened?: number }).xmlFlattened) return items
    return items ? `<${name}>${items}</${name}>` : `<${name}/>`
  }
  if (ns.isMapSchema()) {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(
        ([k, v]) =>
          `<entry><key>${escapeXml(k)}</key>${writeElement(ns.getValueSchema(), 'value', v)}</entry>`
      )
      .join('')
    return `<${name}>${entries}</${name}>`
  }
  if (ns.isStructSchema()) {
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${name}: expected a structure`)
    const inner = writeMembers(ns, value as Record<string, unknown>)
    return inner ? `<${name}>${inner}</${name}>` : `<${name}/>`
  }
  return `<${name}>${escapeXml(scalarText(ns, value))}</${name}>`
}

export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/'
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'

/** An EC2 Query response body: members directly under `<ActionResponse>`, next to `<requestId>`. */
export function ec2ResponseXml(
  action: string,
  output: SchemaRef,
  value: Record<string, unknown>,
  requestId: string
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_XMLNS}">` +
    `<requestId>${requestId}</requestId>${writeMembers(output, value)}</${action}Response>`
  )
}

/**
 * An AWS Query response body: members under `<ActionResult>`, metadata under `<ResponseMetadata>`, in the
 * service's namespace (STS's by default; RDS and ELBv2 name their own).
 */
export function awsQueryResponseXml(
  action: string,
  output: SchemaRef,
  value: Record<string, unknown>,
  requestId: string,
  xmlns = STS_XMLNS
): string {
  return (
    `<${action}Response xmlns="${xmlns}"><${action}Result>${writeMembers(output, value)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`
  )
}

/** EC2's error body: `<Response><Errors><Error>...</Error></Errors><RequestID>`. */
export function ec2ErrorXml(code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
  )
}

/** The AWS Query error body STS sends: `<ErrorResponse><Error><Type/><Code/><Message/></Error>`. */
export function awsQueryErrorXml(code: string, message: string, requestId: string, status: number): string {
  const type = status >= 500 ? 'Receiver' : 'Sender'
  return (
    `<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  )
}
