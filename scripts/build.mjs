// `npm run build`: dist/ for the action and the CLI, one bundle built by esbuild from src/index.ts.
//   - One entry, two doors: `node dist/index.js` is the action; bin/network-preflight.js marks the process as
//     the CLI and imports the same file. Code loaded on demand (each door, the SDK's rarely used credential
//     providers) goes to content-hashed chunks beside it.
//   - ESM builds of the dependencies (mainFields module first), so unused AWS SDK commands and schemas are
//     tree-shaken away: the EC2 client's CommonJS build alone was 1 MB of the bundle.
//   - Minified with names kept (stack traces still say which function); no source maps: they were 10 MB of the
//     old 19 MB dist/, and users see messages, never stack traces.
//   - dist/licenses.txt: name, version, license and license text of every package in the bundle.
//   - dist/.source-hash: the sources it was built from (scripts/dist-stamp.mjs; the e2e tests check it).
import { build } from 'esbuild'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { ROOT, sourceHash, STAMP } from './dist-stamp.mjs'

const DIST = join(ROOT, 'dist')
// CommonJS dependencies call require(); an ESM bundle has none unless it is made.
const REQUIRE_SHIM =
  "import { createRequire as __networkPreflightRequire } from 'node:module'; const require = __networkPreflightRequire(import.meta.url);"

// A clean directory: chunk names change between builds and stale ones must not linger in a commit.
rmSync(DIST, { recursive: true, force: true })
mkdirSync(DIST)
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/index.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  keepNames: true,
  legalComments: 'none',
  banner: { js: REQUIRE_SHIM },
  metafile: true,
  logLevel: 'warning'
})
writeFileSync(join(DIST, 'package.json'), '{"type":"module"}\n')
writeFileSync(join(DIST, 'licenses.txt'), licenses(result.metafile))
writeFileSync(STAMP, `${sourceHash()}\n`)

const files = readdirSync(DIST).map(f => ({ f, bytes: readFileSync(join(DIST, f)).length }))
const total = files.reduce((n, x) => n + x.bytes, 0)
console.log(`dist/: ${files.length} files, ${(total / 2 ** 20).toFixed(2)} MB`)

/** The packages whose code is in the bundle, with their license texts (as ncc's --license wrote them). */
function licenses(metafile) {
  const packages = new Map()
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageDir(join(ROOT, input))
    if (dir && !packages.has(dir))
      packages.set(dir, JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')))
  }
  return [...packages.entries()]
    .sort(([, a], [, b]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(([dir, pkg]) => {
      const file = readdirSync(dir).find(f => /^(licen[cs]e|copying)(\.|$)/i.test(f))
      const text = file ? readFileSync(join(dir, file), 'utf8').trim() : '(no license file in the package)'
      return `${pkg.name}@${pkg.version}\n${pkg.license ?? 'UNKNOWN'}\n${text}\n`
    })
    .join('\n')
}

/** The nearest node_modules package directory above a bundled file; undefined for our own sources. */
function packageDir(file) {
  const rel = relative(ROOT, file).split(sep)
  const at = rel.lastIndexOf('node_modules')
  if (at < 0) return undefined
  const depth = rel[at + 1]?.startsWith('@') ? 3 : 2
  let dir = join(ROOT, ...rel.slice(0, at + depth))
  // Nested package.json files (e.g. dist-es/package.json with only "type") are not the package's own.
  while (!existsSync(join(dir, 'package.json')) && dir !== ROOT) dir = dirname(dir)
  return dir
}
