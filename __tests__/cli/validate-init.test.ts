import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../src/cli/main.js'
import { loadConfigText } from '../../src/config/load.js'
import { STARTER_CONFIG } from '../../src/config/starter.js'

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

describe('network-preflight validate / init', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'np-cli-'))
  })

  it('init writes a starter config that validates, and refuses to overwrite without --force', async () => {
    expect(await cli(['init'], dir)).toMatchObject({ code: 0 })
    expect(readFileSync(join(dir, 'preflight.yaml'), 'utf8')).toBe(STARTER_CONFIG)
    expect(STARTER_CONFIG.split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/.*preflight\.schema\.json$/
    )
    const again = await cli(['init'], dir)
    expect(again).toMatchObject({
      code: 2,
      stderr: 'preflight.yaml already exists; use --force to overwrite it\n'
    })
    expect(await cli(['init', '--force'], dir)).toMatchObject({ code: 0 })
    expect(await cli(['validate'], dir)).toEqual({
      code: 0,
      stdout: 'preflight.yaml: valid (6 assertions, 2 accounts)\n',
      stderr: ''
    })
    expect(loadConfigText(STARTER_CONFIG, 'x').ok).toBe(true)
  })

  it('prints compiler-style problems and exits 2', async () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      STARTER_CONFIG.replace('port: 53', 'port: 70000').replace('protocol: tcp', 'protocol: icmp')
    )
    const { code, stdout, stderr } = await cli(['validate', '-f', 'bad.yaml'], dir)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.split('\n')).toEqual([
      expect.stringMatching(/^bad\.yaml:34:11: assertions\[0\]\.port: 70000 is not a port/),
      'bad.yaml:48:15: assertions[1].protocol: "icmp" is not allowed; use "tcp" or "udp"',
      '2 problems in bad.yaml',
      ''
    ])
  })

  it('prints JSON with --format json', async () => {
    writeFileSync(join(dir, 'bad.yaml'), STARTER_CONFIG.replace('type: deny', 'type: block'))
    const { code, stdout } = await cli(['validate', '-f', 'bad.yaml', '--format', 'json'], dir)
    expect(code).toBe(2)
    expect(JSON.parse(stdout)).toEqual({
      valid: false,
      file: 'bad.yaml',
      problems: [
        {
          file: 'bad.yaml',
          line: 37,
          column: 11,
          path: '/assertions/1/type',
          message: 'assertions[1].type: "block" is not allowed; use "allow" or "deny"'
        }
      ]
    })
  })

  it('a missing file, an unknown command and a bad flag are usage errors (exit 2), not stack traces', async () => {
    const missing = await cli(['validate', '-f', 'nope.yaml'], dir)
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: 'nope.yaml:1:1: cannot read the config file: no such file\n1 problem in nope.yaml\n'
    })
    // A FIFO (nobody writing) would block a read forever: refused before any read, as a usage error.
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')])
    const fifo = await cli(['validate', '-f', 'pipe.yaml'], dir)
    expect(fifo).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pipe.yaml:1:1: cannot read the config file: it is a named pipe (FIFO); give the path of a regular YAML file\n1 problem in pipe.yaml\n'
    })
    const unknown = await cli(['frobnicate'], dir)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^network-preflight: unknown command "frobnicate"/)
    const flag = await cli(['validate', '--nope'], dir)
    expect(flag.code).toBe(2)
    expect(flag.stderr).toMatch(/Unknown option '--nope'/)
    expect(flag.stderr).not.toMatch(/\bat .*\.js:\d+/)
    const format = await cli(['validate', '--format', 'xml'], dir)
    expect(format).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format must be text or json')
    })
  })

  it('--version prints the version in package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    expect(await cli(['--version'], dir)).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' })
  })
})
