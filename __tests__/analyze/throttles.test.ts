// Throttled attempts are counted as they happen (the SDK retries them, so the engine never sees them
// otherwise): through the real SDK against the sandbox, which answers RequestLimitExceeded (HTTP 503).
import { afterEach, describe, expect, it } from '@jest/globals'
import { DescribeNetworkInsightsAnalysesCommand, EC2Client } from '@aws-sdk/client-ec2'
import { onThrottled } from '../../src/analyze/throttles.js'
import { startSandbox, type Sandbox } from '../../sandbox/server.js'
import { APP_KEYS, BASIC } from '../sandbox/helpers.js'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

const describeAnalyses = new DescribeNetworkInsightsAnalysesCommand({})

describe('onThrottled', () => {
  it('sees every throttled attempt the SDK retries, only while subscribed, once per listener', async () => {
    sandbox = await startSandbox(BASIC)
    const client = new EC2Client({
      region: 'us-east-1',
      endpoint: sandbox.urls.ec2,
      credentials: APP_KEYS,
      retryMode: 'standard',
      maxAttempts: 4
    })
    const seen: string[] = []
    const other: string[] = []
    const stop = onThrottled(client, operation => seen.push(operation))
    const stopOther = onThrottled(client, operation => other.push(operation))

    sandbox.injectFault({ service: 'ec2', action: 'DescribeNetworkInsightsAnalyses', times: 2 })
    await client.send(describeAnalyses) // succeeds on the third attempt
    expect(seen).toEqual(['DescribeNetworkInsightsAnalyses', 'DescribeNetworkInsightsAnalyses'])
    expect(other).toHaveLength(2)

    // Not a throttle: an access error is not counted.
    sandbox.injectFault({
      service: 'ec2',
      action: 'DescribeNetworkInsightsAnalyses',
      error: 'UnauthorizedOperation',
      status: 403
    })
    await expect(client.send(describeAnalyses)).rejects.toThrow()
    expect(seen).toHaveLength(2)

    stop()
    sandbox.injectFault({ service: 'ec2', action: 'DescribeNetworkInsightsAnalyses', times: 1 })
    await client.send(describeAnalyses)
    expect(seen).toHaveLength(2)
    expect(other).toHaveLength(3)
    stopOther()
  })
})
