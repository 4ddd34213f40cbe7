#!/usr/bin/env node
// The `trainlab` command line (built from instructor/src/cli).
const path = require("path");
const entry = path.join(__dirname, "..", "instructor", "dist", "cli", "main.js");
let cli;
try {
  cli = require(entry);
} catch (e) {
  if (e.code !== "MODULE_NOT_FOUND") throw e;
  console.error("trainlab: the instructor package is not built. Run `npm install` (or `npm run setup`) in " + path.resolve(__dirname, "..") + " first.");
  process.exit(1);
}
cli.main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
