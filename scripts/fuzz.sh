#!/usr/bin/env bash
# Runs digitnet's fuzz targets for longer than the few seconds `mvn verify` gives each.
#
#   scripts/fuzz.sh                      # every target, FUZZ_SECONDS (default 300) each, one after the other
#   FUZZ_SECONDS=60 scripts/fuzz.sh KaggleCsvFuzzTest ModelFileResealedFuzzTest
#
# Each target runs in its own JVM (Jazzer fuzzes one test per JVM) with JAZZER_FUZZ=1, starting
# from its committed inputs (core/src/test/resources/<package>/<Class>Inputs/<method>/) and the corpus
# it grew on earlier runs (core/.cifuzz-corpus/, not committed). A finding is saved as crash-<sha1> in
# the committed Inputs directory: fix it, keep the file, it becomes a regression test.
# Logs: core/target/fuzz-logs/<target>.log; a summary line per target is printed at the end.
set -uo pipefail
cd "$(dirname "$0")/../core"

# every fuzz test class is one target (one @FuzzTest method each)
mapfile -t all < <(find src/test/java -name '*FuzzTest.java' -exec basename {} .java \; | sort)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
seconds="${FUZZ_SECONDS:-300}"
logs=target/fuzz-logs
mkdir -p "$logs"

mvn -q -B test-compile || exit 70
status=0
for t in "${targets[@]}"; do
  echo "fuzzing $t for ${seconds}s (log: $logs/$t.log)" >&2
  JAZZER_FUZZ=1 mvn -B surefire:test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.keep_going="${FUZZ_KEEP_GOING:-10}" \
      -Djazzer.internal.arg.0=digitnet-fuzz \
      -Djazzer.internal.arg.1="-max_total_time=$seconds" \
      -Djazzer.internal.arg.2=-timeout=30 \
      -Djazzer.internal.arg.3=-print_final_stats=1 \
      -Djazzer.internal.arg.4="-max_len=${FUZZ_MAX_LEN:-4096}" >"$logs/$t.log" 2>&1 || status=1
done

printf '%-28s %12s %8s %6s %6s %8s %s\n' target executions exec/s cov ft corpus result
for t in "${targets[@]}"; do
  log="$logs/$t.log"
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  line=${done_line:-$last}
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  rate=$(grep -m1 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$line")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$line")
  corp=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$line")
  result=$(grep -qE 'BUILD SUCCESS' "$log" && echo ok || echo "FINDING (see log)")
  printf '%-28s %12s %8s %6s %6s %8s %s\n' "$t" "${execs:--}" "${rate:--}" "${cov:--}" "${ft:--}" "${corp:--}" "$result"
done
exit $status
