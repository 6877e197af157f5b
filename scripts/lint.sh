#!/usr/bin/env bash
# Lint checks. With no check named, runs all of them.
#
#   scripts/lint.sh [--fix] [buf] [format] [shell]
#
#   buf     `buf lint` (STANDARD rules) on protos/ (configuration: protos/buf.yaml)
#   format  clang-format --dry-run --Werror on the C++ sources of common/ services/ tools/ tests/
#           (--fix rewrites the files in place instead)
#   shell   shellcheck on scripts/*.sh, deploy/**/*.sh, tests/data/**/*.sh and .ci/run
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fix=0
checks=()
while (($#)); do
  case "$1" in
    --fix) fix=1 ;;
    buf | format | shell) checks+=("$1") ;;
    -h | --help)
      sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) sb_die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done
if ((${#checks[@]} == 0)); then
  checks=(buf format shell)
fi

# Project C++ sources (generated code lives in the build trees, which are not searched).
cpp_sources() {
  local dir
  for dir in common services tools tests; do
    [[ -d "$SB_ROOT/$dir" ]] || continue
    find "$SB_ROOT/$dir" -type f \( -name '*.h' -o -name '*.cc' -o -name '*.hpp' -o -name '*.cpp' \) \
      -not -name '*.pb.h' -not -name '*.pb.cc' -not -path '*/build*/*' -print0
  done
}

lint_buf() {
  if [[ ! -x "$SB_ROOT/node_modules/.bin/buf" ]]; then
    echo "buf is not installed (run scripts/setup.sh)" >&2
    return 1
  fi
  # Functions called from `if` run without errexit: every failure returns explicitly.
  (cd "$SB_ROOT/protos" && "$SB_ROOT/node_modules/.bin/buf" lint) || return 1
  echo "protos are lint-clean"
}

lint_format() {
  if ! command -v clang-format >/dev/null 2>&1; then
    echo "clang-format is missing (run scripts/setup.sh)" >&2
    return 1
  fi
  local -a files=()
  mapfile -d '' -t files < <(cpp_sources | sort -z)
  if ((${#files[@]} == 0)); then
    echo "no C++ sources found"
    return 0
  fi
  if ((fix)); then
    clang-format -i "${files[@]}" || return 1
    echo "formatted ${#files[@]} files"
  else
    local out
    if out="$(clang-format --dry-run --Werror "${files[@]}" 2>&1)"; then
      echo "${#files[@]} files are formatted"
      return 0
    fi
    printf '%s\n' "$out" | head -n 60
    echo "..."
    echo "files that need formatting:"
    printf '%s\n' "$out" | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: .*clang-format-violations.*/\1/p' | sort -u |
      sed "s|^$SB_ROOT/|  |"
    echo "fix with: scripts/lint.sh --fix format"
    return 1
  fi
}

lint_shell() {
  if ! command -v shellcheck >/dev/null 2>&1; then
    echo "shellcheck is missing (run scripts/setup.sh)" >&2
    return 1
  fi
  local -a files=()
  mapfile -t files < <(find "$SB_ROOT/scripts" "$SB_ROOT/deploy" "$SB_ROOT/tests/data" -type f -name '*.sh' | sort)
  files+=("$SB_ROOT/.ci/run")
  shellcheck -x -P "$SB_ROOT/scripts" -P SCRIPTDIR "${files[@]}" || return 1
  echo "${#files[@]} shell scripts are clean"
}

rc=0
for check in "${checks[@]}"; do
  sb_log "lint: $check"
  case "$check" in
    buf) lint_buf || rc=1 ;;
    format) lint_format || rc=1 ;;
    shell) lint_shell || rc=1 ;;
  esac
done
exit "$rc"
