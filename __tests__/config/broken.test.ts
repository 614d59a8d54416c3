import { loadConfigBytes, loadConfigText } from '../../src/config/load.js'
import { LIMITS } from '../../src/config/yaml.js'

// A valid config, with each broken case made by editing one spot. Line numbers in the
// expectations below refer to this text (line 1 is "version: 1").
const VALID = `version: 1
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
  - id: dev-never-prod
    type: deny
    source:
      account: app
      selector: { resource_id: i-0123456789abcdef0 }
    destination: { account: shared, selector: { tags: { env: prod } } }
    protocol: tcp
`

type Located = { line: number; column: number; message: string }

function problemsOf(text: string): Located[] {
  const result = loadConfigText(text, 'preflight.yaml')
  if (result.ok) throw new Error('expected problems, config was valid')
  return result.problems.map(p => ({ line: p.line, column: p.column, message: p.message }))
}

function edit(from: string, to: string): string {
  if (!VALID.includes(from)) throw new Error(`fixture edit does not apply: ${from}`)
  return VALID.replace(from, to)
}

describe('the valid base config', () => {
  it('loads', () => {
    const result = loadConfigText(VALID, 'preflight.yaml')
    expect(result.ok).toBe(true)
  })
})

describe('broken configs are pointed at line and column', () => {
  const cases: Array<[string, string, Located[]]> = [
    [
      'unknown key (with a suggestion)',
      edit('    protocol: tcp\n    port: 5432', '    protocol: tcp\n    prot: 5432'),
      [
        {
          line: 24,
          column: 5,
          message: expect.stringMatching(/^assertions\[0\]\.prot: unknown key "prot"; did you mean "port"\?/)
        }
      ]
    ],
    [
      'missing id',
      edit('  - id: app-to-db\n    type: allow', '  - type: allow'),
      [{ line: 12, column: 5, message: 'assertions[0]: missing required key "id"' }]
    ],
    [
      'duplicate id',
      edit('  - id: dev-never-prod', '  - id: app-to-db'),
      [
        {
          line: 25,
          column: 9,
          message: 'assertions[1].id: duplicate id "app-to-db": already used by the assertion on line 12'
        }
      ]
    ],
    [
      'port 70000',
      edit('port: 5432', 'port: 70000'),
      [
        {
          line: 24,
          column: 11,
          message: expect.stringContaining('70000 is not a port; use a number from 1 to 65535')
        }
      ]
    ],
    [
      'reversed port range',
      edit('port: 5432', 'port: "8100-8000"'),
      [
        {
          line: 24,
          column: 11,
          message: 'assertions[0].port: the range "8100-8000" is reversed; write "8000-8100"'
        }
      ]
    ],
    [
      'bad protocol',
      edit('    protocol: tcp\n    port', '    protocol: icmp\n    port'),
      [{ line: 23, column: 15, message: 'assertions[0].protocol: "icmp" is not allowed; use "tcp" or "udp"' }]
    ],
    [
      'unknown account',
      edit('      account: shared', '      account: shraed'),
      [
        {
          line: 20,
          column: 16,
          message: expect.stringMatching(
            /unknown account "shraed"; did you mean "shared"\? \(declared under accounts: app, shared\)/
          )
        }
      ]
    ],
    [
      'two selector kinds',
      edit(
        '        resource_id: eni-0abc1234def567890',
        '        resource_id: eni-0abc1234def567890\n        tags: { Name: db }'
      ),
      [
        {
          line: 23,
          column: 9,
          message:
            'assertions[0].destination.selector.tags: gives both resource_id and tags; keep exactly one'
        }
      ]
    ],
    [
      'empty tags',
      edit('        tags:\n          Name: app-server', '        tags: {}'),
      [{ line: 17, column: 15, message: 'assertions[0].source.selector.tags: must not be empty' }]
    ],
    [
      'bad resource id',
      edit('eni-0abc1234def567890', 'eni-XYZ'),
      [
        {
          line: 22,
          column: 22,
          message: expect.stringMatching(
            /^assertions\[0\]\.destination\.selector\.resource_id: "eni-XYZ" is not a resource id Reachability Analyzer accepts/
          )
        }
      ]
    ],
    [
      'bad YAML syntax',
      edit('    type: allow', '    type: [allow'),
      [{ line: 14, column: 5, message: expect.stringMatching(/^invalid YAML: /) }]
    ],
    [
      'duplicate key',
      edit('    type: allow', '    type: allow\n    type: deny'),
      [{ line: 14, column: 5, message: 'duplicate key: this key already appears in the same mapping' }]
    ],
    [
      'region not in account',
      edit(
        '      account: app\n      selector:\n        tags',
        '      account: app\n      region: eu-west-1\n      selector:\n        tags'
      ),
      [
        {
          line: 16,
          column: 15,
          message: expect.stringContaining(
            'region eu-west-1 is not among the regions of account "app" (us-east-1)'
          )
        }
      ]
    ],
    [
      'endpoints in two regions',
      edit(
        '      account: shared\n      selector:\n        resource_id',
        '      account: shared\n      region: eu-west-1\n      selector:\n        resource_id'
      ),
      [
        {
          line: 21,
          column: 15,
          message:
            'assertions[0].destination.region: is in eu-west-1 but the source is in us-east-1; Reachability Analyzer analyses one Region at a time'
        }
      ]
    ],
    [
      'wrong type (string where a list belongs)',
      edit('    regions: [us-east-1]\n  shared', '    regions: us-east-1\n  shared'),
      [{ line: 7, column: 14, message: 'accounts.app.regions: must be a list, not string' }]
    ],
    [
      'IP address as source',
      edit(
        '      account: app\n      selector:\n        tags:\n          Name: app-server',
        '      ip: 10.0.0.1'
      ),
      [{ line: 15, column: 7, message: expect.stringContaining('an IP address can only be a destination') }]
    ],
    [
      'ARN of the wrong type',
      edit(
        'resource_id: eni-0abc1234def567890',
        'arn: "arn:aws:ec2:us-east-1:111111111111:instance/eni-0abc1234def567890"'
      ),
      [
        {
          line: 22,
          column: 14,
          message: expect.stringContaining('the ARN should read network-interface/eni-0abc1234def567890')
        }
      ]
    ],
    [
      'unsupported tag',
      edit('    type: allow', '    type: !!js/function allow'),
      [{ line: 13, column: 11, message: expect.stringContaining('unsupported YAML tag') }]
    ],
    [
      'tabs for indentation',
      edit('    type: allow', '\ttype: allow'),
      [{ line: 13, column: 1, message: expect.stringMatching(/tab/) }]
    ]
  ]

  it.each(cases)('%s', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual(expected)
  })

  it('reports every problem at once, in file order', () => {
    const text = edit('port: 5432', 'port: 0')
      .replace('protocol: tcp\n', 'protocol: sctp\n')
      .replace('type: deny', 'type: maybe')
    const found = problemsOf(text)
    expect(found.map(p => p.line)).toEqual([23, 24, 26])
  })

  it('stops an alias bomb at the alias that overflows', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i <= 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`
      )
    const found = problemsOf(lines.join('\n') + '\n')
    expect(found).toHaveLength(1)
    expect(found[0].message).toMatch(/alias bomb/)
    expect(found[0].line).toBeGreaterThan(1)
    expect(found[0].line).toBeLessThanOrEqual(10)
  })

  it('refuses a file over the size cap before parsing it', () => {
    const big = new TextEncoder().encode(VALID + '#'.repeat(LIMITS.maxBytes))
    const result = loadConfigBytes(big, 'preflight.yaml')
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: 'preflight.yaml',
          line: 1,
          column: 1,
          path: '',
          message: expect.stringMatching(/the limit is 2097152 bytes/)
        }
      ]
    })
  })

  it('names the line of invalid UTF-8 bytes', () => {
    const bytes = new TextEncoder().encode(VALID)
    const at = VALID.indexOf('app-server')
    const broken = new Uint8Array([...bytes.subarray(0, at), 0xff, 0xfe, ...bytes.subarray(at)])
    const result = loadConfigBytes(broken, 'preflight.yaml')
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.problems[0]).toMatchObject({
        line: 18,
        column: 17,
        message: expect.stringMatching(/not valid UTF-8/)
      })
  })

  it('accepts a byte-order mark and CRLF line endings, keeping line numbers', () => {
    const crlf = '\ufeff' + edit('port: 5432', 'port: 70000').replace(/\n/g, '\r\n')
    expect(problemsOf(crlf)).toEqual([
      { line: 24, column: 11, message: expect.stringContaining('70000 is not a port') }
    ])
  })
})
