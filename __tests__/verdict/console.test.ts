import { componentType, consoleUrlFor } from '../../src/verdict/index.js'

const vpc = (region: string) => `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#`
const ec2 = (region: string) => `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#`

describe('consoleUrlFor', () => {
  it('links a security group to the VPC console in the region of its ARN', () => {
    expect(
      consoleUrlFor(
        { id: 'sg-0abc', arn: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc' },
        'us-east-1'
      )
    ).toBe(`${vpc('eu-west-1')}SecurityGroup:groupId=sg-0abc`)
  })

  it('uses the region argument when there is no ARN, and gives up without any region', () => {
    expect(consoleUrlFor({ id: 'sg-0abc' }, 'us-east-1')).toBe(
      'https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#SecurityGroup:groupId=sg-0abc'
    )
    expect(consoleUrlFor({ id: 'sg-0abc' })).toBeUndefined()
  })

  it.each([
    ['i-0abc', `${ec2('us-east-1')}InstanceDetails:instanceId=i-0abc`],
    ['eni-0abc', `${ec2('us-east-1')}NetworkInterface:networkInterfaceId=eni-0abc`],
    ['acl-0abc', `${vpc('us-east-1')}NetworkAclDetails:networkAclId=acl-0abc`],
    ['rtb-0abc', `${vpc('us-east-1')}RouteTableDetails:routeTableId=rtb-0abc`],
    ['subnet-0abc', `${vpc('us-east-1')}SubnetDetails:subnetId=subnet-0abc`],
    ['vpc-0abc', `${vpc('us-east-1')}VpcDetails:VpcId=vpc-0abc`],
    ['igw-0abc', `${vpc('us-east-1')}InternetGateway:internetGatewayId=igw-0abc`],
    ['nat-0abc', `${vpc('us-east-1')}NatGatewayDetails:natGatewayId=nat-0abc`],
    ['tgw-0abc', `${vpc('us-east-1')}TransitGatewayDetails:transitGatewayId=tgw-0abc`],
    [
      'tgw-attach-0abc',
      `${vpc('us-east-1')}TransitGatewayAttachmentDetails:transitGatewayAttachmentId=tgw-attach-0abc`
    ],
    [
      'tgw-rtb-0abc',
      `${vpc('us-east-1')}TransitGatewayRouteTableDetails:transitGatewayRouteTableId=tgw-rtb-0abc`
    ],
    ['vpce-0abc', `${vpc('us-east-1')}EndpointDetails:vpcEndpointId=vpce-0abc`],
    ['vpce-svc-0abc', `${vpc('us-east-1')}EndpointServiceDetails:endpointServiceId=vpce-svc-0abc`],
    ['pcx-0abc', `${vpc('us-east-1')}PeeringConnectionDetails:VpcPeeringConnectionId=pcx-0abc`]
  ])('links %s by its id prefix', (id, url) => {
    expect(consoleUrlFor({ id }, 'us-east-1')).toBe(url)
  })

  it('links load balancers, their listeners (via the load balancer) and target groups by ARN', () => {
    const lb = 'arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/app/web/50dc6c495c0c9188'
    const listener =
      'arn:aws:elasticloadbalancing:us-west-2:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2'
    const tg = 'arn:aws:elasticloadbalancing:us-west-2:111122223333:targetgroup/web-tg/73e2d6bc24d8a067'
    expect(consoleUrlFor({ arn: lb })).toBe(`${ec2('us-west-2')}LoadBalancer:loadBalancerArn=${lb}`)
    expect(consoleUrlFor({ arn: listener })).toBe(`${ec2('us-west-2')}LoadBalancer:loadBalancerArn=${lb}`)
    expect(consoleUrlFor({ arn: tg })).toBe(`${ec2('us-west-2')}TargetGroup:targetGroupArn=${tg}`)
  })

  it('links a Network Firewall by name and nothing for kinds it has no page for', () => {
    expect(consoleUrlFor({ arn: 'arn:aws:network-firewall:us-east-1:111122223333:firewall/inspect' })).toBe(
      `${vpc('us-east-1')}FirewallDetails:firewallName=inspect`
    )
    expect(
      consoleUrlFor({ arn: 'arn:aws:network-firewall:us-east-1:1:stateful-rulegroup/x' })
    ).toBeUndefined()
    expect(consoleUrlFor({ id: 'mystery-0abc' }, 'us-east-1')).toBeUndefined()
    expect(consoleUrlFor({}, 'us-east-1')).toBeUndefined()
  })
})

describe('componentType', () => {
  it('prefers the ARN type and falls back to the id prefix, longest prefix first', () => {
    expect(componentType({ arn: 'arn:aws:ec2:us-east-1:1:network-acl/acl-1' })).toBe('network-acl')
    expect(componentType({ id: 'tgw-attach-1' })).toBe('transit-gateway-attachment')
    expect(componentType({ id: 'igw-1' })).toBe('internet-gateway')
    expect(componentType({ id: 'i-1' })).toBe('instance')
    expect(componentType({ arn: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/nlb/1' })).toBe(
      'load-balancer'
    )
    expect(componentType({ id: 'unknown' })).toBeUndefined()
  })
})
