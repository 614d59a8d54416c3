// AWS Network Firewall (awsJson1_0, NetworkFirewall_20201112): DescribeFirewall, whose FirewallStatus.SyncStates
// map each Availability Zone to its endpoint (vpce-). Shapes from @aws-sdk/client-network-firewall's schemas.
import { DescribeFirewall$, type DescribeFirewallResponse } from '@aws-sdk/client-network-firewall'
import { AwsError, regionSpecs, stableHex, type ManagedService } from './managed-services.js'
import type { OperationSchema } from './query-protocol.js'

export const NETWORK_FIREWALL_SERVICE: ManagedService = {
  name: 'network-firewall',
  signingName: 'network-firewall',
  protocol: 'awsJson1_0',
  targetPrefix: 'NetworkFirewall_20201112',
  actions: {
    DescribeFirewall: {
      op: DescribeFirewall$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        const arn = input.FirewallArn as string | undefined
        const name = (input.FirewallName as string | undefined) ?? /:firewall\/(.+)$/.exec(arn ?? '')?.[1]
        const arnFor = (n: string) => `arn:aws:network-firewall:${ctx.region}:${ctx.accountId}:firewall/${n}`
        const spec = regionSpecs(ctx)
          .flatMap(r => r.networkFirewalls ?? [])
          .find(f => f.name === name && (!arn || arn === arnFor(f.name)))
        if (!spec) {
          if (!name) throw new AwsError('InvalidRequestException', 'FirewallName or FirewallArn is required')
          throw new AwsError('ResourceNotFoundException', `Firewall ${arn ?? name} not found`)
        }
        const status = spec.status ?? 'READY'
        const out: DescribeFirewallResponse = {
          UpdateToken: stableHex(`token${spec.name}`, 32),
          Firewall: {
            FirewallName: spec.name,
            FirewallArn: arnFor(spec.name),
            FirewallPolicyArn: `arn:aws:network-firewall:${ctx.region}:${ctx.accountId}:firewall-policy/${spec.name}-policy`,
            VpcId: spec.vpcId,
            SubnetMappings: spec.endpoints.map(e => ({ SubnetId: e.subnetId, IPAddressType: 'IPV4' })),
            DeleteProtection: true,
            SubnetChangeProtection: true,
            FirewallPolicyChangeProtection: true,
            FirewallId: `${stableHex(spec.name, 8)}-${stableHex('a' + spec.name, 4)}-${stableHex('b' + spec.name, 4)}-${stableHex('c' + spec.name, 4)}-${stableHex('d' + spec.name, 12)}`,
            Tags: []
          },
          FirewallStatus: {
            Status: status,
            ConfigurationSyncStateSummary: 'IN_SYNC',
            SyncStates: Object.fromEntries(
              spec.endpoints.map(e => [
                e.availabilityZone,
                { Attachment: { SubnetId: e.subnetId, EndpointId: e.endpointId, Status: 'READY' } }
              ])
            )
          }
        }
        return { ...out }
      }
    }
  }
}
