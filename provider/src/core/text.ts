/** "Did you mean ...?" hints: the one edit distance of the package. */

/**
 * Levenshtein distance between `a` and `b`, exact up to `limit`; any distance above `limit`
 * comes back as `limit + 1`. Only the cells within `limit` of the diagonal can hold a distance
 * that small, so only those are computed, one row at a time: a 6,000-character input costs
 * about 6,000 x (2 x limit + 1) steps and two rows of memory, not 6,000 squared.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a.length < b.length) [a, b] = [b, a]; // rows run over the longer string, columns over the shorter
  const cap = Math.min(limit, a.length); // no distance exceeds the longer length
  if (a.length - b.length > cap) return limit + 1;
  const far = cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => (j <= cap ? j : far));
  // Cells right of the band are never written, so they keep `far`.
  let current = new Array<number>(b.length + 1).fill(far);
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - cap);
    const to = Math.min(b.length, i + cap);
    current[0] = i <= cap ? i : far;
    if (from > 1) current[from - 1] = far; // left of the band (a cell no longer in reach)
    let rowMin = current[0];
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost, far);
      rowMin = Math.min(rowMin, current[j]!);
    }
    if (rowMin > cap) return limit + 1;
    [previous, current] = [current, previous];
  }
  const d = previous[b.length]!;
  return d > limit ? limit + 1 : d;
}

/**
 * The candidate nearest to `word` (case-insensitive), if it is at most `maxDistance` edits away;
 * the first of equally near ones.
 */
export function didYouMean(word: string, candidates: Iterable<string>, maxDistance: number): string | undefined {
  const wanted = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(candidate.toLowerCase(), wanted, best ? Math.min(maxDistance, best.distance - 1) : maxDistance);
    if (distance <= maxDistance && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
