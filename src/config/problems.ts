// Where and how a config problem is said: at the line and column of the YAML node a JSON pointer names,
// as one printable line of bounded length, quoting values short. Shared by the schema-error translation and
// the model builder.
import type { ConfigProblem } from '../model.js'
import type { YamlDocument } from './yaml.js'

/** A problem the loader returns: the file's result when nothing could be checked further. */
export interface Failed {
  ok: false
  problems: ConfigProblem[]
}

export type Json = Record<string, unknown>
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
export const present = (v: unknown): boolean => v !== undefined && v !== null

export function problemAt(file: string, line: number, column: number, path: string, message: string): Failed {
  return { ok: false, problems: [{ file, line, column, path, message: tidy(message) }] }
}

/** The longest message we print: values are quoted short, but a path or a list of names may still be long. */
const MAX_MESSAGE = 1000

/** One printable line of bounded length: control characters (a key may hold ESC or a newline) escaped. */
export function tidy(message: string): string {
  return clip(
    clip(message, MAX_MESSAGE).replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f]/g,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
    ),
    MAX_MESSAGE
  )
}

export const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max)}…` : text

/** Names a message lists (regions, accounts): at most 10, each cut short, so the message stays small. */
export const listed = (names: string[]): string =>
  names
    .slice(0, 10)
    .map(n => clip(n, 64))
    .join(', ') + (names.length > 10 ? `, … (${names.length} in all)` : '')

/** "/assertions/3/source/selector" → "assertions[3].source.selector" */
export function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '')
}

/** How much of a value a message quotes: enough to recognise it, never a 2 MiB string or an alias bomb. */
const SHOWN = 80

/**
 * A value as a message quotes it: JSON-like, cut after SHOWN characters, safe on self-referencing aliases
 * (`&a [*a]`) and on data shared by many aliases, and NaN/Infinity written as YAML writes them.
 */
export function show(value: unknown): string {
  let out = ''
  const open = new Set<object>()
  const walk = (v: unknown): void => {
    if (out.length > SHOWN) return
    if (typeof v === 'string') out += JSON.stringify(v.length > SHOWN ? v.slice(0, SHOWN) : v)
    else if (typeof v === 'number')
      out += Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf'
    else if (typeof v !== 'object' || v === null) out += String(v)
    else if (open.has(v)) out += '…'
    else {
      open.add(v)
      const list = Array.isArray(v)
      out += list ? '[' : '{'
      const keys = list ? [] : Object.keys(v)
      const length = list ? v.length : keys.length
      for (let i = 0; i < length && out.length <= SHOWN; i++) {
        if (i > 0) out += ', '
        if (!list) out += `${JSON.stringify(keys[i])}: `
        walk(list ? v[i] : (v as Json)[keys[i]])
      }
      out += list ? ']' : '}'
      open.delete(v)
    }
  }
  walk(value)
  return out.length > SHOWN ? `${out.slice(0, SHOWN)}…` : out
}

/** The problems found in one document, each reported once, at the node its pointer names. */
export class ProblemLog {
  private readonly problems: ConfigProblem[] = []
  private readonly seen = new Set<string>()

  constructor(
    readonly doc: YamlDocument,
    readonly file: string
  ) {}

  /** How many problems were reported so far. */
  get count(): number {
    return this.problems.length
  }

  sorted(): ConfigProblem[] {
    return [...this.problems].sort((a, b) => a.line - b.line || a.column - b.column)
  }

  /** Reports at the node for `pointer`, or at its nearest existing ancestor. */
  report(pointer: string, prefer: 'key' | 'value', message: string): void {
    let p = pointer
    let pos = this.doc.positions.get(p)
    while (!pos && p !== '') {
      p = p.slice(0, p.lastIndexOf('/'))
      pos = this.doc.positions.get(p)
      prefer = 'key'
    }
    const offset = pos ? (prefer === 'key' && pos.key !== undefined ? pos.key : pos.value) : 0
    const { line, column } = this.doc.locate(offset)
    // Keys are the user's: a 100,000-character key must not push the message itself out of view.
    const where = dotted(
      pointer
        .split('/')
        .map(segment => clip(segment, 64))
        .join('/')
    )
    const full = tidy(where ? `${where}: ${message}` : message)
    const dedupe = `${line}:${column}:${full}`
    if (this.seen.has(dedupe)) return
    this.seen.add(dedupe)
    this.problems.push({ file: this.file, line, column, path: pointer, message: full })
  }

  location(pointer: string, prefer: 'key' | 'value') {
    const pos = this.doc.positions.get(pointer)
    const offset = pos ? (prefer === 'key' && pos.key !== undefined ? pos.key : pos.value) : 0
    return { file: this.file, ...this.doc.locate(offset) }
  }
}
