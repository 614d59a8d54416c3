/// <reference lib="dom" />
// `npm run render-check`: renders what people read on GitHub — the job summary, the sticky PR comment and
// the drift issue — of the demo run (its summary and comment, from docs/demo-summary.md, written by `npm run docs:demo` from a real run of
// the bundled action) and of a 30-assertion report with a 12-hop path, as GitHub would: GitHub-flavoured
// markdown (marked) and Mermaid (node_modules/mermaid, loaded from disk), in headless Chromium at the PR
// comment's width (780 px) and the job summary's (1,012 px). It writes screenshots to docs/render/ and fails
// on a Mermaid parse error, horizontal overflow, node text under 10 px as drawn, or a label cut inside an id.
// Nothing is fetched from the network: every request the page makes is refused.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marked } from 'marked'
import { chromium } from 'playwright-core'
import { renderCommentBody, renderSummary } from '../src/report/summary.js'
import { renderDriftBody } from '../src/report/drift.js'
import { toDriftSnapshot } from '../src/report/drift-diff.js'
import { toJsonReport } from '../src/report/json.js'
import type { AssertionReport, PathHop, RunReport } from '../src/model.js'
import { explanation, hop, result, runReport } from '../__tests__/report/fixtures.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const OUT = 'docs/render'
const MIN_NODE_TEXT_PX = 10
const WIDTHS = { comment: 780, summary: 1012, issue: 1012 } as const

// GitHub's markdown styles that decide widths: the body font, table cells, code spans, and tables as blocks
// that scroll instead of widening the page (so overflow shows as a table wider than its box).
const CSS = `
  body { margin: 0; background: #fff; }
  .markdown-body { box-sizing: border-box; padding: 16px; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans",
    Helvetica, Arial, sans-serif; color: #1f2328; word-wrap: break-word; }
  .markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto;
    border-collapse: collapse; border-spacing: 0; }
  .markdown-body td, .markdown-body th { padding: 6px 13px; border: 1px solid #d1d9e0; }
  .markdown-body code { padding: .2em .4em; font-size: 85%; background: #818b981f; border-radius: 6px;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: break-spaces; }
  .markdown-body pre { overflow: auto; }
  .markdown-body img { max-width: 100%; }
  .mermaid { margin: 8px 0; }
  .mermaid svg { max-width: 100%; }
`

interface Page {
  name: string
  variant: keyof typeof WIDTHS
  markdown: string
}

/** A markdown section of docs/demo-summary.md, from its `## title` to the next `## ` heading of that file. */
function demoSection(file: string, title: string, next?: string): string {
  const start = file.indexOf(`## ${title}`)
  if (start < 0) throw new Error(`docs/demo-summary.md has no section "${title}": run npm run docs:demo`)
  const body = file.slice(file.indexOf('\n', start) + 1)
  return next ? body.slice(0, body.indexOf(`## ${next}`)) : body
}

/** Thirty assertions: passes, security-group/NACL/route failures, an error, and one 12-hop blocked path. */
function scenario(): RunReport {
  const results: AssertionReport[] = []
  const long: PathHop[] = [
    hop(1, 'i-0a1000000000000a1', 'instance', 'orders-api-blue-production'),
    hop(2, 'eni-0a1000000000000a1', 'network-interface'),
    hop(3, 'sg-0a10000000000a001', 'security-group', 'orders-api-sg'),
    hop(4, 'acl-0a10000000000a001', 'network-acl'),
    hop(5, 'rtb-0a10000000000a001', 'route-table'),
    hop(6, 'tgw-attach-0a1000000000000a1', 'transit-gateway-attachment'),
    hop(7, 'tgw-0c10000000000c001', 'transit-gateway', 'core-network-hub'),
    hop(8, 'tgw-attach-0c1000000000000c2', 'transit-gateway-attachment'),
    hop(9, 'vpce-0c10000000000f001', 'vpc-endpoint', 'inspection-firewall-endpoint'),
    hop(10, 'rtb-0c10000000000c002', 'route-table'),
    hop(11, 'acl-0c10000000000c002', 'network-acl'),
    hop(12, 'eni-0c1000000000000c9', 'network-interface')
  ]
  long[4].detail =
    'route 10.20.0.0/16 → tgw-0c10000000000c001 in subnet-0a100000000000011 (vpc-0a100000000000001)'
  long[8].detail =
    'stateful rule of rule group egress-allow-list-production: pass tcp from 10.10.0.0/16 to any'
  for (let i = 0; i < 30; i++) {
    const id = `orders-${String(i).padStart(2, '0')}-api-to-shared-services-${i % 3 === 0 ? 'database' : 'cache'}`
    const line = 10 + i * 14
    if (i === 3)
      results.push(
        result({
          id,
          line,
          status: 'failed',
          reason:
            'expected reachable, but no path was found: Network ACL acl-0c10000000000c002 denies inbound tcp/5432 from 10.10.1.25 (rule 90).',
          explanations: [
            explanation(
              'SUBNET_ACL_RESTRICTION',
              'Network ACL acl-0c10000000000c002 denies inbound tcp/5432 from 10.10.1.25 (rule 90).',
              'acl-0c10000000000c002'
            )
          ],
          analysis: { forwardPath: long, networkPathFound: false }
        })
      )
    else if (i % 9 === 4)
      results.push(
        result({
          id,
          line,
          status: 'failed',
          reason:
            'expected reachable, but no path was found: Security group sg-0db0000000000000a (orders-db-sg) has no inbound rule allowing tcp/5432 from 10.10.1.25.',
          explanations: [
            explanation(
              'ENI_SG_RULES_MISMATCH',
              'Security group sg-0db0000000000000a (orders-db-sg) has no inbound rule allowing tcp/5432 from 10.10.1.25.',
              'sg-0db0000000000000a'
            )
          ],
          analysis: { forwardPath: long.slice(0, 2), networkPathFound: false }
        })
      )
    else if (i === 17)
      results.push(
        result({
          id,
          line,
          status: 'error',
          reason: 'the analysis timed out after 300 s',
          analysis: { status: 'timeout', message: 'still running after 300 s', networkPathFound: undefined }
        })
      )
    else results.push(result({ id, line, status: 'passed' }))
  }
  return runReport(results, { configFile: 'network/production-preflight.yaml' })
}

function pages(): Page[] {
  const demo = readFileSync('docs/demo-summary.md', 'utf8')
  const comment = demoSection(demo, 'Sticky pull-request comment', 'Job summary')
  const summary = demoSection(demo, 'Job summary')
  const big = scenario()
  const runUrl = 'https://github.com/example-org/infra/actions/runs/1000000001'
  const drift = (report: RunReport) =>
    renderDriftBody({
      report,
      configFile: report.configFile,
      runUrl,
      current: toDriftSnapshot(toJsonReport(report), { runUrl }),
      firstDetection: true
    })
  return [
    { name: 'demo-comment', variant: 'comment', markdown: comment },
    { name: 'demo-summary', variant: 'summary', markdown: summary },
    { name: 'scenario30-comment', variant: 'comment', markdown: renderCommentBody(big, { runUrl }) },
    { name: 'scenario30-summary', variant: 'summary', markdown: renderSummary(big, { runUrl }) },
    { name: 'scenario30-drift-issue', variant: 'issue', markdown: drift(big) }
  ]
}

/** GitHub's HTML for the markdown: GFM, with ```mermaid fences as diagrams. */
function html(markdown: string, width: number): string {
  const body = marked.parse(markdown, { gfm: true, async: false }) as string
  const withDiagrams = body.replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    (_m, code: string) => `<pre class="mermaid">${code}</pre>`
  )
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>
    <article class="markdown-body" style="width:${width}px">${withDiagrams}</article></body></html>`
}

interface Measured {
  parseErrors: string[]
  overflow: string[]
  smallText: string[]
  cutLabels: string[]
  wrappedCode: string[]
  diagrams: number
  smallestPx: number
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true })
  const profile = mkdtempSync(join(tmpdir(), 'render-check-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
  const failures: string[] = []
  try {
    // Nothing leaves the machine: the page is set from a string and Mermaid is injected from disk.
    await context.route('**/*', route => route.abort())
    // `npm run render-check -- scenario30` renders only the pages whose name contains a given word.
    const only = process.argv.slice(2)
    for (const page of pages().filter(p => only.length === 0 || only.some(w => p.name.includes(w)))) {
      const width = WIDTHS[page.variant]
      const tab = await context.newPage()
      await tab.setViewportSize({ width, height: 900 })
      await tab.setContent(html(page.markdown, width))
      await tab.addScriptTag({ path: 'node_modules/mermaid/dist/mermaid.min.js' })
      const measured = (await tab.evaluate(async (minPx: number) => {
        // Every <details> open, as a reader opening each failure sees it (hidden diagrams have no size).
        for (const d of document.querySelectorAll('details')) d.open = true
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const m = (window as unknown as { mermaid: any }).mermaid
        m.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { useMaxWidth: true } })
        const parseErrors: string[] = []
        const blocks = [...document.querySelectorAll<HTMLElement>('pre.mermaid')]
        for (const [i, block] of blocks.entries()) {
          try {
            await m.parse(block.textContent ?? '')
          } catch (error) {
            parseErrors.push(`diagram ${i + 1}: ${String((error as Error).message ?? error).split('\n')[0]}`)
          }
        }
        if (parseErrors.length === 0) await m.run({ nodes: blocks })
        const article = document.querySelector('article')!
        const box = article.getBoundingClientRect()
        const overflow: string[] = []
        if (document.documentElement.scrollWidth > window.innerWidth)
          overflow.push(`page ${document.documentElement.scrollWidth} px wide in ${window.innerWidth} px`)
        for (const el of article.querySelectorAll<HTMLElement>('table, pre, svg')) {
          const r = el.getBoundingClientRect()
          if (el.scrollWidth > el.clientWidth + 1 || r.right > box.right + 1)
            overflow.push(
              `${el.tagName.toLowerCase()} ${Math.round(el.scrollWidth)} px in ${Math.round(el.clientWidth)} px`
            )
        }
        // An id in a table cell is read and copied whole: a code span drawn on two lines (a browser breaks
        // after hyphens) is a failure, whatever the table's width.
        const wrappedCode = [...article.querySelectorAll<HTMLElement>('td code, th code')]
          .filter(code => code.getClientRects().length > 1)
          .map(code => `${code.textContent ?? ''} (${code.getClientRects().length} lines)`)
        const smallText: string[] = []
        const cutLabels: string[] = []
        let smallestPx = Infinity
        for (const svg of article.querySelectorAll<SVGSVGElement>('.mermaid svg')) {
          const viewBox = svg.viewBox.baseVal
          const scale = viewBox && viewBox.width > 0 ? svg.getBoundingClientRect().width / viewBox.width : 1
          for (const label of svg.querySelectorAll<HTMLElement>('.nodeLabel, .node text')) {
            const px = parseFloat(getComputedStyle(label).fontSize) * scale
            smallestPx = Math.min(smallestPx, px)
            if (px < minPx) smallText.push(`${(label.textContent ?? '').slice(0, 40)}: ${px.toFixed(1)} px`)
            // A label cut short must end after a whole word (" …"), never inside an id ("subnet-0a1…").
            const lines = (label.innerHTML ?? '')
              .split(/<br\s*\/?>/i)
              .map(l => l.replace(/<[^>]+>/g, '').trim())
            for (const line of lines) if (/[^\s]…$/.test(line)) cutLabels.push(line)
          }
        }
        return {
          parseErrors,
          overflow,
          smallText,
          cutLabels,
          wrappedCode,
          diagrams: blocks.length,
          smallestPx
        }
      }, MIN_NODE_TEXT_PX)) as Measured
      await tab.screenshot({ path: join(OUT, `${page.name}.png`), fullPage: true })
      await tab.close()
      const problems = [
        ...measured.parseErrors.map(p => `Mermaid parse error: ${p}`),
        ...measured.overflow.map(p => `horizontal overflow at ${width} px: ${p}`),
        ...measured.smallText.map(p => `node text under ${MIN_NODE_TEXT_PX} px: ${p}`),
        ...measured.cutLabels.map(p => `label cut inside a word or id: ${p}`),
        ...measured.wrappedCode.map(p => `code span in a table cell wraps: ${p}`)
      ]
      const smallest = Number.isFinite(measured.smallestPx) ? `${measured.smallestPx.toFixed(1)} px` : '—'
      console.log(
        `${problems.length === 0 ? 'ok  ' : 'FAIL'} ${page.name} at ${width} px: ${measured.diagrams} diagrams, smallest node text ${smallest}`
      )
      for (const p of problems) console.log(`       ${p}`)
      failures.push(...problems.map(p => `${page.name}: ${p}`))
    }
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  writeFileSync(join(OUT, 'README.md'), renderedIndex())
  if (failures.length > 0) {
    console.error(`render check failed: ${failures.length} problems`)
    process.exit(1)
  }
  console.log(`render check passed; screenshots in ${OUT}/`)
}

function renderedIndex(): string {
  return [
    '<!-- Written by `npm run render-check` (scripts/render-check.ts). -->',
    '# Rendered reports',
    '',
    'Screenshots of the GitHub-flavoured markdown and Mermaid the action writes, rendered in headless Chromium',
    'at the PR comment width (780 px) and the job summary / issue width (1,012 px).',
    '',
    ...pages().map(p => `- [${p.name}](${p.name}.png) (${WIDTHS[p.variant]} px)`),
    ''
  ].join('\n')
}

await main()
