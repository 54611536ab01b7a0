#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-hardening.sh: the hardening flags of a built binary, read back with readelf (TAP).
# Usage: check-hardening.sh BINARY [fortify|no-fortify]
set -u
binary=$1
fortify=${2:-fortify}
n=0
failed=0
check() { # check DESCRIPTION COMMAND...
  n=$((n + 1))
  description=$1
  shift
  if "$@" >/dev/null 2>&1; then
    echo "ok $n - $description"
  else
    echo "not ok $n - $description"
    failed=1
  fi
}
echo "1..$([ "$fortify" = fortify ] && echo 6 || echo 5)"
check "position-independent executable (ELF type DYN)" \
  sh -c "readelf -hW '$binary' | grep -q 'Type:.*DYN'"
check "full RELRO: a GNU_RELRO segment" sh -c "readelf -lW '$binary' | grep -q GNU_RELRO"
check "full RELRO: immediate binding (BIND_NOW)" \
  sh -c "readelf -dW '$binary' | grep -Eq 'BIND_NOW|FLAGS.*NOW'"
check "non-executable stack (GNU_STACK not RWE)" \
  sh -c "readelf -lW '$binary' | grep GNU_STACK | grep -vq RWE"
check "stack protector (__stack_chk_fail)" \
  sh -c "readelf --dyn-syms -W '$binary' | grep -q __stack_chk_fail"
if [ "$fortify" = fortify ]; then
  check "_FORTIFY_SOURCE (checked __*_chk functions)" \
    sh -c "readelf --dyn-syms -W '$binary' | grep -Eq '__[a-z0-9_]+_chk'"
fi
exit $failed
