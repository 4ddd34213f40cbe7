// Starts the Trainlab kernel from this repository's built instructor package (npm install builds it).
const path = require("path");
const root = process.env.TRAINLAB_HOME || path.resolve(__dirname, "..", "..", "..");
const entry = path.join(root, "instructor", "dist", "kernel", "launch.js");
try {
  require.resolve(entry);
} catch {
  console.error(`Trainlab kernel: ${entry} is missing. Run \`npm install\` (or \`npm run setup\`) in ${root} first.`);
  process.exit(1);
}
require(entry).main(process.argv.slice(2));
