// dist/ is built from the sources; this records which sources. `npm run build` writes the hash of everything
// the bundle is made of to dist/.source-hash, and the end-to-end tests compare it with the working tree's
// (cheap: ~150 small files) so they never run a bundle older than the code they are meant to test.
//
//   node scripts/dist-stamp.mjs write   # after a build
//   node scripts/dist-stamp.mjs check   # exit 1 with a message when dist/ is stale
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const STAMP = join(ROOT, 'dist', '.source-hash')
/** What a build reads: the sources, the exact dependency tree, the compiler settings and the build itself. */
const INPUTS = ['src', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs']

function filesUnder(path) {
  if (!existsSync(path)) return []
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .sort()
    .flatMap(name => filesUnder(join(path, name)))
}

export function sourceHash(root = ROOT) {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap(input => filesUnder(join(root, input)))) {
    // Forward slashes: the same hash on every OS.
    hash.update(`${relative(root, file).split(sep).join('/')}\0`)
    hash.update(readFileSync(file))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/** Undefined when dist/ is the build of the current sources, else why not. */
export function staleness(root = ROOT) {
  const stamp = join(root, 'dist', '.source-hash')
  if (!existsSync(join(root, 'dist', 'index.js'))) return 'dist/index.js does not exist'
  if (!existsSync(stamp)) return 'dist/.source-hash does not exist (dist/ was not built by `npm run build`)'
  if (readFileSync(stamp, 'utf8').trim() !== sourceHash(root))
    return 'src/ (or package-lock.json, tsconfig.json, the build script) changed since dist/ was built'
  return undefined
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2]
  if (command === 'write') {
    writeFileSync(STAMP, `${sourceHash()}\n`)
  } else if (command === 'check') {
    const why = staleness()
    if (why) {
      process.stderr.write(`dist/ is stale: ${why}. Run \`npm run build\`.\n`)
      process.exit(1)
    }
  } else {
    process.stderr.write('usage: node scripts/dist-stamp.mjs write|check\n')
    process.exit(2)
  }
}
