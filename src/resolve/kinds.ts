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
  type EC2PaginationConfiguration,
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
  /** Instances and network interfaces: the security groups attached (plan overlay and plan-scope). */
  securityGroupIds?: string[]
  /** Instances and network interfaces: the primary private IPv4 address. */
  privateIp?: string
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
  /**
   * Filter names that list this kind by subnet / VPC, for `subnet:` / `vpc:` scoping without tags. Kinds
   * without them cannot be scoped unless tags narrow the listing first (candidates are then checked locally).
   */
  scopeFilters?: { subnet?: string; vpc?: string }
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

/** A candidate's fields but its kind, which the recipe fills in. */
type Found = Omit<Candidate, 'kind'>

/**
 * The one page-and-map loop every kind shares: read every page of `pages` (no filters = everything) and
 * turn each item into a candidate; items without an id are skipped.
 */
function recipe<Page>(
  spec: Omit<KindRecipe, 'describe'> & {
    pages: (config: EC2PaginationConfiguration, filters: Filter[] | undefined) => AsyncIterable<Page>
    candidates: (page: Page) => Array<Found | undefined>
  }
): KindRecipe {
  const { pages, candidates, ...rest } = spec
  return {
    ...rest,
    async *describe(client, filters) {
      for await (const page of pages(
        { client, pageSize: PAGE_SIZE },
        filters.length > 0 ? filters : undefined
      ))
        yield candidates(page).flatMap(found => (found?.id ? [{ kind: spec.kind, ...found }] : []))
    }
  }
}

export const KIND_RECIPES: Record<ResourceKind, KindRecipe> = {
  instance: recipe({
    kind: 'instance',
    scopeFilters: { subnet: 'subnet-id', vpc: 'vpc-id' },
    operation: 'DescribeInstances',
    action: 'ec2:DescribeInstances',
    idFilter: 'instance-id',
    tagKeyFilter: true,
    pages: (config, Filters) => paginateDescribeInstances(config, { Filters }),
    candidates: page =>
      (page.Reservations ?? []).flatMap(reservation =>
        (reservation.Instances ?? []).map((instance): Found | undefined => {
          if (!instance.InstanceId) return undefined
          const state = instance.State?.Name
          const primary = instance.NetworkInterfaces?.find(
            eni => eni.Attachment?.DeviceIndex === 0 && (eni.Attachment.NetworkCardIndex ?? 0) === 0
          )
          return {
            id: instance.InstanceId,
            tags: tagMap(instance.Tags),
            ownerId: reservation.OwnerId,
            vpcId: instance.VpcId,
            subnetId: instance.SubnetId,
            securityGroupIds: (instance.SecurityGroups ?? []).flatMap(g => (g.GroupId ? [g.GroupId] : [])),
            privateIp: instance.PrivateIpAddress,
            state,
            gone: goneIf(state, ['terminated', 'shutting-down']),
            primaryNetworkInterfaceId: primary?.NetworkInterfaceId
          }
        })
      )
  }),
  'network-interface': recipe({
    kind: 'network-interface',
    scopeFilters: { subnet: 'subnet-id', vpc: 'vpc-id' },
    operation: 'DescribeNetworkInterfaces',
    action: 'ec2:DescribeNetworkInterfaces',
    idFilter: 'network-interface-id',
    tagKeyFilter: true,
    pages: (config, Filters) => paginateDescribeNetworkInterfaces(config, { Filters }),
    candidates: page =>
      (page.NetworkInterfaces ?? []).map(eni => ({
        id: eni.NetworkInterfaceId ?? '',
        tags: tagMap(eni.TagSet),
        ownerId: eni.OwnerId,
        vpcId: eni.VpcId,
        subnetId: eni.SubnetId,
        securityGroupIds: (eni.Groups ?? []).flatMap(g => (g.GroupId ? [g.GroupId] : [])),
        privateIp: eni.PrivateIpAddress,
        state: eni.Status,
        attachedInstanceId: eni.Attachment?.InstanceId
      }))
  }),
  'internet-gateway': recipe({
    kind: 'internet-gateway',
    operation: 'DescribeInternetGateways',
    action: 'ec2:DescribeInternetGateways',
    idFilter: 'internet-gateway-id',
    tagKeyFilter: true,
    pages: (config, Filters) => paginateDescribeInternetGateways(config, { Filters }),
    candidates: page =>
      (page.InternetGateways ?? []).map(igw => ({
        id: igw.InternetGatewayId ?? '',
        tags: tagMap(igw.Tags),
        ownerId: igw.OwnerId,
        vpcId: igw.Attachments?.[0]?.VpcId
      }))
  }),
  'vpn-gateway': recipe({
    kind: 'vpn-gateway',
    operation: 'DescribeVpnGateways',
    action: 'ec2:DescribeVpnGateways',
    idFilter: 'vpn-gateway-id',
    tagKeyFilter: true,
    // DescribeVpnGateways has no pagination: one call returns everything that matches.
    pages: async function* ({ client }, Filters) {
      yield await client.send(new DescribeVpnGatewaysCommand({ Filters }))
    },
    candidates: page =>
      (page.VpnGateways ?? []).map(vgw => ({
        id: vgw.VpnGatewayId ?? '',
        tags: tagMap(vgw.Tags),
        vpcId: vgw.VpcAttachments?.find(attachment => attachment.State === 'attached')?.VpcId,
        state: vgw.State,
        gone: goneIf(vgw.State, ['deleted', 'deleting'])
      }))
  }),
  'transit-gateway': recipe({
    kind: 'transit-gateway',
    operation: 'DescribeTransitGateways',
    action: 'ec2:DescribeTransitGateways',
    idFilter: 'transit-gateway-id',
    tagKeyFilter: false,
    pages: (config, Filters) => paginateDescribeTransitGateways(config, { Filters }),
    candidates: page =>
      (page.TransitGateways ?? []).map(tgw => ({
        id: tgw.TransitGatewayId ?? '',
        tags: tagMap(tgw.Tags),
        ownerId: tgw.OwnerId,
        state: tgw.State,
        gone: goneIf(tgw.State, ['deleted', 'deleting'])
      }))
  }),
  'transit-gateway-attachment': recipe({
    kind: 'transit-gateway-attachment',
    operation: 'DescribeTransitGatewayAttachments',
    action: 'ec2:DescribeTransitGatewayAttachments',
    idFilter: 'transit-gateway-attachment-id',
    tagKeyFilter: false,
    pages: (config, Filters) => paginateDescribeTransitGatewayAttachments(config, { Filters }),
    candidates: page =>
      (page.TransitGatewayAttachments ?? []).map(attachment => ({
        id: attachment.TransitGatewayAttachmentId ?? '',
        tags: tagMap(attachment.Tags),
        // The attachment is a resource of the transit gateway's owner (only it runs every attachment
        // API); the VPC owner is ResourceOwnerId.
        ownerId: attachment.TransitGatewayOwnerId ?? attachment.ResourceOwnerId,
        vpcId: attachment.ResourceType === 'vpc' ? attachment.ResourceId : undefined,
        state: attachment.State,
        gone: goneIf(attachment.State, ['deleted', 'deleting', 'failed', 'failing', 'rejected', 'rejecting'])
      }))
  }),
  'vpc-endpoint': recipe({
    kind: 'vpc-endpoint',
    scopeFilters: { vpc: 'vpc-id' },
    operation: 'DescribeVpcEndpoints',
    action: 'ec2:DescribeVpcEndpoints',
    idFilter: 'vpc-endpoint-id',
    tagKeyFilter: true,
    pages: (config, Filters) => paginateDescribeVpcEndpoints(config, { Filters }),
    candidates: page =>
      (page.VpcEndpoints ?? []).map(endpoint => ({
        id: endpoint.VpcEndpointId ?? '',
        tags: tagMap(endpoint.Tags),
        ownerId: endpoint.OwnerId,
        vpcId: endpoint.VpcId,
        state: endpoint.State,
        gone: goneIf(endpoint.State, ['deleted', 'deleting', 'failed', 'rejected', 'expired'])
      }))
  }),
  'vpc-endpoint-service': recipe({
    kind: 'vpc-endpoint-service',
    operation: 'DescribeVpcEndpointServiceConfigurations',
    action: 'ec2:DescribeVpcEndpointServiceConfigurations',
    idFilter: 'service-id',
    tagKeyFilter: true,
    // Lists the services this account owns (not those it may consume).
    pages: (config, Filters) => paginateDescribeVpcEndpointServiceConfigurations(config, { Filters }),
    candidates: page =>
      (page.ServiceConfigurations ?? []).map(service => ({
        id: service.ServiceId ?? '',
        tags: tagMap(service.Tags),
        state: service.ServiceState,
        gone: goneIf(service.ServiceState, ['deleted', 'deleting', 'failed'])
      }))
  }),
  'vpc-peering-connection': recipe({
    kind: 'vpc-peering-connection',
    operation: 'DescribeVpcPeeringConnections',
    action: 'ec2:DescribeVpcPeeringConnections',
    idFilter: 'vpc-peering-connection-id',
    tagKeyFilter: true,
    pages: (config, Filters) => paginateDescribeVpcPeeringConnections(config, { Filters }),
    candidates: page =>
      (page.VpcPeeringConnections ?? []).map(pcx => {
        const state = pcx.Status?.Code
        return {
          id: pcx.VpcPeeringConnectionId ?? '',
          tags: tagMap(pcx.Tags),
          // The requester owns the connection.
          ownerId: pcx.RequesterVpcInfo?.OwnerId,
          vpcId: pcx.RequesterVpcInfo?.VpcId,
          state,
          gone: goneIf(state, ['deleted', 'deleting', 'rejected', 'failed', 'expired'])
        }
      })
  }),
  // An intermediate component only (FilterInArns / FilterOutArns), never a source or destination.
  'nat-gateway': recipe({
    kind: 'nat-gateway',
    scopeFilters: { subnet: 'subnet-id', vpc: 'vpc-id' },
    operation: 'DescribeNatGateways',
    action: 'ec2:DescribeNatGateways',
    idFilter: 'nat-gateway-id',
    tagKeyFilter: true,
    // This API spells its filter parameter `Filter`.
    pages: (config, Filter) => paginateDescribeNatGateways(config, { Filter }),
    candidates: page =>
      (page.NatGateways ?? []).map(nat => ({
        id: nat.NatGatewayId ?? '',
        tags: tagMap(nat.Tags),
        vpcId: nat.VpcId,
        subnetId: nat.SubnetId,
        state: nat.State,
        gone: goneIf(nat.State, ['deleted', 'deleting', 'failed'])
      }))
  })
}
