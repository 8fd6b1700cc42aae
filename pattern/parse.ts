import { and, or } from './ast';
import type { ComparisonOperator, Expr, Literal, Pattern, Selector, SelectorStep } from './ast';

/**
 * Parser for CloudWatch Logs JSON filter patterns (`{ ... }`).
 *
 * Spec: ../shared/reference/cloudwatch-filter-pattern-semantics.md (cited below as "ref §n"; its
 * source tags [S#] are kept). The parser enforces the syntax rules AWS enforces at PutMetricFilter
 * time, so a pattern it accepts does not fail at `terraform apply`. Quotas (length, regex count,
 * wildcard selectors) are checked by ./validate.ts, not here.
 *
 * Decisions where AWS is silent (ref §17), each strict so that nothing AWS might reject gets through:
 * - Keywords (`IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS`) are upper case only (ref §2: AWS shows only upper case).
 * - Blanks before `{` or after `}` are rejected (ref §1: AWS rejected `' {$.ThisFlag IS TRUE} '` [S7]).
 * - Blanks between tokens (space, tab, CR, LF) are optional and free (ref §2 [S7, S10]).
 * - Quoted values know two escapes, `\"` and `\\` (the aws-cdk convention [S9]); any other `\x` is rejected.
 * - Unquoted values are `[A-Za-z0-9_.*+-]+` (ref §2: AWS's own `kms.amazonaws.com`, `123.123.*` [S1, S12]);
 *   anything else, unicode included, must be quoted (ref §2 [S4]).
 * - Bracket keys only as `.['name']` (the documented form [S1, S2]); `$["name"]`/`$['name']` are rejected.
 */

/** A pattern text that CloudWatch would not accept (or that trailwatch does not support). */
export class PatternSyntaxError extends Error {
  /** 0-based offset in the pattern text where the problem was found. */
  readonly position: number;

  constructor(reason: string, position: number) {
    super(`${reason} (at offset ${position})`);
    this.name = 'PatternSyntaxError';
    this.position = position;
  }
}

/**
 * Parses a filter pattern. `""` matches every event; otherwise only JSON patterns (`{ ... }`) are
 * supported, since CloudTrail events are JSON. Parenthesised groups and repeated `&&`/`||` are
 * flattened into n-ary `and`/`or` nodes (both operators are associative).
 * @throws PatternSyntaxError
 */
export function parsePattern(text: string): Pattern {
  if (text === '') return { kind: 'all' }; // DOC [S4]: "" matches all log events
  const first = text.search(/[^ \t\r\n]/);
  if (first === -1) {
    throw new PatternSyntaxError('a blank pattern is not a JSON filter pattern; use "" to match every event', 0);
  }
  if (text[first] !== '{') {
    throw new PatternSyntaxError(
      'only JSON filter patterns ({ ... }) are supported: trailwatch matches CloudTrail events, which are JSON; ' +
        'term, space-delimited ([...]) and standalone regex (%...%) patterns are not',
      first,
    );
  }
  if (first > 0) {
    throw new PatternSyntaxError("remove the blanks before '{' (CloudWatch rejected a JSON pattern with outer blanks)", 0);
  }
  return { kind: 'json', expr: new Parser(text).parseJsonBody() };
}

/**
 * Compiles the body of a `%...%` regex into the equivalent JavaScript RegExp, after checking it
 * against CloudWatch's regex rules (ref §9, DOC [S1, S3]): letters, digits, the symbols
 * `: _ # = @ / ; , -`, the operators `^ $ ? [ ] { } | \ * + .`, the classes `\d \D \s \S \w \W`
 * and `\xhh`. No `(`/`)` (no groups; write `\x28`/`\x29`), no multi-byte characters.
 * Within that subset, JavaScript's syntax and meaning are the same, so the body is used as is.
 * @param offset where `source` starts in the pattern text, for error positions
 * @throws PatternSyntaxError
 */
export function regexFromSource(source: string, offset = 0): RegExp {
  if (source === '') throw new PatternSyntaxError('empty regex %%', offset);
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i = checkRegexEscape(source, i, offset);
      continue;
    }
    checkRegexChar(ch, offset + i);
  }
  try {
    return new RegExp(source);
  } catch (error) {
    throw new PatternSyntaxError(`invalid regex %${source}%: ${(error as Error).message}`, offset);
  }
}

const REGEX_PLAIN_CHAR = /^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|*+.]$/;

function checkRegexChar(ch: string, position: number): void {
  if (REGEX_PLAIN_CHAR.test(ch)) return;
  if (ch === '(' || ch === ')') {
    throw new PatternSyntaxError(
      "parentheses are not supported in CloudWatch regex (no groups); write \\x28 or \\x29 for a literal '(' or ')'",
      position,
    );
  }
  if (ch.charCodeAt(0) > 0x7f) {
    throw new PatternSyntaxError('multi-byte characters are not supported in CloudWatch regex', position);
  }
  throw new PatternSyntaxError(
    `'${ch}' is not supported in CloudWatch regex (allowed: letters, digits, : _ # = @ / ; , - and ^ $ ? [ ] { } | \\ * + .; ` +
      'write other characters as \\xhh, a blank as \\s or \\x20)',
    position,
  );
}

/** Checks the escape at `source[i]` (a backslash); returns the index of its last character. */
function checkRegexEscape(source: string, i: number, offset: number): number {
  const next = source[i + 1];
  if (next === undefined) throw new PatternSyntaxError('a regex cannot end with a lone backslash', offset + i);
  if ('dDsSwW'.includes(next)) return i + 1;
  if (next === 'x') {
    if (!/^[0-9A-Fa-f]{2}$/.test(source.slice(i + 2, i + 4))) {
      throw new PatternSyntaxError('\\x in a regex needs two hex digits, e.g. \\x28', offset + i);
    }
    return i + 3;
  }
  if (/[A-Za-z0-9]/.test(next)) {
    throw new PatternSyntaxError(
      `unsupported regex escape \\${next} (CloudWatch supports \\d \\D \\s \\S \\w \\W and \\xhh)`,
      offset + i,
    );
  }
  checkRegexChar(next, offset + i + 1);
  return i + 1;
}

// ---- the recursive-descent parser -----------------------------------------------------------------

const NAME_CHAR = /^[A-Za-z0-9_-]$/; // DOC [S1]: "alphanumeric ... hyphen and underscore"
const UNQUOTED_CHAR = /^[A-Za-z0-9_.*+-]$/;
/** DOC [S4]: integer or decimal with optional sign, optionally followed by e and a signed integer. */
const NUMBER_LITERAL = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const RELATIONAL: ReadonlySet<ComparisonOperator> = new Set(['<', '>', '<=', '>=']);
const WORD = /[A-Za-z]+/y;
const MAX_NESTING = 1024;
const KEYWORDS = new Set(['IS', 'NOT', 'EXISTS', 'NULL', 'TRUE', 'FALSE']);

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Characters that may follow a value or keyword: a blank, an operator, a closing bracket, or the end. */
function isBoundary(ch: string | undefined): boolean {
  return ch === undefined || isBlank(ch) || ch === ')' || ch === '}' || ch === '&' || ch === '|';
}

class Parser {
  private pos = 1; // just after the opening '{'
  private depth = 0;

  constructor(private readonly text: string) {}

  parseJsonBody(): Expr {
    const expr = this.parseOr();
    this.skipBlanks();
    if (this.pos >= this.text.length) {
      // The AWS error text [S11 awslogs#210].
      throw new PatternSyntaxError("missing '}': if a filter pattern starts with '{' it must end with '}'", this.pos);
    }
    if (this.text[this.pos] !== '}') throw this.expected("'&&', '||' or '}'");
    this.pos++;
    if (this.pos < this.text.length) {
      throw /^[ \t\r\n]+$/.test(this.text.slice(this.pos))
        ? new PatternSyntaxError("remove the blanks after '}' (CloudWatch rejected a JSON pattern with outer blanks)", this.pos)
        : this.error("unexpected text after the closing '}'");
    }
    return expr;
  }

  /** DOC [S1, S2, S4]: `&&` binds tighter than `||`; both are left-associative. */
  private parseOr(): Expr {
    const terms = [this.parseAnd()];
    while (this.skipBlanks(), this.text.startsWith('||', this.pos)) {
      this.pos += 2;
      terms.push(this.parseAnd());
    }
    return or(...terms);
  }

  private parseAnd(): Expr {
    const terms = [this.parseAtom()];
    while (this.skipBlanks(), this.text.startsWith('&&', this.pos)) {
      this.pos += 2;
      terms.push(this.parseAtom());
    }
    return and(...terms);
  }

  private parseAtom(): Expr {
    this.skipBlanks();
    const ch = this.text[this.pos];
    if (ch === '(') {
      // No documented nesting limit; this one only keeps the recursion off the stack limit and
      // cannot reject a pattern of at most 1024 characters.
      if (++this.depth > MAX_NESTING) throw this.error(`parentheses nested deeper than ${MAX_NESTING} levels`);
      const open = this.pos++;
      const expr = this.parseOr();
      this.depth--;
      this.skipBlanks();
      if (this.pos >= this.text.length) throw new PatternSyntaxError(`missing ')' for the '(' at offset ${open}`, this.pos);
      if (this.text[this.pos] !== ')') throw this.expected("'&&', '||' or ')'");
      this.pos++;
      return expr;
    }
    if (ch === '$') return this.parseCondition();
    throw this.expected("a condition ('$.field ...') or '('");
  }

  private parseCondition(): Expr {
    const selector = this.parseSelector();
    const selectorEnd = this.pos;
    this.skipBlanks();
    const word = this.peekWord();
    if (word !== '') {
      if (this.pos === selectorEnd) throw this.expected(`a blank before '${word}'`);
      return this.parseKeywordCondition(selector, word);
    }
    const op = this.parseOperator();
    this.skipBlanks();
    const valueStart = this.pos;
    const value = this.parseValue();
    if (RELATIONAL.has(op) && value.kind !== 'number') {
      // OBS [S7]: `> unquoted_string`, `> "quoted"` and even `> "123"` give InvalidParameterException.
      throw new PatternSyntaxError(`'${op}' needs an unquoted number such as 10, -1.5 or 1e3`, valueStart);
    }
    return { kind: 'compare', selector, op, value };
  }

  /** `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS` (DOC [S4]); `IS NOT` and `EXISTS` are not supported (DOC [S1, S2, S5]). */
  private parseKeywordCondition(selector: Selector, word: string): Expr {
    this.checkKeywordCase(word);
    if (word === 'EXISTS') {
      throw this.error("CloudWatch does not support a positive EXISTS; write '$.field = *' (any string or number) or use NOT EXISTS");
    }
    if (word !== 'IS' && word !== 'NOT') {
      throw this.expected('a comparison operator (=, !=, <, >, <=, >=), IS NULL, IS TRUE, IS FALSE or NOT EXISTS');
    }
    this.pos += word.length;
    const blankStart = this.pos;
    this.skipBlanks();
    const second = this.peekWord();
    if (this.pos === blankStart || second === '') throw this.expected(`${word === 'IS' ? 'NULL, TRUE or FALSE' : 'EXISTS'} after ${word}`);
    this.checkKeywordCase(second);
    let expr: Expr;
    if (word === 'IS' && second === 'NOT') {
      throw this.error("CloudWatch does not support IS NOT; use '!=' or NOT EXISTS");
    } else if (word === 'IS' && second === 'NULL') {
      expr = { kind: 'isNull', selector };
    } else if (word === 'IS' && (second === 'TRUE' || second === 'FALSE')) {
      expr = { kind: 'isBoolean', selector, value: second === 'TRUE' };
    } else if (word === 'NOT' && second === 'EXISTS') {
      expr = { kind: 'notExists', selector };
    } else {
      throw this.expected(`${word === 'IS' ? 'NULL, TRUE or FALSE' : 'EXISTS'} after ${word}`);
    }
    this.pos += second.length;
    if (!isBoundary(this.text[this.pos])) throw this.expected(`'&&', '||', ')' or '}' after '${word} ${second}'`);
    return expr;
  }

  private checkKeywordCase(word: string): void {
    const upper = word.toUpperCase();
    if (upper !== word && KEYWORDS.has(upper)) {
      throw this.error(`write the keyword in upper case: '${upper}' (CloudWatch documents only upper-case keywords)`);
    }
  }

  private parseOperator(): ComparisonOperator {
    const two = this.text.slice(this.pos, this.pos + 2);
    if (two === '!=' || two === '<=' || two === '>=') {
      this.pos += 2;
      return two;
    }
    const one = this.text[this.pos];
    if (one === '=' || one === '<' || one === '>') {
      this.pos += 1;
      return one;
    }
    throw this.expected('a comparison operator (=, !=, <, >, <=, >=), IS NULL, IS TRUE, IS FALSE or NOT EXISTS');
  }

  // ---- selectors: $.a.b  $.a[0]  $.a[*]  $.*  $.['a.b']  (ref §2, DOC [S1, S2]) ----

  private parseSelector(): Selector {
    const start = this.pos++; // '$'
    if (this.text[this.pos] !== '.') throw this.error("a property selector starts with '$.'");
    const steps: SelectorStep[] = [];
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === '.') {
        this.pos++;
        steps.push(this.parseDotStep());
      } else if (ch === '[') {
        steps.push(this.parseBracketStep());
      } else {
        break;
      }
    }
    return { text: this.text.slice(start, this.pos), steps };
  }

  private parseDotStep(): SelectorStep {
    const ch = this.text[this.pos];
    if (ch === '*') {
      this.pos++;
      return { kind: 'wildcard' };
    }
    if (ch === '[') {
      if (this.text[this.pos + 1] !== "'") throw this.expected("['name'] after '.'");
      const nameStart = this.pos + 2;
      const close = this.text.indexOf("'", nameStart);
      if (close === -1) throw new PatternSyntaxError("unterminated ['name'] key", this.pos);
      if (close === nameStart) throw new PatternSyntaxError("empty ['name'] key", this.pos);
      if (this.text[close + 1] !== ']') throw new PatternSyntaxError("expected ']' after ['name'", close + 1);
      this.pos = close + 2;
      return { kind: 'key', name: this.text.slice(nameStart, close) };
    }
    const nameStart = this.pos;
    while (NAME_CHAR.test(this.text[this.pos] ?? '')) this.pos++;
    if (this.pos === nameStart) {
      throw this.expected("a property name (letters, digits, _ and -), '*' or ['name'] after '.'");
    }
    return { kind: 'key', name: this.text.slice(nameStart, this.pos) };
  }

  private parseBracketStep(): SelectorStep {
    const open = this.pos++;
    if (this.text.startsWith('*]', this.pos)) {
      this.pos += 2;
      return { kind: 'wildcard' };
    }
    const digitsStart = this.pos;
    while (/^[0-9]$/.test(this.text[this.pos] ?? '')) this.pos++;
    if (this.pos === digitsStart) {
      const ch = this.text[this.pos];
      throw ch === "'" || ch === '"'
        ? new PatternSyntaxError("a quoted key is written .['name'] (with the dot, in single quotes)", open)
        : this.expected("an array index or '*' inside [ ]");
    }
    if (this.text[this.pos] !== ']') throw this.expected("']'");
    const index = Number(this.text.slice(digitsStart, this.pos));
    this.pos++;
    return { kind: 'index', index };
  }

  // ---- values: "quoted", %regex%, unquoted ----

  private parseValue(): Literal {
    const ch = this.text[this.pos];
    let value: Literal;
    if (ch === '"') {
      value = this.parseQuoted();
    } else if (ch === "'") {
      // [S11 terraform-provider-aws#2945]: single-quoted values are rejected by CloudWatch.
      throw this.error('single-quoted values are not accepted by CloudWatch; use double quotes');
    } else if (ch === '%') {
      value = this.parseRegex();
    } else {
      value = this.parseUnquoted();
    }
    if (!isBoundary(this.text[this.pos])) {
      throw value.kind === 'string' && !value.quoted
        ? this.error('unquoted values may contain only letters, digits and _ . - + *; put this value in double quotes')
        : this.expected("'&&', '||', ')' or '}' after the value");
    }
    return value;
  }

  private parseQuoted(): Literal {
    const open = this.pos++;
    let value = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) throw new PatternSyntaxError('unterminated quoted value', open);
      const ch = this.text[this.pos];
      if (ch === '"') break;
      if (ch === '\\') {
        const next = this.text[this.pos + 1];
        if (next !== '"' && next !== '\\') throw this.error('only \\" and \\\\ escapes are supported in quoted values');
        value += this.text.slice(chunkStart, this.pos) + next;
        this.pos += 2;
        chunkStart = this.pos;
      } else {
        this.pos++;
      }
    }
    value += this.text.slice(chunkStart, this.pos);
    this.pos++;
    return { kind: 'string', value, quoted: true };
  }

  private parseRegex(): Literal {
    const open = this.pos;
    const close = this.text.indexOf('%', open + 1);
    if (close === -1) throw new PatternSyntaxError('unterminated regex: a regex value is written %...%', open);
    const source = this.text.slice(open + 1, close);
    regexFromSource(source, open + 1);
    this.pos = close + 1;
    return { kind: 'regex', source };
  }

  private parseUnquoted(): Literal {
    const start = this.pos;
    while (UNQUOTED_CHAR.test(this.text[this.pos] ?? '')) this.pos++;
    if (this.pos === start) {
      const ch = this.text[this.pos];
      throw isBoundary(ch) || ch === '=' || ch === '!' || ch === '<' || ch === '>'
        ? this.expected('a value after the operator')
        : this.error('unquoted values may contain only letters, digits and _ . - + *; put this value in double quotes');
    }
    const text = this.text.slice(start, this.pos);
    return NUMBER_LITERAL.test(text) ? { kind: 'number', text, value: Number(text) } : { kind: 'string', value: text, quoted: false };
  }

  // ---- helpers ----

  private skipBlanks(): void {
    while (isBlank(this.text[this.pos])) this.pos++;
  }

  private peekWord(): string {
    WORD.lastIndex = this.pos;
    return WORD.exec(this.text)?.[0] ?? '';
  }

  /** An error at the current position. */
  private error(reason: string): PatternSyntaxError {
    return new PatternSyntaxError(reason, this.pos);
  }

  /** "expected ..., found ..." at the current position. */
  private expected(what: string): PatternSyntaxError {
    const found = this.pos < this.text.length ? `'${this.text[this.pos]}'` : 'the end of the pattern';
    return new PatternSyntaxError(`expected ${what}, found ${found}`, this.pos);
  }
}
