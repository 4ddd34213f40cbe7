// `npm test` passes the spec globs (unit first, then real Jupyter and Chromium); `npx mocha FILE` runs one file.
module.exports = {
  timeout: 60000,
  reporter: "spec",
};
