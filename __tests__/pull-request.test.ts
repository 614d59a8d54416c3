// One rule decides "from a fork" for both the OIDC check and the PR comment: they agree on every payload.
import { oidcAvailability } from '../src/auth/oidc.js'
import { shouldComment } from '../src/report/comment.js'
import { isCrossRepositoryPullRequest } from '../src/pull-request.js'

const infra = { id: 1, full_name: 'example-org/infra', fork: false }
const pr = (head: object | null, base: object | null) => ({
  pull_request: { number: 8, head: { repo: head }, base: { repo: base } }
})
const WITH_TOKEN = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token', GITHUB_ACTOR: 'octocat' }

const CASES: Array<[string, ReturnType<typeof pr>, boolean]> = [
  ['same repository', pr(infra, infra), false],
  ['another repository', pr({ id: 2, full_name: 'mallory/infra', fork: true }, infra), true],
  ['a deleted fork', pr(null, infra), true],
  // A repository that is itself a fork: head.repo.fork is true, yet the PR is from the same repository.
  [
    'same repository, itself a fork',
    pr({ id: 3, full_name: 'me/infra', fork: true }, { id: 3, full_name: 'me/infra', fork: true }),
    false
  ],
  [
    'same name in another case, no ids',
    pr({ full_name: 'Example-Org/Infra' }, { full_name: 'example-org/infra' }),
    false
  ],
  [
    'renamed fork, no ids',
    pr({ full_name: 'mallory/x', fork: true }, { full_name: 'example-org/infra' }),
    true
  ]
]

describe('is this pull request from a fork', () => {
  it.each(CASES)('%s: the OIDC check and the PR comment agree', (_name, payload, fork) => {
    expect(isCrossRepositoryPullRequest(payload)).toBe(fork)
    const oidc = oidcAvailability('pull_request', payload, WITH_TOKEN)
    expect(oidc.available === false && oidc.reason === 'fork-pull-request').toBe(fork)
    expect(shouldComment('pull_request', payload).ok).toBe(!fork)
  })
})
