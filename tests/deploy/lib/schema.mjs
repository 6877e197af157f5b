// Schema validation of one Kubernetes object with the kubernetes-models packages: the model of
// its apiVersion/kind (core kinds: kubernetes-models; ServiceMonitor/PodMonitor/PrometheusRule:
// @kubernetes-models/prometheus-operator; Issuer/Certificate: @kubernetes-models/cert-manager)
// validates it against the OpenAPI schema, and fields the type does not declare are reported as
// the API server's strict field validation would. A kind no package models is an error.
//
//   const problems = await validateObject(obj);   // [] when valid

import { fileURLToPath } from "node:url";
import { unknownFields } from "./fields.mjs";
import { ref } from "./manifests.mjs";

// Packages tried in order for a group/version.
const PACKAGES = ["kubernetes-models", "@kubernetes-models/prometheus-operator", "@kubernetes-models/cert-manager"];

const models = new Map();

// The model class and module file of apiVersion/kind, or null.
export async function findModel(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (models.has(key)) return models.get(key);
  let found = null;
  const valid = /^[a-z0-9.-]+\/v[a-z0-9]+$|^v[a-z0-9]+$/.test(apiVersion ?? "") && /^[A-Z][A-Za-z0-9]*$/.test(kind ?? "");
  for (const pkg of valid ? PACKAGES : []) {
    const spec = `${pkg}/${apiVersion}/${kind}`;
    let mod;
    let file;
    try {
      file = fileURLToPath(import.meta.resolve(spec));
      mod = await import(spec);
    } catch {
      continue;
    }
    const model = mod[kind];
    if (model && model.kind === kind && model.apiVersion === apiVersion) {
      found = { model, file };
      break;
    }
  }
  models.set(key, found);
  return found;
}

// Problems of one object: unknown kind, schema errors (with the field path), unknown fields.
export async function validateObject(obj) {
  const name = ref(obj);
  if (!obj?.apiVersion || !obj?.kind) return [`${name}: apiVersion and kind are required`];
  const found = await findModel(obj.apiVersion, obj.kind);
  if (!found) {
    return [`${name}: unknown kind ${obj.apiVersion} ${obj.kind} (no schema in ${PACKAGES.join(", ")})`];
  }
  const problems = [];
  if (!obj.metadata?.name) problems.push(`${name}: metadata.name is required`);
  try {
    new found.model(obj).validate();
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    for (const err of e.errors) {
      const field = err.instancePath.replace(/^\//, "").replace(/\/(\d+)(?=\/|$)/g, "[$1]").replaceAll("/", ".");
      const params = err.params?.allowedValues ? ` (${err.params.allowedValues.join(", ")})` : "";
      problems.push(`${name}: ${field || "(object)"} ${err.message}${params}`);
    }
  }
  for (const field of unknownFields(obj, found.file, `I${obj.kind}`)) {
    problems.push(`${name}: ${field} is not a field of ${obj.apiVersion} ${obj.kind}`);
  }
  return problems;
}
