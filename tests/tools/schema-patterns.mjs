// Compiles every pattern of the JSON Schemas named on the command line the
// way VS Code's YAML extension does (JavaScript RegExp, Unicode mode, and
// without it), and matches each against the strings after `--`, for
// tests/schema.rs:
//
//     node tests/tools/schema-patterns.mjs SCHEMA.json... -- STRING...
//
// Prints JSON: {"patterns": N, "errors": [...], "matches": {pattern: [bool per string]}}
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const files = split < 0 ? args : args.slice(0, split);
const strings = split < 0 ? [] : args.slice(split + 1);

const patterns = new Set();
function walk(value) {
  if (Array.isArray(value)) {
    value.forEach(walk);
  } else if (value && typeof value === "object") {
    if (typeof value.pattern === "string") patterns.add(value.pattern);
    if (value.patternProperties) Object.keys(value.patternProperties).forEach((p) => patterns.add(p));
    Object.values(value).forEach(walk);
  }
}
files.forEach((f) => walk(JSON.parse(readFileSync(f, "utf8"))));

const errors = [];
const matches = {};
for (const pattern of patterns) {
  for (const flags of ["u", ""]) {
    try {
      const regex = new RegExp(pattern, flags);
      if (flags === "u") matches[pattern] = strings.map((s) => regex.test(s));
    } catch (e) {
      errors.push(`${pattern} (flags "${flags}"): ${e.message}`);
    }
  }
}
console.log(JSON.stringify({ patterns: patterns.size, errors, matches }));
