// Jest globalSetup of the end-to-end tier: those tests run dist/ as a runner would, so dist/ must be the build
// of the sources being tested. A stale dist/ is rebuilt first (`npm run build`, tens of seconds), or, with
// NETWORK_PREFLIGHT_TEST_BUILD=never, refused with a message saying so.
import { spawnSync } from 'node:child_process'
import { ROOT, staleness } from '../../scripts/dist-stamp.mjs'

export default function freshDist() {
  const why = staleness()
  if (why === undefined) return
  if (process.env.NETWORK_PREFLIGHT_TEST_BUILD === 'never')
    throw new Error(`dist/ is stale: ${why}. Run \`npm run build\` before the end-to-end tests.`)
  process.stderr.write(`\ndist/ is stale (${why}): running \`npm run build\` before the end-to-end tests\n`)
  const build = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  if (build.status !== 0)
    throw new Error(`\`npm run build\` failed (exit ${build.status}): see its output above.`)
  const still = staleness()
  if (still !== undefined) throw new Error(`dist/ is still stale after \`npm run build\`: ${still}`)
}
