// Credentials for every account in the config, and the EC2 clients signed with them.
//
// Base credentials:
//   action + role-to-assume → AssumeRoleWithWebIdentity(role-to-assume) with the run's GitHub OIDC token;
//   otherwise              → the SDK default chain (env vars, AWS_PROFILE / --profile, SSO, IMDS, …).
// Per account with role_arn (documented rule):
//   role_arn equals role-to-assume                → the base credentials;
//   OIDC and `assume: web-identity`               → AssumeRoleWithWebIdentity with the same token;
//   OIDC and `assume: chain`                      → AssumeRole signed by the base credentials (ExternalId if set);
//   OIDC and `assume: auto` (default)             → web identity first; if the role refuses the token
//                                                   (AccessDenied / InvalidIdentityToken) → chain; the winner
//                                                   is remembered for the account (refreshes reuse it);
//   no OIDC (CLI, or credentials already present) → AssumeRole from the base credentials, unless those
//                                                   already are a session of that role (AccessDenied + the
//                                                   caller is that role → use them as they are).
// Accounts without role_arn use the base credentials.
// Every account's id is confirmed once with GetCallerIdentity. Credentials refresh through the SDK's own
// identity memoization (re-fetched when less than 5 minutes from expiry), not through timers.
import { EC2Client } from '@aws-sdk/client-ec2'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall'
import { RDSClient } from '@aws-sdk/client-rds'
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  type Credentials as StsCredentials
} from '@aws-sdk/client-sts'
import type { Account, PreflightConfig } from '../model.js'
import {
  assumeRoleError,
  errorMessage,
  idTokenError,
  isTokenRefusal,
  noCredentialsError,
  stsErrorCode,
  webIdentityError
} from './errors.js'
import { decodeJwtClaims, DEFAULT_AUDIENCE } from './oidc.js'
import { AWS_RETRY_SETTINGS } from './retry.js'
import { SecretKeeper } from './secrets.js'
import { isSessionOfRole, sameRole, sanitizeSessionName } from './session.js'
import { AuthError, type AccountAuthMethod, type AccountAuthStatus, type AwsClientProvider } from './types.js'
import { limitEc2Rate, type Ec2RateLimits } from './rate-limit.js'

/** A chained role session (AssumeRole from role credentials) may last at most one hour. */
export const CHAINED_SESSION_SECONDS = 3600
/** A cached OIDC token is replaced this long before its `exp`. */
const TOKEN_REFRESH_MARGIN_MS = 60_000

export interface ClientProviderOptions {
  mode: 'action' | 'cli'
  /** The action's `role-to-assume` input: the base role, assumed with the run's OIDC token. */
  roleToAssume?: string
  /** OIDC audience; default `sts.amazonaws.com`. */
  audience?: string
  /** Injected by the action (core.getIDToken); auth never imports @actions/*. */
  getIdToken?: (audience: string) => Promise<string>
  /** Injected by the action (core.setSecret); called on every token, key id, secret key and session token. */
  maskSecret?: (value: string) => void
  /** CLI --profile or defaults.auth.profile: used by the default credential chain. */
  profile?: string
  /** Identifies the run in CloudTrail, e.g. "np-org-infra-123456789"; sanitised for STS. */
  sessionName: string
  /** Region of the STS endpoint used for every STS call. */
  baseRegion: string
  /** Debug lines; never receives secrets. */
  log?: (line: string) => void
  /** Environment to consult (ACTIONS_ID_TOKEN_REQUEST_URL); default process.env. */
  env?: Record<string, string | undefined>
  /** EC2 request buckets to pace calls by, per (account, region); default AWS's documented ones. */
  ec2RateLimits?: Ec2RateLimits
}

export interface PreflightClientProvider extends AwsClientProvider {
  /** Where the named account stands (pending until something needs it). */
  accountStatus(account: string): AccountAuthStatus
  /** Every account of the config, in config order. */
  accountStatuses(): AccountAuthStatus[]
  /** Assumes and confirms the given accounts (default: all) concurrently; never rejects. */
  verifyAccounts(accounts?: string[]): Promise<AccountAuthStatus[]>
  /** Destroys every client it created. */
  close(): void
}

interface TemporaryCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}

type CredentialSource = () => Promise<TemporaryCredentials>

interface AccountSession {
  /** The SDK-memoized provider of this account's credentials, shared by all its clients. */
  credentials: STSClient['config']['credentials']
  accountId: string
}

interface OidcToken {
  value: string
  expiresAtMs?: number
}

export function createClientProvider(
  config: PreflightConfig,
  options: ClientProviderOptions
): PreflightClientProvider {
  const env = options.env ?? process.env
  const audience = options.audience ?? DEFAULT_AUDIENCE
  const secrets = new SecretKeeper(options.maskSecret)
  const sessionName = sanitizeSessionName(options.sessionName)
  const roleToAssume =
    options.mode === 'action' && options.roleToAssume ? options.roleToAssume.trim() : undefined
  const log = (line: string): void => options.log?.(secrets.redact(line))

  const created: Array<{ destroy(): void }> = []
  const newSts = (credentials?: CredentialSource, profile?: string): STSClient => {
    // No `endpoint`: AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL must keep working.
    const client = new STSClient({
      region: options.baseRegion,
      ...AWS_RETRY_SETTINGS,
      ...(credentials ? { credentials } : {}),
      ...(profile ? { profile } : {})
    })
    created.push(client)
    return client
  }

  /** STS credentials → SDK identity, masked before anything else touches them. */
  const toCredentials = (raw: StsCredentials | undefined, what: string): TemporaryCredentials => {
    secrets.mask(raw?.AccessKeyId)
    secrets.mask(raw?.SecretAccessKey)
    secrets.mask(raw?.SessionToken)
    if (!raw?.AccessKeyId || !raw.SecretAccessKey)
      throw new AuthError(`STS returned no credentials for ${what}.`)
    return {
      accessKeyId: raw.AccessKeyId,
      secretAccessKey: raw.SecretAccessKey,
      sessionToken: raw.SessionToken,
      expiration: raw.Expiration
    }
  }

  // --- the run's OIDC token: fetched once, replaced only when close to its expiry ---
  let tokenRequest: Promise<OidcToken> | undefined
  let lastToken = ''
  const requestToken = async (): Promise<OidcToken> => {
    if (!options.getIdToken) {
      throw new AuthError(
        'role-to-assume is set but no way to get an OIDC token was provided (getIdToken missing).'
      )
    }
    let value: string
    try {
      value = await options.getIdToken(audience)
    } catch (error) {
      throw idTokenError(error, env)
    }
    secrets.mask(value)
    lastToken = value
    const exp = decodeJwtClaims(value)?.exp
    log(`auth: got a GitHub OIDC token (audience ${audience})`)
    return { value, expiresAtMs: typeof exp === 'number' ? exp * 1000 : undefined }
  }
  const oidcToken = async (fresh = false): Promise<string> => {
    if (tokenRequest && !fresh) {
      const token = await tokenRequest // a failure stays cached: the permission will not appear mid-run
      if (token.expiresAtMs === undefined || token.expiresAtMs - Date.now() > TOKEN_REFRESH_MARGIN_MS)
        return token.value
    }
    tokenRequest = requestToken()
    return (await tokenRequest).value
  }

  // AssumeRoleWithWebIdentity is unsigned, so this client needs no credentials.
  let anonymousSts: STSClient | undefined
  /** Raw AssumeRoleWithWebIdentity: SDK errors propagate unmapped so callers can decide (auto mode). */
  const webIdentity = async (
    roleArn: string
  ): Promise<{ credentials: TemporaryCredentials; callerArn?: string }> => {
    anonymousSts ??= newSts()
    for (let attempt = 0; ; attempt++) {
      const token = await oidcToken(attempt > 0)
      try {
        const out = await anonymousSts.send(
          new AssumeRoleWithWebIdentityCommand({
            RoleArn: roleArn,
            RoleSessionName: sessionName,
            WebIdentityToken: token
          })
        )
        return { credentials: toCredentials(out.Credentials, roleArn), callerArn: out.AssumedRoleUser?.Arn }
      } catch (error) {
        // A token that expired in flight is worth one retry with a fresh one.
        if (attempt === 0 && stsErrorCode(error) === 'ExpiredToken') continue
        throw error
      }
    }
  }

  // --- base credentials ---
  let baseCallerArn: string | undefined
  let baseFailure: AuthError | undefined
  let baseSource: CredentialSource
  if (roleToAssume) {
    baseSource = async () => {
      try {
        const { credentials, callerArn } = await webIdentity(roleToAssume)
        baseCallerArn = callerArn
        log(`auth: base credentials: ${roleToAssume} via AssumeRoleWithWebIdentity (session ${sessionName})`)
        return credentials
      } catch (error) {
        if (error instanceof AuthError) throw error
        throw webIdentityError(error, { roleArn: roleToAssume, token: lastToken, audience })
      }
    }
  } else {
    // The SDK's default chain (with `profile` when given), memoized by the SDK inside this client.
    const defaultChain = newSts(undefined, options.profile)
    baseSource = async () => {
      try {
        const credentials = await defaultChain.config.credentials()
        secrets.maskCredentials(credentials)
        return credentials
      } catch (error) {
        throw noCredentialsError(error, { mode: options.mode, profile: options.profile })
      }
    }
  }
  const guardedBaseSource: CredentialSource = async () => {
    if (baseFailure) throw baseFailure
    try {
      return await baseSource()
    } catch (error) {
      baseFailure =
        error instanceof AuthError
          ? error
          : new AuthError(`Base AWS credentials failed: ${errorMessage(error)}`)
      throw baseFailure
    }
  }
  // Signs AssumeRole for chaining; its config.credentials is the memoized base identity.
  const baseSts = newSts(guardedBaseSource)
  const baseCredentials: CredentialSource = () => baseSts.config.credentials()
  const baseCaller = async (): Promise<string | undefined> => {
    if (baseCallerArn) return baseCallerArn
    try {
      baseCallerArn = (await baseSts.send(new GetCallerIdentityCommand({}))).Arn
    } catch {
      // Only used to word messages.
    }
    return baseCallerArn
  }

  /** Raw AssumeRole signed by the base credentials; base failures arrive as AuthErrors. */
  const assumeFromBase = async (account: Account, roleArn: string): Promise<TemporaryCredentials> => {
    await baseCredentials()
    const out = await baseSts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        DurationSeconds: CHAINED_SESSION_SECONDS,
        ...(account.externalId ? { ExternalId: account.externalId } : {})
      })
    )
    return toCredentials(out.Credentials, roleArn)
  }

  // --- per-account status and sources ---
  const statuses = new Map<string, AccountAuthStatus>()
  for (const account of Object.values(config.accounts)) {
    statuses.set(account.name, {
      account: account.name,
      state: 'pending',
      ...(account.roleArn ? { roleArn: account.roleArn } : {}),
      ...(account.accountId ? { expectedAccountId: account.accountId } : {})
    })
  }
  const statusOf = (name: string): AccountAuthStatus => {
    let status = statuses.get(name)
    if (!status) {
      status = { account: name, state: 'pending' }
      statuses.set(name, status)
    }
    return status
  }
  const used = (account: Account, method: AccountAuthMethod): void => {
    const status = statusOf(account.name)
    if (status.method !== method)
      log(
        `auth: account ${account.name}: credentials via ${method}${account.roleArn ? ` (${account.roleArn})` : ''}`
      )
    status.method = method
  }

  const chainError = async (
    error: unknown,
    account: Account,
    roleArn: string,
    withAccount: boolean
  ): Promise<AuthError> => {
    if (error instanceof AuthError) return error
    const callerArn = await baseCaller()
    return assumeRoleError(error, {
      roleArn,
      callerArn,
      externalId: account.externalId,
      account: withAccount ? account.name : undefined,
      chained: callerArn?.includes(':assumed-role/') ?? Boolean(roleToAssume)
    })
  }

  const sourceFor = (account: Account): CredentialSource => {
    const roleArn = account.roleArn
    if (!roleArn || (roleToAssume && sameRole(roleArn, roleToAssume))) {
      return async () => {
        const credentials = await baseCredentials()
        used(account, 'base')
        return credentials
      }
    }
    const viaWebIdentity = async (): Promise<TemporaryCredentials> => {
      try {
        const { credentials } = await webIdentity(roleArn)
        used(account, 'web-identity')
        return credentials
      } catch (error) {
        if (error instanceof AuthError) throw error
        throw webIdentityError(error, { roleArn, token: lastToken, audience, account: account.name })
      }
    }
    const viaChain = async (): Promise<TemporaryCredentials> => {
      try {
        const credentials = await assumeFromBase(account, roleArn)
        used(account, 'chain')
        return credentials
      } catch (error) {
        throw await chainError(error, account, roleArn, true)
      }
    }
    if (roleToAssume) {
      if (account.assume === 'web-identity') return viaWebIdentity
      if (account.assume === 'chain') return viaChain
      let chosen: 'web-identity' | 'chain' | undefined
      return async () => {
        if (chosen === 'web-identity') return viaWebIdentity()
        if (chosen === 'chain') return viaChain()
        let tokenRefusal: unknown
        try {
          const { credentials } = await webIdentity(roleArn)
          chosen = 'web-identity'
          used(account, 'web-identity')
          return credentials
        } catch (error) {
          if (error instanceof AuthError) throw error
          if (!isTokenRefusal(error))
            throw webIdentityError(error, { roleArn, token: lastToken, audience, account: account.name })
          tokenRefusal = error
        }
        log(
          `auth: account ${account.name}: ${roleArn} refused the OIDC token (${stsErrorCode(tokenRefusal)}); chaining from ${roleToAssume}`
        )
        try {
          const credentials = await assumeFromBase(account, roleArn)
          chosen = 'chain'
          used(account, 'chain')
          return credentials
        } catch (error) {
          if (error instanceof AuthError) throw error
          const direct = webIdentityError(tokenRefusal, { roleArn, token: lastToken, audience })
          const chained = await chainError(error, account, roleArn, false)
          throw new AuthError(
            `account "${account.name}": role ${roleArn} could be assumed neither with the OIDC token nor by chaining from ${roleToAssume} ` +
              `(assume: auto tries both). Make one of them work:\n1) web identity: ${direct.message}\n2) chaining: ${chained.message}`,
            account.name
          )
        }
      }
    }
    // No OIDC: the base credentials assume the role, unless they already are that role.
    let alreadyThatRole = false
    return async () => {
      if (alreadyThatRole) return baseCredentials()
      try {
        const credentials = await assumeFromBase(account, roleArn)
        used(account, 'chain')
        return credentials
      } catch (error) {
        if (!(error instanceof AuthError) && stsErrorCode(error) === 'AccessDenied') {
          const callerArn = await baseCaller()
          if (callerArn && isSessionOfRole(callerArn, roleArn)) {
            alreadyThatRole = true
            used(account, 'base')
            return baseCredentials()
          }
        }
        throw await chainError(error, account, roleArn, true)
      }
    }
  }

  const prepareAccount = async (name: string): Promise<AccountSession> => {
    const status = statusOf(name)
    try {
      const account = config.accounts[name]
      if (!account)
        throw new AuthError(
          `Unknown account "${name}": it is not declared under \`accounts:\` in ${config.file}.`,
          name
        )
      const source = sourceFor(account)
      // Per-account STS client: its config.credentials is the SDK's memoized (auto-refreshing) identity.
      const sts = newSts(async () => {
        const credentials = await source()
        secrets.maskCredentials(credentials)
        return credentials
      })
      const credentials = sts.config.credentials
      await credentials()
      let identity
      try {
        identity = await sts.send(new GetCallerIdentityCommand({}))
      } catch (error) {
        throw new AuthError(
          `account "${name}": GetCallerIdentity failed (${stsErrorCode(error) ?? 'Error'}: ${errorMessage(error)}).`,
          name
        )
      }
      const confirmed = identity.Account
      if (!confirmed)
        throw new AuthError(`account "${name}": GetCallerIdentity returned no account id.`, name)
      if (account.accountId && account.accountId !== confirmed) {
        const declaredBy = account.roleArn ? `role_arn ${account.roleArn}` : 'account_id'
        throw new AuthError(
          `account "${name}": the config expects account ${account.accountId} (from ${declaredBy}) but the credentials ` +
            `belong to account ${confirmed} (${identity.Arn ?? 'unknown caller'}). Fix role_arn/account_id in ${config.file}, ` +
            'or use credentials for the intended account.',
          name
        )
      }
      status.state = 'ok'
      status.accountId = confirmed
      if (identity.Arn) status.callerArn = identity.Arn
      log(`auth: account ${name} confirmed as ${confirmed}${identity.Arn ? ` (${identity.Arn})` : ''}`)
      return { credentials, accountId: confirmed }
    } catch (error) {
      const message = secrets.redact(
        error instanceof AuthError ? error.message : `account "${name}": ${errorMessage(error)}`
      )
      status.state = 'error'
      status.error = message
      log(`auth: account ${name} unavailable: ${message.split('\n')[0]}`)
      throw new AuthError(message, name)
    }
  }

  const sessions = new Map<string, Promise<AccountSession>>()
  const session = (name: string): Promise<AccountSession> => {
    let pending = sessions.get(name)
    if (!pending) {
      pending = prepareAccount(name)
      pending.catch(() => undefined) // callers get the rejection; avoid unhandled-rejection noise
      sessions.set(name, pending)
    }
    return pending
  }

  const ec2Clients = new Map<string, EC2Client>()
  let closed = false

  // Managed-service clients: same account credentials and retry policy as EC2. They are read a handful of
  // times per run (resolution only), so the SDK's adaptive retry is their only pacing. No `endpoint`:
  // AWS_ENDPOINT_URL_<SERVICE> / AWS_ENDPOINT_URL must keep working.
  type ClientConfig = {
    region: string
    credentials: AccountSession['credentials']
  } & typeof AWS_RETRY_SETTINGS
  const serviceClients = new Map<string, { destroy(): void }>()
  const serviceClient =
    <C extends { destroy(): void }>(service: string, make: (config: ClientConfig) => C) =>
    async (account: string, region: string): Promise<C> => {
      if (closed) throw new AuthError('The AWS client provider was closed.')
      const { credentials } = await session(account)
      const key = `${service}\u0000${account}\u0000${region}`
      let client = serviceClients.get(key) as C | undefined
      if (!client) {
        client = make({ region, credentials, ...AWS_RETRY_SETTINGS })
        serviceClients.set(key, client)
      }
      return client
    }

  return {
    async ec2(account: string, region: string): Promise<EC2Client> {
      if (closed) throw new AuthError('The AWS client provider was closed.')
      const { credentials } = await session(account)
      const key = `${account}\u0000${region}`
      let client = ec2Clients.get(key)
      if (!client) {
        // No `endpoint`: AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL must keep working.
        client = new EC2Client({ region, credentials, ...AWS_RETRY_SETTINGS })
        limitEc2Rate(client, options.ec2RateLimits)
        ec2Clients.set(key, client)
      }
      return client
    },
    async accountId(account: string): Promise<string> {
      return (await session(account)).accountId
    },
    lambda: serviceClient('lambda', config => new LambdaClient(config)),
    rds: serviceClient('rds', config => new RDSClient(config)),
    elbv2: serviceClient('elbv2', config => new ElasticLoadBalancingV2Client(config)),
    networkFirewall: serviceClient('network-firewall', config => new NetworkFirewallClient(config)),
    ecs: serviceClient('ecs', config => new ECSClient(config)),
    accountStatus(account: string): AccountAuthStatus {
      return { ...statusOf(account) }
    },
    accountStatuses(): AccountAuthStatus[] {
      return Object.keys(config.accounts).map(name => ({ ...statusOf(name) }))
    },
    async verifyAccounts(accounts?: string[]): Promise<AccountAuthStatus[]> {
      const names = accounts ?? Object.keys(config.accounts)
      await Promise.allSettled(names.map(name => session(name)))
      return names.map(name => ({ ...statusOf(name) }))
    },
    close(): void {
      closed = true
      for (const client of ec2Clients.values()) client.destroy()
      for (const client of serviceClients.values()) client.destroy()
      for (const client of created) client.destroy()
      ec2Clients.clear()
      serviceClients.clear()
    }
  }
}
