// Loads one config file in a child process with a small heap, so a case that exhausts memory kills only
// this process, and reports what the loader returned plus time and peak memory as one JSON line.
import { loadConfigFile } from '../../src/config/load.js'

const [path, displayPath = 'preflight.yaml'] = process.argv.slice(2)
const rssBefore = process.memoryUsage().rss
const heapBefore = process.memoryUsage().heapUsed
const started = performance.now()
const result = await loadConfigFile(path, displayPath)
const ms = performance.now() - started
const heapAfter = process.memoryUsage().heapUsed
// maxRSS is the peak resident set of the whole process, in KiB: it sees the worst moment of the load.
const peakRss = process.resourceUsage().maxRSS * 1024
process.stdout.write(
  JSON.stringify({
    result,
    ms,
    heapDeltaMb: (heapAfter - heapBefore) / 2 ** 20,
    peakRssDeltaMb: (peakRss - rssBefore) / 2 ** 20
  }) + '\n'
)
