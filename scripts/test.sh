#!/usr/bin/env bash
# The whole skillbridge check, as CI runs it (.ci/run):
#   1. scripts/setup.sh when a dependency is missing;
#   2. build build/ (CMake + Ninja, RelWithDebInfo);
#   3. ctest by label: unit, store, service, e2e, browser (and any test carrying none of them);
#   4. scripts/bench.sh --quick and scripts/bench-import.sh --quick: smoke checks that the
#      benchmark harnesses still run; scripts/readme-examples-check.sh: every example command in
#      the README runs as written against scripts/up.sh;
#   5. lint: buf lint (protos/), clang-format, shellcheck;
#   6. deployment: scripts/k8s-check.sh (Kubernetes manifests), scripts/monitoring-check.sh
#      (Prometheus rules, Grafana), scripts/restore-drill.sh (Redis backup and restore) and
#      scripts/image-check.sh (container images built with podman and smoke-tested with chroot;
#      needs root);
#   7. sanitizer build build-asan/ (-DSKILLBRIDGE_SANITIZE=ON, ASan + UBSan + LSan) and the whole
#      ctest suite under it;
#   8. fuzz build build-fuzz/ (clang, -DSKILLBRIDGE_FUZZ=ON) and a short run of every libFuzzer
#      target on its seed corpus tests/fuzz/corpus/<target>/ (one check; docs/reliability.md).
# Ends with a summary table and the line "N passed, N failed" (ctest tests of every run plus the
# lint checks; a failed setup or build step counts as one failure). Exits non-zero on any failure.
#
#   scripts/test.sh [--quick | --no-asan | --no-images]
#     --no-asan skips steps 7 and 8, --no-images the image check, --quick all three
#
# Environment: SKILLBRIDGE_JOBS (parallel build and test jobs, default 2),
# SKILLBRIDGE_TEST_TIMEOUT (seconds per test, default 300; doubled under the sanitizers),
# SKILLBRIDGE_BUILD_TYPE (build/ only, default RelWithDebInfo),
# SKILLBRIDGE_FUZZ_SECONDS (seconds per fuzz target, default 15).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

run_asan=1
run_images=1
images_skip_reason=""
while (($#)); do
  case "$1" in
    --quick)
      run_asan=0
      run_images=0
      images_skip_reason="--quick"
      ;;
    --no-asan) run_asan=0 ;;
    --no-images)
      run_images=0
      images_skip_reason="--no-images"
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) sb_die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

cd "$SB_ROOT"
JOBS="$(sb_jobs)"
TIMEOUT="${SKILLBRIDGE_TEST_TIMEOUT:-300}"
[[ "$TIMEOUT" =~ ^[1-9][0-9]*$ ]] || sb_die "SKILLBRIDGE_TEST_TIMEOUT must be a positive integer"
BUILD_DIR="$SB_ROOT/build"
ASAN_DIR="$SB_ROOT/build-asan"
LABELS=(unit store service e2e browser)
LOG_DIR="$SB_ROOT/build/test-logs"
mkdir -p "$LOG_DIR"

# ----------------------------------------------------------------------------- bookkeeping

step_names=()
step_results=()
step_times=()
step_notes=()
total_passed=0
total_failed=0
started_at=$SECONDS

fmt_secs() {
  local s="$1"
  if ((s >= 60)); then
    printf '%dm%02ds' $((s / 60)) $((s % 60))
  else
    printf '%ds' "$s"
  fi
}

record() { # name result seconds note
  step_names+=("$1")
  step_results+=("$2")
  step_times+=("$3")
  step_notes+=("$4")
}

banner() {
  echo
  printf '%s==================== %s ====================%s\n' "$SB_BOLD" "$1" "$SB_RESET"
}

# run_step <name> <counts-as-check: 1|0> <command...>
# Runs a non-ctest step. A check (lint) counts one passed or failed; another step counts only
# when it fails. Returns the command's status.
run_step() {
  local name="$1" counts="$2"
  shift 2
  banner "$name"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  if ((rc == 0)); then
    record "$name" passed "$dt" ""
    ((counts)) && total_passed=$((total_passed + 1))
  else
    record "$name" failed "$dt" "exit $rc"
    total_failed=$((total_failed + 1))
  fi
  return "$rc"
}

# run_ctest <name> <build-dir> <timeout> <ctest selection args...>
run_ctest() {
  local name="$1" dir="$2" timeout="$3"
  shift 3
  banner "$name"
  local log
  log="$LOG_DIR/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_-' '_').log"
  local t0=$SECONDS rc=0
  ctest --test-dir "$dir" "$@" --output-on-failure --timeout "$timeout" --parallel "$JOBS" \
    --no-tests=ignore 2>&1 | tee "$log" || rc=$?
  local dt=$((SECONDS - t0))
  local summary total=0 failed=0
  summary="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n1 || true)"
  if [[ "$summary" =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    failed="${BASH_REMATCH[1]}"
    total="${BASH_REMATCH[2]}"
  fi
  if ((rc != 0 && failed == 0)); then
    failed=1 # ctest itself failed (bad arguments, missing build tree, ...)
  fi
  local passed=$((total - failed))
  ((passed < 0)) && passed=0
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  local note="$total tests"
  ((total == 1)) && note="1 test"
  ((total == 0)) && note="no tests"
  ((failed > 0)) && note="$note, $failed failed"
  if ((failed > 0)); then
    record "$name" failed "$dt" "$note"
  else
    record "$name" passed "$dt" "$note"
  fi
}

skip() { # name reason
  record "$1" skipped 0 "$2"
}

# The ctest runs of one build tree: by label, then whatever carries none of the labels.
ctest_by_label() {
  local prefix="$1" dir="$2" timeout="$3" label unlabelled
  for label in "${LABELS[@]}"; do
    run_ctest "$prefix $label" "$dir" "$timeout" -L "^${label}\$"
  done
  local exclude
  exclude="^($(
    IFS='|'
    echo "${LABELS[*]}"
  ))\$"
  unlabelled="$(ctest --test-dir "$dir" -N -LE "$exclude" 2>/dev/null | sed -n 's/^Total Tests: //p')"
  if [[ "${unlabelled:-0}" != 0 ]]; then
    sb_warn "$unlabelled test(s) carry none of the labels ${LABELS[*]}"
    run_ctest "$prefix (no label)" "$dir" "$timeout" -LE "$exclude"
  fi
}

summary_printed=0
print_summary() {
  summary_printed=1
  local i result colour
  banner "summary"
  printf '%-28s %-8s %9s  %s\n' step result time notes
  printf '%-28s %-8s %9s  %s\n' ---------------------------- -------- --------- -----
  for i in "${!step_names[@]}"; do
    result="${step_results[i]}"
    case "$result" in
      passed) colour="$SB_GREEN" ;;
      failed) colour="$SB_RED" ;;
      *) colour="$SB_YELLOW" ;;
    esac
    printf '%-28s %s%-8s%s %9s  %s\n' "${step_names[i]}" "$colour" "$result" "$SB_RESET" \
      "$(fmt_secs "${step_times[i]}")" "${step_notes[i]}"
  done
  printf '%-28s %-8s %9s\n' total "" "$(fmt_secs $((SECONDS - started_at)))"
  echo "logs: ${LOG_DIR#"$SB_ROOT"/}/"
  echo
  echo "$total_passed passed, $total_failed failed"
}

# If this script itself stops on an unexpected error, still say so in the summary.
on_exit() {
  local rc=$?
  if ((!summary_printed)); then
    record "scripts/test.sh" failed 0 "stopped early (exit $rc)"
    total_failed=$((total_failed + 1))
    print_summary
    ((rc)) || rc=1
  fi
  exit "$rc"
}
trap on_exit EXIT

# ---------------------------------------------------------------------------------- steps

echo "skillbridge test run: $(git -C "$SB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)," \
  "jobs=$JOBS, timeout=${TIMEOUT}s per test, sanitizers=$([[ $run_asan == 1 ]] && echo on || echo off)"

if ! sb_deps_ready; then
  if ! run_step setup 0 "$SB_ROOT/scripts/setup.sh"; then
    print_summary
    exit 1
  fi
fi

build_ok=1
run_step "build (build/)" 0 sb_build_default || build_ok=0

if ((build_ok)); then
  ctest_by_label ctest "$BUILD_DIR" "$TIMEOUT"
else
  for label in "${LABELS[@]}"; do
    skip "ctest $label" "build failed"
  done
fi

# The benchmark harness still works (short runs; checks that every step yields figures, not
# what they are).
if ((build_ok)); then
  run_step "bench smoke (quick)" 1 "$SB_ROOT/scripts/bench.sh" --quick --no-build --build-dir "$BUILD_DIR" \
    --out "$LOG_DIR/bench-quick.md" || true
  run_step "bench import smoke (quick)" 1 "$SB_ROOT/scripts/bench-import.sh" --quick --no-build \
    --out "$LOG_DIR/bench-import-quick.md" || true
else
  skip "bench smoke (quick)" "build failed"
fi

# Every example command in the README runs as written against scripts/up.sh (started here).
if ((build_ok)); then
  run_step "README examples" 1 "$SB_ROOT/scripts/readme-examples-check.sh" || true
else
  skip "README examples" "build failed"
fi

run_step "lint buf" 1 "$SB_ROOT/scripts/lint.sh" buf || true
run_step "lint clang-format" 1 "$SB_ROOT/scripts/lint.sh" format || true
run_step "lint shellcheck" 1 "$SB_ROOT/scripts/lint.sh" shell || true

# Deployment: the Kubernetes manifests (render, yamllint, schemas, agreement with the binaries),
# the Prometheus rules and Grafana dashboard (promtool, metric names scraped from the binaries),
# a Redis backup/restore drill, and the container images (built with podman, run with chroot).
if ((build_ok)); then
  export SKILLBRIDGE_BUILD_DIR="$BUILD_DIR"
  run_step "deploy k8s manifests" 1 "$SB_ROOT/scripts/k8s-check.sh" || true
  run_step "deploy monitoring" 1 "$SB_ROOT/scripts/monitoring-check.sh" || true
  run_step "deploy restore drill" 1 "$SB_ROOT/scripts/restore-drill.sh" || true
  if ((run_images)); then
    run_step "deploy images" 1 "$SB_ROOT/scripts/image-check.sh" || true
  else
    skip "deploy images" "${images_skip_reason}"
  fi
else
  skip "deploy checks" "build failed"
fi

if ((run_asan)) && ((build_ok)); then
  # Leaks are reported (LSan) except those listed in scripts/lsan.supp; UBSan stops at the first
  # finding. Exported for the build too: gtest_discover_tests runs the test binaries.
  export ASAN_OPTIONS="detect_leaks=1"
  export LSAN_OPTIONS="suppressions=$SB_ROOT/scripts/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  if run_step "asan build (build-asan/)" 0 sb_build "$ASAN_DIR" -DSKILLBRIDGE_SANITIZE=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1"; then
    run_ctest "asan ctest (all)" "$ASAN_DIR" $((TIMEOUT * 2))
  else
    skip "asan ctest (all)" "asan build failed"
  fi
elif ((run_asan)); then
  skip "asan build (build-asan/)" "build failed"
else
  skip "asan build + ctest" "--quick or --no-asan"
fi

# libFuzzer targets: build-fuzz/ is compiled by clang with coverage instrumentation, ASan and
# UBSan; only the fuzz targets are built. Each target runs FUZZ_SECONDS on its seed corpus (new
# inputs go to a scratch directory under build-fuzz/, never into tests/fuzz/corpus/), JOBS at a
# time. Any crash, sanitizer report or violated invariant fails the check; the input is kept in
# build-fuzz/fuzz-run/<target>/artifacts/ and the run's output in the logs.
FUZZ_DIR="$SB_ROOT/build-fuzz"
FUZZ_SECONDS="${SKILLBRIDGE_FUZZ_SECONDS:-15}"
[[ "$FUZZ_SECONDS" =~ ^[1-9][0-9]*$ ]] || sb_die "SKILLBRIDGE_FUZZ_SECONDS must be a positive integer"

fuzz_build() {
  local args=(-G Ninja -S "$SB_ROOT" -B "$FUZZ_DIR" -DSKILLBRIDGE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
  local stamp="$FUZZ_DIR/.skillbridge-configure-args"
  mkdir -p "$FUZZ_DIR"
  if [[ ! -f "$FUZZ_DIR/build.ninja" || ! -f "$stamp" || "$(cat "$stamp")" != "${args[*]}" ]]; then
    sb_log "configuring $FUZZ_DIR (clang)"
    CC=clang CXX=clang++ cmake "${args[@]}" || return 1
    printf '%s' "${args[*]}" >"$stamp"
  fi
  sb_log "building the fuzz targets in $FUZZ_DIR ($JOBS jobs)"
  CCACHE_BASEDIR="${CCACHE_BASEDIR:-$SB_ROOT}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}" cmake --build "$FUZZ_DIR" --target skillbridge_fuzz --parallel "$JOBS"
}

# fuzz_one <target>: one bounded run; writes its exit status to build-fuzz/fuzz-run/<target>/rc.
fuzz_one() {
  local name="$1" work="$FUZZ_DIR/fuzz-run/$1" rc=0
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  ASAN_OPTIONS="detect_leaks=1" \
    LSAN_OPTIONS="suppressions=$SB_ROOT/scripts/lsan.supp:print_suppressions=0" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$FUZZ_DIR/tests/fuzz/fuzz_$name" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "$SB_ROOT/tests/fuzz/corpus/$name" \
    >"$LOG_DIR/fuzz-$name.log" 2>&1 || rc=$?
  printf '%s\n' "$rc" >"$work/rc"
}

fuzz_all() {
  fuzz_build || return 1
  local names=() name dir
  for dir in "$SB_ROOT"/tests/fuzz/corpus/*/; do
    names+=("$(basename "$dir")")
  done
  ((${#names[@]})) || {
    echo "no seed corpus under tests/fuzz/corpus/" >&2
    return 1
  }
  echo "running ${#names[@]} fuzz targets for ${FUZZ_SECONDS}s each, $JOBS at a time"
  for name in "${names[@]}"; do
    if [[ ! -x "$FUZZ_DIR/tests/fuzz/fuzz_$name" ]]; then
      echo "tests/fuzz/corpus/$name/ has no fuzz target fuzz_$name" >&2
      return 1
    fi
    while (($(jobs -rp | wc -l) >= JOBS)); do
      wait -n || true
    done
    fuzz_one "$name" &
  done
  wait
  local failed=0 rc runs speed log
  printf '%-22s %-7s %12s %10s\n' target result executions exec/s
  for name in "${names[@]}"; do
    log="$LOG_DIR/fuzz-$name.log"
    rc="$(cat "$FUZZ_DIR/fuzz-run/$name/rc" 2>/dev/null || echo missing)"
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
    speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)"
    if [[ "$rc" == 0 ]]; then
      printf '%-22s %-7s %12s %10s\n' "$name" passed "${runs:-?}" "${speed:-?}"
    else
      failed=$((failed + 1))
      printf '%-22s %-7s %12s %10s  (exit %s; log %s)\n' "$name" FAILED "${runs:-?}" "${speed:-?}" "$rc" \
        "${log#"$SB_ROOT"/}"
      grep -E -m 1 -A 2 '^invariant violated' "$log" || true
      grep -E -m 2 'runtime error:|^SUMMARY: [A-Za-z]+Sanitizer' "$log" || true
      find "$FUZZ_DIR/fuzz-run/$name/artifacts" -type f -printf '  input: %p\n'
    fi
  done
  ((failed == 0))
}

if ((run_asan)); then
  if command -v clang >/dev/null 2>&1 && command -v clang++ >/dev/null 2>&1; then
    run_step "fuzz (build-fuzz/)" 1 fuzz_all || true
  else
    skip "fuzz (build-fuzz/)" "clang is not installed (scripts/setup.sh installs it)"
  fi
else
  skip "fuzz (build-fuzz/)" "--quick or --no-asan"
fi

print_summary
((total_failed == 0))
