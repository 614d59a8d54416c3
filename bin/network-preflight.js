#!/usr/bin/env node
// The CLI runs the committed bundle, so it starts fast and needs no node_modules.
import '../dist/cli/index.js'
