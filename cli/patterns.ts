import type { CompiledDetection } from '../catalog/types';
import { table } from './table';

/** `trailwatch patterns --json`: `{ "<name>": "<pattern>" }`, in deployment order. */
export function patternsJson(detections: readonly CompiledDetection[]): string {
  return JSON.stringify(Object.fromEntries(detections.map((detection) => [detection.name, detection.pattern])), null, 2);
}

/** `trailwatch patterns`: one row per detection (name, pattern length, pattern as deployed). */
export function patternsTable(detections: readonly CompiledDetection[]): string {
  return table(
    ['NAME', 'LENGTH', 'PATTERN'],
    detections.map((detection) => [detection.name, detection.pattern.length, detection.pattern]),
  );
}
