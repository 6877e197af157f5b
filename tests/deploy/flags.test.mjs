// Self-tests of the flag handling (tests/deploy/lib/flags.mjs): --helpfull parsing, flagfile
// parsing, and the real binaries of the build tree (SKILLBRIDGE_BUILD_DIR, default build/)
// accepting every flag of the good fixture.
//
//   node --test tests/deploy/

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { acceptsFlag, binaryFlags, parseFlagfile, parseHostPort } from "./lib/flags.mjs";
import { checkFixture, fixtureFlags } from "./lib/fixture.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD = path.resolve(ROOT, process.env.SKILLBRIDGE_BUILD_DIR || "build");

test("--helpfull output is parsed into flag names with their boolean kind", () => {
  const flags = fixtureFlags("skillbridge-aggregator");
  for (const name of ["listen", "metrics_listen", "health_listen", "http_listen", "sources", "rebuild", "flagfile"]) {
    assert.ok(flags.has(name), `--${name} missing`);
  }
  assert.equal(flags.get("rebuild").bool, true);
  assert.equal(flags.get("behind_mesh").bool, true);
  assert.equal(flags.get("sources").bool, false);
  // A continuation line naming "evaluation=127.0.0.1:50051,..." is no flag.
  assert.ok(!flags.has("evaluation"));
  assert.ok(acceptsFlag(flags, "nobehind_mesh"));
  assert.ok(!acceptsFlag(flags, "nosources"));
  assert.ok(!fixtureFlags("skillbridge-training").has("http_listen"));
});

test("flagfiles: comments and blank lines skipped, malformed and quoted lines reported", () => {
  const { flags, errors } = parseFlagfile("# comment\n\n--a=1\n--b\n-c=x=y\nd=1\n--e=\"q\"\n");
  assert.deepEqual(flags.map((f) => [f.name, f.value, f.line]), [["a", "1", 3], ["b", undefined, 4], ["c", "x=y", 5], ["e", "\"q\"", 7]]);
  assert.equal(errors.length, 2);
  assert.match(errors[0], /line 6 "d=1" is not a --name=value flag/);
  assert.match(errors[1], /line 7 --e: the value is quoted/);
});

test("host:port parsing", () => {
  assert.deepEqual(parseHostPort("0.0.0.0:50051"), { host: "0.0.0.0", port: 50051 });
  assert.deepEqual(parseHostPort("[::]:9201"), { host: "::", port: 9201 });
  assert.equal(parseHostPort("unix:/tmp/x.sock"), null);
  assert.equal(parseHostPort(""), null);
});

const built = ["aggregator", "training"].every((svc) => existsSync(path.join(BUILD, "services", svc, `skillbridge-${svc}`)));

test("the real binaries accept every flag of the good fixture", { skip: built ? false : `binaries not built in ${BUILD}` }, () => {
  const { problems } = checkFixture(() => {}, {
    binaryFor: (name, svc) => path.join(BUILD, "services", svc, name),
    flagsOf: binaryFlags,
  });
  assert.deepEqual(problems, []);
});

test("a missing binary is an error naming it", () => {
  assert.throws(() => binaryFlags(path.join(BUILD, "services", "nowhere", "skillbridge-nowhere")), /skillbridge-nowhere does not exist: build it first/);
});
