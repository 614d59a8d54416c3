// A generated corpus of broken and hostile configs: mutations of the valid fixtures plus hand-picked
// attacks, built deterministically from a seed (the same cases on every run). Each case may say where
// the loader must point (a line) and what it must say (a message pattern); every case must be refused.
import { dump, load } from 'js-yaml'
import { baseConfigs, scalarLines, type BaseConfig, type ScalarLine } from './bases.js'
import { seeded, type Random } from './random.js'

export type Family =
  'bad-value' | 'empty-value' | 'bad-key' | 'structure' | 'semantic' | 'yaml' | 'encoding' | 'size'

export interface HostileCase {
  family: Family
  name: string
  /** A string is what an editor saved as UTF-8; bytes are fed to the loader as they are. */
  content: string | Uint8Array
  /** Some problem must be on this 1-based line. */
  expectLine?: number
  /** Some problem's message must match. */
  expectMessage?: RegExp
  /** No problem's message may match (a misleading hint). */
  forbidMessage?: RegExp
  /** About memory: run in a child process with a capped heap, so a blow-up cannot take the test run down. */
  isolate?: boolean
}

export const CORPUS_SEED = 20240807

/** Invalid replacements for the value of each key, as YAML source. Each is invalid for that key. */
const BAD_VALUES: Record<string, string[]> = {
  version: ['2', '"2"', 'one', '[1]', '{v: 1}', '1.5', '-1', '~', 'true', '0'],
  region: ['US-EAST-1', 'us-east', '42', '[us-east-1]', '"us-east-1 "', 'mars-1', '""', '~', '{a: 1}'],
  mode: ['sso', 'Default', '1', '[default]', 'true'],
  profile: ['""', '[default]', '5', '{a: b}', 'true'],
  role_arn: [
    '"arn:aws:iam::12345:role/x"',
    'not-an-arn',
    '123',
    '"arn:aws:iam::111111111111:user/bob"',
    '"arn:aws:iam::111111111111:role/"',
    '[arn]'
  ],
  account_id: ['222222222222', '"12345"', '"2222222222222"', '"22222222222a"', '[1]'],
  external_id: ['"x"', `"${'e'.repeat(1300)}"`, '5', '[a]', '{}'],
  assume: ['always', 'true', 'Auto', '[auto]', '3'],
  regions: [
    '[]',
    'us-east-1',
    '[us-east-1, us-east-1]',
    '[Us-East-1]',
    '[1]',
    '{us-east-1: 1}',
    '[[us-east-1]]',
    '[""]'
  ],
  id: [
    '"-dash-first"',
    '"has space"',
    '""',
    '123',
    '[a]',
    'a'.repeat(129),
    '"ünïcode"',
    '"tab\\there"',
    '~',
    '{x: y}'
  ],
  type: ['permit', 'Allow', 'true', '1', '~', '[allow]', '"allow "', 'reject'],
  description: ['[a]', '{a: 1}', '5', `"${'d'.repeat(1001)}"`, 'true'],
  labels: ['[pci, pci]', '["has space"]', 'pci', '[[a]]', '[""]', '{a: 1}'],
  account: [
    'nosuch',
    'App',
    '42',
    '""',
    '~',
    '[app]',
    'toString',
    'constructor',
    '__proto__',
    'hasOwnProperty'
  ],
  resource_id: [
    '"i-123"',
    'sg-0123456789abcdef0',
    'I-0123456789ABCDEF0',
    '42',
    '"i-0123456789abcdefg"',
    '"eni-0123456789abcdef0 "',
    'subnet-01234567',
    '[i-01234567]'
  ],
  protocol: ['icmp', 'TCP', '6', '"-1"', 'all', '~', '[tcp]', 'sctp'],
  port: [
    '0',
    '-1',
    '65536',
    '70000',
    'abc',
    '"8100-8000"',
    '"80-"',
    '1.5',
    'true',
    '[80]',
    '{from: 1}',
    '"99999"',
    '.nan',
    '.inf',
    '-.inf',
    '1e400',
    '123456789012345678901234567890',
    '"0-80"',
    '"1-70000"',
    '""',
    '-65535'
  ]
}

/** Tag values (under `tags:`): strings of 1-256 characters only. */
// "" is not here: AWS allows an empty tag value, and so does the config (issue 15).
const BAD_TAG_VALUES = ['42', '[a]', '{a: b}', `"${'t'.repeat(257)}"`, '~', 'true']

/** Latin letters and the Cyrillic/Greek letters that look the same. */
const CONFUSABLES: Record<string, string> = {
  a: '\u0430',
  e: '\u0435',
  o: '\u043e',
  p: '\u0440',
  c: '\u0441',
  i: '\u0456',
  x: '\u0445',
  y: '\u0443',
  s: '\u0455',
  n: '\u03b7'
}

function lineWith(text: string, index: number, replacement: string | string[]): string {
  const lines = text.split('\n')
  lines.splice(index, 1, ...(Array.isArray(replacement) ? replacement : [replacement]))
  return lines.join('\n')
}

const isTagLine = (line: ScalarLine): boolean => line.parents[line.parents.length - 1] === 'tags'

function badValuesFor(line: ScalarLine): string[] {
  if (isTagLine(line)) return BAD_TAG_VALUES
  return BAD_VALUES[line.key] ?? []
}

function badValueCases(base: BaseConfig, random: Random): HostileCase[] {
  const cases: HostileCase[] = []
  for (const line of scalarLines(base.text)) {
    for (const value of random.sample(badValuesFor(line), 3)) {
      cases.push({
        family: 'bad-value',
        name: `${base.name}:${line.index + 1} ${line.key}: ${value.slice(0, 40)}`,
        content: lineWith(base.text, line.index, `${line.indent}${line.dash}${line.key}: ${value}`),
        expectLine: line.index + 1
      })
    }
  }
  return cases
}

/** Keys the schema lets be empty (null), or whose emptiness is reported at another key (profile: at mode). */
const NULLABLE_KEYS = ['role_arn', 'resource_id', 'description', 'labels', 'profile']

/** `key:` with nothing after it: the most common slip of all. One per distinct key of each base. */
function emptyValueCases(base: BaseConfig): HostileCase[] {
  const seen = new Set<string>()
  const cases: HostileCase[] = []
  for (const line of scalarLines(base.text)) {
    if (seen.has(line.key) || NULLABLE_KEYS.includes(line.key)) continue
    seen.add(line.key)
    cases.push({
      family: 'empty-value',
      name: `${base.name}:${line.index + 1} ${line.key}: (nothing)`,
      content: lineWith(base.text, line.index, `${line.indent}${line.dash}${line.key}:`),
      expectLine: line.index + 1
    })
  }
  return cases
}

type KeyMutation = (line: ScalarLine, random: Random) => { key?: string; lines?: string[]; at?: number }

const KEY_MUTATIONS: Record<string, KeyMutation> = {
  typo: line => {
    const k = line.key
    return { key: k.length > 2 ? k.slice(0, 1) + k.slice(2) : `${k}${k}` }
  },
  swapped: line => {
    // Swap the first two neighbours that differ ("account" → "accuont"), so the key really changes.
    const k = line.key
    const i = [...k].findIndex((ch, j) => j > 0 && j + 1 < k.length && ch !== k[j + 1])
    return { key: i < 0 ? `${k}_` : k.slice(0, i) + k[i + 1] + k[i] + k.slice(i + 2) }
  },
  capitalized: line => ({ key: line.key[0].toUpperCase() + line.key.slice(1) }),
  confusable: line => {
    const i = [...line.key].findIndex(ch => CONFUSABLES[ch])
    if (i < 0) return { key: `${line.key}\u200b` }
    return { key: line.key.slice(0, i) + CONFUSABLES[line.key[i]] + line.key.slice(i + 1) }
  },
  'zero-width': line => ({ key: line.key.slice(0, 1) + '\u200b' + line.key.slice(1) }),
  'trailing-space': line => ({ key: `"${line.key} "` }),
  duplicated: line => ({
    lines: [
      `${line.indent}${line.dash}${line.key}: ${line.value}`,
      `${line.indent}${line.dash ? '  ' : ''}${line.key}: ${line.value}`
    ],
    at: 1
  }),
  'unknown-sibling': line => ({
    lines: [
      `${line.indent}${line.dash}${line.key}: ${line.value}`,
      `${line.indent}${line.dash ? '  ' : ''}colour: red`
    ],
    at: 1
  })
}

function badKeyCases(base: BaseConfig, random: Random): HostileCase[] {
  const cases: HostileCase[] = []
  for (const line of scalarLines(base.text)) {
    // Tag keys are free-form: only a duplicate is wrong there.
    const names = isTagLine(line) ? ['duplicated'] : random.sample(Object.keys(KEY_MUTATIONS), 2)
    for (const name of names) {
      const m = KEY_MUTATIONS[name](line, random)
      const replacement = m.lines ?? [`${line.indent}${line.dash}${m.key}: ${line.value}`]
      cases.push({
        family: 'bad-key',
        name: `${base.name}:${line.index + 1} ${name} ${line.key}`,
        content: lineWith(base.text, line.index, replacement),
        expectLine: line.index + 1 + (m.at ?? 0),
        expectMessage: name === 'duplicated' ? /duplicate key/ : /unknown key/
      })
    }
  }
  return cases
}

// ---- structure: mutations of the parsed document, written back with js-yaml ----

type Json = Record<string, unknown>
type PathSeg = string | number

// A JSON round trip, not structuredClone: under Jest that returns objects of another realm, which dump refuses.
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

function parent(doc: unknown, path: PathSeg[]): { holder: Json | unknown[]; last: PathSeg } | undefined {
  let node = doc as Json | unknown[]
  for (const seg of path.slice(0, -1)) {
    const next = (node as Record<PathSeg, unknown>)[seg]
    if (typeof next !== 'object' || next === null) return undefined
    node = next as Json | unknown[]
  }
  return { holder: node, last: path[path.length - 1] }
}

function getAt(doc: unknown, path: PathSeg[]): unknown {
  const p = parent(doc, path)
  return p ? (p.holder as Record<PathSeg, unknown>)[p.last] : undefined
}

function setAt(doc: unknown, path: PathSeg[], value: unknown): boolean {
  const p = parent(doc, path)
  if (!p || !(p.last in (p.holder as object))) return false
  ;(p.holder as Record<PathSeg, unknown>)[p.last] = value
  return true
}

function deleteAt(doc: unknown, path: PathSeg[]): boolean {
  const p = parent(doc, path)
  if (!p || !(p.last in (p.holder as object))) return false
  delete (p.holder as Record<PathSeg, unknown>)[p.last]
  return true
}

/** Adds a key as an own property, even "__proto__". */
function addKey(doc: unknown, path: PathSeg[], key: string, value: unknown): boolean {
  const target = path.length === 0 ? doc : getAt(doc, path)
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return false
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  return true
}

const yamlOf = (doc: unknown): string => dump(doc, { lineWidth: -1 })

function structureCases(base: BaseConfig, random: Random): HostileCase[] {
  const doc = load(base.text) as Json
  const firstAccount = Object.keys(doc.accounts as Json)[0]
  const last = (doc.assertions as unknown[]).length - 1
  const cases: HostileCase[] = []
  const add = (name: string, mutate: (d: Json) => boolean, expectMessage?: RegExp) => {
    const d = clone(doc)
    if (!mutate(d)) throw new Error(`structure mutation ${name} does not apply to ${base.name}`)
    cases.push({ family: 'structure', name: `${base.name} ${name}`, content: yamlOf(d), expectMessage })
  }

  const required: Array<[PathSeg[], string]> = [
    [['version'], 'version'],
    [['defaults'], 'defaults'],
    [['accounts'], 'accounts'],
    [['assertions'], 'assertions'],
    [['defaults', 'region'], 'region'],
    [['accounts', firstAccount, 'regions'], 'regions'],
    [['assertions', 0, 'id'], 'id'],
    [['assertions', 0, 'type'], 'type'],
    [['assertions', 0, 'source'], 'source'],
    [['assertions', 0, 'destination'], 'destination'],
    [['assertions', last, 'protocol'], 'protocol'],
    [['assertions', last, 'source', 'account'], 'account'],
    [['assertions', 0, 'source', 'selector'], 'selector']
  ]
  for (const [path, key] of required) {
    // An endpoint without account or selector gets the schema's one wording of the endpoint rule.
    const expected =
      key === 'account' || key === 'selector'
        ? /needs account and selector \(or account and internet: true as a source, or ip as a destination\)/
        : new RegExp(`missing required key "${key}"`)
    add(`without ${path.join('.')}`, d => deleteAt(d, path), expected)
  }

  // Each replacement has a type the schema does not allow at that path.
  const scalarPaths: PathSeg[][] = [
    ['version'],
    ['defaults', 'region'],
    ['assertions', 0, 'id'],
    ['assertions', 0, 'type'],
    ['assertions', last, 'protocol'],
    ['assertions', 0, 'destination', 'account']
  ]
  const containerPaths: PathSeg[][] = [
    ['defaults'],
    ['accounts'],
    ['accounts', firstAccount],
    ['accounts', firstAccount, 'regions'],
    ['assertions'],
    ['assertions', 0],
    ['assertions', 0, 'source'],
    ['assertions', last, 'source', 'selector']
  ]
  const wrongForScalars: unknown[] = [7, true, [], {}, null, [1, 2], { nested: { deeper: [1] } }]
  const wrongForContainers: unknown[] = ['x', 7, true, null, [[]], 'null', -1.5]
  for (const path of scalarPaths) {
    for (const value of random.sample(wrongForScalars, 2)) {
      add(`${path.join('.')} = ${JSON.stringify(value)}`, d => setAt(d, path, clone(value)))
    }
  }
  for (const path of containerPaths) {
    const isList = Array.isArray(getAt(doc, path))
    const pool = [...wrongForContainers, isList ? { a: 1 } : ['a']]
    for (const value of random.sample(pool, 2)) {
      add(`${path.join('.')} = ${JSON.stringify(value)}`, d => setAt(d, path, clone(value)))
    }
  }

  // Wrong nesting: the right keys at the wrong level.
  add(
    'selector flattened into the endpoint',
    d => {
      const source = getAt(d, ['assertions', 0, 'source']) as Json
      const selector = source.selector as Json
      delete source.selector
      Object.assign(source, selector)
      return true
    },
    /unknown key "(resource_id|tags|arn)"/
  )
  add(
    'accounts as a list',
    d => {
      d.accounts = Object.entries(d.accounts as Json).map(([name, a]) => ({ name, ...(a as Json) }))
      return true
    },
    /accounts: must be a mapping, not a list/
  )
  add(
    'assertions as a mapping by id',
    d => {
      d.assertions = Object.fromEntries((d.assertions as Json[]).map(a => [a.id, a]))
      return true
    },
    /assertions: must be a list/
  )
  add('region at the root', d => addKey(d, [], 'region', 'us-east-1'), /unknown key "region"/)
  add(
    'assertions inside defaults',
    d => {
      ;(d.defaults as Json).assertions = d.assertions
      delete d.assertions
      return true
    },
    /unknown key "assertions"/
  )
  add(
    'endpoint nested twice',
    d => setAt(d, ['assertions', 0, 'source'], { source: getAt(d, ['assertions', 0, 'source']) }),
    /unknown key "source"/
  )
  add(
    'selector as a list',
    d =>
      setAt(d, ['assertions', 0, 'source', 'selector'], [getAt(d, ['assertions', 0, 'source', 'selector'])]),
    /must be a mapping, not a list/
  )
  add(
    'regions as one string',
    d => setAt(d, ['accounts', firstAccount, 'regions'], 'us-east-1'),
    /must be a list, not string/
  )
  add(
    'assertion wrapped in a list',
    d => setAt(d, ['assertions', 0], [getAt(d, ['assertions', 0])]),
    /must be a mapping, not a list/
  )

  // Extra keys at every level that has a fixed set of keys.
  const levels: Array<[string, PathSeg[]]> = [
    ['root', []],
    ['defaults', ['defaults']],
    ['account', ['accounts', firstAccount]],
    ['assertion', ['assertions', 0]],
    ['endpoint', ['assertions', 0, 'destination']],
    ['selector', ['assertions', last, 'source', 'selector']]
  ]
  const extraKeys = [
    'extra',
    'Version',
    'assertion',
    'regoin',
    'sorce',
    'selecter',
    '$schema',
    'x-custom',
    'null',
    '42',
    'true',
    '__proto__',
    'constructor',
    '\uff41\uff43\uff43\uff4f\uff55\uff4e\uff54'
  ]
  for (const [level, path] of levels) {
    for (const key of random.sample(extraKeys, 2)) {
      add(`extra key ${JSON.stringify(key)} in ${level}`, d => addKey(d, path, key, 'x'), /unknown key/)
    }
  }

  // Containers that must not be empty.
  const empties: Array<[string, PathSeg[], unknown]> = [
    ['accounts', ['accounts'], {}],
    ['assertions', ['assertions'], []],
    ['regions', ['accounts', firstAccount, 'regions'], []],
    ['selector', ['assertions', 0, 'source', 'selector'], {}],
    ['tags', ['assertions', 0, 'source', 'selector'], { tags: {} }],
    ['via', ['assertions', 0], 'via'],
    ['avoid', ['assertions', last], 'avoid']
  ]
  for (const [name, path, value] of empties) {
    add(
      `empty ${name}`,
      d => (typeof value === 'string' ? addKey(d, path, value, []) : setAt(d, path, value)),
      /must not be empty|needs exactly one/
    )
  }
  return cases
}

// ---- semantic: every cross-field rule the schema cannot express, on a small block-style config ----

const SEMANTIC_BASE = `version: 1
defaults:
  region: us-east-1
accounts:
  app:
    role_arn: arn:aws:iam::222222222222:role/NetworkPreflight
    regions: [us-east-1]
  shared:
    account_id: "111111111111"
    regions: [us-east-1, eu-west-1]
assertions:
  - id: app-to-db
    type: allow
    source:
      account: app
      selector:
        tags:
          Name: app-server
    destination:
      account: shared
      selector:
        resource_id: eni-0abc1234def567890
    protocol: tcp
    port: 5432
`

function semanticCases(): HostileCase[] {
  const cases: HostileCase[] = []
  const add = (name: string, from: string, to: string, expectLine: number, expectMessage: RegExp) => {
    if (!SEMANTIC_BASE.includes(from)) throw new Error(`semantic edit ${name} does not apply`)
    cases.push({
      family: 'semantic',
      name,
      content: SEMANTIC_BASE.replace(from, to),
      expectLine,
      expectMessage
    })
  }
  const second = (id: string) =>
    `\n  - id: ${id}\n    type: deny\n    source: { account: app, selector: { resource_id: i-0123456789abcdef0 } }\n    destination: { account: shared, selector: { resource_id: eni-0abc1234def567890 } }\n    protocol: udp\n`
  cases.push({
    family: 'semantic',
    name: 'duplicate assertion id',
    content: SEMANTIC_BASE + second('app-to-db').slice(1),
    expectLine: 25,
    expectMessage: /duplicate id "app-to-db": already used by the assertion on line 12/
  })
  add(
    'unknown account with a typo',
    '      account: shared',
    '      account: shraed',
    20,
    /unknown account "shraed"; did you mean "shared"\?/
  )
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
    add(
      `undeclared account named ${name}`,
      '      account: shared',
      `      account: ${name}`,
      20,
      /unknown account/
    )
  }
  add(
    'endpoint region not among the account regions',
    '      account: app\n',
    '      account: app\n      region: eu-west-1\n',
    16,
    /region eu-west-1 is not among the regions of account "app"/
  )
  add(
    'destination in another region than the source',
    '      account: shared\n',
    '      account: shared\n      region: eu-west-1\n',
    21,
    /one Region at a time/
  )
  add(
    'ip as the source',
    '      account: app\n      selector:\n        tags:\n          Name: app-server',
    '      ip: 10.0.0.1',
    15,
    /can only be a destination/
  )
  add(
    'ip and selector together',
    '      account: shared\n',
    '      account: shared\n      ip: 10.0.0.1\n',
    21,
    /either ip or selector/
  )
  add(
    'two selectors at once',
    '        resource_id: eni-0abc1234def567890',
    '        resource_id: eni-0abc1234def567890\n        tags: { Name: db }',
    23,
    /gives both resource_id and tags/
  )
  add(
    'kind with a resource_id',
    '        resource_id: eni-0abc1234def567890',
    '        resource_id: eni-0abc1234def567890\n        kind: instance',
    23,
    /kind only applies to tags/
  )
  add(
    'arn type does not match its id',
    '        resource_id: eni-0abc1234def567890',
    '        arn: arn:aws:ec2:us-east-1:111111111111:instance/eni-0abc1234def567890',
    22,
    /names resource type "instance"/
  )
  add(
    'arn in another region',
    '        resource_id: eni-0abc1234def567890',
    '        arn: arn:aws:ec2:eu-west-1:111111111111:network-interface/eni-0abc1234def567890',
    22,
    /is in eu-west-1 but the endpoint is in us-east-1/
  )
  add(
    'arn of another account',
    '        resource_id: eni-0abc1234def567890',
    '        arn: arn:aws:ec2:us-east-1:999999999999:network-interface/eni-0abc1234def567890',
    22,
    /belongs to account 999999999999/
  )
  add(
    'arn with an unknown resource type',
    '        resource_id: eni-0abc1234def567890',
    '        arn: arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0abc1234',
    22,
    /not an id of a kind|not an EC2 resource ARN/
  )
  add(
    'role_arn and account_id disagree',
    '    regions: [us-east-1]\n  shared',
    '    account_id: "333333333333"\n    regions: [us-east-1]\n  shared',
    7,
    /differs from 222222222222/
  )
  add(
    'assume without role_arn',
    '    account_id: "111111111111"\n',
    '    account_id: "111111111111"\n    assume: chain\n',
    10,
    /no effect without role_arn/
  )
  add(
    'web-identity with external_id',
    '    regions: [us-east-1]\n  shared',
    '    assume: web-identity\n    external_id: abc\n    regions: [us-east-1]\n  shared',
    8,
    /only sent with AssumeRole/
  )
  add(
    'profile mode without a profile',
    '  region: us-east-1\n',
    '  region: us-east-1\n  auth: { mode: profile }\n',
    4,
    /needs a profile name/
  )
  add('reversed port range', 'port: 5432', 'port: "8100-8000"', 24, /reversed; write "8000-8100"/)
  add('port range starting at 0', 'port: 5432', 'port: "0-80"', 24, /"0-80" is not a port/)
  add('port range past 65535', 'port: 5432', 'port: "1-70000"', 24, /"1-70000" is not a port/)
  for (const ip of ['::1', '10.0.0.256', '10.0.0.0/24', '10.0.0', '010.0.0.1', '10.0.0.1 ']) {
    add(
      `destination ip ${JSON.stringify(ip)}`,
      '      account: shared\n      selector:\n        resource_id: eni-0abc1234def567890',
      `      ip: "${ip}"`,
      20,
      /not a valid ipv4 address/
    )
  }
  add(
    'eleven via entries',
    '    port: 5432',
    `    port: 5432\n    via: [${Array(11).fill('{ account: app, selector: { resource_id: tgw-01234567 } }').join(', ')}]`,
    25,
    /has more than 10 entries/
  )
  add(
    '51 tags',
    '          Name: app-server',
    Array.from({ length: 51 }, (_, i) => `          t${i}: v`).join('\n'),
    18,
    /has more than 50 entries/
  )
  add('an empty tag key', '          Name: app-server', '          "": app-server', 18, /must not be empty/)
  add(
    'tags of an unknown kind',
    '          Name: app-server',
    '          Name: app-server\n        kind: subnet',
    19,
    /"subnet" is not allowed/
  )
  add(
    'duplicate labels',
    '    type: allow',
    '    type: allow\n    labels: [pci, pci]',
    14,
    /same value twice/
  )
  add(
    'account name starting with a dash',
    '  shared:',
    '  -shared:',
    8,
    /not a valid account name|invalid YAML/
  )
  add('account name of 65 characters', '  shared:', `  ${'s'.repeat(65)}:`, 8, /not a valid account name/)
  add('account name with a space', '  shared:', '  "sha red":', 8, /not a valid account name/)
  return cases
}

// ---- yaml: hostile YAML features ----

const MINIMAL = `version: 1
defaults:
  region: us-east-1
accounts:
  app:
    regions: [us-east-1]
assertions:
  - id: web-to-app
    type: allow
    source:
      account: app
      selector:
        resource_id: i-0123456789abcdef0
    destination:
      account: app
      selector:
        resource_id: eni-0fedcba9876543210
    protocol: tcp
    port: 8080
`
const MINIMAL_PORT_LINE = 19

/** A billion-laughs document: 9 aliases of 9 aliases, `levels` deep. */
export function aliasBomb(levels = 9, indent = ''): string {
  const names = 'abcdefghijklmnopqrstuvwxyz'
  const lines = [
    `${indent}${names[0]}: &${names[0]} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`
  ]
  for (let i = 1; i < levels; i++) {
    const prev = `*${names[i - 1]}`
    lines.push(`${indent}${names[i]}: &${names[i]} [${Array(9).fill(prev).join(', ')}]`)
  }
  return lines.join('\n') + '\n'
}

function yamlCases(): HostileCase[] {
  const cases: HostileCase[] = []
  const add = (name: string, content: string, expectMessage?: RegExp, expectLine?: number, forbid?: RegExp) =>
    cases.push({ family: 'yaml', name, content, expectMessage, expectLine, forbidMessage: forbid })
  const atPort = (value: string) => MINIMAL.replace('port: 8080', `port: ${value}`)

  // Tags: no code, no custom types, nothing but plain data.
  const tags = [
    '!!js/function "function(){ process.exit(1) }"',
    '!!js/regexp /x/',
    '!!js/undefined ""',
    '!!python/object/apply:os.system ["id"]',
    '!!python/name:os.system ""',
    '!ruby/object:Gem::Installer {}',
    '!foo bar',
    '!<tag:evil.example,2000:x> y',
    '!!binary aGVsbG8=',
    '!!set {a, b}',
    '!!omap [a: 1]',
    '!!pairs [a: 1]',
    '!!map [a]',
    '!!seq {a: 1}',
    '!!str {a: 1}'
  ]
  for (const tag of tags)
    add(`tag ${tag.slice(0, 30)} on a value`, atPort(tag), /unsupported YAML tag/, MINIMAL_PORT_LINE)
  for (const tag of ['!!int abc', '!!float x', '!!null x', '!!bool maybe']) {
    add(`tag ${tag} that cannot resolve`, atPort(tag), /tag/, MINIMAL_PORT_LINE)
  }
  add('custom tag on the root', `--- !config\n${MINIMAL}`, /unsupported YAML tag !config/, 1)
  add(
    'custom tag on a mapping',
    MINIMAL.replace('  app:', '  app: !account'),
    /unsupported YAML tag !account/,
    5
  )
  add(
    'custom tag on a key',
    MINIMAL.replace('    protocol: tcp', '    !k protocol: tcp'),
    /unsupported YAML tag !k/,
    18
  )
  add(
    '%TAG directive with a custom tag',
    `%TAG !e! tag:evil.example,2000:\n---\n${atPort('!e!x 1')}`,
    /unsupported YAML tag tag:evil\.example/
  )
  add('%YAML 2.0 directive', `%YAML 2.0\n---\n${MINIMAL}`, /YAML version/, undefined, /tabs/)

  // Anchors and aliases.
  add('alias bomb at the root', aliasBomb() + MINIMAL, /alias/)
  add(
    'alias bomb under defaults',
    MINIMAL.replace('  region: us-east-1', `  region: us-east-1\n${aliasBomb(9, '  ')}`),
    /alias/
  )
  add(
    'alias bomb as a tag value',
    MINIMAL.replace(
      '        resource_id: i-0123456789abcdef0',
      `        tags:\n${aliasBomb(9, '          ')}`
    ),
    /alias/
  )
  add(
    'alias bomb in flow style',
    `x: [${aliasBomb(9)
      .split('\n')
      .filter(Boolean)
      .map(l => `{${l}}`)
      .join(', ')}]\n`,
    /alias/
  )
  add('alias bomb of 12 levels', aliasBomb(12) + MINIMAL, /alias/)
  add(
    'alias bomb of mappings',
    `a: &a {x: 1, y: 1, z: 1, w: 1, v: 1, u: 1, t: 1, s: 1, r: 1}\n${Array.from({ length: 8 }, (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} {${Array.from({ length: 9 }, (_, j) => `k${j}: *${'abcdefghij'[i]}`).join(', ')}}`).join('\n')}\n${MINIMAL}`,
    /alias/
  )
  add('unknown alias', atPort('*nowhere'), /alias "nowhere"/, MINIMAL_PORT_LINE)
  add(
    'alias used as a key',
    `x: &k port\n${MINIMAL.replace('    port: 8080', '    *k : 8080')}`,
    /alias cannot be used as a key/
  )
  add(
    'mapping used as a key',
    MINIMAL.replace('    port: 8080', '    ? {a: 1}\n    : 8080'),
    /cannot be used as a key/,
    MINIMAL_PORT_LINE
  )
  add(
    'list used as a key',
    MINIMAL.replace('    port: 8080', '    [a, b]: 8080'),
    /cannot be used as a key/,
    MINIMAL_PORT_LINE
  )
  add('more than 10,000 aliases', `x: &x 1\ny: [${Array(10_001).fill('*x').join(', ')}]\n${MINIMAL}`, /alias/)
  add(
    'merge key',
    MINIMAL.replace('    port: 8080', '    <<: {port: 8080}'),
    /unknown key "<<"/,
    MINIMAL_PORT_LINE
  )
  for (const [where, from, to] of [
    ['version', 'version: 1', 'version: &c [*c]'],
    ['port', 'port: 8080', 'port: &c [*c]'],
    ['port (mapping)', 'port: 8080', 'port: &c {x: *c}'],
    ['protocol', 'protocol: tcp', 'protocol: &c [*c]'],
    ['type', 'type: allow', 'type: &c {a: [*c]}'],
    ['regions', 'regions: [us-east-1]', 'regions: &c [*c]'],
    ['selector', '        resource_id: eni-0fedcba9876543210', '        tags: &c {Name: *c}'],
    ['root', 'version: 1', '_: &c [*c]\nversion: 1']
  ] as const) {
    add(`alias inside its own anchor at ${where}`, MINIMAL.replace(from, to))
  }

  // Depth.
  add(
    '65 nested flow lists',
    `x: ${'['.repeat(65)}${']'.repeat(65)}\n${MINIMAL}`,
    /nesting deeper than 64/,
    1
  )
  add(
    '100,000 nested flow lists',
    `x: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    /nesting deeper than 64/,
    1
  )
  add(
    '1,000 nested flow mappings',
    `x: ${'{a: '.repeat(1000)}1${'}'.repeat(1000)}\n`,
    /nesting deeper than 64/,
    1
  )
  add(
    '100 nested block lists',
    `x:\n${Array.from({ length: 100 }, (_, i) => `${' '.repeat(2 * (i + 1))}-`).join('\n')} z\n`,
    /nesting deeper than 64/
  )
  add(
    '100 nested block mappings',
    `${Array.from({ length: 100 }, (_, i) => `${' '.repeat(2 * i)}k:`).join('\n')} z\n`,
    /nesting deeper than 64/
  )
  add(
    'deep nesting inside an assertion',
    atPort(`${'['.repeat(80)}${']'.repeat(80)}`),
    /nesting deeper than 64/,
    MINIMAL_PORT_LINE
  )

  // Duplicate keys, at every level.
  add('duplicate version', `${MINIMAL}version: 1\n`, /duplicate key/, 20)
  add(
    'duplicate region in defaults',
    MINIMAL.replace('  region: us-east-1', '  region: us-east-1\n  region: eu-west-1'),
    /duplicate key/,
    4
  )
  add(
    'duplicate account',
    MINIMAL.replace(
      '    regions: [us-east-1]\n',
      '    regions: [us-east-1]\n  app:\n    regions: [eu-west-1]\n'
    ),
    /duplicate key/,
    7
  )
  add(
    'duplicate port',
    MINIMAL.replace('    port: 8080', '    port: 8080\n    port: 8081'),
    /duplicate key/,
    20
  )
  add(
    'duplicate key, one quoted',
    MINIMAL.replace('    port: 8080', '    port: 8080\n    "port": 8081'),
    /duplicate key/,
    20
  )
  add(
    'duplicate key in a selector',
    MINIMAL.replace(
      '        resource_id: i-0123456789abcdef0',
      '        resource_id: i-0123456789abcdef0\n        resource_id: i-0123456789abcdef1'
    ),
    /duplicate key/,
    14
  )
  add(
    'duplicate key in flow style',
    MINIMAL.replace('regions: [us-east-1]', 'regions: [us-east-1]\n    x: {a: 1, a: 2}'),
    /duplicate key/,
    7
  )

  // Documents and roots.
  add('two documents', `${MINIMAL}---\n${MINIMAL}`, /more than one YAML document/)
  add('a second, empty document', `${MINIMAL}---\n`, /more than one YAML document/)
  add('documents separated by ...', `${MINIMAL}...\n---\n${MINIMAL}`, /more than one YAML document/)
  add('empty file', '', /empty/, 1)
  add('whitespace only', '   \n\n  \n', /empty/, 1)
  add('comments only', '# version: 1\n# nothing here\n', /empty|must be a mapping/, 1)
  add('document marker only', '---', /empty|must be a mapping/, 1)
  add('document marker and newline', '---\n', /empty|must be a mapping/, 1)
  add('document start and end only', '---\n...\n', /empty|must be a mapping/, 1)
  for (const root of [
    '~',
    'null',
    '42',
    'true',
    '"a string"',
    'hello',
    '- a\n- b',
    '[]',
    '[version, 1]',
    '|\n  version: 1\n',
    '1.5',
    '.inf'
  ]) {
    add(`root is ${JSON.stringify(root)}`, `${root}\n`, /must be a mapping|empty/)
  }
  add('empty mapping at the root', '{}\n', /missing required key "version"/, 1)

  // Plain syntax errors.
  add('unclosed double quote', atPort('"8080'), /invalid YAML/)
  add('unclosed single quote', atPort("'8080"), /invalid YAML/)
  add('unclosed flow list', MINIMAL.replace('regions: [us-east-1]', 'regions: [us-east-1'), /invalid YAML/)
  add('unclosed flow mapping', MINIMAL.replace('regions: [us-east-1]', 'regions: {a: 1'), /invalid YAML/)
  add(
    'stray closing bracket',
    MINIMAL.replace('regions: [us-east-1]', 'regions: [us-east-1]]'),
    /invalid YAML/,
    6
  )
  add('key: value: value', atPort('80: 81'), /invalid YAML/, MINIMAL_PORT_LINE)
  add('reserved @ indicator', atPort('@80'), /invalid YAML/, MINIMAL_PORT_LINE)
  add('reserved ` indicator', atPort('`80`'), /invalid YAML/, MINIMAL_PORT_LINE)
  add('bad escape in a double-quoted string', atPort('"\\uZZZZ"'), /invalid YAML/, MINIMAL_PORT_LINE)
  add('list item where a key belongs', `${MINIMAL}- stray\n`, /invalid YAML/, 20)
  add('over-indented key', MINIMAL.replace('    port: 8080', '      port: 8080'), /invalid YAML/)
  add('under-indented key', MINIMAL.replace('    port: 8080', '   port: 8080'), /invalid YAML/)
  add('tab indentation', MINIMAL.replace('    port: 8080', '\tport: 8080'), /tab/, MINIMAL_PORT_LINE)
  add('tab indentation at the root', MINIMAL.replace('  region: us-east-1', '\tregion: us-east-1'), /tab/, 3)
  add(
    'control character in a plain value',
    atPort('80\u0007'),
    /non-printable|invalid YAML/,
    MINIMAL_PORT_LINE,
    /\btabs\b/
  )
  add(
    'escape sequence in a quoted value',
    atPort('"\u001b[2J"'),
    /invalid YAML|not a port/,
    MINIMAL_PORT_LINE
  )
  add(
    'terminal escape in a key',
    MINIMAL.replace('    port: 8080', '    "\\e[2Jport": 8080'),
    /unknown key/,
    MINIMAL_PORT_LINE
  )
  add(
    'bidi override in a key',
    MINIMAL.replace('    port: 8080', '    "port\u202e": 8080'),
    /unknown key/,
    MINIMAL_PORT_LINE
  )
  return cases
}

// ---- encoding: bytes that are not the UTF-8 text the loader expects, and line endings ----

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

function spliceBytes(text: string, lineIndex: number, bytes: number[]): Uint8Array {
  const lines = text.split('\n')
  // The bytes go at the end of the line, before its line break.
  const before = utf8(lines.slice(0, lineIndex + 1).join('\n'))
  const after = utf8('\n' + lines.slice(lineIndex + 1).join('\n'))
  return Uint8Array.from([...before, ...bytes, ...after])
}

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2)
  const view = new DataView(out.buffer)
  view.setUint16(0, 0xfeff, littleEndian)
  for (let i = 0; i < text.length; i++) view.setUint16(2 + 2 * i, text.charCodeAt(i), littleEndian)
  return out
}

function encodingCases(random: Random, lineCases: HostileCase[]): HostileCase[] {
  const cases: HostileCase[] = []
  const add = (c: Omit<HostileCase, 'family'>) => cases.push({ ...c, family: 'encoding' })
  const invalidSequences: Array<[string, number[]]> = [
    ['0xff', [0xff]],
    ['0xfe 0xff', [0xfe, 0xff]],
    ['overlong slash', [0xc0, 0xaf]],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['truncated 3-byte sequence', [0xe2, 0x82]],
    ['lone continuation byte', [0x80]],
    ['latin-1 é', [0xe9]],
    ['code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]]
  ]
  const lineCount = MINIMAL.split('\n').length - 1
  for (const [name, bytes] of invalidSequences) {
    const index = random.int(lineCount)
    add({
      name: `${name} on line ${index + 1}`,
      content: spliceBytes(MINIMAL, index, bytes),
      expectLine: index + 1,
      expectMessage: /not valid UTF-8/
    })
  }
  add({ name: 'UTF-16LE with a BOM', content: utf16(MINIMAL, true), expectMessage: /UTF-8/, expectLine: 1 })
  add({ name: 'UTF-16BE with a BOM', content: utf16(MINIMAL, false), expectMessage: /UTF-8/, expectLine: 1 })
  add({
    name: 'UTF-16LE without a BOM',
    content: utf16(MINIMAL, true).subarray(2),
    expectMessage: /UTF-8|null byte/
  })
  add({
    name: 'UTF-32LE with a BOM',
    content: Uint8Array.from([0xff, 0xfe, 0, 0, ...[...utf8('version: 1\n')].flatMap(b => [b, 0, 0, 0])]),
    expectMessage: /UTF-8|null byte/
  })

  // NUL bytes at seeded places: in a value, a key, a comment, indentation.
  for (let n = 0; n < 6; n++) {
    const index = random.int(lineCount)
    const line = MINIMAL.split('\n')[index]
    const at = random.int(line.length + 1)
    add({
      name: `NUL at ${index + 1}:${at + 1}`,
      content: lineWith(MINIMAL, index, line.slice(0, at) + '\0' + line.slice(at)),
      expectLine: index + 1,
      expectMessage: /null byte/i
    })
  }
  add({
    name: 'NUL in a comment',
    content: `# comment \0 here\n${MINIMAL}`,
    expectLine: 1,
    expectMessage: /null byte/i
  })
  add({ name: 'only a NUL', content: '\0', expectLine: 1, expectMessage: /null byte/i })

  // Line endings and a byte-order mark must not move the reported line.
  const located = lineCases.filter(c => c.expectLine !== undefined && typeof c.content === 'string')
  const transports: Array<[string, (s: string) => string | Uint8Array]> = [
    ['CRLF', s => s.replace(/\n/g, '\r\n')],
    ['BOM', s => '\ufeff' + s],
    ['BOM bytes + CRLF', s => utf8('\ufeff' + s.replace(/\n/g, '\r\n'))],
    [
      'mixed CRLF and LF',
      s =>
        s
          .split('\n')
          .map((l, i) => (i % 2 ? `${l}\r` : l))
          .join('\n')
    ],
    ['CR only (classic Mac)', s => s.replace(/\n/g, '\r')]
  ]
  for (const [transport, convert] of transports) {
    for (const c of random.sample(located, transport.startsWith('CR only') ? 8 : 12)) {
      add({ ...c, name: `${transport}: ${c.name}`, content: convert(c.content as string) })
    }
  }
  return cases
}

// ---- size: long strings, many assertions, the byte limit ----

const FLOW_HEAD =
  'version: 1\ndefaults:\n  region: us-east-1\naccounts:\n  app:\n    regions: [us-east-1]\nassertions:\n'

/** `count` one-line assertions (no aliases), each with a unique id. */
export function manyAssertions(count: number): string {
  const lines = [FLOW_HEAD]
  for (let i = 0; i < count; i++) {
    lines.push(
      `  - {id: a${i}, type: allow, source: {account: app, selector: {resource_id: i-01234567}}, destination: {account: app, selector: {resource_id: eni-01234567}}, protocol: tcp, port: 443}\n`
    )
  }
  return lines.join('')
}

/** `accounts` declared accounts and `unknown` assertions naming undeclared ones: typo suggestions at scale. */
export function manyUnknownAccounts(accounts: number, unknown: number): string {
  const lines = ['version: 1\ndefaults:\n  region: us-east-1\naccounts:\n']
  for (let i = 0; i < accounts; i++) lines.push(`  a${i}: {regions: [us-east-1]}\n`)
  lines.push('assertions:\n')
  for (let i = 0; i < unknown; i++) {
    lines.push(
      `  - {id: x${i}, type: allow, source: {account: b${i}x, selector: {resource_id: i-01234567}}, destination: {account: c${i}y, selector: {resource_id: i-01234567}}, protocol: tcp}\n`
    )
  }
  return lines.join('')
}

/** A long string anchored once and aliased `count` times where each alias is an error. */
export function aliasedLongString(count: number, length: number): string {
  return `x: &big "${'x'.repeat(length)}"\n${MINIMAL.replace('regions: [us-east-1]', `regions: [${Array(count).fill('*big').join(', ')}]`)}`
}

function sizeCases(): HostileCase[] {
  const cases: HostileCase[] = []
  const add = (
    name: string,
    content: string | Uint8Array,
    expectMessage?: RegExp,
    expectLine?: number,
    forbidMessage?: RegExp
  ) => cases.push({ family: 'size', name, content, expectMessage, expectLine, forbidMessage })
  const atLine = (from: string, to: string) => MINIMAL.replace(from, to)

  add('id of 129 characters', atLine('id: web-to-app', `id: ${'a'.repeat(129)}`), /not a valid id/, 8)
  add('id of 10,000 characters', atLine('id: web-to-app', `id: ${'a'.repeat(10_000)}`), /not a valid id/, 8)
  add(
    'id of 1,000,000 characters',
    atLine('id: web-to-app', `id: ${'a'.repeat(1_000_000)}`),
    /not a valid id/,
    8
  )
  add(
    'description of 1,001 characters',
    atLine('    port: 8080', `    port: 8080\n    description: ${'d'.repeat(1001)}`),
    /longer than 1000/,
    20
  )
  add(
    'description of 1.5 MB',
    atLine('    port: 8080', `    port: 8080\n    description: ${'d'.repeat(1_500_000)}`),
    /longer than 1000/,
    20
  )
  add(
    'unknown key of 100,000 characters',
    atLine('    port: 8080', `    ${'k'.repeat(100_000)}: 1`),
    /unknown key/,
    19
  )
  add(
    'tag value of 257 characters',
    atLine('        resource_id: i-0123456789abcdef0', `        tags: { Name: ${'t'.repeat(257)} }`),
    /longer than 256/,
    13
  )
  add(
    'tag key of 129 characters',
    atLine('        resource_id: i-0123456789abcdef0', `        tags: { ${'k'.repeat(129)}: v }`),
    /longer than 128|128 characters/,
    13
  )
  add(
    'external_id of 1,225 characters',
    atLine(
      '    regions: [us-east-1]',
      `    regions: [us-east-1]\n    role_arn: arn:aws:iam::111111111111:role/R\n    external_id: ${'e'.repeat(1225)}`
    ),
    /longer than 1224/,
    8
  )
  add(
    'an account name of 1 MB',
    atLine('  app:', `  ${'n'.repeat(1_000_000)}:`),
    /not a valid account name/,
    5
  )
  add(
    'an alias name of 100,000 characters',
    atLine('port: 8080', `port: *${'a'.repeat(100_000)}`),
    /alias/,
    MINIMAL_PORT_LINE
  )
  add(
    'a tag name of 100,000 characters',
    atLine('port: 8080', `port: !${'t'.repeat(100_000)} 1`),
    /tag/,
    MINIMAL_PORT_LINE
  )
  add('a 100 KB string aliased 5,000 times', aliasedLongString(5000, 100_000), /not an AWS Region code/)
  // Neither has an alias: blaming an "alias bomb" would send the user looking for one.
  add('10,000 assertions', manyAssertions(10_000), /more than 5000 entries/, 8, /alias/)
  add(
    'a list of 500,000 numbers',
    `x: [${Array(500_000).fill('1').join(',')}]\n`,
    /more than \d+ (values|nodes)/,
    1,
    /alias/
  )
  add('10,000 accounts and 4,000 unknown account names', manyUnknownAccounts(10_000, 2000), /unknown account/)
  add(
    'an unknown account name of 100,000 characters beside a declared one',
    MINIMAL.replace('  app:', `  app:\n    regions: [us-east-1]\n  ${'d'.repeat(100_000)}:`).replace(
      '      account: app\n      selector:\n        resource_id: eni',
      `      account: ${'u'.repeat(100_000)}\n      selector:\n        resource_id: eni`
    ),
    /unknown account/
  )
  add('5,001 assertions', manyAssertions(5001), /more than 5000 entries/, 8)
  add(
    '5,000 assertions, each with a bad port',
    manyAssertions(5000).replace(/port: 443/g, 'port: 0'),
    /0 is not a port/
  )
  add(
    '10,000 duplicate regions',
    atLine('regions: [us-east-1]', `regions: [${Array(10_000).fill('us-east-1').join(', ')}]`),
    /same value twice/,
    6
  )
  add('a file just over 2 MiB', `${MINIMAL}# ${'p'.repeat(2 * 1024 * 1024)}\n`, /2097152 bytes/, 1)
  add(
    '2 MiB of UTF-8 bytes in 1 M characters',
    utf8(`${MINIMAL}# ${'é'.repeat(1024 * 1024)}\n`),
    /2097152 bytes/,
    1
  )
  add('port of 400 digits', atLine('port: 8080', `port: ${'9'.repeat(400)}`), /not a port/, MINIMAL_PORT_LINE)
  add('negative port', atLine('port: 8080', 'port: -8080'), /not a port/, MINIMAL_PORT_LINE)
  add('port -0', atLine('port: 8080', 'port: -0'), /not a port/, MINIMAL_PORT_LINE)
  add('hexadecimal port past 65535', atLine('port: 8080', 'port: 0x10000'), /not a port/, MINIMAL_PORT_LINE)
  add('version of 1e400', atLine('version: 1', 'version: 1e400'), /not allowed/, 1)
  add('port .nan is named as written', atLine('port: 8080', 'port: .nan'), /nan/i, MINIMAL_PORT_LINE)
  add('port .inf is named as written', atLine('port: 8080', 'port: .inf'), /inf/i, MINIMAL_PORT_LINE)
  return cases
}

const MEMORY_CASES =
  /^(alias bomb|more than 10,000 aliases|10,000 assertions|5,001 assertions|5,000 assertions|a 100 KB string|id of 1,000,000|description of 1\.5 MB|an account name of 1 MB|a list of 500,000|10,000 accounts|an unknown account name of 100,000)/

/** The whole corpus, in a fixed order. */
export function generateCorpus(seed = CORPUS_SEED): HostileCase[] {
  const random = seeded(seed)
  const bases = baseConfigs()
  const badValues = bases.flatMap(b => badValueCases(b, random))
  const badKeys = bases.flatMap(b => badKeyCases(b, random))
  const all = [
    ...badValues,
    ...bases.flatMap(b => emptyValueCases(b)),
    ...badKeys,
    ...bases.flatMap(b => structureCases(b, random)),
    ...semanticCases(),
    ...yamlCases(),
    ...encodingCases(random, [...badValues, ...badKeys]),
    ...sizeCases()
  ]
  return all.map(c => (MEMORY_CASES.test(c.name) ? { ...c, isolate: true } : c))
}

export const bytesOf = (c: HostileCase): Uint8Array =>
  typeof c.content === 'string' ? utf8(c.content) : c.content
