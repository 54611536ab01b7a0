#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-keepassxc.sh: importing 200 files of 1 MB, one command at a time, into an Amanat
# vault (`amanat-cli add`) and into a KeePassXC database (`keepassxc-cli
# attachment-import`), each ending with sync. Both unlock for every command: Amanat with
# its interactive KDF profile, KeePassXC with its KDF set to about 100 ms (db-create -t 100).
# Usage: bench-keepassxc.sh PATH-TO-amanat-cli   (AMANAT_BENCH_QUICK=1: 20 files)
set -eu
cli=$1
count=200
[ -n "${AMANAT_BENCH_QUICK:-}" ] && count=20
if ! command -v keepassxc-cli >/dev/null 2>&1; then
  echo "keepassxc-cli is not installed: packaging/dev.sh bench installs it" >&2
  exit 1
fi
root=$(mktemp -d "${AMANAT_BENCH_DIR:-${TMPDIR:-/tmp}}/amanat-kpxc-XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir "$root/files"
i=0
while [ "$i" -lt "$count" ]; do
  head -c 1000000 /dev/urandom > "$root/files/$i.jpg"
  i=$((i + 1))
done
pw='bench password'
now() { date +%s.%N; }

printf '%s\n%s\n' "$pw" "$pw" | "$cli" --vault "$root/vault" init --kdf interactive >/dev/null 2>&1
sync
start=$(now)
i=0
while [ "$i" -lt "$count" ]; do
  printf '%s\n' "$pw" | "$cli" --vault "$root/vault" add "$root/files/$i.jpg" >/dev/null
  i=$((i + 1))
done
sync
amanat_s=$(echo "$(now) - $start" | bc)

printf '%s\n%s\n' "$pw" "$pw" | keepassxc-cli db-create -q -p -t 100 "$root/db.kdbx" >/dev/null 2>&1
printf '%s\n' "$pw" | keepassxc-cli add -q "$root/db.kdbx" documents >/dev/null 2>&1
sync
start=$(now)
i=0
while [ "$i" -lt "$count" ]; do
  printf '%s\n' "$pw" | keepassxc-cli attachment-import -q "$root/db.kdbx" documents "$i.jpg" \
    "$root/files/$i.jpg" >/dev/null 2>&1
  i=$((i + 1))
done
sync
keepass_s=$(echo "$(now) - $start" | bc)

vault_mb=$(du -sm "$root/vault" | cut -f1)
db_mb=$(du -sm "$root/db.kdbx" | cut -f1)
printf '\nImport %d files of 1 MB, one command each (each unlocks), ending with sync\n\n' "$count"
printf '| contender                        | total s | per file ms | stored MB |\n'
printf '|----------------------------------|---------|-------------|-----------|\n'
printf '| amanat-cli add                   | %7.2f | %11.1f | %9s |\n' "$amanat_s" \
  "$(echo "$amanat_s * 1000 / $count" | bc -l)" "$vault_mb"
printf '| keepassxc-cli attachment-import  | %7.2f | %11.1f | %9s |\n' "$keepass_s" \
  "$(echo "$keepass_s * 1000 / $count" | bc -l)" "$db_mb"
