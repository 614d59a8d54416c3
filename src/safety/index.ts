// The one output-safety module: every string that comes from outside the program (AWS tag values, names,
// descriptions, error and status messages; config keys, ids, descriptions, file paths) goes through one of
// these functions before it reaches a terminal, a workflow log, markdown or a Mermaid chart. Pure, no
// imports: every layer may use it.
//
// Rules, applied by every function, in this order:
//  1. Bounded: at most `max` code points of the cleaned text (default MAX_TEXT); a longer text is cut and
//     ends with `…` (the ellipsis counts). Cuts are made between code points, never inside a surrogate
//     pair; a lone surrogate becomes U+FFFD. Huge inputs are only read as far as the bound needs.
//  2. One line: CR, LF, CRLF, NEL, U+2028 and U+2029 become a visible `⏎`.
//  3. Control characters are made visible, never written: C0 (U+0000–U+001F, including TAB, ESC and BEL)
//     as the Control Pictures `␀`…`␟` (ESC is `␛`, BEL `␇`), DEL as `␡`, C1 (U+0080–U+009F) and the
//     invisible format characters that can reorder or hide text (zero-width, bidi overrides and isolates,
//     BOM) as `\u{…}`. ESC/BEL/OSC-8 hyperlink sequences therefore cannot reach a terminal.
//  4. Then the sink's own escaping (after cutting, so an escape is never cut in half):
//     - terminalText / logLine: a leading `::` (after any whitespace: the runner trims it) becomes `\::`,
//       and `##[` anywhere becomes `#\#[` (the runner's older command syntax), so no workflow command can
//       start. `%` is left as is: plain log lines are not unescaped by the runner, and @actions/core
//       escapes `%`, CR and LF itself (`%25`, `%0D`, `%0A`) when the text is the data of a command
//       (core.error/warning/notice message, annotation title).
//     - markdownText: `&`, `<`, `>`, `"` become entities (no HTML); `\ \` * _ [ ] ( ) ! | ~ { }` get a
//       backslash; a zero-width space (`&#8203;`) follows every `@` and `#` (no mention, no e-mail link,
//       no issue reference), `:` before `//` and `www` before `.` (no bare-URL autolink). The text stays
//       readable. htmlText does the same for raw HTML (`<summary>`), with entities instead of backslashes.
//     - markdownCode: a code span whose fence is longer than any backtick run inside, `|` escaped for
//       table cells; GitHub creates no link or mention inside code.
//     - mermaidLabel: for a label inside `["…"]`: `"`, `<`, `>`, `&`, `#`, `%`, `;`, square brackets,
//       braces, `|` and backticks (parentheses are plain text inside a quoted label) become Mermaid entity codes (`#quot;`, `#37;`, …), so neither a
//       `%%{init: …}%%` directive, nor the end of the label, nor the end of the ```mermaid fence can be
//       written by the text.
//
// Bounds (documented in SECURITY.md): one outside string is at most MAX_TEXT code points once cleaned
// (callers may choose another bound, e.g. 2,000 for a verdict reason; MAX_JSON_TEXT in JSON); the sink
// escaping at most multiplies it by 8 (`@` → `@&#8203;`). No line that a writer of this project emits
// (CLI text and JSON, action log, annotation, summary, comment, drift issue, Mermaid) is longer than
// MAX_LINE code points: documentText, terminalLines and the action log cut every line there (a line cut
// to the bound is cut again by what the `\::` and `#\#[` escapes add).

/** Default bound, in code points, of one outside string after cleaning (the ellipsis included). */
export const MAX_TEXT = 300

/** Bound of one string in JSON output (the CLI's --format json, the JSON report), in code points. */
export const MAX_JSON_TEXT = 2000

/** No line any writer emits is longer than this, in code points. */
export const MAX_LINE = 16384

const ELLIPSIS = '…'

/**
 * A zero-width space, as an entity: it breaks mentions, references and autolinks in what GitHub renders,
 * and it is plain ASCII in the markdown itself (so documentText, which shows raw invisible characters,
 * leaves it alone).
 */
const ZWSP = '&#8203;'

/** Invisible format characters that can hide or reorder text: zero-width, bidi controls, BOM. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`
}

/** One code point, made visible and harmless (rules 2 and 3). */
function visible(ch: string, cp: number): string {
  if (cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029) return '⏎'
  if (cp < 0x20) return String.fromCodePoint(0x2400 + cp)
  if (cp === 0x7f) return '␡'
  if (cp >= 0x80 && cp <= 0x9f) return hex(cp)
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd' // a lone surrogate (pairs arrive as one code point)
  if (INVISIBLE.test(ch)) return hex(cp)
  return ch
}

/**
 * Rules 1–3: the text as one visible line of at most `max` code points. Reads only as much of `text` as
 * the bound needs, so a 1 MB string costs no more than a short one.
 */
export function cleanText(text: unknown, max: number = MAX_TEXT): string {
  const s = typeof text === 'string' ? text : String(text ?? '')
  const limit = Math.max(1, Math.floor(max))
  const out: string[] = []
  let count = 0
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i)!
    const ch = String.fromCodePoint(cp)
    i += ch.length
    // CRLF is one line break.
    if (cp === 0x0d && s.charCodeAt(i) === 0x0a) i++
    for (const piece of visible(ch, cp)) {
      if (count === limit) {
        // One more code point than the bound: cut, leaving room for the ellipsis.
        out.pop()
        out.push(ELLIPSIS)
        return out.join('')
      }
      out.push(piece)
      count++
    }
  }
  return out.join('')
}

/** Neutralises what the Actions runner would read as a workflow command in one line. */
function noWorkflowCommand(line: string): string {
  return line.replace(/^(\s*)::/u, '$1\\::').replace(/##\[/g, '#\\#[')
}

/**
 * `escape(clean)` within `max` code points: an escape lengthens the text (`\::`, `#\#[`), so a text cut to
 * the bound is cut again by what the escapes added (the cut ends with `…`, which starts no new command).
 */
function escapedWithin(clean: string, max: number, escape: (line: string) => string): string {
  let text = clean
  let out = escape(text)
  for (let over = [...out].length - max; over > 0; over = [...out].length - max) {
    text = cutText(text, Math.max(1, [...text].length - over))
    out = escape(text)
  }
  return out
}

/** An outside string for a terminal (the CLI; its stdout may be a workflow log inside a `run:` step). */
export function terminalText(text: unknown, max: number = MAX_TEXT): string {
  return escapedWithin(cleanText(text, max), max, noWorkflowCommand)
}

/**
 * A line for the Actions log (core.info/debug/warning/error/notice, annotation messages and titles). Also
 * right for a whole line composed of trusted text and already-cleaned pieces: it keeps it one line, without
 * control characters, without a workflow command, within `max` (default MAX_LINE).
 */
export function logLine(text: unknown, max: number = MAX_LINE): string {
  return escapedWithin(cleanText(text, max), max, noWorkflowCommand)
}

/** An outside string inside GitHub markdown (summary, comment, issue; table cells included). */
export function markdownText(text: unknown, max: number = MAX_TEXT): string {
  return cleanText(text, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\\`*_[\]()!|~{}]/g, ch => `\\${ch}`)
    .replace(/[@#]/g, ch => `${ch}${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/www\./gi, m => `${m.slice(0, 3)}${ZWSP}.`)
}

/**
 * An outside string inside raw HTML where markdown is not parsed (e.g. `<summary>`): entities for `&`, `<`,
 * `>`, `"`, `'`, and the same zero-width breaks as markdownText against mentions, references and autolinks.
 */
export function htmlText(text: unknown, max: number = MAX_TEXT): string {
  return cleanText(text, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/[@#]/g, ch => `${ch}${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/www\./gi, m => `${m.slice(0, 3)}${ZWSP}.`)
}

/**
 * The last guard of a whole document a writer composed (summary, comment, issue body): line breaks are
 * kept, but every line is cleaned (rules 1–3: no control character, at most `max` code points). Escaping
 * the outside strings inside it is still the composer's job; this guarantees the line and byte rules
 * even for a string someone forgot.
 */
export function documentText(text: string, max: number = MAX_LINE): string {
  return text
    .split(/\r?\n/)
    .map(line => cleanText(line, max))
    .join('\n')
}

/**
 * The last guard of text for a terminal or the Actions log, possibly several lines (the CLI's stdout and
 * stderr, a multi-line annotation): every line cleaned, bounded and free of workflow commands.
 */
export function terminalLines(
  text: string,
  max: number = MAX_LINE,
  options: { colours?: boolean } = {}
): string {
  return text
    .split(/\r?\n/)
    .map(line => (options.colours ? colouredLine(line, max) : logLine(line, max)))
    .join('\n')
}

/**
 * The only escape sequences a writer may send on purpose (the CLI's verdict colours): SGR reset, bold,
 * normal intensity, red, green, yellow, default colour. Nothing that can hide text (conceal, black),
 * move the cursor, set a title or make a hyperlink.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const OWN_COLOURS = /(\u001b\[(?:0|1|22|31|32|33|39)m)/

/** logLine for a line that may hold OWN_COLOURS: those are kept, everything else is cleaned. */
function colouredLine(line: string, max: number): string {
  const parts = line.split(OWN_COLOURS)
  let out = ''
  let left = max
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 1) {
      out += part
      continue
    }
    if (part === '' || left <= 0) continue
    const clean =
      i === 0
        ? logLine(part, left)
        : escapedWithin(cleanText(part, left), left, line => line.replace(/##\[/g, '#\\#['))
    left -= [...clean].length
    out += clean
  }
  return out
}

/** An outside string as an inline code span (safe inside a table cell). */
export function markdownCode(text: unknown, max: number = MAX_TEXT): string {
  const body = cleanText(text, max).replace(/\|/g, '\\|')
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longestRun + 1)
  // A space on each side when the body starts or ends with a backtick (or space), as CommonMark strips one.
  const pad = /^[` ]|[` ]$/.test(body) ? ' ' : ''
  return `${fence}${pad}${body}${pad}${fence}`
}

const MERMAID_CODES: Record<string, string> = {
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
  '#': '#35;',
  '%': '#37;',
  ';': '#59;',
  '[': '#91;',
  ']': '#93;',
  '{': '#123;',
  '}': '#125;',
  '|': '#124;',
  '`': '#96;'
}

/** An outside string inside a Mermaid node label `["…"]` (the label's quotes are the caller's). */
export function mermaidLabel(text: unknown, max: number = MAX_TEXT): string {
  return cleanText(text, max).replace(/["<>&#%;[\]{}|`]/g, ch => MERMAID_CODES[ch]!)
}

/**
 * JSON for a terminal or a file: JSON.stringify already escapes C0 controls, quotes and lone surrogates;
 * this also escapes DEL, C1, U+2028/U+2029, the invisible format characters and the second `#` of `##[`
 * (valid JSON: they can only occur inside strings, and `\u0023` is `#`). No line of JSON.stringify's
 * output can start with `::`. Bounding the strings themselves is the caller's job (see `boundedStrings`).
 */
export function safeJson(value: unknown, space?: number): string {
  return (
    (JSON.stringify(value, null, space) ?? 'null')
      .replace(
        /[\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g,
        ch => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
      )
      // The runner's older command syntax is found anywhere in a line; `#` escaped stays the same JSON.
      .replace(/##\[/g, '#\\u0023[')
  )
}

/**
 * A copy of a JSON-able value in which every string is at most `max` code points (cut with `…`, never
 * inside a surrogate pair); the characters themselves are kept, safeJson escapes them.
 */
export function boundedStrings<T>(value: T, max: number = MAX_JSON_TEXT): T {
  if (typeof value === 'string') return cutText(value, max) as T
  if (Array.isArray(value)) return value.map(v => boundedStrings(v, max)) as T
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[cutText(k, max)] = boundedStrings(v, max)
    return out as T
  }
  return value
}

/** Rule 1 alone: at most `max` code points, ellipsis included, cut between code points. */
export function cutText(text: string, max: number = MAX_TEXT): string {
  const limit = Math.max(1, Math.floor(max))
  if (text.length <= limit) return text
  let count = 0
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    // limit - 1 code points read: keep the rest only if it is exactly one more code point.
    if (count === limit - 1) return i + width >= text.length ? text : `${text.slice(0, i)}${ELLIPSIS}`
    i += width
    count++
  }
  return text
}

/** JSON for output: every string bounded (MAX_JSON_TEXT), then safeJson; pretty-printed by default. */
export function jsonDocument(value: unknown, space: number | undefined = 2): string {
  return safeJson(boundedStrings(value), space)
}

/**
 * The only cursor control a writer may send on purpose: back to the start of the line and erase it, for the
 * CLI's live progress line on a terminal (never in a pipe, a file or a workflow log).
 */
export const CLEAR_LINE = '\r\u001b[2K'

/**
 * A live status line: CLEAR_LINE, then the text cleaned like terminalText and cut to `width` code points
 * (a line that wraps could no longer be erased in place). No newline: the next status line replaces it.
 */
export function statusLine(text: unknown, width: number): string {
  return CLEAR_LINE + terminalText(text, Math.max(10, Math.floor(width)))
}
