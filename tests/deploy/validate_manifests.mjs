// Schema validation of rendered Kubernetes manifests: every object of every <overlay>.yaml in
// <rendered-dir> against the OpenAPI schemas of the kubernetes-models packages (core kinds,
// prometheus-operator, cert-manager), unknown kinds and undeclared fields included. Prints the
// number of objects validated per overlay and every problem; exits 1 on any problem.
//
//   node tests/deploy/validate_manifests.mjs <rendered-dir>     (scripts/k8s-check.sh runs it)

import { loadRendered } from "./lib/manifests.mjs";
import { validateObject } from "./lib/schema.mjs";

const dir = process.argv[2];
if (!dir || process.argv.length > 3) {
  console.error("usage: node tests/deploy/validate_manifests.mjs <dir with one <overlay>.yaml per overlay>");
  process.exit(2);
}

let failed = 0;
const rendered = loadRendered(dir);
if (rendered.length === 0) {
  console.error(`no rendered overlay (*.yaml) in ${dir}`);
  process.exit(1);
}
for (const { overlay, objects, errors } of rendered) {
  const problems = [...errors];
  for (const obj of objects) problems.push(...(await validateObject(obj)));
  if (objects.length === 0) problems.push("the overlay renders no object");
  for (const p of problems) console.log(`  FAIL ${overlay}: ${p}`);
  failed += problems.length;
  console.log(`schema ${overlay}: ${objects.length} objects validated, ${problems.length} problems`);
}
process.exit(failed > 0 ? 1 : 0);
