#!/usr/bin/env bash
# Installs what skillbridge needs on Debian 12: the C++ toolchain and libraries, redis-server,
# clang-format, clang with libFuzzer (the fuzz targets), shellcheck, the deployment checks' tools
# (yamllint, promtool, podman, mmdebstrap), Node.js/npm (only when `node` is absent) and the npm
# packages of package.json. Idempotent: installs only what is missing, so a second run changes
# nothing.
#
#   scripts/setup.sh               install what is missing
#   scripts/setup.sh --check       report what is missing; exit 1 if anything is
#   scripts/setup.sh --build-only  only what compiles the services, and the npm packages they
#                                  serve (no devDependencies): the container image's build stage
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

check_only=0
build_only=0
while (($#)); do
  case "$1" in
    --check) check_only=1 ;;
    --build-only) build_only=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) sb_die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

if ((build_only)); then
  wanted=("${SB_APT_BUILD_PACKAGES[@]}")
else
  wanted=("${SB_APT_PACKAGES[@]}")
fi
mapfile -t missing < <(sb_missing_apt_packages "${wanted[@]}")

if ((check_only)); then
  rc=0
  if ((${#missing[@]})); then
    echo "missing Debian packages: ${missing[*]}"
    rc=1
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "missing: npm"
    rc=1
  elif ! sb_npm_ready; then
    echo "npm packages are missing or out of date (package-lock.json)"
    rc=1
  fi
  ((rc)) || echo "all dependencies are present"
  exit "$rc"
fi

if command -v node >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1; then
  # Debian's npm would pull Debian's nodejs over the installed one.
  sb_die "node is installed ($(command -v node)) but npm is not; install the npm that belongs to it"
fi

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    sb_die "need root to install: ${missing[*]} (run: sudo $0)"
  fi
  sb_log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Keep package scripts from starting services (redis-server would start a system instance;
  # skillbridge starts its own redis-server per service and never uses it).
  policy=/usr/sbin/policy-rc.d
  added_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    added_policy=1
  fi
  trap 'if ((added_policy)); then rm -f "$policy"; fi' EXIT
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if ((added_policy)); then
    rm -f "$policy"
    added_policy=0
  fi
  mapfile -t still_missing < <(sb_missing_apt_packages "${wanted[@]}")
  if ((${#still_missing[@]})); then
    sb_die "still missing after install: ${still_missing[*]}"
  fi
else
  sb_log "Debian packages: all present"
fi

sb_log "tools: $(cmake --version | head -n1), ninja $(ninja --version), node $(node --version), npm $(npm --version)"

if ((build_only)); then
  cd "$SB_ROOT"
  sb_log "npm ci --omit=dev"
  npm ci --omit=dev --no-audit --no-fund
elif [[ -f "$SB_ROOT/package.json" ]]; then
  if sb_npm_ready; then
    sb_log "npm packages: up to date"
  else
    cd "$SB_ROOT"
    if [[ -f package-lock.json ]]; then
      sb_log "npm ci"
      npm ci --no-audit --no-fund
    else
      sb_log "npm install (no package-lock.json yet)"
      npm install --no-audit --no-fund
    fi
  fi
fi

sb_log "setup complete"
