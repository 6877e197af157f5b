#!/usr/bin/env bash
# Builds skillbridge's container images (deploy/images/Containerfile) and smoke-tests them on this
# machine, where images can be built but containers cannot be started: the images' filesystems
# are unpacked and their programs run with chroot, on loopback, as the images' own users.
#
#   scripts/image-check.sh [--rebuild-base] [--keep]
#
#   --rebuild-base  make the Debian base image again (deploy/images/make-base.sh) even if present
#   --keep          keep the work directory (unpacked images, logs) for inspection
#
# Steps:
#   1. base image from Debian's mirror when missing (mmdebstrap + podman import);
#   2. `podman build --isolation chroot` of the `build`, `services` and `redis` targets (tag :check;
#      the build stage is tagged so that its layers stay cached, older untagged layers pruned), with
#      a persistent ccache (SKILLBRIDGE_IMAGE_CCACHE, default /var/cache/skillbridge/image-ccache)
#      and the host's CA bundle mounted for npm behind an inspecting proxy;
#   3. static checks of the unpacked images: every service binary present and all its libraries
#      resolved inside the image, non-root users, no compiler, package manager or download tool,
#      no tokens or keys, the Redis configuration (AOF always, no password baked in);
#   4. a running stack from the images: three Redis stores (password, AOF always), evaluation,
#      training and the aggregator, each service on a read-only root with a tmpfs /tmp and the
#      secrets where Kubernetes mounts them; then, from the host: health ("" and liveness) on the
#      plaintext probe port, skillbridge_serving on /metrics, a small simulated year written
#      through the services (build/'s simulator), one certificate listed and verified, the
#      dashboard JSON with certificates counted and the page with its chart library, Redis's
#      settings in effect (appendfsync always, FLUSHALL disabled), the Redis exporter reporting
#      redis_up 1, and SIGTERM → exit 0 for each service.
# Needs root (podman build with chroot isolation, mount, chroot), podman, mmdebstrap, curl,
# protoc, redis-cli and a built build/ (SKILLBRIDGE_BUILD_DIR) for the simulator.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }

rebuild_base=0 keep=0
while (($#)); do
  case "$1" in
    --rebuild-base) rebuild_base=1 ;;
    --keep) keep=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) sb_die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

[[ $(id -u) -eq 0 ]] || sb_die "needs root (podman build --isolation chroot, mount, chroot)"
for tool in podman mmdebstrap curl protoc perl redis-cli chroot mount; do
  command -v "$tool" >/dev/null 2>&1 || sb_die "$tool is missing (run scripts/setup.sh)"
done
CHROOT="$(command -v chroot)"
build_dir="$(realpath -m "${SKILLBRIDGE_BUILD_DIR:-$SB_ROOT/build}")"
simulator="$build_dir/tools/simulator/skillbridge-simulator"
[[ -x "$simulator" ]] || sb_die "missing $simulator (scripts/build.sh first)"

BASE_IMAGE=localhost/skillbridge/debian:bookworm
BUILD_IMAGE=localhost/skillbridge/build:check  # the build stage, tagged so its layers stay cached
SERVICES_IMAGE=localhost/skillbridge/services:check
REDIS_IMAGE=localhost/skillbridge/redis:check
ccache_dir="${SKILLBRIDGE_IMAGE_CCACHE:-/var/cache/skillbridge/image-ccache}"
mkdir -p "$ccache_dir"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/skillbridge-image-check.XXXXXX")"
pids=()
mounts=()
failures=0
cleanup() {
  local i
  exec 2>/dev/null # no job-status lines for the processes killed below
  sb_stop_pids KILL
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount -l "${mounts[i]}" 2>/dev/null || true
  done
  if ((keep)); then
    sb_log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

check() { # <description> <command...>: one line, ok or FAIL with the command's output
  local description="$1"
  shift
  if "$@" >"$WORK/check.out" 2>&1; then
    printf '  ok    %s\n' "$description"
  else
    printf '  FAIL  %s\n' "$description"
    failures=$((failures + 1))
    tail -n 15 "$WORK/check.out" | sed 's/^/        /'
  fi
  { echo "---- $description" && cat "$WORK/check.out"; } >>"$WORK/checks.log"
}

# ------------------------------------------------------------------------------ 1-2. images

t_total=$SECONDS
if ((rebuild_base)) || ! podman image exists "$BASE_IMAGE"; then
  t0=$SECONDS
  "$SB_ROOT/deploy/images/make-base.sh" --tag "$BASE_IMAGE"
  sb_log "base image made in $((SECONDS - t0)) s"
fi

build_args=(--isolation chroot -f "$SB_ROOT/deploy/images/Containerfile" --build-arg "BASE_IMAGE=$BASE_IMAGE"
  -v "$ccache_dir:/ccache")
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  build_args+=(-v /etc/ssl/certs/ca-certificates.crt:/run/build-ca/ca.crt:ro)
fi
declare -A build_s=()
for target in build services redis; do
  case "$target" in
    build) image="$BUILD_IMAGE" ;;
    services) image="$SERVICES_IMAGE" ;;
    redis) image="$REDIS_IMAGE" ;;
  esac
  t0=$SECONDS
  sb_log "podman build --target $target (log: $WORK/build-$target.log)"
  if ! podman build "${build_args[@]}" --target "$target" -t "$image" "$SB_ROOT" >"$WORK/build-$target.log" 2>&1; then
    tail -n 40 "$WORK/build-$target.log" >&2
    keep=1
    sb_die "podman build --target $target failed"
  fi
  build_s[$target]=$((SECONDS - t0))
done
# Layers of earlier builds that no tag uses any more (the tagged build stage keeps the cache).
podman image prune -f >/dev/null
size_of() { podman image inspect --format '{{.Size}}' "$1" | numfmt --to=iec --format '%.1f'; }
sb_log "build stage ${build_s[build]} s; built $SERVICES_IMAGE ($(size_of "$SERVICES_IMAGE"), ${build_s[services]} s) and $REDIS_IMAGE ($(size_of "$REDIS_IMAGE"), ${build_s[redis]} s)"

# ------------------------------------------------------------------------- 3. static checks

unpack() { # <image> <dir>
  local mnt
  mkdir -p "$2"
  mnt="$(podman image mount "$1")"
  cp -a "$mnt/." "$2/"
  podman image unmount "$1" >/dev/null
}
SROOT="$WORK/services-root"
RROOT="$WORK/redis-root"
unpack "$SERVICES_IMAGE" "$SROOT"
unpack "$REDIS_IMAGE" "$RROOT"

mapfile -t services < <(for dir in "$SB_ROOT"/services/*/; do [[ -f "$dir/main.cc" ]] && basename "$dir"; done)

binaries_resolve() {
  local binary missing
  for binary in "${services[@]/#/skillbridge-}" skillbridge-reconcile skillbridge; do
    [[ -x "$SROOT/usr/local/bin/$binary" ]] || {
      echo "missing /usr/local/bin/$binary"
      return 1
    }
    missing="$(chroot "$SROOT" /usr/bin/ldd "/usr/local/bin/$binary" | grep 'not found' || true)"
    [[ -z "$missing" ]] || {
      echo "$binary: $missing"
      return 1
    }
  done
}
no_build_or_download_tools() {
  local root="$1" tool found=0
  for tool in gcc g++ cc c++ make cmake apt apt-get curl wget git ssh scp nc; do
    if [[ -e "$root/usr/bin/$tool" || -e "$root/bin/$tool" ]]; then
      echo "$tool is in the image"
      found=1
    fi
  done
  return "$found"
}
image_user_is() { [[ "$(podman image inspect --format '{{.Config.User}}' "$1")" == "$2" ]]; }
no_secrets_in() { # no token files, auth configs or private keys (public CA bundles are fine)
  local hits
  hits="$(find "$1" -xdev -type f \( -name 'dev-tokens*' -o -name 'auth.textproto' -o -name '*.key' \
    -o -name 'service-token' \) -print)"
  hits+="$(grep -rlI --exclude-dir=proc --exclude-dir=dev -e '-----BEGIN [A-Z ]*PRIVATE KEY-----' "$1" || true)"
  [[ -z "$hits" ]] || {
    echo "$hits"
    return 1
  }
}
files_not_writable_by_service_user() {
  local hits
  hits="$(find "$SROOT/usr/local/bin" "$SROOT/opt/skillbridge" \( -user 10001 -o -perm -o+w \) -print)"
  [[ -z "$hits" ]] || {
    echo "$hits"
    return 1
  }
}
redis_conf_is_durable() {
  local conf="$RROOT/etc/skillbridge/redis.conf"
  grep -qx 'appendonly yes' "$conf" && grep -qx 'appendfsync always' "$conf" &&
    grep -qx 'protected-mode yes' "$conf" && grep -qx 'maxmemory-policy noeviction' "$conf" &&
    ! grep -q '^requirepass' "$conf"
}

echo "static checks:"
check "every service binary, skillbridge-reconcile and the skillbridge tool present, all libraries found in the image" binaries_resolve
check "services image runs as 10001:10001" image_user_is "$SERVICES_IMAGE" 10001:10001
check "redis image runs as 10002:10002" image_user_is "$REDIS_IMAGE" 10002:10002
check "no compiler, package manager or download tool in the services image" no_build_or_download_tools "$SROOT"
check "no compiler, package manager or download tool in the redis image" no_build_or_download_tools "$RROOT"
check "no tokens, keys or auth configs in either image" no_secrets_in "$WORK"
check "binaries and data not writable by the service user" files_not_writable_by_service_user
check "redis.conf: AOF always, protected mode, noeviction, no password" redis_conf_is_durable

# --------------------------------------------------------------------------- 4. running stack

used_ports=" "
free_port() {
  local port _
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 30000))
    [[ "$used_ports" == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      used_ports+="$port "
      printf '%s\n' "$port"
      return 0
    fi
  done
  sb_die "no free port found"
}

# Secrets where the Deployments mount them (/var/run -> /run in Debian).
"$SB_ROOT/scripts/gen-dev-tokens.sh" --var "$WORK/var" >/dev/null
token_of() { awk -v n="$1" '$1 == n { print $4 }' "$WORK/var/dev-tokens.txt"; }
ADMIN="$(token_of dev-admin)" VERIFIER="$(token_of dev-verifier)" VIEWER="$(token_of dev-viewer)"
SERVICE_TOKEN="$(token_of dev-service)"
SECRETS="$SROOT/run/secrets/skillbridge"
mkdir -p "$SECRETS/auth" "$SECRETS/redis" "$SECRETS/service-token"
cp "$WORK/var/auth.textproto" "$SECRETS/auth/auth.textproto"
printf '%s\n' "$SERVICE_TOKEN" >"$SECRETS/service-token/token"
declare -A redis_port=() redis_password=()
for store in evaluation training aggregator; do
  redis_port[$store]="$(free_port)"
  redis_password[$store]="$(sb_token)"
  printf '%s\n' "${redis_password[$store]}" >"$SECRETS/redis/$store"
  mkdir -p "$RROOT/data/$store"
  chown 10002:10002 "$RROOT/data/$store"
done
chown -R root:10001 "$SECRETS"
chmod -R u=rwX,g=rX,o= "$SECRETS"

# The services' root: read-only, with /dev, /proc and a tmpfs /tmp, as a hardened pod has.
mount --bind "$SROOT" "$SROOT" && mounts+=("$SROOT")
mount -o remount,bind,ro "$SROOT"
mount --bind /dev "$SROOT/dev" && mounts+=("$SROOT/dev")
mount -t proc proc "$SROOT/proc" && mounts+=("$SROOT/proc")
mount -t tmpfs -o size=64m,mode=1777 tmpfs "$SROOT/tmp" && mounts+=("$SROOT/tmp")
mount --bind /dev "$RROOT/dev" && mounts+=("$RROOT/dev")
mount -t proc proc "$RROOT/proc" && mounts+=("$RROOT/proc")

in_image() { # <root> <uid:gid> <log> <program and arguments...>: starts it in the background
  local root="$1" user="$2" log="$3"
  shift 3
  env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "$CHROOT" --userspec="$user" "$root" "$@" >"$log" 2>&1 &
  pids+=($!)
  LAST_PID=$!
}
rcli() { REDISCLI_AUTH="${redis_password[$1]}" redis-cli --no-auth-warning -h 127.0.0.1 -p "${redis_port[$1]}" "${@:2}"; }

for store in evaluation training aggregator; do
  in_image "$RROOT" 10002:10002 "$WORK/redis-$store.log" redis-server /etc/skillbridge/redis.conf \
    --requirepass "${redis_password[$store]}" --bind 127.0.0.1 --port "${redis_port[$store]}" --dir "/data/$store"
done
for store in evaluation training aggregator; do
  for _ in $(seq 100); do
    [[ "$(rcli "$store" ping 2>/dev/null)" == PONG ]] && break
    sleep 0.1
  done
done

declare -A grpc_port=() health_port=() metrics_port=() service_pid=()
for name in evaluation training aggregator; do
  grpc_port[$name]="$(free_port)" health_port[$name]="$(free_port)" metrics_port[$name]="$(free_port)"
done
HTTP_PORT="$(free_port)"
common_flags() {
  printf '%s\n' "--listen=127.0.0.1:${grpc_port[$1]}" "--health_listen=127.0.0.1:${health_port[$1]}" \
    "--metrics_listen=127.0.0.1:${metrics_port[$1]}" "--redis=redis://127.0.0.1:${redis_port[$1]}/0" \
    "--redis_password_file=/var/run/secrets/skillbridge/redis/$1" \
    "--auth_config=/var/run/secrets/skillbridge/auth/auth.textproto" \
    "--reference_dir=/opt/skillbridge/reference" "--shutdown_grace_ms=3000"
}
start_service() { # <name> [extra flags...]
  local name="$1"
  shift
  mapfile -t flags < <(common_flags "$name")
  in_image "$SROOT" 10001:10001 "$WORK/$name.log" "/usr/local/bin/skillbridge-$name" "${flags[@]}" "$@"
  service_pid[$name]="$LAST_PID"
}
health_of() { # <name> [health service name]
  sb_grpc_call "127.0.0.1:${health_port[$1]}" grpc.health.v1.Health/Check grpc.health.v1.HealthCheckRequest \
    grpc.health.v1.HealthCheckResponse "service: \"${2:-}\"" 2>/dev/null | sed -n 's/^status: //p'
}
await_serving() {
  local _
  for _ in $(seq 150); do
    [[ "$(health_of "$1")" == SERVING ]] && return 0
    kill -0 "${service_pid[$1]}" 2>/dev/null || break
    sleep 0.2
  done
  tail -n 20 "$WORK/$1.log" >&2
  return 1
}

t0_ms="$(date +%s%3N)"
start_service evaluation
start_service training "--evaluation_address=127.0.0.1:${grpc_port[evaluation]}" \
  "--evaluation_token_file=/var/run/secrets/skillbridge/service-token/token"
start_service aggregator \
  "--sources=evaluation=127.0.0.1:${grpc_port[evaluation]},training=127.0.0.1:${grpc_port[training]}" \
  "--service_token_file=/var/run/secrets/skillbridge/service-token/token" "--http_listen=127.0.0.1:$HTTP_PORT" \
  "--static_dir=/opt/skillbridge/web" "--echarts_path=/opt/skillbridge/echarts/echarts.min.js"
echo "stack from the images (read-only root, secrets mounted):"
for name in evaluation training aggregator; do
  check "$name started from the image and SERVING on its probe port" await_serving "$name"
done
started_ms=$(($(date +%s%3N) - t0_ms))

liveness_and_service_names() {
  local name="$1" full
  [[ "$(health_of "$name" liveness)" == SERVING ]] || return 1
  full="skillbridge.$name.v1.$(tr '[:lower:]' '[:upper:]' <<<"${name:0:1}")${name:1}Service"
  [[ "$(health_of "$name" "$full")" == SERVING ]]
}
serving_gauge() {
  local metrics
  metrics="$(curl -sf "http://127.0.0.1:${metrics_port[$1]}/metrics")" || return 1
  grep -qx 'skillbridge_serving 1' <<<"$metrics"
}
for name in evaluation training aggregator; do
  check "$name: liveness and its full service name SERVING, skillbridge_serving 1" \
    eval "liveness_and_service_names $name && serving_gauge $name"
done

simulate() {
  "$simulator" --evaluation="127.0.0.1:${grpc_port[evaluation]}" --training="127.0.0.1:${grpc_port[training]}" \
    --token="$ADMIN" --scale=0.002 --year="$(date -u +%Y)"
}
check "a simulated year (scale 0.002) written through evaluation and training" simulate

verify_one_certificate() {
  local listed number person verified
  listed="$(sb_grpc_call "127.0.0.1:${grpc_port[evaluation]}" skillbridge.evaluation.v1.EvaluationService/ListCertificates \
    skillbridge.evaluation.v1.ListCertificatesRequest skillbridge.evaluation.v1.ListCertificatesResponse \
    'page_size: 1' "$ADMIN")"
  number="$(sed -n 's/^  number: \(".*"\)$/\1/p' <<<"$listed" | head -n1)"
  person="$(awk '/^  person {/ { inside = 1; next } inside && /^  }/ { exit } inside' <<<"$listed" |
    grep -E '^ +(name|id_number):' | sed 's/^ *//')"
  [[ -n "$number" && -n "$person" ]] || {
    echo "no certificate listed: $listed"
    return 1
  }
  echo "verifying certificate $number"
  verified="$(sb_grpc_call "127.0.0.1:${grpc_port[evaluation]}" skillbridge.evaluation.v1.EvaluationService/VerifyCertificate \
    skillbridge.evaluation.v1.VerifyCertificateRequest skillbridge.evaluation.v1.VerifyCertificateResponse \
    "number: $number $(tr '\n' ' ' <<<"$person")" "$VERIFIER")"
  grep -qx 'result: VERIFICATION_RESULT_VALID' <<<"$verified" || {
    echo "$verified"
    return 1
  }
}
check "one certificate listed (ADMIN) and verified VALID by number, name and ID (VERIFIER)" verify_one_certificate

dashboard_counts_certificates() {
  local _ body=""
  for _ in $(seq 100); do
    body="$(curl -sf -H "Authorization: Bearer $VIEWER" \
      "http://127.0.0.1:$HTTP_PORT/api/v1/dashboard?year=$(date -u +%Y)")" || body=""
    # Any indicator entry newly_certified_persons with a value above 0, wherever it sits.
    if [[ -n "$body" ]] && perl -MJSON::PP -e '
        sub walk { my $n = shift;
          if (ref $n eq "HASH") {
            my $id = $n->{indicatorId} // $n->{indicator_id} // "";
            return 1 if $id eq "newly_certified_persons" && ($n->{value} // 0) > 0;
            for (values %$n) { return 1 if walk($_) } }
          elsif (ref $n eq "ARRAY") { for (@$n) { return 1 if walk($_) } }
          return 0 }
        exit(walk(decode_json(join("", <STDIN>))) ? 0 : 1);' <<<"$body"; then
      return 0
    fi
    sleep 0.2
  done
  echo "dashboard: ${body:0:400}"
  return 1
}
page_and_chart_library() {
  local page library
  page="$(curl -sf "http://127.0.0.1:$HTTP_PORT/")" || return 1
  library="$(curl -sf "http://127.0.0.1:$HTTP_PORT/static/echarts.min.js")" || return 1
  [[ "$page" == *'<html'* && "$page" == *app.js* ]] || {
    echo "page: ${page:0:200}"
    return 1
  }
  if ((${#library} < 500000)) || [[ "$library" != *echarts* ]]; then
    echo "echarts.min.js: ${#library} bytes"
    return 1
  fi
}
check "dashboard JSON (VIEWER) counts the certificates (newly_certified_persons > 0)" dashboard_counts_certificates
check "dashboard page and its chart library served from the image" page_and_chart_library

redis_settings_in_effect() {
  local store
  for store in evaluation training aggregator; do
    [[ "$(rcli "$store" config get appendfsync | tail -n1)" == always ]] || return 1
    [[ "$(rcli "$store" config get appendonly | tail -n1)" == yes ]] || return 1
    [[ "$(rcli "$store" flushall 2>&1)" == *"unknown command"* ]] || return 1
    [[ "$(REDISCLI_AUTH=wrong redis-cli --no-auth-warning -p "${redis_port[$store]}" ping 2>&1)" != PONG ]] || return 1
  done
}
check "Redis stores: appendfsync always, appendonly yes, FLUSHALL disabled, wrong password refused" \
  redis_settings_in_effect

# The exporter sidecar of the store pods, from the redis image, as Kubernetes configures it.
EXPORTER_PORT="$(free_port)"
exporter_reports_redis_up() {
  local _
  env -i REDIS_ADDR="127.0.0.1:${redis_port[evaluation]}" REDIS_PASSWORD="${redis_password[evaluation]}" \
    REDIS_EXPORTER_WEB_LISTEN_ADDRESS="127.0.0.1:$EXPORTER_PORT" \
    "$CHROOT" --userspec=10002:10002 "$RROOT" /usr/bin/prometheus-redis-exporter >"$WORK/exporter.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    grep -qx 'redis_up 1' <<<"$(curl -sf "http://127.0.0.1:$EXPORTER_PORT/metrics" 2>/dev/null)" && return 0
    sleep 0.2
  done
  tail -n 5 "$WORK/exporter.log"
  return 1
}
check "redis exporter from the image reports redis_up 1 with the store's password" exporter_reports_redis_up

stops_cleanly() { # <name>: SIGTERM, exit 0 within the grace period
  local pid="${service_pid[$1]}" _
  kill -TERM "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$1 still running 10 s after SIGTERM"
    return 1
  fi
  wait "$pid"
}
for name in aggregator training evaluation; do
  check "$name: SIGTERM → exit 0" stops_cleanly "$name"
done

echo
printf 'image-check: build stage %d s; services image %s, redis image %s; the three services SERVING %d ms after start; %d s in all\n' \
  "${build_s[build]}" "$(size_of "$SERVICES_IMAGE")" "$(size_of "$REDIS_IMAGE")" "$started_ms" \
  $((SECONDS - t_total))
if ((failures)); then
  keep=1
  sb_die "$failures image check(s) failed (logs in $WORK)"
fi
sb_log "all image checks passed"
