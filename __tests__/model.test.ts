import { KIND_ID_PREFIXES, RESOURCE_KINDS } from '../src/model.js'

describe('model', () => {
  it('maps every resource kind to an id prefix', () => {
    const mapped = new Set(KIND_ID_PREFIXES.map(([, kind]) => kind))
    expect([...mapped].sort()).toEqual([...RESOURCE_KINDS].sort())
  })
})
