import { trinoRegex } from '../../sql/regex';

describe('CloudWatch regex → Trino regex', () => {
  it("anchors to the whole input as JavaScript's ^ and $ do (Java's $ also matches before a final line break)", () => {
    expect(trinoRegex('^Delete')).toBe('\\ADelete');
    expect(trinoRegex('Bucket$|^x')).toBe('Bucket\\z|\\Ax');
  });

  it("spells out JavaScript's \\d, \\w, \\s and . as explicit classes", () => {
    expect(trinoRegex('\\d\\w')).toBe('[0-9][A-Za-z0-9_]');
    expect(trinoRegex('\\s')).toContain('\\x{A0}');
    expect(trinoRegex('\\s')).toContain('\\x{FEFF}');
    expect(trinoRegex('a.*b')).toBe('a[^\\n\\r\\x{2028}\\x{2029}]*b');
    expect(trinoRegex('[\\d.$]{2,}')).toBe('[0-9\\.\\$]{2,}');
  });

  it('accepts one-character-wide constructs only repeated, where UTF-16 units and code points give the same runs', () => {
    expect(trinoRegex('a\\S+b')).toContain(']+b');
    expect(trinoRegex('[^x]*')).toBe('[^x]*');
    expect(() => trinoRegex('a.b')).toThrow('. matches one UTF-16 unit');
    expect(() => trinoRegex('a[^x]b')).toThrow('[^...] matches one UTF-16 unit');
    expect(() => trinoRegex('\\Wx')).toThrow('\\W matches one UTF-16 unit');
  });

  it("refuses JavaScript's Annex B corners and non-ASCII \\xhh", () => {
    expect(() => trinoRegex('a{,2}')).toThrow("'{' that does not start a quantifier");
    expect(() => trinoRegex('[]a')).toThrow('[] and [^]');
    expect(() => trinoRegex('[a-\\d]')).toThrow('a range next to \\d');
    expect(() => trinoRegex('\\xE9')).toThrow('not ASCII');
    expect(trinoRegex('\\x41\\x3A')).toBe('\\x41\\x3A');
  });
});
