import { describe, expect, it } from '@jest/globals'
import { InputError, globProblem, parseInputs, selectAssertions } from '../../src/inputs.js'

const ids = (...names: string[]) => names.map(id => ({ id }))

describe('selectAssertions (picomatch)', () => {
  it('matches ids and globs as before: * and ? over the whole id, slashes included', () => {
    const all = ids('app-to-db', 'app-to-cache', 'team/app-x', 'web.1', 'a:b')
    expect(selectAssertions(all, ['app-*']).selected.map(a => a.id)).toEqual(['app-to-db', 'app-to-cache'])
    expect(selectAssertions(all, ['*app-x']).selected.map(a => a.id)).toEqual(['team/app-x'])
    expect(selectAssertions(all, ['team/*']).selected.map(a => a.id)).toEqual(['team/app-x'])
    expect(selectAssertions(all, ['web?1', 'a:b']).selected.map(a => a.id)).toEqual(['web.1', 'a:b'])
    // `.` is literal, not "any character".
    expect(selectAssertions(all, ['web.?']).selected.map(a => a.id)).toEqual(['web.1'])
    expect(selectAssertions(all, ['webx1', 'nope-*']).unmatched).toEqual(['webx1', 'nope-*'])
    expect(selectAssertions(all, []).selected).toHaveLength(5)
  })

  it('a pathological glob is answered, not backtracked: *****b against 128-character ids', () => {
    const long = ids('a'.repeat(128), `${'a'.repeat(127)}b`, `x/${'a'.repeat(125)}b`)
    const { selected, unmatched } = selectAssertions(long, ['*****b', '*a*c'])
    expect(selected.map(a => a.id)).toEqual([long[1].id, long[2].id])
    expect(unmatched).toEqual(['*a*c'])
  })

  it('refuses globs with more than two separate * runs (they backtrack polynomially), naming the input', () => {
    expect(globProblem('app-*-db-*')).toBeUndefined()
    expect(globProblem('*****b')).toBeUndefined()
    expect(globProblem('*a*a*b')).toMatch(/3 separate \* wildcards; at most 2/)
    const read = (values: Record<string, string>) => (name: string) => values[name] ?? ''
    expect(() => parseInputs(read({ assertions: 'ok-*, *a*a*a*b' }), '/ws')).toThrow(InputError)
    expect(() => parseInputs(read({ assertions: 'ok-*, *a*a*a*b' }), '/ws')).toThrow(
      /Input "assertions": "\*a\*a\*a\*b" has 4 separate/
    )
  })
})
