import { DETECTION_CATALOG } from '../../catalog/detections';
import { createTitleBook, detectionNameOf, titleOf } from '../../lambda/notifier/titles';

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
