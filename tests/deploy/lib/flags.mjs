// Flags of the skillbridge binaries: the names a binary accepts (read from its `--helpfull`
// output) and the parsing of flagfiles and container args. Used by tests/deploy/lib/consistency.mjs.
//
//   const accepted = binaryFlags("build/services/training/skillbridge-training");
//   parseHelp(text)            -> Map name -> { bool }
//   parseFlagArg("--a=b")      -> { name: "a", value: "b" } | null
//   parseFlagfile(text)        -> { flags: [{ name, value, line }], errors: [string] }

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

// Parses the output of `<binary> --helpfull`: every line "    --name (description...)" starts a
// flag; the flag is boolean when its default is true or false.
export function parseHelp(text) {
  const texts = new Map();
  let current = null;
  for (const line of text.split("\n")) {
    const m = /^ {4}--([A-Za-z0-9_]+)(?: \(|$)/.exec(line);
    if (m) {
      current = m[1];
      texts.set(current, line.trim());
    } else if (current && /^ {5,}\S/.test(line)) {
      texts.set(current, `${texts.get(current)} ${line.trim()}`);
    } else {
      current = null;
    }
  }
  const flags = new Map();
  for (const [name, description] of texts) {
    flags.set(name, { bool: /default: (true|false);$/.test(description) });
  }
  return flags;
}

const cache = new Map();

// The flags a binary accepts, from its --helpfull output (absl's own --help/--version are left
// out on purpose: in a manifest they would make the service exit). Throws when the binary is
// missing or prints no flags. Results are cached per path.
export function binaryFlags(binary) {
  if (cache.has(binary)) return cache.get(binary);
  if (!existsSync(binary)) {
    throw new Error(`${binary} does not exist: build it first (cmake --build ${path.dirname(path.dirname(path.dirname(binary)))})`);
  }
  const run = spawnSync(binary, ["--helpfull"], { encoding: "utf8", timeout: 20000 });
  if (run.error) throw new Error(`${binary} --helpfull: ${run.error.message}`);
  const flags = parseHelp(`${run.stdout}\n${run.stderr}`);
  if (!flags.has("flagfile") || flags.size < 5) {
    throw new Error(`${binary} --helpfull listed no flags (exit ${run.status})`);
  }
  cache.set(binary, flags);
  return flags;
}

// True when `name` is accepted: listed, or "no<name>" of a listed boolean flag.
export function acceptsFlag(flags, name) {
  if (flags.has(name)) return true;
  return name.startsWith("no") && flags.get(name.slice(2))?.bool === true;
}

// "--name=value" or "--name" (also with one dash, as absl accepts); null when `arg` is no flag.
export function parseFlagArg(arg) {
  const m = /^--?([A-Za-z0-9_]+)(?:=(.*))?$/s.exec(arg);
  if (!m) return null;
  return { name: m[1], value: m[2] };
}

// Parses a flagfile: one --name=value per line, blank lines and lines starting with # skipped.
// Reports lines that are not a flag and values wrapped in quotes (absl keeps quotes literally).
export function parseFlagfile(text) {
  const flags = [];
  const errors = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const flag = parseFlagArg(line);
    if (!flag) {
      errors.push(`line ${i + 1} "${line}" is not a --name=value flag`);
      return;
    }
    if (flag.value !== undefined && /^(["']).*\1$/.test(flag.value)) {
      errors.push(`line ${i + 1} --${flag.name}: the value is quoted (the quotes would be part of it)`);
    }
    flags.push({ ...flag, line: i + 1 });
  });
  return { flags, errors };
}

// Splits "host:port" / "[::]:port"; null when it is no host:port (e.g. unix:/path or empty).
export function parseHostPort(value) {
  const m = /^(\[[^\]]*\]|[^:[\]]*):(\d+)$/.exec(value ?? "");
  if (!m) return null;
  return { host: m[1].replace(/^\[|\]$/g, ""), port: Number(m[2]) };
}

export function isLoopback(host) {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}
