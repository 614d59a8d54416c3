// The CLI front door: `network-preflight <command>`. Thin: parses arguments, calls the pipeline, prints.
// Only the command table loads here; a command's code (and the pipeline) loads when that command runs.
import { terminalLines } from '../safety/index.js'
import { runCli } from './main.js'

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env
}).then(
  code => {
    process.exitCode = code
  },
  err => {
    // Only a bug lands here: every expected failure is turned into an exit code by runCli.
    // The stack's message may quote AWS or config text: cleaned like every other line we print.
    process.stderr.write(
      `${terminalLines(`network-preflight: internal error: ${err instanceof Error ? err.stack : String(err)}`)}\n`
    )
    process.exitCode = 3
  }
)
