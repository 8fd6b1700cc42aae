import { DETECTION_CATALOG } from '../../catalog/detections';
import { createTitleBook, detectionNameOf, detectionOf, titleOf } from '../../lambda/notifier/titles';

const book = createTitleBook(DETECTION_CATALOG, { DbSnapshotShared: { ko: 'DB 스냅샷 공유', en: 'DB snapshot shared' } });

describe('titles', () => {
  it('takes built-in titles from the catalog, after stripping the stack prefix', () => {
    const unauthorized = DETECTION_CATALOG.find((d) => d.name === 'UnauthorizedAPICall');
    expect(titleOf(book, 'prod-UnauthorizedAPICall', 'prod-', 'ko')).toBe(unauthorized?.title.ko);
    expect(titleOf(book, 'prod-UnauthorizedAPICall', 'prod-', 'en')).toBe(unauthorized?.title.en);
  });

  it('knows every catalog detection', () => {
    for (const d of DETECTION_CATALOG) expect(titleOf(book, d.name, '', 'ko')).toBe(d.title.ko);
  });

  it('uses DETECTION_TITLES for custom detections', () => {
    expect(titleOf(book, 'DbSnapshotShared', '', 'ko')).toBe('DB 스냅샷 공유');
  });

  it('falls back to the alarm name for an unknown alarm', () => {
    expect(titleOf(book, 'prod-SomethingElse', 'prod-', 'en')).toBe('prod-SomethingElse');
  });

  it('strips the prefix only where it is a prefix', () => {
    expect(detectionNameOf('prod-VpcChange', 'prod-')).toBe('VpcChange');
    expect(detectionNameOf('VpcChange', 'prod-')).toBe('VpcChange');
    expect(detectionNameOf('VpcChange', '')).toBe('VpcChange');
  });
});

describe('detectionOf', () => {
  it('gives severity and first action from the catalog, in the locale', () => {
    expect(detectionOf(book, 'prod-CloudTrailChangesEvent', 'prod-', 'en')).toEqual({
      title: 'CloudTrail configuration changed',
      severity: 'high',
      firstAction: 'Check who changed or stopped the trail and re-enable logging',
    });
    expect(detectionOf(book, 'UnauthorizedAPICall', '', 'ko')?.severity).toBe('low');
  });

  it('a custom detection is medium without a first action; an unknown alarm is no detection', () => {
    expect(detectionOf(book, 'DbSnapshotShared', '', 'en')).toEqual({ title: 'DB snapshot shared', severity: 'medium', firstAction: undefined });
    expect(detectionOf(book, 'trailwatch-prod-notifier-errors', '', 'en')).toBeUndefined();
  });

  it('every catalog detection has a first action in both languages', () => {
    for (const d of DETECTION_CATALOG) {
      expect(d.firstAction.ko.length).toBeGreaterThan(10);
      expect(d.firstAction.en.length).toBeGreaterThan(10);
    }
  });
});
