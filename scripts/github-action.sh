#!/usr/bin/env bash
# The audit step of action.yml. Inputs arrive as TA_* variables (GitHub sets them from the step's
# env:), results leave through $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY; the exit code is
# touchaudit's (1: an assertion or --fail-under failed, 2: usage, 3: the site could not be audited).
set -uo pipefail

out="${TA_OUTPUT_DIR:-touchaudit-report}"
mkdir -p "$out"
args=(audit "$TA_URL" --no-progress --output html --output json --output md --output junit --output-path "$out/touchaudit")
[ -n "${TA_BUDGET:-}" ] && args+=(--budget "$TA_BUDGET")
[ -n "${TA_LANG:-}" ] && args+=(--lang "$TA_LANG")
[ -n "${TA_CONFIG:-}" ] && args+=(--config "$TA_CONFIG")
[ -n "${TA_FAIL_UNDER:-}" ] && args+=(--fail-under "$TA_FAIL_UNDER")
while IFS= read -r condition; do
  condition="${condition//[[:space:]]/}"
  [ -n "$condition" ] && args+=(--assert "$condition")
done <<< "${TA_ASSERT:-}"

touchaudit "${args[@]}"
code=$?

score="$(python -c 'import json, sys; s = json.load(open(sys.argv[1]))["score"]; print("" if s is None else s)' \
  "$out/touchaudit.json" 2>/dev/null || true)"
{ echo "score=$score"; echo "report=$out/touchaudit.html"; } >> "${GITHUB_OUTPUT:-/dev/null}"
[ -f "$out/touchaudit.md" ] && cat "$out/touchaudit.md" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
exit "$code"
