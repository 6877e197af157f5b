#!/usr/bin/env bash
# Throughput of a bulk certificate import from a spreadsheet (`skillbridge import certificates`),
# measured side by side with the bulk-issue baseline of tools/loadgen, in one run on one machine.
#
#   scripts/bench-import.sh [--rows N] [--quick] [--rounds N] [--profile] [--out FILE]
#                           [--build-dir DIR] [--no-build]
#
#   --rows N       certificates in the file (default 100000, at most 250000)
#   --quick        a smoke check (< 1 min): 5,000 rows, one round. Checks that every step runs and
#                  that every count is right; it asserts no speed.
#   --rounds N     rounds of the write runs (baseline, import, replay), interleaved; the median
#                  run of each is reported (default 3; --quick: 1)
#   --profile      also perf-record the tool (dry run, import) and the service (import), in extra
#                  runs outside the timed ones; the top shared objects and symbols go in the report
#   --out FILE     also write the report (markdown) there
#   --build-dir    build tree holding the binaries (default build/)
#   --no-build     use the binaries as they are
#
# Every write goes to an empty store: a fresh redis-server (AOF, appendfsync always, as the
# services run it) and a fresh skillbridge-evaluation (default flags), with the issuing
# organisation (tests/support/test_ids.h CreditCode(1)) created and filed again. Both clients send
# 500 rows per call with 4 calls in flight (the tool's defaults) over one channel:
#   1. baseline: skillbridge-loadgen bulk_issue, N/500 BatchIssueCertificates calls of 500 new
#      persons (the same call the import makes, built in memory);
#   2. dry run: `skillbridge import certificates --dry-run` of the file (read, decode, parse,
#      validate with the service's validators; nothing sent), 3 runs;
#   3. import: the file into an empty store; the summary must say new N, refused 0, and the store
#      must hold N certificates (GetEvaluationStats);
#   4. replay: the same file again into that store; every batch is answered as a replay;
#   5. GBK: the file converted with iconv: dry run (3 runs), import into an empty store;
#   6. xlsx: `skillbridge export certificates --out=x.xlsx` of the store the GBK import filled
#      (timed too), then dry run (3 runs) and import of that workbook into an empty store (its
#      rows carry their certificate numbers, so the service draws no serial numbers: a lighter
#      write than the CSV's; the dry runs compare the formats).
# rows/s = rows / wall-clock time of the client process, from start to exit (file reading,
# checks, connecting and every call included; the loadgen's own figure, which leaves out its
# start-up, is given too). The ratio is rows/s over the baseline's rows/s.
# The large file is written by tests/data/cli/make-samples.sh --large (cli_sample_maker), or by
# an awk fallback here when the generator is not built.
# The binaries are copied under var/bench-import/ first (a rebuild during the run changes nothing);
# every process listens on 127.0.0.1 port 0 or a unix socket there; the directory is removed at
# the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,42p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

command_line="scripts/bench-import.sh${*:+ $*}"
rows="" rounds="" quick=0 build=1 profile=0 build_dir="$SB_ROOT/build" out=""
while (($#)); do
  case "$1" in
    --rows)
      rows="${2:?--rows needs a number}"
      shift
      ;;
    --rounds)
      rounds="${2:?--rounds needs a number}"
      shift
      ;;
    --quick) quick=1 ;;
    --profile) profile=1 ;;
    --no-build) build=0 ;;
    --build-dir)
      build_dir="$(realpath -m "${2:?--build-dir needs a directory}")"
      shift
      ;;
    --out)
      out="$(realpath -m "${2:?--out needs a file}")"
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

if ((quick)); then
  rows="${rows:-5000}" rounds="${rounds:-1}"
else
  rows="${rows:-100000}" rounds="${rounds:-3}"
fi
if [[ ! "$rows" =~ ^[1-9][0-9]*$ ]] || ((rows > 250000)); then
  sb_die "--rows must be 1 to 250000, got '$rows'"
fi
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || sb_die "--rounds must be 1 to 99, got '$rounds'"
BATCH=500 CONC=4 DRY_RUNS=3
STATS_YEAR=2024 # every issue date of the file (both generators) is in 2024

for tool in redis-server redis-cli sha256sum iconv awk; do
  command -v "$tool" >/dev/null 2>&1 || sb_die "$tool is missing (scripts/setup.sh installs it)"
done
if ((profile)) && ! command -v perf >/dev/null 2>&1; then
  sb_warn "perf is missing: --profile ignored"
  profile=0
fi

if ((build)); then
  if [[ ! -f "$build_dir/build.ninja" ]]; then
    sb_log "configuring $build_dir"
    cmake -G Ninja -S "$SB_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE="${SKILLBRIDGE_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
  fi
  sb_log "building skillbridge-evaluation, skillbridge-loadgen, skillbridge, cli_sample_maker in $build_dir"
  CCACHE_BASEDIR="${CCACHE_BASEDIR:-$SB_ROOT}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}" \
    cmake --build "$build_dir" --parallel "$(sb_jobs)" \
    --target skillbridge-evaluation skillbridge-loadgen skillbridge cli_sample_maker
fi
EVAL_BIN="$build_dir/services/evaluation/skillbridge-evaluation"
LOADGEN="$build_dir/tools/loadgen/skillbridge-loadgen"
CLI="$build_dir/tools/cli/skillbridge"
MAKER="$build_dir/tests/cli/cli_sample_maker"
for bin in "$EVAL_BIN" "$LOADGEN" "$CLI"; do
  [[ -x "$bin" ]] || sb_die "$bin is missing (build it, or drop --no-build)"
done
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)"

WORK="$SB_ROOT/var/bench-import/run.$$"
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
pids=()
PERF_PID=""
cleanup() {
  if [[ -n "$PERF_PID" ]]; then
    kill -INT "$PERF_PID" 2>/dev/null || true
    wait "$PERF_PID" 2>/dev/null || true
  fi
  sb_stop_pids TERM
  rm -rf "$WORK"
  rmdir "$SB_ROOT/var/bench-import" "$SB_ROOT/var" 2>/dev/null || true
}
trap cleanup EXIT

# Copies of the binaries: a rebuild of the tree during the run (others may be building it) does
# not change what is measured half-way.
mkdir -p "$WORK/bin"
for bin in "$EVAL_BIN" "$LOADGEN" "$CLI" "$MAKER"; do
  [[ ! -x "$bin" ]] || cp "$bin" "$WORK/bin/"
done
EVAL_BIN="$WORK/bin/${EVAL_BIN##*/}" LOADGEN="$WORK/bin/${LOADGEN##*/}" CLI="$WORK/bin/${CLI##*/}"
MAKER="$WORK/bin/${MAKER##*/}"

load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
started_at=$SECONDS

# ---------------------------------------------------------------------------- tokens, org

ADMIN_TOKEN="$(sb_token)" INSTITUTION_TOKEN="$(sb_token)"
ORG_BASE=91370200000000001 # CreditCode(1) of tests/support/test_ids.h: the issuer of the large file
ORG="$ORG_BASE$(sb_credit_code_check "$ORG_BASE")"
AUTH="$WORK/auth.textproto"
cat >"$AUTH" <<EOF
principals { name: "bench-admin" role: ROLE_ADMIN token_sha256: "$(sb_sha256 "$ADMIN_TOKEN")" }
principals { name: "bench-institution" role: ROLE_INSTITUTION token_sha256: "$(sb_sha256 "$INSTITUTION_TOKEN")" credit_code: "$ORG" }
EOF
ADMIN_TOKEN_FILE="$WORK/admin-token" INSTITUTION_TOKEN_FILE="$WORK/institution-token"
(umask 077 && printf '%s\n' "$ADMIN_TOKEN" >"$ADMIN_TOKEN_FILE" && printf '%s\n' "$INSTITUTION_TOKEN" >"$INSTITUTION_TOKEN_FILE")

# The organisation's filed scope: every occupation and level of the large file (the sample
# generator's 8 occupations, levels 5 to 2; the awk fallback uses the first one).
SCOPE=""
for occupation in 6-18-02-04 6-31-01-03 6-18-01-01 4-10-01-05 4-03-02-01 4-14-02-02 4-12-01-01 6-31-01-10; do
  SCOPE+="${SCOPE:+,}{\"occupation_code\":\"$occupation\",\"highest_level\":\"SKILL_LEVEL_2_TECHNICIAN\"}"
done

# ---------------------------------------------------------------------------------- the store

ADDRESS="" EVAL_PID="" REDIS_PID="" SDIR="" store_count=0

forget_pid() { # <pid>: no longer stopped by the exit trap (it has been stopped and waited for)
  local kept=() pid
  for pid in "${pids[@]}"; do
    [[ "$pid" == "$1" ]] || kept+=("$pid")
  done
  pids=("${kept[@]}")
}

stop_store() {
  if [[ -n "$EVAL_PID" ]]; then
    kill -TERM "$EVAL_PID" 2>/dev/null || true
    wait "$EVAL_PID" 2>/dev/null || true
    forget_pid "$EVAL_PID"
    EVAL_PID=""
  fi
  if [[ -n "$REDIS_PID" ]]; then
    sb_stop_redis "$SDIR"
    wait "$REDIS_PID" 2>/dev/null || true
    forget_pid "$REDIS_PID"
    REDIS_PID=""
    rm -rf "$SDIR"
  fi
}

# cli <token file> <arguments...>: the tool against the current store.
cli() {
  local token_file="$1"
  shift
  "$CLI" "$@" --address="$ADDRESS" --token_file="$token_file"
}

file_org() {
  local org="{\"credit_code\":\"$ORG\",\"name\":\"青岛市批量导入基准测试评价中心\",\"district_code\":\"370202\"}"
  cli "$ADMIN_TOKEN_FILE" call evaluation/CreateEvaluationOrg "{\"request_id\":\"bench-import-org\",\"org\":$org,
    \"kind\":\"ORG_KIND_SOCIAL_TRAINING_EVALUATION\",\"scope\":[$SCOPE],\"contact_name\":\"王五\",
    \"contact_phone\":\"13800000000\"}" >/dev/null || sb_die "CreateEvaluationOrg failed"
  cli "$ADMIN_TOKEN_FILE" call evaluation/StartFilingAssessment "{\"credit_code\":\"$ORG\"}" >/dev/null ||
    sb_die "StartFilingAssessment failed"
  cli "$ADMIN_TOKEN_FILE" call evaluation/ApproveFiling "{\"credit_code\":\"$ORG\"}" >/dev/null ||
    sb_die "ApproveFiling failed"
}

# fresh_store: stops the current store and starts an empty one with the organisation filed.
fresh_store() {
  stop_store
  store_count=$((store_count + 1))
  SDIR="$WORK/store-$store_count"
  sb_start_redis "$SDIR" always
  REDIS_PID="${pids[-1]}"
  sb_start_server "$WORK/evaluation-$store_count.log" "$EVAL_BIN" --listen=127.0.0.1:0 \
    --redis="unix://$SDIR/redis.sock" --auth_config="$AUTH" --reference_dir="$SB_ROOT/reference"
  EVAL_PID="$SERVER_PID"
  ADDRESS="127.0.0.1:$SERVER_PORT"
  file_org
}

certificates_in_store() {
  cli "$ADMIN_TOKEN_FILE" call evaluation/GetEvaluationStats "{\"year\":$STATS_YEAR}" |
    sed -n 's/.*"total_issued": *"\{0,1\}\([0-9]*\)"\{0,1\}.*/\1/p' | head -n1
}

# ------------------------------------------------------------------------------- timed runs

CLK_TCK="$(getconf CLK_TCK)"
proc_cpu() { # <pid>: user + system CPU seconds of the process (all its threads) so far
  [[ -n "$1" && -r "/proc/$1/stat" ]] || {
    echo 0
    return
  }
  awk -v t="$CLK_TCK" '{ sub(/^.*\) /, ""); printf "%.3f\n", ($12 + $13) / t }' "/proc/$1/stat"
}

: >"$RESULTS/runs.tsv"
# timed <group> <round> <rows> <command...>: one run of the command; its stdout and stderr go to
# <group>-<round>.out/.err. Appends to runs.tsv: group, round, rows, wall s, client CPU s,
# service CPU s, redis CPU s (the last two "-" without a store). Sets RUN_RC and RUN_OUT.
timed() {
  local group="$1" round="$2" n="$3"
  shift 3
  local name="$group-$round" rc=0 e0="" r0="" e1="-" r1="-" wall user sys TIMEFORMAT='%R %U %S'
  [[ -z "$EVAL_PID" ]] || e0="$(proc_cpu "$EVAL_PID")"
  [[ -z "$REDIS_PID" ]] || r0="$(proc_cpu "$REDIS_PID")"
  { time "$@" >"$RESULTS/$name.out" 2>"$RESULTS/$name.err" || rc=$?; } 2>"$RESULTS/$name.time"
  [[ -z "$e0" ]] || e1="$(awk -v a="$e0" -v b="$(proc_cpu "$EVAL_PID")" 'BEGIN { printf "%.2f", b - a }')"
  [[ -z "$r0" ]] || r1="$(awk -v a="$r0" -v b="$(proc_cpu "$REDIS_PID")" 'BEGIN { printf "%.2f", b - a }')"
  read -r wall user sys <"$RESULTS/$name.time"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$round" "$n" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$e1" "$r1" >>"$RESULTS/runs.tsv"
  sb_log "$(printf '%-14s round %s: %s rows in %s s (%s rows/s)' "$group" "$round" "$n" "$wall" \
    "$(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }')")"
  RUN_RC=$rc
  RUN_OUT="$RESULTS/$name.out"
}

show_run() { # <run output file>: for failure messages
  tail -n 20 "$1" "${1%.out}.err" >&2 || true
}

# import_run <group> <round> <file> [extra flags...]: `skillbridge import certificates`, timed.
import_run() {
  local group="$1" round="$2" file="$3"
  shift 3
  rm -f "$file.progress" "${file%.*}.errors."*
  timed "$group" "$round" "$rows" "$CLI" import certificates "$file" --address="$ADDRESS" \
    --token_file="$INSTITUTION_TOKEN_FILE" --issuer_credit_code="$ORG" --batch-size="$BATCH" \
    --concurrency="$CONC" --reference_dir="$SB_ROOT/reference" "$@"
}

# check_dry_run: the last run's summary says every row is valid.
check_dry_run() {
  local valid
  valid="$(sed -n 's/^dry run[^:]*: \([0-9]*\) rows[^,]*, \([0-9]*\) valid.*/\1 \2/p' "$RUN_OUT")"
  if ((RUN_RC != 0)) || [[ "$valid" != "$rows $rows" ]]; then
    show_run "$RUN_OUT"
    sb_die "dry run: expected $rows rows, all valid (exit $RUN_RC, got '$valid')"
  fi
}

# check_import <new> <replayed>: the last run's summary line, and the exit status 0.
check_import() {
  local summary
  summary="$(sed -n 's/^import certificates: \([0-9]*\) rows.*新增 \([0-9]*\), replayed.*已导入过 \([0-9]*\), refused.*被拒 \([0-9]*\).*/\1 \2 \3 \4/p' "$RUN_OUT")"
  if ((RUN_RC != 0)) || [[ "$summary" != "$rows $1 $2 0" ]]; then
    show_run "$RUN_OUT"
    sb_die "import: expected $rows rows, new $1, replayed $2, refused 0 (exit $RUN_RC, got rows/new/replayed/refused '$summary')"
  fi
}

check_store() { # the store holds exactly the file's certificates
  local count
  count="$(certificates_in_store)"
  [[ "$count" == "$rows" ]] || sb_die "the store holds '$count' certificates of $STATS_YEAR, expected $rows"
  CHECKS+=("store after $1: GetEvaluationStats($STATS_YEAR) total_issued = $count")
}

# ------------------------------------------------------------------------------ the files

CSV="$WORK/certificates.csv"
GBK="$WORK/certificates-gbk.csv"
XLSX="$WORK/certificates.xlsx"
CHECKS=()

# awk_large <out> <rows>: the fallback generator: distinct persons of 370202 born 1970-1999 (the
# ID numbers of test_ids.h PersonId, ISO 7064 MOD 11-2 check character), welders at 三级 issued
# by ORG in 2024; UTF-8 with a BOM and Chinese headers, as the sample generator writes.
awk_large() {
  {
    printf '\xEF\xBB\xBF'
    awk -v rows="$2" -v org="$ORG" 'BEGIN {
      print "姓名,身份证号,证书类型,评价方式,职业编码,等级,发证机构统一社会信用代码,发证日期"
      split("张 王 李 刘 陈 杨 赵 黄 周 吴 徐 孙 马 朱 胡 郭 林 何 高 罗", surname, " ")
      split("伟 芳 娜 秀英 敏 静 强 磊 洋 艳 勇 军 杰 娟 涛 明 超 秀兰 霞 平", given, " ")
      split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", weight, " ")
      for (n = 0; n < rows; n++) {
        body = sprintf("370202%04d%02d%02d%03d", 1970 + int(n / 336) % 30, 1 + int(n / 28) % 12, 1 + n % 28, n % 1000)
        sum = 0
        for (i = 1; i <= 17; i++) sum += substr(body, i, 1) * weight[i]
        third = int(n / 400) % 20
        printf "%s%s%s,%s%s,职业技能等级,考核评价,6-18-02-04,三级/高级工,%s,2024-%02d-%02d\n", surname[n % 20 + 1],
          given[int(n / 20) % 20 + 1], third ? given[third + 1] : "", body, substr("10X98765432", sum % 11 + 1, 1), org,
          1 + n % 12, 1 + int(n / 12) % 28
      }
    }'
  } >"$1"
}

if [[ -x "$MAKER" ]]; then
  sb_log "writing $rows certificates (tests/data/cli/make-samples.sh --large)"
  "$SB_ROOT/tests/data/cli/make-samples.sh" --large "$CSV" "$rows" --maker "$MAKER" >/dev/null
  generator="tests/data/cli/make-samples.sh --large (cli_sample_maker)"
else
  sb_warn "$MAKER is missing: the large file is written by this script's awk fallback"
  awk_large "$CSV" "$rows"
  generator="the awk fallback of scripts/bench-import.sh (one occupation)"
fi
[[ "$(sed -n 2p "$CSV")" == *",$ORG,"* ]] || sb_die "the large file is not issued by $ORG: $(sed -n 2p "$CSV")"
# GBK as other systems export it: no byte-order mark.
tail -c +4 "$CSV" | iconv -f UTF-8 -t GBK >"$GBK"

# ------------------------------------------------------------------------------------ runs

# Dry runs first, with no store running.
for ((run = 1; run <= DRY_RUNS; run++)); do
  import_run dry-run-csv "$run" "$CSV" --dry-run
  check_dry_run
  import_run dry-run-gbk "$run" "$GBK" --dry-run
  check_dry_run
done
CHECKS+=("dry runs (CSV, GBK): $rows rows, $rows valid")

# Write rounds, interleaved: baseline, import, replay.
calls=$(((rows + BATCH - 1) / BATCH))
for ((round = 1; round <= rounds; round++)); do
  fresh_store
  timed baseline "$round" $((calls * BATCH)) "$LOADGEN" --target="$ADDRESS" --scenario=bulk_issue \
    --org="$ORG" --token="$INSTITUTION_TOKEN" --setup_token="$ADMIN_TOKEN" --channels=1 --concurrency="$CONC" \
    --batch_size="$BATCH" --count="$calls" --deadline_ms=120000 --label=baseline \
    --json_out="$RESULTS/baseline-$round.json"
  items="$(sed -n 's/.*"items":\([0-9]*\).*/\1/p' "$RESULTS/baseline-$round.json" 2>/dev/null || true)"
  if ((RUN_RC != 0)) || [[ "$items" != $((calls * BATCH)) ]] || ! grep -q '"errors":{}' "$RESULTS/baseline-$round.json"; then
    show_run "$RUN_OUT"
    sb_die "baseline: expected $((calls * BATCH)) certificates issued without errors (exit $RUN_RC, items '$items')"
  fi
  sed -n 's/.*"items_per_s":\([0-9.]*\).*/\1/p' "$RESULTS/baseline-$round.json" >>"$RESULTS/loadgen-own.txt"

  fresh_store
  import_run import "$round" "$CSV"
  check_import "$rows" 0
  ((round > 1)) || check_store "the import"
  import_run replay "$round" "$CSV"
  check_import 0 "$rows"
done
CHECKS+=("baseline: $((calls * BATCH)) certificates in $calls calls, no errors (every round)")
CHECKS+=("import: new $rows, replayed 0, refused 0; replay: new 0, replayed $rows, refused 0 (every round)")

# GBK into an empty store; the export of what it wrote.
fresh_store
import_run import-gbk 1 "$GBK"
check_import "$rows" 0
check_store "the GBK import"
timed export-xlsx 1 "$rows" "$CLI" export certificates --out="$XLSX" --address="$ADDRESS" \
  --token_file="$ADMIN_TOKEN_FILE"
grep -q "exported $rows rows" "$RESULTS/export-xlsx-1.err" || {
  show_run "$RUN_OUT"
  sb_die "export: expected $rows rows"
}
CHECKS+=("GBK import: new $rows, refused 0; export: $rows rows to .xlsx")
stop_store

for ((run = 1; run <= DRY_RUNS; run++)); do
  import_run dry-run-xlsx "$run" "$XLSX" --dry-run
  check_dry_run
done
fresh_store
import_run import-xlsx 1 "$XLSX"
check_import "$rows" 0
check_store "the .xlsx import"
CHECKS+=("xlsx: dry runs $rows valid; import new $rows, refused 0")
stop_store

# ---------------------------------------------------------------------------------- profiles

# perf_report <data> <out>: the top shared objects and symbols (self time).
perf_report() {
  local tidy='s/[[:space:]]*(-[[:space:]]+-)?[[:space:]]*$//'
  {
    echo "Shared objects:"
    perf report -i "$1" --stdio --no-children -g none --sort dso 2>/dev/null | grep -E '^ +[0-9]' |
      sed -E "$tidy" | head -n 8 || true
    echo "Symbols:"
    perf report -i "$1" --stdio --no-children -g none --sort dso,symbol 2>/dev/null | grep -E '^ +[0-9]' |
      sed -E "$tidy" | cut -c1-160 | head -n 15 || true
  } >"$2"
}

if ((profile)); then
  sb_log "profiling the tool (dry run)"
  perf record -F 999 -g -o "$RESULTS/perf-dry-run.data" -- "$CLI" import certificates "$CSV" --dry-run \
    --issuer_credit_code="$ORG" --reference_dir="$SB_ROOT/reference" >/dev/null 2>&1 || sb_warn "perf record failed"
  perf_report "$RESULTS/perf-dry-run.data" "$RESULTS/perf-dry-run.txt"
  sb_log "profiling the tool and the service (import into an empty store)"
  fresh_store
  perf record -F 999 -g -p "$EVAL_PID" -o "$RESULTS/perf-service.data" >/dev/null 2>&1 &
  PERF_PID=$!
  sleep 1
  rm -f "$CSV.progress"
  perf record -F 999 -g -o "$RESULTS/perf-import.data" -- "$CLI" import certificates "$CSV" \
    --address="$ADDRESS" --token_file="$INSTITUTION_TOKEN_FILE" --issuer_credit_code="$ORG" \
    --batch-size="$BATCH" --concurrency="$CONC" --reference_dir="$SB_ROOT/reference" >/dev/null 2>&1 ||
    sb_warn "perf record of the import failed"
  kill -INT "$PERF_PID" 2>/dev/null || true
  wait "$PERF_PID" 2>/dev/null || true
  PERF_PID=""
  perf_report "$RESULTS/perf-import.data" "$RESULTS/perf-import.txt"
  perf_report "$RESULTS/perf-service.data" "$RESULTS/perf-service.txt"
  stop_store
fi
elapsed=$((SECONDS - started_at))

# ------------------------------------------------------------------------------------ report

# median_run <group>: the run of the group with the median wall time (the lower one of an even
# count), as its runs.tsv line.
median_run() {
  awk -F'\t' -v g="$1" '$1 == g' "$RESULTS/runs.tsv" | sort -t$'\t' -k4,4g |
    awk -v n="$(awk -F'\t' -v g="$1" '$1 == g' "$RESULTS/runs.tsv" | wc -l)" 'NR == int((n + 1) / 2)'
}
rate() { awk -v n="$1" -v w="$2" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }'; }
BASE_RATE="$(median_run baseline | awk -F'\t' '{ printf "%.3f", $3 / $4 }')"
group_rates() { # <group>: rows/s of every run, in order
  awk -F'\t' -v g="$1" '$1 == g { printf "%s%.0f", sep, $3 / $4; sep = ", " }' "$RESULTS/runs.tsv"
}

report() {
  local cpu
  cpu="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
  echo "Command: \`$command_line\`"
  echo
  echo "- Machine: $(nproc) CPU(s), ${cpu:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, kernel $(uname -r); load average $load_at_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (the machine is shared)"
  echo "- Build: ${build_dir#"$SB_ROOT"/} (${build_type:-unknown build type}), commit $(git -C "$SB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$SB_ROOT" diff --quiet 2>/dev/null || echo ' with local changes'); $(redis-server --version | cut -d' ' -f1-3); run $(date -u +%Y-%m-%dT%H:%MZ), $((elapsed / 60)) min $((elapsed % 60)) s in all"
  echo "- File: $rows certificates from $generator; UTF-8 with BOM $(wc -c <"$CSV" | tr -d ' ') bytes, GBK $(wc -c <"$GBK" | tr -d ' ') bytes, .xlsx (the export) $(wc -c <"$XLSX" | tr -d ' ') bytes"
  echo "- Every write into an empty store: a fresh redis-server (AOF, appendfsync always, unix socket) and skillbridge-evaluation (default --workers and --redis_pool_size), the organisation filed again; $BATCH rows per BatchIssueCertificates call, $CONC calls in flight, one channel; client, service and Redis share the machine"
  echo "- rows/s = rows / wall-clock time of the client process (start to exit). Write runs: median of $rounds interleaved round(s); dry runs: median of $DRY_RUNS; GBK and .xlsx imports and the export: one run each. CPU columns: user + system seconds of the median run"
  echo
  echo "| run | rows/s | × baseline | wall s | runs | client CPU s | service CPU s | Redis CPU s | every run (rows/s) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  local group title line _g _r n wall client service redis count
  for entry in "baseline|baseline: loadgen bulk_issue (in-memory requests)" \
    "dry-run-csv|dry run, CSV (UTF-8 with BOM)" "dry-run-gbk|dry run, CSV (GBK)" "dry-run-xlsx|dry run, .xlsx" \
    "import|import, CSV (UTF-8 with BOM), empty store" "replay|the same file again (every batch a replay)" \
    "import-gbk|import, CSV (GBK), empty store" "import-xlsx|import, .xlsx (the export, with certificate numbers), empty store" \
    "export-xlsx|export certificates to .xlsx (for reference)"; do
    group="${entry%%|*}" title="${entry#*|}"
    line="$(median_run "$group")"
    [[ -n "$line" ]] || continue
    IFS=$'\t' read -r _g _r n wall client service redis <<<"$line"
    count="$(awk -F'\t' -v g="$group" '$1 == g' "$RESULTS/runs.tsv" | wc -l | tr -d ' ')"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$title" "$(rate "$n" "$wall")" \
      "$(awk -v n="$n" -v w="$wall" -v b="$BASE_RATE" 'BEGIN { printf "%.2f", (n / w) / b }')" "$wall" "$count" \
      "$client" "$service" "$redis" "$(group_rates "$group")"
  done
  echo
  echo "The loadgen's own figure for the baseline (items/s over its measured interval, without its start-up): $(paste -sd, "$RESULTS/loadgen-own.txt" | sed 's/,/, /g')."
  echo
  echo "Checks passed:"
  echo
  local check
  for check in "${CHECKS[@]}"; do
    echo "- $check"
  done
  if ((profile)); then
    local name
    for name in dry-run import service; do
      [[ -s "$RESULTS/perf-$name.txt" ]] || continue
      echo
      case "$name" in
        dry-run) echo "perf record -g of the tool, dry run (self time):" ;;
        import) echo "perf record -g of the tool, import into an empty store (self time):" ;;
        service) echo "perf record -g of skillbridge-evaluation during that import (self time):" ;;
      esac
      echo
      echo '```'
      cat "$RESULTS/perf-$name.txt"
      echo '```'
    done
  fi
}

report >"$RESULTS/report.md"
if [[ -n "$out" ]]; then
  mkdir -p "$(dirname "$out")"
  cp "$RESULTS/report.md" "$out"
  sb_log "report: $out"
fi
echo
cat "$RESULTS/report.md"
