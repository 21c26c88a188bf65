#!/usr/bin/env bash
# Builds the solution and runs every test project against real PostgreSQL and RabbitMQ (started by the test
# fixture from the installed binaries). Prints one closing line: "tests: N passed, N failed, N skipped".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

if ! dotnet build Suite.sln -c Debug -nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

# Test assemblies run one after another: each starts its own PostgreSQL + RabbitMQ, and 2 cores are all we have.
# Guards so that a hang costs one assembly, not the whole run:
# - a test that hangs is stopped after 10 minutes (the longest passes in about two) and named (blame-hang);
# - each assembly gets at most 20 minutes, and all of them 60 (CI allows 90);
# - a process a test left running (it would keep dotnet test waiting on its output pipe) is named and killed;
#   only processes started by this run are touched (they carry SUITE_TEST_RUN in their environment).
projects=$(ls -d tests/Suite.*.Tests | sort)
budget_end=$(( $(date +%s) + ${SUITE_TEST_BUDGET_SECONDS:-3600} ))
# Every process the tests start inherits this marker: what still carries it after an assembly is a leftover.
export SUITE_TEST_RUN="run-$$-$(date +%s%N)"
rc=0
for project in $projects; do
  left=$(( budget_end - $(date +%s) ))
  if [ "$left" -le 60 ]; then
    echo "TIMEOUT: no time left for $project"
    rc=1
    continue
  fi
  limit=$(( left < 1200 ? left : 1200 ))
  timeout --kill-after=30s "$limit" dotnet test "$project" -c Debug --no-build -nologo \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" "$@"
  status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "TIMEOUT: $project did not finish within $limit s"
  fi
  [ "$status" -eq 0 ] || rc=$status
  # Processes started for this assembly and still alive: services, brokers, databases a fixture did not stop.
  # (The list of processes is taken before the first grep runs, so the checks never find themselves.)
  leftovers=""
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}; pid=${pid%/environ}
    grep -qsa "SUITE_TEST_RUN=$SUITE_TEST_RUN" "$environ" || continue
    leftovers+="$pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-200)"$'\n'
  done
  if [ -n "$leftovers" ]; then
    echo "LEFT RUNNING by $project (killed):"
    printf '%s' "$leftovers"
    printf '%s' "$leftovers" | awk '{print $1}' | xargs -r kill -9 2>/dev/null
  fi
done

passed=0; failed=0; skipped=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
# Name every failed test once more at the end, where a truncated CI log still shows it.
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  grep -ao '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/FAILED: \1/p'
done
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # the run failed without a failed test (crash, abort): never report green
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
