#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check-generated.sh GENERATOR DIR: the committed DIR holds exactly what GENERATOR writes.
set -euo pipefail

generator=$1 committed=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$generator" "$work"
diff -r "$work" "$committed"
echo "$committed matches $(basename "$generator"): $(find "$work" -type f | wc -l) files"
