import type { PathHop } from '../../src/model.js'
import { describeAnalysis, renderPath } from '../../src/verdict/index.js'
import { sampleAnalysis } from './support.js'

const hop = (sequence: number, componentId: string, extra: Partial<PathHop> = {}): PathHop => ({
  sequence,
  componentId,
  ...extra
})

describe('renderPath', () => {
  it('joins component ids with arrows', () => {
    expect(
      renderPath([hop(1, 'eni-a'), hop(2, 'sg-x'), hop(3, 'rtb-y'), hop(4, 'tgw-z'), hop(5, 'eni-b')])
    ).toBe('eni-a → sg-x → rtb-y → tgw-z → eni-b')
  })

  it('shows a component repeated on consecutive hops once, and nothing for no hops', () => {
    expect(renderPath([hop(1, 'eni-a'), hop(2, 'eni-a'), hop(3, 'tgw-z'), hop(4, 'eni-a')])).toBe(
      'eni-a → tgw-z → eni-a'
    )
    expect(renderPath([])).toBe('')
  })

  it('renders the ra-guide-04 forward path', () => {
    expect(
      renderPath(describeAnalysis(sampleAnalysis('ra-guide-04-describe-reachable.json')).forwardPath)
    ).toBe(
      'igw-0797cccdc9d73b0e5 → acl-04fbcfb79260f6c5b → sg-02f0d35a850ba727f → eni-0a25edef15a6cc08c → i-0626d4edd54f1286d'
    )
  })
})
