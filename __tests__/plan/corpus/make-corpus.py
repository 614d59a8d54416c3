#!/usr/bin/env python3
"""Writes the plan-prediction corpus: one JSON per case = the analysis of the deployed network (Reachability
Analyzer's DescribeNetworkInsightsAnalyses shape), the plan (Terraform `show -json` format_version 1.2, or
`pulumi preview --json`), and the prediction AWS's documented rule semantics give. Expected values are written
by hand per case below; this script only saves typing the JSON envelopes. Run: python3 make-corpus.py"""
import json, os, copy

HERE = os.path.dirname(os.path.abspath(__file__))
ACC = '222222222222'
def arn(kind, id): return f'arn:aws:ec2:us-east-1:{ACC}:{kind}/{id}'
def comp(id, kind): return {'Id': id, 'Arn': arn(kind, id)}

API, DB, REPLICA, WEB = 'i-0a1000000000000a1', 'i-0a1000000000000d1', 'i-0a1000000000000d2', 'i-0b1000000000000c1'
API_ENI, DB_ENI, REPLICA_ENI, WEB_ENI = 'eni-0a1000000000000a1', 'eni-0a1000000000000d1', 'eni-0a1000000000000d2', 'eni-0b1000000000000c1'
SG_APP, SG_DB, SG_REPLICA, SG_WEB, SG_OTHER = 'sg-0a0000000000a0001', 'sg-0a0000000000a0002', 'sg-0a0000000000a0003', 'sg-0b0000000000b0001', 'sg-0a00000000000ff01'
ACL_APP, ACL_DB, ACL_WEB = 'acl-0a1000000000000a1', 'acl-0a1000000000000d1', 'acl-0b1000000000000c1'
RTB_APP, RTB_DB = 'rtb-0a1000000000000a1', 'rtb-0a1000000000000d1'
SUB_APP, SUB_DB, SUB_WEB = 'subnet-0a100000000000011', 'subnet-0a100000000000021', 'subnet-0b100000000000011'
VPC = 'vpc-0a100000000000001'
IGW = 'igw-0b10000000000ea01'
TGW, TGW_RTB, TGW_ATT, TGW_ATT_EGRESS = 'tgw-0c10000000000ab01', 'tgw-rtb-0c10000000000de02', 'tgw-attach-0a1000000000000f1', 'tgw-attach-0c1000000000000f2'
VPCE_FW = 'vpce-0c10000000000fe01'
RG_ARN = 'arn:aws:network-firewall:us-east-1:333333333333:stateful-rulegroup/egress-allow'
PCX = 'pcx-0a1000000000000e1'
LOGS, LOGS_ENI = 'i-0c1000000000000c1', 'eni-0c1000000000000c1'

def hdr(src, dst, proto='6', ports=(5432, 5432), sports=(0, 65535)):
    return {'SourceAddresses': src, 'DestinationAddresses': dst, 'Protocol': proto,
            'DestinationPortRanges': [{'From': ports[0], 'To': ports[1]}], 'SourcePortRanges': [{'From': sports[0], 'To': sports[1]}]}

def seq(items):
    for i, pc in enumerate(items): pc['SequenceNumber'] = i + 1
    return items

# A1: orders-api → orders-db, tcp/5432, same VPC, two subnets: SG egress, NACL out, route (local), NACL in, SG in.
def a1():
    fwd_h = hdr(['10.10.1.10/32'], ['10.10.2.10/32'])
    ret_h = hdr(['10.10.2.10/32'], ['10.10.1.10/32'], ports=(1024, 65535), sports=(5432, 5432))
    return {'NetworkInsightsAnalysisId': 'nia-0a1', 'Status': 'succeeded', 'NetworkPathFound': True,
        'ForwardPathComponents': seq([
            {'Component': comp(API, 'instance'), 'OutboundHeader': fwd_h},
            {'Component': comp(API_ENI, 'network-interface'), 'AttachedTo': comp(API, 'instance'), 'Subnet': comp(SUB_APP, 'subnet'), 'Vpc': comp(VPC, 'vpc'), 'InboundHeader': fwd_h, 'OutboundHeader': fwd_h},
            {'Component': comp(SG_APP, 'security-group'), 'SecurityGroupRule': {'Direction': 'egress', 'Protocol': 'all', 'Cidr': '0.0.0.0/0'}},
            {'Component': comp(ACL_APP, 'network-acl'), 'AclRule': {'Cidr': '0.0.0.0/0', 'Egress': True, 'Protocol': 'all', 'RuleAction': 'allow', 'RuleNumber': 100}},
            {'Component': comp(RTB_APP, 'route-table'), 'RouteTableRoute': {'DestinationCidr': '10.10.0.0/16', 'GatewayId': 'local', 'Origin': 'CreateRouteTable', 'State': 'active'}},
            {'Component': comp(ACL_DB, 'network-acl'), 'AclRule': {'Cidr': '10.10.1.0/24', 'Egress': False, 'Protocol': '6', 'PortRange': {'From': 5432, 'To': 5432}, 'RuleAction': 'allow', 'RuleNumber': 100}},
            {'Component': comp(SG_DB, 'security-group'), 'SecurityGroupRule': {'Direction': 'ingress', 'Protocol': 'tcp', 'PortRange': {'From': 5432, 'To': 5432}, 'SecurityGroupId': SG_APP}},
            {'Component': comp(DB_ENI, 'network-interface'), 'AttachedTo': comp(DB, 'instance'), 'Subnet': comp(SUB_DB, 'subnet'), 'Vpc': comp(VPC, 'vpc'), 'InboundHeader': fwd_h},
            {'Component': comp(DB, 'instance'), 'InboundHeader': fwd_h}]),
        'ReturnPathComponents': seq([
            {'Component': comp(DB, 'instance'), 'OutboundHeader': ret_h},
            {'Component': comp(DB_ENI, 'network-interface'), 'AttachedTo': comp(DB, 'instance'), 'InboundHeader': ret_h},
            {'Component': comp(ACL_DB, 'network-acl'), 'AclRule': {'Cidr': '10.10.1.0/24', 'Egress': True, 'Protocol': '6', 'PortRange': {'From': 1024, 'To': 65535}, 'RuleAction': 'allow', 'RuleNumber': 100}, 'InboundHeader': ret_h},
            {'Component': comp(RTB_DB, 'route-table'), 'RouteTableRoute': {'DestinationCidr': '10.10.0.0/16', 'GatewayId': 'local', 'Origin': 'CreateRouteTable', 'State': 'active'}},
            {'Component': comp(ACL_APP, 'network-acl'), 'AclRule': {'Cidr': '0.0.0.0/0', 'Egress': False, 'Protocol': 'all', 'RuleAction': 'allow', 'RuleNumber': 100}},
            {'Component': comp(API_ENI, 'network-interface'), 'AttachedTo': comp(API, 'instance'), 'InboundHeader': ret_h},
            {'Component': comp(API, 'instance')}]),
        'Explanations': []}

# A1c: like A1, but sg-db admits by CIDR 10.10.0.0/16 (not a group reference).
def a1_cidr():
    a = a1()
    a['ForwardPathComponents'][6]['SecurityGroupRule'] = {'Direction': 'ingress', 'Protocol': 'tcp', 'PortRange': {'From': 5432, 'To': 5432}, 'Cidr': '10.10.0.0/16'}
    return a

# A2: internet → web server over its IGW, tcp/443 (sources: public IPv4 as Reachability Analyzer reports them).
PUBLIC = ['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/3', '160.0.0.0/5', '168.0.0.0/6', '172.0.0.0/12', '172.32.0.0/11', '172.64.0.0/10', '172.128.0.0/9', '173.0.0.0/8', '174.0.0.0/7', '176.0.0.0/4', '192.0.0.0/9', '192.128.0.0/11', '192.160.0.0/13', '192.169.0.0/16', '192.170.0.0/15', '192.172.0.0/14', '192.176.0.0/12', '192.192.0.0/10', '193.0.0.0/8', '194.0.0.0/7', '196.0.0.0/6', '200.0.0.0/5', '208.0.0.0/4', '224.0.0.0/3']
def a2():
    h_in = hdr(PUBLIC, ['54.210.0.10/32'], ports=(443, 443))
    h_out = hdr(PUBLIC, ['10.20.1.10/32'], ports=(443, 443))
    return {'NetworkInsightsAnalysisId': 'nia-0a2', 'Status': 'succeeded', 'NetworkPathFound': True,
        'ForwardPathComponents': seq([
            {'Component': comp(IGW, 'internet-gateway'), 'InboundHeader': h_in, 'OutboundHeader': {'DestinationAddresses': ['10.20.1.10/32']}, 'Vpc': comp('vpc-0b100000000000001', 'vpc')},
            {'Component': comp(ACL_WEB, 'network-acl'), 'AclRule': {'Cidr': '0.0.0.0/0', 'Egress': False, 'Protocol': 'all', 'RuleAction': 'allow', 'RuleNumber': 100}},
            {'Component': comp(SG_WEB, 'security-group'), 'SecurityGroupRule': {'Direction': 'ingress', 'Protocol': 'tcp', 'PortRange': {'From': 443, 'To': 443}, 'Cidr': '0.0.0.0/0'}},
            {'Component': comp(WEB_ENI, 'network-interface'), 'AttachedTo': comp(WEB, 'instance'), 'Subnet': comp(SUB_WEB, 'subnet'), 'InboundHeader': h_out},
            {'Component': comp(WEB, 'instance'), 'InboundHeader': h_out}]),
        'Explanations': []}

# A3: orders-api → 203.0.113.10 tcp/443 over the TGW, through the inspection firewall endpoint.
def a3():
    h = hdr(['10.10.1.10/32'], ['203.0.113.10/32'], ports=(443, 443))
    return {'NetworkInsightsAnalysisId': 'nia-0a3', 'Status': 'succeeded', 'NetworkPathFound': True,
        'ForwardPathComponents': seq([
            {'Component': comp(API, 'instance'), 'OutboundHeader': h},
            {'Component': comp(API_ENI, 'network-interface'), 'AttachedTo': comp(API, 'instance'), 'Subnet': comp(SUB_APP, 'subnet'), 'InboundHeader': h},
            {'Component': comp(SG_APP, 'security-group'), 'SecurityGroupRule': {'Direction': 'egress', 'Protocol': 'all', 'Cidr': '0.0.0.0/0'}},
            {'Component': comp(RTB_APP, 'route-table'), 'RouteTableRoute': {'DestinationCidr': '0.0.0.0/0', 'TransitGatewayId': TGW, 'Origin': 'CreateRoute', 'State': 'active'}},
            {'Component': comp(TGW_ATT, 'transit-gateway-attachment')},
            {'Component': comp(TGW, 'transit-gateway')},
            {'Component': comp(TGW_RTB, 'transit-gateway-route-table'), 'TransitGatewayRouteTableRoute': {'DestinationCidr': '0.0.0.0/0', 'AttachmentId': TGW_ATT_EGRESS, 'RouteOrigin': 'static', 'State': 'active'}},
            {'Component': comp(VPCE_FW, 'vpc-endpoint'), 'FirewallStatefulRule': {'RuleGroupArn': RG_ARN, 'Protocol': 'TCP', 'RuleAction': 'pass', 'DestinationPorts': [{'From': 443, 'To': 443}]}},
            {'Component': comp(TGW_ATT_EGRESS, 'transit-gateway-attachment')},
            {'Component': {'Id': 'igw-0c10000000000ea01', 'Arn': 'arn:aws:ec2:us-east-1:333333333333:internet-gateway/igw-0c10000000000ea01'}}]),
        'Explanations': []}

# A4: the internet gateway of the prod VPC → orders-db tcp/5432: blocked by the db's security group.
def a4():
    return {'NetworkInsightsAnalysisId': 'nia-0a4', 'Status': 'succeeded', 'NetworkPathFound': False,
        'ForwardPathComponents': seq([{'Component': comp('igw-0a10000000000ea01', 'internet-gateway'), 'InboundHeader': hdr(PUBLIC, ['54.210.2.10/32'])}]),
        'Explanations': [{'Direction': 'ingress', 'ExplanationCode': 'ENI_SG_RULES_MISMATCH', 'NetworkInterface': comp(DB_ENI, 'network-interface'),
            'SecurityGroups': [comp(SG_DB, 'security-group')], 'Subnet': comp(SUB_DB, 'subnet'), 'Vpc': comp(VPC, 'vpc')}]}

# A5: dev box → orders-db: the db subnet's NACL denies 10.20.0.0/16 (rule 90).
def a5():
    return {'NetworkInsightsAnalysisId': 'nia-0a5', 'Status': 'succeeded', 'NetworkPathFound': False,
        'ForwardPathComponents': seq([{'Component': comp('i-0d1000000000000b1', 'instance'), 'OutboundHeader': hdr(['10.20.1.10/32'], ['10.10.2.10/32'])}]),
        'Explanations': [{'Direction': 'ingress', 'ExplanationCode': 'SUBNET_ACL_RESTRICTION', 'Acl': comp(ACL_DB, 'network-acl'),
            'AclRule': {'Cidr': '10.20.0.0/16', 'Egress': False, 'Protocol': 'all', 'RuleAction': 'deny', 'RuleNumber': 90}, 'Subnet': comp(SUB_DB, 'subnet')}]}

# A6: dev box → orders-db: the dev TGW route table has no route to the prod CIDR.
def a6():
    return {'NetworkInsightsAnalysisId': 'nia-0a6', 'Status': 'succeeded', 'NetworkPathFound': False,
        'ForwardPathComponents': seq([{'Component': comp('i-0d1000000000000b1', 'instance'), 'OutboundHeader': hdr(['10.20.1.10/32'], ['10.10.2.10/32'])}]),
        'Explanations': [{'Direction': 'egress', 'ExplanationCode': 'NO_ROUTE_TO_DESTINATION', 'TransitGateway': comp(TGW, 'transit-gateway'),
            'TransitGatewayRouteTable': comp('tgw-rtb-0c10000000000de01', 'transit-gateway-route-table')}]}

# A7: orders-api → replica tcp/5432: the replica's security group admits 3306 only.
def a7():
    return {'NetworkInsightsAnalysisId': 'nia-0a7', 'Status': 'succeeded', 'NetworkPathFound': False,
        'ForwardPathComponents': seq([{'Component': comp(API, 'instance')},
            {'Component': comp(API_ENI, 'network-interface'), 'AttachedTo': comp(API, 'instance'), 'InboundHeader': hdr(['10.10.1.10/32'], ['10.10.2.11/32'])},
            {'Component': comp(SG_APP, 'security-group'), 'SecurityGroupRule': {'Direction': 'egress', 'Protocol': 'all', 'Cidr': '0.0.0.0/0'}}]),
        'Explanations': [{'Direction': 'ingress', 'ExplanationCode': 'ENI_SG_RULES_MISMATCH', 'NetworkInterface': comp(REPLICA_ENI, 'network-interface'),
            'SecurityGroups': [comp(SG_REPLICA, 'security-group')], 'SecurityGroupRule': {'SecurityGroupId': SG_REPLICA, 'Direction': 'ingress', 'Protocol': 'tcp', 'PortRange': {'From': 3306, 'To': 3306}, 'Cidr': '10.10.1.0/24'}}]}

# A8: orders-api → log-collector udp/514 over the legacy peering.
def a8():
    h = hdr(['10.10.1.10/32'], ['10.30.1.10/32'], proto='17', ports=(514, 514))
    return {'NetworkInsightsAnalysisId': 'nia-0a8', 'Status': 'succeeded', 'NetworkPathFound': True,
        'ForwardPathComponents': seq([{'Component': comp(API, 'instance')},
            {'Component': comp(API_ENI, 'network-interface'), 'AttachedTo': comp(API, 'instance'), 'InboundHeader': h},
            {'Component': comp(SG_APP, 'security-group'), 'SecurityGroupRule': {'Direction': 'egress', 'Protocol': 'all', 'Cidr': '0.0.0.0/0'}},
            {'Component': comp(RTB_APP, 'route-table'), 'RouteTableRoute': {'DestinationCidr': '10.30.0.0/16', 'VpcPeeringConnectionId': PCX, 'Origin': 'CreateRoute', 'State': 'active'}},
            {'Component': comp(PCX, 'vpc-peering-connection')},
            {'Component': comp(LOGS_ENI, 'network-interface'), 'AttachedTo': comp(LOGS, 'instance')},
            {'Component': comp(LOGS, 'instance')}]),
        'Explanations': []}

A_API_DB = {'id': 'api-to-db', 'type': 'allow', 'protocol': 'tcp', 'port': {'from': 5432, 'to': 5432}}
A_WEB = {'id': 'internet-to-web', 'type': 'allow', 'protocol': 'tcp', 'port': {'from': 443, 'to': 443}}
A_EGRESS = {'id': 'api-egress', 'type': 'allow', 'protocol': 'tcp', 'port': {'from': 443, 'to': 443}, 'destinationIp': '203.0.113.10'}
A_INTERNET_DB = {'id': 'internet-never-reaches-db', 'type': 'deny', 'protocol': 'tcp', 'port': {'from': 5432, 'to': 5432}}
A_DEV_DB = {'id': 'dev-never-reaches-db', 'type': 'deny', 'protocol': 'tcp'}
A_REPLICA = {'id': 'api-to-db-replica', 'type': 'allow', 'protocol': 'tcp', 'port': {'from': 5432, 'to': 5432}}
A_LOGS = {'id': 'api-to-logs', 'type': 'allow', 'protocol': 'udp', 'port': {'from': 514, 'to': 514}}

# ------------------------------------------------------------------ Terraform plan envelopes
def tf(*changes):
    return {'format_version': '1.2', 'terraform_version': '1.9.5', 'resource_changes': list(changes), 'applyable': True, 'complete': True, 'errored': False}

def rc(address, actions, before, after, after_unknown=None, reason=None):
    typ, name = address.rsplit('.', 1)
    out = {'address': address, 'mode': 'managed', 'type': typ.split('.')[-1], 'name': name, 'provider_name': 'registry.terraform.io/hashicorp/aws',
        'change': {'actions': actions, 'before': before, 'after': after, 'after_unknown': after_unknown or {}, 'before_sensitive': {}, 'after_sensitive': {} if after is not None else False}}
    if reason: out['action_reason'] = reason
    if actions == ['delete', 'create'] or actions == ['create', 'delete']: out['change']['replace_paths'] = [['source_security_group_id']]
    return out

def sgr(id, group, typ='ingress', proto='tcp', fp=5432, tp=5432, cidrs=None, src=None, self_=False, pl=None, v6=None):
    return {'id': id, 'type': typ, 'security_group_id': group, 'protocol': proto, 'from_port': fp, 'to_port': tp,
        'cidr_blocks': cidrs or [], 'ipv6_cidr_blocks': v6 or [], 'prefix_list_ids': pl or [], 'self': self_,
        'source_security_group_id': src, 'description': None, 'security_group_rule_id': 'sgr-' + id[-8:]}

def vpcr(id, group, proto='tcp', fp=5432, tp=5432, cidr4=None, ref=None, pl=None, cidr6=None):
    return {'id': id, 'arn': f'arn:aws:ec2:us-east-1:{ACC}:security-group-rule/{id}', 'security_group_id': group, 'ip_protocol': proto,
        'from_port': fp, 'to_port': tp, 'cidr_ipv4': cidr4, 'cidr_ipv6': cidr6, 'prefix_list_id': pl, 'referenced_security_group_id': ref,
        'description': None, 'security_group_rule_id': id, 'tags': None, 'tags_all': {}}

def blk(proto='tcp', fp=5432, tp=5432, cidrs=None, groups=None, self_=False, pl=None, v6=None, desc=''):
    return {'from_port': fp, 'to_port': tp, 'protocol': proto, 'cidr_blocks': cidrs or [], 'ipv6_cidr_blocks': v6 or [],
        'prefix_list_ids': pl or [], 'security_groups': groups or [], 'self': self_, 'description': desc}

def sg(id, name, ingress, egress):
    return {'id': id, 'arn': arn('security-group', id), 'name': name, 'description': 'Managed by Terraform', 'vpc_id': VPC,
        'ingress': ingress, 'egress': egress, 'owner_id': ACC, 'revoke_rules_on_delete': False, 'tags': {}, 'tags_all': {}}

EGRESS_ALL = [blk('-1', 0, 0, cidrs=['0.0.0.0/0'])]

def aclr(id, acl, num, action, proto='6', fp=5432, tp=5432, cidr='10.10.1.0/24', egress=False):
    return {'id': id, 'network_acl_id': acl, 'rule_number': num, 'egress': egress, 'protocol': proto, 'rule_action': action,
        'cidr_block': cidr, 'ipv6_cidr_block': '', 'from_port': fp, 'to_port': tp, 'icmp_code': None, 'icmp_type': None}

def ablk(num, action, proto='6', fp=5432, tp=5432, cidr='10.10.1.0/24'):
    return {'rule_no': num, 'action': action, 'protocol': proto, 'from_port': fp, 'to_port': tp, 'cidr_block': cidr, 'ipv6_cidr_block': '', 'icmp_code': 0, 'icmp_type': 0}

def acl(id, ingress, egress, subnets):
    return {'id': id, 'arn': arn('network-acl', id), 'vpc_id': VPC, 'subnet_ids': subnets, 'ingress': ingress, 'egress': egress, 'owner_id': ACC, 'tags': {}, 'tags_all': {}}

def route(table, dest, **target):
    base = {'id': f'r-{table}' + dest.replace('.', '').replace('/', ''), 'route_table_id': table, 'destination_cidr_block': dest, 'destination_ipv6_cidr_block': '',
        'destination_prefix_list_id': '', 'gateway_id': '', 'nat_gateway_id': '', 'transit_gateway_id': '', 'vpc_peering_connection_id': '',
        'network_interface_id': '', 'vpc_endpoint_id': '', 'egress_only_gateway_id': '', 'carrier_gateway_id': '', 'local_gateway_id': '',
        'core_network_arn': '', 'instance_id': '', 'instance_owner_id': '', 'origin': 'CreateRoute', 'state': 'active'}
    base.update(target)
    return base

def tgwr(dest, attachment, blackhole=False):
    return {'id': f'{TGW_RTB}_{dest}', 'destination_cidr_block': dest, 'transit_gateway_route_table_id': TGW_RTB,
        'transit_gateway_attachment_id': attachment, 'blackhole': blackhole}

def inst(id, groups, eni, subnet, **extra):
    d = {'id': id, 'arn': arn('instance', id), 'ami': 'ami-0abcdef1234567890', 'instance_type': 't3.medium', 'subnet_id': subnet,
        'vpc_security_group_ids': groups, 'security_groups': [], 'private_ip': '10.10.2.10', 'primary_network_interface_id': eni,
        'tags': {'Name': 'orders-db'}, 'tags_all': {'Name': 'orders-db'}}
    d.update(extra)
    return d

# ------------------------------------------------------------------ Pulumi preview envelopes
PU = '04da6b54-80e4-46f7-96ec-b56ff0331ba9'
def pu(*steps):
    stack = {'op': 'same', 'urn': 'urn:pulumi:prod::orders::pulumi:pulumi:Stack::orders-prod', 'detailedDiff': None}
    summary = {}
    for s in steps: summary[s['op']] = summary.get(s['op'], 0) + 1
    return {'config': {'aws:region': 'us-east-1'}, 'steps': [stack, *steps], 'duration': 2400000000, 'changeSummary': summary}

def urn(token, name): return f'urn:pulumi:prod::orders::{token}::{name}'
def state(token, name, id, inputs, outputs=None):
    return {'urn': urn(token, name), 'custom': True, 'id': id, 'type': token, 'inputs': inputs, 'outputs': {**inputs, 'id': id, **(outputs or {})},
        'parent': 'urn:pulumi:prod::orders::pulumi:pulumi:Stack::orders-prod', 'provider': 'urn:pulumi:prod::orders::pulumi:providers:aws::default_6_0_0::0b7d1a5e'}
def step(op, token, name, old=None, new=None, diffs=None, detailed=None):
    s = {'op': op, 'urn': urn(token, name), 'provider': '', 'detailedDiff': detailed}
    if old: s['oldState'] = old
    if new: s['newState'] = new
    if diffs and op == 'update': s['diffReasons'] = diffs
    if diffs and op == 'replace': s['replaceReasons'] = diffs
    return s

SGR = 'aws:ec2/securityGroupRule:SecurityGroupRule'
SGI = 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule'
SG = 'aws:ec2/securityGroup:SecurityGroup'
def p_sgr(typ, group, proto, fp, tp, cidrs=None, src=None):
    d = {'type': typ, 'securityGroupId': group, 'protocol': proto, 'fromPort': fp, 'toPort': tp}
    if cidrs is not None: d['cidrBlocks'] = cidrs
    if src is not None: d['sourceSecurityGroupId'] = src
    return d

cases = []
def case(name, description, assertion, analysis, plan, effect, summary=None, resource=None, endpoints=None, not_evaluated=None):
    c = {'description': description, 'assertion': assertion, 'analysis': analysis, 'plan': plan,
         'expect': {'effect': effect}}
    if summary: c['expect']['summary'] = summary
    if resource: c['expect']['resource'] = resource
    if not_evaluated: c['expect']['notEvaluated'] = not_evaluated
    if endpoints: c['endpoints'] = endpoints
    cases.append((name, c))

DB_RULE = sgr('sgrule-1001', SG_DB, src=SG_APP)
# ---------------- security-group rules: deleted, with and without another rule admitting
case('tf-sg-rule-deleted-only-rule', 'The only rule on sg-db admitting tcp/5432 from sg-app is deleted: AWS admits nothing else (SG = allow list).',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete'], DB_RULE, None)), 'breaks',
     summary='`aws_security_group_rule.db_from_app` (delete) removes the only rule on sg-0a0000000000a0002 admitting tcp/5432 from sg-0a0000000000a0001', resource='aws_security_group_rule.db_from_app')
case('tf-sg-rule-deleted-another-admits', 'The carrying rule is deleted but another rule of the same group (no-op in the plan) admits 10.10.1.0/24, which contains the source 10.10.1.10.',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete'], DB_RULE, None),
        rc('aws_security_group_rule.db_from_app_subnet', ['no-op'], sgr('sgrule-1002', SG_DB, cidrs=['10.10.1.0/24']), sgr('sgrule-1002', SG_DB, cidrs=['10.10.1.0/24']))), 'unaffected')
case('tf-sg-rule-deleted-another-admits-other-port', 'Carrying rule deleted; the remaining rule admits 10.10.1.0/24 but on 3306 only: nothing admits tcp/5432.',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete'], DB_RULE, None),
        rc('aws_security_group_rule.db_mysql', ['no-op'], sgr('sgrule-1003', SG_DB, fp=3306, tp=3306, cidrs=['10.10.1.0/24']), sgr('sgrule-1003', SG_DB, fp=3306, tp=3306, cidrs=['10.10.1.0/24']))), 'breaks')
case('tf-sg-rule-deleted-new-rule-unknown-cidr', 'Carrying rule deleted; a new rule on sg-db takes its CIDR from a resource created in this plan (unknown until apply).',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete'], DB_RULE, None),
        rc('aws_security_group_rule.db_from_new_subnet', ['create'], None, {k: v for k, v in sgr('x', SG_DB).items() if k not in ('id', 'cidr_blocks', 'security_group_rule_id')}, {'id': True, 'cidr_blocks': True, 'security_group_rule_id': True})), 'affected',
     not_evaluated='cidr_blocks')
case('tf-vpc-ingress-rule-deleted', 'aws_vpc_security_group_ingress_rule (Framework resource) referencing sg-app is destroyed.',
     A_API_DB, a1(), tf(rc('aws_vpc_security_group_ingress_rule.db_from_app', ['delete'], vpcr('sgr-0db0000000000001', SG_DB, ref=SG_APP), None)), 'breaks',
     resource='aws_vpc_security_group_ingress_rule.db_from_app')
case('tf-vpc-ingress-rule-port-changed', 'The ingress rule moves from 5432 to 6432 (updated in place): tcp/5432 is no longer admitted.',
     A_API_DB, a1(), tf(rc('aws_vpc_security_group_ingress_rule.db_from_app', ['update'], vpcr('sgr-0db0000000000001', SG_DB, ref=SG_APP), vpcr('sgr-0db0000000000001', SG_DB, ref=SG_APP, fp=6432, tp=6432))), 'breaks')
case('tf-vpc-ingress-rule-port-widened', 'The ingress rule widens from 5432 to 5000-6000: tcp/5432 is still inside the range.',
     A_API_DB, a1(), tf(rc('aws_vpc_security_group_ingress_rule.db_from_app', ['update'], vpcr('sgr-0db0000000000001', SG_DB, ref=SG_APP), vpcr('sgr-0db0000000000001', SG_DB, ref=SG_APP, fp=5000, tp=6000))), 'unaffected')
case('tf-sg-rule-port-range-shifted', 'aws_security_group_rule replaced (ports are ForceNew): 5433-5440 no longer contains 5432.',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete', 'create'], DB_RULE, {**sgr('x', SG_DB, src=SG_APP, fp=5433, tp=5440), 'id': None}, {'id': True}, 'replace_because_cannot_update')), 'breaks')
case('tf-sg-group-reference-replaced', 'The rule now references sg-other instead of sg-app (ForceNew → replace); the source ENI carries only sg-app.',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete', 'create'], DB_RULE, {k: v for k, v in sgr('x', SG_DB, src=SG_OTHER).items() if k != 'id'}, {'id': True, 'security_group_rule_id': True}, 'replace_because_cannot_update')), 'breaks',
     summary='removes the only rule on sg-0a0000000000a0002')
case('tf-sg-group-reference-self', 'The rule is replaced by a self-reference on sg-db; the source carries sg-app, not sg-db.',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete', 'create'], DB_RULE, {k: v for k, v in sgr('x', SG_DB, self_=True).items() if k != 'id'}, {'id': True})), 'breaks')
case('tf-sg-inline-ingress-removed', 'aws_security_group with inline rules (authoritative): its ingress list loses the 5432 block.',
     A_API_DB, a1(), tf(rc('aws_security_group.db', ['update'], sg(SG_DB, 'orders-db-sg', [blk(groups=[SG_APP])], EGRESS_ALL), sg(SG_DB, 'orders-db-sg', [blk(fp=22, tp=22, cidrs=['10.0.0.0/8'])], EGRESS_ALL))), 'breaks')
case('tf-sg-inline-description-only', 'The inline rule keeps protocol, ports and peer; only its description changes.',
     A_API_DB, a1(), tf(rc('aws_security_group.db', ['update'], sg(SG_DB, 'orders-db-sg', [blk(groups=[SG_APP])], EGRESS_ALL), sg(SG_DB, 'orders-db-sg', [blk(groups=[SG_APP], desc='postgres from the API')], EGRESS_ALL))), 'unaffected')
case('tf-sg-inline-rule-added', 'An inline rule for 9187 (metrics) is added next to the 5432 rule.',
     A_API_DB, a1(), tf(rc('aws_security_group.db', ['update'], sg(SG_DB, 'orders-db-sg', [blk(groups=[SG_APP])], EGRESS_ALL), sg(SG_DB, 'orders-db-sg', [blk(groups=[SG_APP]), blk(fp=9187, tp=9187, cidrs=['10.10.0.0/16'])], EGRESS_ALL))), 'unaffected')
case('tf-sg-inline-ingress-unknown', 'The inline ingress list depends on a resource created in this plan: unknown until apply.',
     A_API_DB, a1(), tf(rc('aws_security_group.db', ['update'], sg(SG_DB, 'orders-db-sg', [blk(groups=[SG_APP])], EGRESS_ALL), {k: v for k, v in sg(SG_DB, 'orders-db-sg', [], EGRESS_ALL).items() if k != 'ingress'}, {'ingress': True})), 'affected')
case('tf-sg-egress-narrowed', "The source group's egress (all traffic) is replaced by tcp/443 only: tcp/5432 leaves no more.",
     A_API_DB, a1(), tf(rc('aws_security_group.app', ['update'], sg(SG_APP, 'orders-api-sg', [], EGRESS_ALL), sg(SG_APP, 'orders-api-sg', [], [blk(fp=443, tp=443, cidrs=['0.0.0.0/0'])]))), 'breaks',
     summary='egress')
case('tf-sg-rule-protocol-all', 'The tcp/5432 rule is replaced by an all-traffic (protocol -1) rule from sg-app, which admits every port.',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete'], DB_RULE, None),
        rc('aws_security_group_rule.db_all_from_app', ['create'], None, {k: v for k, v in sgr('x', SG_DB, proto='-1', fp=0, tp=0, src=SG_APP).items() if k != 'id'}, {'id': True})), 'unaffected')
case('tf-sg-rule-prefix-list', 'The carrying rule is replaced by one admitting a managed prefix list, whose entries are not in the plan.',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete'], DB_RULE, None),
        rc('aws_security_group_rule.db_from_pl', ['create'], None, {k: v for k, v in sgr('x', SG_DB, pl=['pl-0a10000000000cafe']).items() if k != 'id'}, {'id': True})), 'affected',
     not_evaluated='prefix list')
case('tf-sg-cidr-narrowed-internet', 'The web rule narrows from 0.0.0.0/0 to 10.0.0.0/8: internet sources (public space only) are no longer admitted.',
     A_WEB, a2(), tf(rc('aws_security_group_rule.web_https', ['delete', 'create'], sgr('sgrule-2001', SG_WEB, fp=443, tp=443, cidrs=['0.0.0.0/0']), {k: v for k, v in sgr('x', SG_WEB, fp=443, tp=443, cidrs=['10.0.0.0/8']).items() if k != 'id'}, {'id': True})), 'breaks')
case('tf-sg-cidr-narrowed-still-covers', 'sg-db narrows 10.10.0.0/16 to 10.10.1.0/24, which still contains the source 10.10.1.10.',
     A_API_DB, a1_cidr(), tf(rc('aws_security_group_rule.db_from_vpc', ['delete', 'create'], sgr('sgrule-1004', SG_DB, cidrs=['10.10.0.0/16']), {k: v for k, v in sgr('x', SG_DB, cidrs=['10.10.1.0/24']).items() if k != 'id'}, {'id': True})), 'unaffected')
case('tf-sg-cidr-narrowed-excludes-source', 'sg-db narrows 10.10.0.0/16 to 10.10.3.0/24, which does not contain the source 10.10.1.10.',
     A_API_DB, a1_cidr(), tf(rc('aws_security_group_rule.db_from_vpc', ['delete', 'create'], sgr('sgrule-1004', SG_DB, cidrs=['10.10.0.0/16']), {k: v for k, v in sgr('x', SG_DB, cidrs=['10.10.3.0/24']).items() if k != 'id'}, {'id': True})), 'breaks')
case('tf-sg-ipv6-only', 'The web rule becomes IPv6-only (::/0); the analysed packets are IPv4.',
     A_WEB, a2(), tf(rc('aws_security_group_rule.web_https', ['delete', 'create'], sgr('sgrule-2001', SG_WEB, fp=443, tp=443, cidrs=['0.0.0.0/0']), {k: v for k, v in sgr('x', SG_WEB, fp=443, tp=443, v6=['::/0']).items() if k != 'id'}, {'id': True})), 'breaks')
case('tf-sg-ipv4-and-ipv6', 'The web rule is replaced by one naming both 0.0.0.0/0 and ::/0 (two permissions): IPv4 still admitted.',
     A_WEB, a2(), tf(rc('aws_security_group_rule.web_https', ['delete', 'create'], sgr('sgrule-2001', SG_WEB, fp=443, tp=443, cidrs=['0.0.0.0/0']), {k: v for k, v in sgr('x', SG_WEB, fp=443, tp=443, cidrs=['0.0.0.0/0'], v6=['::/0']).items() if k != 'id'}, {'id': True})), 'unaffected')
# ---------------- attachments
OTHER_SG_NOOP = rc('aws_security_group.ssh_only', ['no-op'], sg(SG_OTHER, 'ssh-only', [blk(fp=22, tp=22, cidrs=['10.0.0.0/8'])], EGRESS_ALL), sg(SG_OTHER, 'ssh-only', [blk(fp=22, tp=22, cidrs=['10.0.0.0/8'])], EGRESS_ALL))
case('tf-sg-detached-from-instance', 'orders-db swaps sg-db for sg-ssh-only (vpc_security_group_ids is updated in place); sg-ssh-only admits tcp/22 only.',
     A_API_DB, a1(), tf(rc('aws_instance.db', ['update'], inst(DB, [SG_DB], DB_ENI, SUB_DB), inst(DB, [SG_OTHER], DB_ENI, SUB_DB)), OTHER_SG_NOOP), 'breaks',
     summary='detaches sg-0a0000000000a0002')
case('tf-sg-detached-replacement-not-in-plan', 'orders-db swaps sg-db for a group this plan does not manage: its rules are unknown here.',
     A_API_DB, a1(), tf(rc('aws_instance.db', ['update'], inst(DB, [SG_DB], DB_ENI, SUB_DB), inst(DB, ['sg-0a00000000000ee01'], DB_ENI, SUB_DB))), 'affected')
case('tf-sg-detached-from-source', "orders-api loses sg-app; sg-db admits tcp/5432 only from members of sg-app.",
     A_API_DB, a1(), tf(rc('aws_instance.api', ['update'], inst(API, [SG_APP], API_ENI, SUB_APP), inst(API, [SG_OTHER], API_ENI, SUB_APP)), OTHER_SG_NOOP), 'breaks')
case('tf-eni-sg-attachment-deleted', 'aws_network_interface_sg_attachment of sg-db to the db ENI is destroyed; the ENI keeps other groups this plan does not show.',
     A_API_DB, a1(), tf(rc('aws_network_interface_sg_attachment.db', ['delete'], {'id': f'{SG_DB}_{DB_ENI}', 'security_group_id': SG_DB, 'network_interface_id': DB_ENI}, None)), 'affected')
case('tf-instance-tags-only', 'Only the tags of orders-db change: nothing on the path changes.',
     A_API_DB, a1(), tf(rc('aws_instance.db', ['update'], inst(DB, [SG_DB], DB_ENI, SUB_DB), inst(DB, [SG_DB], DB_ENI, SUB_DB, tags={'Name': 'orders-db', 'Owner': 'orders'}))), 'unaffected')
# ---------------- network ACLs
case('tf-nacl-deny-before-allow', 'A deny rule numbered 50 for 10.10.1.0/24 tcp/5432 lands before allow rule 100 on the db subnet: lowest number decides.',
     A_API_DB, a1(), tf(rc('aws_network_acl_rule.db_block_app', ['create'], None, {k: v for k, v in aclr('x', ACL_DB, 50, 'deny').items() if k != 'id'}, {'id': True})), 'breaks',
     summary='rule 50')
case('tf-nacl-deny-after-allow', 'A deny rule numbered 200 comes after allow rule 100, which still decides.',
     A_API_DB, a1(), tf(rc('aws_network_acl_rule.db_block_app', ['create'], None, {k: v for k, v in aclr('x', ACL_DB, 200, 'deny').items() if k != 'id'}, {'id': True})), 'unaffected')
case('tf-nacl-deny-other-cidr', 'A deny rule 50 for the dev CIDR 10.20.0.0/16 does not match the source 10.10.1.10.',
     A_API_DB, a1(), tf(rc('aws_network_acl_rule.db_block_dev', ['create'], None, {k: v for k, v in aclr('x', ACL_DB, 50, 'deny', proto='-1', fp=0, tp=0, cidr='10.20.0.0/16').items() if k != 'id'}, {'id': True})), 'unaffected')
case('tf-nacl-inline-allow-removed', 'The inline aws_network_acl drops its 5432 allow: only the `*` default deny is left inbound.',
     A_API_DB, a1(), tf(rc('aws_network_acl.db', ['update'], acl(ACL_DB, [ablk(100, 'allow')], [ablk(100, 'allow', fp=1024, tp=65535)], [SUB_DB]), acl(ACL_DB, [ablk(110, 'allow', fp=22, tp=22)], [ablk(100, 'allow', fp=1024, tp=65535)], [SUB_DB]))), 'breaks')
case('tf-nacl-inline-return-blocked', 'Return traffic: the db subnet no longer allows outbound ephemeral ports 1024-65535 (NACLs are stateless).',
     A_API_DB, a1(), tf(rc('aws_network_acl.db', ['update'], acl(ACL_DB, [ablk(100, 'allow')], [ablk(100, 'allow', fp=1024, tp=65535)], [SUB_DB]), acl(ACL_DB, [ablk(100, 'allow')], [ablk(100, 'allow', fp=443, tp=443)], [SUB_DB]))), 'breaks',
     summary='outbound')
case('tf-nacl-deny-partial-ports', 'A deny rule 50 for tcp 6000-7000 does not cover 5432.',
     A_API_DB, a1(), tf(rc('aws_network_acl_rule.db_block_range', ['create'], None, {k: v for k, v in aclr('x', ACL_DB, 50, 'deny', fp=6000, tp=7000).items() if k != 'id'}, {'id': True})), 'unaffected')
# ---------------- routes
ROUTE_DEFAULT = route(RTB_APP, '0.0.0.0/0', transit_gateway_id=TGW)
case('tf-route-removed', 'The default route of the app route table (to the TGW) is destroyed; no other route covers 203.0.113.10.',
     A_EGRESS, a3(), tf(rc('aws_route.app_default', ['delete'], ROUTE_DEFAULT, None)), 'breaks', summary='without a route')
case('tf-route-retargeted', 'The default route is retargeted from the TGW to a NAT gateway (in place): the path beyond changes and is not evaluated.',
     A_EGRESS, a3(), tf(rc('aws_route.app_default', ['update'], ROUTE_DEFAULT, {**ROUTE_DEFAULT, 'transit_gateway_id': '', 'nat_gateway_id': 'nat-0a10000000000ae01'})), 'affected')
case('tf-route-more-specific-added', 'A more specific route 203.0.113.0/24 via a peering connection takes the destination (longest prefix wins).',
     A_EGRESS, a3(), tf(rc('aws_route.partner', ['create'], None, {k: v for k, v in route(RTB_APP, '203.0.113.0/24', vpc_peering_connection_id=PCX).items() if k != 'id'}, {'id': True, 'instance_id': True, 'origin': True, 'state': True})), 'affected')
case('tf-route-unrelated-prefix', 'A route for 198.51.100.0/24 does not contain 203.0.113.10; the default route still decides.',
     A_EGRESS, a3(), tf(rc('aws_route.partner', ['create'], None, {k: v for k, v in route(RTB_APP, '198.51.100.0/24', vpc_peering_connection_id=PCX).items() if k != 'id'}, {'id': True})), 'unaffected')
case('tf-tgw-route-blackhole', 'The TGW default route becomes a blackhole (ForceNew → replace): packets are dropped.',
     A_EGRESS, a3(), tf(rc('aws_ec2_transit_gateway_route.egress_default', ['delete', 'create'], tgwr('0.0.0.0/0', TGW_ATT_EGRESS), {**tgwr('0.0.0.0/0', None, True), 'id': None}, {'id': True})), 'breaks', summary='blackhole')
case('tf-route-table-inline-removed', 'aws_route_table with inline routes drops 0.0.0.0/0 (the local route is not in the set and stays).',
     A_EGRESS, a3(), tf(rc('aws_route_table.app', ['update'], {'id': RTB_APP, 'vpc_id': VPC, 'route': [{'cidr_block': '0.0.0.0/0', 'transit_gateway_id': TGW, 'gateway_id': ''}], 'propagating_vgws': []},
        {'id': RTB_APP, 'vpc_id': VPC, 'route': [{'cidr_block': '10.30.0.0/16', 'vpc_peering_connection_id': PCX, 'gateway_id': ''}], 'propagating_vgws': []})), 'breaks')
# ---------------- destroyed / replaced
case('tf-instance-replaced', 'orders-db is replaced (new AMI forces a new instance): the destination gets a new id and ENI.',
     A_API_DB, a1(), tf(rc('aws_instance.db', ['delete', 'create'], inst(DB, [SG_DB], DB_ENI, SUB_DB), {k: v for k, v in inst(DB, [SG_DB], DB_ENI, SUB_DB, ami='ami-0fedcba9876543210').items() if k not in ('id', 'arn', 'primary_network_interface_id')}, {'id': True, 'arn': True, 'primary_network_interface_id': True}, 'replace_because_cannot_update')), 'affected',
     summary='replaces i-0a1000000000000d1')
case('tf-instance-destroyed', 'orders-db is destroyed.', A_API_DB, a1(), tf(rc('aws_instance.db', ['delete'], inst(DB, [SG_DB], DB_ENI, SUB_DB), None)), 'breaks',
     summary='destroys i-0a1000000000000d1')
case('tf-peering-destroyed', 'The peering connection the syslog path crosses is destroyed.',
     A_LOGS, a8(), tf(rc('aws_vpc_peering_connection.legacy_logs', ['delete'], {'id': PCX, 'vpc_id': VPC, 'peer_vpc_id': 'vpc-0c100000000000001', 'peer_owner_id': '333333333333', 'accept_status': 'active'}, None)), 'breaks')
case('tf-tgw-attachment-replaced', 'The spoke TGW attachment is replaced (subnet_ids change forces it): the path crosses a component that gets a new id.',
     A_EGRESS, a3(), tf(rc('aws_ec2_transit_gateway_vpc_attachment.prod', ['delete', 'create'], {'id': TGW_ATT, 'transit_gateway_id': TGW, 'vpc_id': VPC, 'subnet_ids': [SUB_APP]}, {'transit_gateway_id': TGW, 'vpc_id': VPC, 'subnet_ids': [SUB_APP, SUB_DB]}, {'id': True})), 'affected')
case('tf-subnet-destroyed', "The source's subnet is destroyed (its instances go with it).",
     A_API_DB, a1(), tf(rc('aws_subnet.app', ['delete'], {'id': SUB_APP, 'vpc_id': VPC, 'cidr_block': '10.10.1.0/24'}, None)), 'breaks')
# ---------------- firewall and components outside the model
case('tf-firewall-rule-group-changed', 'A Network Firewall rule group on the egress path changes: Network Firewall rules are not evaluated.',
     A_EGRESS, a3(), tf(rc('aws_networkfirewall_rule_group.egress_allow', ['update'], {'id': RG_ARN, 'arn': RG_ARN, 'capacity': 100, 'name': 'egress-allow', 'type': 'STATEFUL', 'rules': 'pass tcp any any -> any 443 (sid:1;)'},
        {'id': RG_ARN, 'arn': RG_ARN, 'capacity': 100, 'name': 'egress-allow', 'type': 'STATEFUL', 'rules': 'drop tcp any any -> any 443 (sid:1;)'})), 'affected',
     not_evaluated='firewall')
case('tf-firewall-change-not-on-path', 'A Network Firewall rule group changes, but the api → db path crosses no firewall.',
     A_API_DB, a1(), tf(rc('aws_networkfirewall_rule_group.egress_allow', ['update'], {'id': RG_ARN, 'arn': RG_ARN, 'rules': 'a'}, {'id': RG_ARN, 'arn': RG_ARN, 'rules': 'b'})), 'unaffected')
case('tf-route-table-association-changed', 'The app subnet is associated with another route table: route table associations are outside the evaluated model.',
     A_EGRESS, a3(), tf(rc('aws_route_table_association.app', ['update'], {'id': 'rtbassoc-0a1', 'subnet_id': SUB_APP, 'route_table_id': RTB_APP, 'gateway_id': ''}, {'id': 'rtbassoc-0a1', 'subnet_id': SUB_APP, 'route_table_id': 'rtb-0a10000000000ff01', 'gateway_id': ''})), 'affected')
# ---------------- unrelated
case('tf-unrelated-sg-rule', 'A rule on a group the path does not cross (sg-web) is deleted.',
     A_API_DB, a1(), tf(rc('aws_security_group_rule.web_https', ['delete'], sgr('sgrule-2001', SG_WEB, fp=443, tp=443, cidrs=['0.0.0.0/0']), None)), 'unaffected')
case('tf-unrelated-s3', 'Only an S3 bucket and a data source change.',
     A_API_DB, a1(), {**tf(rc('aws_s3_bucket.logs', ['update'], {'id': 'orders-logs', 'bucket': 'orders-logs', 'tags': {}}, {'id': 'orders-logs', 'bucket': 'orders-logs', 'tags': {'Team': 'orders'}})), 'format_version': '1.1'}, 'unaffected')
case('tf-format-0-1', 'A Terraform 0.12-era plan (format_version 0.1, provider_name "aws") deleting the carrying rule.',
     A_API_DB, a1(), {'format_version': '0.1', 'terraform_version': '0.12.31', 'resource_changes': [{**rc('aws_security_group_rule.db_from_app', ['delete'], DB_RULE, None), 'provider_name': 'aws'}]}, 'breaks')
# ---------------- blocks lifted (deny → opens, allow → fixes)
def vpcr_new(**kw): return {k: v for k, v in vpcr('x', **kw).items() if k not in ('id', 'arn', 'security_group_rule_id')}
case('tf-opens-internet-5432', 'A new ingress rule 0.0.0.0/0 tcp/5432 on sg-db lifts the only block between the internet gateway and the db.',
     A_INTERNET_DB, a4(), tf(rc('aws_vpc_security_group_ingress_rule.db_public', ['create'], None, vpcr_new(group=SG_DB, cidr4='0.0.0.0/0'), {'id': True, 'arn': True, 'security_group_rule_id': True})), 'opens',
     summary='0.0.0.0/0', endpoints={'sourceKind': 'internet-gateway'})
case('tf-private-cidr-keeps-internet-out', 'A new ingress rule 10.0.0.0/8 tcp/5432 admits no internet source; the block stays.',
     A_INTERNET_DB, a4(), tf(rc('aws_vpc_security_group_ingress_rule.db_private', ['create'], None, vpcr_new(group=SG_DB, cidr4='10.0.0.0/8'), {'id': True})), 'unaffected',
     endpoints={'sourceKind': 'internet-gateway'})
case('tf-opens-unknown-cidr', 'A new ingress rule on sg-db whose CIDR is known only after apply: cannot tell whether the internet gets in.',
     A_INTERNET_DB, a4(), tf(rc('aws_vpc_security_group_ingress_rule.db_vendor', ['create'], None, {k: v for k, v in vpcr_new(group=SG_DB).items() if k != 'cidr_ipv4'}, {'id': True, 'cidr_ipv4': True})), 'affected',
     endpoints={'sourceKind': 'internet-gateway'})
case('tf-fixes-replica', 'The replica group gains tcp/5432 from sg-app: the drifted allow is fixed.',
     A_REPLICA, a7(), tf(rc('aws_vpc_security_group_ingress_rule.replica_from_app', ['create'], None, vpcr_new(group=SG_REPLICA, ref=SG_APP), {'id': True})), 'fixes')
case('tf-opens-nacl-deny-removed', 'The db NACL (inline, authoritative) drops deny rule 90 for the dev CIDR and allows all of 10.0.0.0/8.',
     A_DEV_DB, a5(), tf(rc('aws_network_acl.db', ['update'], acl(ACL_DB, [ablk(90, 'deny', '-1', 0, 0, '10.20.0.0/16'), ablk(100, 'allow', '-1', 0, 0, '10.10.0.0/16')], [], [SUB_DB]),
        acl(ACL_DB, [ablk(100, 'allow', '-1', 0, 0, '10.0.0.0/8')], [], [SUB_DB]))), 'opens')
case('tf-nacl-deny-kept', 'The db NACL adds allow rule 120 for 10.20.0.0/16, after deny rule 90, which still decides.',
     A_DEV_DB, a5(), tf(rc('aws_network_acl_rule.db_allow_dev', ['create'], None, {k: v for k, v in aclr('x', ACL_DB, 120, 'allow', proto='-1', fp=0, tp=0, cidr='10.20.0.0/16').items() if k != 'id'}, {'id': True})), 'unaffected')
case('tf-no-route-route-added', 'A TGW route to 10.10.0.0/16 appears in the dev route table that had none: the block is lifted, the path beyond is not evaluated.',
     A_DEV_DB, a6(), tf(rc('aws_ec2_transit_gateway_route.dev_to_prod', ['create'], None, {'destination_cidr_block': '10.10.0.0/16', 'transit_gateway_route_table_id': 'tgw-rtb-0c10000000000de01', 'transit_gateway_attachment_id': TGW_ATT, 'blackhole': False}, {'id': True})), 'affected')
case('tf-deny-currently-failing-fixed', 'A deny assertion that fails today (the path exists) is fixed when the carrying rule is deleted.',
     {**A_API_DB, 'id': 'api-must-not-reach-db', 'type': 'deny'}, a1(), tf(rc('aws_security_group_rule.db_from_app', ['delete'], DB_RULE, None)), 'fixes')

# ---------------- Pulumi previews
P_DB_RULE_IN = p_sgr('ingress', SG_DB, 'tcp', 5432, 5432, src=SG_APP)
case('pu-sg-rule-deleted', 'Pulumi: the SecurityGroupRule admitting tcp/5432 from sg-app is deleted.',
     A_API_DB, a1(), pu(step('delete', SGR, 'db-from-app', old=state(SGR, 'db-from-app', 'sgrule-1001', P_DB_RULE_IN))), 'breaks',
     resource='aws:ec2/securityGroupRule:SecurityGroupRule::db-from-app')
case('pu-sg-rule-deleted-another-admits', 'Pulumi (--show-sames): the carrying rule is deleted, another rule admits 10.10.1.0/24.',
     A_API_DB, a1(), pu(step('delete', SGR, 'db-from-app', old=state(SGR, 'db-from-app', 'sgrule-1001', P_DB_RULE_IN)),
        step('same', SGR, 'db-from-subnet', old=state(SGR, 'db-from-subnet', 'sgrule-1002', p_sgr('ingress', SG_DB, 'tcp', 5432, 5432, cidrs=['10.10.1.0/24'])), new=state(SGR, 'db-from-subnet', 'sgrule-1002', p_sgr('ingress', SG_DB, 'tcp', 5432, 5432, cidrs=['10.10.1.0/24'])))), 'unaffected')
case('pu-ingress-rule-port-changed', 'Pulumi: SecurityGroupIngressRule moves from 5432 to 6432 (update).',
     A_API_DB, a1(), pu(step('update', SGI, 'db-from-app', old=state(SGI, 'db-from-app', 'sgr-0db0000000000001', {'securityGroupId': SG_DB, 'ipProtocol': 'tcp', 'fromPort': 5432, 'toPort': 5432, 'referencedSecurityGroupId': SG_APP}),
        new=state(SGI, 'db-from-app', 'sgr-0db0000000000001', {'securityGroupId': SG_DB, 'ipProtocol': 'tcp', 'fromPort': 6432, 'toPort': 6432, 'referencedSecurityGroupId': SG_APP}), diffs=['fromPort', 'toPort'],
        detailed={'fromPort': {'kind': 'update', 'inputDiff': True}, 'toPort': {'kind': 'update', 'inputDiff': True}})), 'breaks')
case('pu-sg-inline-ingress-removed', 'Pulumi: SecurityGroup inline ingress loses the 5432 rule.',
     A_API_DB, a1(), pu(step('update', SG, 'orders-db-sg', old=state(SG, 'orders-db-sg', SG_DB, {'vpcId': VPC, 'ingress': [{'protocol': 'tcp', 'fromPort': 5432, 'toPort': 5432, 'securityGroups': [SG_APP], 'cidrBlocks': [], 'self': False}], 'egress': [{'protocol': '-1', 'fromPort': 0, 'toPort': 0, 'cidrBlocks': ['0.0.0.0/0']}]}),
        new=state(SG, 'orders-db-sg', SG_DB, {'vpcId': VPC, 'ingress': [], 'egress': [{'protocol': '-1', 'fromPort': 0, 'toPort': 0, 'cidrBlocks': ['0.0.0.0/0']}]}), diffs=['ingress'], detailed={'ingress[0]': {'kind': 'delete', 'inputDiff': True}})), 'breaks')
case('pu-sg-rule-unknown-cidr', 'Pulumi: the carrying rule is deleted and a new rule takes its CIDR from an output known after apply.',
     A_API_DB, a1(), pu(step('delete', SGR, 'db-from-app', old=state(SGR, 'db-from-app', 'sgrule-1001', P_DB_RULE_IN)),
        step('create', SGR, 'db-from-new', new={**state(SGR, 'db-from-new', '', p_sgr('ingress', SG_DB, 'tcp', 5432, 5432, cidrs=[PU])), 'id': ''})), 'affected')
case('pu-opens-internet-5432', 'Pulumi: a new SecurityGroupRule 0.0.0.0/0 tcp/5432 on sg-db lifts the block between the internet gateway and the db.',
     A_INTERNET_DB, a4(), pu(step('create', SGR, 'db-public', new={**state(SGR, 'db-public', '', p_sgr('ingress', SG_DB, 'tcp', 5432, 5432, cidrs=['0.0.0.0/0'])), 'id': ''})), 'opens',
     endpoints={'sourceKind': 'internet-gateway'})
case('pu-nacl-deny-before-allow', 'Pulumi: NetworkAclRule deny 50 for 10.10.1.0/24 tcp/5432 on the db subnet ACL.',
     A_API_DB, a1(), pu(step('create', 'aws:ec2/networkAclRule:NetworkAclRule', 'db-block-app', new={**state('aws:ec2/networkAclRule:NetworkAclRule', 'db-block-app', '', {'networkAclId': ACL_DB, 'ruleNumber': 50, 'egress': False, 'protocol': 'tcp', 'ruleAction': 'deny', 'cidrBlock': '10.10.1.0/24', 'fromPort': 5432, 'toPort': 5432}), 'id': ''})), 'breaks')
case('pu-tgw-route-blackhole', 'Pulumi: the TGW default route is replaced by a blackhole route.',
     A_EGRESS, a3(), pu(step('replace', 'aws:ec2transitgateway/route:Route', 'egress-default', old=state('aws:ec2transitgateway/route:Route', 'egress-default', f'{TGW_RTB}_0.0.0.0/0', {'destinationCidrBlock': '0.0.0.0/0', 'transitGatewayRouteTableId': TGW_RTB, 'transitGatewayAttachmentId': TGW_ATT_EGRESS, 'blackhole': False}),
        new=state('aws:ec2transitgateway/route:Route', 'egress-default', PU, {'destinationCidrBlock': '0.0.0.0/0', 'transitGatewayRouteTableId': TGW_RTB, 'blackhole': True}), diffs=['blackhole'])), 'breaks')
case('pu-route-removed', 'Pulumi: aws.ec2.Route 0.0.0.0/0 → TGW in the app route table is deleted.',
     A_EGRESS, a3(), pu(step('delete', 'aws:ec2/route:Route', 'app-default', old=state('aws:ec2/route:Route', 'app-default', 'r-rtb-0a10000000000000a11080289494', {'routeTableId': RTB_APP, 'destinationCidrBlock': '0.0.0.0/0', 'transitGatewayId': TGW}))), 'breaks')
case('pu-instance-replaced', 'Pulumi: orders-db is replaced.',
     A_API_DB, a1(), pu(step('replace', 'aws:ec2/instance:Instance', 'orders-db', old=state('aws:ec2/instance:Instance', 'orders-db', DB, {'ami': 'ami-0abcdef1234567890', 'subnetId': SUB_DB, 'vpcSecurityGroupIds': [SG_DB]}, {'primaryNetworkInterfaceId': DB_ENI}),
        new=state('aws:ec2/instance:Instance', 'orders-db', PU, {'ami': 'ami-0fedcba9876543210', 'subnetId': SUB_DB, 'vpcSecurityGroupIds': [SG_DB]}), diffs=['ami'])), 'affected')
case('pu-sg-detached', 'Pulumi: orders-db vpcSecurityGroupIds swaps sg-db for sg-ssh-only (update, shown with --show-sames).',
     A_API_DB, a1(), pu(step('update', 'aws:ec2/instance:Instance', 'orders-db', old=state('aws:ec2/instance:Instance', 'orders-db', DB, {'subnetId': SUB_DB, 'vpcSecurityGroupIds': [SG_DB]}, {'primaryNetworkInterfaceId': DB_ENI}),
        new=state('aws:ec2/instance:Instance', 'orders-db', DB, {'subnetId': SUB_DB, 'vpcSecurityGroupIds': [SG_OTHER]}, {'primaryNetworkInterfaceId': DB_ENI}), diffs=['vpcSecurityGroupIds']),
        step('same', SG, 'ssh-only', old=state(SG, 'ssh-only', SG_OTHER, {'ingress': [{'protocol': 'tcp', 'fromPort': 22, 'toPort': 22, 'cidrBlocks': ['10.0.0.0/8']}], 'egress': []}), new=state(SG, 'ssh-only', SG_OTHER, {'ingress': [{'protocol': 'tcp', 'fromPort': 22, 'toPort': 22, 'cidrBlocks': ['10.0.0.0/8']}], 'egress': []}))), 'breaks')
case('pu-firewall-rule-group', 'Pulumi: a networkfirewall RuleGroup on the egress path is updated: not evaluated.',
     A_EGRESS, a3(), pu(step('update', 'aws:networkfirewall/ruleGroup:RuleGroup', 'egress-allow', old=state('aws:networkfirewall/ruleGroup:RuleGroup', 'egress-allow', RG_ARN, {'capacity': 100, 'type': 'STATEFUL', 'rules': 'pass'}, {'arn': RG_ARN}),
        new=state('aws:networkfirewall/ruleGroup:RuleGroup', 'egress-allow', RG_ARN, {'capacity': 100, 'type': 'STATEFUL', 'rules': 'drop'}, {'arn': RG_ARN}), diffs=['rules'])), 'affected')
case('pu-unrelated', 'Pulumi: only an S3 bucket changes.',
     A_API_DB, a1(), pu(step('update', 'aws:s3/bucketV2:BucketV2', 'logs', old=state('aws:s3/bucketV2:BucketV2', 'logs', 'orders-logs', {'bucket': 'orders-logs'}), new=state('aws:s3/bucketV2:BucketV2', 'logs', 'orders-logs', {'bucket': 'orders-logs', 'tags': {'Team': 'orders'}}), diffs=['tags'])), 'unaffected')
case('pu-fixes-replica', 'Pulumi: the replica group gains an ingress rule from sg-app on 5432.',
     A_REPLICA, a7(), pu(step('create', SGI, 'replica-from-app', new={**state(SGI, 'replica-from-app', '', {'securityGroupId': SG_REPLICA, 'ipProtocol': 'tcp', 'fromPort': 5432, 'toPort': 5432, 'referencedSecurityGroupId': SG_APP}), 'id': ''})), 'fixes')

for f in os.listdir(HERE):
    if f.endswith('.json'): os.remove(os.path.join(HERE, f))
for i, (name, c) in enumerate(cases, 1):
    with open(os.path.join(HERE, f'{i:02d}-{name}.json'), 'w') as fh:
        json.dump(c, fh, indent=1)
        fh.write('\n')
print(len(cases), 'cases')
