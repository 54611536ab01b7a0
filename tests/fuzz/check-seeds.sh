#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-seeds.sh MAKE_SEEDS CORPUS: the committed seed corpus holds exactly what
# make-seeds writes (regression inputs of past crashes, named crash-*, aside).
set -euo pipefail

make_seeds=$1 corpus=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$make_seeds" "$work"
diff -r -x 'crash-*' "$work" "$corpus"
echo "seed corpus matches make-seeds: $(find "$work" -type f | wc -l) files"
