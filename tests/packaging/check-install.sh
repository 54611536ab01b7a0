#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs `meson install --destdir` from the build folder into a temporary folder and checks that
# each expected file landed where desktops, software centres, man and gettext look for it.
#
# Usage: check-install.sh BUILD_ROOT PREFIX RELATIVE_PATH...
#   RELATIVE_PATH: a path under PREFIX that must exist after the install.
set -eu

build_root=$1
prefix=$2
shift 2

dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

# --no-rebuild: meson test has built everything already; --quiet keeps the log short.
if ! meson install -C "$build_root" --destdir "$dest" --no-rebuild --quiet >"$dest.log" 2>&1; then
  cat "$dest.log" >&2
  rm -f "$dest.log"
  echo "meson install failed" >&2
  exit 1
fi
rm -f "$dest.log"

status=0
for path in "$@"; do
  if [ -e "$dest$prefix/$path" ]; then
    echo "ok: $prefix/$path"
  else
    echo "missing: $prefix/$path" >&2
    status=1
  fi
done

exit $status
