/**
 * The jest example the README gives for `simulateCall`, run as written against this repository's
 * own definitions (ivrs/), so the example stays true.
 */
import * as fs from "fs";
import * as path from "path";
import { loadIvrDefinitions, simulateCall } from "../../provider/src";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
const ivrs = loadIvrDefinitions(path.join(__dirname, "..", "..", "ivrs"), { onWarning: () => {} });

describe("the README's simulateCall example", () => {
  const example = /\/\/ ivrs\.test\.ts \(jest\)\n([\s\S]*?)```/.exec(README)?.[1];

  it("is in the README, loading ivrs/ and calling simulateCall", () => {
    expect(example).toContain('import { loadIvrDefinitions, simulateCall } from "pulumi-smartflo";');
  });

  // Each `test(...)` of the example, with its body run here.
  const tests = [...(example ?? "").matchAll(/test\("([^"]+)", \(\) => \{\n([\s\S]*?)\n\}\);/g)];
  it("has its two tests", () => expect(tests.map((t) => t[1])).toHaveLength(2));
  for (const [, name, body] of tests) {
    it(`passes: ${name}`, () => {
      new Function("simulateCall", "ivrs", "expect", body!)(simulateCall, ivrs, expect);
    });
  }
});
