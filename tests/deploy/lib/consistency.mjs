// Consistency of one rendered overlay with the services and the deployment contract
// (tests/deploy/lib/contract.mjs). Checks, each failure naming the object and the field:
//   - every service folder (services/<svc>/main.cc) has a Deployment <svc> with container <svc>
//     running /usr/local/bin/skillbridge-<svc>, and a Service <svc> with ports grpc and metrics
//     (+ http where the binary serves HTTP) that reach the container's ports;
//   - every flag in the container args and in the ConfigMap flagfiles they load (--flagfile) is one
//     the real binary lists in --helpfull; --rebuild is never set;
//   - the container ports grpc/metrics/health/http agree with --listen, --metrics_listen,
//     --health_listen, --http_listen (and with the contract's port table);
//   - probes name ports the container exposes; readiness and liveness (and the startup probe) are
//     native gRPC probes on the health port (services "" and "liveness"); the startup probe covers
//     --redis_startup_timeout_s;
//   - terminationGracePeriodSeconds >= preStop sleep + shutdown_grace_ms/1000 + 5;
//   - a Redis StatefulSet <svc>-redis per service (config from the image, --requirepass
//     $(REDIS_PASSWORD) from Secret <svc>-redis, PVC template data on /data, headless Service);
//   - no Secret with data; every container hardened (runAsNonRoot, readOnlyRootFilesystem,
//     allowPrivilegeEscalation false, capabilities drop ALL, seccomp RuntimeDefault);
//   - ConfigMaps and ServiceAccounts a pod refers to are defined, Secrets are in the contract's
//     list, and flag values that are files under /etc/skillbridge or /var/run/secrets are mounted;
//   - the start-up policy of common/server for listen addresses (TLS or --behind_mesh,
//     --remote_ops_endpoints for non-loopback metrics/health endpoints);
//   - ServiceMonitors/PodMonitors select Services/pods of the output that name the scraped port.
//
//   const { problems, checks } = checkOverlay({ overlay, objects, services, binaryFor, flagsOf });
//   binaryFor(name) -> path of the binary "skillbridge-<svc>"; flagsOf(path) -> Map (lib/flags.mjs)

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import {
  contractSecrets,
  DEFAULT_PROBE_FAILURE_THRESHOLD,
  DEFAULT_PROBE_PERIOD_S,
  DEFAULT_REDIS_STARTUP_TIMEOUT_S,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_TERMINATION_GRACE_S,
  GRACE_MARGIN_S,
  LISTEN_FLAGS,
  MOUNTED_PREFIXES,
  REDIS_CONFIG,
  REDIS_PORT,
  SERVICE_PORTS,
} from "./contract.mjs";
import { acceptsFlag, isLoopback, parseFlagArg, parseFlagfile, parseHostPort } from "./flags.mjs";
import { containersOf, indexObjects, podTemplate, ref } from "./manifests.mjs";

// Service names: the subfolders of `servicesDir` that hold a main.cc.
export function serviceFolders(servicesDir) {
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(servicesDir, e.name, "main.cc")))
    .map((e) => e.name)
    .sort();
}

class Report {
  constructor(overlay) {
    this.overlay = overlay;
    this.problems = [];
    this.checks = 0;
  }
  // Counts one check; records `message` about obj/field when `ok` is false.
  check(ok, obj, field, message) {
    this.checks++;
    if (!ok) this.fail(obj, field, message);
    return ok;
  }
  fail(obj, field, message) {
    const where = obj ? `${ref(obj)}${field ? ` ${field}` : ""}` : field;
    this.problems.push(`${this.overlay}: ${where}: ${message}`);
  }
}

// ------------------------------------------------------------------------------ helpers

const ns = (obj) => obj?.metadata?.namespace;

function portsByName(container) {
  const map = new Map();
  for (const p of container.ports ?? []) if (p.name) map.set(p.name, p.containerPort);
  return map;
}

// True when `port` (name or number) is a port the container declares.
function exposes(container, port) {
  if (typeof port === "number") return (container.ports ?? []).some((p) => p.containerPort === port);
  return (container.ports ?? []).some((p) => p.name === port);
}

function selects(selector, labels) {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

// The volume and key that provide the file `file` in the container, or an error message.
function mountedFile(container, podSpec, file) {
  let best = null;
  for (const m of container.volumeMounts ?? []) {
    const mp = m.mountPath.replace(/\/+$/, "");
    if (m.subPath ? file === mp : file.startsWith(`${mp}/`)) {
      if (!best || mp.length > best.mountPath.length) best = { ...m, mountPath: mp };
    }
  }
  if (!best) return { error: `no volumeMount holds ${file}` };
  const rel = best.subPath ? best.subPath : file.slice(best.mountPath.length + 1);
  const volume = (podSpec.volumes ?? []).find((v) => v.name === best.name);
  if (!volume) return { error: `volumeMount ${best.name} names no volume` };
  const sources = [];
  if (volume.configMap) sources.push({ kind: "ConfigMap", name: volume.configMap.name, items: volume.configMap.items });
  if (volume.secret) sources.push({ kind: "Secret", name: volume.secret.secretName, items: volume.secret.items });
  for (const s of volume.projected?.sources ?? []) {
    if (s.configMap) sources.push({ kind: "ConfigMap", name: s.configMap.name, items: s.configMap.items });
    if (s.secret) sources.push({ kind: "Secret", name: s.secret.name, items: s.secret.items });
  }
  if (sources.length === 0) return { volume: volume.name, error: `volume ${volume.name} is no ConfigMap or Secret` };
  const candidates = [];
  for (const s of sources) {
    if (s.items) {
      const item = s.items.find((i) => i.path === rel);
      if (item) return { ...s, key: item.key, volume: volume.name };
    } else if (!rel.includes("/")) {
      candidates.push({ ...s, key: rel, volume: volume.name });
    }
  }
  if (candidates.length === 0) return { error: `volume ${volume.name} provides no ${rel}` };
  return { ...candidates[0], candidates };
}

// ------------------------------------------------------------------------------ checks

// Hardened securityContext of every container of every pod template.
function checkSecurity(report, obj, podSpec, at) {
  const pod = podSpec.securityContext ?? {};
  for (const { container, at: cAt } of containersOf(podSpec, at)) {
    const sc = container.securityContext ?? {};
    const field = `${cAt}.securityContext`;
    const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    report.check(nonRoot === true, obj, `${field}.runAsNonRoot`, `container ${container.name} must set runAsNonRoot: true (container or pod)`);
    const uid = sc.runAsUser ?? pod.runAsUser;
    report.check(uid !== 0, obj, `${field}.runAsUser`, `container ${container.name} runs as uid 0`);
    report.check(sc.readOnlyRootFilesystem === true, obj, `${field}.readOnlyRootFilesystem`, `container ${container.name} must set readOnlyRootFilesystem: true`);
    report.check(sc.allowPrivilegeEscalation === false, obj, `${field}.allowPrivilegeEscalation`, `container ${container.name} must set allowPrivilegeEscalation: false`);
    report.check((sc.capabilities?.drop ?? []).includes("ALL"), obj, `${field}.capabilities.drop`, `container ${container.name} must drop ALL capabilities`);
    report.check(!(sc.capabilities?.add?.length > 0), obj, `${field}.capabilities.add`, `container ${container.name} adds capabilities`);
    report.check(sc.privileged !== true, obj, `${field}.privileged`, `container ${container.name} is privileged`);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    report.check(seccomp === "RuntimeDefault", obj, `${field}.seccompProfile.type`, `container ${container.name} needs seccompProfile RuntimeDefault (container or pod), has ${seccomp ?? "none"}`);
  }
}

// ConfigMaps, Secrets and ServiceAccounts a pod template refers to.
function checkReferences(report, obj, podSpec, at, index, secrets) {
  const namespace = ns(obj);
  const configMap = (name, key, field, optional) => {
    const cm = index.get("ConfigMap", namespace, name);
    if (!report.check(cm !== undefined || optional === true, obj, field, `ConfigMap ${name} is not defined in the output`)) return;
    if (cm && key !== undefined) {
      report.check(key in (cm.data ?? {}) || key in (cm.binaryData ?? {}), obj, field, `ConfigMap ${name} has no key ${key}`);
    }
  };
  const secret = (name, key, field) => {
    if (!report.check(secrets.has(name), obj, field, `Secret ${name} is not in the contract's Secret list (${[...secrets.keys()].join(", ")})`)) return;
    if (key !== undefined) {
      report.check(secrets.get(name).includes(key), obj, field, `Secret ${name} holds ${secrets.get(name).join(", ")}, not ${key}`);
    }
  };
  (podSpec.volumes ?? []).forEach((v, i) => {
    const field = `${at}.volumes[${i}]`;
    if (v.configMap) {
      if (v.configMap.items) v.configMap.items.forEach((it) => configMap(v.configMap.name, it.key, `${field}.configMap`, v.configMap.optional));
      else configMap(v.configMap.name, undefined, `${field}.configMap.name`, v.configMap.optional);
    }
    if (v.secret) {
      if (v.secret.items) v.secret.items.forEach((it) => secret(v.secret.secretName, it.key, `${field}.secret`));
      else secret(v.secret.secretName, undefined, `${field}.secret.secretName`);
    }
    (v.projected?.sources ?? []).forEach((s, j) => {
      const sf = `${field}.projected.sources[${j}]`;
      if (s.configMap) (s.configMap.items ?? [{}]).forEach((it) => configMap(s.configMap.name, it.key, `${sf}.configMap`, s.configMap.optional));
      if (s.secret) (s.secret.items ?? [{}]).forEach((it) => secret(s.secret.name, it.key, `${sf}.secret`));
    });
  });
  for (const { container, at: cAt } of containersOf(podSpec, at)) {
    (container.env ?? []).forEach((e, i) => {
      const field = `${cAt}.env[${i}]`;
      const from = e.valueFrom ?? {};
      if (from.configMapKeyRef) configMap(from.configMapKeyRef.name, from.configMapKeyRef.key, `${field}.valueFrom.configMapKeyRef`, from.configMapKeyRef.optional);
      if (from.secretKeyRef) secret(from.secretKeyRef.name, from.secretKeyRef.key, `${field}.valueFrom.secretKeyRef`);
      if (/PASSWORD|TOKEN|SECRET/i.test(e.name)) {
        report.check(e.value === undefined, obj, `${field}.value`, `${e.name} is set literally; take it from a Secret`);
      }
    });
    (container.envFrom ?? []).forEach((e, i) => {
      if (e.configMapRef) configMap(e.configMapRef.name, undefined, `${cAt}.envFrom[${i}].configMapRef`, e.configMapRef.optional);
      if (e.secretRef) secret(e.secretRef.name, undefined, `${cAt}.envFrom[${i}].secretRef`);
    });
  }
  (podSpec.imagePullSecrets ?? []).forEach((s, i) => secret(s.name, undefined, `${at}.imagePullSecrets[${i}]`));
  const sa = podSpec.serviceAccountName;
  if (sa !== undefined && sa !== "default") {
    report.check(index.get("ServiceAccount", namespace, sa) !== undefined, obj, `${at}.serviceAccountName`, `ServiceAccount ${sa} is not defined in the output`);
  }
}

// Every probe of every container names a port the container exposes.
function checkProbePorts(report, obj, podSpec, at) {
  for (const { container, at: cAt } of containersOf(podSpec, at)) {
    for (const kind of ["readinessProbe", "livenessProbe", "startupProbe"]) {
      const probe = container[kind];
      if (!probe) continue;
      for (const handler of ["grpc", "httpGet", "tcpSocket"]) {
        if (probe[handler]?.port === undefined) continue;
        const port = probe[handler].port;
        report.check(exposes(container, port), obj, `${cAt}.${kind}.${handler}.port`, `container ${container.name} exposes no port ${port}`);
      }
    }
  }
}

// Effective flags of a service container: args in order, --flagfile files read from their
// ConfigMaps. Returns [{ name, value, source }] and records unreadable flagfiles.
function collectFlags(report, obj, podSpec, container, cAt, index) {
  const out = [];
  const addFlagfiles = (value, source, depth) => {
    for (const file of (value ?? "").split(",").filter(Boolean)) {
      const field = `${cAt}.args`;
      const m = mountedFile(container, podSpec, file);
      if (!report.check(!m.error, obj, field, `--flagfile ${file} (from ${source}): ${m.error}`)) continue;
      if (!report.check(m.kind === "ConfigMap", obj, field, `--flagfile ${file} comes from ${m.kind} ${m.name}; flagfiles belong in a ConfigMap`)) continue;
      const cm = index.get("ConfigMap", ns(obj), m.name);
      if (!report.check(cm?.data?.[m.key] !== undefined, obj, field, `--flagfile ${file}: ConfigMap ${m.name} ${cm ? `has no key ${m.key}` : "is not defined in the output"}`)) continue;
      const parsed = parseFlagfile(cm.data[m.key]);
      for (const e of parsed.errors) report.fail(cm, `data.${m.key}`, e);
      for (const f of parsed.flags) {
        const src = `ConfigMap/${m.name} data.${m.key} line ${f.line}`;
        if (f.name === "flagfile") {
          if (report.check(depth < 5, cm, `data.${m.key}`, "--flagfile nested too deep")) addFlagfiles(f.value, src, depth + 1);
        }
        out.push({ name: f.name, value: f.value, source: src, owner: cm, field: `data.${m.key} line ${f.line}` });
      }
    }
  };
  (container.args ?? []).forEach((arg, i) => {
    const f = parseFlagArg(arg);
    if (!report.check(f !== null, obj, `${cAt}.args[${i}]`, `"${arg}" is not a --name=value flag`)) return;
    const src = `${cAt}.args[${i}]`;
    if (f.name === "flagfile") addFlagfiles(f.value, src, 0);
    out.push({ name: f.name, value: f.value, source: src, owner: obj, field: src });
  });
  return out;
}

const TRUE_VALUES = new Set([undefined, "true", "1", "yes", "t", "y"]);
const flagTrue = (value, name) => value.has(name) && TRUE_VALUES.has(value.get(name).value?.toLowerCase());

// The start-up policy of common/server (CheckListenPolicy in server_runner.cc): a non-loopback
// --listen needs TLS or --behind_mesh; non-loopback metrics/health endpoints need
// --remote_ops_endpoints (where the binary has it) or --behind_mesh; health differs from listen.
function checkListenPolicy(report, obj, cAt, value, accepted) {
  const mesh = flagTrue(value, "behind_mesh");
  const listen = value.get("listen");
  const hp = parseHostPort(listen?.value);
  if (hp && !isLoopback(hp.host)) {
    const tls = value.get("tls_cert")?.value && value.get("tls_key")?.value;
    report.check(Boolean(tls) || mesh, listen.owner, listen.field,
      `--listen=${listen.value} is not loopback: the binary refuses it without --tls_cert/--tls_key or --behind_mesh`);
  }
  const remoteOps = mesh || flagTrue(value, "remote_ops_endpoints");
  for (const name of ["metrics_listen", "health_listen"]) {
    const f = value.get(name);
    const ops = parseHostPort(f?.value);
    if (!ops || isLoopback(ops.host) || !accepted?.has("remote_ops_endpoints")) continue;
    report.check(remoteOps, f.owner, f.field,
      `--${name}=${f.value} is not loopback: the binary refuses it without --remote_ops_endpoints (or --behind_mesh)`);
  }
  const health = value.get("health_listen");
  if (health?.value && listen?.value) {
    report.check(health.value !== listen.value, health.owner, health.field, "--health_listen must differ from --listen");
  }
  report.check(!(value.get("tls_cert")?.value && !value.get("tls_key")?.value) && !(value.get("tls_key")?.value && !value.get("tls_cert")?.value),
    obj, `${cAt}.args`, "--tls_cert and --tls_key come in pairs");
}

function checkServiceDeployment(report, svc, deployment, index, secrets, binaryFor, flagsOf) {
  const obj = deployment;
  const podSpec = deployment.spec?.template?.spec ?? {};
  const at = "spec.template.spec";
  const ci = (podSpec.containers ?? []).findIndex((c) => c.name === svc);
  if (!report.check(ci >= 0, obj, `${at}.containers`, `no container named ${svc}`)) return;
  const container = podSpec.containers[ci];
  const cAt = `${at}.containers[${ci}]`;

  // The binary and the flags it accepts.
  const binaryName = `skillbridge-${svc}`;
  report.check(container.command?.length === 1 && container.command[0] === `/usr/local/bin/${binaryName}`, obj, `${cAt}.command`,
    `must be ["/usr/local/bin/${binaryName}"], is ${JSON.stringify(container.command)}`);
  let accepted = null;
  const binary = binaryFor(binaryName, svc);
  try {
    accepted = flagsOf(binary);
  } catch (e) {
    report.fail(obj, `${cAt}.args`, `cannot check the flags: ${e.message}`);
  }

  const flags = collectFlags(report, obj, podSpec, container, cAt, index);
  const value = new Map();
  for (const f of flags) {
    if (accepted) {
      report.check(acceptsFlag(accepted, f.name), f.owner, f.field, `--${f.name} is not a flag of ${binary}`);
    }
    report.check(f.name !== "rebuild", f.owner, f.field, "--rebuild must not be set in a deployment: every restart would drop the derived views");
    if (f.name === "flagfile") continue;
    if (accepted && !accepted.has(f.name) && acceptsFlag(accepted, f.name)) {
      value.set(f.name.slice(2), { ...f, name: f.name.slice(2), value: "false" });
    } else {
      value.set(f.name, f);
    }
  }
  checkListenPolicy(report, obj, cAt, value, accepted);

  // Ports against the listen flags and the contract.
  const ports = portsByName(container);
  const contract = SERVICE_PORTS[svc];
  const needed = ["grpc", "metrics", "health"];
  if (contract?.http !== undefined || (accepted && accepted.has(LISTEN_FLAGS.http))) needed.push("http");
  for (const name of needed) {
    report.check(ports.has(name), obj, `${cAt}.ports`, `container ${svc} has no port named ${name}`);
  }
  for (const [name, flag] of Object.entries(LISTEN_FLAGS)) {
    const port = ports.get(name);
    const f = value.get(flag);
    if (port === undefined && (f === undefined || f.value === "")) continue;
    if (!report.check(f !== undefined && f.value !== "", obj, `${cAt}.ports`, `port ${name} ${port} is declared but --${flag} is not set`)) continue;
    const hp = parseHostPort(f.value);
    if (!report.check(hp !== null, f.owner, f.field, `--${flag}=${f.value} is no host:port`)) continue;
    report.check(!isLoopback(hp.host), f.owner, f.field, `--${flag}=${f.value} listens on loopback only; the kubelet and other pods cannot reach it`);
    report.check(port === hp.port, obj, `${cAt}.ports`, port === undefined
      ? `--${flag}=${f.value} (${f.source}) but the container declares no port ${name}`
      : `port ${name} is ${port} but --${flag}=${f.value} (${f.source})`);
    if (contract?.[name] !== undefined) {
      report.check(port === contract[name], obj, `${cAt}.ports`, `port ${name} is ${port}, the contract says ${contract[name]}`);
    }
  }

  // Probes: native gRPC on the health port.
  const health = ports.get("health");
  const grpcProbe = (kind, service) => {
    const probe = container[kind];
    const field = `${cAt}.${kind}`;
    if (!report.check(probe !== undefined, obj, field, `container ${svc} has no ${kind}`)) return null;
    if (!report.check(probe.grpc !== undefined, obj, field, `${kind} must be a native grpc probe (has ${Object.keys(probe).filter((k) => ["exec", "httpGet", "tcpSocket"].includes(k)).join(", ") || "no handler"})`)) return null;
    report.check(health !== undefined && probe.grpc.port === health, obj, `${field}.grpc.port`, `${kind} must probe the health port ${health ?? "(none declared)"}, probes ${probe.grpc.port}`);
    report.check((probe.grpc.service ?? "") === service, obj, `${field}.grpc.service`, `${kind} must ask for service "${service}", asks for "${probe.grpc.service ?? ""}"`);
    return probe;
  };
  grpcProbe("readinessProbe", "");
  grpcProbe("livenessProbe", "liveness");
  const startup = grpcProbe("startupProbe", "liveness");
  if (startup) {
    const timeout = Number(value.get("redis_startup_timeout_s")?.value ?? DEFAULT_REDIS_STARTUP_TIMEOUT_S);
    const covers = (startup.initialDelaySeconds ?? 0) + (startup.periodSeconds ?? DEFAULT_PROBE_PERIOD_S) * (startup.failureThreshold ?? DEFAULT_PROBE_FAILURE_THRESHOLD);
    report.check(covers >= timeout, obj, `${cAt}.startupProbe`, `covers ${covers} s (initialDelaySeconds + periodSeconds * failureThreshold), less than --redis_startup_timeout_s=${timeout}`);
  }

  // Shutdown: preStop sleep, drain, margin.
  const preStop = container.lifecycle?.preStop;
  let sleep = 0;
  if (preStop?.sleep?.seconds !== undefined) sleep = Number(preStop.sleep.seconds);
  else if (preStop?.exec?.command?.[0]?.endsWith("sleep")) sleep = Number(preStop.exec.command[1]);
  report.check(preStop !== undefined && sleep > 0, obj, `${cAt}.lifecycle.preStop`, "needs a preStop sleep so endpoints are removed before the drain starts");
  const graceMs = Number(value.get("shutdown_grace_ms")?.value ?? DEFAULT_SHUTDOWN_GRACE_MS);
  const grace = podSpec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_S;
  const need = sleep + graceMs / 1000 + GRACE_MARGIN_S;
  report.check(grace >= need, obj, `${at}.terminationGracePeriodSeconds`,
    `is ${grace}, needs >= ${need} (preStop sleep ${sleep} + shutdown_grace_ms ${graceMs}/1000 + ${GRACE_MARGIN_S})`);

  // Store and secrets.
  const redis = value.get("redis");
  const redisRe = new RegExp(`^redis://${svc}-redis(-0\\.${svc}-redis)?(\\.[a-z0-9.-]+)?:${REDIS_PORT}(/\\d+)?$`);
  report.check(redis !== undefined && redisRe.test(redis.value ?? ""), redis?.owner ?? obj, redis?.field ?? `${cAt}.args`,
    `--redis must point to the StatefulSet ${svc}-redis (redis://${svc}-redis-0.${svc}-redis:${REDIS_PORT}/0), is ${redis?.value ?? "unset"}`);
  const pw = value.get("redis_password_file");
  if (report.check(pw !== undefined, obj, `${cAt}.args`, "--redis_password_file is not set")) {
    const m = mountedFile(container, podSpec, pw.value);
    report.check(!m.error && m.kind === "Secret" && m.name === `${svc}-redis` && m.key === "password", pw.owner, pw.field,
      `--redis_password_file=${pw.value} must be key password of Secret ${svc}-redis (${m.error ?? `is ${m.kind} ${m.name} key ${m.key}`})`);
  }
  for (const f of value.values()) {
    if (typeof f.value !== "string" || !MOUNTED_PREFIXES.some((p) => f.value.startsWith(p))) continue;
    const m = mountedFile(container, podSpec, f.value);
    if (!report.check(!m.error, f.owner, f.field, `--${f.name}=${f.value}: ${m.error}`)) continue;
    if (m.kind === "Secret") {
      const keys = secrets.get(m.name);
      const ok = (m.candidates ?? [m]).some((c) => c.kind !== "Secret" || (secrets.get(c.name) ?? []).includes(c.key));
      report.check(keys !== undefined && ok, f.owner, f.field, `--${f.name}=${f.value}: Secret ${m.name} holds ${keys?.join(", ") ?? "nothing known"}, not ${m.key}`);
    } else {
      const cm = index.get("ConfigMap", ns(obj), m.name);
      report.check(cm?.data?.[m.key] !== undefined, f.owner, f.field, `--${f.name}=${f.value}: ConfigMap ${m.name} has no key ${m.key}`);
    }
  }

  // Service.
  const service = index.get("Service", ns(obj), svc);
  if (report.check(service !== undefined, obj, "metadata.name", `no Service ${svc}`)) {
    const sPorts = service.spec?.ports ?? [];
    for (const name of needed.filter((n) => n !== "health")) {
      report.check(sPorts.some((p) => p.name === name), service, "spec.ports", `no port named ${name}`);
    }
    report.check(selects(service.spec?.selector, deployment.spec?.template?.metadata?.labels), service, "spec.selector",
      `does not select the pods of Deployment ${svc}`);
    sPorts.forEach((p, i) => {
      const target = p.targetPort ?? p.port;
      report.check(exposes(container, target), service, `spec.ports[${i}].targetPort`, `${target} is no port of container ${svc}`);
    });
  }
}

function checkRedis(report, svc, index, namespace) {
  const name = `${svc}-redis`;
  const sts = index.get("StatefulSet", namespace, name);
  if (!report.check(sts !== undefined, null, `StatefulSet/${namespace ? `${namespace}/` : ""}${name}`, `services/${svc} has no Redis StatefulSet ${name}`)) return;
  const podSpec = sts.spec?.template?.spec ?? {};
  const at = "spec.template.spec";
  report.check(sts.spec?.serviceName === name, sts, "spec.serviceName", `must be ${name}`);
  report.check((sts.spec?.replicas ?? 1) === 1, sts, "spec.replicas", "must be 1 (one primary)");
  const claim = (sts.spec?.volumeClaimTemplates ?? []).find((c) => c.metadata?.name === "data");
  report.check(claim !== undefined, sts, "spec.volumeClaimTemplates", "needs a PVC template named data");
  const ci = (podSpec.containers ?? []).findIndex((c) => [...(c.command ?? []), ...(c.args ?? [])].some((a) => /(^|\/)redis-server$/.test(a)));
  if (!report.check(ci >= 0, sts, `${at}.containers`, "no container runs redis-server")) return;
  const c = podSpec.containers[ci];
  const cAt = `${at}.containers[${ci}]`;
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  report.check(argv.includes(REDIS_CONFIG), sts, `${cAt}.args`, `redis-server must load ${REDIS_CONFIG} from the image`);
  const rp = argv.indexOf("--requirepass");
  report.check(rp >= 0 && argv[rp + 1] === "$(REDIS_PASSWORD)", sts, `${cAt}.args`, "needs --requirepass $(REDIS_PASSWORD)");
  const fsync = argv.indexOf("--appendfsync");
  report.check(fsync < 0 || argv[fsync + 1] === "always", sts, `${cAt}.args`, `--appendfsync ${argv[fsync + 1]} overrides the image's appendfsync always`);
  const aof = argv.indexOf("--appendonly");
  report.check(aof < 0 || argv[aof + 1] === "yes", sts, `${cAt}.args`, "--appendonly must stay yes");
  const env = (c.env ?? []).find((e) => e.name === "REDIS_PASSWORD");
  const key = env?.valueFrom?.secretKeyRef;
  report.check(key?.name === name && key?.key === "password", sts, `${cAt}.env`, `REDIS_PASSWORD must come from Secret ${name} key password`);
  report.check(portsByName(c).get("redis") === REDIS_PORT, sts, `${cAt}.ports`, `needs port redis ${REDIS_PORT}`);
  report.check((c.volumeMounts ?? []).some((m) => m.name === "data" && m.mountPath.replace(/\/+$/, "") === "/data"), sts, `${cAt}.volumeMounts`, "must mount data at /data");
  const headless = index.get("Service", namespace, name);
  if (report.check(headless !== undefined, sts, "spec.serviceName", `no Service ${name}`)) {
    report.check(headless.spec?.clusterIP === "None", headless, "spec.clusterIP", "must be None (headless)");
    report.check((headless.spec?.ports ?? []).some((p) => p.name === "redis" && p.port === REDIS_PORT), headless, "spec.ports", `needs port redis ${REDIS_PORT}`);
    report.check(selects(headless.spec?.selector, sts.spec?.template?.metadata?.labels), headless, "spec.selector", `does not select the pods of StatefulSet ${name}`);
  }
}

// ServiceMonitors and PodMonitors select something, and scrape ports their targets name.
function checkMonitors(report, objects) {
  const matches = (sel, labels) =>
    Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v) &&
    (sel?.matchExpressions ?? []).every((e) =>
      e.operator === "In" ? e.values.includes(labels?.[e.key])
        : e.operator === "NotIn" ? !e.values.includes(labels?.[e.key])
          : e.operator === "Exists" ? labels?.[e.key] !== undefined
            : labels?.[e.key] === undefined);
  for (const m of objects.filter((o) => o.kind === "ServiceMonitor")) {
    const targets = objects.filter((o) => o.kind === "Service" && matches(m.spec?.selector, o.metadata?.labels));
    if (!report.check(targets.length > 0, m, "spec.selector", "selects no Service of the output")) continue;
    (m.spec?.endpoints ?? []).forEach((e, i) => {
      if (e.port === undefined) return;
      for (const t of targets) {
        report.check((t.spec?.ports ?? []).some((p) => p.name === e.port), m, `spec.endpoints[${i}].port`, `Service ${t.metadata.name} has no port named ${e.port}`);
      }
    });
  }
  for (const m of objects.filter((o) => o.kind === "PodMonitor")) {
    const targets = objects.filter((o) => podTemplate(o) && matches(m.spec?.selector, podTemplate(o).template.metadata?.labels));
    if (!report.check(targets.length > 0, m, "spec.selector", "selects the pods of no workload in the output")) continue;
    (m.spec?.podMetricsEndpoints ?? []).forEach((e, i) => {
      if (e.port === undefined) return;
      for (const t of targets) {
        const podSpec = podTemplate(t).template.spec ?? {};
        report.check((podSpec.containers ?? []).some((c) => (c.ports ?? []).some((p) => p.name === e.port)), m,
          `spec.podMetricsEndpoints[${i}].port`, `the pods of ${ref(t)} have no port named ${e.port}`);
      }
    });
  }
}

// All checks of one overlay.
export function checkOverlay({ overlay, objects, services, binaryFor, flagsOf }) {
  const report = new Report(overlay);
  const index = indexObjects(objects);
  const secrets = contractSecrets(services);

  for (const obj of objects) {
    if (obj.kind === "Secret") {
      const keys = [...Object.keys(obj.data ?? {}), ...Object.keys(obj.stringData ?? {})];
      report.check(keys.length === 0, obj, obj.data ? "data" : "stringData", `Secrets are created outside the repository; this one defines ${keys.join(", ")}`);
    }
    const pt = podTemplate(obj);
    if (!pt) continue;
    const podSpec = pt.template.spec ?? {};
    if (obj.spec?.selector?.matchLabels) {
      report.check(selects(obj.spec.selector.matchLabels, pt.template.metadata?.labels), obj, "spec.selector.matchLabels",
        "does not match the pod template's labels (the API server refuses it)");
    }
    checkSecurity(report, obj, podSpec, pt.at);
    checkReferences(report, obj, podSpec, pt.at, index, secrets);
    checkProbePorts(report, obj, podSpec, pt.at);
  }

  checkMonitors(report, objects);

  for (const svc of services) {
    const deployments = index.ofKind("Deployment").filter((d) => d.metadata?.name === svc);
    if (!report.check(deployments.length > 0, null, `services/${svc}`, `has no Deployment ${svc}`)) {
      checkRedis(report, svc, index, undefined);
      continue;
    }
    for (const d of deployments) {
      checkServiceDeployment(report, svc, d, index, secrets, binaryFor, flagsOf);
      checkRedis(report, svc, index, ns(d));
    }
  }
  return { problems: report.problems, checks: report.checks };
}
