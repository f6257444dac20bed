/** IVR definitions used across tests; every id exists in the emulator's default seed. */
import type { IvrInput } from "../../provider/src/kinds/ivr/spec";

export function supportIvr(overrides: Partial<IvrInput> = {}): IvrInput {
  return {
    name: "Support IVR",
    description: "Main support menu",
    greeting: "recording||28935",
    ringTimeoutSeconds: 30,
    options: [
      { key: "1", destination: "extension||05047530000" },
      { key: "2", destination: "department||20546", smsTemplateId: "35642" },
      { key: "9", destination: "hangup||1" },
    ],
    invalidInput: {
      retries: 2,
      retryRecording: "recording||28955",
      finalRecording: "recording||28934",
      destination: "extension||05047530099",
    },
    noInput: {
      retries: 2,
      retryRecording: "recording||28977",
      finalRecording: "recording||28955",
      destination: "extension||05047530675",
    },
    ...overrides,
  };
}

/** A copy with one nested value replaced, e.g. at(["options", 1, "key"], "1"). */
export function withValue<T>(base: T, path: Array<string | number>, value: unknown): T {
  const copy = JSON.parse(JSON.stringify(base));
  let node = copy;
  for (const p of path.slice(0, -1)) node = node[p];
  node[path[path.length - 1]] = value;
  return copy;
}

/** A department (ring group) with ids from the emulator's default seed. */
export function salesDepartment(overrides: Record<string, unknown> = {}) {
  return {
    name: "Inbound Sales",
    ringStrategy: "simultaneous",
    members: [{ extension: "050109590002" }, { extension: "extension||05047530000", ringTimeoutSeconds: 40 }],
    failover: "voicemail||301",
    musicOnHold: "recording||42240",
    ...overrides,
  };
}

/** Business hours: weekdays 09:00 to 18:00. */
export function officeHours(overrides: Record<string, unknown> = {}) {
  return { name: "Weekday hours", times: [{ from: "09:00", to: "18:00" }], days: ["mon", "tue", "wed", "thu", "fri"], ...overrides };
}
