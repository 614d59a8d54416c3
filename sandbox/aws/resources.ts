// The EC2 resources a scenario declares, as the SDK returns them from Describe* (field names from
// @aws-sdk/client-ec2's models), plus the EC2 filter semantics the action relies on.
import type {
  Instance,
  InternetGateway,
  NetworkInterface,
  Tag,
  TransitGateway,
  TransitGatewayAttachment,
  NatGateway,
  Subnet,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
  VpnGateway,
  ServiceConfiguration
} from '@aws-sdk/client-ec2'
import { ScenarioError, type RegionResourcesSpec, type Scenario, type SecurityGroupRef } from '../scenario.js'
import { ec2Arn, stableHex, wildcardMatch } from './ids.js'
import type { ResourceKind } from '../../src/model.js'

/** The resource kinds the config knows, plus subnets and VPCs (for `subnet:` / `vpc:` scoping). */
export type Ec2Kind = ResourceKind | 'subnet' | 'vpc'

/** One resource, where it lives, and the SDK-shaped object Describe* serves. */
export interface CatalogResource {
  kind: Ec2Kind
  id: string
  accountId: string
  region: string
  arn: string
  /** The SDK object; its `Tags` (or `TagSet` for network interfaces) is the live tag list. */
  object: Record<string, unknown>
  vpcId?: string
  subnetId?: string
  privateIp?: string
  securityGroups: SecurityGroupRef[]
  /** Instance state name, for terminated-instance semantics. */
  state?: string
  /** For an instance: its primary network interface (device index 0). */
  primaryNetworkInterfaceId?: string
  /** For a network interface attached at device index 0: the instance it stands for. */
  primaryOfInstance?: string
}

const INSTANCE_STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80
}

function tagList(name: string | undefined, tags: Record<string, string> | undefined): Tag[] {
  const out: Tag[] = []
  if (name !== undefined) out.push({ Key: 'Name', Value: name })
  for (const [Key, Value] of Object.entries(tags ?? {}))
    if (!(Key === 'Name' && name !== undefined)) out.push({ Key, Value })
  return out
}

function derivedIp(id: string): string {
  const h = stableHex(id, 4)
  return `10.${parseInt(h.slice(0, 2), 16) % 200}.${parseInt(h.slice(2, 4), 16) % 250}.${(parseInt(id.slice(-2), 16) % 240) + 10}`
}

function derivedMac(id: string): string {
  const h = stableHex('mac' + id, 10)
  return `0e:${h.match(/../g)!.join(':')}`
}

function groups(
  refs: Array<string | SecurityGroupRef> | undefined,
  names: Map<string, string>
): SecurityGroupRef[] {
  return (refs ?? []).map(r => {
    const ref = typeof r === 'string' ? { id: r } : r
    return { id: ref.id, name: ref.name ?? names.get(ref.id) }
  })
}

function sdkGroups(refs: SecurityGroupRef[]): Array<{ GroupId: string; GroupName?: string }> {
  return refs.map(g => ({ GroupId: g.id, ...(g.name ? { GroupName: g.name } : {}) }))
}

/** Every resource of every account and region, indexed by id. */
export class ResourceCatalog {
  readonly byId = new Map<string, CatalogResource>()
  /** Security group id → name, from every place the scenario names one. */
  readonly securityGroupNames = new Map<string, string>()

  constructor(
    scenario: Scenario,
    resolveAccount: (ref: string) => string | undefined,
    private readonly createdAt: Date
  ) {
    // Names first, so every resource built below can name the groups it uses.
    for (const regions of Object.values(scenario.resources ?? {})) {
      for (const spec of Object.values(regions)) {
        for (const sg of spec.securityGroups ?? []) {
          const ref = typeof sg === 'string' ? { id: sg } : sg
          if (ref.name) this.securityGroupNames.set(ref.id, ref.name)
        }
        for (const inst of spec.instances ?? []) {
          for (const sg of inst.securityGroups ?? [])
            if (typeof sg !== 'string' && sg.name) this.securityGroupNames.set(sg.id, sg.name)
        }
      }
    }
    for (const [accountRef, regions] of Object.entries(scenario.resources ?? {})) {
      const accountId = resolveAccount(accountRef)!
      for (const [region, spec] of Object.entries(regions)) this.addRegion(accountId, region, spec)
    }
  }

  private checkUnique(id: string, accountId: string, region: string): void {
    const existing = this.byId.get(id)
    if (existing) {
      throw new ScenarioError(
        `resource ${id} is declared twice (in ${existing.accountId} ${existing.region} and ${accountId} ${region})`
      )
    }
  }

  private add(resource: CatalogResource): void {
    this.checkUnique(resource.id, resource.accountId, resource.region)
    this.byId.set(resource.id, resource)
  }

  private addRegion(accountId: string, region: string, spec: RegionResourcesSpec): void {
    const az = `${region}a`
    const created = this.createdAt

    for (const inst of spec.instances ?? []) {
      // Before its interfaces, so a duplicate instance is reported by its own id.
      this.checkUnique(inst.id, accountId, region)
      const state = inst.state ?? 'running'
      const terminated = state === 'terminated'
      const sgs = groups(inst.securityGroups, this.securityGroupNames)
      const primaryId = inst.primaryNetworkInterfaceId ?? `eni-${stableHex(inst.id, 17)}`
      const privateIp = inst.privateIp ?? derivedIp(inst.id)
      const enis: NetworkInterface[] = []
      if (!terminated) {
        const all = [
          { id: primaryId, deviceIndex: 0, subnetId: inst.subnetId, privateIp },
          ...(inst.secondaryNetworkInterfaces ?? []).map((e, i) => ({
            id: e.id,
            deviceIndex: e.deviceIndex ?? i + 1,
            subnetId: e.subnetId ?? inst.subnetId,
            privateIp: e.privateIp ?? derivedIp(e.id)
          }))
        ]
        for (const e of all) {
          const eni: NetworkInterface = {
            NetworkInterfaceId: e.id,
            AvailabilityZone: inst.availabilityZone ?? az,
            Description: e.deviceIndex === 0 ? 'Primary network interface' : '',
            Groups: sdkGroups(sgs),
            InterfaceType: 'interface',
            MacAddress: derivedMac(e.id),
            OwnerId: accountId,
            PrivateIpAddress: e.privateIp,
            PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: e.privateIp }],
            RequesterManaged: false,
            SourceDestCheck: true,
            Status: 'in-use',
            SubnetId: e.subnetId,
            VpcId: inst.vpcId,
            Attachment: {
              AttachmentId: `eni-attach-${stableHex('att' + e.id, 17)}`,
              AttachTime: created,
              DeleteOnTermination: e.deviceIndex === 0,
              DeviceIndex: e.deviceIndex,
              NetworkCardIndex: 0,
              InstanceId: inst.id,
              InstanceOwnerId: accountId,
              Status: 'attached'
            },
            TagSet: []
          }
          enis.push(eni)
          this.add({
            kind: 'network-interface',
            id: e.id,
            accountId,
            region,
            arn: ec2Arn(region, accountId, e.id),
            object: eni as Record<string, unknown>,
            vpcId: inst.vpcId,
            subnetId: e.subnetId,
            privateIp: e.privateIp,
            securityGroups: sgs,
            primaryOfInstance: e.deviceIndex === 0 ? inst.id : undefined
          })
        }
      }
      const instance: Instance = {
        InstanceId: inst.id,
        ImageId: `ami-${stableHex('ami' + inst.id, 17)}`,
        InstanceType: (inst.instanceType ?? 't3.micro') as Instance['InstanceType'],
        LaunchTime: created,
        Placement: { AvailabilityZone: inst.availabilityZone ?? az, Tenancy: 'default' },
        State: { Code: INSTANCE_STATE_CODES[state], Name: state },
        Architecture: 'x86_64',
        RootDeviceType: 'ebs',
        Hypervisor: 'xen',
        VirtualizationType: 'hvm',
        Tags: tagList(inst.name, inst.tags),
        ...(terminated
          ? { StateTransitionReason: 'User initiated', SecurityGroups: [], NetworkInterfaces: [] }
          : {
              PrivateIpAddress: privateIp,
              PrivateDnsName: `ip-${privateIp.replace(/\./g, '-')}.ec2.internal`,
              ...(inst.publicIp ? { PublicIpAddress: inst.publicIp } : {}),
              SubnetId: inst.subnetId,
              VpcId: inst.vpcId,
              SecurityGroups: sdkGroups(sgs),
              SourceDestCheck: true,
              NetworkInterfaces: enis.map(e => ({
                NetworkInterfaceId: e.NetworkInterfaceId,
                Attachment: {
                  AttachmentId: e.Attachment!.AttachmentId,
                  AttachTime: e.Attachment!.AttachTime,
                  DeleteOnTermination: e.Attachment!.DeleteOnTermination,
                  DeviceIndex: e.Attachment!.DeviceIndex,
                  NetworkCardIndex: 0,
                  Status: 'attached'
                },
                Description: e.Description,
                Groups: e.Groups,
                InterfaceType: 'interface',
                MacAddress: e.MacAddress,
                OwnerId: accountId,
                PrivateIpAddress: e.PrivateIpAddress,
                PrivateIpAddresses: e.PrivateIpAddresses,
                SourceDestCheck: true,
                Status: 'in-use',
                SubnetId: e.SubnetId,
                VpcId: e.VpcId
              }))
            })
      }
      // Reservations group instances launched together; by default each instance is its own launch.
      // Reservation and owner are not Instance fields; they are kept aside for DescribeInstances' reservationSet.
      Object.assign(instance, {
        __reservationId: inst.reservationId ?? `r-${stableHex('r' + inst.id, 17)}`,
        __ownerId: accountId
      })
      this.add({
        kind: 'instance',
        id: inst.id,
        accountId,
        region,
        arn: ec2Arn(region, accountId, inst.id),
        object: instance as Record<string, unknown>,
        vpcId: terminated ? undefined : inst.vpcId,
        subnetId: terminated ? undefined : inst.subnetId,
        privateIp: terminated ? undefined : privateIp,
        securityGroups: sgs,
        state,
        primaryNetworkInterfaceId: terminated ? undefined : primaryId
      })
    }

    for (const spec_ of spec.networkInterfaces ?? []) {
      const sgs = groups(spec_.securityGroups, this.securityGroupNames)
      const privateIp = spec_.privateIp ?? derivedIp(spec_.id)
      const attached = spec_.attachment
      const eni: NetworkInterface = {
        NetworkInterfaceId: spec_.id,
        AvailabilityZone: spec_.availabilityZone ?? az,
        Description: spec_.description ?? '',
        Groups: sdkGroups(sgs),
        InterfaceType: (spec_.interfaceType ?? 'interface') as NetworkInterface['InterfaceType'],
        MacAddress: derivedMac(spec_.id),
        OwnerId: accountId,
        PrivateIpAddress: privateIp,
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: privateIp }],
        RequesterManaged:
          spec_.requesterManaged ??
          (spec_.interfaceType !== undefined && spec_.interfaceType !== 'interface'),
        ...(spec_.requesterId ? { RequesterId: spec_.requesterId } : {}),
        SourceDestCheck: true,
        Status: spec_.status ?? (attached || spec_.interfaceType ? 'in-use' : 'available'),
        SubnetId: spec_.subnetId,
        VpcId: spec_.vpcId,
        TagSet: tagList(spec_.name, spec_.tags),
        ...(attached
          ? {
              Attachment: {
                AttachmentId: `eni-attach-${stableHex('att' + spec_.id, 17)}`,
                AttachTime: created,
                DeleteOnTermination: false,
                DeviceIndex: attached.deviceIndex ?? 1,
                NetworkCardIndex: 0,
                ...(attached.instanceId ? { InstanceId: attached.instanceId } : {}),
                InstanceOwnerId: attached.instanceOwnerId ?? accountId,
                Status: 'attached'
              }
            }
          : {})
      }
      this.add({
        kind: 'network-interface',
        id: spec_.id,
        accountId,
        region,
        arn: ec2Arn(region, accountId, spec_.id),
        object: eni as Record<string, unknown>,
        vpcId: spec_.vpcId,
        subnetId: spec_.subnetId,
        privateIp,
        securityGroups: sgs,
        primaryOfInstance:
          attached?.instanceId && (attached.deviceIndex ?? 1) === 0 ? attached.instanceId : undefined
      })
    }

    const simple = (kind: Ec2Kind, id: string, object: Record<string, unknown>, vpcId?: string): void =>
      this.add({
        kind,
        id,
        accountId,
        region,
        arn: ec2Arn(region, accountId, id),
        object,
        vpcId,
        securityGroups: []
      })

    for (const g of spec.internetGateways ?? []) {
      const igw: InternetGateway = {
        InternetGatewayId: g.id,
        OwnerId: accountId,
        Attachments: g.vpcId
          ? [
              {
                VpcId: g.vpcId,
                State: 'available' as NonNullable<InternetGateway['Attachments']>[number]['State']
              }
            ]
          : [],
        Tags: tagList(g.name, g.tags)
      }
      simple('internet-gateway', g.id, igw as Record<string, unknown>, g.vpcId)
    }
    for (const g of spec.vpnGateways ?? []) {
      const vgw: VpnGateway = {
        VpnGatewayId: g.id,
        State: g.state ?? 'available',
        Type: 'ipsec.1',
        AmazonSideAsn: g.amazonSideAsn ?? 64512,
        VpcAttachments: g.vpcId ? [{ VpcId: g.vpcId, State: 'attached' }] : [],
        Tags: tagList(g.name, g.tags)
      }
      simple('vpn-gateway', g.id, vgw as Record<string, unknown>, g.vpcId)
    }
    for (const t of spec.transitGateways ?? []) {
      const tgw: TransitGateway = {
        TransitGatewayId: t.id,
        TransitGatewayArn: ec2Arn(region, accountId, t.id),
        State: t.state ?? 'available',
        OwnerId: accountId,
        Description: t.description ?? '',
        CreationTime: created,
        Options: {
          AmazonSideAsn: 64512,
          AutoAcceptSharedAttachments: 'disable',
          DefaultRouteTableAssociation: 'enable',
          DefaultRouteTablePropagation: 'enable',
          VpnEcmpSupport: 'enable',
          DnsSupport: 'enable',
          MulticastSupport: 'disable'
        },
        Tags: tagList(t.name, t.tags)
      }
      simple('transit-gateway', t.id, tgw as Record<string, unknown>)
    }
    for (const a of spec.transitGatewayAttachments ?? []) {
      const att: TransitGatewayAttachment = {
        TransitGatewayAttachmentId: a.id,
        TransitGatewayId: a.transitGatewayId,
        TransitGatewayOwnerId: a.transitGatewayOwnerId ?? accountId,
        ResourceOwnerId: a.resourceOwnerId ?? accountId,
        ResourceType: a.resourceType ?? 'vpc',
        ...(a.resourceId ? { ResourceId: a.resourceId } : {}),
        State: a.state ?? 'available',
        CreationTime: created,
        Tags: tagList(a.name, a.tags)
      }
      simple(
        'transit-gateway-attachment',
        a.id,
        att as Record<string, unknown>,
        a.resourceId?.startsWith('vpc-') ? a.resourceId : undefined
      )
    }
    for (const e of spec.vpcEndpoints ?? []) {
      const vpce: VpcEndpoint = {
        VpcEndpointId: e.id,
        VpcEndpointType: e.type ?? 'Interface',
        VpcId: e.vpcId,
        ServiceName: e.serviceName,
        State: (e.state ?? 'available') as VpcEndpoint['State'],
        SubnetIds: e.subnetIds ?? [],
        NetworkInterfaceIds: e.networkInterfaceIds ?? [],
        OwnerId: accountId,
        RequesterManaged: false,
        PrivateDnsEnabled: false,
        CreationTimestamp: created,
        Tags: tagList(e.name, e.tags)
      }
      simple('vpc-endpoint', e.id, vpce as Record<string, unknown>, e.vpcId)
    }
    for (const v of spec.vpcs ?? []) {
      const vpc: Vpc = {
        VpcId: v.id,
        CidrBlock: v.cidr ?? '10.0.0.0/16',
        State: 'available',
        OwnerId: accountId,
        IsDefault: false,
        Tags: tagList(v.name, v.tags)
      }
      simple('vpc', v.id, vpc as Record<string, unknown>, v.id)
    }
    for (const n of spec.subnets ?? []) {
      const subnet: Subnet = {
        SubnetId: n.id,
        VpcId: n.vpcId,
        CidrBlock: n.cidr ?? '10.0.0.0/24',
        AvailabilityZone: n.availabilityZone ?? az,
        State: 'available',
        OwnerId: accountId,
        Tags: tagList(n.name, n.tags)
      }
      simple('subnet', n.id, subnet as Record<string, unknown>, n.vpcId)
    }
    for (const n of spec.natGateways ?? []) {
      const nat: NatGateway = {
        NatGatewayId: n.id,
        VpcId: n.vpcId,
        SubnetId: n.subnetId,
        ConnectivityType: n.connectivityType ?? 'public',
        State: n.state ?? 'available',
        CreateTime: created,
        NatGatewayAddresses: [],
        Tags: tagList(n.name, n.tags)
      }
      simple('nat-gateway', n.id, nat as Record<string, unknown>, n.vpcId)
    }
    for (const s of spec.vpcEndpointServices ?? []) {
      const type = s.type ?? 'Interface'
      const svc: ServiceConfiguration = {
        ServiceType: [{ ServiceType: type }],
        ServiceId: s.id,
        ServiceName: s.serviceName ?? `com.amazonaws.vpce.${region}.${s.id}`,
        ServiceState: s.state ?? 'Available',
        AvailabilityZones: [az],
        AcceptanceRequired: s.acceptanceRequired ?? true,
        ManagesVpcEndpoints: false,
        Tags: tagList(s.name, s.tags)
      }
      simple('vpc-endpoint-service', s.id, svc as Record<string, unknown>)
    }
    for (const p of spec.vpcPeeringConnections ?? []) {
      const side = (s: typeof p.requester): NonNullable<VpcPeeringConnection['RequesterVpcInfo']> => ({
        VpcId: s.vpcId,
        OwnerId: s.ownerId ?? accountId,
        Region: s.region ?? region,
        ...(s.cidr ? { CidrBlock: s.cidr, CidrBlockSet: [{ CidrBlock: s.cidr }] } : {})
      })
      const status = p.status ?? 'active'
      const pcx: VpcPeeringConnection = {
        VpcPeeringConnectionId: p.id,
        RequesterVpcInfo: side(p.requester),
        AccepterVpcInfo: side(p.accepter),
        Status: { Code: status, Message: status === 'active' ? 'Active' : status },
        Tags: tagList(p.name, p.tags)
      }
      simple('vpc-peering-connection', p.id, pcx as Record<string, unknown>, p.requester.vpcId)
    }
  }

  list(accountId: string, region: string, kind: Ec2Kind): CatalogResource[] {
    const out: CatalogResource[] = []
    for (const r of this.byId.values())
      if (r.kind === kind && r.accountId === accountId && r.region === region) out.push(r)
    return out
  }

  get(id: string): CatalogResource | undefined {
    return this.byId.get(id)
  }

  /** Where any id lives: a catalogued resource, or the VPC, subnet or security group of one. */
  locate(id: string): { accountId: string; region: string } | undefined {
    const direct = this.byId.get(id)
    if (direct) return direct
    for (const r of this.byId.values()) {
      if (r.vpcId === id || r.subnetId === id || r.securityGroups.some(g => g.id === id)) return r
    }
    return undefined
  }

  /** The Name of any id the scenario names: a resource's Name tag, or a security group's name. */
  nameOf(id: string): string | undefined {
    const r = this.byId.get(id)
    if (r) return nameTag(tagsOf(r.kind, r.object))
    return this.securityGroupNames.get(id)
  }

  /** The resource whose private IP is `ip` in the region (instances win over their own interfaces). */
  byPrivateIp(region: string, ip: string): CatalogResource | undefined {
    let found: CatalogResource | undefined
    for (const r of this.byId.values()) {
      if (r.region !== region || r.privateIp !== ip) continue
      if (r.kind === 'instance') return r
      found ??= r
    }
    return found
  }
}

/** The live tag list of an SDK object (network interfaces call it TagSet). */
export function tagsOf(
  kind: Ec2Kind | 'network-insights-path' | 'network-insights-analysis',
  object: Record<string, unknown>
): Tag[] {
  const key = kind === 'network-interface' ? 'TagSet' : 'Tags'
  if (!Array.isArray(object[key])) object[key] = []
  return object[key] as Tag[]
}

export function nameTag(tags: Tag[]): string | undefined {
  return tags.find(t => t.Key === 'Name')?.Value
}

type FilterValueFn = (
  object: Record<string, unknown>
) => Array<string | number | boolean | undefined> | undefined

// Filter name → the values a resource has for it. Only filters AWS documents for the action are listed;
// any other name is rejected as AWS does.
const g = (o: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      o
    )
const one =
  (path: string): FilterValueFn =>
  o => [g(o, path) as string | undefined]
const many =
  (listPath: string, field: string): FilterValueFn =>
  o =>
    ((g(o, listPath) as Array<Record<string, unknown>> | undefined) ?? []).map(
      x => g(x, field) as string | undefined
    )

export const FILTERS: Record<Ec2Kind, Record<string, FilterValueFn>> = {
  instance: {
    'instance-id': one('InstanceId'),
    'instance-state-name': one('State.Name'),
    'instance-state-code': one('State.Code'),
    'instance-type': one('InstanceType'),
    'vpc-id': one('VpcId'),
    'subnet-id': one('SubnetId'),
    'private-ip-address': one('PrivateIpAddress'),
    'ip-address': one('PublicIpAddress'),
    'availability-zone': one('Placement.AvailabilityZone'),
    'network-interface.network-interface-id': many('NetworkInterfaces', 'NetworkInterfaceId'),
    'network-interface.attachment.device-index': many('NetworkInterfaces', 'Attachment.DeviceIndex'),
    'instance.group-id': many('SecurityGroups', 'GroupId'),
    'owner-id': o => [String((o as { __ownerId?: string }).__ownerId ?? '')],
    'reservation-id': o => [String((o as { __reservationId?: string }).__reservationId ?? '')]
  },
  'network-interface': {
    'network-interface-id': one('NetworkInterfaceId'),
    'attachment.instance-id': one('Attachment.InstanceId'),
    'attachment.instance-owner-id': one('Attachment.InstanceOwnerId'),
    'attachment.device-index': one('Attachment.DeviceIndex'),
    'attachment.status': one('Attachment.Status'),
    'attachment.attachment-id': one('Attachment.AttachmentId'),
    'availability-zone': one('AvailabilityZone'),
    description: one('Description'),
    'group-id': many('Groups', 'GroupId'),
    'interface-type': one('InterfaceType'),
    'owner-id': one('OwnerId'),
    'private-ip-address': one('PrivateIpAddress'),
    'addresses.private-ip-address': many('PrivateIpAddresses', 'PrivateIpAddress'),
    'requester-managed': one('RequesterManaged'),
    'requester-id': one('RequesterId'),
    status: one('Status'),
    'subnet-id': one('SubnetId'),
    'vpc-id': one('VpcId')
  },
  'internet-gateway': {
    'internet-gateway-id': one('InternetGatewayId'),
    'attachment.vpc-id': many('Attachments', 'VpcId'),
    'attachment.state': many('Attachments', 'State'),
    'owner-id': one('OwnerId')
  },
  'vpn-gateway': {
    'vpn-gateway-id': one('VpnGatewayId'),
    state: one('State'),
    type: one('Type'),
    'amazon-side-asn': one('AmazonSideAsn'),
    'attachment.vpc-id': many('VpcAttachments', 'VpcId'),
    'attachment.state': many('VpcAttachments', 'State')
  },
  'transit-gateway': {
    'transit-gateway-id': one('TransitGatewayId'),
    state: one('State'),
    'owner-id': one('OwnerId')
  },
  'transit-gateway-attachment': {
    'transit-gateway-attachment-id': one('TransitGatewayAttachmentId'),
    'transit-gateway-id': one('TransitGatewayId'),
    'transit-gateway-owner-id': one('TransitGatewayOwnerId'),
    'resource-id': one('ResourceId'),
    'resource-owner-id': one('ResourceOwnerId'),
    'resource-type': one('ResourceType'),
    state: one('State')
  },
  'vpc-endpoint': {
    'vpc-endpoint-id': one('VpcEndpointId'),
    'vpc-endpoint-state': one('State'),
    'vpc-endpoint-type': one('VpcEndpointType'),
    'vpc-id': one('VpcId'),
    'service-name': one('ServiceName')
  },
  'vpc-endpoint-service': {
    'service-id': one('ServiceId'),
    'service-name': one('ServiceName'),
    'service-state': one('ServiceState')
  },
  subnet: {
    'subnet-id': one('SubnetId'),
    'vpc-id': one('VpcId'),
    'availability-zone': one('AvailabilityZone'),
    'cidr-block': one('CidrBlock'),
    state: one('State')
  },
  vpc: {
    'vpc-id': one('VpcId'),
    'cidr-block': one('CidrBlock'),
    state: one('State')
  },
  'nat-gateway': {
    'nat-gateway-id': one('NatGatewayId'),
    state: one('State'),
    'subnet-id': one('SubnetId'),
    'vpc-id': one('VpcId')
  },
  'vpc-peering-connection': {
    'vpc-peering-connection-id': one('VpcPeeringConnectionId'),
    'status-code': one('Status.Code'),
    'requester-vpc-info.vpc-id': one('RequesterVpcInfo.VpcId'),
    'requester-vpc-info.owner-id': one('RequesterVpcInfo.OwnerId'),
    'accepter-vpc-info.vpc-id': one('AccepterVpcInfo.VpcId'),
    'accepter-vpc-info.owner-id': one('AccepterVpcInfo.OwnerId')
  }
}

export interface Filter {
  Name?: string
  Values?: string[]
}

/** Returns the first filter name that is not valid for this kind of resource, if any. */
export function invalidFilter(
  filters: Filter[] | undefined,
  table: Record<string, FilterValueFn>
): string | undefined {
  for (const f of filters ?? []) {
    const name = f.Name ?? ''
    if (name.startsWith('tag:') || name === 'tag-key' || name === 'tag-value') continue
    if (!(name in table)) return name
  }
  return undefined
}

/** EC2 filter semantics: AND across filters, OR across a filter's values, `*`/`?` wildcards. */
export function matchesFilters(
  object: Record<string, unknown>,
  tags: Tag[],
  filters: Filter[] | undefined,
  table: Record<string, FilterValueFn>
): boolean {
  for (const f of filters ?? []) {
    const name = f.Name ?? ''
    const wanted = f.Values ?? []
    let have: string[]
    if (name.startsWith('tag:')) {
      const key = name.slice(4)
      have = tags.filter(t => t.Key === key).map(t => t.Value ?? '')
    } else if (name === 'tag-key') {
      have = tags.map(t => t.Key ?? '')
    } else if (name === 'tag-value') {
      have = tags.map(t => t.Value ?? '')
    } else {
      have = (table[name]?.(object) ?? []).filter(v => v !== undefined).map(v => String(v))
    }
    if (!have.some(v => wanted.some(p => wildcardMatch(v, p)))) return false
  }
  return true
}
