// One schema URL everywhere, served per release from the tagged repository: what `init` writes, what the
// README shows, the schema's own $id and the SchemaStore entry prepared in docs/ are the same, and the path
// after the tag is a file of this repository.
import { existsSync, readFileSync } from 'node:fs'
import { SCHEMA_URL, STARTER_CONFIG } from '../../src/config/starter.js'

const RAW =
  /^https:\/\/raw\.githubusercontent\.com\/network-preflight\/network-preflight\/v1\/(schema\/[\w.-]+\.json)$/

describe('the schema URL', () => {
  it('is the raw file of the v1 tag, a file that exists here', () => {
    const m = RAW.exec(SCHEMA_URL)
    expect(m).not.toBeNull()
    expect(existsSync(m![1])).toBe(true)
  })

  it('is what init writes, the README shows, the schema calls itself and the SchemaStore entry serves', () => {
    expect(STARTER_CONFIG.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`)
    const readme = readFileSync('README.md', 'utf8')
    const shown = [...readme.matchAll(/\$schema=(https:\S+)/g)].map(m => m[1])
    expect(shown.length).toBeGreaterThan(0)
    expect(new Set(shown)).toEqual(new Set([SCHEMA_URL]))
    const schema = JSON.parse(readFileSync('schema/preflight.schema.json', 'utf8')) as { $id: string }
    expect(schema.$id).toBe(SCHEMA_URL)
    const doc = readFileSync('docs/schemastore.md', 'utf8')
    const entry = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(doc)![1]) as {
      url: string
      versions: Record<string, string>
    }
    expect(entry.url).toBe(SCHEMA_URL)
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(entry.versions[version]).toBe(SCHEMA_URL.replace('/v1/', `/v${version}/`))
  })
})
