// partitionOf against the AWS SDK's own partitions table, for a Region of every partition it knows.
import { awsEndpointFunctions } from '@aws-sdk/core/client'
import { awsErrorCode, errorMessage } from '../../src/aws/errors.js'
import { partitionOf } from '../../src/aws/partitions.js'

// The Regions listed in @aws-sdk/core's partitions table (util-endpoints/lib/aws/partitions.js).
const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'ap-southeast-7',
  'il-central-1',
  'mx-central-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-east-1',
  'us-gov-west-1',
  'us-iso-east-1',
  'us-iso-west-1',
  'us-isob-east-1',
  'us-isob-west-1',
  'eu-isoe-west-1',
  'us-isof-east-1',
  'us-isof-south-1',
  'eusc-de-east-1'
]

describe('partitionOf', () => {
  it.each(REGIONS)('%s: the partition the AWS SDK says', region => {
    const sdk = awsEndpointFunctions.partition(region) as { name: string }
    expect(partitionOf(region)).toBe(sdk.name)
  })

  it('maps the isolated Regions to their own partitions, not aws', () => {
    expect(['us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1'].map(partitionOf)).toEqual(
      ['aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f']
    )
  })
})

describe('AWS errors', () => {
  it('reads the wire code first, then the name', () => {
    expect(awsErrorCode({ Code: 'RequestLimitExceeded', name: 'ThrottlingException' })).toBe(
      'RequestLimitExceeded'
    )
    expect(awsErrorCode(Object.assign(new Error('x'), { name: 'AccessDenied' }))).toBe('AccessDenied')
    expect(awsErrorCode('boom')).toBeUndefined()
    expect(awsErrorCode(null)).toBeUndefined()
  })

  it('reads a message from errors, error-shaped objects and anything else', () => {
    expect(errorMessage(new Error('denied'))).toBe('denied')
    expect(errorMessage({ message: 'shaped' })).toBe('shaped')
    expect(errorMessage(42)).toBe('42')
  })
})
