// The path of one failed assertion as a Mermaid flowchart that tells the story: for a path that was not found,
// source → … → the component that blocked it (red, with what it lacks) ⇢ the destination it never reached
// (grey). Labels are wrapped between words and never cut inside an id; paths longer than a few nodes run
// top-down, so GitHub draws them at full size instead of shrinking one long row to fit the page.
import type { AssertionReport, Explanation, PathHop, Resolution } from '../model.js'
import { mermaidLabel } from '../safety/index.js'
import { describeEndpoint, formatProtocolPort } from './format.js'
import { firstFindingHops } from './scopes.js'

/** Characters per label line: about 250 px of Mermaid's 16 px default font. */
export const LABEL_WIDTH = 34
/** A left-to-right row holds at most this many nodes at GitHub's widths (780 px PR comment). */
const ROW_NODES = 3
/** Paths longer than this are drawn with their first and last hops only. */
const MAX_CHART_HOPS = 40

/** A short word that only leads into what follows ("in", "to", "→"), at the end of a line that has more. */
const CONNECTOR_AT_END = /(?<=\S)\s+(?:in|on|of|to|at|via|from|and|for|the|a|an|→)$/

/**
 * `text` in lines of at most `width` characters, broken between words only: a word longer than a line (an ARN)
 * stands alone, whole. Past `maxLines` the last kept line ends with "…" after a whole word.
 */
export function wrapWords(text: string, width = LABEL_WIDTH, maxLines = 3): string[] {
  const lines: string[] = []
  let current = ''
  const words = text.split(/\s+/).filter(Boolean)
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (current === '') current = word
    else if (current.length + 1 + word.length <= width) current += ` ${word}`
    else {
      lines.push(current)
      current = word
    }
    if (lines.length === maxLines) {
      // "… in …" says nothing: a connecting word left at the cut goes too.
      const last = lines[maxLines - 1].replace(CONNECTOR_AT_END, '')
      lines[maxLines - 1] = `${last} …`
      return lines
    }
  }
  if (current !== '') lines.push(current)
  return lines
}

/**
 * A hop's detail ("attached to i-…; in subnet-… (vpc-…)") in at most `maxLines` lines: whole clauses (split at
 * "; ") while they fit, then "…" after the last whole clause, so a label never ends on a dangling word ("in …")
 * or a cut id. A first clause too long on its own is cut after a whole word by wrapWords.
 */
export function wrapClauses(text: string, width = LABEL_WIDTH, maxLines = 2): string[] {
  const clauses = text.split(/;\s+/).filter(Boolean)
  let kept = ''
  for (const clause of clauses) {
    const candidate = kept ? `${kept}; ${clause}` : clause
    if (wrapWords(candidate, width, Infinity).length <= maxLines) {
      kept = candidate
      continue
    }
    if (kept === '') return wrapWords(clause, width, maxLines)
    const lines = wrapWords(kept, width, Infinity)
    lines[lines.length - 1] += ' …'
    return lines
  }
  return wrapWords(kept, width, Infinity)
}

interface Node {
  lines: string[]
  style?: 'block' | 'unreached'
}

const kindWords = (kind: string | undefined): string | undefined => kind?.replace(/-/g, ' ')

function hopNode(hop: PathHop): Node {
  const title = [
    kindWords(hop.componentType),
    hop.name && hop.name !== hop.componentId ? hop.name : undefined
  ]
    .filter(Boolean)
    .join(' ')
  return {
    lines: [
      ...(title ? wrapWords(title, LABEL_WIDTH, 2) : []),
      hop.componentId,
      ...(hop.detail ? wrapClauses(hop.detail, LABEL_WIDTH, 2) : [])
    ]
  }
}

function endpointNode(resolution: Resolution | undefined, fallback: string): Node {
  if (resolution?.ok) {
    const t = resolution.target
    const id = t.kind === 'ip' ? (t.ip ?? t.resourceId) : t.resourceId
    const title = [
      kindWords(t.kind === 'ip' ? 'address' : t.kind),
      t.name && t.name !== id ? t.name : undefined
    ]
      .filter(Boolean)
      .join(' ')
    return { lines: [...wrapWords(title, LABEL_WIDTH, 2), id] }
  }
  return { lines: wrapWords(fallback, LABEL_WIDTH, 2) }
}

/** What the blocking component lacks, in a few words ("no inbound rule allows tcp/5432"). */
export function blockPhrase(explanation: Explanation, traffic: string): string[] {
  const direction =
    explanation.direction === 'ingress' ? 'inbound ' : explanation.direction === 'egress' ? 'outbound ' : ''
  const code = explanation.code
  if (/^(ENI_SG_RULES_MISMATCH|SG_HAS_NO_RULES)$/.test(code))
    return [`✖ no ${direction}rule allows ${traffic}`]
  if (/ACL/.test(code)) return [`✖ blocks ${direction}${traffic}`]
  if (/ROUTE/.test(code)) return ['✖ no route to the destination']
  return wrapWords(`✖ ${explanation.sentence || code}`, LABEL_WIDTH, 3)
}

/** The explanation naming the component that stopped the path, if AWS named one. */
function blocking(result: AssertionReport): Explanation | undefined {
  const explanations =
    result.verdict.explanations.length > 0
      ? result.verdict.explanations
      : (result.analysis?.explanations ?? [])
  return explanations.find(e => e.componentId) ?? explanations[0]
}

/** The Mermaid lines (fenced) for the result's forward path, or [] when there is nothing to draw. */
export function pathDiagram(result: AssertionReport): string[] {
  const analysis = result.analysis
  // A set result draws its first violating path (Network Access Analyzer findings are paths like any other).
  const hops = [...(analysis?.forwardPath ?? firstFindingHops(result))].sort(
    (a, b) => a.sequence - b.sequence
  )
  const notFound = analysis?.networkPathFound === false
  const nodes: Node[] = []

  if (hops.length > MAX_CHART_HOPS) {
    const half = MAX_CHART_HOPS / 2
    nodes.push(...hops.slice(0, half).map(hopNode))
    nodes.push({ lines: [`… ${hops.length - MAX_CHART_HOPS} more hops …`] })
    nodes.push(...hops.slice(-half).map(hopNode))
  } else nodes.push(...hops.map(hopNode))

  if (notFound) {
    if (hops.length === 0)
      nodes.push(endpointNode(result.source, describeEndpoint(result.assertion.source, result.source)))
    const block = blocking(result)
    if (block) {
      const phrase = blockPhrase(block, formatProtocolPort(result))
      const at = block.componentId ? hops.findIndex(h => h.componentId === block.componentId) : -1
      if (at >= 0 && hops.length <= MAX_CHART_HOPS) {
        nodes[at] = { lines: [...nodes[at].lines, ...phrase], style: 'block' }
        nodes.splice(at + 1)
      } else {
        const id = block.componentId
        const kind = id ? kindWords(componentKind(id)) : undefined
        nodes.push({
          lines: [...(kind ? [kind] : []), ...(id ? [id] : []), ...phrase],
          style: 'block'
        })
      }
    }
    const destination = endpointNode(
      result.destination,
      describeEndpoint(result.assertion.destination, result.destination)
    )
    nodes.push({ ...destination, style: 'unreached' })
  }
  if (nodes.length === 0) return []

  const direction = nodes.length <= ROW_NODES ? 'LR' : 'TD'
  const lines = ['```mermaid', `flowchart ${direction}`]
  nodes.forEach((node, i) => {
    lines.push(`  n${i}["${node.lines.map(line => mermaidLabel(unbreakable(line), 200)).join('<br/>')}"]`)
  })
  for (let i = 1; i < nodes.length; i++) {
    const unreached = nodes[i].style === 'unreached'
    lines.push(unreached ? `  n${i - 1} -. not reached .-> n${i}` : `  n${i - 1} --> n${i}`)
  }
  const blocks = nodes.flatMap((n, i) => (n.style === 'block' ? [`n${i}`] : []))
  const unreached = nodes.flatMap((n, i) => (n.style === 'unreached' ? [`n${i}`] : []))
  if (blocks.length > 0) {
    lines.push('  classDef block fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#82071e')
    lines.push(`  class ${blocks.join(',')} block`)
  }
  if (unreached.length > 0) {
    lines.push('  classDef unreached fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:4 3,color:#6e7781')
    lines.push(`  class ${unreached.join(',')} unreached`)
  }
  lines.push('```')
  return lines
}

/**
 * Mermaid wraps a label at its own width (about 200 px), and a browser breaks lines at hyphens: an id like
 * i-0a1000000000000a1 would be split after "i-". In ids, the hyphen becomes U+2011 (a non-breaking hyphen
 * that looks the same), so each id stays on one line; the ids to copy are in the text around the chart.
 */
function unbreakable(line: string): string {
  return line.replace(/\b[a-z]+(?:-[a-z]+)*-[0-9a-f]{8,17}\b/g, id => id.replace(/-/g, '\u2011'))
}

const ID_KINDS: Array<[string, string]> = [
  ['sg-', 'security-group'],
  ['acl-', 'network-acl'],
  ['rtb-', 'route-table'],
  ['eni-', 'network-interface'],
  ['i-', 'instance'],
  ['igw-', 'internet-gateway'],
  ['nat-', 'nat-gateway'],
  ['tgw-attach-', 'transit-gateway-attachment'],
  ['tgw-rtb-', 'transit-gateway-route-table'],
  ['tgw-', 'transit-gateway'],
  ['pcx-', 'vpc-peering-connection'],
  ['vpce-', 'vpc-endpoint'],
  ['subnet-', 'subnet'],
  ['vpc-', 'vpc']
]

function componentKind(id: string): string | undefined {
  return ID_KINDS.find(([prefix]) => id.startsWith(prefix))?.[1]
}

/** Rule holders differ by direction (a return hop meets the route table of the other end): not a different path. */
const RULE_HOLDER = /^(sg|acl|rtb|tgw-rtb)-/

/** The return path, only when it is not simply the forward path walked back. */
export function returnPathDiffers(result: AssertionReport): boolean {
  const nodes = (hops: PathHop[] | undefined) =>
    (hops ?? []).map(h => h.componentId).filter(id => !RULE_HOLDER.test(id))
  const forward = nodes(result.analysis?.forwardPath)
  const back = nodes(result.analysis?.returnPath)
  if (back.length === 0) return false
  const reversed = [...forward].reverse()
  return back.length !== reversed.length || back.some((id, i) => id !== reversed[i])
}
