// Reading rendered Kubernetes manifests (the multi-document YAML `kubectl kustomize` prints) and
// walking their pod templates. Used by the schema validation and the consistency checks.
//
//   const { objects, errors } = parseManifests(text, "dev.yaml");
//   loadRendered(dir) -> [{ overlay, file, objects, errors }]   (one entry per <overlay>.yaml)

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

// Every non-empty document of `text` as a plain object; YAML errors and non-object documents are
// returned as messages naming `source`.
export function parseManifests(text, source) {
  const objects = [];
  const errors = [];
  for (const doc of parseAllDocuments(text)) {
    for (const e of [...doc.errors, ...doc.warnings]) errors.push(`${source}: ${e.message}`);
    if (doc.errors.length > 0) continue;
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      errors.push(`${source}: a document is not a Kubernetes object`);
      continue;
    }
    objects.push(value);
  }
  return { objects, errors };
}

// Reads every <overlay>.yaml of `dir` (the output of scripts/k8s-check.sh's render step).
export function loadRendered(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      return { overlay: f.replace(/\.yaml$/, ""), file, ...parseManifests(readFileSync(file, "utf8"), file) };
    });
}

// "Kind/name" (with the namespace when set) for messages.
export function ref(obj) {
  const ns = obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : "";
  return `${obj?.kind ?? "?"}/${ns}${obj?.metadata?.name ?? "?"}`;
}

// The pod template of a workload and the path of its spec, or null for other kinds.
export function podTemplate(obj) {
  switch (obj?.kind) {
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return obj.spec?.template ? { template: obj.spec.template, at: "spec.template.spec" } : null;
    case "CronJob":
      return obj.spec?.jobTemplate?.spec?.template
        ? { template: obj.spec.jobTemplate.spec.template, at: "spec.jobTemplate.spec.template.spec" }
        : null;
    case "Pod":
      return { template: obj, at: "spec" };
    default:
      return null;
  }
}

// Containers and init containers of a pod spec with the field path of each.
export function containersOf(podSpec, at) {
  const out = [];
  for (const field of ["initContainers", "containers"]) {
    (podSpec?.[field] ?? []).forEach((c, i) => out.push({ container: c, at: `${at}.${field}[${i}]` }));
  }
  return out;
}

// Index of objects by "Kind/namespace/name".
export function indexObjects(objects) {
  const byKey = new Map();
  for (const obj of objects) {
    byKey.set(`${obj.kind}/${obj.metadata?.namespace ?? ""}/${obj.metadata?.name}`, obj);
  }
  return {
    // With namespace undefined, an object of any namespace.
    get: (kind, namespace, name) =>
      byKey.get(`${kind}/${namespace ?? ""}/${name}`) ??
      (namespace === undefined ? objects.find((o) => o.kind === kind && o.metadata?.name === name) : undefined),
    ofKind: (kind) => objects.filter((o) => o.kind === kind),
  };
}
