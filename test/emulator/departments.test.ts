import { FIRST_DEPARTMENT_ID, RunningEmulator } from "../../provider/src/emulator";
import { call, createIvr, createNamed, departmentBody, departmentUpdateBody, withEmulator } from "./helpers";

let em: RunningEmulator;

beforeAll(async () => {
  em = await withEmulator();
});
afterAll(() => em.close());
beforeEach(() => em.reset());

async function expectRejected(method: string, path: string, body: unknown, message: string | RegExp) {
  const before = em.snapshot().departments;
  const res = await call(em, method, path, { body });
  expect(res.status).toBe(400);
  expect(res.body.success).toBe(false);
  if (typeof message === "string") expect(res.body.message).toBe(message);
  else expect(res.body.message).toMatch(message);
  expect(em.snapshot().departments).toEqual(before);
}

const rejectCreate = (overrides: Record<string, unknown>, message: string | RegExp) =>
  expectRejected("POST", "/v1/department", departmentBody(overrides), message);

describe("emulator GET /v1/departments", () => {
  it("answers a bare array in the documented shape", async () => {
    const res = await call(em, "GET", "/v1/departments");
    expect(res.status).toBe(200);
    expect(res.body.map((d: { id: string; name: string }) => [d.id, d.name])).toEqual([
      ["20546", "Sales Dept"],
      ["17839", "Support Ring Group"],
    ]);
    expect(res.body[0]).toEqual({
      id: "20546",
      name: "Sales Dept",
      description: "Sales ring group",
      ring_strategy: "simultaneously",
      music_on_hold: "42240",
      agent_count: "2",
      use_as_queue: false,
      queue_timeout: "90",
      sticky_agent: { enabled: false, time_period: null, format: null },
      timeout_dest_type: "extension",
      timeout_destination: "050109590001",
      timeout_dest_name: "Rahul Menon",
      agents: [
        { id: "314682", name: "Priya Shah", eid: "050109590002", timeout: "30" },
        { id: "314678", name: "Asha Rao", eid: "05047530000", timeout: "30" },
      ],
    });
    expect(res.body[1]).toMatchObject({
      ring_strategy: "order_by",
      sticky_agent: { enabled: true, time_period: 12, format: "h" },
      timeout_dest_type: "voicemail",
      timeout_destination: "301",
      timeout_dest_name: "Support voicemail",
    });
  });

  it("fills in a minimal seed department the way the list prints it", async () => {
    const seed = { accounts: [{ name: "min", token: "t", email: "e", password: "p", departments: [{ id: 7, name: "Bare" }] }] };
    const bare = await withEmulator({ seed });
    try {
      expect((await call(bare, "GET", "/v1/departments", { token: "t" })).body).toEqual([
        {
          id: "7",
          name: "Bare",
          description: "",
          ring_strategy: "simultaneously",
          music_on_hold: null,
          agent_count: "0",
          use_as_queue: false,
          queue_timeout: "90",
          sticky_agent: { enabled: false, time_period: null, format: null },
          timeout_dest_type: "hangup",
          timeout_destination: "1",
          timeout_dest_name: "Hangup",
          agents: [],
        },
      ]);
    } finally {
      await bare.close();
    }
  });
});

describe("emulator POST /v1/department", () => {
  it("creates a department, answering only success and message", async () => {
    const res = await call(em, "POST", "/v1/department", { body: departmentBody() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "Department has been created successfully." });
    const created = (await call(em, "GET", "/v1/departments")).body[2];
    expect(created).toEqual({
      id: String(FIRST_DEPARTMENT_ID),
      name: "Billing",
      description: "Billing ring group",
      ring_strategy: "round_robin",
      music_on_hold: "42240",
      agent_count: "2",
      use_as_queue: false,
      queue_timeout: "90",
      sticky_agent: { enabled: true, time_period: 12, format: "h" },
      timeout_dest_type: "extension",
      timeout_destination: "050109590001",
      timeout_dest_name: "Rahul Menon",
      agents: [
        { id: "314678", name: "Asha Rao", eid: "05047530000", timeout: "30" },
        { id: "314682", name: "Priya Shah", eid: "050109590002", timeout: "25" },
      ],
    });
  });

  it("adds department_id to the answer when createReturnsId is set", async () => {
    const withId = await withEmulator({ createReturnsId: true });
    try {
      const res = await call(withId, "POST", "/v1/department", { body: departmentBody() });
      expect(res.body).toEqual({ success: true, message: "Department has been created successfully.", department_id: String(FIRST_DEPARTMENT_ID) });
    } finally {
      await withId.close();
    }
  });

  it("numbers new departments upwards and never reuses a deleted id", async () => {
    const first = await createNamed(em, "department", departmentBody({ name: "A" }));
    expect((await call(em, "DELETE", `/v1/department/${first}`)).status).toBe(200);
    const second = await createNamed(em, "department", departmentBody({ name: "B" }));
    expect(Number(second)).toBe(Number(first) + 1);
  });

  it.each([
    ["simultaneous", "simultaneously"],
    ["order_by", "order_by"],
    ["random", "random"],
    ["round_robin", "round_robin"],
    ["longest_wait_time", "longest_wait_time"],
  ])("accepts ring_strategy %s and reads it back as %s", async (write, read) => {
    const id = await createNamed(em, "department", departmentBody({ ring_strategy: write }));
    const listed = (await call(em, "GET", "/v1/departments")).body.find((d: { id: string }) => d.id === id);
    expect(listed.ring_strategy).toBe(read);
  });

  it("rejects the read-side ring strategy 'simultaneously' and says what to write", async () => {
    await rejectCreate(
      { ring_strategy: "simultaneously" },
      "ring_strategy: 'simultaneously' is not a ring strategy ('simultaneously' is how it reads back; write 'simultaneous'); use one of simultaneous, order_by, random, round_robin, longest_wait_time",
    );
  });

  it.each([
    ["name", /^name: is required$/],
    ["description", /^description: is required$/],
    ["ring_strategy", /^ring_strategy: /],
    ["failover_dest_type", /^failover_dest_type: is required$/],
    ["failover_destination", /^failover_destination: is required$/],
    ["destination", /^destination: is required$/],
    ["timeout", /^timeout: is required$/],
    ["music_on_hold", /^music_on_hold: is required$/],
    ["sticky_agent", /^sticky_agent: is required$/],
  ])("requires %s", async (field, message) => {
    const body = departmentBody();
    delete body[field];
    await expectRejected("POST", "/v1/department", body, message);
  });

  it("refuses the update names on create, naming the create field", async () => {
    await rejectCreate(
      { timeout_dest_type: "extension" },
      "timeout_dest_type: is not accepted on create; the create body names it failover_dest_type",
    );
    await rejectCreate(
      { timeout_destination: "extension||050109590001" },
      "timeout_destination: is not accepted on create; the create body names it failover_destination",
    );
  });

  it("rejects a failover destination whose type differs from failover_dest_type", async () => {
    await rejectCreate({ failover_dest_type: "hangup" }, "failover_destination: type 'extension' does not match failover_dest_type 'hangup'");
  });

  it.each([
    ["hangup", "hangup||1"],
    ["voicemail", "voicemail||301"],
    ["department", "department||17839"],
    ["agent", "agent||05047530675"],
  ])("fails over to %s", async (type, ref) => {
    const id = await createNamed(em, "department", departmentBody({ failover_dest_type: type, failover_destination: ref }));
    const listed = (await call(em, "GET", "/v1/departments")).body.find((d: { id: string }) => d.id === id);
    expect(listed.timeout_dest_type).toBe(type === "department" ? "ringgroup" : type);
    expect(listed.timeout_destination).toBe(ref.split("||")[1]);
  });

  it("fails over to an IVR", async () => {
    const ivr = await createIvr(em);
    const res = await call(em, "POST", "/v1/department", { body: departmentBody({ failover_dest_type: "ivr", failover_destination: `ivr||${ivr}` }) });
    expect(res.status).toBe(200);
  });

  it.each([
    [{ failover_dest_type: "timegroup", failover_destination: "timegroup||501" }, /^failover_dest_type: 'timegroup' is not allowed; use one of extension, agent, department, ivr, voicemail, hangup$/],
    [{ failover_destination: "extension||123" }, "failover_destination: extension 123 does not exist"],
    [{ failover_dest_type: "department", failover_destination: "department||99" }, "failover_destination: department 99 does not exist"],
    [{ failover_destination: "extension|050109590001" }, /^failover_destination: .* single pipe/],
    [{ failover_dest_type: "hangup", failover_destination: "hangup||0" }, /^failover_destination: hangup id must be 1/],
  ])("rejects the failover %p", async (overrides, message) => {
    await rejectCreate(overrides, message);
  });

  it.each([
    [{ destination: [] }, "destination: must be a non-empty array of 'extension||<eid>' members"],
    [{ destination: "extension||05047530000" }, "destination: must be an array of 'extension||<eid>' members"],
    [{ destination: ["agent||05047530000", "extension||050109590002"] }, "destination[0]: member type 'agent' is not allowed; use 'extension||<eid>'"],
    [{ destination: ["extension||05047530000", "extension||999"] }, "destination[1]: extension 999 does not exist"],
    [{ destination: ["extension||05047530000", "extension||05047530000"] }, "destination[1]: duplicate member '05047530000' (already used by destination[0])"],
    [{ timeout: [30] }, "timeout: expected 2 entries (one per destination), got 1"],
    [{ timeout: 30 }, /^timeout: must be an array of ring times/],
    [{ timeout: [30, 4] }, "timeout[1]: must be an integer from 5 to 120 (got '4')"],
    [{ timeout: [30, 121] }, "timeout[1]: must be an integer from 5 to 120 (got '121')"],
  ])("rejects the members %p", async (overrides, message) => {
    await rejectCreate(overrides, message);
  });

  it("accepts member ring times as numeric strings, as the sister APIs document them", async () => {
    const id = await createNamed(em, "department", departmentBody({ timeout: ["20", "45"] }));
    const listed = (await call(em, "GET", "/v1/departments")).body.find((d: { id: string }) => d.id === id);
    expect(listed.agents.map((a: { timeout: string }) => a.timeout)).toEqual(["20", "45"]);
  });

  it.each([
    [{ music_on_hold: "99999" }, "music_on_hold: recording 99999 does not exist"],
    [{ music_on_hold: "" }, `music_on_hold: must be a recording id, e.g. "42240" (got '')`],
    [{ music_on_hold: "recording||42240" }, /^music_on_hold: must be a recording id/],
  ])("rejects music on hold %p", async (overrides, message) => {
    await rejectCreate(overrides, message);
  });

  it("accepts music on hold as a number", async () => {
    expect((await call(em, "POST", "/v1/department", { body: departmentBody({ music_on_hold: 42240 }) })).status).toBe(200);
  });

  it.each([
    [{ enable: 0 }, { enabled: false, time_period: null, format: null }],
    [{ enable: 1, time: "240h" }, { enabled: true, time_period: 240, format: "h" }],
    [{ enable: 1, time: "10d" }, { enabled: true, time_period: 10, format: "d" }],
  ])("accepts the sticky agent %p", async (sticky, read) => {
    const id = await createNamed(em, "department", departmentBody({ sticky_agent: sticky }));
    const listed = (await call(em, "GET", "/v1/departments")).body.find((d: { id: string }) => d.id === id);
    expect(listed.sticky_agent).toEqual(read);
  });

  it.each([
    [1, /^sticky_agent: must be an object/],
    [{ enable: true, time: "1d" }, "sticky_agent.enable: must be 0 (off) or 1 (on) (got 'true')"],
    [{ enable: 1 }, /^sticky_agent.time: must be hours or days such as "12h" or "1d"/],
    [{ enable: 1, time: "241h" }, "sticky_agent.time: must be at most 240h or 10d (got '241h')"],
    [{ enable: 1, time: "11d" }, "sticky_agent.time: must be at most 240h or 10d (got '11d')"],
    [{ enable: 1, time: "0h" }, /^sticky_agent.time: must be hours or days/],
    [{ enable: 1, time: "2w" }, /^sticky_agent.time: must be hours or days/],
    [{ enable: 0, time: "12h" }, "sticky_agent.time: must be left out when enable is 0"],
  ])("rejects the sticky agent %p", async (sticky, message) => {
    await rejectCreate({ sticky_agent: sticky }, message);
  });

  it("rejects a duplicate name, ignoring case and surrounding spaces", async () => {
    await rejectCreate({ name: " sales dept " }, "name: a department named ' sales dept ' already exists");
  });

  it("rejects a name longer than the limit and a blank description", async () => {
    await rejectCreate({ name: "x".repeat(65) }, "name: must be at most 64 characters (got 65)");
    await rejectCreate({ description: "   " }, "description: must not be empty");
  });

  it("answers validation failures with HTTP 200 when errorsAs200 is set", async () => {
    const lenient = await withEmulator({ errorsAs200: true });
    try {
      const res = await call(lenient, "POST", "/v1/department", { body: departmentBody({ music_on_hold: "1" }) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: false, message: "music_on_hold: recording 1 does not exist" });
    } finally {
      await lenient.close();
    }
  });
});

describe("emulator PUT /v1/department/{id}", () => {
  it("replaces a department from the update body, keeping its id and panel-only settings", async () => {
    const res = await call(em, "PUT", "/v1/department/17839", {
      body: departmentUpdateBody({ name: "Support", ring_strategy: "random", timeout_dest_type: "hangup", timeout_destination: "hangup||1" }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, message: "Department has been updated successfully." });
    const listed = (await call(em, "GET", "/v1/departments")).body[1];
    expect(listed).toMatchObject({
      id: "17839",
      name: "Support",
      ring_strategy: "random",
      use_as_queue: false,
      queue_timeout: "90",
      timeout_dest_type: "hangup",
      timeout_destination: "1",
      timeout_dest_name: "Hangup",
      agent_count: "2",
    });
  });

  it("refuses the create names on update, naming the update field", async () => {
    await expectRejected(
      "PUT",
      "/v1/department/17839",
      departmentUpdateBody({ failover_dest_type: "extension" }),
      "failover_dest_type: is not accepted on update; the update body names it timeout_dest_type",
    );
    await expectRejected(
      "PUT",
      "/v1/department/17839",
      departmentUpdateBody({ failover_destination: "hangup||1" }),
      "failover_destination: is not accepted on update; the update body names it timeout_destination",
    );
  });

  it("requires timeout_dest_type and timeout_destination", async () => {
    const body = departmentUpdateBody();
    delete body.timeout_destination;
    await expectRejected("PUT", "/v1/department/17839", body, "timeout_destination: is required");
  });

  it("lets a department keep its own name in another case, but not take another's", async () => {
    expect((await call(em, "PUT", "/v1/department/17839", { body: departmentUpdateBody({ name: "SUPPORT RING GROUP" }) })).status).toBe(200);
    await expectRejected("PUT", "/v1/department/17839", departmentUpdateBody({ name: "sales dept" }), "name: a department named 'sales dept' already exists");
  });

  it("refuses a department failing over to itself", async () => {
    await expectRejected(
      "PUT",
      "/v1/department/17839",
      departmentUpdateBody({ timeout_dest_type: "department", timeout_destination: "department||17839" }),
      "timeout_destination: a department cannot fail over to itself",
    );
  });

  it("answers 404 for an unknown department", async () => {
    const res = await call(em, "PUT", "/v1/department/999", { body: departmentUpdateBody() });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "Department not found" });
  });
});

describe("emulator DELETE /v1/department/{id}", () => {
  it("deletes a department", async () => {
    const id = await createNamed(em, "department", departmentBody());
    const res = await call(em, "DELETE", `/v1/department/${id}`);
    expect(res.body).toEqual({ success: true, message: "Department has been deleted successfully." });
    expect(em.snapshot().departments.map((d) => d.id)).toEqual(["20546", "17839"]);
  });

  it("answers 404 for an unknown department", async () => {
    const res = await call(em, "DELETE", "/v1/department/999");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ success: false, message: "Department not found" });
  });

  it("refuses while an IVR, a number or another department routes to it, naming each", async () => {
    const ivr = await createIvr(em, { name: "Main", timeout_destination: "department||17839" });
    await call(em, "PUT", "/v1/my_number/102", { body: { destination: "department||17839" } });
    await call(em, "PUT", "/v1/department/20546", {
      body: departmentUpdateBody({ name: "Sales Dept", timeout_dest_type: "department", timeout_destination: "department||17839" }),
    });
    const res = await call(em, "DELETE", "/v1/department/17839");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      success: false,
      message:
        `Department is in use by IVR ${ivr} 'Main' (timeout_destination), number 102 (+918069005678), ` +
        "department 20546 'Sales Dept' (failover): remove those references first",
    });
    expect(em.snapshot().departments).toHaveLength(2);
  });

  it("deletes a referenced department when allowDeleteReferenced is set", async () => {
    const loose = await withEmulator({ allowDeleteReferenced: true });
    try {
      await call(loose, "PUT", "/v1/my_number/101", { body: { destination: "department||20546" } });
      expect((await call(loose, "DELETE", "/v1/department/20546")).status).toBe(200);
      expect(loose.snapshot().numbers[0]!.destination).toBe("department||20546");
    } finally {
      await loose.close();
    }
  });

  it("lets IVRs route to a department created through the API", async () => {
    const id = await createNamed(em, "department", departmentBody());
    const ivr = await createIvr(em, { destination: ["hangup||1", `department||${id}`, "hangup||1"] });
    const read = (await call(em, "GET", "/v1/ivrs")).body.ivrs.find((i: { id: number }) => i.id === ivr);
    expect(read.ivr_menu[1]).toMatchObject({ destination_type: "ringgroup", destination_id: id });
  });
});
