// Lambda (restJson1, 2015-03-31): GetFunctionConfiguration and GetFunction, the calls that reveal a
// function's VPC configuration. Shapes from @aws-sdk/client-lambda's schemas.
import { GetFunction$, GetFunctionConfiguration$, type FunctionConfiguration } from '@aws-sdk/client-lambda'
import type { LambdaFunctionSpec } from '../scenario.js'
import { AwsError, regionSpecs, type ManagedService, type ServiceContext } from './managed-services.js'
import type { OperationSchema } from './query-protocol.js'

function findFunction(ctx: ServiceContext, ref: string): { spec: LambdaFunctionSpec; qualifier?: string } {
  // A name, a full ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]) or a partial one (ACCOUNT:function:NAME).
  const arn =
    /^(?:arn:aws[a-z-]*:lambda:([a-z0-9-]+):)?(?:(\d{12}):function:)?([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(
      ref
    )
  const [, region, account, name, qualifier] = arn ?? []
  const elsewhere = (region && region !== ctx.region) || (account && account !== ctx.accountId)
  const spec =
    elsewhere || !name
      ? undefined
      : regionSpecs(ctx)
          .flatMap(r => r.lambdaFunctions ?? [])
          .find(f => f.name === name)
  if (!spec) {
    throw new AwsError(
      'ResourceNotFoundException',
      `Function not found: arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name ?? ref}`,
      404
    )
  }
  return { spec, qualifier }
}

function configuration(
  ctx: ServiceContext,
  spec: LambdaFunctionSpec,
  qualifier?: string
): FunctionConfiguration {
  const vpc = spec.subnetIds?.length
  return {
    FunctionName: spec.name,
    FunctionArn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${spec.name}${qualifier ? `:${qualifier}` : ''}`,
    Runtime: (spec.runtime ?? 'nodejs20.x') as FunctionConfiguration['Runtime'],
    Role: `arn:aws:iam::${ctx.accountId}:role/${spec.name}-role`,
    Handler: 'index.handler',
    CodeSize: 1024,
    Timeout: 30,
    MemorySize: 128,
    LastModified: '2026-01-01T00:00:00.000+0000',
    Version: qualifier ?? '$LATEST',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    State: spec.state ?? 'Active',
    LastUpdateStatus: 'Successful',
    // Functions outside a VPC report an empty configuration.
    VpcConfig: {
      SubnetIds: spec.subnetIds ?? [],
      SecurityGroupIds: spec.securityGroupIds ?? [],
      ...(vpc && spec.vpcId ? { VpcId: spec.vpcId } : {})
    }
  }
}

export const LAMBDA_SERVICE: ManagedService = {
  name: 'lambda',
  signingName: 'lambda',
  protocol: 'restJson1',
  actions: {
    GetFunctionConfiguration: {
      op: GetFunctionConfiguration$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        const { spec, qualifier } = findFunction(ctx, String(input.FunctionName ?? ''))
        return { ...configuration(ctx, spec, (input.Qualifier as string | undefined) ?? qualifier) }
      }
    },
    GetFunction: {
      op: GetFunction$ as unknown as OperationSchema,
      handler: (ctx, input) => {
        const { spec, qualifier } = findFunction(ctx, String(input.FunctionName ?? ''))
        return {
          Configuration: configuration(ctx, spec, (input.Qualifier as string | undefined) ?? qualifier),
          Code: { RepositoryType: 'S3', Location: 'https://awslambda-sandbox.invalid/snapshot' }
        }
      }
    }
  }
}
