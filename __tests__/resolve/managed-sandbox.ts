// A client provider whose clients talk to the sandbox through the real SDK clients (endpoints set here, in
// the test, as the env variables set them for the action), signed with credentials the sandbox issued.
import { EC2Client } from '@aws-sdk/client-ec2'
import { ECSClient } from '@aws-sdk/client-ecs'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall'
import { RDSClient } from '@aws-sdk/client-rds'
import type { AwsClientProvider } from '../../src/auth/types.js'
import type { Sandbox } from '../../sandbox/server.js'

export function sandboxProvider(
  sandbox: Sandbox,
  accounts: Record<string, { id: string; role: string }>
): AwsClientProvider & { destroy(): void } {
  const made: Array<{ destroy(): void }> = []
  const config = (account: string, region: string, endpoint: string) => {
    const entry = accounts[account]
    if (!entry) throw new Error(`no account ${account}`)
    const c = sandbox.issueRoleCredentials(entry.role)
    return {
      region,
      endpoint,
      maxAttempts: 1,
      credentials: {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken
      }
    }
  }
  const make =
    <C extends { destroy(): void }>(url: string, build: (c: ReturnType<typeof config>) => C) =>
    async (account: string, region: string): Promise<C> => {
      const client = build(config(account, region, url))
      made.push(client)
      return client
    }
  return {
    ec2: make(sandbox.urls.ec2, c => new EC2Client(c)),
    lambda: make(sandbox.urls.lambda, c => new LambdaClient(c)),
    rds: make(sandbox.urls.rds, c => new RDSClient(c)),
    elbv2: make(sandbox.urls.elbv2, c => new ElasticLoadBalancingV2Client(c)),
    networkFirewall: make(sandbox.urls.networkFirewall, c => new NetworkFirewallClient(c)),
    ecs: make(sandbox.urls.ecs, c => new ECSClient(c)),
    accountId: async account => {
      const entry = accounts[account]
      if (!entry) throw new Error(`no account ${account}`)
      return entry.id
    },
    destroy: () => made.forEach(c => c.destroy())
  }
}
