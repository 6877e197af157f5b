// Self-tests of the consistency checks (tests/deploy/lib/consistency.mjs): the good fixture
// passes; each deliberately broken copy is reported with the object and field at fault.
//
//   node --test tests/deploy/

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { serviceFolders } from "./lib/consistency.mjs";
import { checkFixture, find } from "./lib/fixture.mjs";

const deployment = (objects, svc) => find(objects, "Deployment", svc);
const container = (objects, svc) => deployment(objects, svc).spec.template.spec.containers[0];
const redisContainer = (objects, svc) => find(objects, "StatefulSet", `${svc}-redis`).spec.template.spec.containers[0];
const flags = (objects, svc, key = "service.flags") => {
  const cm = find(objects, "ConfigMap", `${svc}-flags`);
  return {
    get: () => cm.data[key],
    set: (text) => {
      cm.data[key] = text;
    },
  };
};
const editFlags = (objects, svc, fn, key) => {
  const f = flags(objects, svc, key);
  f.set(fn(f.get()));
};

// Asserts that every pattern matches at least one reported problem.
function assertReported(problems, patterns) {
  for (const p of patterns) {
    assert.ok(problems.some((m) => p.test(m)), `expected a problem matching ${p}; got:\n${problems.join("\n") || "(none)"}`);
  }
}

test("the good fixture passes every check", () => {
  const { problems, checks } = checkFixture();
  assert.deepEqual(problems, []);
  assert.ok(checks > 200, `only ${checks} checks ran`);
});

const broken = [
  {
    name: "a flag renamed in a flagfile",
    mutate: (o) => editFlags(o, "training", (t) => t.replace("--workers=", "--worker_threads=")),
    expect: [/ConfigMap\/skillbridge\/training-flags data\.service\.flags line \d+: --worker_threads is not a flag of skillbridge-training/],
  },
  {
    name: "a flag of another service (aggregator flag on training)",
    mutate: (o) => editFlags(o, "training", (t) => `${t}--sources=evaluation=evaluation:50051\n`),
    expect: [/training-flags .*--sources is not a flag of skillbridge-training/],
  },
  {
    name: "an unknown flag in the container args",
    mutate: (o) => container(o, "aggregator").args.push("--drain_ms=5"),
    expect: [/Deployment\/skillbridge\/aggregator spec\.template\.spec\.containers\[0\]\.args\[2\]: --drain_ms is not a flag/],
  },
  {
    name: "a container port changed",
    mutate: (o) => {
      container(o, "training").ports.find((p) => p.name === "grpc").containerPort = 50099;
    },
    expect: [/Deployment\/skillbridge\/training .*ports: port grpc is 50099 but --listen=0\.0\.0\.0:50052/, /port grpc is 50099, the contract says 50052/],
  },
  {
    name: "a listen flag changed",
    mutate: (o) => editFlags(o, "aggregator", (t) => t.replace("--http_listen=0.0.0.0:8080", "--http_listen=0.0.0.0:8081")),
    expect: [/Deployment\/skillbridge\/aggregator .*ports: port http is 8080 but --http_listen=0\.0\.0\.0:8081/],
  },
  {
    name: "a listen flag on loopback",
    mutate: (o) => editFlags(o, "training", (t) => t.replace("--metrics_listen=0.0.0.0:9102", "--metrics_listen=127.0.0.1:9102")),
    expect: [/training-flags data\.service\.flags line \d+: --metrics_listen=127\.0\.0\.1:9102 listens on loopback only/],
  },
  {
    name: "the health port missing",
    mutate: (o) => {
      const c = container(o, "training");
      c.ports = c.ports.filter((p) => p.name !== "health");
    },
    expect: [/containers\[0\]\.ports: container training has no port named health/, /exposes no port 9202/],
  },
  {
    name: "the readiness probe removed",
    mutate: (o) => delete container(o, "training").readinessProbe,
    expect: [/Deployment\/skillbridge\/training spec\.template\.spec\.containers\[0\]\.readinessProbe: container training has no readinessProbe/],
  },
  {
    name: "a liveness probe that is no grpc probe",
    mutate: (o) => {
      container(o, "aggregator").livenessProbe = { tcpSocket: { port: "grpc" } };
    },
    expect: [/aggregator .*livenessProbe: livenessProbe must be a native grpc probe \(has tcpSocket\)/],
  },
  {
    name: "a probe on a port the container does not expose",
    mutate: (o) => {
      container(o, "training").livenessProbe.grpc.port = 9999;
    },
    expect: [/training .*livenessProbe\.grpc\.port: container training exposes no port 9999/, /livenessProbe must probe the health port 9202, probes 9999/],
  },
  {
    name: "a readiness probe on the gRPC port",
    mutate: (o) => {
      container(o, "training").readinessProbe.grpc.port = 50052;
    },
    expect: [/readinessProbe\.grpc\.port: readinessProbe must probe the health port 9202, probes 50052/],
  },
  {
    name: "the liveness probe asking for the readiness service",
    mutate: (o) => {
      container(o, "aggregator").livenessProbe.grpc.service = "";
    },
    expect: [/livenessProbe\.grpc\.service: livenessProbe must ask for service "liveness"/],
  },
  {
    name: "a redis probe on an unknown port name",
    mutate: (o) => {
      redisContainer(o, "training").readinessProbe.tcpSocket.port = "redis-tls";
    },
    expect: [/StatefulSet\/skillbridge\/training-redis .*readinessProbe\.tcpSocket\.port: container redis exposes no port redis-tls/],
  },
  {
    name: "a startup probe shorter than the Redis start-up timeout",
    mutate: (o) => {
      container(o, "training").startupProbe.failureThreshold = 2;
    },
    expect: [/training .*startupProbe: covers 10 s .* less than --redis_startup_timeout_s=30/],
  },
  {
    name: "a grace period shorter than preStop + drain + 5",
    mutate: (o) => {
      deployment(o, "aggregator").spec.template.spec.terminationGracePeriodSeconds = 24;
    },
    expect: [/aggregator spec\.template\.spec\.terminationGracePeriodSeconds: is 24, needs >= 25 \(preStop sleep 5 \+ shutdown_grace_ms 15000/],
  },
  {
    name: "no preStop hook",
    mutate: (o) => delete container(o, "training").lifecycle,
    expect: [/training .*lifecycle\.preStop: needs a preStop sleep/],
  },
  {
    name: "--rebuild set",
    mutate: (o) => container(o, "aggregator").args.push("--rebuild"),
    expect: [/aggregator .*args\[2\]: --rebuild must not be set/],
  },
  {
    name: "the Service without its grpc port",
    mutate: (o) => {
      const s = find(o, "Service", "training");
      s.spec.ports = s.spec.ports.filter((p) => p.name !== "grpc");
    },
    expect: [/Service\/skillbridge\/training spec\.ports: no port named grpc/],
  },
  {
    name: "a Service targeting a port the pod lacks",
    mutate: (o) => {
      find(o, "Service", "aggregator").spec.ports[2].targetPort = "web";
    },
    expect: [/Service\/skillbridge\/aggregator spec\.ports\[2\]\.targetPort: web is no port of container aggregator/],
  },
  {
    name: "the Redis StatefulSet missing",
    mutate: (o) => o.splice(o.indexOf(find(o, "StatefulSet", "training-redis")), 1),
    expect: [/StatefulSet\/skillbridge\/training-redis: services\/training has no Redis StatefulSet training-redis/],
  },
  {
    name: "Redis without --requirepass $(REDIS_PASSWORD)",
    mutate: (o) => {
      redisContainer(o, "aggregator").args = ["redis-server", "/etc/skillbridge/redis.conf"];
    },
    expect: [/StatefulSet\/skillbridge\/aggregator-redis .*args: needs --requirepass \$\(REDIS_PASSWORD\)/],
  },
  {
    name: "Redis overriding appendfsync",
    mutate: (o) => redisContainer(o, "training").args.push("--appendfsync", "everysec"),
    expect: [/training-redis .*args: --appendfsync everysec overrides the image's appendfsync always/],
  },
  {
    name: "--redis pointing elsewhere",
    mutate: (o) => editFlags(o, "training", (t) => t.replace("redis://training-redis-0.training-redis:6379/0", "redis://evaluation-redis-0.evaluation-redis:6379/0")),
    expect: [/training-flags data\.service\.flags line \d+: --redis must point to the StatefulSet training-redis/],
  },
  {
    name: "a Secret with data in the output",
    mutate: (o) => o.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "training-redis", namespace: "skillbridge" }, data: { password: "c2VjcmV0" } }),
    expect: [/Secret\/skillbridge\/training-redis data: Secrets are created outside the repository; this one defines password/],
  },
  {
    name: "a container without drop ALL",
    mutate: (o) => delete container(o, "training").securityContext.capabilities,
    expect: [/training spec\.template\.spec\.containers\[0\]\.securityContext\.capabilities\.drop: container training must drop ALL capabilities/],
  },
  {
    name: "no seccomp profile at pod or container level",
    mutate: (o) => delete container(o, "aggregator").securityContext.seccompProfile,
    expect: [/aggregator .*securityContext\.seccompProfile\.type: container aggregator needs seccompProfile RuntimeDefault/],
  },
  {
    name: "a writable root filesystem and privilege escalation",
    mutate: (o) => {
      const sc = redisContainer(o, "training").securityContext;
      sc.readOnlyRootFilesystem = false;
      delete sc.allowPrivilegeEscalation;
    },
    expect: [/training-redis .*readOnlyRootFilesystem: container redis must set readOnlyRootFilesystem: true/, /allowPrivilegeEscalation: container redis must set allowPrivilegeEscalation: false/],
  },
  {
    name: "runAsNonRoot missing",
    mutate: (o) => delete deployment(o, "training").spec.template.spec.securityContext.runAsNonRoot,
    expect: [/training .*runAsNonRoot: container training must set runAsNonRoot: true/],
  },
  {
    name: "a ConfigMap that is not defined",
    mutate: (o) => {
      deployment(o, "training").spec.template.spec.volumes[0].configMap.name = "training-flagz";
    },
    expect: [/training spec\.template\.spec\.volumes\[0\]\.configMap\.name: ConfigMap training-flagz is not defined/, /--flagfile \/etc\/skillbridge\/flags\/service\.flags.*ConfigMap training-flagz is not defined/],
  },
  {
    name: "a Secret outside the contract's list",
    mutate: (o) => {
      deployment(o, "training").spec.template.spec.volumes[3].secret.secretName = "service-token";
    },
    expect: [/training spec\.template\.spec\.volumes\[3\]\.secret\.secretName: Secret service-token is not in the contract's Secret list/],
  },
  {
    name: "a Secret key the Secret does not hold",
    mutate: (o) => {
      redisContainer(o, "aggregator").env[0].valueFrom.secretKeyRef.key = "redis-password";
    },
    expect: [/aggregator-redis .*env\[0\]\.valueFrom\.secretKeyRef: Secret aggregator-redis holds password, not redis-password/],
  },
  {
    name: "a ServiceAccount that is not defined",
    mutate: (o) => {
      deployment(o, "training").spec.template.spec.serviceAccountName = "training";
    },
    expect: [/training spec\.template\.spec\.serviceAccountName: ServiceAccount training is not defined/],
  },
  {
    name: "a file flag pointing to a path no volume provides",
    mutate: (o) => editFlags(o, "aggregator", (t) => t.replace("service-token/token", "service-token/tokens")),
    expect: [/aggregator-flags data\.service\.flags line \d+: --service_token_file=\/var\/run\/secrets\/skillbridge\/service-token\/tokens: volume secrets provides no service-token\/tokens/],
  },
  {
    name: "a flagfile that is not mounted",
    mutate: (o) => {
      container(o, "training").volumeMounts[0].mountPath = "/etc/flags";
    },
    expect: [/training .*args: --flagfile \/etc\/skillbridge\/flags\/service\.flags .*no volumeMount holds/],
  },
  {
    name: "a quoted flag value and a line that is no flag",
    mutate: (o) => editFlags(o, "training", (t) => `${t}--reference_dir="/opt/skillbridge/reference"\nworkers 4\n`),
    expect: [/training-flags data\.service\.flags: line \d+ --reference_dir: the value is quoted/, /line \d+ "workers 4" is not a --name=value flag/],
  },
  {
    name: "TLS off on a non-loopback listener",
    mutate: (o) => editFlags(o, "training", () => "", "tls.flags"),
    expect: [/--listen=0\.0\.0\.0:50052 is not loopback: the binary refuses it without --tls_cert\/--tls_key or --behind_mesh/],
  },
  {
    name: "ops endpoints on all addresses without --remote_ops_endpoints",
    mutate: (o) => editFlags(o, "aggregator", (t) => t.replace("--remote_ops_endpoints=true\n", "")),
    expect: [/aggregator-flags data\.service\.flags line \d+: --metrics_listen=0\.0\.0\.0:9110 is not loopback: the binary refuses it without --remote_ops_endpoints/],
  },
  {
    name: "the wrong binary in the command",
    mutate: (o) => {
      container(o, "training").command = ["/usr/local/bin/skillbridge-evaluation"];
    },
    expect: [/training spec\.template\.spec\.containers\[0\]\.command: must be \["\/usr\/local\/bin\/skillbridge-training"\]/],
  },
  {
    name: "a selector that does not match the pod template",
    mutate: (o) => {
      deployment(o, "training").spec.selector.matchLabels["app.kubernetes.io/name"] = "trainer";
    },
    expect: [/Deployment\/skillbridge\/training spec\.selector\.matchLabels: does not match the pod template's labels/],
  },
  {
    name: "a PodMonitor scraping a port the pods do not name",
    mutate: (o) => o.push({ apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", metadata: { name: "services", namespace: "skillbridge" },
      spec: { selector: { matchLabels: { "app.kubernetes.io/name": "training" } }, podMetricsEndpoints: [{ port: "metrics" }, { port: "prometheus" }] } }),
    expect: [/PodMonitor\/skillbridge\/services spec\.podMetricsEndpoints\[1\]\.port: the pods of Deployment\/skillbridge\/training have no port named prometheus/],
  },
  {
    name: "a ServiceMonitor selecting nothing",
    mutate: (o) => o.push({ apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "services", namespace: "skillbridge" },
      spec: { selector: { matchLabels: { "app.kubernetes.io/component": "service" } }, endpoints: [{ port: "metrics" }] } }),
    expect: [/ServiceMonitor\/skillbridge\/services spec\.selector: selects no Service of the output/],
  },
];

describe("broken fixtures are reported", () => {
  for (const { name, mutate, expect } of broken) {
    test(name, () => assertReported(checkFixture(mutate).problems, expect));
  }
});

test("a service folder without a Deployment is reported", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "k8s-check-services-"));
  try {
    for (const svc of ["aggregator", "training", "placement"]) {
      mkdirSync(path.join(dir, svc));
      writeFileSync(path.join(dir, svc, "main.cc"), "int main() { return 0; }\n");
    }
    mkdirSync(path.join(dir, "shared")); // no main.cc: not a service
    const services = serviceFolders(dir);
    assert.deepEqual(services, ["aggregator", "placement", "training"]);
    const { problems } = checkFixture(() => {}, { services });
    assertReported(problems, [/fixture: services\/placement: has no Deployment placement/, /services\/placement has no Redis StatefulSet placement-redis/]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a Deployment removed from the overlay is reported", () => {
  const { problems } = checkFixture((o) => o.splice(o.indexOf(find(o, "Deployment", "training")), 1));
  assertReported(problems, [/fixture: services\/training: has no Deployment training/]);
});

test("a binary that cannot be run is reported", () => {
  const { problems } = checkFixture(() => {}, {
    flagsOf: () => {
      throw new Error("build/services/training/skillbridge-training does not exist");
    },
  });
  assertReported(problems, [/Deployment\/skillbridge\/aggregator .*args: cannot check the flags: .*does not exist/]);
});
