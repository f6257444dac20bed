import { fromReadShape, toWriteBody } from "../../../provider/src/kinds/department/mapping";
import { validateDepartment } from "../../../provider/src/kinds/department/spec";
import { salesDepartment } from "../../support/ivrs";
import { validOf } from "../../support/validation";

const valid = validOf(validateDepartment);

describe("Department write shape", () => {
  it("names the failover as each verb documents it: failover_* on create, timeout_* on update", () => {
    const d = valid(salesDepartment({ stickyAgent: { hours: 12 } }));
    const common = {
      name: "Inbound Sales",
      description: "Inbound Sales",
      ring_strategy: "simultaneous",
      destination: ["extension||050109590002", "extension||05047530000"],
      timeout: [30, 40],
      music_on_hold: "42240",
      sticky_agent: { enable: 1, time: "12h" },
    };
    expect(toWriteBody(d, "create")).toEqual({ ...common, failover_dest_type: "voicemail", failover_destination: "voicemail||301" });
    expect(toWriteBody(d, "update")).toEqual({ ...common, timeout_dest_type: "voicemail", timeout_destination: "voicemail||301" });
    expect(toWriteBody(valid(salesDepartment({ stickyAgent: { days: 1 } })), "create").sticky_agent).toEqual({ enable: 1, time: "1d" });
    expect(toWriteBody(valid(salesDepartment()), "create").sticky_agent).toEqual({ enable: 0 });
  });
});

describe("Department read shape", () => {
  // The documented list sample's shape (GET /v1/departments), as the emulator prints it.
  const listed = {
    id: "17839",
    name: "Support Ring Group",
    description: "Support ring group",
    ring_strategy: "simultaneously",
    music_on_hold: "42240",
    agent_count: "2",
    use_as_queue: false,
    queue_timeout: "90",
    sticky_agent: { enabled: true, time_period: 12, format: "h" },
    timeout_dest_type: "ringgroup",
    timeout_destination: "20546",
    timeout_dest_name: "Sales Dept",
    agents: [
      { id: "314681", name: "Rahul Menon", eid: "050109590001", timeout: "20" },
      { id: 314679, name: "Vikram Nair", eid: "05047530099", timeout: 25 },
    ],
  };

  it("maps the read quirks back: simultaneously, ringgroup, string ring times, sticky agent", () => {
    expect(fromReadShape(listed)).toEqual({
      id: "17839",
      department: {
        name: "Support Ring Group",
        description: "Support ring group",
        ringStrategy: "simultaneous",
        ringTimeoutSeconds: 20,
        members: [
          { extension: "extension||050109590001", ringTimeoutSeconds: 20 },
          { extension: "extension||05047530099", ringTimeoutSeconds: 25 },
        ],
        failover: "department||20546",
        musicOnHold: "recording||42240",
        stickyAgent: { hours: 12 },
      },
    });
  });

  it("keeps the department-wide ring time of the previous state, and leaves out what is not set", () => {
    const read = fromReadShape({ ...listed, music_on_hold: null, sticky_agent: { enabled: false, time_period: null, format: null } }, { ringTimeoutSeconds: 45 });
    expect(read.department.ringTimeoutSeconds).toBe(45);
    expect(read.department).not.toHaveProperty("musicOnHold");
    expect(read.department).not.toHaveProperty("stickyAgent");
  });

  it("refuses an entry in an unexpected shape, naming the field", () => {
    expect(() => fromReadShape({ ...listed, agents: [{ eid: "1" }] })).toThrow(/agents\[0\]\.timeout/);
  });
});
