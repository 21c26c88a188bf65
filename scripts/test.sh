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
# A test that hangs is stopped after 10 minutes (the longest passes in about one) and named in the output, so one
# hang costs its assembly, not the whole run.
dotnet test Suite.sln -c Debug --no-build -nologo -m:1 \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" "$@"
rc=$?

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
