// Schema errors as a person reads them: ajv's errors condensed (one message per failed rule) and each said
// at its line and column, in words that say how to fix it, with a did-you-mean where a name was mistyped.
import type { ErrorObject } from 'ajv'
import { show, type Json, type ProblemLog } from './problems.js'
import { schemaMessage } from './schema.js'
import { closest } from './suggest.js'
import { escapePointer } from './yaml.js'

/** Reports every schema error (as ajv returned them for the document) in the log. */
export function reportSchemaErrors(log: ProblemLog, errors: ErrorObject[]): void {
  for (const error of condenseSchemaErrors(errors))
    reportSchemaError(log, error, schemaMessage(error, errors))
}

/**
 * ajv reports every branch of a failed anyOf; one message about the anyOf reads better. A failed if/then adds
 * "must match then" beside the error inside the then, which is the one that says what is wrong.
 */
function condenseSchemaErrors(errors: ErrorObject[]): ErrorObject[] {
  // A branch's error about the anyOf's own value goes; an unknown key beside it, or a deeper error a branch
  // found, stays. Looked up by prefix, not scanned: 5,000 bad ports make 5,000 anyOf errors.
  const failed = new Set(
    errors.filter(e => e.keyword === 'anyOf').map(e => `${e.instancePath}\u0000${e.schemaPath}`)
  )
  const branchOfFailed = (e: ErrorObject): boolean => {
    for (let cut = e.schemaPath.lastIndexOf('/'); cut > 0; cut = e.schemaPath.lastIndexOf('/', cut - 1))
      if (failed.has(`${e.instancePath}\u0000${e.schemaPath.slice(0, cut)}`)) return true
    return false
  }
  return errors.filter(e => e.keyword !== 'if' && !branchOfFailed(e))
}

/** What the schema's patterns mean, said the way a person would fix it. */
const PATTERN_HINTS: Record<string, string> = {
  resource_id:
    'is not a resource id Reachability Analyzer accepts: use i-, eni-, igw-, vgw-, tgw-, tgw-attach-, vpce-, vpce-svc-, pcx- or nat- followed by 8 or 17 lowercase hex digits',
  address: 'is not an IPv4 address or CIDR like 198.51.100.0/24',
  region: 'is not an AWS Region code like us-east-1',
  regions: 'is not an AWS Region code like us-east-1',
  role_arn: 'is not an IAM role ARN like arn:aws:iam::123456789012:role/NetworkPreflight',
  account_id: 'is not a 12-digit account id (quote it so leading zeros survive: "012345678901")',
  arn: 'is not an EC2 resource ARN like arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
  id: 'is not a valid id: use letters, digits and _ . : / - (at most 128 characters, starting with a letter or digit)',
  labels: 'is not a valid label: use letters, digits and _ . : / - (at most 64 characters)',
  accounts: 'is not a valid account name: use letters, digits and _ . - (at most 64 characters)',
  lambda: 'is not a Lambda function name (letters, digits, - and _, at most 64) or function ARN',
  rds: 'is not an RDS DB instance or cluster identifier (a letter, then letters, digits and -) or its ARN',
  load_balancer:
    'is not a load balancer name (letters, digits and -, at most 32) or ARN like arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef',
  network_firewall:
    'is not a Network Firewall name or ARN like arn:aws:network-firewall:us-east-1:123456789012:firewall/inspection',
  ecs_service: 'is not an ECS service as cluster/service'
}

/** `custom`: the schema's own wording of the rule, when it has one (see schemaMessage). */
function reportSchemaError(log: ProblemLog, e: ErrorObject, custom: string | undefined): void {
  const path = e.instancePath
  const last = path.slice(path.lastIndexOf('/') + 1)
  const field = /^\d+$/.test(last) ? path.split('/').slice(-2, -1)[0] : last
  // A rule the schema words itself (selector keys, endpoint shape, …): the editor shows the same text.
  // The port and pattern messages below quote the value, which an editor shows beside the message anyway.
  if (custom !== undefined && e.keyword !== 'pattern' && !(e.keyword === 'anyOf' && field === 'port')) {
    log.report(path, 'key', custom)
    return
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty)
      const allowed = Object.keys((e.parentSchema as { properties?: Json }).properties ?? {})
      const guess = closest(key, allowed)
      log.report(
        `${path}/${escapePointer(key)}`,
        'key',
        `unknown key ${show(key)}${guess ? `; did you mean ${show(guess)}?` : ''} (allowed here: ${allowed.join(', ')})`
      )
      return
    }
    case 'required':
      log.report(path, requiredAnchor(path), `missing required key ${show(e.params.missingProperty)}`)
      return
    case 'type': {
      const actual = e.data === null ? 'nothing (null)' : Array.isArray(e.data) ? 'a list' : typeof e.data
      const expected = String(e.params.type)
        .split(',')
        .filter(t => t !== 'null')
        .map(t => ({ object: 'a mapping', array: 'a list', integer: 'a whole number' })[t] ?? `a ${t}`)
        .join(' or ')
      log.report(path, 'value', `must be ${expected}, not ${actual}`)
      return
    }
    case 'enum':
    case 'const': {
      const allowed = (e.params.allowedValues ?? [e.params.allowedValue]) as unknown[]
      const guess = typeof e.data === 'string' ? closest(e.data, allowed.map(String), true) : undefined
      log.report(
        path,
        'value',
        `${show(e.data)} is not allowed; use ${allowed.map(show).join(' or ')}${guess ? ` (did you mean ${show(guess)}?)` : ''}`
      )
      return
    }
    case 'anyOf':
      if (field === 'subnet' || field === 'vpc') {
        log.report(
          path,
          'value',
          `${show(e.data)} is not a ${field} scope; use a ${field} id (${field}-0123456789abcdef0), a list of ids, or {tags: {Key: value}}`
        )
      } else if (field === 'port') {
        log.report(
          path,
          'value',
          `${show(e.data)} is not a port; use a number from 1 to 65535 or a range like "8000-8100"`
        )
      } else {
        log.report(path, 'value', `${show(e.data)} does not match any allowed form`)
      }
      return
    case 'pattern':
      if (e.propertyName !== undefined) {
        const hint = PATTERN_HINTS[field] ?? `does not match ${e.params.pattern}`
        log.report(`${path}/${escapePointer(e.propertyName)}`, 'key', `${show(e.propertyName)} ${hint}`)
      } else
        log.report(
          path,
          'value',
          `${show(e.data)} ${PATTERN_HINTS[field] ?? `does not match ${e.params.pattern}`}`
        )
      return
    case 'propertyNames':
      return // reported by the nested pattern/minLength error below
    case 'format':
      log.report(path, 'value', `${show(e.data)} is not a valid ${e.params.format} address`)
      return
    case 'minItems':
    case 'minProperties':
      log.report(path, 'value', `must not be empty`)
      return
    case 'maxItems':
    case 'maxProperties':
      log.report(path, 'value', `has more than ${e.params.limit} entries`)
      return
    case 'uniqueItems':
      log.report(path, 'value', `lists the same value twice (items ${e.params.j} and ${e.params.i})`)
      return
    case 'minLength':
      if (e.propertyName !== undefined) {
        log.report(`${path}/${escapePointer(e.propertyName)}`, 'key', 'keys must not be empty')
      } else log.report(path, 'value', `must not be empty`)
      return
    case 'maxLength':
      log.report(path, 'value', `is longer than ${e.params.limit} characters`)
      return
    default:
      log.report(path, 'value', e.message ?? `is invalid (${e.keyword})`)
  }
}

function requiredAnchor(pointer: string): 'key' | 'value' {
  // A list item (e.g. an assertion) has no key: point at its first line; a mapping value: at its key.
  return /\/\d+$/.test(pointer) ? 'value' : 'key'
}
