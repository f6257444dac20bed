// Runs in a plain Node process (no jest module registry or instrumentation, which the closure
// serializer would otherwise capture): registers one Ivr under Pulumi's mocks, exactly as a
// user's program does, and prints the `__provider` text the SDK produced as JSON on stdout.
"use strict";
const pulumi = require("@pulumi/pulumi");

let captured;
pulumi.runtime.setMocks(
  {
    newResource(args) {
      if (args.type === "pulumi-nodejs:dynamic/smartflo:Ivr") captured = args.inputs.__provider;
      return { id: "mock-id", state: args.inputs };
    },
    call() {
      return {};
    },
  },
  "serialize-test",
  "dev",
  true,
);

const smartflo = require("pulumi-smartflo");
new smartflo.Ivr("support", {
  name: "Support IVR",
  greeting: smartflo.recording("28935"),
  ringTimeoutSeconds: 30,
  options: [{ key: "1", destination: smartflo.extension("05047530000") }],
  invalidInput: {
    retries: 2,
    retryRecording: smartflo.recording("28955"),
    finalRecording: smartflo.recording("28934"),
    destination: smartflo.extension("05047530099"),
  },
  noInput: {
    retries: 2,
    retryRecording: smartflo.recording("28977"),
    finalRecording: smartflo.recording("28955"),
    destination: smartflo.extension("05047530675"),
  },
});

const started = Date.now();
(function wait() {
  if (captured !== undefined) {
    process.stdout.write(JSON.stringify({ text: captured }));
    return;
  }
  if (Date.now() - started > 20000) {
    console.error("the Ivr never reached the mock monitor");
    process.exit(1);
  }
  setTimeout(wait, 20);
})();
