import { DEPARTMENT_SPEC, comparableDepartment, validateDepartment } from "../../../provider/src/kinds/department/spec";
import { UNKNOWN } from "../../../provider/src/core/refs";
import { salesDepartment, withValue } from "../../support/ivrs";
import { problemsOf } from "../../support/validation";

const problems = problemsOf(validateDepartment);

describe("Department validation", () => {
  it("normalises: description from the name, ring time 30 s for members without their own, members as extension||eid", () => {
    const r = validateDepartment(salesDepartment({ ringStrategy: "Simultaneously", stickyAgent: { days: 2 } }));
    expect(r).toEqual({
      ok: true,
      value: {
        name: "Inbound Sales",
        description: "Inbound Sales",
        ringStrategy: "simultaneous", // how the list prints it, accepted and normalised
        ringTimeoutSeconds: 30,
        members: [
          { extension: "extension||050109590002", ringTimeoutSeconds: 30 },
          { extension: "extension||05047530000", ringTimeoutSeconds: 40 },
        ],
        failover: "voicemail||301",
        musicOnHold: "recording||42240",
        stickyAgent: { days: 2 },
      },
    });
  });

  it("takes a blank description for the default, as Smartflo refuses a blank one", () => {
    const r = validateDepartment(salesDepartment({ description: "   " }));
    expect(r.ok && r.value.description).toBe("Inbound Sales");
  });

  it("names each bad property with its path and reason, all at once", () => {
    const bad = salesDepartment({
      ringStrategy: "everyone",
      ringTimeoutSeconds: 2,
      members: [{ extension: "0504" }, { extension: "extension||0504" }],
      failover: "time_condition||64000",
      musicOnHold: "outbound_tts||5",
      stickyAgent: { hours: 12, days: 1 },
      colour: "red",
    });
    expect(problems(bad)).toEqual([
      { property: "ringStrategy", reason: "'everyone' is not a ring strategy; use one of simultaneous, order_by, random, round_robin, longest_wait_time" },
      { property: "ringTimeoutSeconds", reason: "must be a whole number of seconds from 5 to 120" },
      { property: "members[1].extension", reason: "'extension||0504' is already a member (members[0])" },
      { property: "failover", reason: "unknown destination type 'time_condition' in 'time_condition||64000' (known: extension, agent, department, ivr, voicemail, hangup)" },
      { property: "musicOnHold", reason: 'must be a system recording: smartflo.recording("42240") (the API takes a recording id)' },
      { property: "stickyAgent", reason: "give either hours or days" },
      { property: "colour", reason: "unknown property 'colour'" },
    ]);
  });

  it("takes extensions only as members", () => {
    expect(problems(salesDepartment({ members: [{ extension: "agent||7" }, { extension: "05 04" }] }))).toEqual([
      { property: "members[0].extension", reason: "a member is an extension, got 'agent||7' (members are extension||<eid>)" },
      { property: "members[1].extension", reason: "must be an extension (agent eid) like 05047530000, got '05 04'" },
    ]);
  });

  it("requires a member, a failover and hold music, as the API does", () => {
    expect(problems({ name: "X", ringStrategy: "random", members: [], failover: "hangup||1", musicOnHold: "recording||1" })).toEqual([
      { property: "members", reason: "at least one member is required" },
    ]);
    expect(problems({ name: "X", ringStrategy: "random" }).map((p) => p.property)).toEqual(["members", "failover", "musicOnHold"]);
  });

  it("lets preview's unknowns through anywhere", () => {
    const r = validateDepartment(withValue(withValue(salesDepartment(), ["members", 0], UNKNOWN), ["ringTimeoutSeconds"], UNKNOWN), { allowUnknown: true });
    expect(r.ok && r.value.members[0]).toBe(UNKNOWN);
  });

  it("compares departments by what the API sees: each member's ring time, not the default", () => {
    const a = validateDepartment(salesDepartment({ ringTimeoutSeconds: 25, members: [{ extension: "1", ringTimeoutSeconds: 40 }] }));
    const b = validateDepartment(salesDepartment({ ringTimeoutSeconds: 50, members: [{ extension: "1", ringTimeoutSeconds: 40 }] }));
    expect(a.ok && b.ok && comparableDepartment(a.value)).toEqual(b.ok && comparableDepartment(b.value));
  });

  it("describes itself to the generic provider", () => {
    expect(DEPARTMENT_SPEC.properties).toEqual(["name", "description", "ringStrategy", "ringTimeoutSeconds", "members", "failover", "musicOnHold", "stickyAgent"]);
    expect(DEPARTMENT_SPEC.requiredProperties).toEqual(["name", "ringStrategy", "members", "failover", "musicOnHold"]);
  });
});
