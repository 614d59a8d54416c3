import { constructFromEvents, getScalarValue, parseEvents, EVENT_ID, SCALAR_STYLE, type Event } from 'js-yaml'

/** Where a node stands: the key that names it (for mapping values) and the value itself. 0-based offsets. */
export interface NodePosition {
  key?: number
  value: number
}

/** Positions of every node by JSON pointer ("" is the root, "/assertions/0/port" a value). */
export type PositionIndex = Map<string, NodePosition>

export interface YamlDocument {
  value: unknown
  positions: PositionIndex
  /** Offset → 1-based line and column. */
  locate(offset: number): { line: number; column: number }
}

/** A YAML problem found before the document could be read, with a 0-based offset. */
export class YamlProblem extends Error {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(message)
  }
}

export const LIMITS = {
  /** Config files are hand-written; anything larger is a mistake or an attack. */
  maxBytes: 2 * 1024 * 1024,
  maxDepth: 64,
  /** Nodes that aliases add when expanded: a billion-laughs file adds exponentially many, a real config few. */
  maxExpandedNodes: 200_000,
  /** All nodes: 5,000 assertions (the schema's cap) need at most about 300,000. */
  maxNodes: 400_000
}

export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  // YAML's line breaks are LF, CRLF and a lone CR (YAML 1.2 §5.4); an editor counts lines the same way.
  const starts = [0]
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1)
  }
  return offset => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 }
  }
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1')
}

interface Frame {
  kind: 'map' | 'seq'
  pointer: string
  /** For maps: the pending key (null while waiting for one); for seqs: the next index. */
  pendingKey: string | null
  pendingKeyOffset: number
  index: number
  /** Nodes in this subtree, counting alias expansions, for the bomb guard. */
  size: number
  anchor: string | null
}

/**
 * Parses one YAML document safely (YAML 1.2 core schema: no custom tags, no code), rejecting duplicate
 * keys, deep nesting and alias bombs, and records where every node stands so errors can name line:column.
 */
export function parseYamlDocument(text: string, file: string): YamlDocument {
  const locate = lineLocator(text)
  let events: Event[]
  try {
    events = parseEvents(text, { filename: file, maxDepth: LIMITS.maxDepth })
  } catch (err) {
    throw fromYamlException(err, text)
  }

  const positions: PositionIndex = new Map()
  const anchorSizes = new Map<string, number>()
  const stack: Frame[] = []
  let documents = 0
  let nodes = 0
  let expandedByAliases = 0

  // Where the next node goes, given the innermost open collection.
  const place = (start: number, isKeyScalar: (value: string) => void): string | null => {
    const top = stack[stack.length - 1]
    if (!top) return ''
    if (top.kind === 'seq') {
      const pointer = `${top.pointer}/${top.index++}`
      positions.set(pointer, { value: start })
      return pointer
    }
    if (top.pendingKey === null) {
      isKeyScalar(top.pointer)
      return null
    }
    const pointer = `${top.pointer}/${escapePointer(top.pendingKey)}`
    positions.set(pointer, { key: top.pendingKeyOffset, value: start })
    top.pendingKey = null
    return pointer
  }
  const grow = (n: number, offset: number, byAlias = false): void => {
    nodes += n
    if (byAlias) expandedByAliases += n
    for (const frame of stack) frame.size += n
    // Only what aliases add counts against the bomb guard: literal nodes are bounded by the file size, and
    // a long but honest config (10,000 assertions) deserves the schema's message, not "alias bomb".
    if (expandedByAliases > LIMITS.maxExpandedNodes) {
      throw new YamlProblem(
        `the document expands to more than ${LIMITS.maxExpandedNodes} nodes through aliases (an alias bomb?); use fewer aliases`,
        offset
      )
    }
    if (nodes > LIMITS.maxNodes) {
      throw new YamlProblem(
        `the document holds more than ${LIMITS.maxNodes} values; a config holds at most 5000 assertions`,
        offset
      )
    }
  }
  const anchorName = (e: { anchorStart: number; anchorEnd: number }): string | null =>
    e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : null

  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        documents++
        if (documents > 1)
          throw new YamlProblem('the file holds more than one YAML document (---); keep one', 0)
        break
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const pointer = place(e.start, () => {
          throw new YamlProblem('a mapping or list cannot be used as a key', e.start)
        })
        if (pointer === '') positions.set('', { value: e.start })
        grow(1, e.start)
        stack.push({
          kind: e.type === EVENT_ID.MAPPING ? 'map' : 'seq',
          pointer: pointer ?? '',
          pendingKey: null,
          pendingKeyOffset: -1,
          index: 0,
          size: 0,
          anchor: anchorName(e)
        })
        break
      }
      case EVENT_ID.SCALAR: {
        const top = stack[stack.length - 1]
        // Point at the opening quote of a quoted scalar, where a reader's eye starts.
        let start =
          e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED
            ? e.valueStart - 1
            : e.valueStart
        // An empty node (`port:` and nothing) has no offset of its own (-1, which would read as line 1,
        // column 0): point at its key, or at the collection holding it.
        if (start < 0) {
          if (top?.kind === 'map' && top.pendingKey !== null) start = top.pendingKeyOffset
          else start = (top && positions.get(top.pointer)?.value) ?? 0
        }
        grow(1, start)
        const anchor = anchorName(e)
        if (anchor) anchorSizes.set(anchor, 1)
        if (top && top.kind === 'map' && top.pendingKey === null) {
          top.pendingKey = getScalarValue(text, e)
          top.pendingKeyOffset = start
        } else {
          const pointer = place(start, () => undefined)
          if (pointer === '') positions.set('', { value: start })
        }
        break
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(e.anchorStart, e.anchorEnd)
        const size = anchorSizes.get(name) ?? 1
        const top = stack[stack.length - 1]
        if (top && top.kind === 'map' && top.pendingKey === null) {
          throw new YamlProblem('an alias cannot be used as a key', e.anchorStart - 1)
        }
        place(e.anchorStart - 1, () => undefined)
        grow(size, e.anchorStart - 1, true)
        break
      }
      case EVENT_ID.POP: {
        const frame = stack.pop()
        if (frame?.anchor) anchorSizes.set(frame.anchor, frame.size + 1)
        break
      }
    }
  }

  let value: unknown
  try {
    ;[value] = constructFromEvents(events, { source: text, filename: file, maxAliases: 10_000 })
  } catch (err) {
    throw fromYamlException(err, text)
  }
  return { value, positions, locate }
}

function fromYamlException(err: unknown, text: string): YamlProblem {
  const e = err as {
    reason?: string
    message?: string
    mark?: { position?: number; line?: number; column?: number }
  }
  const reason = e.reason ?? e.message ?? String(err)
  let offset = e.mark?.position ?? 0
  if (e.mark?.position === undefined && e.mark?.line !== undefined) {
    const lines = text.split('\n')
    offset = lines.slice(0, e.mark.line).reduce((n, l) => n + l.length + 1, 0) + (e.mark.column ?? 0)
  }
  return new YamlProblem(humanizeYamlReason(reason), Math.min(Math.max(offset, 0), text.length))
}

function humanizeYamlReason(reason: string): string {
  if (/duplicated mapping key/.test(reason))
    return 'duplicate key: this key already appears in the same mapping'
  const tag = /unknown (?:scalar |sequence |mapping )?tag !?<?([^>\s]+)>?/.exec(reason)
  if (tag) return `unsupported YAML tag ${tag[1]}: only plain YAML data is allowed (no custom or !!js tags)`
  if (/maximum nesting depth|maxDepth/i.test(reason)) return `nesting deeper than ${LIMITS.maxDepth} levels`
  if (/\btabs?\b/i.test(reason)) return `${reason} (YAML indentation must use spaces, not tabs)`
  return `invalid YAML: ${reason}`
}
