/**
 * Definition files with every kind: `departments:`, `timeGroups:` and `numbers:` beside `ivrs:`,
 * routes by name between all of them (`{ ivr: x }`, `{ department: x }`, `{ timeGroup: x }`),
 * and the same file/line/property problems.
 */
import { parseIvrDefinitions } from "../../provider/src/definitions";
import { ivrYaml, lineOf, loadAll, loadError } from "./helpers";

const opts = (...destinations: string[]) => destinations.map((d, i) => `      - key: ${i + 1}\n        destination: ${d}`).join("\n");

const SET = {
  "hours.yaml": `timeGroups:\n  office-hours:\n    name: Office hours 2\n    times: [{ from: "9:00", to: "18:00" }]\n    days: [mon, tue]\n`,
  "sales.yaml": [
    "departments:",
    "  sales:",
    "    name: Inbound Sales",
    "    ringStrategy: order_by",
    "    members:",
    '      - extension: "050109590002"',
    "      - { extension: extension||05047530000, ringTimeoutSeconds: 40 }",
    "    failover: { ivr: after-hours }",
    "    musicOnHold: recording||42240",
    "    adopt: true",
    "",
  ].join("\n"),
  "ivrs.yaml": `ivrs:\n  support:${ivrYaml("Support IVR", { options: opts("{ department: sales }", "{ timeGroup: office-hours }", "{ ivr: after-hours }") })}  after-hours:${ivrYaml("After Hours")}`,
  "numbers.yaml": `numbers:\n  main-line:\n    number: "+91 80 6900 1234"\n    destination: { ivr: support }\n`,
};

describe("definition files with departments, time groups and numbers", () => {
  it("reads every section, validated with each kind's schema, routes by name kept as written", () => {
    const defs = loadAll(SET);
    expect(defs.timeGroups).toEqual([
      {
        section: "timeGroups",
        resourceName: "office-hours",
        file: "hours.yaml",
        line: 2,
        routesTo: [],
        args: { name: "Office hours 2", times: [{ from: "09:00", to: "18:00" }], days: ["mon", "tue"], dates: [], months: [] },
      },
    ]);
    expect(defs.departments[0]!.args).toEqual({
      name: "Inbound Sales",
      description: "Inbound Sales",
      ringStrategy: "order_by",
      ringTimeoutSeconds: 30,
      members: [
        { extension: "extension||050109590002", ringTimeoutSeconds: 30 },
        { extension: "extension||05047530000", ringTimeoutSeconds: 40 },
      ],
      failover: { ivr: "after-hours" },
      musicOnHold: "recording||42240",
      adopt: true,
    });
    const support = defs.ivrs.find((d) => d.resourceName === "support")!;
    expect(support.args.options.map((o) => o.destination)).toEqual([{ department: "sales" }, { timeGroup: "office-hours" }, { ivr: "after-hours" }]);
    expect(support.routesTo).toEqual([
      { section: "departments", resourceName: "sales" },
      { section: "timeGroups", resourceName: "office-hours" },
      { section: "ivrs", resourceName: "after-hours" },
    ]);
    expect(support.references).toEqual(["after-hours"]); // 0.1.0's field: IVRs only
    expect(defs.numbers).toEqual([
      {
        section: "numbers",
        resourceName: "main-line",
        file: "numbers.yaml",
        line: 2,
        routesTo: [{ section: "ivrs", resourceName: "support" }],
        args: { number: "+918069001234", destination: { ivr: "support" } },
      },
    ]);
  });

  it("names a route to an unknown name of any kind, with a suggestion from that kind", () => {
    const files = { ...SET, "numbers.yaml": SET["numbers.yaml"].replace("{ ivr: support }", "{ department: slaes }") };
    expect(loadError(files).problems).toEqual([
      {
        file: "numbers.yaml",
        line: 4,
        column: 32,
        property: "numbers.main-line.destination.department",
        reason: "no department named 'slaes' in these definitions (did you mean 'sales'?); defined: sales",
      },
    ]);
  });

  it("allows a route by name only where that kind can go, and none in a department's members", () => {
    const files = {
      ...SET,
      "numbers.yaml": SET["numbers.yaml"].replace("{ ivr: support }", "{ timeGroup: office-hours }"),
      "sales.yaml": SET["sales.yaml"].replace('- extension: "050109590002"', "- extension: { department: sales }"),
    };
    expect(loadError(files).problems.map((p) => [p.property, p.reason])).toEqual([
      ["numbers.main-line.destination", "cannot route to a time group here; it can route by name to IVRs, departments"],
      ["departments.sales.members[0].extension", "takes no route by name here"],
    ]);
  });

  it("explains the forms that look like a route by name but are not", () => {
    const reason = (destination: string) =>
      loadError({ ...SET, "numbers.yaml": SET["numbers.yaml"].replace("{ ivr: support }", destination) }).problems[0]!.reason;
    expect(reason("department||sales")).toBe(
      "'department||sales' names a department by Smartflo id, and ids are numbers; to route to the department defined as 'sales', write `{ department: sales }`",
    );
    expect(reason("'timeGroup: office-hours'")).toBe("to route to the time group defined as 'office-hours', write `{ timeGroup: office-hours }`");
    expect(reason("{ department: sales, ivr: support }")).toMatch(/is written `\{ ivr: <resource name> \}` or `\{ department: <resource name> \}`/);
  });

  it("finds loops across kinds", () => {
    const files = { ...SET, "ivrs.yaml": SET["ivrs.yaml"].replace("{ ivr: after-hours }", "{ ivr: support }").replace("  after-hours:", "  unused:") };
    const looped = { ...files, "sales.yaml": SET["sales.yaml"].replace("{ ivr: after-hours }", "{ ivr: support }") };
    const problems = loadError(looped).problems;
    expect(problems.map((p) => [p.file, p.property, p.reason.split(":")[0]])).toEqual([
      ["ivrs.yaml", "ivrs.support.options[2].destination", "IVR 'support' routes to itself by name"],
      ["sales.yaml", "departments.sales.failover", "reference loop departments.sales -> ivrs.support -> departments.sales"],
    ]);
    expect(problems[1]!.reason).toMatch(/Pulumi creates what is routed to before what routes to it/);
    expect(problems[1]!.line).toBe(lineOf(looped["sales.yaml"], "failover"));
  });

  it("refuses names Smartflo holds unique, per kind, and one number routed twice", () => {
    const files = {
      ...SET,
      "more.yaml": [
        "departments:",
        "  sales2:",
        "    name: ' inbound sales'",
        "    ringStrategy: random",
        "    members: [{ extension: '1' }]",
        "    failover: hangup||1",
        "    musicOnHold: recording||42240",
        "numbers:",
        "  main-again: { number: '918069001234', destination: hangup||1 }",
        "timeGroups:",
        "  inbound-sales: { name: Inbound Sales, times: [{ from: '08:00', to: '09:00' }] }", // another kind: no clash
      ].join("\n"),
    };
    expect(loadError(files).problems.map((p) => `${p.file}:${p.line} ${p.property}: ${p.reason}`)).toEqual([
      "more.yaml:3 departments.sales2.name: department name ' inbound sales' is also the name of departments.sales ('Inbound Sales', sales.yaml:3); " +
        "Smartflo compares department names trimmed and case-insensitively, and they are unique in the account",
      "more.yaml:9 numbers.main-again.number: number '918069001234' is also the number of numbers.main-line ('+91 80 6900 1234', numbers.yaml:3); " +
        "Smartflo compares numbers by their digits, and a number has one route",
    ]);
  });

  it("takes no adopt for a number routing, and reports each kind's schema problems at their lines", () => {
    const files = {
      "n.yaml": "numbers:\n  x:\n    number: main line\n    destination: voicemail||301\n    adopt: true\n",
      "t.yaml": "timeGroups:\n  t:\n    name: T\n    times: [{ from: '18:00', to: '09:00' }]\n",
    };
    expect(loadError(files).problems.map((p) => [p.file, p.line, p.property])).toEqual([
      ["n.yaml", 3, "numbers.x.number"],
      ["n.yaml", 4, "numbers.x.destination"],
      ["n.yaml", 5, "numbers.x.adopt"],
      ["t.yaml", 4, "timeGroups.t.times[0].to"],
    ]);
  });

  it("parseIvrDefinitions (0.1.0's IVR-only reader) refuses files with other sections, pointing to loadDefinitions", () => {
    expect(() => parseIvrDefinitions(Object.entries(SET).map(([file, text]) => ({ file, text })), { onWarning: () => undefined })).toThrow(
      /hours\.yaml:2: timeGroups\.office-hours: loadIvrDefinitions reads IVRs only: load files with departments, time groups or numbers with loadDefinitions/,
    );
  });
});
