#!/usr/bin/env bash
# Developer entry point: installs what is missing from Debian 12, builds, and
# runs the app, the tests or the benchmarks.
#
#   packaging/dev.sh run     build, then start the app (or a CLI demo without a display)
#   packaging/dev.sh test    build, run the tests, then again under ASan + UBSan, then fuzz briefly
#   packaging/dev.sh bench   build, then run the benchmarks against age and zstd
#
# Works as root on a fresh Debian 12 (no sudo there) or as a user with sudo.
set -euo pipefail

# Debian 12 packages needed to build, run and test.
readonly BUILD_PACKAGES=(
  build-essential pkg-config meson ninja-build
  libsodium-dev libsqlcipher-dev libzstd-dev libicu-dev
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  # The viewer's renderer: PDF pages (poppler) under a seccomp filter.
  libpoppler-glib-dev libseccomp-dev
  gettext desktop-file-utils
  # Packaging checks: metainfo validation, the Debian package build, SVG icons drawn by GTK.
  appstream debhelper librsvg2-common
  xvfb xauth dbus
  # The accessibility bus: screen readers need it, and the widget tests run with it (GTK
  # warns, and the tests fail, when it is missing).
  at-spi2-core
  # The fonts the translations need (the glyph test lays every string out with them).
  fonts-noto-core fonts-noto-cjk
  # Fuzz targets (clang, with libFuzzer's runtime) and the no-network test (strace).
  clang libclang-rt-14-dev strace
  # The end-to-end tests (suite 'e2e'): key presses into the real app, and its screen read
  # back through Xlib.
  xdotool libx11-dev
)
# Only for benchmarks: the tools Amanat is measured against.
readonly BENCH_PACKAGES=(age zstd keepassxc bc coreutils gnome-text-editor)

readonly BUILD_DIR=build
readonly ASAN_BUILD_DIR=build-asan
readonly FUZZ_BUILD_DIR=build-fuzz

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

say() {
  printf '==> %s\n' "$*"
}

die() {
  printf 'dev.sh: %s\n' "$*" >&2
  exit 1
}

# usage [STATUS]
usage() {
  local status=${1:-2}
  if ((status != 0)); then
    exec >&2
  fi
  cat <<'EOF'
Usage: packaging/dev.sh COMMAND

Commands:
  run     build, then start the desktop app (a command-line demo without a display)
  test    build, run the test suite, then build and test again with ASan + UBSan
  bench   build, then run the benchmarks (installs age, zstd, keepassxc, gnome-text-editor)
EOF
  exit "$status"
}

# install_missing PACKAGE...: installs those of PACKAGE... that are not
# installed, as root directly or through sudo.
install_missing() {
  local missing=() pkg status
  for pkg in "$@"; do
    # Captured rather than piped into grep -q, which under pipefail could
    # fail the test when grep closes the pipe early.
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != *'install ok installed'* ]]; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi

  local as_root=()
  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
    else
      die "missing Debian packages: ${missing[*]}
Install them as root:  apt-get install ${missing[*]}"
    fi
  fi
  say "Installing missing Debian packages: ${missing[*]}"
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

# configure BUILDDIR [MESON-OPTION...]: meson setup, once. Later changes to
# meson.build files are picked up by meson compile itself.
configure() {
  local dir=$1
  shift
  if [[ ! -f "$dir/meson-private/coredata.dat" ]]; then
    say "meson setup $dir $*"
    meson setup "$dir" "$@"
  fi
}

build() {
  local dir=$1
  shift
  configure "$dir" "$@"
  say "meson compile -C $dir"
  meson compile -C "$dir"
}

# suite_targets BUILDDIR SUITE...: the build outputs the tests of those suites run, are
# given as arguments or depend on (meson's own description of the tests and targets).
suite_targets() {
  local dir=$1
  shift
  meson introspect "$dir" --tests --targets | python3 -c '
import json, os, sys
data = json.load(sys.stdin)
build = os.path.realpath(sys.argv[1])
suites = {"amanat:" + s for s in sys.argv[2:]}
outputs = {t["id"]: t["filename"] for t in data["targets"]}
wanted = set()
for test in data["tests"]:
    if not suites & set(test["suite"]):
        continue
    for dep in test["depends"]:
        wanted.update(outputs.get(dep, []))
    wanted.update(arg for arg in test["cmd"] if isinstance(arg, str))
for path in sorted(wanted):
    real = os.path.realpath(path)
    if real.startswith(build + os.sep) and any(real in f for f in map(set, outputs.values())):
        print(os.path.relpath(real, build))
' "$dir" "$@"
}

# has_suite BUILDDIR SUITE: whether any test is in SUITE.
has_suite() {
  local list
  list=$(meson test -C "$1" --list --no-rebuild --suite "$2" 2>/dev/null || true)
  [[ "$list" == *' / '* ]]
}

# run_tests BUILDDIR: every test; widget tests (suite 'ui') and the real app's end-to-end
# tests (suite 'e2e') on a virtual display with their own D-Bus session bus, since a bare
# Xvfb has none.
run_tests() {
  local dir=$1
  if has_suite "$dir" ui; then
    say "meson test -C $dir --no-suite ui --no-suite e2e"
    meson test -C "$dir" --print-errorlogs --no-suite ui --no-suite e2e
    say "meson test -C $dir --suite ui --suite e2e (under xvfb-run and dbus-run-session)"
    xvfb-run -a dbus-run-session -- meson test -C "$dir" --print-errorlogs --suite ui --suite e2e
  else
    say "meson test -C $dir"
    meson test -C "$dir" --print-errorlogs
  fi
}

# use_ram_for_test_files: the tests' temporary folders go to a RAM file system when there is
# one with room (4 GiB free). Their fsyncs then cost nothing, which takes about a third off
# the suite on this 2-core machine; what the tests check does not depend on the disk
# (durability is checked by fault injection and kill -9, which a RAM file system survives
# just as well). Without one, the usual temporary folder.
use_ram_for_test_files() {
  local avail
  avail=$(df --output=avail -k /dev/shm 2>/dev/null | tail -n 1 | tr -d ' ')
  [[ "$avail" =~ ^[0-9]+$ ]] && ((avail > 4 * 1024 * 1024)) || return 0
  test_tmp=$(mktemp -d /dev/shm/amanat-tests-XXXXXX) || return 0
  # shellcheck disable=SC2064  # expand $test_tmp now, not at exit
  trap "chmod -R u+w '$test_tmp' 2>/dev/null; rm -rf '$test_tmp'" EXIT
  export TMPDIR=$test_tmp
  say "temporary files of the tests in $TMPDIR"
}

cmd_test() {
  install_missing "${BUILD_PACKAGES[@]}"
  build "$BUILD_DIR"
  use_ram_for_test_files
  AMANAT_CRASH_RUNS=${AMANAT_CRASH_RUNS:-64} run_tests "$BUILD_DIR"

  # b_lundef=false: clang's sanitizer runtimes leave symbols for the
  # executable to provide, which -Wl,--no-undefined would reject.
  # Under the sanitizers (three times slower) the core and hardening suites run again, and
  # the command line's contract, terminal and leak tests (suite cli-sanitized), with shorter
  # random runs. The widget tests, packaging checks and the longer command-line scenarios
  # ran in the normal build above (under ASan they would double the suite's time). So only
  # what those suites need is built: not the desktop app.
  local suites=(core cli-sanitized hardening)
  configure "$ASAN_BUILD_DIR" -Db_sanitize=address,undefined -Db_lundef=false
  local targets
  mapfile -t targets < <(suite_targets "$ASAN_BUILD_DIR" "${suites[@]}")
  say "meson compile -C $ASAN_BUILD_DIR (${#targets[@]} targets of the suites ${suites[*]})"
  ninja -C "$ASAN_BUILD_DIR" "${targets[@]}"
  say "meson test -C $ASAN_BUILD_DIR --suite ${suites[*]}"
  AMANAT_SYNC_OPS=${AMANAT_SYNC_OPS:-120} AMANAT_FAULT_STEP=${AMANAT_FAULT_STEP:-4} \
    meson test -C "$ASAN_BUILD_DIR" --no-rebuild --print-errorlogs \
    "${suites[@]/#/--suite=}"
  run_fuzz_tests
  say "All tests passed."
}

# run_fuzz_tests: builds the libFuzzer targets with clang (ASan, UBSan), only them and
# not the whole app a third time, then runs each for a bounded number of inputs.
run_fuzz_tests() {
  (export CC=clang && configure "$FUZZ_BUILD_DIR" -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false)
  say "meson compile -C $FUZZ_BUILD_DIR fuzz-targets"
  meson compile -C "$FUZZ_BUILD_DIR" fuzz-targets
  say "meson test -C $FUZZ_BUILD_DIR --suite fuzz"
  meson test -C "$FUZZ_BUILD_DIR" --no-rebuild --print-errorlogs --suite fuzz
}

cmd_bench() {
  install_missing "${BUILD_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"
  build "$BUILD_DIR"
  # The app's start and list benchmarks need a display (and a session bus, as the app has).
  say "meson test -C $BUILD_DIR --benchmark (under xvfb-run and dbus-run-session)"
  xvfb-run -a dbus-run-session -- meson test -C "$BUILD_DIR" --benchmark --verbose
}

# demo_step N LINE... ARG...: shows, then runs, amanat-cli with ARG...,
# giving it the N lines LINE... (passwords) on standard input.
demo_step() {
  local n=$1
  shift
  local lines=("${@:1:n}")
  shift "$n"
  if ((n == 0)); then
    printf '\n$ amanat-cli --vault %s %s\n' "$vault" "$*"
    "$cli" --vault "$vault" "$@" </dev/null
    return
  fi
  printf "\n\$ printf '%%s\\\\n'%s | amanat-cli --vault %s %s\n" \
    "$(printf " '%s'" "${lines[@]}")" "$vault" "$*"
  printf '%s\n' "${lines[@]}" >"$stdin_file"
  "$cli" --vault "$vault" "$@" <"$stdin_file"
}

cmd_demo() {
  cli="$PWD/$BUILD_DIR/app/amanat-cli"
  [[ -x "$cli" ]] || die "$BUILD_DIR/app/amanat-cli was not built"

  local dir
  dir=$(mktemp -d)
  # Vault files may be read-only; make them removable first.
  # shellcheck disable=SC2064  # expand $dir now, not at exit
  trap "chmod -R u+w '$dir' 2>/dev/null; rm -rf '$dir'" EXIT
  vault="$dir/vault"
  stdin_file="$dir/stdin"

  local pw='correct horse battery staple' new_pw='a new passphrase for the demo'
  echo "Passwords are read one per line from standard input when it is not a terminal."
  echo "The interactive KDF profile is for tests and demos: real vaults use the stronger default."
  demo_step 2 "$pw" "$pw" init --kdf interactive
  demo_step 0 info # reads only the header: no password needed
  demo_step 0 info --json
  demo_step 1 "$pw" verify
  demo_step 3 "$pw" "$new_pw" "$new_pw" passwd
  demo_step 1 "$new_pw" verify

  local status=0
  demo_step 1 "$pw" verify || status=$?
  echo "exit status: $status (3: wrong password; the old password no longer opens the vault)"
  [[ $status -eq 3 ]] || die "expected exit status 3 for a wrong password, got $status"
  echo
  say "Demo finished; the temporary vault is removed."
}

cmd_run() {
  install_missing "${BUILD_PACKAGES[@]}"
  build "$BUILD_DIR"

  local app="$BUILD_DIR/app/amanat"
  if [[ ! -x "$app" ]]; then
    echo
    echo "The desktop app is not built yet: running a short command-line demonstration in a temporary vault instead."
  elif [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo
    echo "No display found: running a short command-line demonstration in a temporary vault instead."
  else
    say "Starting $app"
    exec "$app"
  fi
  cmd_demo
}

(($# == 1)) || usage
case "$1" in
  run) cmd_run ;;
  test) cmd_test ;;
  bench) cmd_bench ;;
  -h | --help | help) usage 0 ;;
  *) usage ;;
esac
