#!/usr/bin/env bash
# Builds supportscan with `cargo install --locked` into CARGO_ROOT, as install.sh planned
# when no prebuilt binary fits (action.yml caches CARGO_ROOT, so this runs once per
# version and platform). Environment: SOURCE (`git` or `path`), GIT_URL and GIT_TAG (for
# git), CARGO_ROOT, GITHUB_ACTION_PATH. Runs under bash 3.2: no arrays.
set -euo pipefail

set -- cargo
# supportscan needs a recent stable Rust; `+stable` keeps a rust-toolchain file in the
# workspace from choosing an older compiler.
if command -v rustup >/dev/null 2>&1; then
  rustup toolchain install stable --profile minimal --no-self-update
  set -- cargo +stable
fi
set -- "$@" install --locked --root "${CARGO_ROOT:?}"
case "${SOURCE:?}" in
  git) set -- "$@" --git "${GIT_URL:?}" --tag "${GIT_TAG:?}" supportscan ;;
  path) set -- "$@" --path "${GITHUB_ACTION_PATH:?}" ;;
  *)
    printf '::error title=supportscan install::unknown source %s\n' "$SOURCE"
    exit 1
    ;;
esac
"$@"
