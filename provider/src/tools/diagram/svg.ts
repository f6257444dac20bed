/**
 * A diagram as SVG, laid out by Graphviz compiled to WebAssembly (@viz-js/viz, bundled with its
 * wasm): no browser, no system binary, no network. Loaded only when an SVG is asked for.
 */
import type { Diagram } from "./model";
import { toDot } from "./dot";

export async function toSvg(diagram: Diagram): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const viz = (require("@viz-js/viz") as typeof import("@viz-js/viz"));
  const instance = await viz.instance();
  return instance.renderString(toDot(diagram), { format: "svg", engine: "dot" });
}
