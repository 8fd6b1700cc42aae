import type { Expr, Pattern } from '../pattern/ast';

/**
 * Which detections can possibly match an event, from its `eventName` alone. Most catalog detections
 * require `$.eventName` to be one of a few names, while most CloudTrail events are reads that none of them
 * name; looking the name up once spares running those matchers at all. Only necessary conditions are
 * derived, so a detection is never skipped for an event it would match: the matcher still decides.
 */
export class EventNameDispatch {
  /** Detections whose pattern puts no condition on `eventName`: candidates for every event. */
  private readonly always: number[] = [];
  private readonly conditions: { readonly index: number; readonly names: ReadonlySet<string>; readonly prefixes: readonly string[] }[] = [];
  /** Candidates per event name seen so far; event names are few (hundreds per account), bounded anyway. */
  private readonly cache = new Map<string, readonly number[]>();

  /** @param patterns each detection's parsed pattern, in detection order (indexes are the candidates) */
  constructor(patterns: readonly Pattern[]) {
    patterns.forEach((pattern, index) => {
      const condition = pattern.kind === 'json' ? eventNameCondition(pattern.expr) : undefined;
      if (condition) this.conditions.push({ index, ...condition });
      else this.always.push(index);
    });
  }

  /**
   * The indexes of the detections that may match an event named `eventName`, in detection order. An event
   * without an `eventName` (a CloudTrail Insights event) fails every condition on it.
   */
  candidates(eventName: string | undefined): readonly number[] {
    if (eventName === undefined) return this.always;
    let found = this.cache.get(eventName);
    if (found === undefined) {
      const named = this.conditions
        .filter(({ names, prefixes }) => names.has(eventName) || prefixes.some((prefix) => eventName.startsWith(prefix)))
        .map(({ index }) => index);
      found = [...this.always, ...named].sort((a, b) => a - b);
      if (this.cache.size < MAX_CACHED_NAMES) this.cache.set(eventName, found);
    }
    return found;
  }
}

const MAX_CACHED_NAMES = 10_000;

/** Event names an expression requires: `eventName` must be in `names` or start with one of `prefixes`. */
interface NameCondition {
  readonly names: ReadonlySet<string>;
  readonly prefixes: readonly string[];
}

/**
 * The condition on `$.eventName` without which `expr` cannot hold, or `undefined` when there is none.
 * `$.eventName = "X"` requires the name X; `= "X*…"` requires the prefix X (a wildcard literal matches only
 * text that starts with its first segment, ref §8); an AND requires what any of its terms requires; an OR
 * requires one of its terms' conditions, so only when every term has one. Anything else requires nothing.
 */
export function eventNameCondition(expr: Expr): NameCondition | undefined {
  switch (expr.kind) {
    case 'compare': {
      const { selector, op, value } = expr;
      const onEventName = selector.steps.length === 1 && selector.steps[0].kind === 'key' && selector.steps[0].name === 'eventName';
      if (!onEventName || op !== '=' || value.kind !== 'string') return undefined;
      const star = value.value.indexOf('*');
      if (star < 0) return { names: new Set([value.value]), prefixes: [] };
      return star > 0 ? { names: new Set(), prefixes: [value.value.slice(0, star)] } : undefined;
    }
    case 'and':
      for (const term of expr.terms) {
        const condition = eventNameCondition(term);
        if (condition) return condition;
      }
      return undefined;
    case 'or': {
      const conditions = expr.terms.map(eventNameCondition);
      if (conditions.some((condition) => condition === undefined)) return undefined;
      return {
        names: new Set(conditions.flatMap((condition) => [...condition!.names])),
        prefixes: conditions.flatMap((condition) => condition!.prefixes),
      };
    }
    default:
      return undefined;
  }
}
