import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'
import { parseInputs } from '../../src/inputs.js'

const actionYml = load(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
  runs: Record<string, string>
}

describe('action.yml', () => {
  it('runs the bundle on node24 for the main and the post step', () => {
    expect(actionYml.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      'post-if': 'always()'
    })
  })

  it('declares every input the action reads, and reads no undeclared one', () => {
    const read = new Set<string>()
    parseInputs(name => {
      read.add(name)
      return actionYml.inputs[name]?.default?.replace('${{ github.token }}', 'tok') ?? ''
    }, '/workspace')
    expect([...read].sort()).toEqual(Object.keys(actionYml.inputs).sort())
  })

  it('declares the documented outputs', () => {
    expect(Object.keys(actionYml.outputs).sort()).toEqual([
      'drift-issue',
      'errors',
      'failed',
      'passed',
      'predicted-breaks',
      'predicted-opens',
      'report',
      'result',
      'total'
    ])
  })
})
