// Shared by the sandbox tests: real SDK clients pointed at a running sandbox.
import { readFileSync } from 'node:fs'
import { EC2Client } from '@aws-sdk/client-ec2'
import { STSClient } from '@aws-sdk/client-sts'
import type { Sandbox, SandboxClock } from '../../sandbox/server.js'

export interface Keys {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export const APP = '222222222222'
export const SHARED = '333333333333'
export const APP_KEYS: Keys = {
  accessKeyId: 'AKIAAPPSTATIC0000001',
  secretAccessKey: 'app-static-secret-0001'
}
export const BASIC = '__tests__/sandbox/fixtures/basic.yaml'

export function ec2(sandbox: Sandbox, credentials: Keys, region = 'us-east-1', maxAttempts = 3): EC2Client {
  return new EC2Client({ region, endpoint: sandbox.urls.ec2, credentials, maxAttempts })
}

export function sts(sandbox: Sandbox, credentials?: Keys, maxAttempts = 3): STSClient {
  return new STSClient({
    region: 'us-east-1',
    endpoint: sandbox.urls.sts,
    maxAttempts,
    // AssumeRoleWithWebIdentity is unsigned; a client still needs some credentials object configured.
    credentials: credentials ?? { accessKeyId: 'unused', secretAccessKey: 'unused' }
  })
}

export function keysOf(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }): Keys {
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }
}

/** JSON round trip: Dates become ISO strings, as in the AWS CLI samples. */
export function normalized<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value))
}

export function sample<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(`__tests__/fixtures/aws-samples/${name}`, 'utf8')) as T
}

/** Awaits the SDK call and returns the error it throws (fails the test when it does not). */
export async function errorOf(
  promise: Promise<unknown>
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise
  } catch (e) {
    return e as Error
  }
  throw new Error('expected the call to fail')
}

export async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise(r => setTimeout(r, 10))
  }
}

/** A sandbox clock that moves only when told (or when the sandbox waits out latency): timing knobs are then
 * checked by the sandbox's own numbers, never by the wall clock of a busy machine. */
export interface ManualClock extends SandboxClock {
  /** Every wait the sandbox asked for, in ms (latency), in order. */
  readonly waits: number[]
  advance(ms: number): void
}

export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let now = start
  const waits: number[] = []
  return {
    waits,
    now: () => now,
    sleep: async ms => {
      waits.push(ms)
      now += Math.max(0, ms)
    },
    advance: ms => {
      now += ms
    }
  }
}
