/**
 * The results as an SVG chart, written by hand: one panel per phase, wall time against N
 * (logarithmic x, since N spans 10 to 1,000) for each parallelism measured, and the floor as a
 * dashed line. Plain SVG 1.1, no scripts or fonts to fetch, so it renders anywhere.
 */
import type { BenchResults, PhaseResult } from "./results";

const PANEL_W = 320;
const PANEL_H = 230;
const MARGIN = { left: 48, right: 14, top: 30, bottom: 34 };
const COLUMNS = 3;
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** About four round steps from 0 to at least `max`. */
function ticks(max: number): number[] {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 0.001; v += step) out.push(Math.round(v * 1000) / 1000);
  if (out[out.length - 1]! < max) out.push(out[out.length - 1]! + step);
  return out;
}

interface Series {
  label: string;
  color: string;
  points: Array<{ n: number; s: number }>;
  dashed?: boolean;
}

function panel(title: string, series: Series[], ns: number[], x0: number, y0: number): string {
  const w = PANEL_W - MARGIN.left - MARGIN.right;
  const h = PANEL_H - MARGIN.top - MARGIN.bottom;
  const maxS = Math.max(1, ...series.flatMap((se) => se.points.map((p) => p.s)));
  const yTicks = ticks(maxS);
  const yMax = yTicks[yTicks.length - 1]!;
  const lo = Math.log10(Math.min(...ns));
  const hi = Math.log10(Math.max(...ns));
  const pad = hi - lo < 0.1 ? 0.5 : (hi - lo) * 0.06;
  const x = (n: number) => x0 + MARGIN.left + ((Math.log10(n) - (lo - pad)) / (hi - lo + 2 * pad)) * w;
  const y = (s: number) => y0 + MARGIN.top + h - (s / yMax) * h;
  const parts: string[] = [
    `<text x="${x0 + MARGIN.left}" y="${y0 + 18}" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${x0 + MARGIN.left}" y="${y0 + MARGIN.top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`,
  ];
  for (const t of yTicks) {
    parts.push(
      `<line x1="${x0 + MARGIN.left}" x2="${x0 + MARGIN.left + w}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#eee"/>`,
      `<text x="${x0 + MARGIN.left - 5}" y="${(y(t) + 4).toFixed(1)}" font-size="10" text-anchor="end">${t}</text>`,
    );
  }
  for (const n of ns) {
    parts.push(`<text x="${x(n).toFixed(1)}" y="${y0 + MARGIN.top + h + 14}" font-size="10" text-anchor="middle">${n}</text>`);
  }
  parts.push(
    `<text x="${x0 + MARGIN.left + w / 2}" y="${y0 + PANEL_H - 4}" font-size="10" text-anchor="middle">N (IVRs)</text>`,
    `<text x="${x0 + 12}" y="${y0 + MARGIN.top + h / 2}" font-size="10" text-anchor="middle" transform="rotate(-90 ${x0 + 12} ${y0 + MARGIN.top + h / 2})">seconds</text>`,
  );
  for (const se of series) {
    const pts = [...se.points].sort((a, b) => a.n - b.n);
    if (pts.length > 1) {
      const d = pts.map((p) => `${x(p.n).toFixed(1)},${y(p.s).toFixed(1)}`).join(" ");
      parts.push(`<polyline points="${d}" fill="none" stroke="${se.color}" stroke-width="2"${se.dashed ? ' stroke-dasharray="5,4"' : ""}/>`);
    }
    if (!se.dashed) {
      for (const p of pts) parts.push(`<circle cx="${x(p.n).toFixed(1)}" cy="${y(p.s).toFixed(1)}" r="3" fill="${se.color}"/>`);
    } else if (pts.length === 1) {
      parts.push(`<line x1="${x(pts[0]!.n) - 8}" x2="${x(pts[0]!.n) + 8}" y1="${y(pts[0]!.s)}" y2="${y(pts[0]!.s)}" stroke="${se.color}" stroke-width="2"/>`);
    }
  }
  return parts.join("\n");
}

export function chart(results: BenchResults): string {
  const ns = [...new Set(results.suites.map((s) => s.n))].sort((a, b) => a - b);
  const parallels = [...new Set(results.suites.map((s) => s.parallel))];
  const phaseNames: Array<{ name: PhaseResult["name"]; title: string }> = [];
  for (const suite of results.suites) {
    for (const p of suite.phases) if (!phaseNames.some((q) => q.name === p.name)) phaseNames.push({ name: p.name, title: p.title });
  }
  const rows = Math.ceil(phaseNames.length / COLUMNS);
  const legendH = 46;
  const width = PANEL_W * COLUMNS;
  const height = legendH + rows * PANEL_H;
  const parts: string[] = [];
  phaseNames.forEach(({ name, title }, i) => {
    const series: Series[] = parallels.map((par, k) => ({
      label: `--parallel ${par}`,
      color: COLORS[k % COLORS.length]!,
      points: results.suites
        .filter((s) => s.parallel === par)
        .flatMap((s) => s.phases.filter((p) => p.name === name).map((p) => ({ n: s.n, s: p.wallMs / 1000 }))),
    }));
    const floorPoints = new Map<number, number>();
    for (const s of results.suites) for (const p of s.phases) if (p.name === name) floorPoints.set(s.n, p.floor.ms / 1000);
    series.push({ label: "floor", color: "#555", dashed: true, points: [...floorPoints].map(([n, s]) => ({ n, s })) });
    parts.push(panel(title, series, ns, (i % COLUMNS) * PANEL_W, legendH + Math.floor(i / COLUMNS) * PANEL_H));
  });
  const legend = [
    ...parallels.map((par, k) => ({ label: `wall time, --parallel ${par}`, color: COLORS[k % COLORS.length]!, dashed: false })),
    { label: "floor (fewest requests / rate)", color: "#555", dashed: true },
  ];
  let lx = MARGIN.left;
  for (const l of legend) {
    parts.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="36" y2="36" stroke="${l.color}" stroke-width="2"${l.dashed ? ' stroke-dasharray="5,4"' : ""}/>`,
      `<text x="${lx + 30}" y="40" font-size="11">${esc(l.label)}</text>`,
    );
    lx += 40 + l.label.length * 6.2;
  }
  const title =
    `pulumi-smartflo through the Pulumi CLI ${results.versions.pulumi ?? ""}, emulator at ${results.parameters.cps} requests/s` +
    `${results.parameters.latencyMs ? ` + ${results.parameters.latencyMs} ms latency` : ""}` +
    `${results.baseline ? " (baseline)" : ""}, ${results.date.slice(0, 10)}`;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="14" font-weight="bold">${esc(title)}</text>`,
    ...parts,
    `</svg>`,
    "",
  ].join("\n");
}
