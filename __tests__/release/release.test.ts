// The release workflow's steps (scripts/release.sh) through the dry-run script, on a small repository made
// here: a clean release passes and moves v1 on a temp "origin"; a stale dist/, a version the tag does not
// match or a missing changelog section stop it. Plus: this repository's own CHANGELOG has its version.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = process.cwd()
const DRY_RUN = join(ROOT, 'scripts', 'release-dry-run.sh')
const RELEASE = join(ROOT, 'scripts', 'release.sh')
const GIT_ID = ['-c', 'user.name=test', '-c', 'user.email=test@localhost']

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.2.3] - 2026-11-30

### Fixed

- The thing that was broken.

## [1.2.2] - 2026-11-01

### Added

- The thing.

[Unreleased]: https://example.com/compare/v1.2.3...HEAD
[1.2.3]: https://example.com/compare/v1.2.2...v1.2.3
`

const dirs: string[] = []
afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })))

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...GIT_ID, ...args], { cwd, encoding: 'utf8' }).trim()
}

/** A repository whose build copies src/ to dist/, committed with a fresh dist/. */
function project(version = '1.2.3'): string {
  const dir = mkdtempSync(join(tmpdir(), 'np-release-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'src'))
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'p', version, private: true, scripts: { build: 'node build.mjs' } })
  )
  writeFileSync(
    join(dir, 'build.mjs'),
    "import { cpSync } from 'node:fs'\ncpSync('src', 'dist', { recursive: true })\n"
  )
  writeFileSync(join(dir, 'CHANGELOG.md'), CHANGELOG)
  writeFileSync(join(dir, 'src', 'index.js'), 'export const x = 1\n')
  execFileSync('node', ['build.mjs'], { cwd: dir })
  git(dir, 'init', '--quiet', '--initial-branch=main')
  git(dir, 'add', '.')
  git(dir, 'commit', '--quiet', '-m', 'release')
  return dir
}

function dryRun(source: string) {
  const r = spawnSync('bash', [DRY_RUN, source], { encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('release dry run', () => {
  it('checks tag, version, changelog and dist/, prints the notes and moves v1 to the release', () => {
    const r = dryRun(project())
    expect(r.err).not.toMatch(/release: /)
    expect(r.code).toBe(0)
    expect(r.out).toContain('tag v1.2.3, package.json 1.2.3 and CHANGELOG.md agree')
    expect(r.out).toContain('dist/ is the build of the committed sources')
    // The notes are the 1.2.3 section only: not the next section, not the link list.
    const notes = r.out.slice(r.out.indexOf('== v1.2.3: release notes'), r.out.indexOf('== v1.2.3: move v1'))
    expect(notes).toContain('- The thing that was broken.')
    expect(notes).not.toContain('- The thing.\n')
    expect(notes).not.toContain('https://example.com')
    expect(r.out).toMatch(/v1 now points at v1\.2\.3 \([0-9a-f]{40}\)/)
    expect(r.out).toContain('dry run passed')
  })

  it('stops when dist/ is not the build of the committed sources', () => {
    const dir = project()
    writeFileSync(join(dir, 'src', 'index.js'), 'export const x = 2\n')
    git(dir, 'commit', '--quiet', '-am', 'change src without rebuilding')
    const r = dryRun(dir)
    expect(r.code).not.toBe(0)
    expect(r.err).toContain("dist/ is not the build of these sources: run 'npm run build' and commit dist/")
    expect(r.out).not.toContain('dry run passed')
  })

  it('stops when package.json and the changelog do not have the tagged version', () => {
    const r = dryRun(project('1.3.0'))
    expect(r.code).not.toBe(0)
    expect(r.err).toContain('CHANGELOG.md has no section for 1.3.0')

    const dir = project()
    const bad = spawnSync('bash', [RELEASE, 'check-tag', 'v1.2.4'], { cwd: dir, encoding: 'utf8' })
    expect(bad.status).not.toBe(0)
    expect(bad.stderr).toContain('package.json says 1.2.3, the tag says 1.2.4')
    const notTag = spawnSync('bash', [RELEASE, 'check-tag', 'latest'], { cwd: dir, encoding: 'utf8' })
    expect(notTag.stderr).toContain('latest is not a release tag (vX.Y.Z)')
  })
})

describe('this repository', () => {
  it('has a changelog section for the version in package.json, which src/version.ts also says', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    const { VERSION } = await import('../../src/version.js')
    expect(VERSION).toBe(version)
    const notes = execFileSync('bash', [RELEASE, 'notes', version], { cwd: ROOT, encoding: 'utf8' })
    expect(notes).toMatch(/^### (Added|Changed|Fixed)/m)
  })
})
