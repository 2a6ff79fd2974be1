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
