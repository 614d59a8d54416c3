// Public surface of the credentials layer. Nothing else in the project talks to STS.
export { AuthError, type AccountAuthMethod, type AccountAuthStatus, type AwsClientProvider } from './types.js'
export {
  CHAINED_SESSION_SECONDS,
  createClientProvider,
  type ClientProviderOptions,
  type PreflightClientProvider
} from './provider.js'
export { AWS_RETRY_SETTINGS, type AwsRetrySettings } from './retry.js'
export {
  EC2_RATE_LIMITS,
  TokenBucket,
  isMutatingEc2Command,
  limitEc2Rate,
  type BucketSpec,
  type Ec2RateLimits
} from './rate-limit.js'
export {
  decodeJwtClaims,
  DEFAULT_AUDIENCE,
  GITHUB_OIDC_ISSUER,
  ID_TOKEN_PERMISSIONS_BLOCK,
  oidcAvailability,
  type GithubTokenClaims,
  type OidcAvailability,
  type OidcUnavailableReason
} from './oidc.js'
export { isSessionOfRole, parseRoleArn, sameRole, sanitizeSessionName, type RoleArnParts } from './session.js'
export { stsErrorCode } from './errors.js'
