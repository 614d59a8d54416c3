// Paths as text, for reasons and reports: "eni-a → sg-x → rtb-y → tgw-z → eni-b". (Mermaid diagrams are
// drawn by src/report through src/safety.)

import type { PathHop } from '../model.js'

/** "eni-a → sg-x → rtb-y → tgw-z → eni-b"; a component repeated on consecutive hops is shown once. */
export function renderPath(hops: readonly PathHop[]): string {
  const ids: string[] = []
  for (const hop of hops) {
    if (ids[ids.length - 1] !== hop.componentId) ids.push(hop.componentId)
  }
  return ids.join(' → ')
}
