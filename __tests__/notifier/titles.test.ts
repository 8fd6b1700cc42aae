import { DETECTION_CATALOG } from '../../catalog/detections';
import { detectionItem, parseDetectionItem } from '../../lambda/notifier/detection-records';
import { detectionInfo, detectionNameOf } from '../../lambda/notifier/titles';
import { detectionRecordsOf } from '../../stacks/notifier-detections';
import { terraformLiteral } from '../../stacks/terraform-text';

const records = detectionRecordsOf([...DETECTION_CATALOG, { name: 'DbSnapshotShared', title: { ko: 'DB 스냅샷 공유', en: 'DB snapshot shared' } }]);
const byName = new Map(records.map((r) => [r.name, r]));

describe('detection records (stack → table → Lambda)', () => {
  it('come from the catalog: title, severity and first action, in the locale', () => {
    expect(detectionInfo(byName.get('CloudTrailChangesEvent'), 'en')).toEqual({
      title: 'CloudTrail configuration changed',
      severity: 'high',
      firstAction: 'Check who changed or stopped the trail and re-enable logging',
    });
    expect(detectionInfo(byName.get('UnauthorizedAPICall'), 'ko')?.severity).toBe('low');
  });

  it('a custom detection is medium without a first action; an unknown alarm has no record', () => {
    expect(detectionInfo(byName.get('DbSnapshotShared'), 'en')).toEqual({ title: 'DB snapshot shared', severity: 'medium', firstAction: undefined });
    expect(detectionInfo(byName.get('trailwatch-prod-notifier-errors'), 'en')).toBeUndefined();
  });

  it('every record reads back exactly from its table item', () => {
    for (const r of records) expect(parseDetectionItem(r.name, detectionItem(r))).toEqual(r);
  });

  it('every catalog detection has a first action in both languages', () => {
    for (const d of DETECTION_CATALOG) {
      expect(d.firstAction.ko.length).toBeGreaterThan(10);
      expect(d.firstAction.en.length).toBeGreaterThan(10);
    }
  });

  it('user text keeps ${ and %{ literal in the Terraform JSON', () => {
    expect(terraformLiteral('a ${b} %{c} $d')).toBe('a $${b} %%{c} $d');
  });

  it('strips the prefix only where it is a prefix', () => {
    expect(detectionNameOf('prod-VpcChange', 'prod-')).toBe('VpcChange');
    expect(detectionNameOf('VpcChange', 'prod-')).toBe('VpcChange');
    expect(detectionNameOf('VpcChange', '')).toBe('VpcChange');
  });
});
