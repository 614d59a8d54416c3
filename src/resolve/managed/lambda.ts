// `lambda: <name or ARN>` → the network interfaces of the function's VPC configuration.
//
// Lambda creates one Hyperplane ENI per subnet + security-group combination of the account, shared by every
// function with that combination (AWS Lambda Developer Guide, "foundation-networking"). Their service-set
// description starts with "AWS Lambda VPC ENI" (what terraform-provider-aws matches before deleting them), so
// the function's ENIs are: description AWS Lambda VPC ENI*, in one of its subnets, whose security groups are
// exactly its security groups (the AWS Support ENI finder's method). Looked up every run: Lambda replaces them.
import { GetFunctionConfigurationCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda'
import {
  callFailed,
  eniTarget,
  isNotFound,
  listNetworkInterfaces,
  plural,
  sameGroups,
  type Expansion,
  type ManagedContext
} from './context.js'

export const LAMBDA_ENI_DESCRIPTION = 'AWS Lambda VPC ENI*'

export async function resolveLambda(context: ManagedContext): Promise<Expansion> {
  const { selector, where } = context
  let config: FunctionConfiguration
  try {
    const client = await context.clients.lambda(context.endpoint.account, context.endpoint.region)
    config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: selector.name }))
  } catch (error) {
    if (isNotFound(error))
      return {
        ok: false,
        error: `Lambda function ${selector.name} not found in ${where} (GetFunctionConfiguration). Check the name, the account and the region.`
      }
    return {
      ok: false,
      error: callFailed('GetFunctionConfiguration', 'lambda:GetFunctionConfiguration', error, where)
    }
  }
  const name = config.FunctionName ?? selector.name
  const subnets = config.VpcConfig?.SubnetIds ?? []
  const groups = config.VpcConfig?.SecurityGroupIds ?? []
  if (subnets.length === 0) {
    return {
      ok: false,
      error:
        `Lambda function ${name} (${where}) is not connected to a VPC: it runs in Lambda's own network, which ` +
        'Reachability Analyzer cannot analyse. Give it a VPC configuration, or test what it calls from a VPC resource.'
    }
  }
  let enis
  try {
    enis = await listNetworkInterfaces(context.ec2, [
      { Name: 'description', Values: [LAMBDA_ENI_DESCRIPTION] },
      { Name: 'subnet-id', Values: subnets },
      ...(groups.length > 0 ? [{ Name: 'group-id', Values: groups }] : [])
    ])
  } catch (error) {
    return {
      ok: false,
      error: callFailed('DescribeNetworkInterfaces', 'ec2:DescribeNetworkInterfaces', error, where)
    }
  }
  const own = enis.filter(eni =>
    sameGroups(
      (eni.Groups ?? []).map(g => g.GroupId),
      groups
    )
  )
  context.log?.(
    `resolve: ${where}: Lambda ${name}: ${own.length} of ${enis.length} Lambda ENI(s) in ${subnets.join(', ')} match its security groups`
  )
  if (own.length === 0) {
    const state = [config.State, config.LastUpdateStatus].filter(Boolean).join(', ')
    return {
      ok: false,
      error:
        `Lambda function ${name} (${where}) has no network interface yet in ${subnets.join(', ')} with security groups ` +
        `${groups.join(', ') || '(none)'}${state ? ` (function state: ${state})` : ''}. Lambda creates them when the ` +
        'VPC configuration is applied (it takes minutes) and reclaims them after weeks idle; invoke the function, then re-run.'
    }
  }
  const members = own.map(eni => eniTarget(eni, name, context))
  const uncovered = subnets.filter(subnet => !own.some(eni => eni.SubnetId === subnet))
  if (uncovered.length > 0 && members[0]) {
    members[0].warnings = [
      ...(members[0].warnings ?? []),
      `Lambda function ${name} has no network interface in ${uncovered.join(', ')} yet; only its other subnets are analysed`
    ]
  }
  return {
    ok: true,
    label: `Lambda function ${name} (${plural(members.length, 'network interface')})`,
    members
  }
}
