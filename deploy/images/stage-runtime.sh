#!/usr/bin/env bash
# Runs in the image's build stage: lays out what the `services` image holds, from a build tree.
#
#   deploy/images/stage-runtime.sh <build-dir> <out-dir>
#
# Writes <out-dir>/root/ (copied onto the runtime image's /):
#   usr/local/bin/skillbridge-<service>, skillbridge-reconcile and the command-line tool
#   skillbridge (stripped of debug info)
#   opt/skillbridge/reference/   districts, industry chains, occupations
#   opt/skillbridge/web/         the dashboard page (--static_dir)
#   opt/skillbridge/echarts/echarts.min.js   (--echarts_path)
# and <out-dir>/runtime-packages.txt: the Debian packages that own the shared libraries the
# binaries load (ldd + dpkg -S), which the runtime stage installs and nothing else.
set -euo pipefail
# shellcheck source=../../scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

[[ $# -eq 2 ]] || sb_die "usage: $0 <build-dir> <out-dir>"
build_dir="$1" out="$2"
root="$out/root"
mkdir -p "$root/usr/local/bin" "$root/opt/skillbridge/echarts"

binaries=()
for dir in "$SB_ROOT"/services/*/; do
  [[ -f "$dir/main.cc" ]] || continue
  name="$(basename "$dir")"
  binaries+=("$build_dir/services/$name/skillbridge-$name")
done
binaries+=("$build_dir/tools/reconcile/skillbridge-reconcile" "$build_dir/tools/cli/skillbridge")
for binary in "${binaries[@]}"; do
  [[ -x "$binary" ]] || sb_die "missing binary $binary"
  strip --strip-debug -o "$root/usr/local/bin/$(basename "$binary")" "$binary"
done

cp -r "$SB_ROOT/reference" "$root/opt/skillbridge/reference"
cp -r "$SB_ROOT/services/aggregator/web" "$root/opt/skillbridge/web"
echarts="$SB_ROOT/node_modules/echarts/dist/echarts.min.js"
[[ -f "$echarts" ]] || sb_die "missing $echarts (npm ci first)"
cp "$echarts" "$root/opt/skillbridge/echarts/echarts.min.js"
chmod -R a+rX,go-w "$root"

# The owner package of every shared library a binary loads.
owner_of() {
  local path="$1" candidate
  for candidate in "$path" "$(readlink -f "$path")" "/usr$path" "${path#/usr}"; do
    if dpkg-query -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1; then
      return 0
    fi
  done
  sb_die "no Debian package owns $path"
}
mapfile -t libraries < <(ldd "${binaries[@]}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u)
for library in "${libraries[@]}"; do
  owner_of "$library"
done | sed 's/:amd64$//; s/:arm64$//' | sort -u >"$out/runtime-packages.txt"
[[ -s "$out/runtime-packages.txt" ]] || sb_die "found no runtime packages"
sb_log "runtime packages: $(tr '\n' ' ' <"$out/runtime-packages.txt")"
