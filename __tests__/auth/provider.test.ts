import { afterEach, describe, expect, it } from '@jest/globals'
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand
} from '@aws-sdk/client-sts'
import {
  AWS_RETRY_SETTINGS,
  AuthError,
  createClientProvider,
  type PreflightClientProvider
} from '../../src/auth/index.js'
import { account, configWith, FakeSts, githubToken, stsError, SUB } from './fakeSts.js'

const BASE = 'arn:aws:iam::111111111111:role/NetworkPreflightBase'
const APP = 'arn:aws:iam::222222222222:role/NetworkPreflight'
const SHARED = 'arn:aws:iam::333333333333:role/NetworkPreflight'
const LEGACY = 'arn:aws:iam::444444444444:role/NetworkPreflight'
const ACTION_ENV = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.actions.githubusercontent.com/token' }

let sts: FakeSts | undefined
let provider: PreflightClientProvider | undefined

afterEach(() => {
  provider?.close()
  provider = undefined
  sts?.restore()
  sts = undefined
})

/** Everything the run would have put in a log or a message, for secret checks. */
function logLines(fake: FakeSts): string[] {
  return fake.events.flatMap(event => (event.kind === 'log' ? [event.line] : []))
}

function expectNoSecretIn(text: string, fake: FakeSts): void {
  for (const secret of fake.issuedSecrets) expect(text).not.toContain(secret)
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError)
    return error as AuthError
  }
  throw new Error('expected a rejection')
}

function actionProvider(fake: FakeSts, config: ReturnType<typeof configWith>, token = githubToken()) {
  const calls: string[] = []
  const created = createClientProvider(config, {
    mode: 'action',
    roleToAssume: BASE,
    getIdToken: async audience => {
      calls.push(audience)
      return fake.recordToken(token)
    },
    sessionName: 'np acme/infra run#123456789',
    baseRegion: 'us-east-1',
    env: ACTION_ENV,
    ...fake.hooks()
  })
  return { provider: created, tokenCalls: calls }
}

describe('action with role-to-assume (OIDC)', () => {
  it('assumes the base role with one token, then each account by web identity, chaining or the base itself', async () => {
    sts = new FakeSts([
      { arn: BASE, trustsSub: SUB },
      { arn: APP, trustsSub: SUB },
      { arn: SHARED, trustsRoles: [BASE], externalId: 'shared-ext' }
    ])
    const config = configWith(
      account('app', { roleArn: APP, assume: 'web-identity' }),
      account('shared', { roleArn: SHARED, assume: 'chain', externalId: 'shared-ext' }),
      account('home', { roleArn: BASE }),
      account('plain', { accountId: '111111111111' })
    )
    const built = actionProvider(sts, config)
    provider = built.provider

    expect(await provider.accountId('app')).toBe('222222222222')
    expect(await provider.accountId('shared')).toBe('333333333333')
    expect(await provider.accountId('home')).toBe('111111111111')
    expect(await provider.accountId('plain')).toBe('111111111111')

    expect(built.tokenCalls).toEqual(['sts.amazonaws.com'])
    const webCalls = sts.mock.commandCalls(AssumeRoleWithWebIdentityCommand).map(call => call.args[0].input)
    expect(webCalls.map(input => input.RoleArn).sort()).toEqual([APP, BASE].sort())
    expect(new Set(webCalls.map(input => input.WebIdentityToken)).size).toBe(1)
    expect(webCalls[0].RoleSessionName).toBe('np-acme-infra-run-123456789')

    const chained = sts.mock.commandCalls(AssumeRoleCommand).map(call => call.args[0].input)
    expect(chained).toEqual([
      {
        RoleArn: SHARED,
        RoleSessionName: 'np-acme-infra-run-123456789',
        DurationSeconds: 3600,
        ExternalId: 'shared-ext'
      }
    ])
    // One GetCallerIdentity per account, no more.
    expect(sts.mock.commandCalls(GetCallerIdentityCommand)).toHaveLength(4)
    await provider.accountId('app')
    expect(sts.mock.commandCalls(GetCallerIdentityCommand)).toHaveLength(4)

    expect(provider.accountStatuses().map(s => [s.account, s.state, s.method, s.accountId])).toEqual([
      ['app', 'ok', 'web-identity', '222222222222'],
      ['shared', 'ok', 'chain', '333333333333'],
      ['home', 'ok', 'base', '111111111111'],
      ['plain', 'ok', 'base', '111111111111']
    ])
    expect(provider.accountStatus('shared').callerArn).toBe(
      'arn:aws:sts::333333333333:assumed-role/NetworkPreflight/np-acme-infra-run-123456789'
    )
  })

  it('auto tries the token first, falls back to chaining when the role refuses it, and remembers that', async () => {
    sts = new FakeSts([
      { arn: BASE, trustsSub: SUB },
      { arn: APP, trustsSub: SUB },
      { arn: SHARED, trustsRoles: [BASE] },
      { arn: LEGACY, trustsRoles: [BASE], noOidcProvider: true }
    ])
    const config = configWith(
      account('app', { roleArn: APP }),
      account('shared', { roleArn: SHARED }),
      account('legacy', { roleArn: LEGACY })
    )
    provider = actionProvider(sts, config).provider

    const statuses = await provider.verifyAccounts()
    expect(statuses.map(s => [s.account, s.state, s.method])).toEqual([
      ['app', 'ok', 'web-identity'],
      ['shared', 'ok', 'chain'],
      ['legacy', 'ok', 'chain']
    ])
    const webFor = (role: string) =>
      sts!.mock.commandCalls(AssumeRoleWithWebIdentityCommand).filter(c => c.args[0].input.RoleArn === role)
        .length
    const chainFor = (role: string) =>
      sts!.mock.commandCalls(AssumeRoleCommand).filter(c => c.args[0].input.RoleArn === role).length
    expect([webFor(SHARED), chainFor(SHARED)]).toEqual([1, 1])

    // A refresh goes straight to the method that worked.
    const client = await provider.ec2('shared', 'eu-west-1')
    await client.config.credentials({ forceRefresh: true })
    expect([webFor(SHARED), chainFor(SHARED)]).toEqual([1, 2])
    expect(logLines(sts).some(line => line.includes(`${SHARED} refused the OIDC token (AccessDenied)`))).toBe(
      true
    )
    expect(
      logLines(sts).some(line => line.includes(`${LEGACY} refused the OIDC token (InvalidIdentityToken)`))
    ).toBe(true)
  })

  it('explains a role whose trust policy rejects the token, quoting sub and aud and the condition to add', async () => {
    sts = new FakeSts([
      { arn: BASE, trustsSub: SUB },
      { arn: APP, trustsSub: 'repo:acme/infra:ref:refs/heads/main' }
    ])
    provider = actionProvider(
      sts,
      configWith(account('app', { roleArn: APP, assume: 'web-identity' }))
    ).provider

    const error = await rejection(provider.ec2('app', 'us-east-1'))
    expect(error.account).toBe('app')
    expect(error.message).toContain(`refused the GitHub OIDC token for role ${APP}`)
    expect(error.message).toContain(`sub = "${SUB}", aud = "sts.amazonaws.com"`)
    expect(error.message).toContain(`"token.actions.githubusercontent.com:sub": "${SUB}"`)
    expectNoSecretIn(error.message, sts)
    expect(provider.accountStatus('app')).toMatchObject({ state: 'error', error: error.message })
  })

  it('names the missing id-token permission and shows the permissions block', async () => {
    sts = new FakeSts([{ arn: BASE, trustsSub: SUB }])
    let tokenCalls = 0
    provider = createClientProvider(configWith(account('home', { roleArn: BASE }), account('plain', {})), {
      mode: 'action',
      roleToAssume: BASE,
      getIdToken: async () => {
        tokenCalls++
        throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')
      },
      sessionName: 'np-run',
      baseRegion: 'us-east-1',
      env: {}
    })
    const error = await rejection(provider.accountId('home'))
    expect(error.message).toContain('lacks the `id-token: write` permission')
    expect(error.message).toContain('permissions:\n  id-token: write')
    await rejection(provider.accountId('plain'))
    expect(tokenCalls).toBe(1) // the permission will not appear mid-run: asked once
    expect(sts.mock.commandCalls(AssumeRoleWithWebIdentityCommand)).toHaveLength(0)
  })

  it('explains AccessDenied on a chained AssumeRole: role, caller and external id', async () => {
    sts = new FakeSts([
      { arn: BASE, trustsSub: SUB },
      { arn: SHARED, trustsRoles: [BASE], externalId: 'expected-ext' }
    ])
    provider = actionProvider(
      sts,
      configWith(account('shared', { roleArn: SHARED, assume: 'chain' }))
    ).provider
    const error = await rejection(provider.ec2('shared', 'us-east-1'))
    expect(error.message).toContain(`may not assume role ${SHARED} (AccessDenied`)
    expect(error.message).toContain(
      'arn:aws:sts::111111111111:assumed-role/NetworkPreflightBase/np-acme-infra-run-123456789'
    )
    expect(error.message).toContain('"sts:ExternalId", set external_id')
    expectNoSecretIn(error.message, sts)
  })

  it('scrubs known secrets even from AWS messages that echo them', async () => {
    sts = new FakeSts([{ arn: BASE, trustsSub: SUB }])
    sts.mock.on(AssumeRoleCommand).callsFake(async (_input, getClient) => {
      const credentials = await getClient().config.credentials()
      throw stsError(
        'AccessDenied',
        `request signed by ${credentials.accessKeyId} with token ${credentials.sessionToken} was denied`
      )
    })
    provider = actionProvider(
      sts,
      configWith(account('shared', { roleArn: SHARED, assume: 'chain' }))
    ).provider
    const error = await rejection(provider.ec2('shared', 'us-east-1'))
    expect(error.message).toContain('request signed by *** with token *** was denied')
    expectNoSecretIn(error.message, sts)
    expectNoSecretIn(provider.accountStatus('shared').error ?? '', sts)
    for (const line of logLines(sts)) expectNoSecretIn(line, sts)
  })

  it('explains a missing OIDC provider in the role account', async () => {
    sts = new FakeSts([
      { arn: BASE, trustsSub: SUB },
      { arn: LEGACY, noOidcProvider: true }
    ])
    provider = actionProvider(
      sts,
      configWith(account('legacy', { roleArn: LEGACY, assume: 'web-identity' }))
    ).provider
    const error = await rejection(provider.accountId('legacy'))
    expect(error.message).toContain(
      'Account 444444444444 needs an IAM OIDC identity provider for https://token.actions.githubusercontent.com'
    )
    expect(error.message).toContain('`assume: chain`')
  })

  it('reports both attempts when auto can neither use the token nor chain', async () => {
    sts = new FakeSts([
      { arn: BASE, trustsSub: SUB },
      { arn: APP, trustsSub: 'repo:other/repo:*' }
    ])
    provider = actionProvider(sts, configWith(account('app', { roleArn: APP }))).provider
    const error = await rejection(provider.ec2('app', 'us-east-1'))
    expect(error.message).toContain('could be assumed neither with the OIDC token nor by chaining')
    expect(error.message).toContain(`"token.actions.githubusercontent.com:sub": "${SUB}"`)
    expect(error.message).toContain('2) chaining:')
  })

  it('rejects an account whose credentials belong to another account id, naming both', async () => {
    sts = new FakeSts([{ arn: BASE, trustsSub: SUB }])
    provider = actionProvider(sts, configWith(account('plain', { accountId: '999999999999' }))).provider
    const error = await rejection(provider.accountId('plain'))
    expect(error.message).toContain('expects account 999999999999 (from account_id)')
    expect(error.message).toContain('belong to account 111111111111')
  })

  it('lets one unusable account fail alone while the others keep working', async () => {
    sts = new FakeSts([
      { arn: BASE, trustsSub: SUB },
      { arn: APP, trustsSub: SUB }
    ])
    provider = actionProvider(
      sts,
      configWith(account('app', { roleArn: APP }), account('broken', { roleArn: SHARED, assume: 'chain' }))
    ).provider
    const [broken, app] = await Promise.allSettled([
      provider.ec2('broken', 'us-east-1'),
      provider.ec2('app', 'us-east-1')
    ])
    expect(broken.status).toBe('rejected')
    expect((broken as PromiseRejectedResult).reason).toMatchObject({ name: 'AuthError', account: 'broken' })
    expect(app.status).toBe('fulfilled')
    expect(await provider.accountId('app')).toBe('222222222222')
    expect(provider.accountStatuses().map(s => s.state)).toEqual(['ok', 'error'])
  })

  it('masks the token and every key, secret and session token before any later log line, and never logs them', async () => {
    sts = new FakeSts([
      { arn: BASE, trustsSub: SUB },
      { arn: APP, trustsSub: SUB },
      { arn: SHARED, trustsRoles: [BASE] }
    ])
    provider = actionProvider(
      sts,
      configWith(
        account('app', { roleArn: APP }),
        account('shared', { roleArn: SHARED }),
        account('home', {})
      )
    ).provider
    // One account at a time, so "the next log line" is the provider's own next step, not another account's.
    for (const name of ['app', 'shared', 'home']) await provider.accountId(name)
    await provider.ec2('shared', 'us-east-1').then(client => client.config.credentials())

    const events = sts.events
    expect(sts.issuedSecrets).toHaveLength(1 + 3 * 3) // token + base, app, shared credentials
    for (const [index, event] of events.entries()) {
      if (event.kind !== 'issued') continue
      const nextLog = events.findIndex((later, at) => at > index && later.kind === 'log')
      for (const secret of event.secrets) {
        const maskedAt = events.findIndex(
          (later, at) => at > index && later.kind === 'mask' && later.value === secret
        )
        expect(maskedAt).toBeGreaterThan(index)
        if (nextLog !== -1) expect(maskedAt).toBeLessThan(nextLog)
      }
    }
    expect(logLines(sts).length).toBeGreaterThan(3)
    for (const line of logLines(sts)) expectNoSecretIn(line, sts)
  })
})

describe('EC2 clients', () => {
  it('caches one client per (account, region), with adaptive retries and no endpoint override', async () => {
    sts = new FakeSts([{ arn: BASE, trustsSub: SUB }])
    provider = actionProvider(sts, configWith(account('home', { roleArn: BASE }))).provider
    const east = await provider.ec2('home', 'us-east-1')
    expect(await provider.ec2('home', 'us-east-1')).toBe(east)
    const west = await provider.ec2('home', 'eu-west-1')
    expect(west).not.toBe(east)
    expect(await west.config.region()).toBe('eu-west-1')
    expect(east.config.endpoint).toBeUndefined()
    expect(east.config.isCustomEndpoint).toBe(false)
    expect(east.config.retryMode).toBe('adaptive')
    expect(await east.config.maxAttempts()).toBe(AWS_RETRY_SETTINGS.maxAttempts)
    // The client signs with the account's assumed credentials.
    expect((await east.config.credentials()).accessKeyId).toMatch(/^ASIAFAKE\d{4}NETWORKPREFLIGHTBASE$/)
  })

  it('refreshes credentials through the SDK memoization only when they near expiry', async () => {
    sts = new FakeSts([
      { arn: BASE, trustsSub: SUB },
      { arn: APP, trustsSub: SUB }
    ])
    provider = actionProvider(
      sts,
      configWith(account('app', { roleArn: APP, assume: 'web-identity' }))
    ).provider
    const client = await provider.ec2('app', 'us-east-1')
    await client.config.credentials()
    await client.config.credentials()
    const forApp = () =>
      sts!.mock.commandCalls(AssumeRoleWithWebIdentityCommand).filter(c => c.args[0].input.RoleArn === APP)
        .length
    expect(forApp()).toBe(1) // an hour left: reused

    sts.lifetimeMs = 60_000
    await (await provider.ec2('app', 'eu-west-1')).config.credentials({ forceRefresh: true })
    const before = forApp()
    await client.config.credentials() // one minute left: refreshed
    expect(forApp()).toBe(before + 1)
  })
})

describe('CLI and credentials already present (default chain)', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  function useEnvCredentials(): void {
    process.env.AWS_ACCESS_KEY_ID = 'AKIADEFAULTCHAIN0001'
    process.env.AWS_SECRET_ACCESS_KEY = 'default/chain/secret/key/value'
    process.env.AWS_SESSION_TOKEN = 'default-chain-session-token'
    process.env.AWS_EC2_METADATA_DISABLED = 'true'
  }

  it('uses the default chain, then AssumeRole per role_arn; a role the caller already is needs no AssumeRole', async () => {
    useEnvCredentials()
    sts = new FakeSts([{ arn: SHARED, trustsRoles: [APP] }], {
      accessKeyId: 'AKIADEFAULTCHAIN0001',
      identity: {
        accountId: '222222222222',
        arn: 'arn:aws:sts::222222222222:assumed-role/NetworkPreflight/cli',
        roleArn: APP
      }
    })
    sts.issuedSecrets.push(
      'AKIADEFAULTCHAIN0001',
      'default/chain/secret/key/value',
      'default-chain-session-token'
    )
    provider = createClientProvider(
      configWith(account('app', { roleArn: APP }), account('shared', { roleArn: SHARED })),
      {
        mode: 'cli',
        sessionName: 'network-preflight-cli',
        baseRegion: 'us-east-1',
        ...sts.hooks()
      }
    )
    expect(await provider.accountId('shared')).toBe('333333333333')
    expect(await provider.accountId('app')).toBe('222222222222')
    expect(provider.accountStatuses().map(s => [s.account, s.method])).toEqual([
      ['app', 'base'],
      ['shared', 'chain']
    ])
    const masked = sts.events.flatMap(e => (e.kind === 'mask' ? [e.value] : []))
    expect(masked).toEqual(
      expect.arrayContaining([
        'AKIADEFAULTCHAIN0001',
        'default/chain/secret/key/value',
        'default-chain-session-token'
      ])
    )
    for (const line of logLines(sts)) expectNoSecretIn(line, sts)
  })

  it('says how to provide credentials when the chain finds none', async () => {
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_SECRET_ACCESS_KEY
    delete process.env.AWS_SESSION_TOKEN
    delete process.env.AWS_PROFILE
    delete process.env.AWS_WEB_IDENTITY_TOKEN_FILE
    delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
    delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI
    process.env.AWS_EC2_METADATA_DISABLED = 'true'
    process.env.AWS_CONFIG_FILE = '/nonexistent/network-preflight/config'
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/network-preflight/credentials'
    sts = new FakeSts([])
    provider = createClientProvider(configWith(account('app', { roleArn: APP })), {
      mode: 'cli',
      profile: 'netops',
      sessionName: 'network-preflight-cli',
      baseRegion: 'us-east-1'
    })
    const error = await rejection(provider.ec2('app', 'us-east-1'))
    expect(error.message).toContain('No usable AWS credentials were found')
    expect(error.message).toContain('profile "netops"')
  })
})
