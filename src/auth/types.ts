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
