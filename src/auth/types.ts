import type { EC2Client } from '@aws-sdk/client-ec2'
import type { ECSClient } from '@aws-sdk/client-ecs'
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { LambdaClient } from '@aws-sdk/client-lambda'
import type { NetworkFirewallClient } from '@aws-sdk/client-network-firewall'
import type { RDSClient } from '@aws-sdk/client-rds'

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
  /**
   * Clients of the managed services whose selectors resolve to network interfaces or ARNs (lambda, rds,
   * load_balancer, network_firewall, ecs_service), signed as the same account, in the region.
   */
  lambda(account: string, region: string): Promise<LambdaClient>
  rds(account: string, region: string): Promise<RDSClient>
  elbv2(account: string, region: string): Promise<ElasticLoadBalancingV2Client>
  networkFirewall(account: string, region: string): Promise<NetworkFirewallClient>
  ecs(account: string, region: string): Promise<ECSClient>
}

/** The managed-service getters of AwsClientProvider, for providers (and fakes) that build them alike. */
export type ManagedServiceClientGetters = Pick<
  AwsClientProvider,
  'lambda' | 'rds' | 'elbv2' | 'networkFirewall' | 'ecs'
>

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
