#!/usr/bin/env bash
# Starts the skillbridge stack on this machine for development:
#   - installs missing dependencies (scripts/setup.sh) and builds build/;
#   - development tokens in var/dev-tokens.txt and var/auth.textproto (scripts/gen-dev-tokens.sh);
#   - one redis-server per service (unix socket var/<service>/redis.sock, AOF, fsync always);
#   - every service whose binary is built, on 127.0.0.1 (see SERVICES below);
#   - the demo data (load_demo_data), then waits. Ctrl-C stops everything cleanly.
#
#   scripts/up.sh [--no-build] [--no-demo] [--fresh] [--dry-run]
#
#   --no-build   use the binaries already in build/ (no setup, no build)
#   --no-demo    do not load the demo data
#   --fresh      start from empty stores: removes every var/<service>/ data directory first (e.g.
#                after a store's schema version changed; there is no production data in var/)
#   --dry-run    tokens and Redis only: start each service's redis-server, check it answers PING,
#                print the service commands that would run, then stop Redis and exit
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# One line per service: name, gRPC port, metrics port, extra flags. Services whose binary
# (build/services/<name>/skillbridge-<name>) is not built yet are listed and skipped.
SERVICES=(
  "evaluation  50051 9101"
  "training    50052 9102 --evaluation_address=127.0.0.1:50051 --evaluation_token_file=var/service-token"
  "competition 50053 9103 --evaluation_address=127.0.0.1:50051 --evaluation_token_file=var/service-token"
  "incentive   50054 9104 --evaluation_address=127.0.0.1:50051 --evaluation_token_file=var/service-token"
  "education   50055 9105 --evaluation_address=127.0.0.1:50051 --evaluation_token_file=var/service-token"
  "aggregator  50060 9110 --http_listen=127.0.0.1:8080 --sources=evaluation=127.0.0.1:50051,training=127.0.0.1:50052,competition=127.0.0.1:50053,incentive=127.0.0.1:50054,education=127.0.0.1:50055 --service_token_file=var/service-token --static_dir=services/aggregator/web --echarts_path=node_modules/echarts/dist/echarts.min.js"
)
HOST=127.0.0.1

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

do_build=1
do_demo=1
dry_run=0
fresh=0
while (($#)); do
  case "$1" in
    --no-build) do_build=0 ;;
    --no-demo) do_demo=0 ;;
    --dry-run) dry_run=1 ;;
    --fresh) fresh=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) sb_die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

cd "$SB_ROOT"
VAR="$SB_ROOT/var"
BUILD="${SKILLBRIDGE_BUILD_DIR:-$SB_ROOT/build}"

service_binary() { printf '%s\n' "$BUILD/services/$1/skillbridge-$1"; }

# ------------------------------------------------------------------------- process tracking
# Children run in their own session (setsid) so that Ctrl-C reaches only this script, which
# then stops them in order: services first, Redis last.

declare -A service_pid=() redis_pid=()
started_services=()
started_redis=()
stopping=0

# Stops services (SIGTERM, then wait: they drain and exit 0), then their Redis (SHUTDOWN, which
# fsyncs the AOF).
stop_all() {
  ((stopping)) && return 0
  stopping=1
  trap '' INT TERM
  local name pid i
  if ((${#started_services[@]})); then
    sb_log "stopping services"
    for name in "${started_services[@]}"; do
      pid="${service_pid[$name]}"
      kill -TERM "$pid" 2>/dev/null || true
    done
    for name in "${started_services[@]}"; do
      pid="${service_pid[$name]}"
      for ((i = 0; i < 150; i++)); do # up to 15 s (the services' shutdown grace is 10 s)
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        sb_warn "$name did not stop in time; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
      wait "$pid" 2>/dev/null || true
    done
  fi
  if ((${#started_redis[@]})); then
    sb_log "stopping redis"
    for name in "${started_redis[@]}"; do
      pid="${redis_pid[$name]}"
      redis-cli -s "$VAR/$name/redis.sock" shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    done
    for name in "${started_redis[@]}"; do
      pid="${redis_pid[$name]}"
      for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null || true
    done
  fi
  sb_log "stopped"
}

on_signal() {
  echo
  stop_all
  exit 0
}

on_exit() {
  local rc=$?
  stop_all
  exit "$rc"
}

trap on_signal INT TERM
trap on_exit EXIT

# ------------------------------------------------------------------------------------ redis

# start_redis <service>: one redis-server on var/<service>/redis.sock with AOF (fsync always).
start_redis() {
  local name="$1" dir="$VAR/$1"
  local sock="$dir/redis.sock"
  if ((fresh)) && [[ -d "$dir" ]]; then
    if [[ -S "$sock" ]] && redis-cli -s "$sock" ping >/dev/null 2>&1; then
      sb_die "a redis-server still answers on ${sock#"$SB_ROOT"/}: stop it before --fresh"
    fi
    sb_log "--fresh: removing ${dir#"$SB_ROOT"/}"
    rm -rf "$dir"
  fi
  mkdir -p "$dir"
  if [[ -S "$sock" ]]; then
    if redis-cli -s "$sock" ping >/dev/null 2>&1; then
      sb_die "a redis-server already answers on ${sock#"$SB_ROOT"/} (is another scripts/up.sh running?)"
    fi
    rm -f "$sock"
  fi
  setsid redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --dir "$dir" \
    --appendonly yes --appendfsync always --save '' --daemonize no \
    --logfile "$dir/redis.log" --pidfile '' </dev/null >/dev/null 2>&1 &
  redis_pid[$name]=$!
  started_redis+=("$name")
  local i
  for ((i = 0; i < 100; i++)); do
    if [[ "$(redis-cli -s "$sock" ping 2>/dev/null)" == PONG ]]; then
      sb_log "redis for $name: unix://$sock (pid ${redis_pid[$name]})"
      return 0
    fi
    if ! kill -0 "${redis_pid[$name]}" 2>/dev/null; then
      tail -n 20 "$dir/redis.log" >&2 || true
      sb_die "redis-server for $name exited (log: ${dir#"$SB_ROOT"/}/redis.log)"
    fi
    sleep 0.1
  done
  sb_die "redis-server for $name did not answer PING within 10 s"
}

# ---------------------------------------------------------------------------------- services

# service_command <name> <grpc port> <metrics port> [extra flags...]: the command line, one
# argument per line.
service_command() {
  local name="$1" port="$2" mport="$3"
  shift 3
  printf '%s\n' "$(service_binary "$name")" \
    "--listen=$HOST:$port" \
    "--metrics_listen=$HOST:$mport" \
    "--redis=unix://$VAR/$name/redis.sock" \
    "--auth_config=$VAR/auth.textproto" \
    "--reference_dir=$SB_ROOT/reference" \
    "${@//=var\//=$VAR/}" # extra flags: "var/..." paths are relative to the repository
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# start_service <name> <grpc port> <metrics port> [extra flags...]
start_service() {
  local name="$1" port="$2"
  local log="$VAR/$name/service.log"
  local -a cmd
  mapfile -t cmd < <(service_command "$@")
  if port_open "$port"; then
    sb_die "port $port is already in use (another scripts/up.sh, or a stale $name?)"
  fi
  [[ -f "$log" ]] && mv -f "$log" "$log.1"
  # The exact command, to restart this one service by hand (var/<name>/run.sh). It records its
  # pid in var/<name>/service.pid, where the watch loop below finds it again.
  {
    printf '#!/usr/bin/env bash\n# Restarts %s as scripts/up.sh started it (logs to var/%s/service.log).\n' "$name" "$name"
    printf 'cd %q || exit 1\n' "$SB_ROOT"
    printf 'echo $$ >%q\n' "$VAR/$name/service.pid"
    printf 'exec'
    printf ' %q' "${cmd[@]}"
    printf ' </dev/null >>%q 2>&1\n' "$log"
  } >"$VAR/$name/run.sh"
  chmod +x "$VAR/$name/run.sh"
  setsid "${cmd[@]}" </dev/null >>"$log" 2>&1 &
  service_pid[$name]=$!
  echo "${service_pid[$name]}" >"$VAR/$name/service.pid"
  started_services+=("$name")
  local i
  for ((i = 0; i < 300; i++)); do # up to 30 s
    if ! kill -0 "${service_pid[$name]}" 2>/dev/null; then
      tail -n 30 "$log" >&2 || true
      sb_die "$name exited during start-up (log: ${log#"$SB_ROOT"/})"
    fi
    if port_open "$port"; then
      sb_log "$name: grpc $HOST:$port, metrics http://$HOST:$3/metrics (pid ${service_pid[$name]})"
      return 0
    fi
    sleep 0.1
  done
  sb_die "$name did not accept connections on $HOST:$port within 30 s (log: ${log#"$SB_ROOT"/})"
}

# ------------------------------------------------------------------------------------- demo

# Loads a realistic demo year through the services' APIs with the simulator, once it is built.
# Scale: SKILLBRIDGE_DEMO_SCALE (default 0.05 of a city year; 1 = full scale). Rerunning is safe:
# the simulator adds nothing that is already there.
load_demo_data() {
  local simulator="$BUILD/tools/simulator/skillbridge-simulator"
  if [[ ! -x "$simulator" ]]; then
    sb_log "demo data: no simulator is built yet (${simulator#"$SB_ROOT"/}); skipping"
    return 0
  fi
  local token scale="${SKILLBRIDGE_DEMO_SCALE:-0.05}"
  token="$(awk '$1 == "dev-admin" { print $4 }' "$VAR/dev-tokens.txt")"
  sb_log "demo data: running the simulator (scale $scale)"
  # Only the services that run here get records (an empty address makes the simulator skip one).
  local training="" competition="" incentive="" education=""
  [[ -n "${service_pid[training]:-}" ]] && training="$HOST:50052"
  [[ -n "${service_pid[competition]:-}" ]] && competition="$HOST:50053"
  [[ -n "${service_pid[incentive]:-}" ]] && incentive="$HOST:50054"
  [[ -n "${service_pid[education]:-}" ]] && education="$HOST:50055"
  SKILLBRIDGE_TOKEN="$token" "$simulator" --scale="$scale" \
    --evaluation="$HOST:50051" --training="$training" --competition="$competition" --incentive="$incentive" \
    --education="$education" \
    --reference_dir="$SB_ROOT/reference" 2>&1 | tee "$VAR/demo-load.log" || sb_warn "the demo data did not load completely (log: var/demo-load.log)"
}

print_examples() {
  local admin verifier viewer
  admin="$(awk '$1 == "dev-admin" { print $4 }' "$VAR/dev-tokens.txt")"
  verifier="$(awk '$1 == "dev-verifier" { print $4 }' "$VAR/dev-tokens.txt")"
  viewer="$(awk '$1 == "dev-viewer" { print $4 }' "$VAR/dev-tokens.txt")"
  cat <<EOF

${SB_BOLD}Tokens${SB_RESET} (var/dev-tokens.txt; send as "authorization: Bearer <token>"):
$(grep -v '^#' "$VAR/dev-tokens.txt")

${SB_BOLD}Example calls${SB_RESET} (${BUILD#"$SB_ROOT"/}/tools/cli/skillbridge: JSON in and out; --help):
  export SKILLBRIDGE_TOKEN=$admin
  ${BUILD#"$SB_ROOT"/}/tools/cli/skillbridge call evaluation/ListEvaluationOrgs '{"page_size": 10}'
  ${BUILD#"$SB_ROOT"/}/tools/cli/skillbridge call evaluation/GetEvaluationStats '{"year": 2023}'
  ${BUILD#"$SB_ROOT"/}/tools/cli/skillbridge call education/GetEducationStats '{"year": 2026}'
  SKILLBRIDGE_TOKEN=$verifier ${BUILD#"$SB_ROOT"/}/tools/cli/skillbridge verify \\
    --number=S000037000001231000001 --name=张三 --id_number=34052419800101001X
  ${BUILD#"$SB_ROOT"/}/tools/cli/skillbridge call --address=$HOST:50051 health/Check
  curl -s http://$HOST:9101/metrics | grep grpc_server_handled_total

${SB_BOLD}Dashboard${SB_RESET} (viewer token; the page keeps it in the tab, never in a query string):
  http://$HOST:8080/#token=$viewer
  curl -s -H "authorization: Bearer $viewer" "http://$HOST:8080/api/v1/dashboard?year=\$(date +%Y)"

${SB_BOLD}Check the dashboard against the records${SB_RESET} (recount from the services' list APIs):
  SKILLBRIDGE_TOKEN=$admin ${BUILD#"$SB_ROOT"/}/tools/reconcile/skillbridge-reconcile

Logs: var/<service>/service.log (JSON lines), var/<service>/redis.log. Ctrl-C stops everything.
Restart one service: stop it (kill <pid>, pids above and in var/<service>/service.pid), then run
var/<service>/run.sh & — in any order: each service keeps its data in its Redis, and the
aggregator resumes every feed from its stored cursor. Ctrl-C here stops the restarted ones too.
EOF
}

# ------------------------------------------------------------------------------------- main

if ((do_build && !dry_run)); then
  sb_ensure_deps
  sb_build_default || sb_die "build failed"
else
  for tool in redis-server redis-cli openssl; do
    command -v "$tool" >/dev/null 2>&1 || sb_die "$tool is missing (run scripts/setup.sh)"
  done
fi

# Everything under var/ (Redis data and AOF files, logs, tokens, sockets) is the owner's alone:
# directories 700, files 600, including what an earlier run left with wider modes.
umask 077
mkdir -p "$VAR"
chmod -R go-rwx "$VAR"
"$SB_ROOT/scripts/gen-dev-tokens.sh" --var "$VAR"
# The SERVICE token training, competition, incentive and education present to evaluation (mode 600).
(
  umask 077
  awk '$2 == "ROLE_SERVICE" { print $4; exit }' "$VAR/dev-tokens.txt" >"$VAR/service-token"
)
[[ -s "$VAR/service-token" ]] || sb_die "no ROLE_SERVICE token in var/dev-tokens.txt"

# Which services to run.
enabled=()
for entry in "${SERVICES[@]}"; do
  read -r name _ <<<"$entry"
  if ((dry_run)) || [[ -x "$(service_binary "$name")" ]]; then
    enabled+=("$entry")
  else
    sb_log "$name: not built yet (no ${BUILD#"$SB_ROOT"/}/services/$name/skillbridge-$name); skipped"
  fi
done
if ((${#enabled[@]} == 0)); then
  sb_die "no service binary is built (run without --no-build)"
fi

for entry in "${enabled[@]}"; do
  read -r name _ <<<"$entry"
  start_redis "$name"
done

if ((dry_run)); then
  sb_log "dry run: each service would start as"
  for entry in "${enabled[@]}"; do
    read -r -a fields <<<"$entry"
    echo "  $(service_command "${fields[@]}" | tr '\n' ' ')"
  done
  exit 0 # the EXIT trap stops Redis
fi

for entry in "${enabled[@]}"; do
  read -r -a fields <<<"$entry"
  start_service "${fields[@]}"
done

if ((do_demo)); then
  load_demo_data
fi

print_examples
sb_log "running; press Ctrl-C to stop"

# Watch the services. One that stops is reported once; Redis and the other services keep running,
# so it can be restarted by hand (var/<name>/run.sh), in any order. A restarted service is found
# through its pid file and stopped with the rest on Ctrl-C.
declare -A reported_down=()
while true; do
  for name in "${started_services[@]}"; do
    if kill -0 "${service_pid[$name]}" 2>/dev/null; then
      continue
    fi
    pid="$(cat "$VAR/$name/service.pid" 2>/dev/null || true)"
    if [[ -n "$pid" && "$pid" != "${service_pid[$name]}" ]] && kill -0 "$pid" 2>/dev/null; then
      service_pid[$name]="$pid"
      reported_down[$name]=0
      sb_log "$name is running again (pid $pid)"
    elif [[ "${reported_down[$name]:-0}" != 1 ]]; then
      reported_down[$name]=1
      tail -n 5 "$VAR/$name/service.log" >&2 || true
      sb_warn "$name stopped (log: var/$name/service.log); Redis and the other services keep running; restart it with var/$name/run.sh &"
    fi
  done
  sleep 1 &
  wait $! || true
done
