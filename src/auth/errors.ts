// STS and credential failures turned into AuthErrors that name the cause and the fix.
// Messages are built from role ARNs, account ids, token claims and AWS's own message: never from secrets
// (and the provider redacts known secrets from them anyway).
import { awsErrorCode, errorMessage } from '../aws/errors.js'
import { decodeJwtClaims, DEFAULT_AUDIENCE, GITHUB_OIDC_ISSUER, ID_TOKEN_PERMISSIONS_BLOCK } from './oidc.js'
import { parseRoleArn } from './session.js'
import { AuthError } from './types.js'

export { errorMessage }

/** The AWS error code of an STS error: `AccessDenied`, `InvalidIdentityToken`, `ExpiredToken`, … */
export function stsErrorCode(error: unknown): string | undefined {
  // Modeled STS errors are named `XxxException` while the wire code is `Xxx`.
  return awsErrorCode(error)?.replace(/Exception$/, '')
}

/** AssumeRoleWithWebIdentity refusals that mean "this role does not take this token": `auto` then chains. */
export function isTokenRefusal(error: unknown): boolean {
  const code = stsErrorCode(error)
  return code === 'AccessDenied' || code === 'InvalidIdentityToken'
}

function accountLabel(account?: string): string {
  return account ? `account "${account}": ` : ''
}

/** getIdToken failed: almost always the missing `id-token: write` permission. */
export function idTokenError(error: unknown, env: Record<string, string | undefined>): AuthError {
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL) {
    return new AuthError(
      'Could not get a GitHub OIDC token: this job lacks the `id-token: write` permission ' +
        '(ACTIONS_ID_TOKEN_REQUEST_URL is unset), or the run comes from a fork or Dependabot, which never get one. ' +
        `Add to the workflow or the job:\n${ID_TOKEN_PERMISSIONS_BLOCK}`
    )
  }
  return new AuthError(
    `GitHub did not issue an OIDC token: ${errorMessage(error)}. Re-run the job; if it persists, check githubstatus.com.`
  )
}

/** The trust-policy lines a role would need to accept this token. */
export function trustConditionHint(token: string, audience: string): string {
  const claims = decodeJwtClaims(token)
  const sub = typeof claims?.sub === 'string' ? claims.sub : undefined
  const aud = Array.isArray(claims?.aud) ? claims?.aud.join(',') : (claims?.aud ?? audience)
  const lines = [`The token claims sub = "${sub ?? 'unknown'}", aud = "${aud}".`]
  if (sub) {
    lines.push(
      "The role's trust policy needs a condition accepting it, e.g.:",
      `  "StringLike":   { "${GITHUB_OIDC_ISSUER}:sub": "${sub}" },`,
      `  "StringEquals": { "${GITHUB_OIDC_ISSUER}:aud": "${aud}" }`
    )
  }
  return lines.join('\n')
}

/** AssumeRoleWithWebIdentity failed for `roleArn`. */
export function webIdentityError(
  error: unknown,
  context: { roleArn: string; token: string; audience: string; account?: string }
): AuthError {
  const code = stsErrorCode(error) ?? 'Error'
  const message = errorMessage(error)
  const { roleArn, token, audience, account } = context
  const roleAccount = parseRoleArn(roleArn)?.accountId
  const where = accountLabel(account)
  if (code === 'AccessDenied') {
    return new AuthError(
      `${where}AWS refused the GitHub OIDC token for role ${roleArn} (AccessDenied: the role's trust policy does not accept this token).\n` +
        trustConditionHint(token, audience),
      account
    )
  }
  if (code === 'InvalidIdentityToken') {
    if (/audience/i.test(message)) {
      return new AuthError(
        `${where}AWS rejected the token's audience for role ${roleArn} (${message}). The OIDC provider for ` +
          `https://${GITHUB_OIDC_ISSUER} in account ${roleAccount ?? '?'} must list the audience "${audience}" ` +
          `(the action's \`audience\` input, default "${DEFAULT_AUDIENCE}").`,
        account
      )
    }
    return new AuthError(
      `${where}AWS rejected the GitHub OIDC token for role ${roleArn} (${message}). Account ${roleAccount ?? '?'} needs an IAM ` +
        `OIDC identity provider for https://${GITHUB_OIDC_ISSUER} with audience "${audience}"; or set \`assume: chain\` ` +
        'on this account to reach the role from the base role instead.',
      account
    )
  }
  if (code === 'ExpiredToken') {
    return new AuthError(
      `${where}The GitHub OIDC token expired before AWS accepted it for role ${roleArn}. Re-run the job.`,
      account
    )
  }
  if (code === 'IDPCommunicationError' || code === 'IDPRejectedClaim') {
    return new AuthError(
      `${where}AWS could not validate the GitHub OIDC token for role ${roleArn} (${code}: ${message}). Re-run the job.`,
      account
    )
  }
  return new AuthError(
    `${where}AssumeRoleWithWebIdentity for role ${roleArn} failed (${code}: ${message}).`,
    account
  )
}

/** AssumeRole (from base or default credentials) failed for `roleArn`. */
export function assumeRoleError(
  error: unknown,
  context: { roleArn: string; callerArn?: string; externalId?: string; account?: string; chained: boolean }
): AuthError {
  const code = stsErrorCode(error) ?? 'Error'
  const message = errorMessage(error)
  const { roleArn, callerArn, externalId, account, chained } = context
  const where = accountLabel(account)
  const caller = callerArn ?? 'the current credentials'
  if (code === 'AccessDenied') {
    const externalIdHint = externalId
      ? 'The config sets external_id for this account: the trust policy must require exactly that value in "sts:ExternalId".'
      : 'If the trust policy requires an "sts:ExternalId", set external_id on this account in the config.'
    return new AuthError(
      `${where}${caller} may not assume role ${roleArn} (AccessDenied: ${message}).\n` +
        `Fix: the role's trust policy must allow "sts:AssumeRole" for ${caller}` +
        `${chained ? ' (or for its role)' : ''}, and the caller's own policy must allow "sts:AssumeRole" on ${roleArn}. ` +
        externalIdHint,
      account
    )
  }
  if (code === 'RegionDisabled') {
    return new AuthError(
      `${where}STS is not enabled in the STS region used to assume ${roleArn} (${message}). Use another base region.`,
      account
    )
  }
  return new AuthError(`${where}AssumeRole for role ${roleArn} failed (${code}: ${message}).`, account)
}

/** The SDK found no credentials at all (CLI, or the action without role-to-assume). */
export function noCredentialsError(
  error: unknown,
  context: { mode: 'action' | 'cli'; profile?: string }
): AuthError {
  const code = stsErrorCode(error) ?? 'Error'
  const message = errorMessage(error)
  if (
    code === 'CredentialsProviderError' ||
    /could not load credentials|no credentials|profile .* could not be found/i.test(message)
  ) {
    const fix =
      context.mode === 'action'
        ? 'Set the `role-to-assume` input (GitHub OIDC), or configure credentials in an earlier step (e.g. aws-actions/configure-aws-credentials).'
        : context.profile
          ? `Check that profile "${context.profile}" exists in ~/.aws/config and is logged in (e.g. \`aws sso login --profile ${context.profile}\`).`
          : 'Set AWS_PROFILE or pass --profile, export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`.'
    return new AuthError(`No usable AWS credentials were found (${message}). ${fix}`)
  }
  return new AuthError(`Loading AWS credentials failed (${code}: ${message}).`)
}
