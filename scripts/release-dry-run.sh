#!/usr/bin/env bash
# Rehearses the release workflow (.github/workflows/release.yml) without GitHub: clones SOURCE (default: this
# repository, its committed HEAD) into a temp directory with a temp bare "origin", tags vVERSION (default: the
# version in package.json) and runs the same steps: tag/version/changelog agreement, the dist/ check, the
# release notes, and the move of the major tag, then checks that origin's major tag points at the release.
#
#   scripts/release-dry-run.sh                 # this repository, its package.json version
#   scripts/release-dry-run.sh SOURCE [VERSION]
# Nothing outside the temp directory is changed; it is removed at the end (KEEP=1 keeps it).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
SOURCE="$(cd "${1:-$HERE/..}" && pwd)"
RELEASE="$HERE/release.sh"
TMP="$(mktemp -d)"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$TMP"' EXIT

git init --quiet --bare "$TMP/origin.git"
git clone --quiet "$SOURCE" "$TMP/work"
cd "$TMP/work"
git remote set-url origin "$TMP/origin.git"
git push --quiet origin HEAD
# The clone has no dependencies: share the source's (the build reads them, never writes them).
[ -e node_modules ] || [ ! -d "$SOURCE/node_modules" ] || ln -s "$SOURCE/node_modules" node_modules
git config user.name "release dry run"
git config user.email "dry-run@localhost"

VERSION="${2:-$(node -p 'require("./package.json").version')}"
TAG="v$VERSION"
MAJOR="${TAG%%.*}"
git tag --annotate "$TAG" --message "$TAG"
git push --quiet origin "refs/tags/$TAG"

echo "== $TAG: check-tag"
"$RELEASE" check-tag "$TAG"
echo "== $TAG: check-dist"
"$RELEASE" check-dist
echo "== $TAG: release notes"
"$RELEASE" notes "$VERSION" | tee "$TMP/notes.md"
echo "== $TAG: move $MAJOR"
"$RELEASE" move-major "$TAG" origin 2>&1
moved="$(git --git-dir="$TMP/origin.git" rev-parse "$MAJOR^{commit}")"
expected="$(git rev-parse "$TAG^{commit}")"
[ "$moved" = "$expected" ] || {
  echo "dry run: origin's $MAJOR is $moved, not $TAG ($expected)" >&2
  exit 1
}
echo "dry run passed: $TAG would be released with the notes above and $MAJOR moved to $expected"
