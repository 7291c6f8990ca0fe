#!/usr/bin/env bash
# Installs supportscan for the composite action (action.yml): the prebuilt binary of a
# release for this runner, verified against the release's SHA256SUMS, or, when the release
# has no binary for this platform (or there is no release), a plan for a cached
# `cargo install` that build.sh carries out.
#
# Environment: INPUT_VERSION (a tag such as v0.2.0, 0.2.0, `latest`, or empty for the
# action's own tag when it is a version tag, else `latest`), ACTION_REPOSITORY and
# ACTION_REF (github.action_repository and github.action_ref, passed through `env:`
# because composite actions do not set GITHUB_ACTION_REPOSITORY/GITHUB_ACTION_REF),
# GITHUB_ACTION_PATH, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH.
# SUPPORTSCAN_RELEASES_URL replaces https://github.com/OWNER/REPO/releases (tests).
#
# Runs under bash 3.2 (macOS): no arrays, no mapfile.
set -euo pipefail

say() { printf 'supportscan install: %s\n' "$*"; }
fail() {
  printf '::error title=supportscan install::%s\n' "$*"
  exit 1
}
output() { printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; }

# The SHA-256 of a file (or of standard input), in lowercase hex.
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "${1:--}" | awk '{ sub(/^\\/, "", $1); print tolower($1) }'; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "${1:--}" | awk '{ print tolower($1) }'; }
else
  fail "neither sha256sum nor shasum is installed: cannot verify the download"
fi

# Downloads $1 to $2; prints the HTTP status (000 when the server could not be reached).
fetch() {
  curl --silent --show-error --location --retry 3 --output "$2" --write-out '%{http_code}' "$1" ||
    true
}

action_path=${GITHUB_ACTION_PATH:?}
work=${RUNNER_TEMP:?}/supportscan-install
bin_dir=$RUNNER_TEMP/supportscan/bin
rm -rf "$work"
mkdir -p "$work" "$bin_dir"

# Where the action comes from. Composite actions leave github.action_repository empty in
# some runner versions; the path of a downloaded action is _actions/OWNER/REPO/REF (with
# backslashes on Windows).
repository=${ACTION_REPOSITORY:-}
action_ref=${ACTION_REF:-}
slashed=${action_path//\\//}
case "$slashed" in
  */_actions/*/*/*)
    if [ -z "$repository" ] || [ -z "$action_ref" ]; then
      rest=${slashed#*/_actions/}
      owner=${rest%%/*}
      rest=${rest#*/}
      name=${rest%%/*}
      repository=${repository:-$owner/$name}
      action_ref=${action_ref:-${rest#*/}}
    fi
    ;;
esac

version_tag='^v[0-9]+[.][0-9]+[.][0-9]+([-+][0-9A-Za-z.-]+)?$'
is_version_tag() { [[ $1 =~ $version_tag ]]; }

version=${INPUT_VERSION:-}
case "$version" in
  '')
    if is_version_tag "$action_ref"; then version=$action_ref; else version=latest; fi
    ;;
  latest) ;;
  v*) ;;
  *) version=v$version ;;
esac
if [ "$version" != latest ] && ! is_version_tag "$version"; then
  fail "version '$version' is not a release tag such as v0.2.0 (or latest)"
fi

releases=${SUPPORTSCAN_RELEASES_URL:-}
if [ -z "$releases" ] && [ -n "$repository" ]; then
  releases=${GITHUB_SERVER_URL:-https://github.com}/$repository/releases
fi

# `latest` is the tag that /releases/latest redirects to (no API call, no rate limit).
if [ "$version" = latest ] && [ -n "$releases" ]; then
  landed=$(curl --silent --location --retry 3 --output /dev/null --write-out '%{url_effective}' \
    "$releases/latest" || true)
  case "$landed" in
    */releases/tag/*) version=${landed##*/releases/tag/} ;;
  esac
  if is_version_tag "$version"; then say "latest release: $version"; fi
fi

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac

# Plans a source build for build.sh: from the release's tag when the action is elsewhere,
# else from the action's own files, keyed on their digest.
plan_build() {
  say "$1; building from source with cargo install (cached)"
  if is_version_tag "$version" && [ "$version" != "$action_ref" ] && [ -n "$repository" ]; then
    output source git
    output git-url "${GITHUB_SERVER_URL:-https://github.com}/$repository"
    output git-tag "$version"
    key=$version
  else
    if [ -n "${INPUT_VERSION:-}" ] && [ "$version" != "$action_ref" ]; then
      say "building the action's own source ($action_path), not $version"
    fi
    output source path
    key=src-$(cd "$action_path" &&
      { find Cargo.toml Cargo.lock build.rs src rules data -type f 2>/dev/null || true; } | LC_ALL=C sort |
      while IFS= read -r file; do printf '%s %s\n' "$(sha256 "$file")" "$file"; done | sha256)
  fi
  output build true
  output version "$version"
  output cargo-root "$RUNNER_TEMP/supportscan-cargo"
  output cache-key "supportscan-cargo-$key-${RUNNER_OS:-os}-${RUNNER_ARCH:-arch}"
  printf '%s\n' "$RUNNER_TEMP/supportscan-cargo/bin" >>"$GITHUB_PATH"
  exit 0
}

if [ -z "$releases" ]; then plan_build "the action's repository is not known (a local action)"; fi
if ! is_version_tag "$version"; then plan_build "no release found at $releases"; fi
if [ -z "$target" ]; then plan_build "no prebuilt binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}"; fi

# The names release.yml gives: supportscan-v0.2.0-x86_64-unknown-linux-musl.tar.gz holding
# supportscan-v0.2.0-x86_64-unknown-linux-musl/supportscan (.zip and supportscan.exe on Windows).
base=supportscan-$version-$target
case "$target" in
  *windows*) archive=$base.zip exe=supportscan.exe ;;
  *) archive=$base.tar.gz exe=supportscan ;;
esac
url=$releases/download/$version/$archive
status=$(fetch "$url" "$work/$archive")
case "$status" in
  200) ;;
  404) plan_build "release $version has no $archive" ;;
  *) fail "downloading $url failed (HTTP status $status)" ;;
esac

# A binary whose checksum cannot be checked is never run.
status=$(fetch "$releases/download/$version/SHA256SUMS" "$work/SHA256SUMS")
[ "$status" = 200 ] || fail "release $version has no SHA256SUMS (HTTP status $status): refusing an unverified binary"
expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print tolower($1) }' "$work/SHA256SUMS")
[ -n "$expected" ] || fail "SHA256SUMS of $version does not list $archive: refusing an unverified binary"
actual=$(sha256 "$work/$archive")
[ "$actual" = "$expected" ] ||
  fail "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual"
say "verified $archive ($actual)"

case "$archive" in
  *.zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q -o "$work/$archive" -d "$work"
    else
      powershell -NoProfile -Command "Expand-Archive -Force -LiteralPath '$work/$archive' -DestinationPath '$work'"
    fi
    ;;
  *) tar -xzf "$work/$archive" -C "$work" ;;
esac
[ -f "$work/$base/$exe" ] || fail "$archive does not hold $base/$exe"
cp "$work/$base/$exe" "$bin_dir/$exe"
chmod +x "$bin_dir/$exe"
installed=$("$bin_dir/$exe" --version) || fail "the installed $exe does not run"
say "installed $installed in $bin_dir"
printf '%s\n' "$bin_dir" >>"$GITHUB_PATH"
output build false
output version "$version"
