// STS (AWS Query protocol, 2011-06-15): who am I, AssumeRole with ExternalId and role chaining, and
// AssumeRoleWithWebIdentity against the sandbox's GitHub OIDC tokens with IAM StringLike trust on `sub`.
import type {
  AssumeRoleRequest,
  AssumeRoleResponse,
  AssumeRoleWithWebIdentityRequest,
  AssumeRoleWithWebIdentityResponse,
  GetCallerIdentityResponse
} from '@aws-sdk/client-sts'
import { stringLike, verifyJwt } from '../jwt.js'
import type { Knobs, RoleSpec } from '../scenario.js'
import { AwsError, type AwsWorld, type IssuedCredentials } from './world.js'

export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

export interface StsContext {
  world: AwsWorld
  knobs: Knobs
  now: number
  /** The HMAC secret the sandbox's OIDC endpoint signs with. */
  jwtSecret: string
  /** The signer of the request; absent for unsigned calls (AssumeRoleWithWebIdentity). */
  caller?: IssuedCredentials
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, 400)
}

function checkSessionName(name: string | undefined): string {
  if (name === undefined || name === '') {
    throw validationError(
      "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null"
    )
  }
  if (!SESSION_NAME.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'roleSessionName' failed to satisfy constraint: ` +
        'Member must satisfy regular expression pattern: [\\w+=,.@-]*'
    )
  }
  return name
}

function checkDuration(requested: number | undefined, role: RoleSpec, chained: boolean): number {
  const duration = requested ?? 3600
  if (duration < 900) {
    throw validationError(
      `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`
    )
  }
  if (duration > 43200) {
    throw validationError(
      `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`
    )
  }
  if (chained && duration > 3600) {
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
    )
  }
  if (duration > (role.maxSessionDurationSeconds ?? 3600)) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  }
  return duration
}

function roleAccount(roleArn: string): string | undefined {
  return /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1]
}

/** The principal ARN a trust policy names for this caller: the role for a role session, the user otherwise. */
function principalArn(caller: IssuedCredentials): string {
  return caller.kind === 'assumed-role' ? caller.roleArn! : caller.arn
}

function trusts(role: RoleSpec, caller: IssuedCredentials): boolean {
  const principal = principalArn(caller)
  return (role.trust.principals ?? []).some(
    p => p === principal || p === caller.accountId || p === `arn:aws:iam::${caller.accountId}:root`
  )
}

function credentialsOutput(creds: IssuedCredentials): NonNullable<AssumeRoleResponse['Credentials']> {
  return {
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken!,
    Expiration: new Date(creds.expiresAt!)
  }
}

function expiry(ctx: StsContext, durationSeconds: number): number {
  return ctx.now + (ctx.knobs.credentialLifetimeSeconds ?? durationSeconds) * 1000
}

export function getCallerIdentity(ctx: StsContext): GetCallerIdentityResponse {
  const caller = ctx.caller!
  return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn }
}

export function assumeRole(ctx: StsContext, input: AssumeRoleRequest): AssumeRoleResponse {
  const caller = ctx.caller!
  const roleArn = input.RoleArn ?? ''
  const sessionName = checkSessionName(input.RoleSessionName)
  const denied = new AwsError(
    'AccessDenied',
    `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    403
  )
  const role = ctx.world.roles.get(roleArn)
  if (!role || !trusts(role, caller)) throw denied
  if (role.trust.externalId !== undefined && input.ExternalId !== role.trust.externalId) throw denied
  const chained = caller.kind === 'assumed-role'
  const duration = checkDuration(input.DurationSeconds, role, chained)
  const creds = ctx.world.credentials.issueRoleSession(roleArn, sessionName, expiry(ctx, duration), chained)
  return {
    Credentials: credentialsOutput(creds),
    AssumedRoleUser: { AssumedRoleId: creds.userId, Arn: creds.arn },
    PackedPolicySize: 0
  }
}

export function assumeRoleWithWebIdentity(
  ctx: StsContext,
  input: AssumeRoleWithWebIdentityRequest
): AssumeRoleWithWebIdentityResponse {
  const roleArn = input.RoleArn ?? ''
  const sessionName = checkSessionName(input.RoleSessionName)
  const token = input.WebIdentityToken ?? ''
  const check = verifyJwt(token, ctx.jwtSecret)
  if (!check.ok) {
    throw new AwsError(
      'InvalidIdentityToken',
      check.reason === 'malformed'
        ? 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)'
        : 'Couldn\u2019t verify the signature of the web identity token',
      400
    )
  }
  const claims = check.claims
  const accountId = roleAccount(roleArn)
  const account = accountId ? ctx.world.accounts.get(accountId) : undefined
  if (!account?.oidcClientIds || claims.iss !== GITHUB_OIDC_ISSUER) {
    throw new AwsError(
      'InvalidIdentityToken',
      `No OpenIDConnect provider found in your account for ${String(claims.iss)}`,
      400
    )
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud ?? '']
  const audience = audiences.find(a => account.oidcClientIds!.includes(a))
  if (!audience) throw new AwsError('InvalidIdentityToken', 'Incorrect token audience', 400)
  const nowSeconds = Math.floor(ctx.now / 1000)
  if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) {
    throw new AwsError(
      'ExpiredTokenException',
      `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${claims.exp}`,
      400
    )
  }
  const role = ctx.world.roles.get(roleArn)
  const trust = role?.trust.webIdentity
  const subjects = trust ? (Array.isArray(trust.sub) ? trust.sub : [trust.sub]) : []
  const subject = String(claims.sub ?? '')
  const allowed =
    !!trust &&
    subjects.some(p => stringLike(subject, p)) &&
    (trust.aud === undefined || audiences.includes(trust.aud))
  if (!role || !allowed)
    throw new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403)
  const duration = checkDuration(input.DurationSeconds, role, false)
  const creds = ctx.world.credentials.issueRoleSession(roleArn, sessionName, expiry(ctx, duration), false)
  return {
    Credentials: credentialsOutput(creds),
    SubjectFromWebIdentityToken: subject,
    AssumedRoleUser: { AssumedRoleId: creds.userId, Arn: creds.arn },
    PackedPolicySize: 0,
    Provider: `arn:aws:iam::${account.id}:oidc-provider/token.actions.githubusercontent.com`,
    Audience: audience
  }
}
