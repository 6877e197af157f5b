#!/usr/bin/env bash
# A bounded soak of the evaluation and training services: mixed load at a steady, modest level for
# a fixed time, with the services' resident memory and their stores' memory sampled throughout,
# to see whether anything grows that should not (a leak in a service, a store growing faster than
# the records written). Manual: it is not part of scripts/test.sh.
#
#   scripts/soak.sh [--minutes N] [--build-dir DIR] [--out FILE]
#
#   --minutes    how long the load runs (default 20)
#   --build-dir  build tree holding the binaries (default build/)
#   --out        where the samples go (default var/soak/samples.tsv; a summary is printed)
#
# The load repeats, for the whole time, 10-second phases at 8 RPCs in flight: VerifyCertificate,
# IssueCertificate (new persons, with request ids), EnrollPerson and ListCertificates; every
# phase's errors are counted. Every phase end takes one sample per process: RSS of each service
# (/proc/<pid>/status VmRSS), used_memory of each store and the number of records it holds.
# The summary compares the first and the last quarter of the samples: a service's RSS should be
# flat once warm, and each store's bytes per record should stay the same as records accumulate.
# Processes listen on 127.0.0.1 port 0 and unix sockets under var/soak/ (removed at the end).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

minutes=20 build_dir="$SB_ROOT/build" out=""
while (($#)); do
  case "$1" in
    --minutes)
      minutes="${2:?--minutes needs a number}"
      shift
      ;;
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
[[ "$minutes" =~ ^[1-9][0-9]*$ ]] || sb_die "--minutes: expected a positive whole number"

LOADGEN="$build_dir/tools/loadgen/skillbridge-loadgen"
EVAL_BIN="$build_dir/services/evaluation/skillbridge-evaluation"
TRAIN_BIN="$build_dir/services/training/skillbridge-training"
for bin in "$LOADGEN" "$EVAL_BIN" "$TRAIN_BIN"; do
  [[ -x "$bin" ]] || sb_die "$bin is missing (build it first: cmake --build ${build_dir#"$SB_ROOT"/})"
done

umask 077
WORK="$SB_ROOT/var/soak/run.$$"
mkdir -p "$WORK"
[[ -n "$out" ]] || out="$SB_ROOT/var/soak/samples.tsv"
mkdir -p "$(dirname "$out")"
pids=()
cleanup() {
  sb_stop_pids TERM
  rm -rf "$WORK"
}
trap cleanup EXIT

ADMIN_TOKEN="$(sb_token)" VERIFIER_TOKEN="$(sb_token)" INSTITUTION_TOKEN="$(sb_token)" SERVICE_TOKEN="$(sb_token)"
ORG_BASE=91370200MA0000002
ORG="$ORG_BASE$(sb_credit_code_check "$ORG_BASE")"
AUTH="$WORK/auth.textproto"
cat >"$AUTH" <<EOF
principals { name: "soak-admin" role: ROLE_ADMIN token_sha256: "$(sb_sha256 "$ADMIN_TOKEN")" }
principals { name: "soak-verifier" role: ROLE_VERIFIER token_sha256: "$(sb_sha256 "$VERIFIER_TOKEN")" }
principals { name: "soak-institution" role: ROLE_INSTITUTION token_sha256: "$(sb_sha256 "$INSTITUTION_TOKEN")" credit_code: "$ORG" }
principals { name: "soak-service" role: ROLE_SERVICE token_sha256: "$(sb_sha256 "$SERVICE_TOKEN")" }
EOF
printf '%s\n' "$SERVICE_TOKEN" >"$WORK/service-token"


sb_start_redis "$WORK/redis-evaluation" always
sb_start_redis "$WORK/redis-training" always
sb_start_server "$WORK/evaluation.log" "$EVAL_BIN" --listen=127.0.0.1:0 --redis="unix://$WORK/redis-evaluation/redis.sock" \
  --auth_config="$AUTH" --reference_dir="$SB_ROOT/reference"
EVAL_PID="$SERVER_PID" EVAL="127.0.0.1:$SERVER_PORT"
sb_start_server "$WORK/training.log" "$TRAIN_BIN" --listen=127.0.0.1:0 --redis="unix://$WORK/redis-training/redis.sock" \
  --auth_config="$AUTH" --reference_dir="$SB_ROOT/reference" --evaluation_address="$EVAL" \
  --evaluation_token_file="$WORK/service-token"
TRAIN_PID="$SERVER_PID" TRAIN="127.0.0.1:$SERVER_PORT"

"$LOADGEN" --target="$EVAL" --org="$ORG" --token="$ADMIN_TOKEN" --file_org --scenario=list --count=1 \
  --concurrency=1 >/dev/null 2>&1 || true

rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status"; }
used_memory() { redis-cli -s "$1/redis.sock" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p'; }
records() { redis-cli -s "$1/redis.sock" eval "return #redis.call('KEYS', ARGV[1])" 0 "$2"; }

printf 'elapsed_s\tphase\terrors\teval_rss_kib\ttrain_rss_kib\teval_used_memory\teval_certificates\ttrain_used_memory\ttrain_enrolments\n' >"$out"
sb_log "soak: $minutes min of mixed load on $EVAL (evaluation) and $TRAIN (training); samples in ${out#"$SB_ROOT"/}"
person=0
total_errors=0
end=$((SECONDS + minutes * 60))
started=$SECONDS
while ((SECONDS < end)); do
  for phase in verify issue enroll list; do
    ((SECONDS < end)) || break
    flags=(--concurrency=8 --duration_s=10 --warmup_s=0 --person_base="$person" --org="$ORG"
      --setup_token="$ADMIN_TOKEN")
    case "$phase" in
      verify) result="$("$LOADGEN" --target="$EVAL" --scenario=verify --token="$VERIFIER_TOKEN" --pool_size=50 "${flags[@]}" | grep '^RESULT' || true)" ;;
      issue) result="$("$LOADGEN" --target="$EVAL" --scenario=issue --token="$INSTITUTION_TOKEN" "${flags[@]}" | grep '^RESULT' || true)" ;;
      enroll) result="$("$LOADGEN" --target="$TRAIN" --scenario=enroll --token="$INSTITUTION_TOKEN" "${flags[@]}" | grep '^RESULT' || true)" ;;
      list) result="$("$LOADGEN" --target="$EVAL" --scenario=list --token="$INSTITUTION_TOKEN" "${flags[@]}" | grep '^RESULT' || true)" ;;
    esac
    # RESULT line: ... calls (field 11), errors (field 12: "-" or "CODE=n,CODE=n").
    calls="$(cut -f11 <<<"$result")"
    errors="$(cut -f12 <<<"$result" | awk -F'[=,]' '$0 == "-" || $0 == "" { print 0; next }
      { s = 0; for (i = 2; i <= NF; i += 2) s += $i; print s }')"
    [[ -n "$result" ]] || errors=1
    total_errors=$((total_errors + errors))
    person=$((person + ${calls:-0} + 100))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$((SECONDS - started))" "$phase" "$errors" \
      "$(rss_kib "$EVAL_PID")" "$(rss_kib "$TRAIN_PID")" "$(used_memory "$WORK/redis-evaluation")" \
      "$(records "$WORK/redis-evaluation" 'evaluation:cert:*')" "$(used_memory "$WORK/redis-training")" \
      "$(records "$WORK/redis-training" 'training:enr:*')" >>"$out"
  done
done

# First quarter against last quarter of the samples.
awk -F'\t' -v errors="$total_errors" '
  NR == 1 { next }
  { n++; t[n] = $1; er[n] = $4; tr[n] = $5; em[n] = $6; ec[n] = $7; tm[n] = $8; te[n] = $9 }
  function avg(a, from, to,   s, i) { s = 0; for (i = from; i <= to; i++) s += a[i]; return s / (to - from + 1) }
  END {
    if (n < 4) { print "too few samples for a summary"; exit }
    q = int(n / 4)
    printf "samples: %d over %d s; errors: %d\n", n, t[n], errors
    printf "evaluation RSS: %.1f MiB (first quarter) -> %.1f MiB (last quarter)\n", avg(er, 1, q) / 1024, avg(er, n - q + 1, n) / 1024
    printf "training RSS:   %.1f MiB (first quarter) -> %.1f MiB (last quarter)\n", avg(tr, 1, q) / 1024, avg(tr, n - q + 1, n) / 1024
    if (ec[q] > 0 && ec[n] > ec[q])
      printf "evaluation store: %.0f B per certificate added between the first and the last quarter (%d -> %d certificates)\n", (em[n] - em[q]) / (ec[n] - ec[q]), ec[q], ec[n]
    if (te[q] > 0 && te[n] > te[q])
      printf "training store: %.0f B per enrolment added between the first and the last quarter (%d -> %d enrolments)\n", (tm[n] - tm[q]) / (te[n] - te[q]), te[q], te[n]
  }' "$out"
((total_errors == 0)) || sb_die "$total_errors calls failed during the soak (see ${out#"$SB_ROOT"/})"
