#!/usr/bin/env node
// The CLI runs the committed bundle, so it starts fast and needs no node_modules. The bundle serves the action
// too; this mark tells it which door it was entered by (see src/index.ts).
globalThis[Symbol.for('network-preflight.cli')] = true
await import('../dist/index.js')
