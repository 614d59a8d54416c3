// A small EC2 stand-in behind aws-sdk-client-mock: resources per (account, region), the documented filters
// only (an undocumented one fails like AWS would), server-side paging, and the 200-filter-value limit.
import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewaysCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcEndpointServiceConfigurationsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpnGatewaysCommand,
  EC2Client,
  EC2ServiceException,
  type Filter
} from '@aws-sdk/client-ec2'
import { mockClient } from 'aws-sdk-client-mock'
import { AuthError, type AwsClientProvider } from '../../src/auth/types.js'
import { noManagedClients } from './no-managed-clients.js'
import {
  KIND_ID_PREFIXES,
  type Endpoint,
  type EndpointRole,
  type ResourceKind,
  type Selector
} from '../../src/model.js'

export interface FakeResource {
  kind: ResourceKind
  id: string
  tags?: Record<string, string>
  vpcId?: string
  ownerId?: string
  state?: string
  /** Instances: id of the ENI at device index 0 (a secondary ENI at index 1 is added too). */
  primaryEni?: string
  /** Network interfaces: the instance they are attached to. */
  attachedInstanceId?: string
}

interface Operation {
  name: string
  kind: ResourceKind
  idFilter: string
  tagKey: boolean
  paged: boolean
  idsParam: string
  build(resources: FakeResource[], owner: string): Record<string, unknown>
}

const tags = (r: FakeResource) => Object.entries(r.tags ?? {}).map(([Key, Value]) => ({ Key, Value }))

const OPERATIONS: Array<[unknown, Operation]> = [
  [
    DescribeInstancesCommand,
    {
      name: 'DescribeInstances',
      kind: 'instance',
      idFilter: 'instance-id',
      tagKey: true,
      paged: true,
      idsParam: 'InstanceIds',
      build: (rs, owner) => ({
        Reservations: rs.map(r => ({
          OwnerId: r.ownerId ?? owner,
          Instances: [
            {
              InstanceId: r.id,
              State: { Name: r.state ?? 'running' },
              VpcId: r.vpcId,
              Tags: tags(r),
              NetworkInterfaces: r.primaryEni
                ? [
                    {
                      NetworkInterfaceId: `${r.primaryEni}-second`,
                      Attachment: { DeviceIndex: 1, NetworkCardIndex: 0 }
                    },
                    { NetworkInterfaceId: r.primaryEni, Attachment: { DeviceIndex: 0, NetworkCardIndex: 0 } }
                  ]
                : []
            }
          ]
        }))
      })
    }
  ],
  [
    DescribeNetworkInterfacesCommand,
    {
      name: 'DescribeNetworkInterfaces',
      kind: 'network-interface',
      idFilter: 'network-interface-id',
      tagKey: true,
      paged: true,
      idsParam: 'NetworkInterfaceIds',
      build: (rs, owner) => ({
        NetworkInterfaces: rs.map(r => ({
          NetworkInterfaceId: r.id,
          TagSet: tags(r),
          VpcId: r.vpcId,
          OwnerId: r.ownerId ?? owner,
          Status: r.state ?? 'in-use',
          ...(r.attachedInstanceId
            ? { Attachment: { InstanceId: r.attachedInstanceId, DeviceIndex: 0 } }
            : {})
        }))
      })
    }
  ],
  [
    DescribeInternetGatewaysCommand,
    {
      name: 'DescribeInternetGateways',
      kind: 'internet-gateway',
      idFilter: 'internet-gateway-id',
      tagKey: true,
      paged: true,
      idsParam: 'InternetGatewayIds',
      build: (rs, owner) => ({
        InternetGateways: rs.map(r => ({
          InternetGatewayId: r.id,
          OwnerId: r.ownerId ?? owner,
          Tags: tags(r),
          Attachments: r.vpcId ? [{ VpcId: r.vpcId, State: 'available' }] : []
        }))
      })
    }
  ],
  [
    DescribeVpnGatewaysCommand,
    {
      name: 'DescribeVpnGateways',
      kind: 'vpn-gateway',
      idFilter: 'vpn-gateway-id',
      tagKey: true,
      paged: false,
      idsParam: 'VpnGatewayIds',
      build: rs => ({
        VpnGateways: rs.map(r => ({
          VpnGatewayId: r.id,
          State: r.state ?? 'available',
          Tags: tags(r),
          VpcAttachments: r.vpcId
            ? [
                { VpcId: 'vpc-detached', State: 'detached' },
                { VpcId: r.vpcId, State: 'attached' }
              ]
            : []
        }))
      })
    }
  ],
  [
    DescribeTransitGatewaysCommand,
    {
      name: 'DescribeTransitGateways',
      kind: 'transit-gateway',
      idFilter: 'transit-gateway-id',
      tagKey: false,
      paged: true,
      idsParam: 'TransitGatewayIds',
      build: (rs, owner) => ({
        TransitGateways: rs.map(r => ({
          TransitGatewayId: r.id,
          OwnerId: r.ownerId ?? owner,
          State: r.state ?? 'available',
          Tags: tags(r)
        }))
      })
    }
  ],
  [
    DescribeTransitGatewayAttachmentsCommand,
    {
      name: 'DescribeTransitGatewayAttachments',
      kind: 'transit-gateway-attachment',
      idFilter: 'transit-gateway-attachment-id',
      tagKey: false,
      paged: true,
      idsParam: 'TransitGatewayAttachmentIds',
      build: (rs, owner) => ({
        TransitGatewayAttachments: rs.map(r => ({
          TransitGatewayAttachmentId: r.id,
          TransitGatewayOwnerId: r.ownerId ?? owner,
          ResourceOwnerId: owner,
          ResourceType: 'vpc',
          ResourceId: r.vpcId,
          State: r.state ?? 'available',
          Tags: tags(r)
        }))
      })
    }
  ],
  [
    DescribeVpcEndpointsCommand,
    {
      name: 'DescribeVpcEndpoints',
      kind: 'vpc-endpoint',
      idFilter: 'vpc-endpoint-id',
      tagKey: true,
      paged: true,
      idsParam: 'VpcEndpointIds',
      build: (rs, owner) => ({
        VpcEndpoints: rs.map(r => ({
          VpcEndpointId: r.id,
          OwnerId: r.ownerId ?? owner,
          VpcId: r.vpcId,
          State: r.state ?? 'Available',
          Tags: tags(r)
        }))
      })
    }
  ],
  [
    DescribeVpcEndpointServiceConfigurationsCommand,
    {
      name: 'DescribeVpcEndpointServiceConfigurations',
      kind: 'vpc-endpoint-service',
      idFilter: 'service-id',
      tagKey: true,
      paged: true,
      idsParam: 'ServiceIds',
      build: rs => ({
        ServiceConfigurations: rs.map(r => ({
          ServiceId: r.id,
          ServiceState: r.state ?? 'Available',
          Tags: tags(r)
        }))
      })
    }
  ],
  [
    DescribeVpcPeeringConnectionsCommand,
    {
      name: 'DescribeVpcPeeringConnections',
      kind: 'vpc-peering-connection',
      idFilter: 'vpc-peering-connection-id',
      tagKey: true,
      paged: true,
      idsParam: 'VpcPeeringConnectionIds',
      build: (rs, owner) => ({
        VpcPeeringConnections: rs.map(r => ({
          VpcPeeringConnectionId: r.id,
          Status: { Code: r.state ?? 'active' },
          RequesterVpcInfo: { OwnerId: r.ownerId ?? owner, VpcId: r.vpcId },
          AccepterVpcInfo: { OwnerId: '999999999999', VpcId: 'vpc-peer' },
          Tags: tags(r)
        }))
      })
    }
  ]
]

export function ec2Error(name: string, message: string): EC2ServiceException {
  return new EC2ServiceException({ name, $fault: 'client', message, $metadata: { httpStatusCode: 400 } })
}

export class FakeEc2 {
  readonly mock = mockClient(EC2Client)
  /** The largest page the fake returns, whatever MaxResults asks (to force paging). */
  pageSize = 1000
  /** Calls that fail, keyed `${account}/${region}/${operation}`. */
  readonly failures = new Map<string, Error>()
  private readonly where = new Map<EC2Client, { account: string; region: string }>()
  private readonly resources = new Map<string, FakeResource[]>()

  constructor(private readonly accountIds: Record<string, string>) {
    for (const [command, operation] of OPERATIONS) {
      this.mock
        .on(command as typeof DescribeInstancesCommand)
        .callsFake((input, getClient) => this.describe(operation, input, getClient()))
    }
  }

  add(account: string, region: string, ...resources: FakeResource[]): this {
    const key = `${account}/${region}`
    this.resources.set(key, [...(this.resources.get(key) ?? []), ...resources])
    return this
  }

  /** A provider whose clients the fake recognises; `broken` accounts fail like an unassumable role. */
  provider(broken: Record<string, string> = {}): AwsClientProvider & { ec2Calls: number } {
    const clients = new Map<string, EC2Client>()
    const provider = {
      ...noManagedClients,
      ec2Calls: 0,
      ec2: async (account: string, region: string): Promise<EC2Client> => {
        provider.ec2Calls++
        if (broken[account]) throw new AuthError(broken[account], account)
        const key = `${account}/${region}`
        let client = clients.get(key)
        if (!client) {
          client = new EC2Client({
            region,
            credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }
          })
          this.where.set(client, { account, region })
          clients.set(key, client)
        }
        return client
      },
      accountId: async (account: string): Promise<string> => {
        if (broken[account]) throw new AuthError(broken[account], account)
        return this.accountIds[account]
      }
    }
    return provider
  }

  calls(operation?: string): number {
    return this.mock
      .calls()
      .filter(
        call =>
          !operation ||
          (call.args[0] as { constructor: { name: string } }).constructor.name === `${operation}Command`
      ).length
  }

  /** Filters of every call made to an operation, in order. */
  filtersOf(operation: string): Filter[][] {
    return this.mock
      .calls()
      .filter(
        call => (call.args[0] as { constructor: { name: string } }).constructor.name === `${operation}Command`
      )
      .map(call => ((call.args[0] as { input: { Filters?: Filter[] } }).input.Filters ?? []) as Filter[])
  }

  restore(): void {
    this.mock.restore()
  }

  private describe(operation: Operation, input: Record<string, unknown>, client: EC2Client) {
    const site = this.where.get(client)
    if (!site) throw new Error('fake EC2: unknown client')
    const failure = this.failures.get(`${site.account}/${site.region}/${operation.name}`)
    if (failure) throw failure
    if (input[operation.idsParam] !== undefined)
      throw new Error(`fake EC2: ${operation.idsParam} is not used by the resolver`)
    const filters = (input.Filters as Filter[] | undefined) ?? []
    const valueCount = filters.reduce((sum, filter) => sum + (filter.Values?.length ?? 0), 0)
    if (valueCount > 200)
      throw ec2Error(
        'FilterLimitExceeded',
        'The maximum number of filter values specified on a single call is 200'
      )
    const maxResults = input.MaxResults as number | undefined
    if (maxResults !== undefined && (maxResults < 5 || maxResults > 1000))
      throw ec2Error('InvalidParameterValue', 'MaxResults out of range')
    let matching = (this.resources.get(`${site.account}/${site.region}`) ?? []).filter(
      r => r.kind === operation.kind
    )
    for (const filter of filters) {
      const values = new Set(filter.Values ?? [])
      if (filter.Name === operation.idFilter) matching = matching.filter(r => values.has(r.id))
      else if (filter.Name === 'tag-key' && operation.tagKey)
        matching = matching.filter(r => Object.keys(r.tags ?? {}).some(key => values.has(key)))
      else throw ec2Error('InvalidParameterValue', `The filter '${filter.Name}' is invalid`)
    }
    const owner = this.accountIds[site.account]
    if (!operation.paged) return operation.build(matching, owner)
    const start = Number(input.NextToken ?? 0)
    const size = Math.min(maxResults ?? 1000, this.pageSize)
    const page = matching.slice(start, start + size)
    const next = start + size < matching.length ? String(start + size) : undefined
    return { ...operation.build(page, owner), ...(next ? { NextToken: next } : {}) }
  }
}

const LOCATION = { file: 'preflight.yaml', line: 1, column: 1 }

export function kindOfId(id: string): ResourceKind {
  const match = KIND_ID_PREFIXES.find(([prefix]) => id.startsWith(prefix))
  if (!match) throw new Error(`no kind for ${id}`)
  return match[1]
}

export const byId = (resourceId: string): Selector => ({
  by: 'resource_id',
  resourceId,
  kind: kindOfId(resourceId)
})
export const byTags = (
  tags: Record<string, string>,
  kinds: ResourceKind[] = ['instance', 'network-interface']
): Selector => ({
  by: 'tags',
  tags,
  kinds
})
export function byArn(arn: string): Selector {
  const [, , , region, accountId, resource] = arn.split(':')
  const resourceId = resource.split('/')[1]
  return { by: 'arn', arn, kind: kindOfId(resourceId), resourceId, accountId, region }
}

export function endpoint(
  account: string,
  region: string,
  selector: Selector,
  role: EndpointRole = 'source'
): Endpoint {
  return { role, account, region, selector, location: LOCATION }
}
