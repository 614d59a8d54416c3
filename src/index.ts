// The action's entry point (bundled into dist/index.js). Main and post step share it; run() tells them apart.
import { run } from './main.js'

await run()
