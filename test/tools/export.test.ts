import { parseDefinitions, parseIvrDefinitions } from "../../provider/src/definitions";
import { validateDepartment } from "../../provider/src/kinds/department/spec";
import { validateTimeGroup } from "../../provider/src/kinds/time-group/spec";
import type { AccountSnapshot } from "../../provider/src/tools/account";
import { exportDefinitions, resourceNamesFor } from "../../provider/src/tools/export";
import { canonical, snapshot } from "./helpers";

describe("resourceNamesFor", () => {
  const named = (names: Record<string, string>) => Object.entries(names).map(([id, name]) => ({ id, name }));

  it("derives valid resource names from IVR names", () => {
    const names = resourceNamesFor(named({ "8001": "Support IVR", "8002": "  Sales & Billing (main)  ", "8003": "Ünïcode Menü", "8004": "***", "8005": "x".repeat(64) }));
    expect([...names.values()]).toEqual(["support-ivr", "sales-billing-main", "unicode-menu", "ivr-8004", "x".repeat(60)]);
    for (const n of names.values()) expect(n).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);
  });

  it("tells IVRs whose names give the same resource name apart by id, the lowest id keeping the plain name", () => {
    const names = resourceNamesFor(named({ "8010": "sales ivr", "8002": "Sales IVR", "8003": "sales-ivr-8010" }));
    expect(Object.fromEntries(names)).toEqual({ "8002": "sales-ivr", "8010": "sales-ivr-8010-8010", "8003": "sales-ivr-8010" });
    expect(new Set(names.values()).size).toBe(3);
  });

  it("gives the same names for the same account, whatever order the list comes in", () => {
    const ivrs = named({ "8001": "Main", "8002": "main", "8003": "Other" });
    expect(Object.fromEntries(resourceNamesFor(ivrs))).toEqual(Object.fromEntries(resourceNamesFor([...ivrs].reverse())));
  });
});

describe("exportDefinitions", () => {
  // main -> sales -> main (a loop), support -> sales; number 101 answers with main.
  const account = snapshot(
    {
      "8001": canonical("main", { name: "Main Menu", keys: { "1": "ivr||8002", "2": "ivr||8003", "#": "hangup||1" } }),
      "8002": canonical("sales", { name: "Sales IVR", keys: { "1": "department||20546", "9": "ivr||8001" } }),
      "8003": canonical("support", { name: "Support IVR", keys: { "1": "extension||05047530000", "2": "ivr||8002" }, greeting: "recording||777" }),
    },
    [{ id: "101", did: "+918069001234", name: "Main line", destination: "ivr||8001" }],
  );
  const result = exportDefinitions(account);
  const file = (name: string) => result.files.find((f) => f.resourceName === name)!.text;

  it("writes one file per IVR, in the definitions format, each adopted, and the loader reads them back as the account holds them", () => {
    expect(result.files.map((f) => f.path)).toEqual(["main-menu.yaml", "sales-ivr.yaml", "support-ivr.yaml", "numbers/main-line.yaml"]);
    expect(result.problems).toEqual([]);
    const loaded = parseIvrDefinitions(result.files.filter((f) => f.section === "ivrs").map((f) => ({ file: f.path, text: f.text })));
    for (const d of loaded) {
      const id = [...result.resourceNames.ivrs].find(([, n]) => n === d.resourceName)![0];
      const { adopt, ...args } = d.args;
      expect(adopt).toBe(true);
      // Routes by name stand for the ids the account has.
      const resolved = JSON.parse(JSON.stringify(args), (_k, v) => (v && typeof v === "object" && typeof v.ivr === "string" ? `ivr||${[...result.resourceNames.ivrs].find(([, n]) => n === v.ivr)![0]}` : v));
      expect(resolved).toEqual(account.ivrs.find((a) => a.id === id)!.ivr);
    }
  });

  it("routes to other IVRs by name, except the step that would close a loop, which stays an id with a comment", () => {
    expect(file("main-menu")).toContain("destination: { ivr: sales-ivr } # Sales IVR");
    expect(file("main-menu")).toContain("destination: { ivr: support-ivr } # Support IVR");
    expect(file("support-ivr")).toContain("destination: { ivr: sales-ivr } # Sales IVR");
    expect(file("sales-ivr")).toContain('destination: "ivr||8001" # IVR 8001 "Main Menu" (ivrs.main-menu: by id, since a route by name here would close a loop)');
  });

  it("writes ids as quoted strings with the account's names as comments, keys quoted, and the numbers that route here", () => {
    const main = file("main-menu");
    expect(main).toMatch(/^# Smartflo IVR 8001 "Main Menu", exported by `smartflo export` from http:\/\/127\.0\.0\.1:1\.\n/);
    expect(main).toContain('# Number +918069001234 "Main line" routes here.');
    expect(main).toContain('greeting: "recording||28935" # recording 28935 "Support welcome"');
    expect(main).toContain('- key: "#"');
    expect(file("sales-ivr")).toContain('destination: "department||20546" # department 20546 "Sales Dept"');
    expect(main).toMatch(/^ {4}adopt: true$/m);
  });

  it("warns about a recording the account does not list (it may be a text-to-speech prompt)", () => {
    expect(result.warnings).toEqual([
      'IVR 8003 "Support IVR" greeting: recording||777 is not among the account\'s recordings (GET /v1/recordings): if it is a text-to-speech prompt, write outbound_tts||777 (the read side of the API does not say which)',
    ]);
  });

  it("reports what the loader would refuse, and an IVR it could not read", () => {
    const long = canonical("l", { name: "Long" });
    long.name = "L".repeat(70); // the account allows it; this package does not
    const odd = { ...snapshot({ "8001": long }), unreadable: [{ noun: "IVR", id: "8009", name: "Odd", reason: "ivr_menu: Required" }] };
    const out = exportDefinitions(odd);
    expect(out.problems).toEqual([expect.stringMatching(/^l{60}\.yaml:\d+:\d+: ivrs\.l{60}\.name: must be at most 64 characters$/)]);
    expect(out.warnings).toContain('IVR 8009 "Odd" is not exported: GET /v1/ivrs gives it in a shape this package cannot read (ivr_menu: Required)');
  });
});

describe("exportDefinitions with departments, time groups and numbers", () => {
  const department = (args: Record<string, unknown>) => {
    const r = validateDepartment({ ringStrategy: "simultaneous", ringTimeoutSeconds: 30, musicOnHold: "recording||42240", ...args });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.value;
  };
  const office = validateTimeGroup({ name: "Office hours", times: [{ from: "09:00", to: "18:00" }], days: ["mon", "tue", "wed", "thu", "fri"] });
  if (!office.ok) throw new Error("bad time group");
  // main -> sales department (fails over to the sales IVR) and to office hours; the support IVR
  // and the support department route to each other (a loop across kinds); numbers to both kinds.
  const base = snapshot(
    {
      "8001": canonical("main", { name: "Main Menu", keys: { "1": "department||20546", "2": "timegroup||501", "3": "ivr||8002" } }),
      "8002": canonical("sales", { name: "Sales IVR", keys: { "1": "department||17839" } }),
      "8003": canonical("support", { name: "Support IVR", keys: { "1": "department||17839" } }),
    },
    [
      { id: "101", did: "+918069001234", name: "Main line", destination: "ivr||8001" },
      { id: "102", did: "+918069005678", name: "Support line", destination: "ringgroup||17839" },
      { id: "103", did: "+918069009999", name: "Spare" },
    ],
  );
  base.lists.recordings!.set("42240", "Hold music");
  const account: AccountSnapshot = {
    ...base,
    departments: [
      { id: "17839", department: department({ name: "Support Ring Group", ringStrategy: "order_by", members: [{ extension: "05047530099", ringTimeoutSeconds: 20 }, { extension: "05047530000" }], failover: "ivr||8003", stickyAgent: { hours: 12 } }) },
      { id: "20546", department: department({ name: "Sales Dept", members: [{ extension: "05047530000" }], failover: "ivr||8002" }) },
    ],
    timeGroups: [{ id: "501", timeGroup: office.value }],
  };
  const result = exportDefinitions(account);
  const file = (p: string) => result.files.find((f) => f.path === p)!.text;

  it("writes each department, time group and routed number in its own folder, and warns about a number that routes nowhere", () => {
    expect(result.files.map((f) => f.path)).toEqual([
      "main-menu.yaml", "sales-ivr.yaml", "support-ivr.yaml",
      "departments/support-ring-group.yaml", "departments/sales-dept.yaml",
      "time-groups/office-hours.yaml",
      "numbers/main-line.yaml", "numbers/support-line.yaml",
    ]);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual(['number +918069009999 "Spare" (id 103) is not exported: it routes nowhere, and a number\'s routing needs a destination']);
  });

  it("routes by name across kinds, keeps the step that closes a loop as an id, and the loader reads back what the account holds", () => {
    expect(file("main-menu.yaml")).toContain("destination: { department: sales-dept } # Sales Dept");
    expect(file("main-menu.yaml")).toContain("destination: { timeGroup: office-hours } # Office hours");
    expect(file("departments/sales-dept.yaml")).toContain("failover: { ivr: sales-ivr } # Sales IVR");
    // sales -> support department -> support IVR -> support department: the last step stays an id.
    expect(file("support-ivr.yaml")).toContain('destination: "department||17839" # department 17839 "Support Ring Group" (departments.support-ring-group: by id, since a route by name here would close a loop)');
    expect(file("numbers/main-line.yaml")).toMatch(/^ {4}number: "\+918069001234"\n {4}destination: \{ ivr: main-menu \} # Main Menu$/m);
    expect(file("numbers/support-line.yaml")).toContain("destination: { department: support-ring-group } # Support Ring Group");

    const loaded = parseDefinitions(result.files.map((f) => ({ file: f.path, text: f.text })));
    const idOf = (section: keyof typeof result.resourceNames, name: string) => [...result.resourceNames[section]].find(([, n]) => n === name)![0];
    const keys = { ivr: ["ivrs", "ivr"], department: ["departments", "department"], timeGroup: ["timeGroups", "timegroup"] } as const;
    const resolve = (args: unknown) =>
      JSON.parse(JSON.stringify(args), (_k, v) => {
        if (!v || typeof v !== "object" || Array.isArray(v) || Object.keys(v).length !== 1) return v;
        const [k, name] = Object.entries(v)[0]!;
        const known = keys[k as keyof typeof keys];
        return known && typeof name === "string" ? `${known[1]}||${idOf(known[0], name)}` : v;
      });
    const strip = ({ adopt, ...rest }: { adopt?: boolean }) => (expect(adopt).toBe(true), rest);
    for (const d of loaded.departments) expect(resolve(strip(d.args))).toEqual(account.departments!.find((a) => a.id === idOf("departments", d.resourceName))!.department);
    for (const t of loaded.timeGroups) expect(strip(t.args)).toEqual(account.timeGroups!.find((a) => a.id === idOf("timeGroups", t.resourceName))!.timeGroup);
    expect(loaded.numbers.map((n) => [n.args.number, resolve(n.args.destination)])).toEqual([["+918069001234", "ivr||8001"], ["+918069005678", "department||17839"]]);
  });

  it("writes departments with adopt: true, members by id with the account's names, and only the ring times that differ", () => {
    const support = file("departments/support-ring-group.yaml");
    expect(support).toMatch(/^# Smartflo department 17839 "Support Ring Group", exported by `smartflo export` from /);
    expect(support).toContain('# Number +918069005678 "Support line" routes here.');
    expect(support).toMatch(/^ {4}adopt: true$/m);
    expect(support).toContain('- extension: "extension||05047530099" # extension 05047530099 "Vikram Nair"\n        ringTimeoutSeconds: 20\n');
    expect(support).toContain('- extension: "extension||05047530000" # extension 05047530000 "Asha Rao"\n');
    expect(support).not.toMatch(/Asha Rao"\n {8}ringTimeoutSeconds/);
    expect(support).toContain('musicOnHold: "recording||42240" # recording 42240 "Hold music"');
  });

  it("writes time groups with their times quoted and empty filters left out", () => {
    const hours = file("time-groups/office-hours.yaml");
    expect(hours).toContain('- from: "09:00"\n        to: "18:00"');
    expect(hours).toContain("days:\n      - mon\n");
    expect(hours).not.toMatch(/dates|months/);
    expect(hours).toMatch(/^ {4}adopt: true$/m);
  });
});
