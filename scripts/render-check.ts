/// <reference lib="dom" />
// `npm run render-check`: renders what people read on GitHub — the sticky PR comment, the job summary and the
// drift issue — of the demo and of a 30-assertion scenario with a 12-hop blocked path, all from real runs of
// the bundled action on the sandbox (docs/demo-summary.md and docs/demo-scenario30.md, written by
// `npm run docs:demo`), as GitHub would: GitHub-flavoured markdown (marked) and Mermaid (node_modules/mermaid,
// loaded from disk), in headless Chromium at the PR comment's width (780 px) and the job summary's and issue's
// (1,012 px). It writes screenshots to docs/render/ and fails on a Mermaid parse error, horizontal overflow,
// node text under 10 px as drawn, a label cut inside a word or id, a code span in a table cell drawn on more
// than one line, or a scenario page without its long (12-hop) diagram.
// Nothing is fetched from the network: every request the page makes is refused.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { marked } from 'marked'
import { chromium } from 'playwright-core'

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
  /** The page must draw a diagram with at least this many nodes (the 12-hop path: 12 hops and the destination). */
  minNodes?: number
  /** A control page, built to be wrong: each of these checks must find something on it, or the check is blind. */
  control?: Check[]
}

type Check = 'parse' | 'overflow' | 'small text' | 'cut label' | 'wrapped code'

const longRow = Array.from({ length: 16 }, (_, i) => `  n${i}["hop ${i + 1} with a label of some length"]`)
/**
 * What v0.1 wrote and what each check must catch, rendered first: four columns with ids that wrap at their
 * hyphens and a wide unbroken line (overflow), a 16-node left-to-right row (scaled under 10 px), a label cut
 * inside an id, and a diagram Mermaid cannot parse.
 */
const CONTROLS: Page[] = [
  {
    name: 'control-layout',
    variant: 'comment',
    control: ['overflow', 'small text', 'cut label', 'wrapped code'],
    markdown: [
      '| Result | Assertion | Source → Destination | Traffic |',
      '|---|---|---|---|',
      '| ❌ **not reachable** | `internet-never-reaches-orders-db-through-the-prod-gateway` · line 105 | app: `orders-igw-0a10000000000ea01` → app: `eni-0a1000000000000d2` | tcp/5432 |',
      '',
      '```mermaid',
      'flowchart LR',
      ...longRow,
      '  n16["route table<br/>in subnet-0a1000000000…"]',
      ...Array.from({ length: 16 }, (_, i) => `  n${i} --> n${i + 1}`),
      '```',
      '',
      '<table><tr><td><code>' + 'x'.repeat(200) + '</code></td></tr></table>'
    ].join('\n')
  },
  {
    name: 'control-parse',
    variant: 'comment',
    control: ['parse'],
    markdown: ['```mermaid', 'flowchart LR', '  n0["unclosed --> n1', '```'].join('\n')
  }
]

const LONG_PATH_NODES = 13

/** The part NAME of a generated page, between `<!-- render-check:begin NAME -->` and its end marker. */
function part(file: string, name: string): string {
  const text = readFileSync(file, 'utf8')
  const begin = `<!-- render-check:begin ${name} -->`
  const start = text.indexOf(begin)
  const end = text.indexOf(`<!-- render-check:end ${name} -->`)
  if (start < 0 || end < start) throw new Error(`${file} has no part "${name}": run npm run docs:demo`)
  return text.slice(start + begin.length, end)
}

/**
 * Every page comes from a real run of the bundled action on the sandbox (`npm run docs:demo`): the demo, and
 * the 30-assertion scenario of scripts/demo-scenarios.ts, whose failures include a 12-hop blocked path.
 */
function pages(): Page[] {
  const runs = [
    ['demo', 'docs/demo-summary.md'],
    ['scenario30', 'docs/demo-scenario30.md']
  ] as const
  return runs
    .flatMap(([name, file]) => [
      { name: `${name}-comment`, variant: 'comment' as const, markdown: part(file, 'comment') },
      { name: `${name}-summary`, variant: 'summary' as const, markdown: part(file, 'summary') },
      { name: `${name}-drift-issue`, variant: 'issue' as const, markdown: part(file, 'drift-issue') }
    ])
    .map(page => (page.name.startsWith('scenario30') ? { ...page, minNodes: LONG_PATH_NODES } : page))
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
  mostNodes: number
  smallestPx: number
  overflowPx: number
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
    const chosen = pages().filter(p => only.length === 0 || only.some(w => p.name.includes(w)))
    for (const page of [...CONTROLS, ...chosen]) {
      const width = WIDTHS[page.variant]
      const tab = await context.newPage()
      await tab.setViewportSize({ width, height: 900 })
      await tab.setContent(html(page.markdown, width))
      await tab.addScriptTag({ path: 'node_modules/mermaid/dist/mermaid.min.js' })
      const measured: Measured = await tab.evaluate(async (minPx: number): Promise<Measured> => {
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
        // How far anything reaches past its box or the page (0 when everything fits).
        let overflowPx = Math.max(0, document.documentElement.scrollWidth - window.innerWidth)
        if (document.documentElement.scrollWidth > window.innerWidth)
          overflow.push(`page ${document.documentElement.scrollWidth} px wide in ${window.innerWidth} px`)
        for (const el of article.querySelectorAll<HTMLElement>('table, pre, svg')) {
          const r = el.getBoundingClientRect()
          overflowPx = Math.max(overflowPx, el.scrollWidth - el.clientWidth, r.right - box.right)
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
        let mostNodes = 0
        for (const svg of article.querySelectorAll<SVGSVGElement>('.mermaid svg')) {
          mostNodes = Math.max(mostNodes, svg.querySelectorAll('g.node').length)
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
          mostNodes,
          smallestPx,
          overflowPx: Math.round(overflowPx)
        }
      }, MIN_NODE_TEXT_PX)
      if (!page.control) await tab.screenshot({ path: join(OUT, `${page.name}.png`), fullPage: true })
      await tab.close()
      const found: Record<Check, string[]> = {
        parse: measured.parseErrors.map(p => `Mermaid parse error: ${p}`),
        overflow: measured.overflow.map(p => `horizontal overflow at ${width} px: ${p}`),
        'small text': measured.smallText.map(p => `node text under ${MIN_NODE_TEXT_PX} px: ${p}`),
        'cut label': measured.cutLabels.map(p => `label cut inside a word or id: ${p}`),
        'wrapped code': measured.wrappedCode.map(p => `code span in a table cell wraps: ${p}`)
      }
      if (page.control) {
        const blind = page.control.filter(check => found[check].length === 0)
        console.log(
          `${blind.length === 0 ? 'ok  ' : 'FAIL'} ${page.name}: ${page.control.map(c => `${c} ${found[c].length}`).join(', ')} found on a page built to fail`
        )
        failures.push(
          ...blind.map(check => `${page.name}: the "${check}" check found nothing on its control page`)
        )
        continue
      }
      const problems = [
        ...Object.values(found).flat(),
        ...(page.minNodes !== undefined && measured.mostNodes < page.minNodes
          ? [
              `no diagram with ${page.minNodes} nodes (the longest has ${measured.mostNodes}): the long path is not drawn`
            ]
          : [])
      ]
      const smallest = Number.isFinite(measured.smallestPx) ? `${measured.smallestPx.toFixed(1)} px` : '—'
      console.log(
        `${problems.length === 0 ? 'ok  ' : 'FAIL'} ${page.name} at ${width} px: ${measured.diagrams} diagrams (largest ${measured.mostNodes} nodes), smallest node text ${smallest}, ${measured.wrappedCode.length} wrapped code spans in tables, widest overflow ${measured.overflowPx} px`
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
