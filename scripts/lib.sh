# shellcheck shell=bash
# Shared helpers for the skillbridge scripts. Source it; do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Provides: SB_ROOT (repository root), logging (sb_log, sb_warn, sb_die), the lists of
# dependencies (SB_APT_BUILD_PACKAGES, SB_APT_PACKAGES) and their check, the npm check, sb_jobs,
# sb_build (configure + build one CMake/Ninja tree), sb_credit_code_check (GB 32100-2015 check character), and the
# local processes of the benchmark and the soak (sb_token, sb_sha256, sb_start_redis,
# sb_stop_redis, sb_start_server, sb_stop_pids).

if [[ -n "${SB_LIB_LOADED:-}" ]]; then
  return 0
fi
SB_LIB_LOADED=1

SB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SB_ROOT

# ------------------------------------------------------------------------------------ logging

# shellcheck disable=SC2034  # the colours are used by the scripts that source this file
if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  SB_BOLD=$'\e[1m' SB_RED=$'\e[31m' SB_GREEN=$'\e[32m' SB_YELLOW=$'\e[33m' SB_RESET=$'\e[0m'
else
  SB_BOLD='' SB_RED='' SB_GREEN='' SB_YELLOW='' SB_RESET=''
fi

sb_log() { printf '%s==>%s %s\n' "$SB_BOLD" "$SB_RESET" "$*"; }
sb_warn() { printf '%swarning:%s %s\n' "$SB_YELLOW" "$SB_RESET" "$*" >&2; }
sb_die() {
  printf '%serror:%s %s\n' "$SB_RED" "$SB_RESET" "$*" >&2
  exit 1
}

# ------------------------------------------------------------------------------ dependencies

# Debian 12 packages that compile the service binaries (the container image's build stage
# installs only these: scripts/setup.sh --build-only).
SB_APT_BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libhiredis-dev prometheus-cpp-dev libcpp-httplib-dev
  libssl-dev libabsl-dev libjemalloc-dev
  libxlsxwriter-dev zlib1g-dev  # the command-line tool: .xlsx out (libxlsxwriter) and in (zlib inflates the parts)
  ca-certificates
)

# Debian 12 packages the tests, the checks and the local stack need besides the build ones.
# Node.js and npm are handled separately (an existing `node` is never replaced).
SB_APT_PACKAGES=(
  "${SB_APT_BUILD_PACKAGES[@]}"
  libgtest-dev libgmock-dev
  redis-server redis-tools openssl
  clang-format shellcheck
  clang libclang-rt-14-dev # the fuzz build (tests/fuzz): clang with its libFuzzer, ASan and UBSan runtimes
  chromium fonts-noto-cjk
  yamllint prometheus            # deployment checks: yamllint, promtool (scripts/k8s-check.sh, monitoring-check.sh)
  podman mmdebstrap uidmap       # container images (scripts/image-check.sh)
)

# sb_missing_apt_packages [package...]: prints the packages (default SB_APT_PACKAGES) that are
# not installed, one per line, plus nodejs/npm when `node`/`npm` are absent.
sb_missing_apt_packages() {
  local pkg status
  local -a wanted=("$@")
  ((${#wanted[@]})) || wanted=("${SB_APT_PACKAGES[@]}")
  for pkg in "${wanted[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "install ok installed" ]]; then
      printf '%s\n' "$pkg"
    fi
  done
  if ! command -v node >/dev/null 2>&1; then
    printf '%s\n' nodejs
    if ! command -v npm >/dev/null 2>&1; then
      printf '%s\n' npm
    fi
  fi
}

# True when the npm dependencies in node_modules match package-lock.json.
sb_npm_ready() {
  [[ -f "$SB_ROOT/package.json" ]] || return 0
  [[ -d "$SB_ROOT/node_modules" ]] || return 1
  local marker="$SB_ROOT/node_modules/.package-lock.json"
  [[ -f "$marker" ]] || return 1
  [[ ! "$SB_ROOT/package.json" -nt "$marker" ]] || return 1
  if [[ -f "$SB_ROOT/package-lock.json" ]]; then
    [[ ! "$SB_ROOT/package-lock.json" -nt "$marker" ]] || return 1
  fi
  return 0
}

# True when everything scripts/setup.sh installs is present.
sb_deps_ready() {
  [[ -z "$(sb_missing_apt_packages "${SB_APT_PACKAGES[@]}")" ]] && command -v npm >/dev/null 2>&1 && sb_npm_ready
}

# Runs scripts/setup.sh when something is missing.
sb_ensure_deps() {
  if ! sb_deps_ready; then
    sb_log "some dependencies are missing: running scripts/setup.sh"
    "$SB_ROOT/scripts/setup.sh"
  fi
}

# ------------------------------------------------------------------------------------- build

# Parallel build/test jobs: SKILLBRIDGE_JOBS, default 2 (the size of the CI machine).
sb_jobs() {
  local jobs="${SKILLBRIDGE_JOBS:-2}"
  if [[ ! "$jobs" =~ ^[1-9][0-9]*$ ]]; then
    sb_die "SKILLBRIDGE_JOBS must be a positive integer, got '$jobs'"
  fi
  printf '%s\n' "$jobs"
}

# sb_build <build-dir> [extra cmake -D arguments...]
# Configures the tree with Ninja when it is new or the arguments changed, then builds it.
sb_build() {
  local dir="$1"
  shift
  local args=(-G Ninja -S "$SB_ROOT" -B "$dir" "$@")
  local stamp="$dir/.skillbridge-configure-args"
  mkdir -p "$dir"
  if [[ ! -f "$dir/build.ninja" || ! -f "$stamp" || "$(cat "$stamp")" != "${args[*]}" ]]; then
    sb_log "configuring $dir"
    cmake "${args[@]}" || return 1
    printf '%s' "${args[*]}" >"$stamp"
  fi
  sb_log "building $dir ($(sb_jobs) jobs)"
  # When ccache is installed (CMakeLists.txt then uses it), paths relative to the checkout let a
  # fresh clone elsewhere reuse what an earlier build compiled; without CCACHE_NOHASHDIR, ccache
  # would key every object compiled with debug info (-g) by the build directory's absolute path and
  # a clone would never hit (the debug info then names the directory of the first compilation).
  CCACHE_BASEDIR="${CCACHE_BASEDIR:-$SB_ROOT}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}" \
    cmake --build "$dir" --parallel "$(sb_jobs)"
}

# The default development/CI build (build/).
sb_build_default() {
  sb_build "$SB_ROOT/build" -DCMAKE_BUILD_TYPE="${SKILLBRIDGE_BUILD_TYPE:-RelWithDebInfo}"
}

# ------------------------------------------------------------------------------ reference data

# sb_credit_code_check <17 characters>: prints the GB 32100-2015 check character.
sb_credit_code_check() {
  local base="$1"
  local charset='0123456789ABCDEFGHJKLMNPQRTUWXY'
  local -a weights=(1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28)
  local sum=0 i ch prefix value check
  if [[ ${#base} -ne 17 ]]; then
    sb_die "credit code base must have 17 characters: '$base'"
  fi
  for ((i = 0; i < 17; i++)); do
    ch="${base:i:1}"
    prefix="${charset%%"$ch"*}"
    if [[ "$prefix" == "$charset" ]]; then
      sb_die "character '$ch' is not allowed in a credit code"
    fi
    value=${#prefix}
    sum=$((sum + value * weights[i]))
  done
  check=$((31 - sum % 31))
  if ((check == 31)); then
    check=0
  fi
  printf '%s\n' "${charset:check:1}"
}

# ------------------------------------------------------------------ local processes (bench, soak)

# A random development token (48 hex characters) and the SHA-256 an auth config lists for it.
sb_token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
sb_sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# sb_stop_pids [signal]: sends the signal (default TERM) to every pid in the caller's `pids` array
# (what sb_start_redis and sb_start_server append to) and waits for each; for exit traps.
sb_stop_pids() {
  local signal="${1:-TERM}" pid
  for pid in "${pids[@]}"; do
    kill "-$signal" "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}

# sb_start_redis <dir> <appendfsync>: a redis-server configured as the services' store (AOF,
# unix socket <dir>/redis.sock, mode 700); waits for PING. Its pid is appended to the caller's
# `pids` array (which the caller's exit trap stops).
sb_start_redis() {
  local dir="$1" fsync="$2"
  mkdir -p "$dir"
  redis-server --port 0 --unixsocket "$dir/redis.sock" --unixsocketperm 700 --dir "$dir" \
    --appendonly yes --appendfsync "$fsync" --save '' --daemonize no --logfile "$dir/redis.log" \
    </dev/null >/dev/null 2>&1 &
  pids+=($!)
  local i
  for ((i = 0; i < 100; i++)); do
    [[ "$(redis-cli -s "$dir/redis.sock" ping 2>/dev/null)" == PONG ]] && return 0
    sleep 0.1
  done
  sb_die "redis-server in $dir did not answer"
}

sb_stop_redis() { redis-cli -s "$1/redis.sock" shutdown nosave >/dev/null 2>&1 || true; }

# sb_start_server <log> <command...>: starts a gRPC server that listens on 127.0.0.1:0 and waits
# for the port it reports in its log; sets SERVER_PORT and SERVER_PID and appends the pid to the
# caller's `pids` array.
sb_start_server() {
  local log="$1"
  shift
  "$@" 2>"$log" >/dev/null &
  local pid=$! i port=""
  pids+=("$pid")
  for ((i = 0; i < 300; i++)); do
    port="$(grep -o '"port":[0-9]*' "$log" 2>/dev/null | head -n1 | cut -d: -f2 || true)"
    [[ -n "$port" && "$port" != 0 ]] && break
    kill -0 "$pid" 2>/dev/null || {
      tail -n 20 "$log" >&2
      sb_die "$* exited (log: $log)"
    }
    sleep 0.1
  done
  [[ -n "$port" ]] || sb_die "$1 did not report its port"
  # shellcheck disable=SC2034  # read by the scripts that source this file
  SERVER_PID="$pid" SERVER_PORT="$port"
}

# ------------------------------------------------------------------- gRPC calls from the shell

# sb_grpc_call <host:port> <method path> <request type> <response type> <request text> [token]
# One unary gRPC call over HTTP/2 cleartext with curl, the messages encoded and decoded by protoc
# from protos/ (text format in, text format out). Prints the decoded response; on a non-zero
# grpc-status prints the grpc-status/grpc-message trailers to stderr and returns 1. Needs curl
# with HTTP/2, protoc and perl. Used by the checks that have no gRPC client of their own
# (scripts/restore-drill.sh, scripts/image-check.sh).
sb_grpc_call() {
  local address="$1" path="$2" req_type="$3" resp_type="$4" text="$5" token="${6:-}"
  local protos="$SB_ROOT/protos" proto package dir rc=0
  package="${req_type%.*}"
  case "$package" in
    grpc.health.v1) proto="$(cd "$protos" && find grpc -name health.proto | head -n1)" ;;
    skillbridge.*)
      dir="$(tr . / <<<"$package")"
      proto="$(cd "$protos" && grep -l "^service " "$dir"/*.proto | head -n1)"
      ;;
    *) sb_die "sb_grpc_call: no proto known for $req_type" ;;
  esac
  [[ -n "$proto" ]] || sb_die "sb_grpc_call: proto of $req_type not found under protos/"
  dir="$(mktemp -d)"
  if printf '%s\n' "$text" | protoc -I"$protos" -I/usr/include --encode="$req_type" "$proto" >"$dir/msg"; then
    perl -e 'print pack("CN", 0, -s $ARGV[0])' "$dir/msg" | cat - "$dir/msg" >"$dir/req"
    local headers=(-H 'content-type: application/grpc' -H 'te: trailers')
    [[ -z "$token" ]] || headers+=(-H "authorization: Bearer $token")
    if ! curl -sS --http2-prior-knowledge --max-time 10 "${headers[@]}" --data-binary "@$dir/req" \
      -D "$dir/headers" -o "$dir/resp" "http://$address/$path"; then
      rc=1
    elif ! grep -qi '^grpc-status: 0' "$dir/headers"; then
      tr -d '\r' <"$dir/headers" | grep -i '^grpc-' >&2 || true
      rc=1
    else
      tail -c +6 "$dir/resp" | protoc -I"$protos" -I/usr/include --decode="$resp_type" "$proto" || rc=1
    fi
  else
    rc=1
  fi
  rm -rf "$dir"
  return "$rc"
}
