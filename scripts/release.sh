#!/usr/bin/env bash
# The release steps, shared by .github/workflows/release.yml and scripts/release-dry-run.sh. Run in the
# repository being released (the current directory).
#
#   scripts/release.sh check-tag v1.2.3        # the tag is vX.Y.Z, package.json says X.Y.Z, CHANGELOG has it
#   scripts/release.sh check-dist              # `npm run build` leaves dist/ unchanged
#   scripts/release.sh notes 1.2.3             # prints the CHANGELOG.md section of 1.2.3 (release notes)
#   scripts/release.sh move-major v1.2.3 [REMOTE]   # points v1 at v1.2.3's commit and pushes it to REMOTE
set -euo pipefail

die() {
  echo "release: $*" >&2
  exit 1
}

notes() {
  local version="$1"
  [ -f CHANGELOG.md ] || die "no CHANGELOG.md"
  # Keep a Changelog: "## [1.2.3] - 2026-11-30" up to the next "## [" heading (the link list at the end
  # starts with "[" and is not part of any section).
  awk -v v="$version" '
    /^## \[/ { inside = index($0, "## [" v "]") == 1; if (inside) { found = 1; next } }
    /^\[[^]]+\]: / { inside = 0 }
    inside { print }
    END { exit found ? 0 : 1 }
  ' CHANGELOG.md | sed -e '/./,$!d' || die "CHANGELOG.md has no section for $version"
}

check_tag() {
  local tag="$1"
  [[ "$tag" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "$tag is not a release tag (vX.Y.Z)"
  local version="${tag#v}"
  local declared
  declared="$(node -p 'require("./package.json").version')"
  [ "$declared" = "$version" ] || die "package.json says $declared, the tag says $version"
  notes "$version" >/dev/null
  echo "tag $tag, package.json $declared and CHANGELOG.md agree"
}

check_dist() {
  npm run build >/dev/null
  if [ -n "$(git status --porcelain -- dist)" ]; then
    git status --porcelain -- dist >&2
    die "dist/ is not the build of these sources: run 'npm run build' and commit dist/"
  fi
  echo "dist/ is the build of the committed sources"
}

move_major() {
  local tag="$1" remote="${2:-origin}"
  [[ "$tag" =~ ^(v[0-9]+)\.[0-9]+\.[0-9]+$ ]] || die "$tag is not a release tag (vX.Y.Z)"
  local major="${BASH_REMATCH[1]}"
  local commit
  commit="$(git rev-parse "$tag^{commit}")"
  git tag --force --annotate "$major" --message "$major: $tag" "$commit" >/dev/null
  git push --force "$remote" "refs/tags/$major"
  echo "$major now points at $tag ($commit)"
}

case "${1:-}" in
  check-tag) check_tag "${2:?tag}" ;;
  check-dist) check_dist ;;
  notes) notes "${2:?version}" ;;
  move-major) move_major "${2:?tag}" "${3:-origin}" ;;
  *) die "usage: scripts/release.sh check-tag TAG | check-dist | notes VERSION | move-major TAG [REMOTE]" ;;
esac
