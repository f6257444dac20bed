// The root project: the IVRs of this repository's demo account. `npm run demo` deploys it
// against the local emulator. (Being moved to data files under ivrs/ — see the definitions issue.)
import * as smartflo from "pulumi-smartflo";

const sales = new smartflo.Ivr("sales", {
  name: "Sales IVR",
  description: "Sales menu",
  greeting: smartflo.recording("19549"),
  ringTimeoutSeconds: 20,
  options: [
    { key: "1", destination: smartflo.department("20546") },
    { key: "2", destination: smartflo.agent("050109590002") },
    { key: "0", destination: smartflo.hangup() },
  ],
  invalidInput: {
    retries: 1,
    retryRecording: smartflo.recording("28955"),
    finalRecording: smartflo.recording("28934"),
    destination: smartflo.hangup(),
  },
  noInput: {
    retries: 1,
    retryRecording: smartflo.recording("28977"),
    finalRecording: smartflo.recording("28934"),
    destination: smartflo.hangup(),
  },
});

const support = new smartflo.Ivr("support", {
  name: "Support IVR",
  description: "Main support menu",
  greeting: smartflo.recording("28935"),
  ringTimeoutSeconds: 30,
  options: [
    { key: "1", destination: smartflo.extension("05047530000") },
    { key: "2", destination: smartflo.department("17839") },
    { key: "3", destination: smartflo.ivr(sales.ivrId) },
    { key: "9", destination: smartflo.hangup() },
  ],
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

export const ivrIds = { sales: sales.ivrId, support: support.ivrId };
