// Paths as text, for reasons and reports: "eni-a → sg-x → rtb-y → tgw-z → eni-b" and a Mermaid flowchart.

import type { PathHop } from '../model.js'
import { mermaidLabel } from '../safety/index.js'

/** "eni-a → sg-x → rtb-y → tgw-z → eni-b"; a component repeated on consecutive hops is shown once. */
export function renderPath(hops: readonly PathHop[]): string {
  const ids: string[] = []
  for (const hop of hops) {
    if (ids[ids.length - 1] !== hop.componentId) ids.push(hop.componentId)
  }
  return ids.join(' → ')
}

/**
 * Text for a Mermaid label inside double quotes: src/safety's mermaidLabel (no `%%{…}%%` directive, quote,
 * bracket, `#`, `;` or backtick survives; one line; bounded).
 */
export function escapeMermaidLabel(text: string): string {
  return mermaidLabel(text)
}

function hopLabel(hop: PathHop): string {
  const title = hop.name !== undefined ? `${hop.componentId} (${hop.name})` : hop.componentId
  const lines = [escapeMermaidLabel(title)]
  if (hop.detail !== undefined) lines.push(escapeMermaidLabel(hop.detail))
  return lines.join('<br/>')
}

/**
 * The body of a ```mermaid block: `flowchart LR`, one node per hop (id, name and detail) and the
 * edges between consecutive hops. Node ids are positional (h1, h2…) so labels never need to be ids.
 */
export function hopsToMermaid(hops: readonly PathHop[]): string {
  if (hops.length === 0) return 'flowchart LR\n  empty["no path components"]'
  const lines = ['flowchart LR']
  hops.forEach((hop, index) => lines.push(`  h${index + 1}["${hopLabel(hop)}"]`))
  const nodes = hops.map((_, index) => `h${index + 1}`)
  if (nodes.length > 1) lines.push(`  ${nodes.join(' --> ')}`)
  return lines.join('\n')
}
