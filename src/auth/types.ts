import type { EC2Client } from '@aws-sdk/client-ec2'

/**
 * The seam between credentials and everything that calls EC2.
 * Resolve and analyze ask for a client per (account name, region) and never see credentials.
 * Implementations cache clients and refresh credentials before they expire.
 */
export interface AwsClientProvider {
  /** An EC2 client signed as the named account (from `accounts:` in the config), in the region. */
  ec2(account: string, region: string): Promise<EC2Client>
  /** The 12-digit account id confirmed by GetCallerIdentity (called once per account). */
  accountId(account: string): Promise<string>
}

/** A credential or trust failure that names its cause and fix; safe to show to users. */
export class AuthError extends Error {
  constructor(
    message: string,
    /** Which account it concerns, when it concerns one. */
    readonly account?: string
  ) {
    super(message)
    this.name = 'AuthError'
  }
}

/** How an account's credentials were obtained, for reports and debugging. */
export type AccountAuthMethod =
  /** The base credentials themselves (no role_arn, or role_arn equals role-to-assume / the current role). */
  | 'base'
  /** AssumeRoleWithWebIdentity with the run's GitHub OIDC token. */
  | 'web-identity'
  /** AssumeRole signed by the base credentials (role chaining when those are a role session). */
  | 'chain'

/** Where an account stands, for reports: errors here explain which assertions could not run. */
export interface AccountAuthStatus {
  account: string
  /** `pending` until something asked for the account (or while its role is being assumed). */
  state: 'pending' | 'ok' | 'error'
  roleArn?: string
  /** The id the config declares (from role_arn or account_id). */
  expectedAccountId?: string
  /** The id GetCallerIdentity confirmed. */
  accountId?: string
  /** The identity the account's calls run as (an assumed-role ARN). */
  callerArn?: string
  method?: AccountAuthMethod
  /** The AuthError's message when state is `error`. */
  error?: string
}
