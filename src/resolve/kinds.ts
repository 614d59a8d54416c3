// One describe recipe per resource kind: which API, which id filter, and how its items become candidates.
// Every recipe reads all pages (SDK paginators), and filters by `Filters` rather than `XxxIds`: AWS fails
// a whole `XxxIds` call on one unknown id, while an id filter just returns the ones that exist.
import {
  DescribeVpnGatewaysCommand,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeTransitGatewayAttachments,
  paginateDescribeTransitGateways,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcEndpointServiceConfigurations,
  paginateDescribeVpcPeeringConnections,
  type EC2Client,
  type Filter,
  type Tag
} from '@aws-sdk/client-ec2'
import type { ResourceKind } from '../model.js'

/** One resource as the resolver sees it, whatever its kind. */
export interface Candidate {
  kind: ResourceKind
  id: string
  tags: Record<string, string>
  ownerId?: string
  vpcId?: string
  /** Lifecycle state as AWS reports it (instances: running, stopped, …). */
  state?: string
  /** Set when the resource can never be a target (terminated instance, deleted gateway, …): the state. */
  gone?: string
  /** Instances: the network interface at device index 0, which the analysis uses. */
  primaryNetworkInterfaceId?: string
  /** Network interfaces: the instance they are attached to. */
  attachedInstanceId?: string
  /** Instances, network interfaces and NAT gateways: their subnet (for `subnet:` scoping). */
  subnetId?: string
}

export interface KindRecipe {
  kind: ResourceKind
  /** The EC2 operation, for messages. */
  operation: string
  /** The IAM action that operation needs. */
  action: string
  /** Filter name that selects by id. */
  idFilter: string
  /**
   * Whether the API documents the `tag-key` filter. The transit gateway APIs do not, so tag selectors on
   * them list everything (few such resources exist per region) and match locally.
   */
  tagKeyFilter: boolean
  /** Pages of candidates for the filters (none = everything). */
  describe(client: EC2Client, filters: Filter[]): AsyncGenerator<Candidate[]>
}

/** The largest MaxResults these describe APIs accept. */
const PAGE_SIZE = 1000

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  const map: Record<string, string> = {}
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? ''
  return map
}

function goneIf(state: string | undefined, goneStates: string[]): string | undefined {
  return state !== undefined && goneStates.includes(state.toLowerCase()) ? state : undefined
}

const filtersOrUndefined = (filters: Filter[]): Filter[] | undefined =>
  filters.length > 0 ? filters : undefined

export const KIND_RECIPES: Record<ResourceKind, KindRecipe> = {
  instance: {
    kind: 'instance',
    operation: 'DescribeInstances',
    action: 'ec2:DescribeInstances',
    idFilter: 'instance-id',
    tagKeyFilter: true,
    async *describe(client, filters) {
      for await (const page of paginateDescribeInstances(
        { client, pageSize: PAGE_SIZE },
        { Filters: filtersOrUndefined(filters) }
      )) {
        yield (page.Reservations ?? []).flatMap(reservation =>
          (reservation.Instances ?? []).flatMap((instance): Candidate[] => {
            if (!instance.InstanceId) return []
            const state = instance.State?.Name
            const primary = instance.NetworkInterfaces?.find(
              eni => eni.Attachment?.DeviceIndex === 0 && (eni.Attachment.NetworkCardIndex ?? 0) === 0
            )
            return [
              {
                kind: 'instance',
                id: instance.InstanceId,
                tags: tagMap(instance.Tags),
                ownerId: reservation.OwnerId,
                vpcId: instance.VpcId,
                subnetId: instance.SubnetId,
                state,
                gone: goneIf(state, ['terminated', 'shutting-down']),
                primaryNetworkInterfaceId: primary?.NetworkInterfaceId
              }
            ]
          })
        )
      }
    }
  },
  'network-interface': {
    kind: 'network-interface',
    operation: 'DescribeNetworkInterfaces',
    action: 'ec2:DescribeNetworkInterfaces',
    idFilter: 'network-interface-id',
    tagKeyFilter: true,
    async *describe(client, filters) {
      for await (const page of paginateDescribeNetworkInterfaces(
        { client, pageSize: PAGE_SIZE },
        { Filters: filtersOrUndefined(filters) }
      )) {
        yield (page.NetworkInterfaces ?? []).flatMap((eni): Candidate[] =>
          eni.NetworkInterfaceId
            ? [
                {
                  kind: 'network-interface',
                  id: eni.NetworkInterfaceId,
                  tags: tagMap(eni.TagSet),
                  ownerId: eni.OwnerId,
                  vpcId: eni.VpcId,
                  subnetId: eni.SubnetId,
                  state: eni.Status,
                  attachedInstanceId: eni.Attachment?.InstanceId
                }
              ]
            : []
        )
      }
    }
  },
  'internet-gateway': {
    kind: 'internet-gateway',
    operation: 'DescribeInternetGateways',
    action: 'ec2:DescribeInternetGateways',
    idFilter: 'internet-gateway-id',
    tagKeyFilter: true,
    async *describe(client, filters) {
      for await (const page of paginateDescribeInternetGateways(
        { client, pageSize: PAGE_SIZE },
        { Filters: filtersOrUndefined(filters) }
      )) {
        yield (page.InternetGateways ?? []).flatMap((igw): Candidate[] =>
          igw.InternetGatewayId
            ? [
                {
                  kind: 'internet-gateway',
                  id: igw.InternetGatewayId,
                  tags: tagMap(igw.Tags),
                  ownerId: igw.OwnerId,
                  vpcId: igw.Attachments?.[0]?.VpcId
                }
              ]
            : []
        )
      }
    }
  },
  'vpn-gateway': {
    kind: 'vpn-gateway',
    operation: 'DescribeVpnGateways',
    action: 'ec2:DescribeVpnGateways',
    idFilter: 'vpn-gateway-id',
    tagKeyFilter: true,
    // DescribeVpnGateways has no pagination: one call returns everything that matches.
    async *describe(client, filters) {
      const out = await client.send(new DescribeVpnGatewaysCommand({ Filters: filtersOrUndefined(filters) }))
      yield (out.VpnGateways ?? []).flatMap((vgw): Candidate[] =>
        vgw.VpnGatewayId
          ? [
              {
                kind: 'vpn-gateway',
                id: vgw.VpnGatewayId,
                tags: tagMap(vgw.Tags),
                vpcId: vgw.VpcAttachments?.find(attachment => attachment.State === 'attached')?.VpcId,
                state: vgw.State,
                gone: goneIf(vgw.State, ['deleted', 'deleting'])
              }
            ]
          : []
      )
    }
  },
  'transit-gateway': {
    kind: 'transit-gateway',
    operation: 'DescribeTransitGateways',
    action: 'ec2:DescribeTransitGateways',
    idFilter: 'transit-gateway-id',
    tagKeyFilter: false,
    async *describe(client, filters) {
      for await (const page of paginateDescribeTransitGateways(
        { client, pageSize: PAGE_SIZE },
        { Filters: filtersOrUndefined(filters) }
      )) {
        yield (page.TransitGateways ?? []).flatMap((tgw): Candidate[] =>
          tgw.TransitGatewayId
            ? [
                {
                  kind: 'transit-gateway',
                  id: tgw.TransitGatewayId,
                  tags: tagMap(tgw.Tags),
                  ownerId: tgw.OwnerId,
                  state: tgw.State,
                  gone: goneIf(tgw.State, ['deleted', 'deleting'])
                }
              ]
            : []
        )
      }
    }
  },
  'transit-gateway-attachment': {
    kind: 'transit-gateway-attachment',
    operation: 'DescribeTransitGatewayAttachments',
    action: 'ec2:DescribeTransitGatewayAttachments',
    idFilter: 'transit-gateway-attachment-id',
    tagKeyFilter: false,
    async *describe(client, filters) {
      for await (const page of paginateDescribeTransitGatewayAttachments(
        { client, pageSize: PAGE_SIZE },
        { Filters: filtersOrUndefined(filters) }
      )) {
        yield (page.TransitGatewayAttachments ?? []).flatMap((attachment): Candidate[] =>
          attachment.TransitGatewayAttachmentId
            ? [
                {
                  kind: 'transit-gateway-attachment',
                  id: attachment.TransitGatewayAttachmentId,
                  tags: tagMap(attachment.Tags),
                  // The attachment is a resource of the transit gateway's owner (only it runs every
                  // attachment API); the VPC owner is ResourceOwnerId.
                  ownerId: attachment.TransitGatewayOwnerId ?? attachment.ResourceOwnerId,
                  vpcId: attachment.ResourceType === 'vpc' ? attachment.ResourceId : undefined,
                  state: attachment.State,
                  gone: goneIf(attachment.State, [
                    'deleted',
                    'deleting',
                    'failed',
                    'failing',
                    'rejected',
                    'rejecting'
                  ])
                }
              ]
            : []
        )
      }
    }
  },
  'vpc-endpoint': {
    kind: 'vpc-endpoint',
    operation: 'DescribeVpcEndpoints',
    action: 'ec2:DescribeVpcEndpoints',
    idFilter: 'vpc-endpoint-id',
    tagKeyFilter: true,
    async *describe(client, filters) {
      for await (const page of paginateDescribeVpcEndpoints(
        { client, pageSize: PAGE_SIZE },
        { Filters: filtersOrUndefined(filters) }
      )) {
        yield (page.VpcEndpoints ?? []).flatMap((endpoint): Candidate[] =>
          endpoint.VpcEndpointId
            ? [
                {
                  kind: 'vpc-endpoint',
                  id: endpoint.VpcEndpointId,
                  tags: tagMap(endpoint.Tags),
                  ownerId: endpoint.OwnerId,
                  vpcId: endpoint.VpcId,
                  state: endpoint.State,
                  gone: goneIf(endpoint.State, ['deleted', 'deleting', 'failed', 'rejected', 'expired'])
                }
              ]
            : []
        )
      }
    }
  },
  'vpc-endpoint-service': {
    kind: 'vpc-endpoint-service',
    operation: 'DescribeVpcEndpointServiceConfigurations',
    action: 'ec2:DescribeVpcEndpointServiceConfigurations',
    idFilter: 'service-id',
    tagKeyFilter: true,
    // Lists the services this account owns (not those it may consume).
    async *describe(client, filters) {
      for await (const page of paginateDescribeVpcEndpointServiceConfigurations(
        { client, pageSize: PAGE_SIZE },
        { Filters: filtersOrUndefined(filters) }
      )) {
        yield (page.ServiceConfigurations ?? []).flatMap((service): Candidate[] =>
          service.ServiceId
            ? [
                {
                  kind: 'vpc-endpoint-service',
                  id: service.ServiceId,
                  tags: tagMap(service.Tags),
                  state: service.ServiceState,
                  gone: goneIf(service.ServiceState, ['deleted', 'deleting', 'failed'])
                }
              ]
            : []
        )
      }
    }
  },
  'vpc-peering-connection': {
    kind: 'vpc-peering-connection',
    operation: 'DescribeVpcPeeringConnections',
    action: 'ec2:DescribeVpcPeeringConnections',
    idFilter: 'vpc-peering-connection-id',
    tagKeyFilter: true,
    async *describe(client, filters) {
      for await (const page of paginateDescribeVpcPeeringConnections(
        { client, pageSize: PAGE_SIZE },
        { Filters: filtersOrUndefined(filters) }
      )) {
        yield (page.VpcPeeringConnections ?? []).flatMap((pcx): Candidate[] => {
          if (!pcx.VpcPeeringConnectionId) return []
          const state = pcx.Status?.Code
          return [
            {
              kind: 'vpc-peering-connection',
              id: pcx.VpcPeeringConnectionId,
              tags: tagMap(pcx.Tags),
              // The requester owns the connection.
              ownerId: pcx.RequesterVpcInfo?.OwnerId,
              vpcId: pcx.RequesterVpcInfo?.VpcId,
              state,
              gone: goneIf(state, ['deleted', 'deleting', 'rejected', 'failed', 'expired'])
            }
          ]
        })
      }
    }
  },
  // An intermediate component only (FilterInArns / FilterOutArns), never a source or destination.
  'nat-gateway': {
    kind: 'nat-gateway',
    operation: 'DescribeNatGateways',
    action: 'ec2:DescribeNatGateways',
    idFilter: 'nat-gateway-id',
    tagKeyFilter: true,
    async *describe(client, filters) {
      for await (const page of paginateDescribeNatGateways(
        { client, pageSize: PAGE_SIZE },
        { Filter: filtersOrUndefined(filters) }
      )) {
        yield (page.NatGateways ?? []).flatMap((nat): Candidate[] =>
          nat.NatGatewayId
            ? [
                {
                  kind: 'nat-gateway',
                  id: nat.NatGatewayId,
                  tags: tagMap(nat.Tags),
                  vpcId: nat.VpcId,
                  subnetId: nat.SubnetId,
                  state: nat.State,
                  gone: goneIf(nat.State, ['deleted', 'deleting', 'failed'])
                }
              ]
            : []
        )
      }
    }
  }
}
