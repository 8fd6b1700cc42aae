import { SqlRefusal } from './refusal';

/**
 * Translates a CloudWatch regex (`%...%`, already checked by pattern/parse.ts regexFromSource: letters, digits,
 * `: _ # = @ / ; , -`, the operators `^ $ ? [ ] { } | \ * + .`, `\d \D \s \S \w \W`, `\xhh`, escaped symbols,
 * no groups) into a Trino regex (Joni, Java syntax) that finds the same strings as the evaluator's JavaScript
 * `new RegExp(source)` (no flags: non-multiline anchors, UTF-16 code units).
 *
 * The two engines differ, so nothing is copied as is:
 * - `^` and `$` become `\A` and `\z`: JavaScript's mean start and end of input; Java's `$` also matches before
 *   a final line break.
 * - `\d`, `\w`, `\s` and `.` become explicit classes (ASCII digits and word characters; JavaScript's white
 *   space list; "not a line terminator"), because Joni's are Unicode-aware or differ.
 * - JavaScript matches UTF-16 code units and Trino code points: a construct that matches one arbitrary
 *   character (`.`, `[^...]`, `\D`, `\W`, `\S`) counts an emoji as two in one and one in the other. Repeated
 *   with `*` or `+` it matches the same runs in both; any other use is refused.
 * - `{` must open a quantifier (`{n}`, `{n,}`, `{n,m}`); `[]`, `[^]` and class escapes next to a `-` in a
 *   class are refused (their JavaScript meanings are Annex B corners).
 * @throws SqlRefusal
 */
export function trinoRegex(source: string): string {
  let out = '';
  let i = 0;
  const refuse = (why: string): never => {
    throw new SqlRefusal(`%${source}%: ${why}`);
  };
  /** Whether the atom just written is followed by an unbounded repetition of at least 0 or 1. */
  const repeatedRun = (at: number): boolean => /^(?:[*+]|\{[01],\})/.test(source.slice(at));
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') {
      const [text, wide, length] = escapeOutside(source, i, refuse);
      if (wide && !repeatedRun(i + length)) refuse(`\\${source[i + 1]} matches one UTF-16 unit in JavaScript but one code point in Trino; use it only repeated (* or +)`);
      out += text;
      i += length;
    } else if (ch === '[') {
      const end = classEnd(source, i, refuse);
      const negated = source[i + 1] === '^';
      if (negated && !repeatedRun(end + 1)) refuse('[^...] matches one UTF-16 unit in JavaScript but one code point in Trino; use it only repeated (* or +)');
      out += classText(source.slice(i + 1 + (negated ? 1 : 0), end), negated, refuse);
      i = end + 1;
    } else if (ch === '.') {
      if (!repeatedRun(i + 1)) refuse('. matches one UTF-16 unit in JavaScript but one code point in Trino; use it only repeated (.* or .+)');
      out += `[^${LINE_TERMINATORS}]`;
      i++;
    } else if (ch === '{') {
      const quantifier = /^\{\d+(?:,\d*)?\}/.exec(source.slice(i));
      if (!quantifier) refuse("'{' that does not start a quantifier such as {2} or {2,5}");
      out += quantifier![0];
      i += quantifier![0].length;
    } else {
      out += ch === '^' ? '\\A' : ch === '$' ? '\\z' : ch === '}' || ch === ']' ? `\\${ch}` : ch;
      i++;
    }
  }
  return out;
}

/** JavaScript's line terminators, which `.` does not match (ECMA-262 LineTerminator). */
const LINE_TERMINATORS = '\\n\\r\\x{2028}\\x{2029}';
/** JavaScript's `\s`: WhiteSpace and LineTerminator (ECMA-262), written for a Java class. */
const JS_SPACE = '\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';
const DIGIT = '0-9';
const WORD = 'A-Za-z0-9_';

/** One escape outside a class: [Trino text, whether it matches one arbitrary character, source length]. */
function escapeOutside(source: string, i: number, refuse: (why: string) => never): [string, boolean, number] {
  const next = source[i + 1];
  switch (next) {
    case 'd':
      return [`[${DIGIT}]`, false, 2];
    case 'w':
      return [`[${WORD}]`, false, 2];
    case 's':
      return [`[${JS_SPACE}]`, false, 2];
    case 'D':
      return [`[^${DIGIT}]`, true, 2];
    case 'W':
      return [`[^${WORD}]`, true, 2];
    case 'S':
      return [`[^${JS_SPACE}]`, true, 2];
    case 'x':
      return [hexChar(source.slice(i + 2, i + 4), refuse), false, 4];
    default:
      return [`\\${next}`, false, 2]; // an escaped symbol: the same literal in both
  }
}

/** `\xhh` below 0x80 (one code unit, one code point, one byte alike); above, Joni reads a byte. */
function hexChar(hex: string, refuse: (why: string) => never): string {
  if (parseInt(hex, 16) >= 0x80) refuse(`\\x${hex} is not ASCII: Trino's regex reads \\xhh as a byte of UTF-8`);
  return `\\x${hex}`;
}

/** The index of the `]` closing the class that opens at `start`. */
function classEnd(source: string, start: number, refuse: (why: string) => never): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') refuse('[] and [^] mean "nothing" and "anything" in JavaScript but not in Java');
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return refuse('a class without its closing ]');
}

/** A class body rewritten for Java: escapes spelled out, every symbol escaped (Java gives `[`, `&&` meaning inside classes). */
function classText(body: string, negated: boolean, refuse: (why: string) => never): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      const next = body[i + 1];
      if ((body[i - 1] === '-' || body[i + 2] === '-') && 'dwsDWS'.includes(next)) refuse(`a range next to \\${next} in a class`);
      if (next === 'd') out += DIGIT;
      else if (next === 'w') out += WORD;
      else if (next === 's') out += JS_SPACE;
      else if ('DWS'.includes(next)) refuse(`\\${next} inside a class has no Java class equivalent here`);
      else if (next === 'x') {
        out += hexChar(body.slice(i + 2, i + 4), refuse);
        i += 2;
      } else out += `\\${next}`;
      i++;
    } else {
      out += /[A-Za-z0-9]/.test(ch) || (ch === '-' && i > 0 && i < body.length - 1) ? ch : `\\${ch}`;
    }
  }
  return `[${negated ? '^' : ''}${out}]`;
}
