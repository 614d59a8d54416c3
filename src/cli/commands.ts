// The CLI commands that run the pipeline. Output formats: text for people, JSON (anp's field names) for scripts.
import { isAbsolute, resolve } from 'node:path'
import { sweepLeftovers, type PipelineEvent } from '../analyze/index.js'
import { createClientProvider } from '../auth/index.js'
import { globProblem, selectAssertions } from '../inputs.js'
import { jsonDocument } from '../safety/index.js'
import type { AssertionReport, Endpoint, PreflightConfig, Resolution, RunReport } from '../model.js'
import { endpointsOf, runPipeline, type PipelineOptions } from '../pipeline.js'
import { PlanError, predictedViolations, preparePlan, type PlanRunOptions } from '../plan/index.js'
import { terminalText } from '../safety/index.js'
import { describeSelector, outcomeText } from '../report/format.js'
import { toJsonConfigProblemsReport, toJsonEndpoint, toJsonMemberRef, toJsonReport } from '../report/json.js'
import { githubTrustPolicy, iamPolicyFor } from '../resolve/index.js'
import { renderPath } from '../verdict/index.js'
import { EXIT } from './exit-codes.js'
import { UsageError } from './options.js'
import type {
  AWS_OPTIONS,
  CLEANUP_OPTIONS,
  CliIo,
  CommandContext,
  EXPLAIN_OPTIONS,
  Handler,
  IAM_POLICY_OPTIONS,
  RUN_COMMAND_OPTIONS
} from './table.js'
import { cliProgress } from './progress.js'

function clientsFor(ctx: CommandContext<typeof AWS_OPTIONS>, config: PreflightConfig) {
  const profile =
    ctx.values.profile ?? (config.defaults.auth.mode === 'profile' ? config.defaults.auth.profile : undefined)
  const user = (ctx.io.env.USER || 'cli').replace(/[^\w+=,.@-]/g, '-')
  return createClientProvider(config, {
    mode: 'cli',
    profile,
    sessionName: `np-cli-${user}-${Date.now()}`.slice(0, 64),
    baseRegion: config.defaults.region,
    log: ctx.io.env.NETWORK_PREFLIGHT_DEBUG ? line => ctx.err(`debug: ${line}`) : undefined,
    env: ctx.io.env
  })
}

/** Runs `body` with progress on stderr (live on a terminal, plain lines otherwise), erased before results. */
async function withProgress<T>(
  ctx: Pick<CommandContext, 'io' | 'err'>,
  body: (onProgress: (event: PipelineEvent) => void) => Promise<T>
): Promise<T> {
  const progress = cliProgress({ stderr: ctx.io.stderr, env: ctx.io.env, err: ctx.err })
  // Ctrl-C: erase the live line before abortOnSignals says what it is doing (prepended: runs first).
  const erase = () => progress.stop()
  process.prependOnceListener('SIGINT', erase)
  process.prependOnceListener('SIGTERM', erase)
  try {
    return await body(event => progress.onProgress(event))
  } finally {
    process.removeListener('SIGINT', erase)
    process.removeListener('SIGTERM', erase)
    progress.stop()
  }
}

/** Deletes what a run started when the user presses Ctrl-C (the engine cleans up on abort). */
function abortOnSignals(ctx: Pick<CommandContext, 'err'>): AbortController {
  const controller = new AbortController()
  const onSignal = (signal: NodeJS.Signals) => {
    ctx.err(`${signal}: stopping and deleting the analyses this run started…`)
    controller.abort()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return controller
}

async function withConfig<C extends CommandContext<typeof AWS_OPTIONS>>(
  ctx: C,
  body: (config: PreflightConfig) => Promise<number>,
  invalidJson?: Parameters<C['loadConfig']>[0]
): Promise<number> {
  const config = await ctx.loadConfig(invalidJson)
  if (!config) return EXIT.configError
  try {
    return await body(config)
  } catch (err) {
    // A usage mistake found once the config is known: runCli prints it as one (exit 2).
    if (err instanceof UsageError) throw err
    ctx.err(`network-preflight: ${one(err instanceof Error ? err.message : String(err), 4000)}`)
    return EXIT.runtimeError
  }
}

function selected(config: PreflightConfig, patterns: string[]): PreflightConfig {
  for (const pattern of patterns) {
    const problem = globProblem(pattern)
    if (problem) throw new UsageError(`--assertion ${problem}`)
  }
  const { selected, unmatched } = selectAssertions(config.assertions, patterns)
  if (unmatched.length > 0) {
    throw new UsageError(
      `no assertion in ${config.file} matches ${unmatched.map(p => JSON.stringify(p)).join(', ')}`
    )
  }
  return { ...config, assertions: selected }
}

/** --plan FILE (repeatable) with --fail-on-predicted and --plan-scope; undefined without --plan. */
async function planOptions(
  ctx: CommandContext<typeof RUN_COMMAND_OPTIONS>,
  config: PreflightConfig
): Promise<PlanRunOptions | undefined> {
  const files = ctx.values.plan
  if (files.length === 0) return undefined
  const at = (f: string) => ({ path: isAbsolute(f) ? f : resolve(ctx.io.cwd, f), name: f })
  const base = ctx.values['plan-base-config']
  try {
    return await preparePlan({
      plans: files.map(at),
      failOnPredicted: ctx.values['fail-on-predicted'],
      scope: ctx.values['plan-scope'],
      ...(base ? { baseConfig: at(base) } : {}),
      assertions: config.assertions
    })
  } catch (err) {
    if (err instanceof PlanError) throw new UsageError(`--plan ${err.message}`)
    throw err
  }
}

/** One line per prediction that is not `unaffected`, and what plan-scope skipped. */
function planText(report: RunReport): string[] {
  const plan = report.plan
  if (!plan) return []
  const c = plan.counts
  const lines = [
    '',
    `Plan ${plan.files.map(f => terminalText(f)).join(', ')}: ${c.breaks} breaks, ${c.opens} opens, ${c.fixes} fixes, ${c.affected} affected, ${c.unaffected} unaffected`
  ]
  for (const r of report.results) {
    const p = r.prediction
    if (p && p.effect !== 'unaffected')
      lines.push(
        `  ${p.effect.toUpperCase().padEnd(8)} ${terminalText(r.assertion.id)}: ${terminalText(p.summary, 1000)}`
      )
  }
  for (const s of plan.skipped)
    lines.push(`  SKIPPED  ${terminalText(s.assertionId)}: ${terminalText(s.reason)}`)
  if (plan.editedNote) lines.push(`  ${terminalText(plan.editedNote)}`)
  return lines
}

/** The limits were checked when the options were parsed (src/run-options.ts, shared with the action). */
function pipelineOptions(
  ctx: CommandContext<typeof RUN_COMMAND_OPTIONS>,
  signal: AbortSignal
): PipelineOptions {
  const maxAnalyses = ctx.values['max-analyses']
  return {
    runId: `cli-${Date.now().toString(36)}`,
    concurrency: ctx.values.concurrency,
    timeoutSeconds: ctx.values['timeout-seconds'],
    maxAnalyses: maxAnalyses === 0 ? undefined : maxAnalyses,
    cleanup: ctx.values.cleanup,
    mode: ctx.values.sequential ? 'sequential' : 'concurrent',
    signal,
    log: ctx.io.env.NETWORK_PREFLIGHT_DEBUG ? line => ctx.err(`debug: ${line}`) : undefined
  }
}

/** anp's exit codes: 1 when an assertion failed, else 3 when one could not be decided, else 0. */
export function exitCodeFor(report: Pick<RunReport, 'failed' | 'errors'>): number {
  if (report.failed > 0) return EXIT.failed
  if (report.errors > 0) return EXIT.runtimeError
  return EXIT.passed
}

const STATUS_LABEL = { passed: 'PASS ', failed: 'FAIL ', error: 'ERROR' } as const

// Every piece of text below that comes from outside (config ids, descriptions and selector values; AWS
// names, messages and reasons quoting them) goes through terminalText on its own, so a line break inside
// it cannot split a table row or an explain line (the per-line guard of runCli only keeps the pieces safe).

/** One outside string as one terminal line. */
const one = (text: unknown, max = 1000): string => terminalText(text, max)

/** What the user wrote, prefixed with the account (`app:Name=orders-api`); an IP has no account. */
function describeEndpoint(e: Endpoint): string {
  return one(e.selector.by === 'ip' ? describeSelector(e) : `${e.account}:${describeSelector(e)}`)
}

function resolvedName(r: Resolution | undefined): string {
  if (!r) return '?'
  if (!r.ok) return 'unresolved'
  const t = r.target
  return one(t.ip ?? (t.name ? `${t.resourceId} (${t.name})` : t.resourceId))
}

/** Just the id (or address) a selector resolved to, for a terminal too narrow for names. */
function resolvedId(r: Resolution | undefined): string {
  if (!r?.ok) return resolvedName(r)
  return one(r.target.ip ?? r.target.resourceId)
}

/**
 * The resolved resource of one end, or — for a set proved by a Network Access Analyzer scope, which resolves
 * no single resource — what the selector says ("internet", "instances in subnets tagged Tier=private").
 */
function endName(r: Resolution | undefined, end: Endpoint, names: boolean): string {
  if (!r) return describeEndpoint(end)
  return names ? resolvedName(r) : resolvedId(r)
}

/** A resolution with all its members ("a or b" for via/through alternatives). */
function membersName(r: Resolution | undefined): string {
  if (!r?.ok || !r.members || r.members.length <= 1) return resolvedName(r)
  return r.members.map(m => resolvedName({ ok: true, target: m })).join(' or ')
}

function portText(r: AssertionReport): string {
  const p = r.assertion.port
  return `${r.assertion.protocol}/${p ? (p.from === p.to ? p.from : `${p.from}-${p.to}`) : 'any'}`
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

const ANSI = { passed: '\u001b[32m', failed: '\u001b[31m', error: '\u001b[33m', reset: '\u001b[0m' }

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function useColour(io: CliIo): boolean {
  return io.stdout.isTTY === true && !io.env.NO_COLOR
}

/** Words of `text` in lines of at most `width` characters; a longer word (an id, a URL) keeps a line of its own. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  return [...lines, line]
}

/**
 * anp's columns — assertion, type, source → destination, protocol/port, status, analysis id, detail — padded
 * to the longest value of each, so they line up for any id length; the detail (outcome or reason) runs on.
 * Given a terminal's `width` that one line per row would overflow, each row takes two lines instead: source on
 * the first, destination under it, and the detail wrapped between words beside the destination, so the
 * columns stay aligned instead of the terminal folding every row (no id is ever cut). Pipes and files get one
 * line per row, whatever its length (greppable).
 * Text says "not reachable"; the JSON keeps anp's not_reachable.
 */
export function runText(report: RunReport, colour = false, width?: number): string {
  // Names ("i-0abc… (orders-api)") are dropped before anything else when two lines per row still overflow.
  const cellsOf = (names: boolean) =>
    report.results.map(r => ({
      status: r.verdict.status,
      cells: [
        terminalText(r.assertion.id, 200),
        r.assertion.type,
        `${terminalText(endName(r.source, r.assertion.source, names), 200)} →`,
        terminalText(endName(r.destination, r.assertion.destination, names), 200),
        portText(r),
        STATUS_LABEL[r.verdict.status].trim(),
        terminalText(r.analysis?.analysisId ?? '-', 200),
        r.verdict.status === 'passed' ? outcomeText(r.verdict.actual) : terminalText(r.verdict.reason, 1000)
      ]
    }))
  let rows = cellsOf(true)
  const len = (text: string) => [...text].length
  const pad = (text: string, w: number) => text + ' '.repeat(Math.max(0, w - len(text)))
  const paint = (text: string, status: keyof typeof ANSI) =>
    colour ? `${ANSI[status]}${text}${ANSI.reset}` : text
  const header = [
    'ASSERTION',
    'TYPE',
    'SOURCE → DESTINATION',
    'PROTOCOL/PORT',
    'STATUS',
    'ANALYSIS ID',
    'DETAIL'
  ]
  // One line per row: source → destination is one cell.
  const wide = rows.map(({ cells: c }) => [c[0], c[1], `${c[2]} ${c[3]}`, c[4], c[5], c[6], c[7]])
  const widths = header.map((h, i) => Math.max(len(h), ...wide.map(row => len(row[i]))))
  const fits = widths.reduce((n, w) => n + w + 2, -2) <= (width ?? Infinity)
  const lines: string[] = []
  if (fits) {
    const line = (cells: string[], status?: keyof typeof ANSI) =>
      cells
        .map((cell, i) => {
          const padded = i === cells.length - 1 ? cell : pad(cell, widths[i])
          return i === 4 && status ? paint(padded, status) : padded
        })
        .join('  ')
        .trimEnd()
    lines.push(line(header), ...wide.map((row, i) => line(row, rows[i].status)))
  } else {
    // Two lines per row: [assertion, type, source →, protocol/port, status, analysis id] over
    // [destination, detail…] (the detail starts under protocol/port and wraps at the terminal's edge).
    const firstOf = (c: string[]) => [c[0], c[1], c[2], c[4], c[5], c[6]]
    const widthsOf = () => {
      const w = header.slice(0, 6).map((h, k) => Math.max(len(h), ...rows.map(r => len(firstOf(r.cells)[k]))))
      w[2] = Math.max(w[2], ...rows.map(r => len(r.cells[3])))
      return w
    }
    let w = widthsOf()
    if (w.reduce((n, x) => n + x + 2, -2) > (width ?? Infinity)) {
      rows = cellsOf(false)
      w = widthsOf()
    }
    const detailAt = w[0] + w[1] + w[2] + 6
    const room = (width ?? 0) - detailAt
    const first = (cells: string[], status?: keyof typeof ANSI) =>
      cells
        .map((cell, k) => {
          const padded = k === cells.length - 1 ? cell : pad(cell, w[k])
          return k === 4 && status ? paint(padded, status) : padded
        })
        .join('  ')
        .trimEnd()
    lines.push(first(header.slice(0, 6)), `${' '.repeat(room >= 30 ? detailAt : 4)}${header[6]}`)
    for (const { cells: c, status } of rows) {
      lines.push(first(firstOf(c), status))
      const under = `${' '.repeat(w[0] + w[1] + 4)}${pad(c[3], w[2])}  `
      if (room >= 30) {
        wrapWords(c[7], room).forEach((text, i) =>
          lines.push(`${i === 0 ? under : ' '.repeat(detailAt)}${text}`)
        )
      } else {
        lines.push(under.trimEnd(), ...wrapWords(c[7], Math.max(30, (width ?? 80) - 4)).map(t => `    ${t}`))
      }
    }
  }
  const secs = (report.durationMs / 1000).toFixed(1)
  lines.push(
    '',
    `${report.passed} passed, ${report.failed} failed, ${plural(report.errors, 'error')} of ${plural(report.total, 'assertion')}` +
      ` (${plural(report.analysesStarted, 'analysis', 'analyses')}, about $${report.estimatedCostUsd.toFixed(2)}, ${secs} s)`
  )
  return lines.join('\n')
}

function explainText(r: AssertionReport): string {
  const a = r.assertion
  const lines = [
    `${one(a.id, 200)} (${a.type}, line ${a.location.line}): ${r.verdict.status.toUpperCase()}`,
    ...(a.description ? [`  ${one(a.description)}`] : []),
    `  source:       ${describeEndpoint(a.source)} → ${resolvedName(r.source)}`,
    `  destination:  ${describeEndpoint(a.destination)} → ${resolvedName(r.destination)}`,
    `  protocol:     ${portText(r)}`,
    ...a.via.map((e, i) => `  via:          ${describeEndpoint(e)} → ${resolvedName(r.via[i])}`),
    ...a.avoid.map((e, i) => `  avoid:        ${describeEndpoint(e)} → ${resolvedName(r.avoid[i])}`),
    ...(a.through ?? []).map(
      (e, i) => `  through:      ${describeEndpoint(e)} → ${membersName(r.through?.[i])}`
    ),
    `  expected:     ${outcomeText(r.verdict.expected)}`,
    `  actual:       ${outcomeText(r.verdict.actual)}`,
    `  reason:       ${one(r.verdict.reason)}`
  ]
  if (r.analysis?.analysisId)
    lines.push(`  analysis:     ${one(r.analysis.analysisId, 200)} (${r.analysis.status})`)
  for (const m of r.members ?? []) {
    lines.push(
      `  member:       ${resolvedName({ ok: true, target: m.source })} → ${resolvedName({ ok: true, target: m.destination })}: ${m.verdict.status} (${one(m.verdict.reason)})`
    )
  }
  for (const c of r.checks ?? []) {
    lines.push(
      `  analysis:     ${c.purpose} ${one(c.analysis?.analysisId ?? '(not run)', 200)}: ${c.verdict.status}${c.traversed?.length ? `, through ${one(c.traversed.join(', '))}` : ''}`
    )
  }
  const explanations = r.verdict.explanations.length
    ? r.verdict.explanations
    : (r.analysis?.explanations ?? [])
  if (explanations.length) {
    lines.push('', 'Explanations:')
    for (const e of explanations)
      lines.push(`  - ${one(e.sentence)}${e.consoleUrl ? `\n    ${one(e.consoleUrl)}` : ''}`)
  }
  if (r.analysis?.forwardPath.length) {
    lines.push('', 'Path (forward):')
    r.analysis.forwardPath.forEach((hop, i) =>
      lines.push(
        `  ${String(i + 1).padStart(2)}. ${one(hop.componentId, 200)}${hop.name ? ` (${one(hop.name)})` : ''}${hop.detail ? ` — ${one(hop.detail)}` : ''}`
      )
    )
    lines.push(`  ${one(renderPath(r.analysis.forwardPath), 4000)}`)
  }
  for (const w of r.verdict.warnings) lines.push(`warning: ${one(w)}`)
  return lines.join('\n')
}

export const run: Handler<typeof RUN_COMMAND_OPTIONS> = async ctx => {
  const startedAt = new Date()
  return withConfig(
    ctx,
    async loaded => {
      const config = selected(loaded, ctx.values.assertion)
      const plan = await planOptions(ctx, config)
      const options = { ...pipelineOptions(ctx, abortOnSignals(ctx).signal), ...(plan ? { plan } : {}) }
      const report = await withProgress(ctx, onProgress =>
        runPipeline(config, clientsFor(ctx, config), { ...options, onProgress })
      )
      ctx.out(
        ctx.format === 'json'
          ? jsonDocument(toJsonReport(report))
          : [
              runText(report, useColour(ctx.io), ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined),
              ...planText(report)
            ].join('\n')
      )
      // A predicted break or opening fails the run like a failed assertion (exit 1).
      const code = exitCodeFor(report)
      return code === EXIT.passed && predictedViolations(report.plan) > 0 ? EXIT.failed : code
    },
    // Scripts read one shape from `run --format json`, whether or not the config was valid.
    (file, problems) => toJsonConfigProblemsReport(file, problems, startedAt)
  )
}

export const explain: Handler<typeof EXPLAIN_OPTIONS> = ctx =>
  withConfig(ctx, async loaded => {
    const id = ctx.values.id
    if (!loaded.assertions.some(a => a.id === id)) {
      throw new UsageError(`no assertion with id ${JSON.stringify(id)} in ${loaded.file}`)
    }
    const config = { ...loaded, assertions: loaded.assertions.filter(a => a.id === id) }
    const report = await runPipeline(
      config,
      clientsFor(ctx, config),
      pipelineOptions(ctx, abortOnSignals(ctx).signal)
    )
    const json = toJsonReport(report)
    ctx.out(ctx.format === 'json' ? jsonDocument(json.results[0]) : explainText(report.results[0]))
    return exitCodeFor(report)
  })

export const listTargets: Handler<typeof AWS_OPTIONS> = ctx =>
  withConfig(ctx, async config => {
    const report = await runPipeline(config, clientsFor(ctx, config), {
      runId: 'list-targets',
      concurrency: 1,
      timeoutSeconds: 1,
      cleanup: 'keep-paths',
      resolveOnly: true
    })
    const rows = report.results.flatMap(r =>
      endpointsOf(r.assertion).map((endpoint, i) => {
        const resolution = [r.source, r.destination, ...r.via, ...r.avoid, ...(r.through ?? [])][i]
        return { assertion: r.assertion, endpoint, resolution }
      })
    )
    const failures = rows.filter(row => !row.resolution?.ok).length
    if (ctx.format === 'json') ctx.out(jsonDocument(listTargetsJson(rows, failures)))
    else ctx.out(listTargetsText(rows, failures, ctx.io.stdout.isTTY ? ctx.io.stdout.columns : undefined))
    return failures > 0 ? EXIT.runtimeError : EXIT.passed
  })

export interface TargetRow {
  assertion: AssertionReport['assertion']
  endpoint: Endpoint
  resolution: Resolution | undefined
}

/**
 * Each endpoint in the run report's own shape (src/report/json.ts: `selector.type`, `resource_id`,
 * `network_interface_id`, `resolved: true|false`…) with its assertion id; a group's members add what
 * list-targets is for: the VPC, what a path to them must traverse, and their warnings.
 */
function listTargetsJson(rows: TargetRow[], failures: number) {
  return {
    targets: rows.map(({ assertion, endpoint, resolution }) => {
      const members = resolution?.ok ? resolution.members : undefined
      return {
        assertion_id: assertion.id,
        ...toJsonEndpoint(endpoint, resolution),
        ...(resolution?.ok && members
          ? {
              members: members.map(m => ({
                ...toJsonMemberRef(m),
                vpc_id: m.vpcId ?? null,
                ip: m.ip ?? null,
                must_traverse: (m.mustTraverse ?? []).map(c => c.arn ?? c.resourceId),
                warnings: [...(m.warnings ?? [])]
              })),
              group: resolution.groupLabel ?? null
            }
          : {})
      }
    }),
    resolved_count: rows.length - failures,
    error_count: failures
  }
}

/**
 * One aligned row per endpoint (columns sized to the longest value), then each group's members under it. On a
 * terminal (`width`) too narrow for the rows, what each endpoint resolved to goes on its own line(s) under
 * the selector, wrapped between words, instead of the terminal folding it mid-id.
 */
export function listTargetsText(rows: TargetRow[], failures: number, width?: number): string {
  const cells = rows.map(({ assertion, endpoint, resolution }) => {
    const t = resolution?.ok ? resolution.target : undefined
    const result = t
      ? `${resolvedName(resolution)}${t.primaryNetworkInterfaceId ? ` eni ${t.primaryNetworkInterfaceId}` : ''}${t.vpcId ? ` ${t.vpcId}` : ''}${t.ownerAccountId ? ` owner ${t.ownerAccountId}` : ''}`
      : `✗ ${resolution && !resolution.ok ? resolution.error : 'not resolved'}`
    return [
      terminalText(assertion.id, 200),
      endpoint.role,
      `${terminalText(describeEndpoint(endpoint), 300)} [${endpoint.region}]`,
      `→ ${terminalText(result, 1000)}`
    ]
  })
  const widths = [0, 1, 2].map(i => Math.max(...cells.map(c => [...c[i]].length)))
  const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - [...text].length))
  const indent = ' '.repeat(widths[0] + 2)
  const lines: string[] = []
  const longest = Math.max(...cells.map(c => [...c[3]].length))
  const fits = widths[0] + widths[1] + widths[2] + 6 + longest <= (width ?? Infinity)
  // The resolution's own line starts under the selector, else under the role, else near the margin:
  // the first of these where the longest one fits on one line.
  const starts = [widths[0] + widths[1] + 4, widths[0] + 2, 4]
  const at = starts.find(x => x + longest <= (width ?? Infinity)) ?? 4
  rows.forEach(({ resolution }, i) => {
    if (fits) lines.push(cells[i].map((c, j) => (j < 3 ? pad(c, widths[j]) : c)).join('  '))
    else {
      lines.push([pad(cells[i][0], widths[0]), pad(cells[i][1], widths[1]), cells[i][2]].join('  '))
      const room = Math.max(30, (width ?? 80) - at - 2)
      wrapWords(cells[i][3], room).forEach((text, k) => lines.push(`${' '.repeat(at + (k ? 2 : 0))}${text}`))
    }
    if (resolution?.ok && resolution.members) {
      if (resolution.groupLabel) lines.push(`${indent}${terminalText(resolution.groupLabel)}`)
      for (const m of resolution.members) {
        const through = (m.mustTraverse ?? []).map(c => c.arn ?? c.resourceId)
        lines.push(
          terminalText(
            `${indent}  - ${m.ip ?? m.resourceId}${m.name ? ` (${m.name})` : ''}${m.primaryNetworkInterfaceId ? ` eni ${m.primaryNetworkInterfaceId}` : ''}${m.vpcId ? ` ${m.vpcId}` : ''}${through.length ? ` through ${through.join(', ')}` : ''}`,
            2000
          )
        )
        for (const w of m.warnings ?? []) lines.push(`${indent}    warning: ${terminalText(w)}`)
      }
    }
    const t = resolution?.ok ? resolution.target : undefined
    for (const w of t?.warnings ?? []) lines.push(`${indent}warning: ${terminalText(w)}`)
  })
  lines.push('', `${rows.length - failures} of ${plural(rows.length, 'endpoint')} resolved`)
  return lines.join('\n')
}

export const cleanup: Handler<typeof CLEANUP_OPTIONS> = ctx =>
  withConfig(ctx, async config => {
    const olderThanMs = parseDuration(ctx.values['older-than'])
    const scopes = Object.values(config.accounts).flatMap(a =>
      a.regions.map(region => ({ account: a.name, region }))
    )
    const swept = await sweepLeftovers(clientsFor(ctx, config), scopes, {
      runId: ctx.values['run-id'],
      olderThanMs,
      log: line => ctx.err(one(line, 4000))
    })
    if (ctx.format === 'json') {
      ctx.out(
        jsonDocument({
          deleted_analyses: swept.deletedAnalyses,
          deleted_paths: swept.deletedPaths,
          deleted_scope_analyses: swept.deletedScopeAnalyses,
          deleted_scopes: swept.deletedScopes
        })
      )
    } else {
      const scopeCount = swept.deletedScopeAnalyses.length + swept.deletedScopes.length
      ctx.out(
        `deleted ${plural(swept.deletedAnalyses.length, 'analysis', 'analyses')} and ${plural(swept.deletedPaths.length, 'path')}` +
          (scopeCount
            ? `, ${plural(swept.deletedScopeAnalyses.length, 'scope analysis', 'scope analyses')} and ${plural(swept.deletedScopes.length, 'scope')}`
            : '') +
          ` in ${plural(scopes.length, 'account-region')}`
      )
    }
    return EXIT.passed
  })

export const iamPolicy: Handler<typeof IAM_POLICY_OPTIONS> = async ctx => {
  const config = await ctx.loadConfig()
  if (!config) return EXIT.configError
  const repository = ctx.values.repository
  const accountId =
    ctx.values['account-id'] ?? Object.values(config.accounts).find(a => a.accountId)?.accountId
  const out: Record<string, unknown> = { permissions: iamPolicyFor(config) }
  if (repository) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
      throw new UsageError(`--repository must be OWNER/REPO, not ${JSON.stringify(repository)}`)
    if (!accountId) throw new UsageError('give --account-id: no account in the config names its id')
    out.trust = githubTrustPolicy({ accountId, repository })
  }
  ctx.out(jsonDocument(out))
  return EXIT.passed
}

export function parseDuration(text: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim())
  if (!m) throw new UsageError(`--older-than must look like 30m, 1h or 2d, not ${JSON.stringify(text)}`)
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd']
}
