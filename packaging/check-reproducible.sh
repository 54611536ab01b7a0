#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds amanat and amanat-cli twice from the same source, at two different paths, and
# compares their sha256. Run by hand (it builds twice): packaging/check-reproducible.sh
#
# Usage: packaging/check-reproducible.sh [SOURCE_ROOT] [MESON_OPTION...]
set -eu

src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
[ $# -gt 0 ] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The same files in both trees: tracked and new ones, without build folders; or, with
# AMANAT_REPRO_FROM=head, the last commit.
copy_source() {
  mkdir -p "$1"
  if [ "${AMANAT_REPRO_FROM:-tree}" = head ]; then
    git -C "$src" archive --format=tar HEAD | tar -xf - -C "$1"
    return
  fi
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
    tar --null -T - -cf -) | tar -xf - -C "$1"
}

# build DIR [MESON_OPTION...]
build() {
  dir=$1
  shift
  copy_source "$dir"
  meson setup "$dir/build" "$dir" -Ddevelopment=false "$@" >"$dir.log" 2>&1 ||
    { cat "$dir.log" >&2; exit 1; }
  ninja -C "$dir/build" -j2 app/amanat app/amanat-cli render/amanat-renderer >>"$dir.log" 2>&1 ||
    { tail -n 40 "$dir.log" >&2; exit 1; }
}

# Different lengths and depths, so that any embedded path shows.
a="$work/a/amanat"
b="$work/second-build/somewhere/deeper/amanat"
build "$a" "$@"
build "$b" "$@"

status=0
for exe in app/amanat-cli app/amanat render/amanat-renderer; do
  [ -e "$a/build/$exe" ] || continue
  sum_a=$(sha256sum <"$a/build/$exe" | cut -d' ' -f1)
  sum_b=$(sha256sum <"$b/build/$exe" | cut -d' ' -f1)
  if [ "$sum_a" = "$sum_b" ]; then
    echo "identical: $exe $sum_a"
  else
    echo "DIFFERENT: $exe $sum_a $sum_b" >&2
    # Show which strings differ, with each tree's path replaced by a placeholder.
    strings -n 8 "$a/build/$exe" | sed "s|$a|<TREE>|g" >"$work/a.strings"
    strings -n 8 "$b/build/$exe" | sed "s|$b|<TREE>|g" >"$work/b.strings"
    if cmp -s "$work/a.strings" "$work/b.strings"; then
      echo "  the differing strings are the build paths:" >&2
      strings -n 8 "$a/build/$exe" | grep -F "$a" | sed 's/^/    /' >&2 || true
    else
      diff "$work/a.strings" "$work/b.strings" | head -n 20 >&2 || true
    fi
    status=1
  fi
done
exit $status
