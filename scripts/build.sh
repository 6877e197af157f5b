#!/usr/bin/env bash
# Builds skillbridge with CMake and Ninja (ccache when installed).
#
#   scripts/build.sh                  build/ as scripts/test.sh and scripts/up.sh build it
#                                     (SKILLBRIDGE_BUILD_TYPE, default RelWithDebInfo; with tests)
#   scripts/build.sh --services DIR   only the service and tool binaries (RelWithDebInfo, no
#                                     tests) in DIR: what the container image ships
#
# Environment: SKILLBRIDGE_JOBS (parallel jobs, default 2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

case "${1:-}" in
  "") sb_build_default ;;
  --services)
    dir="${2:?--services needs a build directory}"
    sb_build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSKILLBRIDGE_BUILD_TESTS=OFF
    ;;
  -h | --help) usage ;;
  *) sb_die "unknown option '$1' (see --help)" ;;
esac
