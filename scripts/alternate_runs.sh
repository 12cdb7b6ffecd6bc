#!/bin/bash
# Runs commands in turn, N rounds, each timed by /usr/bin/time; prints wall, CPU (user+sys), peak
# RSS and the trainSeconds of a `digitnet train --json` summary. Used for docs/performance.md's
# warm-up table:
#   scripts/alternate_runs.sh 3 j17 "DIGITNET_JAVA=java DIGITNET_ARCHIVE=off ./digitnet train ... --json --quiet" \
#                               j25aot "./digitnet train ... --json --quiet"
n=$1; shift
out=$(mktemp); err=$(mktemp)
for _ in $(seq "$n"); do
  args=("$@")
  for ((k = 0; k < ${#args[@]}; k += 2)); do
    /usr/bin/time -f "${args[k]} wall %e cpu %U+%S rss %MKB" bash -c "${args[k+1]}" >"$out" 2>"$err"
    loop=$(grep -o '"trainSeconds" *: *[0-9.]*' "$out" | grep -o '[0-9.]*$')
    echo "$(tail -1 "$err") loop ${loop:-na}"
  done
done
rm -f "$out" "$err"
