// What every refusal of a broken config must look like, whatever the input: checked for each corpus case,
// each fuzz run, and (in text form) for the bundled CLI and the action.
import type { LoadResult } from '../../src/config/load.js'

/** YAML's line breaks (YAML 1.2 §5.4): CRLF, CR and LF. An editor shows the same lines. */
export const YAML_LINE_BREAK = /\r\n|\r|\n/

/** The lines of a file as YAML and an editor count them. Bytes are decoded leniently, a BOM dropped. */
export function linesOf(content: string | Uint8Array): string[] {
  const text = typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content)
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(YAML_LINE_BREAK)
}

/** Messages are read by people; a long pasted value must not turn into a 2 MiB error line. */
export const MAX_MESSAGE_LENGTH = 2000

/** Signs that an internal error leaked into a user-facing message. */
const LEAKS: ReadonlyArray<[RegExp, string]> = [
  // (A tag the user wrote, like !!js/undefined, may be named.)
  [/(?<!js\/)\bundefined\b/, '"undefined"'],
  [/\[object \w+\]/, '"[object …]"'],
  [/\n\s+at \S/, 'a stack frame'],
  [/\bat (Object\.<anonymous>|Module\.|node:internal|file:\/\/)/, 'a stack frame'],
  [/\b(TypeError|RangeError|ReferenceError|SyntaxError):/, 'a JavaScript error name'],
  [/\bfunction\s*\(/, 'function source'],
  // One line per problem (file:line:col: message), and nothing a terminal would execute (ESC sequences).
  // eslint-disable-next-line no-control-regex
  [/[\u0000-\u001f\u007f]/, 'a raw control character or line break']
]

/** What is wrong with one message, or undefined when it reads as a message should. */
export function messageDefect(message: unknown): string | undefined {
  if (typeof message !== 'string') return `message is ${typeof message}, not a string`
  if (message.trim().length < 8) return `message ${JSON.stringify(message)} is too short to name a problem`
  if (message.length > MAX_MESSAGE_LENGTH)
    return `message is ${message.length} characters long (limit ${MAX_MESSAGE_LENGTH}): ${message.slice(0, 120)}…`
  for (const [pattern, what] of LEAKS) {
    if (pattern.test(message)) return `message contains ${what}: ${message.slice(0, 300)}`
  }
  return undefined
}

/** What is wrong with a line/column pair for this file, or undefined when it points into the file. */
export function positionDefect(lines: string[], line: unknown, column: unknown): string | undefined {
  if (!Number.isInteger(line) || (line as number) < 1) return `line ${String(line)} is not a line number`
  if (!Number.isInteger(column) || (column as number) < 1) return `column ${String(column)} is not a column`
  if ((line as number) > lines.length) return `line ${String(line)} is past the end (${lines.length} lines)`
  const width = lines[(line as number) - 1].length + 1
  if ((column as number) > width)
    return `column ${String(column)} is past the end of line ${String(line)} (${width - 1} characters)`
  return undefined
}

export interface RefusalExpectations {
  file: string
  /** Some problem must be on this line (1-based). */
  line?: number
  /** Some problem's message must match. */
  message?: RegExp
}

/**
 * Every way `result` falls short of a proper refusal of a broken file: ok must be false, with at least one
 * problem, each in this file at a line and column that exist, with a message a person can act on.
 */
export function refusalDefects(
  result: LoadResult,
  content: string | Uint8Array,
  expected: RefusalExpectations
): string[] {
  if (result.ok) return ['the loader accepted it (ok: true)']
  if (!Array.isArray(result.problems) || result.problems.length === 0) return ['ok: false but no problems']
  const lines = linesOf(content)
  const defects: string[] = []
  for (const p of result.problems) {
    const where = `${p.line}:${p.column}`
    if (p.file !== expected.file) defects.push(`${where} names file ${JSON.stringify(p.file)}`)
    const position = positionDefect(lines, p.line, p.column)
    if (position) defects.push(`${where} ${position} (${String(p.message).slice(0, 120)})`)
    const message = messageDefect(p.message)
    if (message) defects.push(`${where} ${message}`)
    if (typeof p.path !== 'string') defects.push(`${where} path is ${typeof p.path}`)
  }
  if (expected.line !== undefined && !result.problems.some(p => p.line === expected.line)) {
    defects.push(
      `no problem on line ${expected.line}; got ${result.problems.map(p => `${p.line}:${p.column} ${p.message.slice(0, 100)}`).join(' | ')}`
    )
  }
  if (expected.message && !result.problems.some(p => expected.message!.test(p.message))) {
    defects.push(
      `no message matches ${expected.message}; got ${result.problems.map(p => p.message.slice(0, 160)).join(' | ')}`
    )
  }
  return defects
}
