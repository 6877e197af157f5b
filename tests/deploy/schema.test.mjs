// Self-tests of the schema validation (tests/deploy/lib/schema.mjs and validate_manifests.mjs):
// the good fixture validates; a wrong type, an undeclared field, a missing required field and an
// unknown kind are reported with the object and field.
//
//   node --test tests/deploy/

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { stringify } from "yaml";
import { find, GOOD_FILE, goodObjects } from "./lib/fixture.mjs";
import { validateObject } from "./lib/schema.mjs";

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), "validate_manifests.mjs");

async function problemsOf(objects) {
  const out = [];
  for (const obj of objects) out.push(...(await validateObject(obj)));
  return out;
}

test("the good fixture validates", async () => {
  assert.deepEqual(await problemsOf(goodObjects()), []);
});

test("monitoring and cert-manager kinds validate", async () => {
  const objects = [
    { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "training" }, spec: { selector: { matchLabels: { a: "b" } }, endpoints: [{ port: "metrics", interval: "30s" }] } },
    { apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", metadata: { name: "redis" }, spec: { selector: { matchLabels: { a: "b" } }, podMetricsEndpoints: [{ port: "metrics" }] } },
    { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: "rules" }, spec: { groups: [{ name: "g", rules: [{ alert: "Down", expr: "up == 0", for: "5m" }] }] } },
    { apiVersion: "cert-manager.io/v1", kind: "Issuer", metadata: { name: "ca" }, spec: { ca: { secretName: "skillbridge-ca" } } },
    { apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "training" }, spec: { secretName: "training-tls", issuerRef: { name: "ca", kind: "Issuer" }, dnsNames: ["training"], usages: ["server auth", "client auth"] } },
  ];
  assert.deepEqual(await problemsOf(objects), []);
});

const broken = [
  {
    name: "a port that is no integer",
    mutate: (o) => {
      find(o, "Deployment", "training").spec.template.spec.containers[0].ports[0].containerPort = "50052";
    },
    expect: /Deployment\/skillbridge\/training: spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort must be integer/,
  },
  {
    name: "a named port in a grpc probe (grpc probes take numbers only)",
    mutate: (o) => {
      find(o, "Deployment", "training").spec.template.spec.containers[0].readinessProbe.grpc.port = "health";
    },
    expect: /Deployment\/skillbridge\/training: spec\.template\.spec\.containers\[0\]\.readinessProbe\.grpc\.port must be integer/,
  },
  {
    name: "a misspelt field",
    mutate: (o) => {
      const c = find(o, "Deployment", "aggregator").spec.template.spec.containers[0];
      c.readinesProbe = c.readinessProbe;
    },
    expect: /Deployment\/skillbridge\/aggregator: spec\.template\.spec\.containers\[0\]\.readinesProbe is not a field of apps\/v1 Deployment/,
  },
  {
    name: "a missing required field",
    mutate: (o) => delete find(o, "StatefulSet", "training-redis").spec.selector,
    expect: /StatefulSet\/skillbridge\/training-redis: spec must have required property selector/,
  },
  {
    name: "an unknown kind",
    mutate: (o) => o.push({ apiVersion: "skillbridge.gov.cn/v1", kind: "Store", metadata: { name: "x" } }),
    expect: /Store\/x: unknown kind skillbridge\.gov\.cn\/v1 Store/,
  },
  {
    name: "a field of a custom resource that its schema does not declare",
    mutate: (o) => o.push({ apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "m" }, spec: { selector: {}, endpoints: [{ port: "metrics", scrapeInterval: "30s" }] } }),
    expect: /ServiceMonitor\/m: spec\.endpoints\[0\]\.scrapeInterval is not a field of monitoring\.coreos\.com\/v1 ServiceMonitor/,
  },
];

for (const { name, mutate, expect } of broken) {
  test(`schema: ${name}`, async () => {
    const objects = goodObjects();
    mutate(objects);
    const problems = await problemsOf(objects);
    assert.ok(problems.some((p) => expect.test(p)), `expected ${expect}; got:\n${problems.join("\n") || "(none)"}`);
  });
}

test("validate_manifests.mjs exits 0 on the good fixture and 1 on a broken one", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "k8s-check-schema-"));
  try {
    copyFileSync(GOOD_FILE, path.join(dir, "good.yaml"));
    let run = spawnSync(process.execPath, [CLI, dir], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /schema good: 13 objects validated, 0 problems/);
    const objects = goodObjects();
    find(objects, "Service", "training").spec.ports[0].port = "grpc";
    writeFileSync(path.join(dir, "bad.yaml"), objects.map((o) => stringify(o)).join("---\n"));
    run = spawnSync(process.execPath, [CLI, dir], { encoding: "utf8" });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /FAIL bad: Service\/skillbridge\/training: spec\.ports\[0\]\.port must be integer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
