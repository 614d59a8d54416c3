// GitHub OIDC → AssumeRoleWithWebIdentity → AssumeRole chains through the real @aws-sdk/client-sts, and the
// refusals AWS gives, with the error names the SDK parses.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2'
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  type Credentials
} from '@aws-sdk/client-sts'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { APP, APP_KEYS, BASIC, ec2, errorOf, keysOf, manualClock, SHARED, sts } from './helpers.js'

const APP_ROLE = 'arn:aws:iam::222222222222:role/NetworkPreflight'
const READER = 'arn:aws:iam::333333333333:role/NetworkPreflightReader'

let sandbox: Sandbox
// Lifetimes and expiry are checked on the sandbox's clock, which moves only when a test moves it.
const clock = manualClock()

beforeAll(async () => {
  sandbox = await startSandbox(BASIC, { clock })
})
afterAll(() => sandbox.close())
afterEach(() => {
  sandbox.github.claims = {}
  sandbox.setKnobs({ credentialLifetimeSeconds: undefined, stsOutageAccounts: [] })
})

async function idToken(
  audience = 'sts.amazonaws.com',
  bearer = sandbox.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
): Promise<Response> {
  return fetch(`${sandbox.env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${bearer}` }
  })
}

async function token(audience?: string): Promise<string> {
  const res = await idToken(audience)
  return ((await res.json()) as { value: string }).value
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>
}

async function webIdentity(roleArn = APP_ROLE, jwt?: string, durationSeconds?: number): Promise<Credentials> {
  const out = await sts(sandbox).send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: roleArn,
      RoleSessionName: 'network-preflight',
      WebIdentityToken: jwt ?? (await token()),
      DurationSeconds: durationSeconds
    })
  )
  return out.Credentials!
}

describe('GitHub OIDC token endpoint', () => {
  it('answers core.getIDToken with a JWT carrying sub, aud, iss and exp', async () => {
    const saved = {
      url: process.env.ACTIONS_ID_TOKEN_REQUEST_URL,
      tok: process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    }
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = sandbox.env.ACTIONS_ID_TOKEN_REQUEST_URL
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = sandbox.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
    const stdout = process.stdout.write
    process.stdout.write = (() => true) as typeof process.stdout.write // core.setSecret prints ::add-mask::
    try {
      const core = await import('@actions/core')
      const jwt = await core.getIDToken('sts.amazonaws.com')
      const claims = claimsOf(jwt)
      expect(claims.sub).toBe('repo:example-org/infra:ref:refs/heads/main')
      expect(claims.aud).toBe('sts.amazonaws.com')
      expect(claims.iss).toBe('https://token.actions.githubusercontent.com')
      expect(claims.repository).toBe('example-org/infra')
      expect(Number(claims.exp) - Number(claims.iat)).toBe(300)
    } finally {
      process.stdout.write = stdout
      process.env.ACTIONS_ID_TOKEN_REQUEST_URL = saved.url
      process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = saved.tok
    }
    expect(sandbox.count({ service: 'oidc', ok: true })).toBe(1)
  })

  it('refuses a wrong request token and lets tests change the claims', async () => {
    const res = await idToken('sts.amazonaws.com', 'not-the-request-token')
    expect(res.status).toBe(401)
    sandbox.github.claims = { sub: 'repo:example-org/infra:pull_request', event_name: 'pull_request' }
    expect(claimsOf(await token()).sub).toBe('repo:example-org/infra:pull_request')
  })
})

describe('STS', () => {
  it('chains OIDC → AssumeRoleWithWebIdentity → AssumeRole (ExternalId) → EC2 in the second account', async () => {
    const jwt = await token()
    const client = sts(sandbox)
    const web = await client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: APP_ROLE,
        RoleSessionName: 'network-preflight',
        WebIdentityToken: jwt
      })
    )
    expect(web.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(web.Credentials!.Expiration).toBeInstanceOf(Date)
    expect(web.Credentials!.Expiration!.getTime()).toBe(clock.now() + 3600_000)
    expect(web.AssumedRoleUser!.Arn).toBe(
      'arn:aws:sts::222222222222:assumed-role/NetworkPreflight/network-preflight'
    )
    expect(web.SubjectFromWebIdentityToken).toBe('repo:example-org/infra:ref:refs/heads/main')
    expect(web.Audience).toBe('sts.amazonaws.com')
    expect(web.Provider).toBe('arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com')

    const asApp = sts(sandbox, keysOf(web.Credentials!))
    const me = await asApp.send(new GetCallerIdentityCommand({}))
    expect(me).toMatchObject({ Account: APP, Arn: web.AssumedRoleUser!.Arn })
    const chained = await asApp.send(
      new AssumeRoleCommand({
        RoleArn: READER,
        RoleSessionName: 'preflight-shared',
        ExternalId: 'shared-ext-1'
      })
    )
    const asShared = sts(sandbox, keysOf(chained.Credentials!))
    expect((await asShared.send(new GetCallerIdentityCommand({}))).Account).toBe(SHARED)
    const described = await ec2(sandbox, keysOf(chained.Credentials!)).send(new DescribeInstancesCommand({}))
    expect(described.Reservations!.flatMap(r => r.Instances!.map(i => i.InstanceId))).toEqual([
      'i-0ccccccccccccccc1'
    ])
    // The same token can be used for another role as well.
    const again = await webIdentity(APP_ROLE, jwt)
    expect(again.AccessKeyId).not.toBe(web.Credentials!.AccessKeyId)
    expect(sandbox.find({ service: 'sts', action: 'AssumeRole' })[0]).toMatchObject({
      account: SHARED,
      principal: web.AssumedRoleUser!.Arn
    })
  })

  it('refuses web identities the trust or the provider does not accept, with AWS’s errors', async () => {
    sandbox.github.claims = { sub: 'repo:someone-else/infra:ref:refs/heads/main' }
    const wrongSub = await errorOf(webIdentity())
    expect(wrongSub.name).toBe('AccessDenied')
    expect(wrongSub.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity')
    expect(wrongSub.$metadata?.httpStatusCode).toBe(403)
    sandbox.github.claims = {}

    const wrongAud = await errorOf(webIdentity(APP_ROLE, await token('https://github.com/example-org')))
    expect(wrongAud.name).toBe('InvalidIdentityTokenException')
    expect(wrongAud.message).toBe('Incorrect token audience')

    const noProvider = await errorOf(webIdentity('arn:aws:iam::444444444444:role/NoOidcHere'))
    expect(noProvider.name).toBe('InvalidIdentityTokenException')
    expect(noProvider.message).toContain('No OpenIDConnect provider found in your account')

    const jwt = await token()
    const [h, , s] = jwt.split('.')
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claimsOf(jwt), sub: 'repo:example-org/infra:x' })).toString('base64url')}.${s}`
    expect((await errorOf(webIdentity(APP_ROLE, forged))).name).toBe('InvalidIdentityTokenException')
    expect((await errorOf(webIdentity(APP_ROLE, 'not-a-jwt'))).name).toBe('InvalidIdentityTokenException')

    sandbox.github.claims = { exp: Math.floor(clock.now() / 1000) - 10 }
    const expired = await errorOf(webIdentity())
    expect(expired.name).toBe('ExpiredTokenException')

    sandbox.github.claims = {}
    expect((await errorOf(webIdentity('arn:aws:iam::222222222222:role/DoesNotExist'))).name).toBe(
      'AccessDenied'
    )
    expect((await webIdentity(APP_ROLE, undefined, 7200)).Expiration).toBeInstanceOf(Date)
    const tooLong = await errorOf(webIdentity(APP_ROLE, undefined, 10800))
    expect(tooLong.name).toBe('ValidationError')
    expect(tooLong.message).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
    )
  })

  it('refuses AssumeRole without the ExternalId, from untrusted principals, and chained sessions over an hour', async () => {
    const asApp = sts(sandbox, keysOf(await webIdentity()))
    const noExt = await errorOf(asApp.send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 's1' })))
    expect(noExt.name).toBe('AccessDenied')
    expect(noExt.message).toBe(
      `User: arn:aws:sts::222222222222:assumed-role/NetworkPreflight/network-preflight is not authorized to perform: sts:AssumeRole on resource: ${READER}`
    )
    const wrongExt = await errorOf(
      asApp.send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 's1', ExternalId: 'nope' }))
    )
    expect(wrongExt.name).toBe('AccessDenied')
    const chainedTooLong = await errorOf(
      asApp.send(
        new AssumeRoleCommand({
          RoleArn: READER,
          RoleSessionName: 's1',
          ExternalId: 'shared-ext-1',
          DurationSeconds: 7200
        })
      )
    )
    expect(chainedTooLong.name).toBe('ValidationError')
    expect(chainedTooLong.message).toContain('1 hour session limit for roles assumed by role chaining')
    const badName = await errorOf(
      asApp.send(
        new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'has space', ExternalId: 'shared-ext-1' })
      )
    )
    expect(badName.name).toBe('ValidationError')

    // Static keys of the app account: the role trusts the whole account (a 12-digit principal).
    const asUser = sts(sandbox, APP_KEYS)
    expect((await asUser.send(new GetCallerIdentityCommand({}))).Arn).toBe(
      'arn:aws:iam::222222222222:user/ci'
    )
    const open = await asUser.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::333333333333:role/OpenToAccount',
        RoleSessionName: 'user-session'
      })
    )
    expect(open.AssumedRoleUser!.Arn).toBe(
      'arn:aws:sts::333333333333:assumed-role/OpenToAccount/user-session'
    )
    const notTrusted = await errorOf(
      asUser.send(
        new AssumeRoleCommand({
          RoleArn: READER,
          RoleSessionName: 'user-session',
          ExternalId: 'shared-ext-1'
        })
      )
    )
    expect(notTrusted.name).toBe('AccessDenied')
  })

  it('expires the credentials it issued: RequestExpired from EC2, ExpiredToken from STS', async () => {
    sandbox.setKnobs({ credentialLifetimeSeconds: 0.05 })
    const creds = await webIdentity()
    expect(creds.Expiration!.getTime()).toBe(clock.now() + 50)
    clock.advance(49)
    expect((await sts(sandbox, keysOf(creds), 1).send(new GetCallerIdentityCommand({}))).Account).toBe(APP)
    clock.advance(1)
    const fromEc2 = await errorOf(
      ec2(sandbox, keysOf(creds), 'us-east-1', 1).send(new DescribeInstancesCommand({}))
    )
    expect(fromEc2.name).toBe('RequestExpired')
    const fromSts = await errorOf(sts(sandbox, keysOf(creds), 1).send(new GetCallerIdentityCommand({})))
    expect(fromSts.name).toBe('ExpiredToken')
    expect(fromSts.$metadata?.httpStatusCode).toBe(403)
  })

  it('simulates an STS outage for one account: 503 ServiceUnavailable after the SDK’s retries', async () => {
    sandbox.setKnobs({ stsOutageAccounts: ['shared'] })
    const before = sandbox.count({ service: 'sts', action: 'AssumeRole' })
    const asUser = sts(sandbox, APP_KEYS, 2)
    const down = await errorOf(
      asUser.send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::333333333333:role/OpenToAccount',
          RoleSessionName: 'user-session'
        })
      )
    )
    expect(down.name).toBe('ServiceUnavailable')
    expect(down.$metadata?.httpStatusCode).toBe(503)
    expect(sandbox.count({ service: 'sts', action: 'AssumeRole' }) - before).toBe(2)
    expect((await asUser.send(new GetCallerIdentityCommand({}))).Account).toBe(APP) // other accounts are fine
  })
})
