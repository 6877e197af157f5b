#!/usr/bin/env bash
# Regenerates the sample spreadsheets of tests/data/cli/ (README.md there describes them), the
# same bytes on every run, or writes the large certificates file of the import benchmark.
#
#   tests/data/cli/make-samples.sh [--out-dir DIR] [MAKER]
#   tests/data/cli/make-samples.sh --large OUT.csv [ROWS] [--maker MAKER]
#
#   MAKER          the generator, default build/tests/cli/cli_sample_maker
#                  (cmake --build build --target cli_sample_maker)
#   --out-dir DIR  write the samples there instead of tests/data/cli/ (the unit test compares)
#   --large        ROWS valid certificates (default 100000, distinct persons) as UTF-8 CSV with a
#                  BOM and Chinese headers, for the throughput benchmark; not checked in
#
# The generator writes files meant to be GBK as "<name>.utf8.csv"; this script converts them with
# iconv (UTF-8 to GB18030, which writes every GBK character as GBK does) to "<name>.csv".
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() {
  printf 'make-samples.sh: %s\n' "$*" >&2
  exit 1
}

maker="$root/build/tests/cli/cli_sample_maker"
out_dir="$here"
large=""
rows=100000
positional=()
while (($#)); do
  case "$1" in
    --out-dir)
      (($# >= 2)) || die "--out-dir needs a directory"
      out_dir="$2"
      shift
      ;;
    --maker)
      (($# >= 2)) || die "--maker needs the generator's path"
      maker="$2"
      shift
      ;;
    --large)
      (($# >= 2)) || die "--large needs the output file (OUT.csv)"
      large="$2"
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) positional+=("$1") ;;
  esac
  shift
done

if [[ -n "$large" ]]; then
  ((${#positional[@]} <= 1)) || die "--large takes OUT.csv and at most one ROWS"
  ((${#positional[@]} == 0)) || rows="${positional[0]}"
  [[ "$rows" =~ ^[1-9][0-9]*$ ]] || die "ROWS must be a positive whole number, got '$rows'"
else
  ((${#positional[@]} <= 1)) || die "one generator path at most (see --help)"
  ((${#positional[@]} == 0)) || maker="${positional[0]}"
fi
[[ -x "$maker" ]] || die "no generator at $maker (cmake --build build --target cli_sample_maker)"
command -v iconv >/dev/null 2>&1 || die "iconv is missing (Debian: libc-bin)"

if [[ -n "$large" ]]; then
  [[ "$large" == *.csv ]] || die "the large file must be named *.csv, got '$large'"
  "$maker" --large "$large" "$rows"
  printf 'wrote %s (%s rows, %s bytes)\n' "$large" "$rows" "$(wc -c <"$large" | tr -d ' ')"
  exit 0
fi

[[ -d "$out_dir" ]] || die "no directory $out_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$maker" "$work"
for utf8 in "$work"/*.utf8.csv; do
  [[ -e "$utf8" ]] || continue
  iconv -f UTF-8 -t GB18030 "$utf8" >"${utf8%.utf8.csv}.csv"
  rm -f "$utf8"
done
count=0
for file in "$work"/*; do
  cp "$file" "$out_dir/"
  count=$((count + 1))
done
printf 'wrote %d sample files to %s\n' "$count" "$out_dir"
