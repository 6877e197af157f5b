#!/usr/bin/env bash
# Checks the monitoring configuration against the real tools and the real binaries:
#   1. promtool check config deploy/prometheus/prometheus.yml (with a promtool built without
#      Kubernetes discovery, as Debian's is, the kubernetes_sd_configs blocks are checked for their
#      fields and the rest of the file by promtool on a copy that scrapes a static target instead);
#   2. promtool check rules and promtool test rules (deploy/prometheus/rules, deploy/prometheus/tests);
#   3. k8s/components/monitoring/prometheusrule.yaml is what deploy/prometheus/gen-prometheusrule.sh
#      generates from the rules file, and the component renders with kubectl kustomize with the
#      same groups;
#   4. yamllint on the monitoring YAML; deploy/grafana/skillbridge-overview.json parses and uses
#      the ${DS_PROMETHEUS} data source and the `service` variable;
#   5. every metric name the rules and the dashboard use is exposed by the binaries: a redis-server
#      (unix socket in a temporary directory), evaluation, training and an aggregator reading both
#      feeds are started from the build tree with --metrics_listen on free ports, and their
#      /metrics are read (histograms count with their _bucket/_sum/_count series). Names recorded
#      by the rules themselves (level:metric:operations) count as defined; the few names no
#      skillbridge binary serves are allow-listed below.
# Prints one line per check and a summary; exits non-zero when any check fails. Takes ~15 s.
#
#   scripts/monitoring-check.sh                     (binaries from build/)
#   SKILLBRIDGE_BUILD_DIR=build-x scripts/monitoring-check.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$SB_ROOT"
BUILD="${SKILLBRIDGE_BUILD_DIR:-$SB_ROOT/build}"
PROM_DIR="deploy/prometheus"
PROM_YML="$PROM_DIR/prometheus.yml"
RULES="$PROM_DIR/rules/skillbridge.rules.yml"
COMPONENT="k8s/components/monitoring"
DASHBOARD="deploy/grafana/skillbridge-overview.json"

# Metric names the rules or the dashboard may use although no skillbridge binary serves them.
ALLOWED_METRICS=(
  up       # Prometheus' own per-target series
  redis_up # prometheus-redis-exporter, next to each Redis store (k8s); the local stack runs none
)

for tool in promtool yamllint python3 redis-server redis-cli curl; do
  command -v "$tool" >/dev/null 2>&1 || sb_die "$tool is missing"
done
for svc in evaluation training aggregator; do
  [[ -x "$BUILD/services/$svc/skillbridge-$svc" ]] || sb_die "$BUILD/services/$svc/skillbridge-$svc is missing (build it)"
done

WORK="$(mktemp -d)"
pids=()
cleanup() {
  sb_stop_pids TERM
  rm -rf "$WORK"
}
trap cleanup EXIT

passed=0
failed=()
# check [-v] <name> <command...>: runs the command with its output in $WORK/check-<n>.log; the
# output is shown on failure, and its last line on success with -v.
check() {
  local verbose=0 name log
  if [[ "$1" == -v ]]; then
    verbose=1
    shift
  fi
  name="$1"
  shift
  log="$WORK/check-$((passed + ${#failed[@]})).log"
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    printf '  %sok%s    %s\n' "$SB_GREEN" "$SB_RESET" "$name"
    if ((verbose)) && [[ -s "$log" ]]; then
      tail -n 1 "$log" | sed 's/^/        /'
    fi
  else
    failed+=("$name")
    printf '  %sFAIL%s  %s\n' "$SB_RED" "$SB_RESET" "$name"
    sed 's/^/        /' "$log" | tail -n 40
  fi
}

# ------------------------------------------------------------------ 1-2. promtool
# True when this promtool knows kubernetes_sd_configs.
promtool_has_kubernetes_sd() {
  printf 'scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs: [{role: pod}]\n' >"$WORK/probe.yml"
  promtool check config "$WORK/probe.yml" >/dev/null 2>&1
}

# Checks the kubernetes_sd_configs blocks' fields and writes the rest, with a static target in
# their place and absolute rule_files, to $WORK/prometheus-static.yml for promtool.
kubernetes_sd_to_static() {
  python3 - "$PROM_YML" "$WORK/prometheus-static.yml" <<'PY'
import os, sys, yaml
src, out = sys.argv[1], sys.argv[2]
config = yaml.safe_load(open(src))
roles = {"node", "service", "pod", "endpoints", "endpointslice", "ingress"}
known = {"role", "namespaces", "selectors", "api_server", "kubeconfig_file", "attach_metadata",
         "follow_redirects", "enable_http2", "tls_config", "authorization", "oauth2", "basic_auth", "proxy_url"}
errors = []
for job in config.get("scrape_configs", []):
    for sd in job.pop("kubernetes_sd_configs", None) or []:
        name = job.get("job_name")
        for key in set(sd) - known:
            errors.append(f"{name}: unknown kubernetes_sd_configs field {key}")
        if sd.get("role") not in roles:
            errors.append(f"{name}: role must be one of {sorted(roles)}, got {sd.get('role')!r}")
        ns = sd.get("namespaces", {})
        if set(ns) - {"names", "own_namespace"} or not isinstance(ns.get("names", []), list):
            errors.append(f"{name}: namespaces takes names (a list) and own_namespace")
        for sel in sd.get("selectors", []):
            if sel.get("role") not in roles or set(sel) - {"role", "label", "field"}:
                errors.append(f"{name}: a selector has role ({sorted(roles)}), label and field only: {sel}")
        job.setdefault("static_configs", []).append({"targets": ["kubernetes-sd.invalid:80"]})
base = os.path.dirname(os.path.abspath(src))
config["rule_files"] = [os.path.join(base, f) for f in config.get("rule_files", [])]
yaml.safe_dump(config, open(out, "w"))
if errors:
    sys.exit("\n".join(errors))
PY
}

check_prometheus_config() {
  if promtool_has_kubernetes_sd; then
    promtool check config "$PROM_YML"
  else
    kubernetes_sd_to_static && promtool check config "$WORK/prometheus-static.yml" &&
      echo "(this promtool has no Kubernetes discovery: kubernetes_sd_configs checked by field, the rest by promtool)"
  fi
}

sb_log "Prometheus configuration and rules"
check -v "promtool check config $PROM_YML" check_prometheus_config
check "promtool check rules $RULES" promtool check rules "$RULES"
check "promtool test rules $PROM_DIR/tests/*.test.yml" promtool test rules "$PROM_DIR"/tests/*.test.yml

# ------------------------------------------------------------ 3. PrometheusRule in sync
check_prometheusrule_in_sync() {
  "$PROM_DIR/gen-prometheusrule.sh" >"$WORK/prometheusrule.yaml"
  diff -u "$COMPONENT/prometheusrule.yaml" "$WORK/prometheusrule.yaml" ||
    { echo "out of date: run $PROM_DIR/gen-prometheusrule.sh --write" && return 1; }
}

# Renders the component through a throw-away overlay and compares the rendered groups.
check_component_renders() {
  command -v kubectl >/dev/null 2>&1 || { echo "kubectl is missing" && return 1; }
  mkdir -p "$WORK/overlay"
  printf 'components:\n  - %s\n' "$(realpath --relative-to="$WORK/overlay" "$COMPONENT")" >"$WORK/overlay/kustomization.yaml"
  kubectl kustomize --load-restrictor LoadRestrictionsNone "$WORK/overlay" >"$WORK/rendered.yaml"
  python3 - "$WORK/rendered.yaml" "$RULES" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
kinds = sorted(d["kind"] for d in docs)
if kinds != ["PodMonitor", "PodMonitor", "PrometheusRule"]:
    sys.exit(f"expected two PodMonitors and a PrometheusRule, got {kinds}")
for d in docs:
    if d["kind"] == "PodMonitor":
        ports = [e.get("port") for e in d["spec"]["podMetricsEndpoints"]]
        if ports != ["metrics"]:
            sys.exit(f"{d['metadata']['name']}: scrapes {ports}, expected the port named metrics")
rule = next(d for d in docs if d["kind"] == "PrometheusRule")
if rule["spec"]["groups"] != yaml.safe_load(open(sys.argv[2]))["groups"]:
    sys.exit("the rendered PrometheusRule's groups differ from " + sys.argv[2])
print("rendered:", ", ".join(kinds))
PY
}

sb_log "Kubernetes component"
check "$COMPONENT/prometheusrule.yaml is generated from $RULES" check_prometheusrule_in_sync
check -v "kubectl kustomize renders $COMPONENT with the same rule groups" check_component_renders

# ------------------------------------------------------------------- 4. YAML and dashboard
check_dashboard() {
  python3 - "$DASHBOARD" <<'PY'
import json, sys
dash = json.load(open(sys.argv[1]))
variables = {v["name"]: v for v in dash["templating"]["list"]}
assert variables.get("DS_PROMETHEUS", {}).get("type") == "datasource", "no DS_PROMETHEUS data source variable"
assert "service" in variables, "no `service` variable"
ids = [p["id"] for p in dash["panels"]]
assert len(ids) == len(set(ids)), "panel ids repeat"
for panel in dash["panels"]:
    for target in panel.get("targets", []):
        uid = target.get("datasource", panel.get("datasource", {})).get("uid")
        assert uid == "${DS_PROMETHEUS}", f"panel {panel['title']!r} uses data source {uid!r}"
        assert target.get("expr"), f"panel {panel['title']!r} has a target without expr"
print(f"schemaVersion {dash['schemaVersion']}, {len(ids)} panels")
PY
}

sb_log "YAML and dashboard"
check "yamllint $PROM_DIR $COMPONENT" yamllint -s "$PROM_DIR" "$COMPONENT"
check -v "$DASHBOARD parses (data source, service variable)" check_dashboard

# ------------------------------------------------------- 5. metric names against the binaries
# Starts redis-server and the three services; writes their /metrics into $WORK/metrics-*.txt.
scrape_binaries() {
  scripts/gen-dev-tokens.sh --var "$WORK" >/dev/null
  awk '$2 == "ROLE_SERVICE" { print $4; exit }' "$WORK/dev-tokens.txt" >"$WORK/service-token"
  sb_start_redis "$WORK/redis" no
  local redis="unix://$WORK/redis/redis.sock" common=(--listen=127.0.0.1:0 --metrics_listen=127.0.0.1:0
    --auth_config="$WORK/auth.textproto" --reference_dir="$SB_ROOT/reference" --redis_startup_timeout_s=5)
  declare -A grpc_port=() metrics_port=()
  start() {
    local svc="$1" db="$2" i port=""
    shift 2
    sb_start_server "$WORK/$svc.log" "$BUILD/services/$svc/skillbridge-$svc" "${common[@]}" \
      --redis="$redis?db=$db" "$@"
    grpc_port[$svc]="$SERVER_PORT"
    for ((i = 0; i < 100; i++)); do
      port="$(grep -o '"metrics_port":[0-9]*' "$WORK/$svc.log" | head -n1 | cut -d: -f2 || true)"
      [[ -n "$port" ]] && break
      sleep 0.1
    done
    [[ -n "$port" ]] || sb_die "$svc did not report its metrics port (log: $WORK/$svc.log)"
    metrics_port[$svc]="$port"
  }
  start evaluation 0
  start training 1 --evaluation_address="127.0.0.1:${grpc_port[evaluation]}" \
    --evaluation_token_file="$WORK/service-token"
  start aggregator 2 --feed_wait_ms=200 --service_token_file="$WORK/service-token" \
    --sources="evaluation=127.0.0.1:${grpc_port[evaluation]},training=127.0.0.1:${grpc_port[training]}"
  # The aggregator's feed reads are calls on evaluation and training: wait until both count one.
  local i svc
  for ((i = 0; i < 100; i++)); do
    for svc in evaluation training aggregator; do
      curl -fsS "http://127.0.0.1:${metrics_port[$svc]}/metrics" >"$WORK/metrics-$svc.txt"
    done
    grep -q '^grpc_server_handled_total{' "$WORK/metrics-evaluation.txt" &&
      grep -q '^grpc_server_handled_total{' "$WORK/metrics-training.txt" && return 0
    sleep 0.2
  done
  echo "evaluation and training recorded no call within 20 s"
  return 1
}

# Compares the names used in the rules and the dashboard with what the binaries expose.
check_metric_names() {
  python3 - "$RULES" "$DASHBOARD" "${ALLOWED_METRICS[*]}" "$WORK"/metrics-*.txt <<'PY'
import json, re, sys, yaml
rules_file, dashboard_file, allowed = sys.argv[1], sys.argv[2], set(sys.argv[3].split())
exposed = set()
for path in sys.argv[4:]:
    for line in open(path):
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split()[:4]
            exposed.add(name)
            if kind == "histogram":
                exposed |= {name + "_bucket", name + "_sum", name + "_count"}
            elif kind == "summary":
                exposed |= {name + "_sum", name + "_count"}
        elif line.strip() and not line.startswith("#"):
            exposed.add(re.split(r"[{ ]", line, maxsplit=1)[0])

KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left",
            "group_right", "inf", "nan"}

def names(expr):
    expr = expr.replace("$__rate_interval", "5m")
    expr = re.sub(r"\$\{[^}]*\}|\$\w+", "x", expr)                  # Grafana variables
    expr = re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'|`[^`]*`', '""', expr)  # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)                            # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)                           # ranges
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    found = set()
    for m in re.finditer(r"(?<![\w.:])[A-Za-z_:][\w:]*", expr):
        if re.match(r"\s*\(", expr[m.end():]) or m.group(0).lower() in KEYWORDS:
            continue
        found.add(m.group(0))
    return found

groups = yaml.safe_load(open(rules_file))["groups"]
recorded = {r["record"] for g in groups for r in g["rules"] if "record" in r}
used = {}  # name -> where
for g in groups:
    for r in g["rules"]:
        for n in names(r["expr"]):
            used.setdefault(n, set()).add("rule " + r.get("record", r.get("alert")))
dash = json.load(open(dashboard_file))
exprs = [(p["title"], t["expr"]) for p in dash["panels"] for t in p.get("targets", [])]
for v in dash["templating"]["list"]:
    query = v.get("query")
    if isinstance(query, dict):
        query = query.get("query", "")
    if v["type"] == "query":
        m = re.match(r"\s*label_values\(\s*([A-Za-z_:][\w:]*)\s*,", query)
        exprs.append(("variable " + v["name"], m.group(1) if m else query))
for title, expr in exprs:
    for n in names(expr):
        used.setdefault(n, set()).add("dashboard " + title)

missing = {n: w for n, w in used.items() if n not in exposed and n not in recorded and n not in allowed}
undefined = {n: w for n, w in missing.items() if ":" in n}
for n in sorted(missing):
    kind = "recording rule not defined" if n in undefined else "not exposed by the binaries"
    print(f"{n}: {kind} (used by {', '.join(sorted(missing[n]))})")
seen_allowed = sorted(n for n in allowed if n in exposed)
print(f"{len(used)} names used ({len([n for n in used if n in exposed])} exposed, "
      f"{len([n for n in used if n in recorded])} recorded, "
      f"{len([n for n in used if n in allowed])} allow-listed: {' '.join(sorted(allowed & set(used)))}); "
      f"{len(exposed)} series names exposed")
if seen_allowed:
    print("allow-listed but exposed (remove from the list):", " ".join(seen_allowed))
sys.exit(1 if missing or seen_allowed else 0)
PY
}

sb_log "metric names against $BUILD (redis-server, evaluation, training, aggregator)"
check "binaries started and scraped" scrape_binaries
check -v "every metric the rules and the dashboard use exists" check_metric_names

# ---------------------------------------------------------------------------- summary
total=$((passed + ${#failed[@]}))
if ((${#failed[@]})); then
  printf '%s%d of %d monitoring checks failed:%s %s\n' "$SB_RED" "${#failed[@]}" "$total" "$SB_RESET" \
    "$(printf '[%s] ' "${failed[@]}")"
  exit 1
fi
printf '%sall %d monitoring checks passed%s\n' "$SB_GREEN" "$total" "$SB_RESET"
