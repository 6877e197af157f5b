// Unknown-field check: the JSON schemas of the kubernetes-models packages accept any extra
// property, while the API server (kubectl apply, field validation Strict) rejects it. This module
// reads the field names from the packages' TypeScript declarations (.d.ts: one interface per
// API type, nested inline types for CRDs) and reports every field of an object that its type
// does not declare, e.g. "spec.template.spec.containers[0].readinesProbe".
//
//   unknownFields(obj, "/abs/node_modules/kubernetes-models/apps/v1/Deployment.mjs", "IDeployment")

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

// ------------------------------------------------------------------------------ tokenizer

function tokenize(text) {
  const src = text.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, " ");
  const tokens = [];
  const re = /\s+|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_$][\w$]*)|(-?\d+(?:\.\d+)?)|(=>|[{}()[\]<>:;,|&?=.])/gy;
  let m;
  while (re.lastIndex < src.length && (m = re.exec(src)) !== null) {
    if (m[1] !== undefined) tokens.push({ t: "str", v: m[1].slice(1, -1) });
    else if (m[2] !== undefined) tokens.push({ t: "id", v: m[2] });
    else if (m[3] !== undefined) tokens.push({ t: "num", v: m[3] });
    else if (m[4] !== undefined) tokens.push({ t: "p", v: m[4] });
  }
  return tokens;
}

// ------------------------------------------------------------------------------ parser

class Parser {
  constructor(tokens) {
    this.toks = tokens;
    this.i = 0;
  }
  peek(k = 0) {
    return this.toks[this.i + k];
  }
  is(v, k = 0) {
    return this.peek(k)?.v === v;
  }
  next() {
    return this.toks[this.i++];
  }
  expect(v) {
    const tok = this.next();
    if (tok?.v !== v) throw new Error(`expected "${v}", got "${tok?.v}"`);
    return tok;
  }
  // Skips a balanced <...>.
  skipAngles() {
    let depth = 0;
    do {
      const tok = this.next();
      if (tok.v === "<") depth++;
      else if (tok.v === ">") depth--;
    } while (depth > 0);
  }
  type() {
    this.eat("|");
    const members = [this.postfix()];
    while (this.eat("|") || this.eat("&")) members.push(this.postfix());
    return members.length === 1 ? members[0] : { k: "union", of: members };
  }
  eat(v) {
    if (this.is(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  postfix() {
    let t = this.primary();
    while (this.is("[") && this.is("]", 1)) {
      this.i += 2;
      t = { k: "array", of: t };
    }
    return t;
  }
  primary() {
    const tok = this.next();
    if (tok.v === "{") return this.objectBody();
    if (tok.v === "(") {
      const t = this.type();
      this.expect(")");
      return t;
    }
    if (tok.t === "str" || tok.t === "num") return { k: "any" };
    if (tok.t !== "id") throw new Error(`unexpected "${tok.v}" in a type`);
    if ((tok.v === "Array" || tok.v === "ReadonlyArray") && this.is("<")) {
      this.next();
      const of = this.type();
      this.expect(">");
      return { k: "array", of };
    }
    if (tok.v === "Record" && this.is("<")) {
      this.next();
      this.type();
      this.expect(",");
      const of = this.type();
      this.expect(">");
      return { k: "object", props: new Map(), index: of };
    }
    let name = tok.v;
    while (this.is(".")) {
      this.next();
      name += `.${this.next().v}`;
    }
    if (this.is("<")) this.skipAngles();
    while (this.is("[") && this.peek(1)?.t === "str") {
      this.i += 3; // Indexed access (I["kind"]): a literal, no fields.
      name = "string";
    }
    return { k: "ref", name };
  }
  objectBody() {
    const props = new Map();
    let index = null;
    while (!this.is("}")) {
      if (this.is("[")) {
        this.next();
        this.next(); // key
        this.expect(":");
        this.type();
        this.expect("]");
        this.eat("?");
        this.expect(":");
        index = this.type();
      } else {
        this.eat("readonly");
        const key = this.next().v;
        this.eat("?");
        this.expect(":");
        props.set(key, this.type());
      }
      if (!this.eat(";")) this.eat(",");
    }
    this.expect("}");
    return { k: "object", props, index };
  }
}

// Parses one .d.ts: { imports: name -> { spec, name }, decls: name -> type, exports: alias -> name }.
function parseDeclarations(text) {
  const p = new Parser(tokenize(text));
  const imports = new Map();
  const decls = new Map();
  const exports = new Map();
  while (p.i < p.toks.length) {
    const tok = p.next();
    if (tok.v === "import" && p.is("{")) {
      p.next();
      const names = [];
      while (!p.eat("}")) {
        const name = p.next().v;
        const local = p.eat("as") ? p.next().v : name;
        names.push([local, name]);
        p.eat(",");
      }
      p.expect("from");
      const spec = p.next().v;
      for (const [local, name] of names) imports.set(local, { spec, name });
    } else if (tok.v === "export" && p.is("{")) {
      p.next();
      while (!p.eat("}")) {
        const name = p.next().v;
        const alias = p.eat("as") ? p.next().v : name;
        exports.set(alias, name);
        p.eat(",");
      }
    } else if (tok.v === "interface" && p.peek()?.t === "id") {
      const name = p.next().v;
      if (p.is("<")) p.skipAngles();
      const bases = [];
      if (p.eat("extends")) {
        do {
          bases.push(p.primary());
        } while (p.eat(","));
      }
      p.expect("{");
      const body = p.objectBody();
      decls.set(name, bases.length ? { k: "union", of: [body, ...bases], merge: true } : body);
    } else if (tok.v === "type" && p.peek()?.t === "id" && p.is("=", 1)) {
      const name = p.next().v;
      p.next();
      decls.set(name, p.type());
    } else if (tok.v === "class") {
      // Skip the class body: its members repeat the interface.
      while (!p.is("{")) p.next();
      let depth = 0;
      do {
        const t = p.next();
        if (t.v === "{") depth++;
        else if (t.v === "}") depth--;
      } while (depth > 0);
    }
  }
  return { imports, decls, exports };
}

// ------------------------------------------------------------------------------ resolution

const files = new Map();

function declFile(file) {
  if (!files.has(file)) {
    files.set(file, existsSync(file) ? parseDeclarations(readFileSync(file, "utf8")) : null);
  }
  return files.get(file);
}

// The .d.ts an import specifier of `fromFile` names, or null (e.g. @kubernetes-models/base).
function resolveSpec(spec, fromFile) {
  const bare = spec.replace(/\.(m?js|d\.ts)$/, "");
  let base;
  if (bare.startsWith(".")) {
    base = path.resolve(path.dirname(fromFile), bare);
  } else {
    let dir = path.dirname(fromFile);
    while (!existsSync(path.join(dir, "node_modules")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    for (;;) {
      const candidate = path.join(dir, "node_modules", bare);
      if (existsSync(`${candidate}.d.ts`) || existsSync(path.join(candidate, "index.d.ts"))) {
        base = candidate;
        break;
      }
      if (path.dirname(dir) === dir) return null;
      dir = path.dirname(dir);
    }
  }
  if (existsSync(`${base}.d.ts`)) return `${base}.d.ts`;
  if (existsSync(path.join(base, "index.d.ts"))) return path.join(base, "index.d.ts");
  return null;
}

// The declared type `name` means in `file` (following imports and export aliases), or null.
function lookup(name, file, depth = 0) {
  const d = declFile(file);
  if (!d || depth > 20) return null;
  const local = d.exports.get(name) ?? name;
  if (d.decls.has(local)) return { type: d.decls.get(local), file };
  const imp = d.imports.get(local);
  if (!imp) return null;
  const target = resolveSpec(imp.spec, file);
  return target ? lookup(imp.name, target, depth + 1) : null;
}

const PRIMITIVES = new Set(["string", "number", "boolean", "any", "unknown", "null", "undefined", "object", "never"]);

// Resolves references down to object / array / union / any.
function resolve(type, file) {
  if (type.k !== "ref") return { type, file };
  if (PRIMITIVES.has(type.name)) return { type: { k: "any" }, file };
  const found = lookup(type.name, file);
  if (!found) return { type: { k: "any" }, file };
  return resolve(found.type, found.file);
}

// Object members of a (resolved) type: null when the type allows anything.
function objectShape(type, file) {
  const r = resolve(type, file);
  if (r.type.k === "object") return { props: r.type.props, index: r.type.index, file: r.file };
  if (r.type.k !== "union") return null;
  const props = new Map();
  let index = null;
  let any = false;
  for (const member of r.type.of) {
    const shape = objectShape(member, r.file);
    const m = resolve(member, r.file).type;
    if (shape) {
      for (const [k, v] of shape.props) if (!props.has(k)) props.set(k, { t: v, file: shape.file });
      if (shape.index) index = { t: shape.index, file: shape.file };
    } else if (m.k === "any" && r.type.merge !== true) {
      any = true;
    }
  }
  if (any || (props.size === 0 && !index)) return null;
  return { props, index, file: r.file, wrapped: true };
}

// ------------------------------------------------------------------------------ check

function walk(value, type, file, at, out) {
  if (value === null || typeof value !== "object") return;
  const r = resolve(type, file);
  if (Array.isArray(value)) {
    if (r.type.k === "array") value.forEach((v, i) => walk(v, r.type.of, r.file, `${at}[${i}]`, out));
    else if (r.type.k === "union") {
      const arr = r.type.of.map((m) => resolve(m, r.file)).find((m) => m.type.k === "array");
      if (arr) value.forEach((v, i) => walk(v, arr.type.of, arr.file, `${at}[${i}]`, out));
    }
    return;
  }
  const shape = objectShape(type, file);
  if (!shape) return;
  for (const [key, v] of Object.entries(value)) {
    const field = at ? `${at}.${key}` : key;
    const prop = shape.props.get(key);
    if (prop) {
      if (shape.wrapped) walk(v, prop.t, prop.file, field, out);
      else walk(v, prop, shape.file, field, out);
    } else if (shape.index) {
      if (shape.wrapped) walk(v, shape.index.t, shape.index.file, field, out);
      else walk(v, shape.index, shape.file, field, out);
    } else {
      out.push(field);
    }
  }
}

// Fields of `obj` its model's type does not declare. `modelFile` is the model's module file
// (its .d.ts sits beside it), `typeName` its interface (I<Kind>).
export function unknownFields(obj, modelFile, typeName) {
  const dts = modelFile.replace(/\.(m?js)$/, ".d.ts");
  const out = [];
  const root = lookup(typeName, dts);
  if (!root) throw new Error(`no declaration of ${typeName} in ${dts}`);
  walk(obj, root.type, root.file, "", out);
  return out;
}
