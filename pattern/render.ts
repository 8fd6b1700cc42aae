import type { Expr, Literal, Pattern } from './ast';

/**
 * Renders a pattern as compact filter-pattern text: no optional blanks, and parentheses only where
 * precedence needs them (`&&` binds tighter than `||`, so only an OR inside an AND is wrapped).
 * Compactness matters: CloudWatch rejects patterns over 1024 characters.
 */
export function renderPattern(pattern: Pattern): string {
  return pattern.kind === 'all' ? '' : `{${renderExpr(pattern.expr)}}`;
}

export function renderExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'or':
      return expr.terms.map(renderExpr).join('||');
    case 'and':
      return expr.terms.map((t) => (t.kind === 'or' ? `(${renderExpr(t)})` : renderExpr(t))).join('&&');
    case 'compare':
      return `${expr.selector.text}${expr.op}${renderLiteral(expr.value)}`;
    case 'isNull':
      return `${expr.selector.text} IS NULL`;
    case 'notExists':
      return `${expr.selector.text} NOT EXISTS`;
    case 'isBoolean':
      return `${expr.selector.text} IS ${expr.value ? 'TRUE' : 'FALSE'}`;
  }
}

function renderLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return literal.quoted ? `"${literal.value.replace(/["\\]/g, (c) => `\\${c}`)}"` : literal.value;
    case 'number':
      return literal.text;
    case 'regex':
      return `%${literal.source}%`;
  }
}
