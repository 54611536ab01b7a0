#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian packages from this source tree in a temporary folder, unpacks them into an
# empty root, and runs the unpacked amanat-cli there: init (passwords on standard input) and
# info. Also checks that the packages carry what they should: the app, the CLI, the man page,
# the desktop file, the metainfo, the icons and the dependency on the fonts.
#
# Usage: packaging/check-deb.sh [SOURCE_ROOT]
#   AMANAT_DEB_KEEP=DIR     copy the built .deb files to DIR.
#   AMANAT_DEB_FROM=head    build the last commit rather than the working tree.
# Exit status 77 (skipped) when dpkg-buildpackage or debhelper is missing.
set -eu

src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
for tool in dpkg-buildpackage dh dpkg-deb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "# SKIP: $tool is not installed (apt-get install dpkg-dev debhelper)"
    exit 77
  fi
done

work=$(mktemp -d)
# Vault files may be read-only; make them removable first.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
say() { printf '# %s\n' "$*"; }
fail() { printf 'check-deb: %s\n' "$*" >&2; exit 1; }

# 1. The source: tracked and new files, without build folders or .git (from a tarball without
#    git, everything but build*/). AMANAT_DEB_FROM=head takes the last commit instead, which
#    stays buildable while others edit the working tree.
mkdir "$work/amanat-0.1.0"
if [ "${AMANAT_DEB_FROM:-tree}" = head ]; then
  git -C "$src" archive --format=tar HEAD | tar -xf - -C "$work/amanat-0.1.0"
elif git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
    tar --null -T - -cf -) | tar -xf - -C "$work/amanat-0.1.0"
else
  (cd "$src" && tar --exclude='./build*' --exclude=./.git -cf - .) | tar -xf - -C "$work/amanat-0.1.0"
fi
cp -R "$src/packaging/debian" "$work/amanat-0.1.0/debian"

# 2. The build. nocheck: the test suite that runs this script has run the tests already.
say "dpkg-buildpackage -us -uc -b in $work"
if ! (cd "$work/amanat-0.1.0" &&
  DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
  tail -n 60 "$work/build.log" >&2
  fail "dpkg-buildpackage failed"
fi

app_deb=$(ls "$work"/amanat_*.deb)
cli_deb=$(ls "$work"/amanat-cli_*.deb)
for deb in "$app_deb" "$cli_deb"; do
  say "$(basename "$deb"): $(wc -c <"$deb") bytes, installed size $(dpkg-deb -f "$deb" Installed-Size) KiB"
done
if [ -n "${AMANAT_DEB_KEEP:-}" ]; then
  mkdir -p "$AMANAT_DEB_KEEP" && cp "$app_deb" "$cli_deb" "$AMANAT_DEB_KEEP"/
fi

# 3. What the packages hold and depend on.
depends=$(dpkg-deb -f "$app_deb" Depends)
for pkg in fonts-noto-core fonts-noto-cjk librsvg2-common amanat-cli; do
  case ", $depends," in
    *", $pkg"[\ ,]*) ;;
    *) fail "amanat does not depend on $pkg: $depends" ;;
  esac
done

root="$work/root"
mkdir "$root"
dpkg-deb -x "$cli_deb" "$root"
dpkg-deb -x "$app_deb" "$root"
for path in usr/bin/amanat usr/bin/amanat-cli usr/libexec/amanat/amanat-renderer \
  usr/share/amanat/locale/ckb/LC_MESSAGES/gtk40.mo usr/share/amanat/locale/ar/LC_MESSAGES/libadwaita.mo \
  usr/share/man/man1/amanat-cli.1.gz \
  usr/share/applications/org.amanat.Amanat.desktop \
  usr/share/metainfo/org.amanat.Amanat.metainfo.xml \
  usr/share/icons/hicolor/scalable/apps/org.amanat.Amanat.svg \
  usr/share/icons/hicolor/symbolic/apps/org.amanat.Amanat-symbolic.svg \
  usr/share/doc/amanat-cli/SECURITY.md.gz usr/share/doc/amanat-cli/copyright; do
  [ -e "$root/$path" ] || [ -e "$root/${path%.gz}" ] || fail "no /$path in the packages"
done
# Every language in LINGUAS has its catalogue.
for lang in $(grep -v '^#' "$src/i18n/LINGUAS" || true); do
  [ -e "$root/usr/share/locale/$lang/LC_MESSAGES/amanat.mo" ] || fail "no catalogue for $lang"
done
if ldd "$root/usr/bin/amanat-cli" | grep -q 'not found'; then
  fail "amanat-cli needs a library no package provides: $(ldd "$root/usr/bin/amanat-cli")"
fi

# 4. Run the unpacked CLI with a bare environment: no LD_LIBRARY_PATH, no build-folder paths.
cli="$root/usr/bin/amanat-cli"
run() {
  env -i HOME="$work/home" PATH=/usr/bin:/bin LC_ALL=C.UTF-8 "$cli" "$@"
}
mkdir "$work/home"
vault="$work/vault"
pw='a long passphrase for the package test'
run --version
say "amanat-cli --vault VAULT init --kdf interactive (password twice on standard input)"
printf '%s\n%s\n' "$pw" "$pw" | run --vault "$vault" init --kdf interactive ||
  fail "amanat-cli init failed"
say "amanat-cli --vault VAULT info"
run --vault "$vault" info </dev/null || fail "amanat-cli info failed"
info_json=$(run --vault "$vault" info --json </dev/null) || fail "amanat-cli info --json failed"
echo "$info_json"
case "$info_json" in
  *'"kdf"'*) ;;
  *) fail "info --json has no kdf: $info_json" ;;
esac
status=0
printf '%s\n' 'not the password' | run --vault "$vault" verify 2>/dev/null || status=$?
[ "$status" -eq 3 ] || fail "a wrong password gave exit status $status, not 3"
printf '%s\n' "$pw" | run --vault "$vault" verify || fail "amanat-cli verify failed"
say "the packages build, install into an empty root, and amanat-cli works from there"
