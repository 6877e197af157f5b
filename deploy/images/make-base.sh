#!/usr/bin/env bash
# Makes the base image of deploy/images/Containerfile from Debian's package mirror, so that no
# container registry is needed: mmdebstrap --variant=minbase (Debian 12 bookworm, with
# bookworm-updates and bookworm-security) into a tarball, then `podman import`.
#
#   deploy/images/make-base.sh [--tag NAME] [--mirror URL]
#
#   --tag     image name (default localhost/skillbridge/debian:bookworm, the Containerfile's BASE_IMAGE)
#   --mirror  Debian mirror (default http://deb.debian.org/debian; its -security sibling is derived)
# Needs root (or a user namespace), mmdebstrap and podman: scripts/setup.sh installs them.
set -euo pipefail
# shellcheck source=../../scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

usage() { sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

tag=localhost/skillbridge/debian:bookworm
mirror=http://deb.debian.org/debian
while (($#)); do
  case "$1" in
    --tag)
      tag="${2:?--tag needs a name}"
      shift
      ;;
    --mirror)
      mirror="${2:?--mirror needs a URL}"
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
for tool in mmdebstrap podman; do
  command -v "$tool" >/dev/null 2>&1 || sb_die "$tool is missing (run scripts/setup.sh)"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sb_log "mmdebstrap bookworm (minbase) from $mirror"
mmdebstrap --quiet --variant=minbase --include=ca-certificates \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  bookworm "$work/rootfs.tar" \
  "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb ${mirror}-security bookworm-security main"
sb_log "podman import as $tag"
podman import --quiet --change 'CMD ["/bin/bash"]' "$work/rootfs.tar" "$tag" >/dev/null
sb_log "base image $tag: $(podman image inspect --format '{{.Size}}' "$tag" | numfmt --to=iec) ($(date -u +%F))"
