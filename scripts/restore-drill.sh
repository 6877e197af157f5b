#!/usr/bin/env bash
# Backup and restore drill of a skillbridge store (the evaluation service's Redis): takes a backup
# the way docs/operations.md ("Back up and restore") tells operators to, loses the store, restores
# it and checks that exactly the backed-up data came back and the service serves it.
#
#   scripts/restore-drill.sh [--build-dir DIR] [--scale S] [--keep]
#
#   --build-dir  build tree with the binaries (default: $SKILLBRIDGE_BUILD_DIR, else build/)
#   --scale      share of a city year the simulator loads before the backup (default 0.5:
#                28,000 certificates; 1.0 = a full year)
#   --keep       keep the work directory (data, backup files, logs) for inspection
#
# What runs, all real: redis-server configured like production (appendonly yes, appendfsync
# always, aof-use-rdb-preamble yes, RDB save points, noeviction, requirepass from a generated
# file, unix socket + 127.0.0.1, plus enable-debug-command local for DEBUG DIGEST) and
# skillbridge-evaluation on top of it (TCP + password, as in Kubernetes). Steps:
#   1. the simulator writes a programme year (year Y) through the service;
#   2. backup: BGSAVE, wait for it (LASTSAVE, INFO persistence), pause AOF rewrites, copy dump.rdb
#      and appendonlydir/, check them (redis-check-rdb, redis-check-aof, sha256); and a remote
#      copy with `redis-cli --rdb -` over TCP;
#   3. more records after the backup (simulated year Y-1): the expected loss window;
#   4. kill -9 Redis and restart it on its data: every write is there (nothing acknowledged is
#      lost by a crash); then kill -9 again (the service must report NOT_SERVING), stop the
#      service and wipe the data dir;
#   5. restore and check, three times: dump.rdb + appendonlydir/, appendonlydir/ alone, and the
#      remote RDB alone (loaded with appendonly off, then AOF switched on and rewritten). Each time:
#      key count, key-name hash and DEBUG DIGEST equal the backup's; AOF on again; the service
#      starts, its health answers SERVING, GetEvaluationStats(Y) equals the figures at backup
#      time and GetEvaluationStats(Y-1) is empty (the post-backup records are gone).
# Health and reads use curl over HTTP/2 with protoc-encoded messages (no other gRPC client needed).
# Prints timings and sizes; exits 1 on any mismatch. Everything lives in a temporary directory
# ($TMPDIR or /tmp). About 25-30 s at the default scale, 40 s at --scale 1 (2 cores).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }

build_dir="${SKILLBRIDGE_BUILD_DIR:-$SB_ROOT/build}" scale=0.5 keep=0
while (($#)); do
  case "$1" in
    --build-dir)
      build_dir="${2:?--build-dir needs a directory}"
      shift
      ;;
    --scale)
      scale="${2:?--scale needs a number}"
      shift
      ;;
    --keep) keep=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) sb_die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
[[ "$scale" =~ ^(0?\.[0-9]*[1-9][0-9]*|[1-9][0-9]*(\.[0-9]+)?)$ ]] || sb_die "--scale: expected a positive number"
build_dir="$(realpath -m "$build_dir")"

EVAL_BIN="$build_dir/services/evaluation/skillbridge-evaluation"
SIM_BIN="$build_dir/tools/simulator/skillbridge-simulator"
for bin in "$EVAL_BIN" "$SIM_BIN"; do
  [[ -x "$bin" ]] || sb_die "$bin is missing (build it first: cmake --build ${build_dir#"$SB_ROOT"/})"
done
for tool in redis-server redis-cli redis-check-rdb redis-check-aof curl protoc openssl perl sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || sb_die "$tool is missing (run scripts/setup.sh)"
done
curl --version | grep -qw HTTP2 || sb_die "curl without HTTP/2 support: it cannot speak gRPC"

umask 077
WORK="$(mktemp -d "${TMPDIR:-/tmp}/skillbridge-restore-drill.XXXXXX")"
DATA="$WORK/data" BACKUP="$WORK/backup" SOCK="$WORK/redis.sock"
mkdir -p "$DATA" "$BACKUP"
pids=()
REDIS_PID="" EVAL_PID="" starts=0
cleanup() {
  sb_stop_pids KILL
  if ((keep)); then
    sb_log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# ------------------------------------------------------------------------------- helpers

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
bytes() { du -sb "$1" | cut -f1; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
failures=0
check() { # check <what> <expected> <actual>
  if [[ "$2" == "$3" ]]; then
    printf '    ok    %-44s %s\n' "$1" "$3"
  else
    printf '    FAIL  %-44s expected %s, got %s\n' "$1" "$2" "$3"
    failures=$((failures + 1))
  fi
}

# A free loopback port for Redis (the services reach it over TCP, as in Kubernetes).
free_port() {
  local port i
  for ((i = 0; i < 50; i++)); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  sb_die "no free loopback port found"
}
REDIS_PORT="$(free_port)"

openssl rand -hex 32 >"$WORK/redis-password"
REDIS_PASSWORD="$(cat "$WORK/redis-password")"
export REDISCLI_AUTH="$REDIS_PASSWORD"
rcli() { redis-cli -s "$SOCK" "$@"; }

# The production settings (deploy/images: /etc/skillbridge/redis.conf), in the drill's directory.
cat >"$WORK/redis.conf" <<EOF
bind 127.0.0.1
port $REDIS_PORT
unixsocket $SOCK
unixsocketperm 700
dir $DATA
protected-mode yes
appendonly yes
appendfsync always
aof-use-rdb-preamble yes
save 3600 1 300 100 60 10000
maxmemory-policy noeviction
enable-debug-command local
daemonize no
logfile $WORK/redis.log
EOF

# start_redis [extra redis-server arguments...]: starts Redis on $DATA, waits until it has loaded
# its data and answers; sets REDIS_PID.
start_redis() {
  : >"$WORK/redis.log"
  redis-server "$WORK/redis.conf" --requirepass "$REDIS_PASSWORD" "$@" </dev/null >/dev/null 2>&1 &
  REDIS_PID=$!
  pids+=("$REDIS_PID")
  local i
  for ((i = 0; i < 600; i++)); do
    if [[ "$(rcli ping 2>/dev/null)" == PONG ]] && rcli info persistence | grep -q '^loading:0'; then
      return 0
    fi
    kill -0 "$REDIS_PID" 2>/dev/null || break
    sleep 0.05
  done
  tail -n 20 "$WORK/redis.log" >&2
  sb_die "redis-server did not come up (log above)"
}

crash_redis() {
  kill -KILL "$REDIS_PID"
  wait "$REDIS_PID" 2>/dev/null || true
}

info_field() { rcli info "$1" | tr -d '\r' | sed -n "s/^$2:\(.*\)/\1/p"; }

# The store's identity: key count, SHA-256 of the sorted key names, DEBUG DIGEST.
store_state() {
  printf '%s %s %s\n' "$(rcli dbsize)" \
    "$(rcli --scan | LC_ALL=C sort | sha256sum | cut -c1-16)" "$(rcli debug digest)"
}

# One gRPC call to the evaluation service under test (sb_grpc_call in scripts/lib.sh).
grpc_call() { sb_grpc_call "127.0.0.1:$EVAL_PORT" "$@"; }
health() {
  grpc_call grpc.health.v1.Health/Check grpc.health.v1.HealthCheckRequest \
    grpc.health.v1.HealthCheckResponse '' 2>/dev/null | sed -n 's/^status: //p'
}
# Certificates issued, revoked and introductions of a year, as the service reports them.
stats() {
  grpc_call skillbridge.evaluation.v1.EvaluationService/GetEvaluationStats \
    skillbridge.evaluation.v1.GetEvaluationStatsRequest skillbridge.evaluation.v1.GetEvaluationStatsResponse \
    "year: $1" "$VIEWER_TOKEN" | awk '/^total_issued:/ { i = $2 } /^total_revoked:/ { r = $2 }
      /^introductions:/ { n = $2 } END { printf "issued=%d revoked=%d introductions=%d\n", i, r, n }'
}

# start_service: starts evaluation against the store; returns once health answers SERVING and sets
# EVAL_PID, EVAL_PORT and READY_S (seconds from exec to SERVING).
start_service() {
  local t0 i status="" log
  # A new log per start: sb_start_server must not read the previous start's port.
  starts=$((starts + 1))
  log="$WORK/evaluation.$starts.log"
  t0="$(now)"
  sb_start_server "$log" "$EVAL_BIN" --listen=127.0.0.1:0 \
    --redis="redis://127.0.0.1:$REDIS_PORT/0" --redis_password_file="$WORK/redis-password" \
    --auth_config="$WORK/auth.textproto" --reference_dir="$SB_ROOT/reference"
  EVAL_PID="$SERVER_PID" EVAL_PORT="$SERVER_PORT"
  grep -q '"msg":"listening"' "$log" || sb_die "no listening line in the service log"
  for ((i = 0; i < 300; i++)); do
    status="$(health)"
    [[ "$status" == SERVING ]] && break
    sleep 0.05
  done
  [[ "$status" == SERVING ]] || sb_die "evaluation health: '${status:-no answer}' instead of SERVING"
  READY_S="$(since "$t0")"
}

stop_service() {
  kill -TERM "$EVAL_PID"
  local rc=0
  wait "$EVAL_PID" || rc=$?
  check "service exit status on SIGTERM" 0 "$rc"
}

simulate() { # simulate <year> <scale>
  "$SIM_BIN" --evaluation="127.0.0.1:$EVAL_PORT" --token="$ADMIN_TOKEN" --reference_dir="$SB_ROOT/reference" \
    --year="$1" --scale="$2" --progress=false >"$WORK/simulator-$1.log" 2>&1 ||
    {
      tail -n 20 "$WORK/simulator-$1.log" >&2
      sb_die "the simulator failed for year $1"
    }
}

# ----------------------------------------------------------------------------- 1. records

"$SB_ROOT/scripts/gen-dev-tokens.sh" --var "$WORK" >/dev/null
token_of() { awk -v n="$1" '$1 == n { print $4 }' "$WORK/dev-tokens.txt"; }
ADMIN_TOKEN="$(token_of dev-admin)" VIEWER_TOKEN="$(token_of dev-viewer)"
[[ -n "$ADMIN_TOKEN" && -n "$VIEWER_TOKEN" ]] || sb_die "gen-dev-tokens.sh wrote no dev-admin/dev-viewer token"

YEAR="$(date +%Y)" LATE_YEAR="$(($(date +%Y) - 1))"
sb_log "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$REDIS_PORT and $SOCK (work dir $WORK)"
start_redis
start_service
sb_log "writing year $YEAR (scale $scale) through the evaluation service"
t0="$(now)"
simulate "$YEAR" "$scale"
sb_log "  loaded in $(since "$t0") s: $(stats "$YEAR")"

# ------------------------------------------------------------------------------- 2. backup

sb_log "backup: BGSAVE + appendonlydir copy, and redis-cli --rdb over TCP"
STATE_BEFORE="$(store_state)"
STATS_BEFORE="$(stats "$YEAR")"
USED_MEMORY="$(info_field memory used_memory)"
t_backup="$(now)"
last="$(rcli lastsave)"
while (($(date +%s) <= last)); do sleep 0.1; done # LASTSAVE counts whole seconds
reply="$(rcli bgsave schedule)"
[[ "$reply" == *"Background saving"* ]] || sb_die "BGSAVE: $reply"
for ((i = 0; i < 1200; i++)); do
  [[ "$(rcli lastsave)" -gt "$last" && "$(info_field persistence rdb_bgsave_in_progress)" == 0 ]] && break
  sleep 0.05
done
check "BGSAVE finished (rdb_last_bgsave_status)" ok "$(info_field persistence rdb_last_bgsave_status)"
# No AOF rewrite may replace the files while they are copied.
aof_pct="$(rcli config get auto-aof-rewrite-percentage | tail -n1)"
rcli config set auto-aof-rewrite-percentage 0 >/dev/null
for ((i = 0; i < 1200; i++)); do
  [[ "$(info_field persistence aof_rewrite_in_progress)" == 0 &&
    "$(info_field persistence aof_rewrite_scheduled)" == 0 ]] && break
  sleep 0.05
done
cp -a "$DATA/dump.rdb" "$DATA/appendonlydir" "$BACKUP/"
rcli config set auto-aof-rewrite-percentage "$aof_pct" >/dev/null
(cd "$BACKUP" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) >"$WORK/sums"
mv "$WORK/sums" "$BACKUP/SHA256SUMS"
BACKUP_S="$(since "$t_backup")"
check "store unchanged while backing up" "$STATE_BEFORE" "$(store_state)"
redis-check-rdb "$BACKUP/dump.rdb" >"$WORK/check-rdb.log" 2>&1 || {
  tail "$WORK/check-rdb.log" >&2
  sb_die "redis-check-rdb refused the backup's dump.rdb"
}
redis-check-aof "$BACKUP/appendonlydir/appendonly.aof.manifest" >"$WORK/check-aof.log" 2>&1 || {
  tail "$WORK/check-aof.log" >&2
  sb_die "redis-check-aof refused the backup's appendonlydir"
}
t0="$(now)"
# To stdout, as `kubectl exec <svc>-redis-0 -c redis -- redis-cli --rdb - > file` does.
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --rdb - >"$WORK/remote.rdb" 2>"$WORK/remote-rdb.log" || {
  cat "$WORK/remote-rdb.log" >&2
  sb_die "redis-cli --rdb failed"
}
REMOTE_S="$(since "$t0")"
redis-check-rdb "$WORK/remote.rdb" >"$WORK/check-remote.log" 2>&1 || sb_die "redis-check-rdb refused remote.rdb"
read -r KEYS_BEFORE _ _ <<<"$STATE_BEFORE"
RDB_BYTES="$(bytes "$BACKUP/dump.rdb")" AOF_BYTES="$(bytes "$BACKUP/appendonlydir")"
REMOTE_BYTES="$(bytes "$WORK/remote.rdb")"
printf '    keys %s, used_memory %s; dump.rdb %s, appendonlydir/ %s, remote.rdb %s\n' "$KEYS_BEFORE" \
  "$(mib "$USED_MEMORY")" "$(mib "$RDB_BYTES")" "$(mib "$AOF_BYTES")" "$(mib "$REMOTE_BYTES")"
printf '    backup (BGSAVE + copy + sha256) %s s; redis-cli --rdb %s s\n' "$BACKUP_S" "$REMOTE_S"

# ------------------------------------------------------------------- 3. the loss window

sb_log "writing year $LATE_YEAR after the backup (these records must not survive the restore)"
simulate "$LATE_YEAR" 0.05
STATS_LATE="$(stats "$LATE_YEAR")"
STATE_LATE="$(store_state)"
read -r keys_late _ <<<"$STATE_LATE"
printf '    keys %s (+%s); year %s: %s\n' "$keys_late" "$((keys_late - KEYS_BEFORE))" "$LATE_YEAR" "$STATS_LATE"
[[ "$STATS_LATE" != "issued=0 "* ]] || sb_die "the post-backup writes issued no certificate"

# ---------------------------------------------------------------------------- 4. + 5. drills

EMPTY_STATS="issued=0 revoked=0 introductions=0"
results=()

# lose_store: kill -9 Redis under the running service, see the service notice, stop it, wipe.
lose_store() {
  crash_redis
  local i status=""
  for ((i = 0; i < 100; i++)); do
    status="$(health)"
    [[ "$status" == NOT_SERVING ]] && break
    sleep 0.1
  done
  check "health once Redis is gone" NOT_SERVING "$status"
  stop_service
  find "$DATA" -mindepth 1 -delete
}

# verify <name> <restore seconds>: the store and the service after a restore.
verify() {
  local name="$1" restore_s="$2" state load_s
  state="$(store_state)"
  check "key count, key-name hash, DEBUG DIGEST" "$STATE_BEFORE" "$state"
  check "AOF on (aof_enabled)" 1 "$(info_field persistence aof_enabled)"
  start_service
  check "health" SERVING "$(health)"
  check "GetEvaluationStats($YEAR) as at backup" "$STATS_BEFORE" "$(stats "$YEAR")"
  check "GetEvaluationStats($LATE_YEAR) (post-backup)" "$EMPTY_STATS" "$(stats "$LATE_YEAR")"
  load_s="$(sed -n 's/.*DB loaded from append only file: \([0-9.]*\) seconds.*/\1/p' "$WORK/redis.log" | tail -n1)"
  results+=("$(printf '%-24s %10s %10s %12s %10s' "$name" "$restore_s" "${load_s:--}" "$READY_S" "${state%% *}")")
}

# A crash alone loses nothing acknowledged (appendfsync always): Redis restarted on the same data
# dir has every write, and the running service serves again once its store answers.
sb_log "crash: kill -9 Redis under the service, restart it on the same data"
crash_redis
t0="$(now)"
start_redis
crash_restart_s="$(since "$t0")"
check "store after kill -9 + restart (all writes)" "$STATE_LATE" "$(store_state)"
for ((i = 0; i < 100; i++)); do
  [[ "$(health)" == SERVING ]] && break
  sleep 0.1
done
check "health of the running service again" SERVING "$(health)"
check "GetEvaluationStats($LATE_YEAR) after the crash" "$STATS_LATE" "$(stats "$LATE_YEAR")"
printf '    Redis back with every acknowledged write in %s s\n' "$crash_restart_s"

sb_log "drill 1: kill -9, wipe, restore dump.rdb + appendonlydir/"
lose_store
t0="$(now)"
(cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS) || sb_die "the backup files do not match SHA256SUMS"
cp -a "$BACKUP/dump.rdb" "$BACKUP/appendonlydir" "$DATA/"
start_redis
restore_s="$(since "$t0")"
grep -q 'DB loaded from base file appendonly' "$WORK/redis.log" ||
  sb_warn "Redis did not report loading the AOF base file"
verify "dump.rdb + appendonlydir" "$restore_s"

sb_log "drill 2: kill -9, wipe, restore appendonlydir/ alone"
lose_store
t0="$(now)"
cp -a "$BACKUP/appendonlydir" "$DATA/"
start_redis
verify "appendonlydir alone" "$(since "$t0")"

sb_log "drill 3: kill -9, wipe, restore the redis-cli --rdb file alone"
lose_store
# With appendonly yes and no appendonlydir/, Redis 7.0 ignores dump.rdb and starts empty (it then
# creates an empty AOF): an RDB-only restore loads with appendonly off, then switches AOF on.
cp "$WORK/remote.rdb" "$DATA/dump.rdb"
start_redis
naive_keys="$(rcli dbsize)"
printf '    (a plain start with appendonly yes loaded %s keys from dump.rdb alone)\n' "$naive_keys"
crash_redis
find "$DATA" -mindepth 1 -delete
t0="$(now)"
cp "$WORK/remote.rdb" "$DATA/dump.rdb"
start_redis --appendonly no
rcli config set appendonly yes >/dev/null
for ((i = 0; i < 1200; i++)); do
  [[ "$(info_field persistence aof_rewrite_in_progress)" == 0 &&
    "$(info_field persistence aof_rewrite_scheduled)" == 0 &&
    "$(info_field persistence aof_enabled)" == 1 ]] && break
  sleep 0.05
done
check "AOF rewrite after CONFIG SET appendonly yes" ok "$(info_field persistence aof_last_bgrewrite_status)"
# Restart with the unchanged production settings: the store must now come back from its AOF.
rcli shutdown >/dev/null 2>&1 || true
wait "$REDIS_PID" 2>/dev/null || true
start_redis
verify "redis-cli --rdb alone" "$(since "$t0")"
stop_service
rcli shutdown >/dev/null 2>&1 || true
wait "$REDIS_PID" 2>/dev/null || true

# -------------------------------------------------------------------------------- summary

printf '\n%-24s %10s %10s %12s %10s\n' "restore from" "restore s" "AOF load s" "service s" "keys"
printf '%s\n' "${results[@]}"
printf '(restore s: files copied until Redis answers with its data loaded; AOF load s: as Redis logs it;\n'
printf ' service s: skillbridge-evaluation started until its health answers SERVING)\n'
printf '\nbackup %s s (dump.rdb %s + appendonlydir/ %s), redis-cli --rdb %s s (%s);' "$BACKUP_S" \
  "$(mib "$RDB_BYTES")" "$(mib "$AOF_BYTES")" "$REMOTE_S" "$(mib "$REMOTE_BYTES")"
printf ' store %s keys, used_memory %s\n' "$KEYS_BEFORE" "$(mib "$USED_MEMORY")"
printf 'year %s at backup: %s; lost window (year %s, written after the backup): %s\n' "$YEAR" \
  "$STATS_BEFORE" "$LATE_YEAR" "$STATS_LATE"
if ((failures)); then
  sb_die "$failures check(s) failed"
fi
sb_log "restore drill passed in ${SECONDS} s"
