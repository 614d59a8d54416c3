import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { loadConfigFile } from '../config/load.js'
import { STARTER_CONFIG } from '../config/starter.js'
import type { ConfigProblem, PreflightConfig } from '../model.js'
import { VERSION } from '../version.js'
import { EXIT } from './exit-codes.js'
import { MAX_LINE, jsonDocument, terminalLines, terminalText } from '../safety/index.js'

export interface CliIo {
  /** isTTY: a terminal (colour, live progress) rather than a pipe or a file. */
  stdout: { write(text: string): unknown; isTTY?: boolean }
  /** isTTY and columns: where `run` may redraw a live progress line (src/cli/progress.ts). */
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  cwd: string
  env: NodeJS.ProcessEnv
}

export type Format = 'text' | 'json'

/** What every command gets: its parsed options and a way to print. */
export interface CommandContext {
  io: CliIo
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
  format: Format
  out(text: string): void
  err(text: string): void
  /** Loads -f/--file; prints problems and returns undefined when the config is invalid. */
  loadConfig(): Promise<PreflightConfig | undefined>
}

export interface Command {
  summary: string
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  run(ctx: CommandContext): Promise<number>
}

const COMMON = {
  file: { type: 'string', short: 'f', default: 'preflight.yaml' },
  format: { type: 'string', default: 'text' },
  help: { type: 'boolean', short: 'h' }
} as const

const commands: Record<string, Command> = {
  validate: {
    summary: 'check the config file; print every problem as path:line:col',
    usage: 'network-preflight validate [-f preflight.yaml] [--format text|json]',
    options: COMMON,
    async run(ctx) {
      const config = await ctx.loadConfig()
      if (!config) return EXIT.configError
      const accounts = Object.keys(config.accounts).length
      if (ctx.format === 'json') {
        ctx.out(
          jsonDocument({
            valid: true,
            file: config.file,
            assertions: config.assertions.length,
            accounts,
            problems: []
          })
        )
      } else {
        const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
        ctx.out(
          `${config.file}: valid (${count(config.assertions.length, 'assertion')}, ${count(accounts, 'account')})`
        )
      }
      return EXIT.passed
    }
  },
  init: {
    summary: 'write a commented starter config',
    usage: 'network-preflight init [-f preflight.yaml] [--force]',
    options: { ...COMMON, force: { type: 'boolean' } },
    async run(ctx) {
      const file = String(ctx.values.file)
      const path = isAbsolute(file) ? file : resolve(ctx.io.cwd, file)
      if (existsSync(path) && !ctx.values.force) {
        ctx.err(`${file} already exists; use --force to overwrite it`)
        return EXIT.configError
      }
      await writeFile(path, STARTER_CONFIG)
      ctx.out(
        `wrote ${file}; edit the accounts and selectors, then run: network-preflight validate -f ${file}`
      )
      return EXIT.passed
    }
  }
}

/** Lets the pipeline's commands (run, list-targets, explain, cleanup, iam-policy) register themselves. */
export function registerCommand(name: string, command: Command): void {
  commands[name] = command
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map(n => n.length))
  return [
    'usage: network-preflight <command> [options]',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 all passed, 1 an assertion failed, 2 config or usage error, 3 runtime/AWS/auth error',
    "run 'network-preflight <command> --help' for a command's options"
  ].join('\n')
}

/** Every option of a command with its short form, its kind of value and its default. */
function optionList(command: Command): string {
  const rows = Object.entries(command.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ' <value>' : ''}`
    const many = o.multiple ? ' (repeatable)' : ''
    const fallback =
      o.default === undefined
        ? ''
        : ` (default: ${Array.isArray(o.default) ? o.default.join(',') : String(o.default)})`
    return [flag, `${many}${fallback}`.trim()] as const
  })
  const width = Math.max(...rows.map(([flag]) => flag.length))
  return rows.map(([flag, note]) => `  ${flag.padEnd(width)}  ${note}`.trimEnd()).join('\n')
}

/** The command a typo most likely meant (edit distance at most 2, or a prefix), if any. */
function closestCommand(typed: string): string | undefined {
  return closest(typed, Object.keys(commands))
}

function closest(typed: string, names: string[]): string | undefined {
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
  if (typed.length > 64) return undefined
  const ranked = names
    .map(name => ({ name, d: name.startsWith(typed) && typed.length >= 2 ? 0 : distance(typed, name) }))
    .sort((a, b) => a.d - b.d)
  return ranked[0] && ranked[0].d <= 2 ? ranked[0].name : undefined
}

/** `file:line:col: message`; the file and message come from outside (the message may quote YAML keys). */
export function formatProblem(p: ConfigProblem): string {
  return `${terminalText(p.file, 200)}:${p.line}:${p.column}: ${terminalText(p.message, 1000)}`
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // The last guard of everything the CLI prints (its stdout may be a workflow log inside a `run:` step):
  // every line cleaned of control characters, bounded by MAX_LINE, and unable to start a workflow command.
  // JSON goes through safeJson first, so this changes nothing in it.
  const write = (stream: CliIo['stdout'], text: string) =>
    void stream.write(
      `${terminalLines(text.endsWith('\n') ? text.slice(0, -1) : text, MAX_LINE, { colours: true })}\n`
    )
  const out = (text: string) => write(io.stdout, text)
  const err = (text: string) => write(io.stderr, text)
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ;(name ? out : err)(usage())
    return name ? EXIT.passed : EXIT.configError
  }
  if (name === '--version') {
    out(VERSION)
    return EXIT.passed
  }
  const command = commands[name]
  if (!command) {
    const guess = closestCommand(name)
    err(
      `network-preflight: unknown command ${JSON.stringify(name)}${guess ? `; did you mean "${guess}"?` : ''}\n\n${usage()}`
    )
    return EXIT.configError
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true })
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify.*$/s, '')
    const unknown = /^Unknown option '--?([^']+)'/.exec(message)?.[1]
    const guess = unknown ? closest(unknown, Object.keys(command.options)) : undefined
    err(
      `network-preflight ${name}: ${message}${guess ? `; did you mean --${guess}?` : ''}\nusage: ${command.usage}`
    )
    return EXIT.configError
  }
  const values = parsed.values as CommandContext['values']
  if (values.help) {
    out(`usage: ${command.usage}\n\n${command.summary}\n\noptions:\n${optionList(command)}`)
    return EXIT.passed
  }
  const format = (values.format ?? 'text') as string
  if (format !== 'text' && format !== 'json') {
    err(`network-preflight ${name}: --format must be text or json, not ${JSON.stringify(format)}`)
    return EXIT.configError
  }
  const ctx: CommandContext = {
    io,
    values,
    positionals: parsed.positionals,
    format,
    out,
    err,
    async loadConfig() {
      const file = String(values.file ?? 'preflight.yaml')
      const result = await loadConfigFile(isAbsolute(file) ? file : resolve(io.cwd, file), file)
      if (result.ok) return result.config
      if (format === 'json') {
        out(jsonDocument({ valid: false, file, problems: result.problems }))
      } else {
        for (const p of result.problems) err(formatProblem(p))
        err(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${file}`)
      }
      return undefined
    }
  }
  return command.run(ctx)
}
