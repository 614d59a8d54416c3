// The demo pair (examples/sandbox.yaml + examples/preflight.yaml) through the real action bundle, main and post.
import { afterAll, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { removeRunnerDirs, runAction, runPost } from '../../sandbox/runner.js'
import { startSandbox } from '../../sandbox/server.js'

afterAll(() => removeRunnerDirs())

it('runs the demo through the action bundle: 6 pass, the drifted replica fails', async () => {
  const sandbox = await startSandbox('examples/sandbox.yaml', { knobs: { timeScale: 0.002 } })
  try {
    const main = await runAction({
      inputs: {
        config: 'preflight.yaml',
        'role-to-assume': 'arn:aws:iam::222222222222:role/NetworkPreflight'
      },
      env: sandbox.env,
      files: { 'preflight.yaml': readFileSync('examples/preflight.yaml', 'utf8') },
      timeoutMs: 50_000
    })
    expect(main.outputs).toMatchObject({
      result: 'failed',
      passed: '6',
      failed: '1',
      errors: '0',
      total: '7'
    })
    const drift = main.annotations.find(a => a.title?.startsWith('api-to-db-replica'))
    expect(drift).toMatchObject({ level: 'error', file: 'preflight.yaml', line: 37 })
    expect(drift!.message).toContain('sg-0a0000000000a0003')
    expect(drift!.message).toContain('3306')
    expect(sandbox.count({ service: 'ec2', action: 'StartNetworkInsightsAnalysis', ok: true })).toBe(7)
    expect(
      sandbox.count({ service: 'sts', action: 'AssumeRoleWithWebIdentity', ok: true })
    ).toBeGreaterThanOrEqual(1)
    const post = await runPost(main, { timeoutMs: 50_000 })
    expect(post.exitCode).toBe(0)
  } finally {
    await sandbox.close()
  }
})
