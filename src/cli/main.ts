import { isAbsolute, resolve } from 'node:path'
import type { ConfigProblem } from '../model.js'
import { VERSION } from '../version.js'
import { EXIT } from './exit-codes.js'
import { UsageError, closest, optionHelp, parseOptions, usageLine } from './options.js'
import { COMMANDS, type CliIo, type Command, type CommandContext, type Format } from './table.js'
import { MAX_LINE, jsonDocument, terminalLines, terminalText } from '../safety/index.js'

export type { CliIo, CommandContext, Format } from './table.js'

function usage(): string {
  const width = Math.max(...COMMANDS.map(c => c.name.length))
  return [
    'usage: network-preflight <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 all passed, 1 an assertion failed, 2 config or usage error, 3 runtime/AWS/auth error',
    "run 'network-preflight <command> --help' for a command's options"
  ].join('\n')
}

/** A command's --help: usage line, what it does, and every option with its limits and default. */
export function commandHelp(command: Command): string {
  return `${usageLine(command.name, command.options)}\n\n${command.summary}\n\noptions:\n${optionHelp(command.options)}`
}

/** `file:line:col: message`; the file and message come from outside (the message may quote YAML keys). */
export function formatProblem(p: ConfigProblem): string {
  return `${terminalText(p.file, 200)}:${p.line}:${p.column}: ${terminalText(p.message, 1000)}`
}

/** Whether --help / -h was given before a `--` (then help wins over any other mistake on the line). */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--')
  return (end < 0 ? args : args.slice(0, end)).some(a => a === '--help' || a === '-h')
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
    // `help run` is `run --help`.
    const about = name === 'help' && rest[0] ? COMMANDS.find(c => c.name === rest[0]) : undefined
    ;(name ? out : err)(about ? commandHelp(about) : usage())
    return name ? EXIT.passed : EXIT.configError
  }
  if (name === '--version' || name === '-V') {
    out(VERSION)
    return EXIT.passed
  }
  const command = COMMANDS.find(c => c.name === name)
  if (!command) {
    const guess = closest(
      name,
      COMMANDS.map(c => c.name)
    )
    err(
      `network-preflight: unknown command ${JSON.stringify(name)}${guess ? `; did you mean "${guess}"?` : ''}\n\n${usage()}`
    )
    return EXIT.configError
  }
  if (asksForHelp(rest)) {
    out(commandHelp(command))
    return EXIT.passed
  }
  let values: CommandContext['values']
  try {
    values = parseOptions(command.options, rest)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    err(`network-preflight ${name}: ${e.message}\n${usageLine(name, command.options)}`)
    return EXIT.configError
  }
  const format: Format = values.format === 'json' ? 'json' : 'text'
  const ctx: CommandContext = {
    io,
    values,
    format,
    out,
    err,
    async loadConfig(invalidJson) {
      const file = String(values.file ?? 'preflight.yaml')
      // Loaded here, not at the top: --version and --help need neither YAML nor the schema validator.
      const { loadConfigFile } = await import('../config/load.js')
      const result = await loadConfigFile(isAbsolute(file) ? file : resolve(io.cwd, file), file)
      if (result.ok) return result.config
      if (format === 'json') {
        out(
          jsonDocument(
            invalidJson
              ? invalidJson(file, result.problems)
              : { valid: false, file, problems: result.problems }
          )
        )
      } else {
        for (const p of result.problems) err(formatProblem(p))
        err(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${file}`)
      }
      return undefined
    }
  }
  const handler = await command.handler()
  try {
    return await handler(ctx)
  } catch (e) {
    // A handler's usage mistakes found after loading the config (no assertion matches --assertion, ...).
    if (!(e instanceof UsageError)) throw e
    err(`network-preflight ${name}: ${e.message}`)
    return EXIT.configError
  }
}
