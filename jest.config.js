/** Tests live in test/, mirror the source tree, and run against local emulators on loopback. */
const os = require("os");

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json" }] },
  testTimeout: 30000,
  // Jest's default is one worker per CPU less one, so a single worker on a 2-core machine. The
  // end-to-end files spend most of their time waiting (on the engine's steps, on the emulator's
  // rate limit, on retry delays), so two files at a time halve `npm test` there (19 to 10 minutes,
  // measured) with every test passing.
  maxWorkers: Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1),
};
