# SPDX-License-Identifier: Apache-2.0
# Shared by scripts/run and scripts/test: install what is missing, then configure and build.
# Usage: source scripts/lib.sh; build_preset <preset>
set -euo pipefail
FRONTDESK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

build_preset() {
  local preset=$1
  "$FRONTDESK_ROOT/scripts/install-deps"
  cd "$FRONTDESK_ROOT"
  if [ ! -f "build/$preset/build.ninja" ]; then
    cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset"
}

# The dev configuration in a folder of one's own (relative to the tree), through ccache
# when it is installed.
build_dir() {
  local dir=$1
  "$FRONTDESK_ROOT/scripts/install-deps"
  cd "$FRONTDESK_ROOT"
  if [ ! -f "$dir/build.ninja" ]; then
    local launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFRONTDESK_WERROR=ON "${launcher[@]}" >/dev/null
  fi
  cmake --build "$dir"
}

# Runs a command as an unprivileged account when we are root (PostgreSQL refuses root).
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$dir/initdb" ] || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  echo "$dir"
}
