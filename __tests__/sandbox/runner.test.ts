// The runner harness against fixture scripts: env as GitHub's runner builds it, file commands, workflow
// commands, post steps, kills and timeouts.
import { afterAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  inputVariable,
  parseFileCommands,
  parseWorkflowCommands,
  removeRunnerDirs,
  runAction,
  runCli,
  runPost,
  unescapeCommandProperty
} from '../../sandbox/runner.js'

const FAKE_ACTION = join(process.cwd(), '__tests__/sandbox/fixtures/fake-action.mjs')
const FAKE_CLI = join(process.cwd(), '__tests__/sandbox/fixtures/fake-cli.mjs')

afterAll(() => removeRunnerDirs())

describe('runner harness', () => {
  it('names inputs as the runner does: upper case, spaces to underscores, hyphens kept', () => {
    expect(inputVariable('role-to-assume')).toBe('INPUT_ROLE-TO-ASSUME')
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT')
  })

  it('parses file commands (heredoc and key=value) and decodes workflow command escapes', () => {
    expect(parseFileCommands('a=1\nmulti<<ghadelimiter_1\nx\ny\nghadelimiter_1\nb=2=3\n')).toEqual({
      a: '1',
      multi: 'x\ny',
      b: '2=3'
    })
    expect(unescapeCommandProperty('a%2Cb%3Ac%25d%0Ae')).toBe('a,b:c%d\ne')
    expect(parseWorkflowCommands('x\n::error file=f.yaml,line=3,title=t%2C1::m%0A2\n  ::debug::d')).toEqual([
      { command: 'error', properties: { file: 'f.yaml', line: '3', title: 't,1' }, value: 'm\n2' },
      { command: 'debug', properties: {}, value: 'd' }
    ])
  })

  it('runs a step with inputs, defaults from action.yml, the event, and collects outputs, summary, state, annotations', async () => {
    process.env.GITHUB_OUTPUT_SENTINEL = 'x'
    const run = await runAction({
      script: FAKE_ACTION,
      inputs: { 'role-to-assume': 'arn:aws:iam::222222222222:role/NetworkPreflight', mode: 'fail' },
      env: { GITHUB_TOKEN: 'ghs_from_env', HOST_ONLY: 'passed-through' },
      event: { name: 'pull_request', payload: { pull_request: { number: 7 } } }
    })
    delete process.env.GITHUB_OUTPUT_SENTINEL
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({
      role: 'arn:aws:iam::222222222222:role/NetworkPreflight',
      audience: 'sts.amazonaws.com', // action.yml default
      'token-input': 'ghs_from_env', // ${{ github.token }}
      event: 'pull_request#7',
      multiline: 'line one\nline two',
      env: 'true|true|passed-through'
    })
    expect(run.env['INPUT_ROLE-TO-ASSUME']).toBe('arn:aws:iam::222222222222:role/NetworkPreflight')
    expect(run.env.GITHUB_OUTPUT_SENTINEL).toBeUndefined()
    expect(run.summary).toBe('<h1>Preflight</h1>\nall good')
    expect(run.state).toEqual({ isPost: 'true', started: 'yes' })
    expect(run.exportedEnv).toEqual({ EXPORTED: 'x=y' })
    expect(run.masks).toEqual(['s3cr3t-value'])
    expect(run.annotations).toEqual([
      {
        level: 'error',
        file: 'preflight.yaml',
        line: 12,
        endLine: 12,
        col: 3,
        title: 'app-to-db: a,b',
        message: 'port 5432: denied, by sg-1 (100%)\nsee docs'
      },
      { level: 'warning', message: 'no port given' },
      { level: 'error', message: '1 assertion failed' }
    ])
    expect(run.durationMs).toEqual(expect.any(Number))

    const post = await runPost(run, { script: FAKE_ACTION })
    expect(post.exitCode).toBe(0)
    expect(post.outputs).toEqual({ 'post-saw': 'yes|arn:aws:iam::222222222222:role/NetworkPreflight' })
    expect(post.annotations).toEqual([{ level: 'notice', message: 'post step ran' }])
    expect(post.workspace).toBe(run.workspace)
    expect(post.env.GITHUB_OUTPUT).not.toBe(run.env.GITHUB_OUTPUT)
    removeRunnerDirs()
    expect(existsSync(run.workspace)).toBe(false)
  })

  it('kills a running step through the handle, an AbortSignal, or the timeout', async () => {
    const running = runAction({ script: FAKE_ACTION, inputs: { mode: 'hang' } })
    await new Promise<void>(resolve => running.child.stdout!.once('data', () => resolve()))
    running.kill('SIGTERM')
    const killed = await running
    expect(killed.exitCode).toBeNull()
    expect(killed.signal).toBe('SIGTERM')
    expect(killed.stdout).toBe('hanging\n')

    const controller = new AbortController()
    const aborted = runAction({ script: FAKE_ACTION, inputs: { mode: 'hang' }, signal: controller.signal })
    setTimeout(() => controller.abort(), 100)
    expect((await aborted).signal).toBe('SIGTERM')

    const slow = await runAction({ script: FAKE_ACTION, inputs: { mode: 'hang' }, timeoutMs: 200 })
    expect(slow.timedOut).toBe(true)
    expect(slow.signal).toBe('SIGKILL')
  })

  it('runs the CLI entry with arguments and env, without the host’s GitHub variables', async () => {
    const res = await runCli(['run', '--config', 'x.yaml', '--exit', '3'], {
      script: FAKE_CLI,
      env: { AWS_REGION: 'eu-west-1' }
    })
    expect(res.exitCode).toBe(3)
    expect(JSON.parse(res.stdout)).toEqual({
      args: ['run', '--config', 'x.yaml', '--exit', '3'],
      region: 'eu-west-1',
      leaked: null
    })
  })
})
