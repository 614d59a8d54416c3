import { loadConfigFile } from '../../src/config/load.js'
import { yamlDiagnostics, type Diagnostic } from './lsp-client.js'

const SCHEMA = 'schema/preflight.schema.json'
const BROKEN = '__tests__/fixtures/editor/broken.yaml'

// What JSON Schema cannot say: it cannot compare one value with another (an account name with the names
// declared, two ids, the ends of a range, a Region with an account's list). Only the loader finds these.
const NOT_STRUCTURAL = [/unknown account/, /duplicate id/, /is reversed/, /is not among the regions/]

async function cliProblems(path: string) {
  const result = await loadConfigFile(path)
  if (result.ok) throw new Error(`${path} unexpectedly valid`)
  return result.problems
}

const line = (d: Diagnostic): number => d.range.start.line + 1

describe('yaml-language-server with the schema (LSP over stdio, as an editor runs it)', () => {
  let diagnostics: Diagnostic[]
  beforeAll(async () => {
    diagnostics = await yamlDiagnostics(SCHEMA, BROKEN)
  }, 60_000)

  it('reports every structural problem the CLI reports in the broken fixture, on the same line', async () => {
    const problems = await cliProblems(BROKEN)
    const structural = problems.filter(p => !NOT_STRUCTURAL.some(r => r.test(p.message)))
    // The fixture holds both kinds; if it stopped doing so the comparison would prove little.
    expect(problems.length - structural.length).toBe(2)
    expect(structural.length).toBeGreaterThanOrEqual(20)
    const editorLines = new Set(diagnostics.map(line))
    const missed = structural.filter(p => !editorLines.has(p.line)).map(p => `${p.line}: ${p.message}`)
    expect(missed).toEqual([])
    // And nothing the CLI would let through.
    const cliLines = new Set(problems.map(p => p.line))
    expect(diagnostics.filter(d => !cliLines.has(line(d))).map(d => `${line(d)}: ${d.message}`)).toEqual([])
  })

  it('words the rules for people: no raw regular expression, the selector and endpoint rules said plainly', () => {
    for (const d of diagnostics) expect(d.message).not.toMatch(/pattern of|\^|\\d|\$"/)
    const said = diagnostics.map(d => `${line(d)}: ${d.message}`)
    expect(said).toEqual(
      expect.arrayContaining([
        '22: gives both resource_id and tags; keep exactly one',
        '23: needs account and selector (or account and internet: true as a source, or ip as a destination)',
        '26: Not a port: use a number from 1 to 65535 or a range like "8000-8100".',
        '54: needs exactly one of resource_id, arn or tags, or a managed service (lambda, rds, load_balancer, network_firewall, ecs_service)',
        '68: only a source can be the internet (traffic from the internet enters through an internet gateway), not the destination'
      ])
    )
  })

  it.each([
    'examples/preflight.yaml',
    '__tests__/fixtures/config/anp-minimal-same-account.yaml',
    '__tests__/fixtures/config/anp-cross-account.yaml',
    '__tests__/fixtures/config/every-extension.yaml'
  ])('finds nothing wrong in %s, which the CLI accepts', async path => {
    expect((await loadConfigFile(path)).ok).toBe(true)
    expect(await yamlDiagnostics(SCHEMA, path)).toEqual([])
  })
})
