#!/usr/bin/env bash
# The skillbridge benchmark: baselines and service scenarios measured in one run, on one
# machine, with one load generator (tools/loadgen), and the report in docs/performance.md.
#
#   scripts/bench.sh [--quick] [--scales N,N...] [--build-dir DIR] [--no-build] [--profile] [--out FILE]
#
#   --quick        a smoke check of the harness (< 1 min): short runs, 2,000 certificates
#                  preloaded; writes var/bench/performance-quick.md, never docs/performance.md.
#                  Checks that every step produces figures; it asserts no number.
#   (full mode)    10 s per run after 3 s of warm-up; 100k then 1M certificates preloaded
#                  (about 15-30 minutes on 2 cores); rewrites the generated part of
#                  docs/performance.md (between the bench:begin/bench:end markers).
#   --scales       certificates to preload, ascending, comma-separated (default: the mode's)
#   --build-dir    build tree holding the binaries (default build-bench/, configured Release)
#   --no-build     use the binaries as they are
#   --profile      also record perf profiles of the evaluation service (verify, bulk issue)
#   --out FILE     write the report there instead
#
# Runs, in order:
#   1. redis-benchmark (SET/GET) against a redis-server configured as the services' store (AOF,
#      appendfsync always, then everysec), without and with pipelining (-P 16);
#   2. skillbridge-echo with --runtime=off (bare callback handler) and --runtime=on (auth,
#      permission table, executor hand-off, metrics, JSON log line), same ServerRunner and flags;
#   3. skillbridge-evaluation over its own redis-server (appendfsync always): echo off, echo on
#      and VerifyCertificate interleaved in 3 rounds (quick: 1), the median round of each kept;
#      then ListCertificates, IssueCertificate (always, then everysec), BatchIssueCertificates;
#      then EnrollPerson and SubmitSubsidyClaim on skillbridge-training over its own redis-server
#      (appendfsync always; each claim's certificate verified live with the evaluation above);
#   4. scale: preload 100k (quick: 2,000) certificates through the bulk path, Redis bytes per
#      certificate from INFO memory, the read/write scenarios again; full mode repeats at 1M;
#   5. at each scale, skillbridge-aggregator (its own redis-server, appendfsync always) consuming
#      the evaluation under test (no training source): feed catch-up from a cold cursor (a fresh
#      aggregator on an empty Redis; events/s until its cursor reaches the feed end), GetDashboard
#      (city-wide and district alternating; 64 and 1 in flight; goal p99 <= 5 ms at 1M),
#      GetTalentProfile of preloaded persons. The aggregator is stopped during the preloads, so
#      it does not weigh on them. Skipped with a warning when its binary is missing (--no-build).
# Every process listens on 127.0.0.1 port 0 or a unix socket under var/bench/ (removed at the end).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,34p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

SCALES=()
quick=0 build=1 profile=0 build_dir="$SB_ROOT/build-bench" out="" scales=""
while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --scales)
      scales="${2:?--scales needs a list such as 100000,1000000}"
      shift
      ;;
    --profile) profile=1 ;;
    --build-dir)
      build_dir="$(realpath -m "${2:?--build-dir needs a directory}")"
      shift
      ;;
    --out)
      out="${2:?--out needs a file}"
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) sb_die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

if [[ -n "$scales" ]]; then
  [[ "$scales" =~ ^[0-9]+(,[0-9]+)*$ ]] || sb_die "--scales: expected numbers separated by commas"
  IFS=, read -r -a SCALES <<<"$scales"
fi
if ((${#SCALES[@]} == 0)); then
  if ((quick)); then SCALES=(2000); else SCALES=(100000 1000000); fi
fi
if ((quick)); then
  DURATION=2 WARMUP=0.5 CONC=64 POOL=500 RB_N=20000 BULK_CONC=2 REPEAT=1 CLAIM_POOL=12000
  AGG_DURATION=1 AGG_WARMUP=0.3 CATCH_UP_TIMEOUT=$((120 + ${SCALES[-1]} / 500))
  [[ -n "$out" ]] || out="$SB_ROOT/var/bench/performance-quick.md"
else
  DURATION=10 WARMUP=3 CONC=64 POOL=5000 RB_N=200000 BULK_CONC=4 REPEAT=3 CLAIM_POOL=80000
  AGG_DURATION=$DURATION AGG_WARMUP=$WARMUP CATCH_UP_TIMEOUT=3600
  [[ -n "$out" ]] || out="$SB_ROOT/docs/performance.md"
fi

for tool in redis-server redis-cli redis-benchmark sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || sb_die "$tool is missing (scripts/setup.sh installs it)"
done

if ((build)); then
  sb_log "building $build_dir (Release)"
  mkdir -p "$build_dir"
  if [[ ! -f "$build_dir/build.ninja" ]]; then
    cmake -S "$SB_ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$build_dir" --parallel "$(sb_jobs)" --target skillbridge-evaluation skillbridge-loadgen \
    skillbridge-echo skillbridge-aggregator skillbridge-training
fi
LOADGEN="$build_dir/tools/loadgen/skillbridge-loadgen"
ECHO_BIN="$build_dir/tools/loadgen/skillbridge-echo"
EVAL_BIN="$build_dir/services/evaluation/skillbridge-evaluation"
AGG_BIN="$build_dir/services/aggregator/skillbridge-aggregator"
TRAIN_BIN="$build_dir/services/training/skillbridge-training"
for bin in "$LOADGEN" "$ECHO_BIN" "$EVAL_BIN"; do
  [[ -x "$bin" ]] || sb_die "$bin is missing (build it, or drop --no-build)"
done
have_aggregator=1
if [[ ! -x "$AGG_BIN" ]]; then
  have_aggregator=0
  sb_warn "$AGG_BIN is missing: the aggregator scenarios are skipped"
fi

WORK="$SB_ROOT/var/bench/run.$$"
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
pids=()
cleanup() {
  sb_stop_pids TERM
  rm -rf "$WORK"
  rmdir "$SB_ROOT/var/bench" 2>/dev/null || true
}
trap cleanup EXIT

# ---------------------------------------------------------------------------- tokens, org

ADMIN_TOKEN="$(sb_token)" VERIFIER_TOKEN="$(sb_token)" INSTITUTION_TOKEN="$(sb_token)" SERVICE_TOKEN="$(sb_token)"
ORG_BASE=91370200MA0000001
ORG="$ORG_BASE$(sb_credit_code_check "$ORG_BASE")"
AUTH="$WORK/auth.textproto"
cat >"$AUTH" <<EOF
principals { name: "bench-admin" role: ROLE_ADMIN token_sha256: "$(sb_sha256 "$ADMIN_TOKEN")" }
principals { name: "bench-verifier" role: ROLE_VERIFIER token_sha256: "$(sb_sha256 "$VERIFIER_TOKEN")" }
principals { name: "bench-institution" role: ROLE_INSTITUTION token_sha256: "$(sb_sha256 "$INSTITUTION_TOKEN")" credit_code: "$ORG" }
principals { name: "bench-service" role: ROLE_SERVICE token_sha256: "$(sb_sha256 "$SERVICE_TOKEN")" }
EOF
SERVICE_TOKEN_FILE="$WORK/service-token"
(umask 077 && printf '%s\n' "$SERVICE_TOKEN" >"$SERVICE_TOKEN_FILE")

# -------------------------------------------------------------------------------- processes


stop_server() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# loadgen <label> <flags...>: one run; its RESULT line goes to results.tsv.
loadgen() {
  local label="$1"
  shift
  sb_log "loadgen $label"
  "$LOADGEN" --label="$label" --json_out="$RESULTS/$label.json" "$@" | tee "$RESULTS/$label.txt" |
    grep -v '^RESULT' || true
  grep '^RESULT' "$RESULTS/$label.txt" >>"${RESULT_FILE:-$RESULTS/results.tsv}" ||
    sb_die "loadgen $label produced no result (see $RESULTS/$label.txt)"
}

# keep_median <label>: of the rounds of <label> in rounds.tsv, the one with the median calls/s
# goes to results.tsv.
keep_median() {
  awk -F'\t' -v l="$1" '$3 == l' "$RESULTS/rounds.tsv" | sort -t$'\t' -k5,5g |
    awk -v n="$REPEAT" 'NR == int((n + 1) / 2)' >>"$RESULTS/results.tsv"
}

used_memory() { redis-cli -s "$1/redis.sock" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p'; }

PERF_PID=""
start_profile() { # <name> <pid>
  ((profile)) || return 0
  command -v perf >/dev/null 2>&1 || return 0
  perf record -F 499 -g -p "$2" -o "$RESULTS/perf-$1.data" 2>/dev/null &
  PERF_PID=$!
}
stop_profile() { # <name>
  [[ -n "$PERF_PID" ]] || return 0
  kill -INT "$PERF_PID" 2>/dev/null || true
  wait "$PERF_PID" 2>/dev/null || true
  PERF_PID=""
  perf report -i "$RESULTS/perf-$1.data" --stdio --no-children --sort symbol 2>/dev/null |
    grep -E '^ +[0-9]' | head -n 25 >"$RESULTS/perf-$1.txt" || true
  mkdir -p "$SB_ROOT/var/bench"
  cp "$RESULTS/perf-$1.txt" "$SB_ROOT/var/bench/perf-$1.txt" 2>/dev/null || true
}

# h2load_run <label> <port> <path> <body file>: the second opinion (when h2load is installed):
# the same RPC at the same number of streams in flight (2 connections x CONC/2 streams).
# h2load counts HTTP/2 responses; a gRPC error still answers HTTP 200 with grpc-status in the
# trailers, which is why the loadgen run before it checks the status codes.
h2load_run() {
  command -v h2load >/dev/null 2>&1 || return 0
  local label="$1" port="$2" path="$3" body="$4" n
  n=$((quick ? 5000 : 50000))
  sb_log "h2load $label"
  h2load -n "$n" -c 2 -m $((CONC / 2)) -d "$body" -H 'content-type: application/grpc' -H 'te: trailers' \
    -H "authorization: Bearer $VERIFIER_TOKEN" "http://127.0.0.1:$port$path" >"$RESULTS/h2load-$label.txt" 2>&1 || true
  printf '%s\t%s\t%s\n' "$label" \
    "$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$RESULTS/h2load-$label.txt")" \
    "$(grep -E '^requests:' "$RESULTS/h2load-$label.txt" | sed 's/^requests: *//')" >>"$RESULTS/h2load.tsv"
}

started_at=$SECONDS
: >"$RESULTS/h2load.tsv"
: >"$RESULTS/results.tsv"
: >"$RESULTS/redis.tsv"
: >"$RESULTS/memory.tsv"

# ------------------------------------------------------------------- 1. redis-benchmark

for fsync in always everysec; do
  rdir="$WORK/redis-bench-$fsync"
  sb_start_redis "$rdir" "$fsync"
  for pipeline in 1 16; do
    sb_log "redis-benchmark appendfsync=$fsync -P $pipeline"
    redis-benchmark -s "$rdir/redis.sock" -t set,get -n "$RB_N" -c 50 -P "$pipeline" -r 1000000 --csv 2>/dev/null |
      tail -n +2 | tr -d '"' | while IFS=, read -r test rps _avg _min p50 _p95 p99 _max; do
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$test" "$fsync" "$pipeline" "$rps" "$p50" "$p99" >>"$RESULTS/redis.tsv"
      done
  done
  sb_stop_redis "$rdir"
done

# ------------------------------------------------------------------------- 2. echo baselines

COMMON_SERVER_FLAGS=(--listen=127.0.0.1:0) # every server with its default --workers
declare -A echo_port=() echo_pid=()
for mode in off on; do
  sb_start_server "$WORK/echo-$mode.log" "$ECHO_BIN" "${COMMON_SERVER_FLAGS[@]}" --runtime="$mode" \
    --auth_config="$AUTH"
  echo_pid[$mode]="$SERVER_PID"
  echo_port[$mode]="$SERVER_PORT"
done
"$LOADGEN" --scenario=echo --write_request="$WORK/echo.body"
for mode in off on; do
  h2load_run "echo-runtime-$mode" "${echo_port[$mode]}" /skillbridge.echo.v1.EchoService/Echo "$WORK/echo.body"
done

# ---------------------------------------------------------------------- 3. evaluation service

EDIR="$WORK/redis-evaluation"
sb_start_redis "$EDIR" always
sb_start_server "$WORK/evaluation.log" "$EVAL_BIN" "${COMMON_SERVER_FLAGS[@]}" \
  --redis="unix://$EDIR/redis.sock" --auth_config="$AUTH" --reference_dir="$SB_ROOT/reference"
EVAL_PID="$SERVER_PID"
TARGET="127.0.0.1:$SERVER_PORT"
EV=(--target="$TARGET" --org="$ORG" --setup_token="$ADMIN_TOKEN")

# Every write run takes a fresh range of persons (the bench's ID scheme has 14M of them), so no
# certificate is refused as a duplicate: take <n> returns the first index of a new range of n.
next_person=0
take() {
  TAKEN=$next_person
  next_person=$((next_person + $1))
}

run_reads_and_writes() { # <suffix>
  local suffix="$1" fsync
  if [[ -n "$suffix" ]]; then # the unscaled verify runs in the ratio rounds
    take "$POOL"
    loadgen "verify$suffix" "${EV[@]}" --scenario=verify --token="$VERIFIER_TOKEN" --concurrency="$CONC" \
      --duration_s="$DURATION" --warmup_s="$WARMUP" --pool_size="$POOL" --person_base="$TAKEN"
  fi
  loadgen "list$suffix" "${EV[@]}" --scenario=list --token="$INSTITUTION_TOKEN" --concurrency="$CONC" \
    --duration_s="$DURATION" --warmup_s="$WARMUP"
  for fsync in always everysec; do
    redis-cli -s "$EDIR/redis.sock" config set appendfsync "$fsync" >/dev/null
    take 200000
    loadgen "issue-$fsync$suffix" "${EV[@]}" --scenario=issue --token="$INSTITUTION_TOKEN" --concurrency="$CONC" \
      --duration_s="$DURATION" --warmup_s="$WARMUP" --person_base="$TAKEN"
  done
  redis-cli -s "$EDIR/redis.sock" config set appendfsync always >/dev/null
}

file_org() {
  "$LOADGEN" --target="$TARGET" --org="$ORG" --token="$ADMIN_TOKEN" --file_org --scenario=list --count=1 \
    --concurrency=1 >/dev/null 2>&1 || true # the page may be empty; filing failures show in later runs
}

# The ratios: echo (runtime off, on) and VerifyCertificate, interleaved, REPEAT rounds; the
# median round of each is reported (the machine is shared: one slow second moves one run).
file_org
: >"$RESULTS/rounds.tsv"
start_profile verify "$EVAL_PID"
for ((round = 1; round <= REPEAT; round++)); do
  for mode in off on; do
    RESULT_FILE="$RESULTS/rounds.tsv" loadgen "echo-runtime-$mode" --target="127.0.0.1:${echo_port[$mode]}" \
      --scenario=echo --concurrency="$CONC" --duration_s="$DURATION" --warmup_s="$WARMUP" --token="$VERIFIER_TOKEN"
  done
  take "$POOL"
  RESULT_FILE="$RESULTS/rounds.tsv" loadgen verify "${EV[@]}" --scenario=verify --token="$VERIFIER_TOKEN" \
    --concurrency="$CONC" --duration_s="$DURATION" --warmup_s="$WARMUP" --pool_size="$POOL" --person_base="$TAKEN"
done
stop_profile verify
for label in echo-runtime-off echo-runtime-on verify; do
  keep_median "$label"
done
for mode in off on; do
  stop_server "${echo_pid[$mode]}"
done
take 1
"$LOADGEN" "${EV[@]}" --scenario=verify --pool_size=1 --person_base="$TAKEN" --token="$VERIFIER_TOKEN" \
  --write_request="$WORK/verify.body"
h2load_run verify "${TARGET##*:}" /skillbridge.evaluation.v1.EvaluationService/VerifyCertificate "$WORK/verify.body"

# The other scenarios, on an almost empty store.
run_reads_and_writes ""
take 1000000
start_profile bulk "$EVAL_PID"
loadgen "bulk_issue" "${EV[@]}" --scenario=bulk_issue --token="$INSTITUTION_TOKEN" --concurrency="$BULK_CONC" \
  --duration_s="$DURATION" --warmup_s="$WARMUP" --batch_size=1000 --person_base="$TAKEN"
stop_profile bulk

# --------------------------------------------------------------------------------- training

# EnrollPerson over the training service's own redis-server (appendfsync always), with the
# evaluation above as its peer; 32 courses of the bench institution, a new person per call.
if [[ -x "$TRAIN_BIN" ]]; then
  TDIR="$WORK/redis-training"
  sb_start_redis "$TDIR" always
  sb_start_server "$WORK/training.log" "$TRAIN_BIN" "${COMMON_SERVER_FLAGS[@]}" --redis="unix://$TDIR/redis.sock" \
    --auth_config="$AUTH" --reference_dir="$SB_ROOT/reference" --evaluation_address="$TARGET" \
    --evaluation_token_file="$SERVICE_TOKEN_FILE"
  TRAIN_PID="$SERVER_PID"
  take 1000000
  loadgen "enroll" --target="127.0.0.1:$SERVER_PORT" --org="$ORG" --setup_token="$ADMIN_TOKEN" --scenario=enroll \
    --token="$INSTITUTION_TOKEN" --concurrency="$CONC" --duration_s="$DURATION" --warmup_s="$WARMUP" \
    --person_base="$TAKEN"
  # SubmitSubsidyClaim: each call claims one of CLAIM_POOL completed enrolments whose persons the
  # evaluation above certified in setup; the training service verifies each certificate with it.
  take "$CLAIM_POOL"
  loadgen "claim" --target="127.0.0.1:$SERVER_PORT" --evaluation_target="$TARGET" --org="$ORG" \
    --setup_token="$ADMIN_TOKEN" --scenario=claim --token="$INSTITUTION_TOKEN" --concurrency="$CONC" \
    --duration_s="$DURATION" --warmup_s="$WARMUP" --person_base="$TAKEN" --pool_size="$CLAIM_POOL"
  stop_server "$TRAIN_PID"
  sb_stop_redis "$TDIR"
else
  sb_warn "$TRAIN_BIN is missing: the training scenarios (enroll, claim) are skipped"
fi

# ------------------------------------------------------------------------------- aggregator

# The aggregator over its own redis-server, consuming the evaluation under test; training is not
# connected. HTTP is off.
ADIR="$WORK/redis-aggregator"
AGG_PID=""
start_aggregator() {
  [[ -d "$ADIR" ]] || sb_start_redis "$ADIR" always
  sb_start_server "$WORK/aggregator.log" "$AGG_BIN" "${COMMON_SERVER_FLAGS[@]}" --redis="unix://$ADIR/redis.sock" \
    --auth_config="$AUTH" --reference_dir="$SB_ROOT/reference" --sources=evaluation="$TARGET" \
    --service_token_file="$SERVICE_TOKEN_FILE" --http_listen=
  AGG_PID="$SERVER_PID"
  AGG_TARGET="127.0.0.1:$SERVER_PORT"
}

# aggregator_runs <suffix> <first person> <persons>: catch-up, dashboard, talent profile.
# Catch-up from a cold cursor: the aggregator starts on an empty Redis and feed_catch_up measures
# until its evaluation cursor reaches the last id of the evaluation's event stream. (Not through
# RebuildViews: on a large store the idle consumer can re-read its cursor before the rebuild has
# deleted it, and then waits at the feed end for ever.)
aggregator_runs() {
  local suffix="$1" first="$2" persons="$3" feed_end
  ((have_aggregator)) || return 0
  [[ -d "$ADIR" ]] && redis-cli -s "$ADIR/redis.sock" flushall >/dev/null
  feed_end="$(redis-cli -s "$EDIR/redis.sock" xrevrange evaluation:events + - COUNT 1 | head -n1)"
  [[ -n "$feed_end" ]] || sb_die "the evaluation's event stream is empty"
  start_aggregator
  loadgen "feed_catch_up$suffix" --target="$AGG_TARGET" --scenario=feed_catch_up --setup_token="$ADMIN_TOKEN" \
    --token="$ADMIN_TOKEN" --count=1 --concurrency=1 --channels=1 --catch_up_timeout_s="$CATCH_UP_TIMEOUT" \
    --norebuild --feed_end="$feed_end"
  loadgen "dashboard$suffix" --target="$AGG_TARGET" --scenario=dashboard --token="$VERIFIER_TOKEN" \
    --concurrency="$CONC" --duration_s="$AGG_DURATION" --warmup_s="$AGG_WARMUP" --district_code=370202
  loadgen "dashboard-1$suffix" --target="$AGG_TARGET" --scenario=dashboard --token="$VERIFIER_TOKEN" \
    --concurrency=1 --channels=1 --duration_s="$AGG_DURATION" --warmup_s="$AGG_WARMUP" --district_code=370202
  loadgen "talent_profile$suffix" --target="$AGG_TARGET" --scenario=talent_profile --token="$VERIFIER_TOKEN" \
    --concurrency="$CONC" --duration_s="$AGG_DURATION" --warmup_s="$AGG_WARMUP" --person_base="$first" \
    --pool_size="$persons"
  stop_server "$AGG_PID"
  AGG_PID=""
}

# ------------------------------------------------------------------------------------ 4. scale

# Memory is measured on a store that holds only the preloaded certificates (and the few the
# scenario runs add): empty it, restart the service, file the organisation again.
stop_server "$EVAL_PID"
redis-cli -s "$EDIR/redis.sock" flushall >/dev/null
sb_start_server "$WORK/evaluation-scale.log" "$EVAL_BIN" "${COMMON_SERVER_FLAGS[@]}" \
  --redis="unix://$EDIR/redis.sock" --auth_config="$AUTH" --reference_dir="$SB_ROOT/reference"
EVAL_PID="$SERVER_PID"
TARGET="127.0.0.1:$SERVER_PORT"
EV=(--target="$TARGET" --org="$ORG" --setup_token="$ADMIN_TOKEN")
file_org
loaded=0
for target_count in "${SCALES[@]}"; do
  batches=$(((target_count - loaded) / 1000))
  before="$(used_memory "$EDIR")"
  label="preload-$target_count"
  take $((batches * 1000))
  preload_first=$TAKEN
  loadgen "$label" "${EV[@]}" --scenario=bulk_issue --token="$INSTITUTION_TOKEN" --concurrency="$BULK_CONC" \
    --count="$batches" --batch_size=1000 --person_base="$TAKEN" --deadline_ms=120000
  after="$(used_memory "$EDIR")"
  issued="$(sed -n 's/.*"items":\([0-9]*\).*/\1/p' "$RESULTS/$label.json")"
  loaded=$((loaded + issued))
  printf '%s\t%s\t%s\t%s\n' "$target_count" "$issued" "$((after - before))" "$after" >>"$RESULTS/memory.tsv"
  run_reads_and_writes "@$target_count"
  aggregator_runs "@$target_count" "$preload_first" "$((issued < 100000 ? issued : 100000))"
done
stop_server "$EVAL_PID"
sb_stop_redis "$EDIR"
if ((have_aggregator)); then
  sb_stop_redis "$ADIR"
fi
elapsed=$((SECONDS - started_at))

# ---------------------------------------------------------------------------------- report

figure() { # <label> <column 1-based in RESULT line>
  awk -F'\t' -v l="$1" -v c="$2" '$3 == l { print $c }' "$RESULTS/results.tsv" | tail -n1
}
ECHO_OFF="$(figure echo-runtime-off 5)"
ECHO_ON="$(figure echo-runtime-on 5)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

machine() {
  local cpu
  cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
  echo "- Machine: $(nproc) CPU(s), ${cpu:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, kernel $(uname -r)"
  echo "- Versions: gRPC $(dpkg-query -W -f='${Version}' libgrpc++-dev 2>/dev/null || echo '?'), protobuf $(dpkg-query -W -f='${Version}' libprotobuf-dev 2>/dev/null || echo '?'), Abseil $(dpkg-query -W -f='${Version}' libabsl-dev 2>/dev/null || echo '?'), $(redis-server --version | cut -d' ' -f1-3), $(c++ --version | head -n1)"
  echo "- Commit: $(git -C "$SB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$SB_ROOT" diff --quiet 2>/dev/null || echo ' (with local changes)'), build type Release, run $(date -u +%Y-%m-%dT%H:%MZ), $((elapsed / 60)) min $((elapsed % 60)) s"
  echo "- Mode: $( ((quick)) && echo quick || echo full); ${DURATION} s measured after ${WARMUP} s warm-up per run; $CONC RPCs in flight (bulk: $BULK_CONC calls of 1,000); 2 client channels; servers with their default --workers (32) and --redis_pool_size (32); loadgen, servers and Redis share the machine"
  echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

generated() {
  echo "<!-- bench:begin (generated by scripts/bench.sh; edit outside these markers) -->"
  echo
  echo "### Run"
  echo
  machine
  echo
  echo "### gRPC scenarios"
  echo
  echo "Ratios are calls/s divided by the echo baseline's calls/s of the same run (bulk: certificates/s in the items/s column). Echo and verify: median of $REPEAT interleaved rounds (all rounds: below)."
  echo
  echo "| run | in flight | calls/s | items/s | p50 ms | p90 ms | p99 ms | max ms | errors | × echo (runtime on) | × echo (runtime off) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
  while IFS=$'\t' read -r _ scenario label conc rps ips p50 p90 p99 max _calls errors; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$conc" "$rps" "$ips" "$p50" "$p90" \
      "$p99" "$max" "$errors" "$(ratio "$rps" "$ECHO_ON")" "$(ratio "$rps" "$ECHO_OFF")"
    : "$scenario"
  done <"$RESULTS/results.tsv"
  echo
  if ((REPEAT > 1)); then
    echo "Every round of the interleaved runs (calls/s, p99 ms):"
    echo
    echo "| run | rounds |"
    echo "|---|---|"
    for label in echo-runtime-off echo-runtime-on verify; do
      printf '| %s | %s |\n' "$label" "$(awk -F'\t' -v l="$label" '$3 == l { printf "%s%s (p99 %s)", sep, $5, $9; sep = ", " }' \
        "$RESULTS/rounds.tsv")"
    done
    echo
  fi
  if grep -q $'\tdashboard@' "$RESULTS/results.tsv"; then
    echo "### Aggregator (skillbridge-aggregator over the evaluation above; training not connected)"
    echo
    echo "Feed catch-up: a fresh aggregator on an empty Redis applies the evaluation feed from a cold cursor until it reaches the feed end (one measured run; events/s = items/s). GetDashboard: city-wide and district calls alternating, at $CONC in flight (throughput) and at 1 in flight (latency, the goal's measure: p99 <= 5 ms at 1M certificates)."
    echo
    echo "| scale | catch-up events/s | catch-up s | GetDashboard calls/s ($CONC in flight) | p99 ms | GetDashboard p50 ms (1 in flight) | p99 ms | goal p99 <= 5 ms | GetTalentProfile calls/s ($CONC in flight) | p99 ms |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
    local scale p99
    for scale in "${SCALES[@]}"; do
      p99="$(figure "dashboard-1@$scale" 9)"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$scale" "$(figure "feed_catch_up@$scale" 6)" \
        "$(awk -v ms="$(figure "feed_catch_up@$scale" 7)" 'BEGIN { if (ms != "") printf "%.1f", ms / 1000 }')" \
        "$(figure "dashboard@$scale" 5)" "$(figure "dashboard@$scale" 9)" "$(figure "dashboard-1@$scale" 7)" "$p99" \
        "$(awk -v p="$p99" -v s="$scale" 'BEGIN { if (p == "") print "-"; else if (s < 1000000) print "(1M only)"; else print (p <= 5 ? "met" : "not met") }')" \
        "$(figure "talent_profile@$scale" 5)" "$(figure "talent_profile@$scale" 9)"
    done
    echo
  fi
  echo "### Redis (redis-benchmark, 50 clients, unix socket, AOF on)"
  echo
  echo "| command | appendfsync | pipeline | ops/s | p50 ms | p99 ms |"
  echo "|---|---|---:|---:|---:|---:|"
  while IFS=$'\t' read -r test fsync pipeline rps p50 p99; do
    printf '| %s | %s | %s | %s | %s | %s |\n' "$test" "$fsync" "$pipeline" "$rps" "$p50" "$p99"
  done <"$RESULTS/redis.tsv"
  echo
  if [[ -s "$RESULTS/h2load.tsv" ]]; then
    echo "### Second opinion: h2load (2 connections x $((CONC / 2)) streams, same server runs as above)"
    echo
    echo "| run | req/s | requests |"
    echo "|---|---:|---|"
    while IFS=$'\t' read -r label rps requests; do
      printf '| %s | %s | %s |\n' "$label" "$rps" "$requests"
    done <"$RESULTS/h2load.tsv"
    echo
  fi
  echo "### Scale: Redis memory per certificate (INFO memory used_memory, bulk path)"
  echo
  echo "| certificates loaded | issued in the step | bytes added | bytes per certificate | used_memory total |"
  echo "|---:|---:|---:|---:|---:|"
  while IFS=$'\t' read -r target issued delta total; do
    printf '| %s | %s | %s | %s | %s |\n' "$target" "$issued" "$delta" \
      "$(awk -v d="$delta" -v n="$issued" 'BEGIN { if (n > 0) printf "%.0f", d / n; else print "-" }')" "$total"
  done <"$RESULTS/memory.tsv"
  echo
  echo "<!-- bench:end -->"
}

mkdir -p "$(dirname "$out")"
generated >"$WORK/generated.md"
if [[ -f "$out" ]] && grep -q '<!-- bench:begin' "$out" && grep -q '<!-- bench:end -->' "$out"; then
  awk -v gen="$WORK/generated.md" '
    /<!-- bench:begin/ { while ((getline line < gen) > 0) print line; skip = 1; next }
    /<!-- bench:end -->/ { skip = 0; next }
    !skip { print }' "$out" >"$WORK/report.md"
  cp "$WORK/report.md" "$out"
else
  { echo "# skillbridge performance (generated)"; echo; cat "$WORK/generated.md"; } >"$out"
fi
sb_log "results: $out"
cat "$WORK/generated.md"
