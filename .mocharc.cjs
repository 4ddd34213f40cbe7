// Unit tests first (fast), then notebooks and browser tests (slow, real Jupyter and Chromium).
module.exports = {
  spec: ["test/unit/**/*.test.mjs", "test/integration/**/*.test.mjs"],
  timeout: 60000,
  reporter: "spec",
};
