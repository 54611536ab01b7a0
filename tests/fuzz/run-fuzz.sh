#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzz.sh TARGET SEEDS MAX_LEN: a bounded libFuzzer run of TARGET over the committed
# SEEDS (read only: new inputs go to a temporary folder). Fails when the target crashes,
# leaks, trips a sanitizer or one of its own checks. Every seed, the regression inputs of
# past crashes among them, runs first.
#
#   AMANAT_FUZZ_RUNS     inputs to run (default 50000)
#   AMANAT_FUZZ_SECONDS  stop after this many seconds even so (default 25; 0: no limit)
#   AMANAT_FUZZ_WORK     keep the grown corpus and any crash input here (default: temporary)
set -euo pipefail

target=$1 seeds=$2 max_len=$3
runs=${AMANAT_FUZZ_RUNS:-50000}
seconds=${AMANAT_FUZZ_SECONDS:-25}

if [[ -n "${AMANAT_FUZZ_WORK:-}" ]]; then
  work=$AMANAT_FUZZ_WORK
  mkdir -p "$work/corpus"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir "$work/corpus"
fi

# One process, one job: the machines this runs on are shared.
status=0
"$target" -runs="$runs" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/" \
  "$work/corpus" "$seeds" || status=$?
if ((status != 0)); then
  for crash in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
    [[ -e "$crash" ]] || continue
    echo "# failing input $crash (base64; add it to $seeds as a regression seed):"
    base64 -w 76 "$crash"
  done
fi
exit "$status"
