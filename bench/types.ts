/**
 * One row of `npm run bench`: a measured figure, side by side with its reference measured in the same
 * run (a floor bundle, jq, ...), and the target it is held to.
 */
export interface BenchRow {
  /** e.g. `replay`, `synth`, `notifier`. */
  readonly section: string;
  /** What was measured, e.g. `throughput, 17 detections`. */
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** The reference measured in the same run, if any. */
  readonly reference?: { readonly label: string; readonly value: number };
  /** The target in words, e.g. `>= 100000 events/s`. */
  readonly target?: string;
  /** Whether the target is met; absent when there is no target. */
  readonly pass?: boolean;
  readonly note?: string;
}

/** A bench section: measures and returns its rows. Sections run one after another, never in parallel. */
export type BenchSection = () => Promise<BenchRow[]>;
