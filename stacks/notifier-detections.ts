/**
 * The detection records the notifier reads from its table (lambda/notifier/detection-records.ts), built from
 * the detection catalog, the single source: title, severity and first action of each deployed detection. A
 * custom detection has its operator's title, medium severity and no first action. Free of cdktf, so the
 * notifier's tests seed their fake table with exactly what the stack writes.
 */
import { findDetection } from '../catalog/detections';
import type { Titles } from '../catalog/types';
import type { DetectionRecord } from '../lambda/notifier/detection-records';

export function detectionRecordsOf(detections: readonly { readonly name: string; readonly title: Titles }[]): DetectionRecord[] {
  return detections.map(({ name, title }) => {
    const known = findDetection(name);
    return known ? { name, title, severity: known.severity, firstAction: known.firstAction } : { name, title, severity: 'medium' };
  });
}
