import { parseIvrDefinitions } from "../../provider/src/definitions";
import { exportDefinitions, resourceNamesFor } from "../../provider/src/tools/export";
import { canonical, snapshot } from "./helpers";

describe("resourceNamesFor", () => {
  const named = (names: Record<string, string>) => Object.entries(names).map(([id, name]) => ({ id, ivr: { name } }));

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
    expect(result.files.map((f) => f.path)).toEqual(["main-menu.yaml", "sales-ivr.yaml", "support-ivr.yaml"]);
    expect(result.problems).toEqual([]);
    const loaded = parseIvrDefinitions(result.files.map((f) => ({ file: f.path, text: f.text })));
    for (const d of loaded) {
      const id = [...result.resourceNames].find(([, n]) => n === d.resourceName)![0];
      const { adopt, ...args } = d.args;
      expect(adopt).toBe(true);
      // Routes by name stand for the ids the account has.
      const resolved = JSON.parse(JSON.stringify(args), (_k, v) => (v && typeof v === "object" && typeof v.ivr === "string" ? `ivr||${[...result.resourceNames].find(([, n]) => n === v.ivr)![0]}` : v));
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
