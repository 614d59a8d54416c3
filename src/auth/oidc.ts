// GitHub OIDC: whether a run can get a token at all, and what a token claims (for trust-policy messages).
import { isCrossRepositoryPullRequest } from '../pull-request.js'

/** The issuer GitHub Actions tokens carry; AWS trust policies name it as the federated principal. */
export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com'
/** The audience AWS expects from GitHub tokens unless a role says otherwise. */
export const DEFAULT_AUDIENCE = 'sts.amazonaws.com'

/** The workflow snippet that grants a job OIDC tokens; shown whenever the permission is missing. */
export const ID_TOKEN_PERMISSIONS_BLOCK = [
  'permissions:',
  '  id-token: write   # lets the job request an OIDC token',
  '  contents: read'
].join('\n')

/** Claims of a GitHub Actions OIDC token that matter for AWS trust policies. */
export interface GithubTokenClaims {
  sub?: string
  aud?: string | string[]
  iss?: string
  exp?: number
  repository?: string
  ref?: string
  environment?: string
  job_workflow_ref?: string
  [claim: string]: unknown
}

/**
 * The payload of a JWT, decoded without verifying anything (AWS verifies; we only explain refusals).
 * Undefined when the text is not a JWT.
 */
export function decodeJwtClaims(token: string): GithubTokenClaims | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const json = Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
    const claims: unknown = JSON.parse(json)
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as GithubTokenClaims)
      : undefined
  } catch {
    return undefined
  }
}

export type OidcUnavailableReason = 'fork-pull-request' | 'dependabot' | 'no-permission'
export type OidcAvailability =
  { available: true } | { available: false; reason: OidcUnavailableReason; message: string }

/** The events whose code comes from the pull request's head (pull_request_target runs the base branch). */
const HEAD_CODE_PR_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment'])

/**
 * Whether GitHub will hand this run an OIDC token, and if not, why, in words a user can act on.
 * GitHub grants none to pull requests from forks, none to Dependabot, and none to a job without
 * `id-token: write` (the runner then leaves ACTIONS_ID_TOKEN_REQUEST_URL unset). The fork and Dependabot
 * cases are reported even when the URL is present: such runs execute code nobody reviewed yet.
 */
export function oidcAvailability(
  eventName: string,
  payload: unknown,
  env: Record<string, string | undefined>
): OidcAvailability {
  if (HEAD_CODE_PR_EVENTS.has(eventName) && isCrossRepositoryPullRequest(payload)) {
    return {
      available: false,
      reason: 'fork-pull-request',
      message:
        'This pull request comes from a fork, and GitHub gives workflows triggered by fork pull requests no OIDC token ' +
        '(and no secrets), so no AWS role can be assumed. The config can still be validated; to analyze paths, ' +
        'run the check after merge, from a branch of this repository, or via a maintainer-approved workflow.'
    }
  }
  if (env.GITHUB_ACTOR === 'dependabot[bot]') {
    return {
      available: false,
      reason: 'dependabot',
      message:
        'This run was triggered by Dependabot, and GitHub gives Dependabot runs no OIDC token (and only Dependabot ' +
        'secrets), so no AWS role can be assumed. The config can still be validated; the analysis runs once a ' +
        'person pushes or the change is merged.'
    }
  }
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    return {
      available: false,
      reason: 'no-permission',
      message:
        'This job may not request an OIDC token: it lacks the `id-token: write` permission ' +
        '(ACTIONS_ID_TOKEN_REQUEST_URL is unset). Add to the workflow or the job:\n' +
        ID_TOKEN_PERMISSIONS_BLOCK
    }
  }
  return { available: true }
}
