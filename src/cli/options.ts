// The CLI's options, typed: each command declares its options once (kind, default, limits, one line of help),
// and from that declaration come the parser, the typed values its handler receives, the usage line, the
// per-command --help and the did-you-mean for a mistyped option. Light on purpose: no pipeline import.
import { parseArgs } from 'node:util'
import type { ChoiceOption, IntegerOption } from '../run-options.js'

interface Described {
  /** One line for --help. */
  description: string
  short?: string
  /** Must be given (e.g. explain --id); shown without brackets in the usage line. */
  required?: boolean
}

/** What an option takes: nothing (a flag), one word, a repeatable word, a bounded integer, one of a set. */
export type OptionSpec =
  | (Described & { kind: 'flag' })
  | (Described & { kind: 'string'; placeholder: string; default?: string })
  | (Described & { kind: 'list'; placeholder: string })
  | (Described & IntegerOption)
  | (Described & ChoiceOption)

export type OptionSpecs = Record<string, OptionSpec>

/** The value a handler gets for one option. */
export type ValueOf<S extends OptionSpec> = S extends { kind: 'flag' }
  ? boolean
  : S extends { kind: 'list' }
    ? string[]
    : S extends { kind: 'integer' }
      ? number
      : S extends { kind: 'choice'; choices: readonly (infer T)[] }
        ? T
        : S extends { kind: 'string'; default: string }
          ? string
          : string | undefined

export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> }

/** A user mistake on the command line (exit 2), worded for the terminal. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Turns argv into typed values, checking every limit; throws UsageError with a did-you-mean when it can. */
export function parseOptions<O extends OptionSpecs>(specs: O, args: string[]): OptionValues<O> {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {}
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = {
      type: spec.kind === 'flag' ? 'boolean' : 'string',
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.kind === 'list' ? { multiple: true } : {})
    }
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true })
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify.*$/s, '')
    const unknown = /^Unknown option '--?([^']+)'/.exec(message)?.[1]
    const guess = unknown ? closest(unknown, Object.keys(specs)) : undefined
    throw new UsageError(`${message}${guess ? `; did you mean --${guess}?` : ''}`)
  }
  if (parsed.positionals.length > 0) {
    // `validate preflight.yaml` used to be ignored silently and validate the default file instead.
    const first = parsed.positionals[0]
    const hint = 'file' in specs && /\.ya?ml$/i.test(first) ? `; did you mean -f ${first}?` : ''
    throw new UsageError(`unexpected argument ${JSON.stringify(first)}${hint}`)
  }
  const raw = parsed.values as Record<string, string | boolean | string[] | undefined>
  const values: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(specs)) {
    const given = raw[name]
    switch (spec.kind) {
      case 'flag':
        values[name] = given === true
        break
      case 'list':
        values[name] = (given as string[] | undefined) ?? []
        break
      case 'string':
        if (given === undefined && spec.required) throw new UsageError(`--${name} is required`)
        values[name] = (given as string | undefined) ?? spec.default
        break
      case 'integer': {
        const text = given === undefined ? String(spec.default) : String(given)
        if (!/^\d+$/.test(text) || Number(text) < spec.min || Number(text) > spec.max)
          throw new UsageError(
            `--${name} must be a whole number from ${spec.min} to ${spec.max}, not ${JSON.stringify(text)}`
          )
        values[name] = Number(text)
        break
      }
      case 'choice': {
        const text = given === undefined ? spec.default : String(given)
        if (!spec.choices.includes(text))
          throw new UsageError(`--${name} must be ${orList(spec.choices)}, not ${JSON.stringify(text)}`)
        values[name] = text
        break
      }
    }
  }
  return values as OptionValues<O>
}

function orList(words: readonly string[]): string {
  return words.length <= 2 ? words.join(' or ') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`
}

/** How an option's value is written in usage and help: FILE, N, text|json. */
function valueHint(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'flag':
      return ''
    case 'string':
    case 'list':
      return spec.placeholder
    case 'integer':
      return 'N'
    case 'choice':
      return spec.choices.join('|')
  }
}

/** `network-preflight run [-f FILE] [--format text|json] …`, wrapped under the command at `width` columns. */
export function usageLine(command: string, specs: OptionSpecs, width = 100): string {
  const head = `usage: network-preflight ${command}`
  const parts = Object.entries(specs)
    .filter(([name]) => name !== 'help')
    .map(([name, spec]) => {
      const flag = spec.short && spec.kind !== 'list' ? `-${spec.short}` : `--${name}`
      const hint = valueHint(spec)
      const word = `${flag}${hint ? ` ${hint}` : ''}${spec.kind === 'list' ? ' ...' : ''}`
      return spec.required ? word : `[${word}]`
    })
  const lines: string[] = []
  let line = head
  for (const part of parts) {
    if (line.length + 1 + part.length > width && line !== head) {
      lines.push(line)
      line = ' '.repeat(head.length)
    }
    line += ` ${part}`
  }
  lines.push(line)
  return lines.join('\n')
}

/** What --help shows after the description: the limits and the default, e.g. "10-3600, default 300". */
function helpNote(spec: OptionSpec): string {
  const notes: string[] = []
  if (spec.kind === 'integer') notes.push(`${spec.min}-${spec.max}`)
  if (spec.kind === 'list') notes.push('repeatable')
  if (spec.required) notes.push('required')
  const fallback = spec.kind === 'flag' || spec.kind === 'list' ? undefined : spec.default
  if (fallback !== undefined) notes.push(`default: ${fallback}`)
  return notes.length ? ` (${notes.join(', ')})` : ''
}

/**
 * Every option (--help last) with its short form, its value, its help, its limits and its default; the help
 * wraps between words under its own column so a line stays within `width` columns.
 */
export function optionHelp(specs: OptionSpecs, width = 100): string {
  const entries = Object.entries(specs).sort(([a], [b]) => Number(a === 'help') - Number(b === 'help'))
  const rows = entries.map(([name, spec]) => {
    const hint = valueHint(spec)
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${hint ? ` ${hint}` : ''}`
    return [flag, `${spec.description}${helpNote(spec)}`] as const
  })
  const flagWidth = Math.max(...rows.map(([flag]) => flag.length))
  const room = Math.max(30, width - flagWidth - 4)
  return rows
    .map(([flag, note]) => {
      const lines: string[] = []
      let line = ''
      for (const word of note.split(' ')) {
        if (line && line.length + 1 + word.length > room) {
          lines.push(line)
          line = word
        } else line = line ? `${line} ${word}` : word
      }
      lines.push(line)
      return lines.map((text, i) => `  ${(i === 0 ? flag : '').padEnd(flagWidth)}  ${text}`).join('\n')
    })
    .join('\n')
}

/** The name a typo most likely meant (edit distance at most 2, or a prefix of at least 2 characters). */
export function closest(typed: string, names: readonly string[]): string | undefined {
  if (typed.length > 64) return undefined
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i)
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]
      row[0] = i
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
        prev = row[j]
        row[j] = next
      }
    }
    return row[b.length]
  }
  const ranked = names
    .map(name => ({ name, d: name.startsWith(typed) && typed.length >= 2 ? 0 : distance(typed, name) }))
    .sort((a, b) => a.d - b.d)
  return ranked[0] && ranked[0].d <= 2 ? ranked[0].name : undefined
}
