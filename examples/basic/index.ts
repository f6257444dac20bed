import * as pulumi from "@pulumi/pulumi";
import * as smartflo from "pulumi-smartflo";

// Ids differ per account: keep them in stack config (Pulumi.<stack>.yaml) when they do.
const config = new pulumi.Config("basic");
const welcomeRecording = config.get("welcomeRecording") ?? "28935";

// The sales menu: created first, because support routes to it.
const sales = new smartflo.Ivr("sales", {
  name: "Sales IVR",
  description: "Sales: new orders and quotes",
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
  greeting: smartflo.recording(welcomeRecording),
  ringTimeoutSeconds: 30,
  options: [
    { key: "1", destination: smartflo.extension("05047530000") },
    { key: "2", destination: smartflo.department("20546"), smsTemplateId: "35642" },
    { key: "3", destination: smartflo.ivr(sales) }, // a typed reference: Pulumi creates Sales first
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

// A resource's `id` is its Smartflo id; unlike `ivrId` it stays known while a preview updates the
// IVR, so these outputs do not show as changing then.
export const salesIvrId = sales.id;
export const supportIvrId = support.id;
export const supportMenu = support.options;
