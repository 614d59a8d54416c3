// Fuzzing the config loader with fast-check (seeded and bounded, a few seconds in CI): arbitrary text and
// bytes, YAML-ish token soup, random documents built from the schema's own keys, mutations of valid
// configs, and valid configs that must round-trip into the model with their facts intact.
import fc from 'fast-check'
import { dump } from 'js-yaml'
import { loadConfigBytes, loadConfigText, type LoadResult } from '../../src/config/load.js'
import { preflightSchema } from '../../src/config/schema.js'
import {
  INTERMEDIATE_ONLY_KINDS,
  RESOURCE_KINDS,
  type Endpoint,
  type PreflightConfig
} from '../../src/model.js'
import { refusalDefects } from './invariants.js'

const FILE = 'preflight.yaml'
const SEED = 8_08_2024
let runs = 0

/** Whatever the input: no throw, and either a config or a proper refusal (positions in the file, clean messages). */
function loadsSafely(content: string | Uint8Array): LoadResult {
  runs++
  let result: LoadResult
  try {
    result = typeof content === 'string' ? loadConfigText(content, FILE) : loadConfigBytes(content, FILE)
  } catch (err) {
    throw new Error(`the loader threw: ${err instanceof Error ? err.stack : String(err)}`)
  }
  if (!result.ok) {
    const defects = refusalDefects(result, content, { file: FILE })
    if (defects.length > 0) throw new Error(defects.join('\n'))
  }
  return result
}

// includeErrorInReport: Jest does not print an error's cause, where fast-check puts what went wrong.
const settings = (numRuns: number) => ({
  seed: SEED,
  numRuns,
  endOnFailure: true,
  includeErrorInReport: true
})

// ---- building blocks ----

/** Every property name the schema knows, at any depth: the vocabulary of plausible documents. */
function schemaKeys(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach(n => schemaKeys(n, into))
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>
    if (o.properties && typeof o.properties === 'object') Object.keys(o.properties).forEach(k => into.add(k))
    Object.values(o).forEach(v => schemaKeys(v, into))
  }
  return into
}
const KEYS = [...schemaKeys(preflightSchema)]

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1']
const PREFIXES = ['i-', 'eni-', 'igw-', 'vgw-', 'tgw-', 'tgw-attach-', 'vpce-', 'vpce-svc-', 'pcx-']
const KIND_OF_PREFIX: Record<string, string> = {
  'i-': 'instance',
  'eni-': 'network-interface',
  'igw-': 'internet-gateway',
  'vgw-': 'vpn-gateway',
  'tgw-': 'transit-gateway',
  'tgw-attach-': 'transit-gateway-attachment',
  'vpce-': 'vpc-endpoint',
  'vpce-svc-': 'vpc-endpoint-service',
  'pcx-': 'vpc-peering-connection'
}

const hex = (length: number) =>
  fc
    .array(fc.constantFrom(...'0123456789abcdef'), { minLength: length, maxLength: length })
    .map(a => a.join(''))
const resourceId = fc
  .tuple(fc.constantFrom(...PREFIXES), fc.oneof(hex(8), hex(17)))
  .map(([prefix, digits]) => prefix + digits)
const accountId = fc
  .array(fc.constantFrom(...'0123456789'), { minLength: 12, maxLength: 12 })
  .map(a => a.join(''))

/** Tag keys and values, including names JavaScript objects treat specially and text YAML must quote. */
const TRICKY = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'Name',
  'aws:cloudformation:stack-name'
]
const tagText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }),
  fc.constantFrom(
    ...TRICKY,
    'ключ',
    '🙂',
    'has space',
    'a: b',
    '#x',
    '- y',
    'null',
    'true',
    '1.5',
    '~',
    '*a',
    '&b'
  )
)

/** YAML syntax, schema words and values, for token soup. */
const TOKENS = [
  ':',
  ': ',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '!!str ',
  '!!js/function ',
  '!x ',
  '"',
  "'",
  '#',
  '---\n',
  '...\n',
  '? ',
  '|\n',
  '>\n',
  '%YAML 1.2\n',
  '<<: ',
  '\\',
  '\0',
  '\ufeff',
  '\u2028',
  '~',
  'null',
  'true',
  '1',
  '5432',
  '-1',
  '1e400',
  '.nan',
  '0x10',
  'us-east-1',
  'tcp',
  'allow',
  'deny',
  'i-0123456789abcdef0',
  'app',
  ...KEYS,
  ...KEYS.map(k => `${k}: `),
  ...KEYS.map(k => `\n  ${k}: `)
]
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map(t => t.join(''))

/** Plausible values: right and wrong types for the schema's fields. */
const scalar = fc.oneof(
  fc.constantFrom(
    'us-east-1',
    'app',
    'tcp',
    'udp',
    'allow',
    'deny',
    '8000-8100',
    'i-0123456789abcdef0',
    '10.0.0.1'
  ),
  fc.constantFrom('', 'toString', '__proto__', 'x'.repeat(300), '\u001b[2J'),
  resourceId,
  fc.integer({ min: -70000, max: 70000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 })
)
const { tree } = fc.letrec<{ tree: unknown }>(tie => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), tie('tree')), {
        maxLength: 6
      })
      .map(entries => {
        // defineProperty: a key "__proto__" must be an own key of the document, as YAML would make it.
        const o: Record<string, unknown> = {}
        for (const [k, v] of entries)
          Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
        return o
      })
  )
}))
const schemaShapedDocument = fc.record(
  {
    version: fc.oneof(fc.constant(1), tree),
    defaults: fc.oneof(fc.constant({ region: 'us-east-1' }), tree),
    accounts: fc.oneof(fc.constant({ app: { regions: ['us-east-1'] } }), tree),
    assertions: fc.oneof(fc.array(tree, { maxLength: 4 }), tree)
  },
  { requiredKeys: [] }
)

interface YamlStyle {
  flowLevel: number
  indent: number
  quotingType: "'" | '"'
  forceQuotes: boolean
  lineEnding: '\n' | '\r\n'
  bom: boolean
}
const yamlStyle: fc.Arbitrary<YamlStyle> = fc.record({
  flowLevel: fc.integer({ min: -1, max: 4 }),
  indent: fc.integer({ min: 1, max: 4 }),
  quotingType: fc.constantFrom("'" as const, '"' as const),
  forceQuotes: fc.boolean(),
  lineEnding: fc.constantFrom('\n' as const, '\r\n' as const),
  bom: fc.boolean()
})
function toYaml(doc: unknown, style: YamlStyle): string {
  const text = dump(doc, {
    flowLevel: style.flowLevel,
    indent: style.indent,
    quotingType: style.quotingType,
    forceQuotes: style.forceQuotes,
    lineWidth: -1,
    noRefs: true
  } as Parameters<typeof dump>[1])
  return (style.bom ? '\ufeff' : '') + text.replace(/\n/g, style.lineEnding)
}

// ---- valid configs ----

interface ValidCase {
  doc: Record<string, unknown>
  /** The facts the model must keep. */
  region: string
  accountNames: string[]
}

const accountName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,11}$/)
const assertionId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,24}$/)

const validConfig: fc.Arbitrary<ValidCase> = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    names: fc.uniqueArray(accountName, { minLength: 1, maxLength: 3 }),
    ids: fc.uniqueArray(assertionId, { minLength: 1, maxLength: 5 }),
    seed: fc.integer()
  })
  .chain(({ region, names, ids }) => {
    const accountArb = fc.record(
      {
        extraRegions: fc.subarray(REGIONS.filter(r => r !== region)),
        identity: fc.oneof(
          fc.record({ role: accountId, assume: fc.constantFrom('auto', 'chain', 'web-identity', undefined) }),
          fc.record({ id: accountId }),
          fc.constant({})
        ),
        externalId: fc.option(fc.stringMatching(/^[A-Za-z0-9-]{2,20}$/), { nil: undefined })
      },
      { requiredKeys: ['extraRegions', 'identity'] }
    )
    const endpointArb = (
      role: 'source' | 'destination' | 'via' | 'avoid',
      ownerIds: Record<string, string | undefined>
    ) =>
      fc
        .record({
          account: fc.constantFrom(...names),
          how: fc.constantFrom(
            ...(role === 'destination' ? ['id', 'tags', 'arn', 'ip'] : ['id', 'tags', 'arn'])
          ),
          id: resourceId,
          tags: fc.dictionary(tagText, tagText, { minKeys: 1, maxKeys: 3 }),
          // Intermediate-only kinds (NAT gateways) are valid only in via/avoid.
          kind: fc.option(
            fc.constantFrom(
              ...RESOURCE_KINDS.filter(
                k => !(role === 'source' || role === 'destination') || !INTERMEDIATE_ONLY_KINDS.has(k)
              )
            ),
            { nil: undefined }
          ),
          ip: fc.ipV4(),
          explicitRegion: fc.boolean()
        })
        .map(e => {
          const out: Record<string, unknown> = {}
          if (e.how === 'ip') return { ip: e.ip }
          out.account = e.account
          if (e.explicitRegion) out.region = region
          if (e.how === 'id') out.selector = { resource_id: e.id }
          else if (e.how === 'tags') out.selector = e.kind ? { tags: e.tags, kind: e.kind } : { tags: e.tags }
          else {
            const prefix = PREFIXES.filter(p => e.id.startsWith(p)).sort((a, b) => b.length - a.length)[0]
            const owner = ownerIds[e.account] ?? '123456789012'
            out.selector = { arn: `arn:aws:ec2:${region}:${owner}:${KIND_OF_PREFIX[prefix]}/${e.id}` }
          }
          return out
        })
    return fc.array(accountArb, { minLength: names.length, maxLength: names.length }).chain(accounts => {
      const rawAccounts: Record<string, unknown> = {}
      const ownerIds: Record<string, string | undefined> = {}
      names.forEach((name, i) => {
        const a = accounts[i]
        const entry: Record<string, unknown> = { regions: [region, ...a.extraRegions] }
        if ('role' in a.identity) {
          entry.role_arn = `arn:aws:iam::${a.identity.role}:role/NetworkPreflight`
          if (a.identity.assume) entry.assume = a.identity.assume
          if (a.externalId && a.identity.assume !== 'web-identity') entry.external_id = a.externalId
          ownerIds[name] = a.identity.role
        } else if ('id' in a.identity) {
          entry.account_id = a.identity.id
          ownerIds[name] = a.identity.id
        }
        Object.defineProperty(rawAccounts, name, {
          value: entry,
          enumerable: true,
          writable: true,
          configurable: true
        })
      })
      const assertionArb = (id: string) =>
        fc
          .record(
            {
              type: fc.constantFrom('allow', 'deny'),
              protocol: fc.constantFrom('tcp', 'udp'),
              port: fc.oneof(
                fc.constant(undefined),
                fc.integer({ min: 1, max: 65535 }),
                fc
                  .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 }))
                  .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`)
              ),
              source: endpointArb('source', ownerIds),
              destination: endpointArb('destination', ownerIds),
              via: fc.array(endpointArb('via', ownerIds), { maxLength: 2 }),
              avoid: fc.array(endpointArb('avoid', ownerIds), { maxLength: 2 }),
              labels: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,10}$/), {
                maxLength: 3
              }),
              description: fc.option(fc.string({ maxLength: 40 }), { nil: undefined })
            },
            { requiredKeys: ['type', 'protocol', 'source', 'destination', 'via', 'avoid', 'labels'] }
          )
          .map(a => {
            const out: Record<string, unknown> = {
              id,
              type: a.type,
              source: a.source,
              destination: a.destination,
              protocol: a.protocol
            }
            if (a.port !== undefined) out.port = a.port
            if (a.via.length > 0) out.via = a.via
            if (a.avoid.length > 0) out.avoid = a.avoid
            if (a.labels.length > 0) out.labels = a.labels
            if (a.description !== undefined) out.description = a.description
            return out
          })
      return fc.tuple(...ids.map(assertionArb)).map(assertions => ({
        doc: { version: 1, defaults: { region }, accounts: rawAccounts, assertions },
        region,
        accountNames: names
      }))
    })
  })

/** The facts of one endpoint as the config wrote them, and as the model must hold them. */
function writtenEndpoint(raw: Record<string, unknown>): unknown {
  if ('ip' in raw) return { by: 'ip', ip: raw.ip }
  const selector = raw.selector as Record<string, unknown>
  if ('resource_id' in selector) return { account: raw.account, by: 'resource_id', id: selector.resource_id }
  if ('arn' in selector) return { account: raw.account, by: 'arn', arn: selector.arn }
  return { account: raw.account, by: 'tags', tags: { ...(selector.tags as object) }, kind: selector.kind }
}
function modelEndpoint(e: Endpoint): unknown {
  const s = e.selector
  if (s.by === 'ip') return { by: 'ip', ip: s.ip }
  if (s.by === 'resource_id') return { account: e.account, by: 'resource_id', id: s.resourceId }
  if (s.by === 'arn') return { account: e.account, by: 'arn', arn: s.arn }
  if (s.by === 'managed') return { account: e.account, by: 'managed', service: s.service, name: s.name }
  return {
    account: e.account,
    by: 'tags',
    tags: { ...s.tags },
    kind: s.kinds.length === 1 ? s.kinds[0] : undefined
  }
}

/** Own keys and values, prototype-proof (`{...o}` and toEqual would skip a "__proto__" key). */
const entriesOf = (o: object) => Object.keys(o).map(k => [k, (o as Record<string, unknown>)[k]])

function roundTripDefects(c: ValidCase, config: PreflightConfig): string[] {
  const defects: string[] = []
  const assertions = c.doc.assertions as Array<Record<string, unknown>>
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      defects.push(`${what}: wrote ${JSON.stringify(a)}, model has ${JSON.stringify(b)}`)
  }
  same(
    'assertion ids',
    assertions.map(a => a.id),
    config.assertions.map(a => a.id)
  )
  same('account names', [...c.accountNames].sort(), Object.keys(config.accounts).sort())
  same('defaults.region', c.region, config.defaults.region)
  assertions.forEach((raw, i) => {
    const a = config.assertions[i]
    if (!a) return
    const where = `assertion ${JSON.stringify(raw.id)}`
    same(`${where} type`, raw.type, a.type)
    same(`${where} protocol`, raw.protocol, a.protocol)
    const port =
      raw.port === undefined
        ? undefined
        : typeof raw.port === 'number'
          ? [raw.port, raw.port]
          : String(raw.port).split('-').map(Number)
    same(`${where} port`, port, a.port ? [a.port.from, a.port.to] : undefined)
    same(`${where} region`, c.region, a.region)
    same(`${where} labels`, raw.labels ?? [], a.labels)
    for (const role of ['source', 'destination'] as const) {
      const written = writtenEndpoint(raw[role] as Record<string, unknown>) as Record<string, unknown>
      const held = modelEndpoint(a[role]) as Record<string, unknown>
      same(`${where} ${role}`, written, held)
      if (written.by === 'tags')
        same(`${where} ${role} tag keys`, entriesOf(written.tags as object), entriesOf(held.tags as object))
    }
    for (const role of ['via', 'avoid'] as const) {
      const written = ((raw[role] as Array<Record<string, unknown>>) ?? []).map(writtenEndpoint)
      same(`${where} ${role}`, written, a[role].map(modelEndpoint))
    }
  })
  return defects
}

// ---- mutations of valid text ----

type Edit = {
  at: number
  kind: 'delete' | 'insert' | 'replace' | 'duplicate-line' | 'swap-lines'
  size: number
  token: string
}
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'insert', 'replace', 'duplicate-line', 'swap-lines'),
  size: fc.integer({ min: 1, max: 12 }),
  token: fc.constantFrom(...TOKENS)
})
function applyEdit(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % text.length
  switch (e.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.size)
    case 'insert':
      return text.slice(0, at) + e.token + text.slice(at)
    case 'replace':
      return text.slice(0, at) + e.token + text.slice(at + e.size)
    case 'duplicate-line':
    case 'swap-lines': {
      const lines = text.split('\n')
      const i = e.at % lines.length
      const j = (i + 1) % lines.length
      if (e.kind === 'duplicate-line') lines.splice(i, 0, lines[i])
      else [lines[i], lines[j]] = [lines[j], lines[i]]
      return lines.join('\n')
    }
  }
}

// ---- properties ----

afterAll(() => console.log(`hardening fuzz: ${runs} loader runs (seed ${SEED})`))

describe('fuzzing the config loader', () => {
  it('survives arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), text => {
        loadsSafely(text)
      }),
      settings(300)
    )
  })

  it('survives arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), bytes => {
        loadsSafely(bytes)
      }),
      settings(300)
    )
  })

  it('survives YAML token soup', () => {
    fc.assert(
      fc.property(tokenSoup, text => {
        loadsSafely(text)
      }),
      settings(400)
    )
  })

  it('survives random documents built from the schema keys, in any YAML style', () => {
    fc.assert(
      fc.property(schemaShapedDocument, yamlStyle, (doc, style) => {
        loadsSafely(toYaml(doc, style))
      }),
      settings(400)
    )
  })

  it('survives random edits of valid configs', () => {
    fc.assert(
      fc.property(
        validConfig,
        yamlStyle,
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        (c, style, edits) => {
          loadsSafely(edits.reduce(applyEdit, toYaml(c.doc, style)))
        }
      ),
      settings(400)
    )
  })

  it('loads valid configs in any YAML style and keeps their facts (ids, counts, selectors, tags, ports)', () => {
    fc.assert(
      fc.property(validConfig, yamlStyle, (c, style) => {
        const result = loadsSafely(toYaml(c.doc, style))
        if (!result.ok)
          throw new Error(
            `a valid config was refused: ${result.problems.map(p => `${p.line}:${p.column} ${p.message}`).join(' | ')}`
          )
        const defects = roundTripDefects(c, result.config)
        if (defects.length > 0) throw new Error(defects.join('\n'))
      }),
      settings(300)
    )
  })

  it('keeps a tag key named like an Object.prototype member', () => {
    const text = `version: 1
defaults: { region: us-east-1 }
accounts: { app: { regions: [us-east-1] } }
assertions:
  - id: a
    type: allow
    source: { account: app, selector: { tags: { __proto__: x, constructor: y, Name: z } } }
    destination: { account: app, selector: { resource_id: i-01234567 } }
    protocol: tcp
`
    const result = loadConfigText(text, FILE)
    expect(result.ok).toBe(true)
    const selector = result.ok ? result.config.assertions[0].source.selector : undefined
    expect(selector?.by).toBe('tags')
    expect(selector && selector.by === 'tags' ? Object.keys(selector.tags).sort() : []).toEqual([
      'Name',
      '__proto__',
      'constructor'
    ])
  })
})
