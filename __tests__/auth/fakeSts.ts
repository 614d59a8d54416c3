// A small STS stand-in behind aws-sdk-client-mock: roles with trust rules, credentials that know who they
// belong to, and a record of every secret it hands out, in order with mask and log events.
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException
} from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import type { Account, PreflightConfig } from '../../src/model.js'

export interface FakeRole {
  arn: string
  /** Accepts AssumeRoleWithWebIdentity with a token whose sub matches. */
  trustsSub?: string
  /** Caller role ARNs (the role part) allowed to AssumeRole into this one. */
  trustsRoles?: string[]
  /** When set, AssumeRole must carry exactly this ExternalId. */
  externalId?: string
  /** No OIDC provider in its account: web identity fails with InvalidIdentityToken. */
  noOidcProvider?: boolean
}

export interface Identity {
  accountId: string
  arn: string
  roleArn?: string
}

export type StsEvent =
  { kind: 'issued'; secrets: string[] } | { kind: 'mask'; value: string } | { kind: 'log'; line: string }

export const SUB = 'repo:acme/infra:pull_request'

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value))
    .toString('base64')
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

/** A JWT-shaped GitHub token (unsigned: nothing here verifies it). */
export function githubToken(claims: Record<string, unknown> = {}): string {
  const payload = {
    iss: 'https://token.actions.githubusercontent.com',
    sub: SUB,
    aud: 'sts.amazonaws.com',
    repository: 'acme/infra',
    exp: Math.floor(Date.now() / 1000) + 300,
    ...claims
  }
  return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(payload)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`
}

function accountOf(roleArn: string): string {
  return /:iam::(\d{12}):/.exec(roleArn)?.[1] ?? '000000000000'
}

function roleNameOf(roleArn: string): string {
  return roleArn.split('/').pop() ?? 'role'
}

export function stsError(name: string, message: string): STSServiceException {
  return new STSServiceException({ name, $fault: 'client', message, $metadata: { httpStatusCode: 403 } })
}

export class FakeSts {
  readonly mock = mockClient(STSClient)
  readonly events: StsEvent[] = []
  readonly issuedSecrets: string[] = []
  private readonly roles = new Map<string, FakeRole>()
  private readonly identities = new Map<string, Identity>()
  private serial = 0
  /** Lifetime of issued credentials. */
  lifetimeMs = 3_600_000

  constructor(roles: FakeRole[], defaultIdentity?: { accessKeyId: string; identity: Identity }) {
    for (const role of roles) this.roles.set(role.arn, role)
    if (defaultIdentity) this.identities.set(defaultIdentity.accessKeyId, defaultIdentity.identity)
    this.mock.on(AssumeRoleWithWebIdentityCommand).callsFake(input => this.webIdentity(input))
    this.mock.on(AssumeRoleCommand).callsFake((input, getClient) => this.assumeRole(input, getClient))
    this.mock.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      const identity = await this.callerOf(getClient)
      return { Account: identity.accountId, Arn: identity.arn, UserId: 'AROAEXAMPLE:session' }
    })
  }

  /** Options hooks that record mask and log events in order. */
  hooks(): { maskSecret: (value: string) => void; log: (line: string) => void } {
    return {
      maskSecret: value => this.events.push({ kind: 'mask', value }),
      log: line => this.events.push({ kind: 'log', line })
    }
  }

  /** The OIDC token, as one more secret the provider must mask. */
  recordToken(token: string): string {
    this.issuedSecrets.push(token)
    this.events.push({ kind: 'issued', secrets: [token] })
    return token
  }

  restore(): void {
    this.mock.restore()
  }

  private issue(roleArn: string, sessionName: string) {
    const n = ++this.serial
    const name = roleNameOf(roleArn)
    const accessKeyId = `ASIAFAKE${String(n).padStart(4, '0')}${name.toUpperCase()}`
    const secretAccessKey = `secret/${n}/${name}/wJalrXUtnFEMIK7MDENGbPxRfiCY`
    const sessionToken = `FwoGZXIvYXdzE-session-${n}-${name}-token`
    this.identities.set(accessKeyId, {
      accountId: accountOf(roleArn),
      arn: `arn:aws:sts::${accountOf(roleArn)}:assumed-role/${name}/${sessionName}`,
      roleArn
    })
    const secrets = [accessKeyId, secretAccessKey, sessionToken]
    this.issuedSecrets.push(...secrets)
    this.events.push({ kind: 'issued', secrets })
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: secretAccessKey,
        SessionToken: sessionToken,
        Expiration: new Date(Date.now() + this.lifetimeMs)
      },
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${accountOf(roleArn)}:assumed-role/${name}/${sessionName}`,
        AssumedRoleId: `AROA:${sessionName}`
      }
    }
  }

  private webIdentity(input: { RoleArn?: string; WebIdentityToken?: string; RoleSessionName?: string }) {
    const role = this.roles.get(input.RoleArn ?? '')
    if (!role) throw stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
    if (role.noOidcProvider) {
      throw stsError(
        'InvalidIdentityTokenException',
        `No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com`
      )
    }
    const payload = JSON.parse(
      Buffer.from((input.WebIdentityToken ?? '').split('.')[1] ?? '', 'base64').toString('utf8') || '{}'
    )
    if (!role.trustsSub || payload.sub !== role.trustsSub) {
      throw stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity')
    }
    return this.issue(role.arn, input.RoleSessionName ?? 'session')
  }

  private async callerOf(getClient: () => STSClient): Promise<Identity> {
    const credentials = await getClient().config.credentials()
    const identity = this.identities.get(credentials.accessKeyId)
    if (!identity)
      throw stsError('InvalidClientTokenId', 'The security token included in the request is invalid.')
    return identity
  }

  private async assumeRole(
    input: { RoleArn?: string; RoleSessionName?: string; ExternalId?: string; DurationSeconds?: number },
    getClient: () => STSClient
  ) {
    const caller = await this.callerOf(getClient)
    const role = this.roles.get(input.RoleArn ?? '')
    const denied = stsError(
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`
    )
    if (!role || !caller.roleArn || !(role.trustsRoles ?? []).includes(caller.roleArn)) throw denied
    if (role.externalId !== undefined && role.externalId !== input.ExternalId) throw denied
    if (caller.roleArn && (input.DurationSeconds ?? 3600) > 3600) {
      throw stsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
      )
    }
    return this.issue(role.arn, input.RoleSessionName ?? 'session')
  }
}

const LOCATION = { file: 'preflight.yaml', line: 1, column: 1 }

export function account(name: string, fields: Partial<Account> = {}): Account {
  const accountId = fields.accountId ?? (fields.roleArn ? accountOf(fields.roleArn) : undefined)
  return {
    name,
    regions: ['us-east-1'],
    assume: 'auto',
    location: LOCATION,
    ...fields,
    ...(accountId ? { accountId } : {})
  }
}

export function configWith(...accounts: Account[]): PreflightConfig {
  return {
    version: 1,
    file: 'preflight.yaml',
    defaults: { region: 'us-east-1', auth: { mode: 'default' } },
    accounts: Object.fromEntries(accounts.map(a => [a.name, a])),
    assertions: []
  }
}
