// `run --format json` prints one document shape, the run report (schema/report.schema.json), whether or not
// the config was valid: an invalid one gives result error, no results and every problem (exit code 2).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { runCli } from '../../src/cli/main.js'
import { STARTER_CONFIG } from '../../src/config/starter.js'
import { toJsonReport } from '../../src/report/json.js'
import schema from '../../schema/report.schema.json' with { type: 'json' }
import { result, runReport } from '../report/fixtures.js'

async function cli(args: string[], cwd: string) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd,
    env: {}
  })
  return { code, stdout, stderr }
}

describe('run --format json on an invalid config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'np-cli-json-'))
  writeFileSync(
    join(dir, 'bad.yaml'),
    STARTER_CONFIG.replace('port: 53', 'port: 70000').replace('protocol: tcp', 'protocol: icmp')
  )

  it('prints the run report with the problems in it, valid against the report schema, and exits 2', async () => {
    const { code, stdout, stderr } = await cli(['run', '-f', 'bad.yaml', '--format', 'json'], dir)
    expect(code).toBe(2)
    expect(stderr).toBe('')
    const json = JSON.parse(stdout)
    const ajv = new Ajv2020({ allErrors: true, strict: true })
    addFormats.default(ajv)
    const validate = ajv.compile(schema)
    expect([validate(json), validate.errors]).toEqual([true, null])
    // Every field a normal run's report has at the top level, with nothing run.
    const normal = toJsonReport(runReport([result({ id: 'a', line: 1, status: 'passed' })]))
    expect(Object.keys(json)).toEqual(expect.arrayContaining(Object.keys(normal)))
    expect(json).toMatchObject({
      tool: 'network-preflight',
      config_file: 'bad.yaml',
      result: 'error',
      total_count: 0,
      passed_count: 0,
      failed_count: 0,
      error_count: 2,
      analyses_started: 0,
      results: [],
      config_problems: [
        { file: 'bad.yaml', line: 34, column: 11, path: '/assertions/0/port' },
        {
          file: 'bad.yaml',
          line: 48,
          column: 15,
          path: '/assertions/1/protocol',
          message: 'assertions[1].protocol: "icmp" is not allowed; use "tcp" or "udp"'
        }
      ]
    })
    expect(json).not.toHaveProperty('valid')
  })

  it('validate keeps its own document; run in text prints the problems on stderr', async () => {
    const validate = await cli(['validate', '-f', 'bad.yaml', '--format', 'json'], dir)
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: false, file: 'bad.yaml' })
    const text = await cli(['run', '-f', 'bad.yaml'], dir)
    expect(text).toMatchObject({ code: 2, stdout: '' })
    expect(text.stderr).toMatch(/^bad\.yaml:34:11: /)
    expect(text.stderr).toMatch(/\n2 problems in bad\.yaml\n$/)
  })
})
