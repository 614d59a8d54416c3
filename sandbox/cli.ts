// Starts the sandbox for a scenario and prints the environment to point the action or the CLI at it.
//
//   npx tsx sandbox/cli.ts examples/sandbox.yaml [--time-scale 0.05] [--write-env .sandbox.env] [--trace]
//
// Ctrl-C (or SIGTERM) stops it.
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ScenarioError, type Knobs } from './scenario.js'
import { startSandbox, type RequestRecord } from './server.js'

const USAGE = `usage: tsx sandbox/cli.ts SCENARIO.yaml [--time-scale N] [--write-env FILE] [--trace]

Starts the local AWS + GitHub sandbox on 127.0.0.1 and prints the variables to export.
  --time-scale N   multiply simulated durations by N (e.g. 0.01 for fast runs)
  --write-env FILE also write the export lines to FILE (source it from another shell)
  --trace          print one line per request on stderr`

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

function traceLine(r: RequestRecord): string {
  const who = r.accountName ?? r.account ?? '-'
  const outcome = r.status === 0 ? 'connection reset' : `${r.status}${r.errorCode ? ` ${r.errorCode}` : ''}`
  return `${new Date(r.time).toISOString()} ${r.service.padEnd(6)} ${r.action.padEnd(36)} ${who.padEnd(14)} ${outcome}${r.fault ? ` (${r.fault})` : ''}\n`
}

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'time-scale': { type: 'string' },
        'write-env': { type: 'string' },
        trace: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      }
    })
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  const knobs: Partial<Knobs> = {}
  if (values['time-scale'] !== undefined) {
    const scale = Number(values['time-scale'])
    if (!(scale > 0)) {
      process.stderr.write(`--time-scale must be a positive number, not ${values['time-scale']}\n`)
      return 2
    }
    knobs.timeScale = scale
  }

  let sandbox
  try {
    sandbox = await startSandbox(positionals[0], {
      knobs,
      onRequest: values.trace ? r => process.stderr.write(traceLine(r)) : undefined
    })
  } catch (e) {
    if (e instanceof ScenarioError) {
      process.stderr.write(`${e.message}\n`)
      return 2
    }
    throw e
  }

  const env: Record<string, string> = { ...sandbox.env }
  const withKeys = Object.entries(sandbox.scenario.accounts).find(([, a]) => a.staticKeys?.length)
  if (withKeys) Object.assign(env, sandbox.staticCredentialsEnv(withKeys[0]))
  const lines = Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`)
  process.stdout.write(`${lines.join('\n')}\n`)
  if (values['write-env']) writeFileSync(values['write-env'], `${lines.join('\n')}\n`)
  process.stderr.write(
    `# sandbox for ${sandbox.scenario.name ?? positionals[0]} listening on ${sandbox.urls.base}` +
      `${withKeys ? ` (static keys of account "${withKeys[0]}" included for the CLI)` : ''}; Ctrl-C stops it\n`
  )

  await new Promise<void>(resolve => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  await sandbox.close()
  process.stderr.write(`# sandbox stopped after ${sandbox.requests.length} requests\n`)
  return 0
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  err => {
    process.stderr.write(`sandbox: ${(err as Error).stack ?? String(err)}\n`)
    process.exit(1)
  }
)
