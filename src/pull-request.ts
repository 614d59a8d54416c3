// One rule for "does this pull request come from another repository (a fork)", shared by the OIDC check
// (src/auth/oidc.ts: GitHub gives fork pull requests no OIDC token) and the PR comment (src/report/comment.ts:
// their GITHUB_TOKEN cannot write). Pure: reads the event payload only.

interface RepoRef {
  id?: unknown
  full_name?: unknown
  fork?: unknown
}

function repoOf(payload: unknown, side: 'head' | 'base'): RepoRef | null | undefined {
  const pr = (payload as { pull_request?: Record<string, { repo?: RepoRef | null } | undefined> } | undefined)
    ?.pull_request
  const ref = pr?.[side]
  if (!ref) return undefined
  return ref.repo ?? null
}

/** The head repository's `owner/name`, or undefined (no pull request, or its repository was deleted). */
export function headRepositoryName(payload: unknown): string | undefined {
  const name = repoOf(payload, 'head')?.full_name
  return typeof name === 'string' ? name : undefined
}

/**
 * Whether the event's pull request comes from another repository. `head.repo` is null when the fork was
 * deleted. `head.repo.fork` alone is not used: it is also true for same-repository PRs in a repository that
 * is itself a fork, which GitHub treats as trusted. It only decides when the repositories cannot be compared.
 * False when the payload has no pull request.
 */
export function isCrossRepositoryPullRequest(payload: unknown): boolean {
  const head = repoOf(payload, 'head')
  const base = repoOf(payload, 'base')
  if (head === undefined) return false
  if (head === null) return true
  if (base && typeof head.id === 'number' && typeof base.id === 'number') return head.id !== base.id
  if (base && typeof head.full_name === 'string' && typeof base.full_name === 'string') {
    return head.full_name.toLowerCase() !== base.full_name.toLowerCase()
  }
  return head.fork === true
}
