// Consistency of rendered Kubernetes manifests with the services and the deployment contract
// (the checks are listed in tests/deploy/lib/consistency.mjs): service folders, ports, flags
// against the real binaries' --helpfull, probes, grace periods, Redis StatefulSets, Secrets,
// securityContext and references. Prints the checks run per overlay and every problem; exits 1
// on any problem.
//
//   node tests/deploy/consistency.mjs <rendered-dir>             (scripts/k8s-check.sh runs it)
//
// Environment: SKILLBRIDGE_BUILD_DIR (the build tree holding services/<svc>/skillbridge-<svc>,
// default build/ in the repository).

import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkOverlay, serviceFolders } from "./lib/consistency.mjs";
import { binaryFlags } from "./lib/flags.mjs";
import { loadRendered } from "./lib/manifests.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = process.argv[2];
if (!dir || process.argv.length > 3) {
  console.error("usage: node tests/deploy/consistency.mjs <dir with one <overlay>.yaml per overlay>");
  process.exit(2);
}
const buildDir = path.resolve(root, process.env.SKILLBRIDGE_BUILD_DIR || "build");
const services = serviceFolders(path.join(root, "services"));
const binaryFor = (name, svc) => path.join(buildDir, "services", svc, name);

let failed = 0;
const rendered = loadRendered(dir);
if (rendered.length === 0) {
  console.error(`no rendered overlay (*.yaml) in ${dir}`);
  process.exit(1);
}
for (const { overlay, objects, errors } of rendered) {
  const { problems, checks } = checkOverlay({ overlay, objects, services, binaryFor, flagsOf: binaryFlags });
  const all = [...errors.map((e) => `${overlay}: ${e}`), ...problems];
  for (const p of all) console.log(`  FAIL ${p}`);
  failed += all.length;
  console.log(`consistency ${overlay}: ${services.length} services, ${checks - problems.length}/${checks} checks passed`);
}
process.exit(failed > 0 ? 1 : 0);
