// The self-tests' fixture: tests/deploy/fixtures/good.yaml (a small overlay passing every check)
// with the --helpfull output of its two binaries (fixtures/helpfull/), and helpers that run the
// consistency checks on it or on a broken copy. Used by tests/deploy/*.test.mjs.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkOverlay } from "./consistency.mjs";
import { parseHelp } from "./flags.mjs";
import { parseManifests } from "./manifests.mjs";

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
export const GOOD_FILE = path.join(FIXTURES, "good.yaml");
export const SERVICES = ["aggregator", "training"];

// A fresh copy of the good fixture's objects.
export function goodObjects() {
  const { objects, errors } = parseManifests(readFileSync(GOOD_FILE, "utf8"), GOOD_FILE);
  if (errors.length) throw new Error(errors.join("\n"));
  return objects;
}

// The fixture's accepted flags of binary `skillbridge-<svc>` (fixtures/helpfull/).
export function fixtureFlags(binary) {
  return parseHelp(readFileSync(path.join(FIXTURES, "helpfull", `${path.basename(binary)}.txt`), "utf8"));
}

// The object kind/name of `objects`; throws when it is missing.
export function find(objects, kind, name) {
  const obj = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!obj) throw new Error(`fixture has no ${kind}/${name}`);
  return obj;
}

// Runs the consistency checks on the good fixture after `mutate(objects)`.
export function checkFixture(mutate = () => {}, options = {}) {
  const objects = goodObjects();
  mutate(objects);
  return checkOverlay({
    overlay: "fixture",
    objects,
    services: options.services ?? SERVICES,
    binaryFor: options.binaryFor ?? ((name) => name),
    flagsOf: options.flagsOf ?? fixtureFlags,
  });
}
