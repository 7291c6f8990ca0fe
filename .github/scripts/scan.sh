#!/usr/bin/env bash
# Runs the action's one scan: the `format` report on standard output (annotations by
# default), the SARIF file, the Markdown step summary and a JSON report for the finding
# counts, all from one `supportscan scan` run. Writes the outputs exit-code, errors,
# warnings, notes and sarif-file, and exits 0 whatever the scan found: action.yml uploads,
# then gates on exit-code.
#
# Environment: the action's inputs as PATHS, FORMAT, SARIF_FILE, CATEGORY, FAIL_ON, CONFIG,
# BASELINE, ONLY, SKIP, FAIL_ON_EMPTY, ACCOUNT_BASELINE, UPLOAD_PARTIAL, SUMMARY,
# EXTRA_ARGS; GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP;
# SUPPORTSCAN (the program, default `supportscan`).
#
# Runs under bash 3.2 (macOS): the command line is built in the positional parameters,
# never in an array (an empty array is an error under `set -u` there).
set -euo pipefail

output() { printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; }
is_true() { [ "${1:-false}" = true ]; }

work=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/supportscan-scan.XXXXXX")
report=$work/report.json
summary=$work/summary.md

set -- scan
# `paths` and `args` split on whitespace; `set -f` keeps a `*` from expanding.
set -f
# shellcheck disable=SC2086 # splitting is the point
for word in ${PATHS:-.}; do set -- "$@" "$word"; done
set +f
if [ "${FORMAT:-github}" = none ]; then
  # An unprefixed --output takes standard output's report: nothing is printed.
  set -- "$@" --format json --output "$report"
else
  set -- "$@" --format "${FORMAT:-github}" --output "json=$report"
fi
if [ -n "${SARIF_FILE:-}" ]; then
  rm -f -- "$SARIF_FILE"
  set -- "$@" --output "sarif=$SARIF_FILE"
fi
if is_true "${SUMMARY:-true}" && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  set -- "$@" --output "markdown=$summary"
fi
set -- "$@" --fail-on "${FAIL_ON:-error}"
if [ -n "${CATEGORY:-}" ]; then set -- "$@" --category "$CATEGORY"; fi
if [ -n "${CONFIG:-}" ]; then set -- "$@" --config "$CONFIG"; fi
if [ -n "${BASELINE:-}" ]; then set -- "$@" --baseline "$BASELINE"; fi
if [ -n "${ONLY:-}" ]; then set -- "$@" --only "$ONLY"; fi
if [ -n "${SKIP:-}" ]; then set -- "$@" --skip "$SKIP"; fi
if is_true "${FAIL_ON_EMPTY:-}"; then set -- "$@" --fail-on-empty; fi
if is_true "${ACCOUNT_BASELINE:-}"; then set -- "$@" --account-baseline; fi
set -f
# shellcheck disable=SC2086 # splitting is the point
for word in ${EXTRA_ARGS:-}; do set -- "$@" "$word"; done
set +f

status=0
"${SUPPORTSCAN:-supportscan}" "$@" || status=$?
output exit-code "$status"

# The step summary is appended: other steps of the job keep theirs.
if [ -f "$summary" ]; then cat "$summary" >>"$GITHUB_STEP_SUMMARY"; fi

if [ -f "$report" ]; then
  if awk -f "${GITHUB_ACTION_PATH:?}/.github/scripts/counts.awk" "$report" >"$work/counts"; then
    cat "$work/counts" >>"$GITHUB_OUTPUT"
  else
    printf '::warning title=supportscan::could not read the finding counts from the JSON report\n'
  fi
fi

# A scan that could not be trusted (exit 2) would close alerts for what it could not read:
# its SARIF is not offered for upload unless upload-partial is true.
sarif=""
if [ -n "${SARIF_FILE:-}" ] && [ -f "$SARIF_FILE" ]; then
  if [ "$status" -ne 2 ] || is_true "${UPLOAD_PARTIAL:-}"; then
    sarif=$SARIF_FILE
  else
    printf '::warning title=supportscan::the scan could not be trusted (exit status 2), so %s is not uploaded: a partial analysis would close the alerts of the inputs it could not read (upload-partial: true uploads it anyway)\n' "$SARIF_FILE"
  fi
fi
output sarif-file "$sarif"
rm -rf "$work"
