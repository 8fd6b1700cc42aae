import type { AlarmSettings } from '../catalog/types';
import { alarmOutcome, periodIndex } from './alarm-periods';
import { type CloudTrailRecord, eventNameOf, principalOf } from './cloudtrail-record';
import { exclusionGlob } from './exclusion-glob';
import { TOP, type DetectionReport } from './report';
import { TopCounter, type TopEntry } from './top-counter';

/** A tally as plain data, to send from a worker thread and merge (structured-clone safe). */
export interface TallySnapshot {
  readonly matches: number;
  readonly perPeriod: ReadonlyMap<number, number>;
  readonly principals: ReadonlyMap<string, number>;
  readonly eventNames: ReadonlyMap<string, number>;
  readonly sourceIPs: ReadonlyMap<string, number>;
  readonly globs: ReadonlyMap<string, number>;
}

/** The running totals of one detection over a replay. Fed only matching events, so its cost is off the hot path. */
export class DetectionTally {
  private matches = 0;
  /** Matching events per alarm period: one entry per period that had a match, whatever the event count. */
  private readonly perPeriod = new Map<number, number>();
  private readonly principals = new TopCounter();
  private readonly eventNames = new TopCounter();
  private readonly sourceIPs = new TopCounter();
  /** Principals as exclusion globs (role sessions folded into their role), for exclusion suggestions. */
  private readonly globs = new TopCounter();

  constructor(private readonly settings: AlarmSettings) {}

  add(record: CloudTrailRecord, timeMs: number): void {
    this.matches++;
    const period = periodIndex(timeMs, this.settings.period);
    this.perPeriod.set(period, (this.perPeriod.get(period) ?? 0) + 1);
    const principal = principalOf(record);
    this.principals.add(principal);
    if (principal.startsWith('arn:')) this.globs.add(exclusionGlob(principal));
    this.eventNames.add(eventNameOf(record));
    this.sourceIPs.add(typeof record.sourceIPAddress === 'string' ? record.sourceIPAddress : '(none)');
  }

  snapshot(): TallySnapshot {
    return {
      matches: this.matches,
      perPeriod: this.perPeriod,
      principals: this.principals.entries(),
      eventNames: this.eventNames.entries(),
      sourceIPs: this.sourceIPs.entries(),
      globs: this.globs.entries(),
    };
  }

  /** Adds another tally of the same detection (from another worker thread). */
  absorb(other: TallySnapshot): void {
    this.matches += other.matches;
    for (const [period, count] of other.perPeriod) this.perPeriod.set(period, (this.perPeriod.get(period) ?? 0) + count);
    this.principals.addAll(other.principals);
    this.eventNames.addAll(other.eventNames);
    this.sourceIPs.addAll(other.sourceIPs);
    this.globs.addAll(other.globs);
  }

  report(): DetectionReport {
    return {
      matches: this.matches,
      ...alarmOutcome(this.perPeriod, this.settings),
      topPrincipals: this.principals.top(TOP),
      topEventNames: this.eventNames.top(TOP),
      topSourceIPs: this.sourceIPs.top(TOP),
    };
  }

  /** The principal globs with the most matches. */
  topGlobs(): TopEntry[] {
    return this.globs.top(TOP);
  }
}
