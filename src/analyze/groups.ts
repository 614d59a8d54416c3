// What the Reachability Analyzer engine (engine.ts) and the Network Access Analyzer engine (scopes.ts) share:
// work grouped by account and Region, the groups run independently, and each group's EC2 client and its
// reusable resources (tagged paths, tagged scopes) obtained the same way.
import type { EC2Client } from '@aws-sdk/client-ec2'
import type { AwsClientProvider } from '../auth/types.js'

/** Items grouped by account and Region, in first-seen order: each group has its own quotas and token buckets. */
export function groupByAccountRegion<T>(
  items: Iterable<T>,
  placeOf: (item: T) => { account: string; region: string }
): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const { account, region } = placeOf(item)
    const key = `${account}\u0000${region}`
    groups.set(key, [...(groups.get(key) ?? []), item])
  }
  return [...groups.values()]
}

/**
 * Runs every group at once. One group's failure only touches its own results, and allSettled makes the
 * caller's cleanup wait for every group. Returns the first crash (logged as `the <engine> failed`), if any.
 */
export async function runGroups<T>(
  groups: T[][],
  run: (group: T[]) => Promise<void>,
  log: (line: string) => void,
  engine: string
): Promise<PromiseRejectedResult | undefined> {
  const outcomes = await Promise.allSettled(groups.map(run))
  const crash = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')
  if (crash) log(`error: the ${engine} failed unexpectedly: ${String(crash.reason)}`)
  return crash
}

export type OpenedGroup<C> = { ok: true; client: EC2Client; candidates: C } | { ok: false; error: unknown }

/**
 * The group's EC2 client and what it may reuse. No client: the whole group fails (the caller settles it).
 * A failed listing is only a warning: the run creates new resources instead of reusing any.
 */
export async function openGroup<C>(
  clients: AwsClientProvider,
  where: { account: string; region: string },
  reusable: { what: string; list: (client: EC2Client) => Promise<C>; none: () => C },
  log: (line: string) => void
): Promise<OpenedGroup<C>> {
  const { account, region } = where
  let client: EC2Client
  try {
    client = await clients.ec2(account, region)
  } catch (error) {
    return { ok: false, error }
  }
  try {
    return { ok: true, client, candidates: await reusable.list(client) }
  } catch (error) {
    log(
      `warning: could not list reusable ${reusable.what} in account ${account}, ${region} (${String(error)}); creating new ones`
    )
    return { ok: true, client, candidates: reusable.none() }
  }
}
