// The JSON wire formats (awsJson1_0: Network Firewall; awsJson1_1: ECS; restJson1: Lambda), driven by the
// Smithy schemas inside the installed SDK clients, like query-protocol.ts for the XML ones: responses are
// written member by member from the operation's output schema (fields the model lacks are dropped, as a
// real client would never see them; timestamps become epoch seconds), requests are read back into the
// operation's input shape.
import { NormalizedSchema } from '@smithy/core/schema'
import type { SchemaRef } from './query-protocol.js'

/** `value` as the JSON the SDK's deserializer reads for `schema`. */
export function toWireJson(schema: SchemaRef | NormalizedSchema, value: unknown): unknown {
  const ns = schema instanceof NormalizedSchema ? schema : NormalizedSchema.of(schema)
  if (value === undefined || value === null) return undefined
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) throw new Error(`expected a list, got ${typeof value}`)
    return value.map(item => toWireJson(ns.getValueSchema(), item))
  }
  if (ns.isMapSchema()) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] = toWireJson(ns.getValueSchema(), v)
    return out
  }
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {}
    for (const [memberName, member] of ns.structIterator()) {
      const v = toWireJson(member, (value as Record<string, unknown>)[memberName])
      if (v !== undefined) out[memberName] = v
    }
    return out
  }
  if (ns.isTimestampSchema()) {
    const date = value instanceof Date ? value : new Date(String(value))
    return date.getTime() / 1000
  }
  return value
}

/** A JSON request body read into the input shape (JSON member names are the model's). */
export function fromWireJson(schema: SchemaRef | NormalizedSchema, value: unknown): unknown {
  const ns = schema instanceof NormalizedSchema ? schema : NormalizedSchema.of(schema)
  if (value === undefined || value === null) return undefined
  if (ns.isListSchema())
    return Array.isArray(value) ? value.map(v => fromWireJson(ns.getValueSchema(), v)) : undefined
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {}
    for (const [memberName, member] of ns.structIterator()) {
      const v = fromWireJson(member, (value as Record<string, unknown>)[memberName])
      if (v !== undefined) out[memberName] = v
    }
    return out
  }
  if (ns.isTimestampSchema()) return new Date(Number(value) * 1000)
  return value
}

/** restJson1: the HTTP binding of an operation (`["GET", "/2015-03-31/functions/{FunctionName}/configuration", 200]`). */
export function httpBinding(
  op: readonly unknown[]
): { method: string; path: string; code: number } | undefined {
  const traits = op[3] as Record<string, unknown> | undefined
  const http =
    traits &&
    Object.values(traits).find(v => Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string')
  if (!Array.isArray(http)) return undefined
  return { method: String(http[0]), path: String(http[1]), code: Number(http[2] ?? 200) }
}

/** Matches a request path against a restJson1 URI pattern; the labels' values, or undefined. */
export function matchUri(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = []
  const regex = new RegExp(
    '^' +
      pattern
        .split('?')[0]
        .replace(/[.*+^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)(\+?)\}/g, (_m, name: string, greedy: string) => {
          names.push(name)
          return greedy ? '(.+)' : '([^/]+)'
        }) +
      '$'
  )
  const m = regex.exec(path)
  if (!m) return undefined
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1])]))
}
