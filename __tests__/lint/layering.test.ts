// The layering rules of eslint.config.js, through ESLint's own API: planted imports in the files where they
// must fail (and must pass). Deny by default, so a folder added later is covered without a new rule.
import { ESLint } from 'eslint'

const eslint = new ESLint({ cwd: process.cwd() })

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages
    .filter(m => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map(m => m.message)
}

const SDK_VALUE = "import { EC2Client } from '@aws-sdk/client-ec2'\nexport const c = EC2Client\n"
const SDK_TYPE = "import type { Explanation } from '@aws-sdk/client-ec2'\nexport const x: Explanation = {}\n"
const ACTIONS = "import * as core from '@actions/core'\nexport const f = core.info\n"

describe('eslint layering', () => {
  it.each([
    ['src/verdict/x.ts', SDK_VALUE],
    ['src/pipeline.ts', ACTIONS],
    ['src/pipeline.ts', SDK_VALUE],
    ['src/model.ts', SDK_TYPE],
    ['src/inputs.ts', ACTIONS],
    ['src/config/x.ts', SDK_VALUE],
    ['src/config/x.ts', ACTIONS],
    ['src/cli/x.ts', ACTIONS],
    ['src/cli/x.ts', SDK_VALUE],
    ['src/verdict/x.ts', ACTIONS],
    ['src/auth/x.ts', ACTIONS],
    ['src/analyze/x.ts', ACTIONS],
    ['src/report/x.ts', SDK_VALUE],
    ['src/main.ts', SDK_VALUE],
    // The pure stages and shared helpers: neither the SDK (not even its types) nor @actions/*.
    ['src/expand/x.ts', SDK_VALUE],
    ['src/expand/x.ts', SDK_TYPE],
    ['src/expand/x.ts', ACTIONS],
    ['src/plan/x.ts', SDK_VALUE],
    ['src/plan/x.ts', ACTIONS],
    ['src/safety/x.ts', SDK_VALUE],
    ['src/safety/x.ts', ACTIONS],
    ['src/aws/x.ts', SDK_VALUE],
    ['src/aws/x.ts', ACTIONS],
    ['src/pipeline-scopes.ts', SDK_VALUE],
    ['src/pipeline-scopes.ts', ACTIONS],
    ['src/pull-request.ts', ACTIONS],
    ['src/run-options.ts', SDK_VALUE],
    // A folder that does not exist yet is denied by default.
    ['src/some-new-stage/x.ts', SDK_VALUE],
    ['src/some-new-stage/x.ts', ACTIONS]
  ])('refuses in %s: %s', async (file, code) => {
    const errors = await layeringErrors(file, code)
    expect(errors).toHaveLength(1)
    // The message names real places.
    expect(errors[0]).toMatch(/src\/(auth|main\.ts)/)
  })

  it.each([
    ['src/verdict/x.ts', SDK_TYPE],
    ['src/resolve/x.ts', SDK_VALUE],
    ['src/analyze/x.ts', SDK_VALUE],
    ['src/auth/x.ts', SDK_VALUE],
    ['src/main.ts', ACTIONS],
    ['src/action.ts', ACTIONS],
    ['src/report/x.ts', ACTIONS],
    ['src/resolve/managed/x.ts', SDK_VALUE]
  ])('allows in %s: %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([])
  })

  it('names only files and folders that exist in its messages', async () => {
    const { existsSync } = await import('node:fs')
    const messages = [
      ...(await layeringErrors('src/pipeline.ts', SDK_VALUE)),
      ...(await layeringErrors('src/pipeline.ts', ACTIONS))
    ]
    const named = messages.flatMap(m => m.match(/src\/[\w./-]*\w/g) ?? [])
    expect(named.length).toBeGreaterThan(4)
    expect(named.filter(p => !existsSync(p))).toEqual([])
  })
})
