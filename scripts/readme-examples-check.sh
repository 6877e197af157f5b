#!/usr/bin/env bash
# Runs every example command of README.md against a running stack, so that the examples stay true.
# The examples are the ```sh blocks of the sections named in README_SECTIONS below; each block runs,
# in README order, as one `bash -euo pipefail` script from the repository root (the blocks set
# SKILLBRIDGE_TOKEN and `sb` themselves). The first command that exits non-zero fails the check,
# named with its block, its README line and its text, followed by the block's output.
#
#   scripts/readme-examples-check.sh [--running] [--readme FILE] [--wait SECONDS] [--verbose]
#
#   --running        use the stack that is already running here (scripts/up.sh); by default the
#                    script starts `scripts/up.sh --no-build --fresh` itself (it refuses when the
#                    ports are taken), waits until the demo data is loaded and every service's health
#                    answers SERVING, and stops it at the end, also on failure or Ctrl-C
#   --readme FILE    another Markdown file (default README.md)
#   --wait SECONDS   how long to wait for the stack to be ready (default 900)
#   --verbose        print each block's output, also when it passes
#
# Needs build/ built (the services, build/tools/cli/skillbridge, the simulator for the demo data).
# Logs: up.sh's output and each block's output in a temporary directory, kept when a check fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The README sections whose ```sh blocks are examples, in order. A section that is not in the README
# is reported and skipped; at least one block must be found.
README_SECTIONS=("The evaluation API in brief" "Bureau data exchange")

# The stack's gRPC ports (scripts/up.sh): service name and port.
STACK_PORTS=("evaluation 50051" "training 50052" "competition 50053" "incentive 50054" "education 50055"
  "aggregator 50060")
HOST=127.0.0.1

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

running=0
verbose=0
readme="$SB_ROOT/README.md"
wait_seconds=900
while (($#)); do
  case "$1" in
    --running) running=1 ;;
    --verbose) verbose=1 ;;
    --readme)
      readme="${2:?--readme needs a file}"
      shift
      ;;
    --wait)
      wait_seconds="${2:?--wait needs a number of seconds}"
      [[ "$wait_seconds" =~ ^[1-9][0-9]*$ ]] || sb_die "--wait needs a positive number of seconds"
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

cd "$SB_ROOT"
[[ -f "$readme" ]] || sb_die "no $readme"
cli="$SB_ROOT/build/tools/cli/skillbridge"
[[ -x "$cli" ]] || sb_die "no ${cli#"$SB_ROOT"/} (cmake --build build --target skillbridge)"

work="$(mktemp -d "${TMPDIR:-/tmp}/readme-examples.XXXXXX")"
keep_work=0

# ------------------------------------------------------------------------------ the examples

# extract_blocks <readme> <section...>: for every ```sh block inside the named "## " sections, in
# file order, writes <work>/block-<n>.sh (the block's lines), <work>/block-<n>.line (the README
# line of its first line) and <work>/block-<n>.section; prints the number of blocks. A section
# runs from its "## " heading to the next heading of level 1 or 2.
extract_blocks() {
  local file="$1"
  shift
  local sections
  sections="$(printf '%s\n' "$@")"
  awk -v work="$work" -v sections="$sections" '
    BEGIN { n = split(sections, list, "\n"); for (i = 1; i <= n; i++) wanted[list[i]] = 1 }
    # Inside a fenced block of any kind: only its closing fence matters ("# ..." is no heading there).
    fence && /^```[ \t]*$/ {
      fence = 0
      if (capturing) { capturing = 0; close(out ".sh") }
      next
    }
    fence { if (capturing) print > (out ".sh"); next }
    /^```/ {
      fence = 1
      if (section != "" && $0 ~ /^```sh[ \t]*$/) {
        capturing = 1; blocks++
        out = work "/block-" blocks
        print NR + 1 > (out ".line"); close(out ".line")
        print section > (out ".section"); close(out ".section")
        printf "" > (out ".sh")
      }
      next
    }
    /^#+ / {
      level = index($0, " ") - 1
      if (level <= 2) {
        title = substr($0, level + 2)
        sub(/[ \t]+$/, "", title)
        section = (level == 2 && (title in wanted)) ? title : ""
        if (section != "") seen[section] = 1
      }
    }
    END {
      for (s in wanted) if (!(s in seen)) print s > (work "/missing-sections")
      print blocks + 0
    }
  ' "$file"
}

# split_commands <block file> <first line>: the block's commands, one record each, as
# "<README line>\t<command, its lines joined with \001>". A command runs from its first line that is
# not blank or a comment until the text parses (bash -n) and does not end with a backslash.
split_commands() {
  local file="$1" line_no="$2" line buffer="" start=0
  while IFS= read -r line || [[ -n "$line" ]]; do
    if [[ -z "$buffer" ]]; then
      if [[ "$line" =~ ^[[:space:]]*(#.*)?$ ]]; then
        line_no=$((line_no + 1))
        continue
      fi
      start="$line_no"
      buffer="$line"
    else
      buffer+=$'\n'"$line"
    fi
    line_no=$((line_no + 1))
    if [[ "$buffer" != *\\ ]] && bash -n <<<"$buffer" 2>/dev/null; then
      printf '%s\t%s\n' "$start" "${buffer//$'\n'/$'\001'}"
      buffer=""
    fi
  done <"$file"
  if [[ -n "$buffer" ]]; then
    printf '%s\t%s\n' "$start" "${buffer//$'\n'/$'\001'}"
  fi
}

# ------------------------------------------------------------------------------- the stack

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

up_pid=""
stop_stack() {
  [[ -n "$up_pid" ]] || return 0
  local pid="$up_pid" i
  up_pid=""
  # up.sh runs in its own process group: TERM to the group reaches up.sh and the demo loader it may
  # still be running; up.sh then stops its services and Redis in order (they run in sessions of
  # their own). Only the pid when it leads no group of its own.
  local target="$pid" pgid
  pgid="$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
  [[ "$pgid" != "$pid" ]] || target="-$pid"
  sb_log "stopping the stack (scripts/up.sh, pid $pid)"
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < 600; i++)); do # up to 60 s
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    sb_warn "scripts/up.sh did not stop within 60 s; killing its process group"
    kill -KILL -- "$target" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

on_exit() {
  local rc=$?
  trap '' INT TERM
  stop_stack
  if ((rc != 0 || keep_work)); then
    printf 'logs kept in %s\n' "$work" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

admin_token() { awk '$1 == "dev-admin" { print $4 }' "$SB_ROOT/var/dev-tokens.txt" 2>/dev/null || true; }

# health_serving <port>: the standard health check of the whole server answers SERVING.
health_serving() {
  local answer
  answer="$(SKILLBRIDGE_TOKEN="$(admin_token)" "$cli" call --address="$HOST:$1" health/Check 2>/dev/null)" || return 1
  [[ "$answer" == *'"SERVING"'* ]]
}

start_stack() {
  local entry name port taken=()
  for entry in "${STACK_PORTS[@]}"; do
    read -r name port <<<"$entry"
    if port_open "$port"; then
      taken+=("$name:$port")
    fi
  done
  if ((${#taken[@]})); then
    sb_die "ports in use (${taken[*]}): another stack is running here; use it with --running, or wait until it stops"
  fi
  sb_log "starting scripts/up.sh --no-build --fresh (log: $work/up.log)"
  # In a process group of its own (job control on for this one job), which stop_stack signals.
  set -m
  "$SB_ROOT/scripts/up.sh" --no-build --fresh </dev/null >"$work/up.log" 2>&1 &
  up_pid=$!
  set +m
  local deadline=$((SECONDS + wait_seconds))
  # up.sh prints this line once every service is up and the demo data is loaded.
  until grep -q 'running; press Ctrl-C to stop' "$work/up.log" 2>/dev/null; do
    if ! kill -0 "$up_pid" 2>/dev/null; then
      tail -n 30 "$work/up.log" >&2 || true
      up_pid=""
      sb_die "scripts/up.sh exited before the stack was ready (log: $work/up.log)"
    fi
    ((SECONDS < deadline)) || sb_die "the stack was not ready within ${wait_seconds} s (log: $work/up.log)"
    sleep 1
  done
  if grep -q 'the demo data did not load completely' "$work/up.log"; then
    sb_warn "the demo data did not load completely (see $work/up.log and var/demo-load.log)"
  fi
}

# wait_for_health: every port of the stack that is open answers SERVING; evaluation must be there.
wait_for_health() {
  local entry name port deadline=$((SECONDS + 60)) serving=()
  port_open 50051 || sb_die "nothing listens on $HOST:50051 (evaluation): is the stack running?"
  for entry in "${STACK_PORTS[@]}"; do
    read -r name port <<<"$entry"
    port_open "$port" || continue
    until health_serving "$port"; do
      ((SECONDS < deadline)) || sb_die "$name ($HOST:$port) does not answer SERVING to health/Check"
      sleep 1
    done
    serving+=("$name")
  done
  sb_log "health SERVING: ${serving[*]}"
}

# ------------------------------------------------------------------------------------- main

block_count="$(extract_blocks "$readme" "${README_SECTIONS[@]}")"
if [[ -s "$work/missing-sections" ]]; then
  while IFS= read -r section; do
    sb_log "README section \"$section\" is not in ${readme#"$SB_ROOT"/}: skipped"
  done <"$work/missing-sections"
fi
((block_count > 0)) || sb_die "no \`\`\`sh block in the sections: ${README_SECTIONS[*]}"

if ((running)); then
  sb_log "using the stack that is running"
else
  start_stack
fi
wait_for_health

commands_run=0
for ((b = 1; b <= block_count; b++)); do
  block="$work/block-$b"
  first_line="$(cat "$block.line")"
  section="$(cat "$block.section")"
  mapfile -t commands < <(split_commands "$block.sh" "$first_line")
  # The block as one script: each command preceded by a marker that records which one runs.
  {
    printf 'set -euo pipefail\ncd %q\nunset SKILLBRIDGE_TOKEN sb\n' "$SB_ROOT"
    for ((c = 0; c < ${#commands[@]}; c++)); do
      printf 'printf %%s %d >%q\n' "$c" "$block.step"
      printf '%s\n' "${commands[c]#*$'\t'}" | tr '\001' '\n'
    done
    printf 'printf %%s done >%q\n' "$block.step"
  } >"$block.run.sh"
  sb_log "block $b (${readme##*/}:$first_line, \"$section\"): ${#commands[@]} commands"
  if ! bash -euo pipefail "$block.run.sh" >"$block.log" 2>&1 || [[ "$(cat "$block.step" 2>/dev/null)" != "done" ]]; then
    step="$(cat "$block.step" 2>/dev/null || echo 0)"
    [[ "$step" =~ ^[0-9]+$ ]] || step=0
    failed="${commands[step]}"
    {
      printf '%sREADME example failed:%s block %d (%s line %s, section "%s"), command %d of %d (line %s):\n' \
        "$SB_RED" "$SB_RESET" "$b" "${readme##*/}" "$first_line" "$section" $((step + 1)) "${#commands[@]}" "${failed%%$'\t'*}"
      printf '%s\n' "${failed#*$'\t'}" | tr '\001' '\n' | sed 's/^/    /'
      printf 'output of the block (%s):\n' "$block.log"
      tail -n 40 "$block.log" | sed 's/^/  | /'
    } >&2
    exit 1
  fi
  if ((verbose)); then
    sed 's/^/  | /' "$block.log"
  fi
  commands_run=$((commands_run + ${#commands[@]}))
done

plural() {
  if (($1 == 1)); then printf '%d %s' "$1" "$2"; else printf '%d %ss' "$1" "$2"; fi
}
printf '%sREADME examples: %s in %s ran%s\n' "$SB_GREEN" "$(plural "$commands_run" command)" \
  "$(plural "$block_count" block)" "$SB_RESET"
