// `npm run demo`: runs the bundled action (dist/index.js) exactly as a GitHub runner would, against the
// project's local sandbox (examples/sandbox.yaml), and prints what a user would see on GitHub.
// Nothing here reaches AWS or GitHub: every endpoint is on 127.0.0.1.
import { readFileSync } from 'node:fs'
import { startSandbox } from '../sandbox/server.js'
import { runAction, runPost } from '../sandbox/runner.js'

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const rule = (title: string) =>
  console.log(`\n${bold(`── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`)}`)

/** The step summary is Markdown with a little HTML; make it readable in a terminal. */
function renderMarkdown(md: string): string {
  return md
    .replace(/<details>\s*/g, '')
    .replace(/<\/details>\s*/g, '\n')
    .replace(/<summary>(.*?)<\/summary>/g, '$1')
    .replace(/<br\s*\/?>/g, ' · ')
    .replace(/<\/?(b|code|sub|sup)\s*>/g, '')
    .replace(/\*\*(.+?)\*\*/g, (_m, s: string) => bold(s))
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
}

const scenarioFile = 'examples/sandbox.yaml'
const configFile = 'examples/preflight.yaml'
const sandbox = await startSandbox(scenarioFile)
try {
  console.log(bold('network-preflight demo — a LOCAL SIMULATION, not AWS'))
  console.log(
    `The sandbox (${scenarioFile}) plays AWS STS/EC2/Reachability Analyzer and GitHub's OIDC and REST APIs on ${sandbox.urls.base}.`
  )
  console.log(`Running dist/index.js as a GitHub runner would, with config ${configFile} and role-to-assume.`)

  const main = await runAction({
    inputs: { config: 'preflight.yaml', 'role-to-assume': 'arn:aws:iam::222222222222:role/NetworkPreflight' },
    env: { ...sandbox.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    event: { name: 'push' },
    files: { 'preflight.yaml': readFileSync(configFile, 'utf8') }
  })

  rule('Annotations (shown on the config file in the pull request)')
  for (const a of main.annotations) {
    const where = a.file ? `${a.file}:${a.line ?? 1}${a.col ? `:${a.col}` : ''}` : '(step)'
    console.log(
      `${a.level.toUpperCase().padEnd(7)} ${where}  ${a.title ? `${bold(a.title)} — ` : ''}${a.message}`
    )
  }

  rule('Job summary')
  console.log(renderMarkdown(main.summary))

  rule('Step outputs')
  for (const [k, v] of Object.entries(main.outputs)) console.log(`${k.padEnd(8)} ${v}`)
  console.log(
    `\nThe step ${main.exitCode === 0 ? 'passed' : 'failed'} (exit code ${main.exitCode}) in ${(main.durationMs / 1000).toFixed(1)} s.`
  )

  const post = await runPost(main)
  const left = sandbox.state()
  rule('Post step and cleanup')
  console.log(
    `post step exit code ${post.exitCode}; analyses left in the simulated accounts: ${left.analyses.length}; ` +
      `tagged paths kept for reuse by the next run: ${left.paths.length}`
  )
  console.log(
    `\nAll of the above came from the local simulation in ${scenarioFile} (${sandbox.requests.length} API calls served on 127.0.0.1).`
  )
  if (main.exitCode === null || main.outputs.result === undefined) process.exitCode = 1
} finally {
  await sandbox.close()
}

// A classic three-tier security review as set assertions, each proved with one Network Access Analyzer analysis.
const reviewScenario = 'examples/three-tier-sandbox.yaml'
const reviewConfig = 'examples/three-tier.yaml'
const review = await startSandbox(reviewScenario)
try {
  rule(`Three-tier security review (${reviewConfig} on ${reviewScenario})`)
  const run = await runAction({
    inputs: {
      config: 'three-tier.yaml',
      'role-to-assume': 'arn:aws:iam::222222222222:role/NetworkPreflight'
    },
    env: { ...review.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    event: { name: 'push' },
    files: { 'three-tier.yaml': readFileSync(reviewConfig, 'utf8') }
  })
  for (const a of run.annotations.filter(a => a.file))
    console.log(`${a.level.toUpperCase().padEnd(7)} ${a.file}:${a.line ?? 1}  ${a.message}`)
  const section = run.summary.split('\n')
  const start = section.findIndex(l => l.includes('Set proofs'))
  if (start >= 0)
    console.log(renderMarkdown(section.slice(start, section.indexOf('', start + 2) + 1).join('\n')))
  console.log(
    `result=${run.outputs.result}; Network Access Analyzer analyses: ${review.count({ action: 'StartNetworkInsightsAccessScopeAnalysis' })}, ` +
      `Reachability Analyzer analyses: ${review.count({ action: 'StartNetworkInsightsAnalysis' })}; scope analyses left: ${review.state().scopeAnalyses.length}`
  )
  if (run.outputs.result === undefined) process.exitCode = 1
} finally {
  await review.close()
}
