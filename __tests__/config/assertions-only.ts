// A config whose one account is named by the test and whose assertions the test writes: the shared
// set-up of the config-language tests (groups, scopes).
import { loadConfigText, type LoadResult } from '../../src/config/load.js'

/** `load` parses the assertions (YAML list items at two spaces) under the head; `problems` expects it to fail. */
export function assertionsUnder(account: string): {
  load: (assertions: string) => LoadResult
  problems: (assertions: string) => string[]
} {
  const head = `version: 1
defaults: { region: us-east-1 }
accounts:
  ${account}: { account_id: "222222222222", regions: [us-east-1] }
assertions:
`
  const load = (assertions: string): LoadResult => loadConfigText(head + assertions, 'preflight.yaml')
  const problems = (assertions: string): string[] => {
    const result = load(assertions)
    if (result.ok) throw new Error('expected problems')
    return result.problems.map(p => `${p.line}:${p.column} ${p.message}`)
  }
  return { load, problems }
}
