// The one bundle behind both doors (dist/index.js). The action runs it as `node dist/index.js` (main and post
// step; run() tells them apart); the CLI's bin/network-preflight.js marks the process, then imports it. Each
// door is loaded on demand, so neither pays for the other's code at start-up.
const CLI_DOOR = Symbol.for('network-preflight.cli')

if ((globalThis as Record<symbol, unknown>)[CLI_DOOR] === true) {
  await import('./cli/index.js')
} else {
  const { run } = await import('./main.js')
  await run()
}
