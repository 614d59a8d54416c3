// What the sandbox's EC2 Query handlers (ec2.ts, naa.ts) check in a request and how EC2 words the errors, and
// the opaque page tokens every sandbox service hands out (EC2, Network Access Analyzer, the managed services).
import type { Filter, Tag, TagSpecification } from '@aws-sdk/client-ec2'
import type { Knobs } from '../scenario.js'
import { invalidFilter } from './resources.js'
import { AwsError } from './world.js'

export type Input = Record<string, unknown>
export type Output = Record<string, unknown>

export function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message)
}

export function dryRun(input: Input): void {
  if (input.DryRun)
    throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412)
}

export function required(input: Input, name: string): string {
  const v = input[name]
  if (typeof v !== 'string' || !v)
    throw new AwsError('MissingParameter', `The request must contain the parameter ${name}`)
  return v
}

/** How EC2 refuses an id of one kind: not found (worded per kind), and malformed where EC2 checks the form. */
export interface IdErrors {
  code: string
  noun: string
  style: 'quoted' | 'tgw'
  malformed?: { code: string; pattern: RegExp }
}

function notFoundMessage(noun: string, ids: string[], style: 'quoted' | 'tgw'): string {
  if (style === 'tgw') return `${noun} ${ids.join(', ')} was deleted or does not exist.`
  return ids.length === 1
    ? `The ${noun} ID '${ids[0]}' does not exist`
    : `The ${noun} IDs '${ids.join(', ')}' do not exist`
}

/** A checker of ids by kind: a malformed id first, then every missing one in one error. */
export function idChecker<K extends string>(
  table: Record<K, IdErrors>
): (kind: K, ids: string[], exists: (id: string) => boolean) => void {
  return (kind, ids, exists) => {
    const errors = table[kind]
    const malformed = errors.malformed && ids.find(id => !errors.malformed!.pattern.test(id))
    if (malformed) throw new AwsError(errors.malformed!.code, `Invalid id: "${malformed}"`)
    const missing = ids.filter(id => !exists(id))
    if (missing.length) throw new AwsError(errors.code, notFoundMessage(errors.noun, missing, errors.style))
  }
}

/** Filters by the names `table` knows, plus tag filters (`{}`: tag filters only). */
export function checkFilters(filters: Filter[] | undefined, table: Record<string, unknown>): void {
  const bad = invalidFilter(filters, table as Parameters<typeof invalidFilter>[1])
  if (bad !== undefined) throw invalidValue(`The filter '${bad}' is invalid`)
}

/** The tags of a create call's TagSpecifications, all for `resourceType`. */
export function tagsFrom(specs: TagSpecification[] | undefined, resourceType: string): Tag[] {
  const tags: Tag[] = []
  for (const spec of specs ?? []) {
    if (spec.ResourceType !== resourceType) {
      throw invalidValue(
        `'${String(spec.ResourceType)}' is not a valid taggable resource type for this operation.`
      )
    }
    tags.push(...(spec.Tags ?? []))
  }
  checkTagKeys(tags)
  return tags
}

export function checkTagKeys(tags: Tag[]): void {
  for (const t of tags) {
    if ((t.Key ?? '').toLowerCase().startsWith('aws:')) {
      throw invalidValue(`Tag keys starting with 'aws:' are reserved for internal use`)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Page tokens: an opaque offset bound to the action that issued it; pages never exceed the pageSize knob.

/** The token of the page at `offset` of `action`'s results. */
export function pageToken(action: string, offset: number): string {
  return Buffer.from(JSON.stringify({ a: action, o: offset })).toString('base64url')
}

/** The offset a token of `action` stands for; undefined for a token that is not one (forged, foreign). */
export function pageOffset(action: string, token: string): number | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { a?: string; o?: number }
    return decoded.a === action && typeof decoded.o === 'number' && decoded.o >= 0 ? decoded.o : undefined
  } catch {
    return undefined
  }
}

/** EC2's MaxResults/NextToken paging, MaxResults checked against the action's limits. */
export function paginate<T>(
  ctx: { knobs: Knobs },
  action: string,
  items: T[],
  input: Input,
  limits: { min: number; max: number }
): { page: T[]; nextToken?: string } {
  const maxResults = input.MaxResults as number | undefined
  if (maxResults !== undefined && (maxResults < limits.min || maxResults > limits.max)) {
    throw invalidValue(
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between ${limits.min} and ${limits.max}.`
    )
  }
  const token = input.NextToken as string | undefined
  const offset = token ? pageOffset(action, token) : 0
  if (offset === undefined)
    throw new AwsError('InvalidPaginationToken', `The pagination token '${token}' is invalid.`)
  const size = Math.min(maxResults ?? Number.MAX_SAFE_INTEGER, ctx.knobs.pageSize)
  const next = offset + size
  return {
    page: items.slice(offset, next),
    nextToken: next < items.length ? pageToken(action, next) : undefined
  }
}
