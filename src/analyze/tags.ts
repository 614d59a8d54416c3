// Tags that mark what this tool created. Cleanup deletes nothing that lacks TAG_MANAGED=true.
import type { Tag } from '@aws-sdk/client-ec2'

export const TAG_MANAGED = 'network-preflight:managed'
/** On paths: the hash of the path definition (pathKey), so later runs can find and reuse it. */
export const TAG_PATH_HASH = 'network-preflight:path-hash'
/** On Network Access Analyzer scopes: the hash of the scope's statements (scopeHash), for reuse by later runs. */
export const TAG_SCOPE_HASH = 'network-preflight:scope-hash'
/** On analyses, and on paths created by a `cleanup: all` run: the run that created them. */
export const TAG_RUN_ID = 'network-preflight:run-id'
/** On paths created by a `cleanup: all` run: deleted at the end of that run, so never reused by others. */
export const TAG_EPHEMERAL = 'network-preflight:ephemeral'

export const MANAGED_TAG_FILTER = { Name: `tag:${TAG_MANAGED}`, Values: ['true'] }

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find(tag => tag.Key === key)?.Value
}

export function isManaged(tags: Tag[] | undefined): boolean {
  return tagValue(tags, TAG_MANAGED) === 'true'
}
