/** A count per value, largest first; ties in value order, so reports are deterministic. */
export type TopEntry = readonly [value: string, count: number];

/**
 * Counts values (principals, event names, IPs) in bounded memory. Counts are exact while at most
 * 2 × `capacity` distinct values are seen; beyond that the map is cut back to its `capacity` largest
 * counts whenever it doubles (lossy counting). A value with more than about 1/`capacity` of the additions
 * gains counts faster than newcomers between two cuts, so it is never cut and its count stays exact; rare
 * values may be forgotten. That is what a top-5 list needs, whatever the input size.
 */
export class TopCounter {
  private readonly counts = new Map<string, number>();

  /** @param capacity values kept after a cut; @default 1000 */
  constructor(private readonly capacity = 1000) {}

  add(value: string, count = 1): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + count);
    if (this.counts.size > 2 * this.capacity) this.cut();
  }

  /** Every value still counted, to merge into another counter (see {@link TopCounter.addAll}). */
  entries(): ReadonlyMap<string, number> {
    return this.counts;
  }

  addAll(counts: ReadonlyMap<string, number>): void {
    for (const [value, count] of counts) this.add(value, count);
  }

  top(n: number): TopEntry[] {
    return sorted(this.counts).slice(0, n);
  }

  private cut(): void {
    const keep = sorted(this.counts).slice(0, this.capacity);
    this.counts.clear();
    for (const [value, count] of keep) this.counts.set(value, count);
  }
}

function sorted(counts: ReadonlyMap<string, number>): TopEntry[] {
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}
