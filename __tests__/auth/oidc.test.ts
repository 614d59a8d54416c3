import { describe, expect, it } from '@jest/globals'
import {
  decodeJwtClaims,
  isSessionOfRole,
  oidcAvailability,
  sameRole,
  sanitizeSessionName
} from '../../src/auth/index.js'
import { githubToken, SUB } from './fakeSts.js'

const WITH_TOKEN = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.actions.githubusercontent.com/abc' }

function pullRequest(head: object | null, base: object) {
  return { pull_request: { head: { repo: head }, base: { repo: base } } }
}

describe('oidcAvailability', () => {
  const infra = { id: 1, full_name: 'acme/infra', fork: false }

  it('is available on a push with id-token: write', () => {
    expect(oidcAvailability('push', {}, WITH_TOKEN)).toEqual({ available: true })
  })

  it('detects a pull request from a fork, by fork flag or by differing repositories', () => {
    const fork = { id: 2, full_name: 'mallory/infra', fork: true }
    const result = oidcAvailability('pull_request', pullRequest(fork, infra), {})
    expect(result).toMatchObject({ available: false, reason: 'fork-pull-request' })
    expect(!result.available && result.message).toContain('comes from a fork')
    // Reported even if the runner happened to expose a token URL.
    expect(oidcAvailability('pull_request', pullRequest(fork, infra), WITH_TOKEN)).toMatchObject({
      reason: 'fork-pull-request'
    })
    // A deleted fork leaves head.repo null.
    expect(oidcAvailability('pull_request', pullRequest(null, infra), {})).toMatchObject({
      reason: 'fork-pull-request'
    })
    // Only names, no ids.
    const byName = pullRequest({ full_name: 'mallory/infra' }, { full_name: 'acme/infra' })
    expect(oidcAvailability('pull_request_review', byName, WITH_TOKEN)).toMatchObject({
      reason: 'fork-pull-request'
    })
    // Nothing to compare: fall back to the fork flag.
    expect(
      oidcAvailability(
        'pull_request',
        { pull_request: { head: { repo: { fork: true } }, base: {} } },
        WITH_TOKEN
      )
    ).toMatchObject({
      reason: 'fork-pull-request'
    })
  })

  it('does not flag a same-repository pull request, even in a repository that is itself a fork', () => {
    const forkedRepo = { id: 7, full_name: 'acme/infra-fork', fork: true }
    expect(oidcAvailability('pull_request', pullRequest(forkedRepo, forkedRepo), WITH_TOKEN)).toEqual({
      available: true
    })
  })

  it('does not flag pull_request_target, which runs the base branch with a token', () => {
    const fork = { id: 2, full_name: 'mallory/infra', fork: true }
    expect(oidcAvailability('pull_request_target', pullRequest(fork, infra), WITH_TOKEN)).toEqual({
      available: true
    })
  })

  it('detects Dependabot', () => {
    const result = oidcAvailability('pull_request', pullRequest(infra, infra), {
      ...WITH_TOKEN,
      GITHUB_ACTOR: 'dependabot[bot]'
    })
    expect(result).toMatchObject({ available: false, reason: 'dependabot' })
    expect(!result.available && result.message).toContain('Dependabot')
  })

  it('detects a job without id-token: write and shows the permissions block', () => {
    const result = oidcAvailability('push', {}, { GITHUB_ACTOR: 'octocat' })
    expect(result).toMatchObject({ available: false, reason: 'no-permission' })
    expect(!result.available && result.message).toContain('permissions:\n  id-token: write')
  })
})

describe('JWT claims', () => {
  it('decodes the payload without verifying it', () => {
    expect(decodeJwtClaims(githubToken({ environment: 'prod' }))).toMatchObject({
      sub: SUB,
      aud: 'sts.amazonaws.com',
      environment: 'prod'
    })
  })

  it('returns undefined for text that is not a JWT', () => {
    expect(decodeJwtClaims('not-a-token')).toBeUndefined()
    expect(decodeJwtClaims('a.%%%.c')).toBeUndefined()
  })
})

describe('session names and role ARNs', () => {
  it('sanitises session names to what STS accepts', () => {
    expect(sanitizeSessionName('np acme/infra #42')).toBe('np-acme-infra--42')
    expect(sanitizeSessionName('x')).toBe('x-')
    const long = sanitizeSessionName('a'.repeat(100))
    expect(long).toHaveLength(64)
    expect(sanitizeSessionName('ok+=,.@-_name')).toBe('ok+=,.@-_name')
  })

  it('compares roles by partition, account and name, ignoring the path', () => {
    expect(
      sameRole('arn:aws:iam::111111111111:role/ci/Preflight', 'arn:aws:iam::111111111111:role/Preflight')
    ).toBe(true)
    expect(
      sameRole('arn:aws:iam::111111111111:role/Preflight', 'arn:aws:iam::222222222222:role/Preflight')
    ).toBe(false)
    expect(
      isSessionOfRole(
        'arn:aws:sts::111111111111:assumed-role/Preflight/run-1',
        'arn:aws:iam::111111111111:role/ci/Preflight'
      )
    ).toBe(true)
    expect(
      isSessionOfRole(
        'arn:aws:sts::111111111111:assumed-role/Other/run-1',
        'arn:aws:iam::111111111111:role/Preflight'
      )
    ).toBe(false)
  })
})
