import type { CompiledDetection } from '../catalog/types';
import type { ReplayReport } from '../replay/report';
import type { ExclusionSuggestions } from '../replay/suggest-exclusions';
import type { TopEntry } from '../replay/top-counter';
import { formatCount, table } from './table';

/** What the human report says about the run, besides the report itself. */
export interface RunContext {
  /** e.g. `account "prod" (example configuration)`. */
  readonly source: string;
  readonly profile: string;
  readonly inputs: number;
  readonly detections: readonly CompiledDetection[];
}

/** `trailwatch replay`: a summary line, one row per detection, then the top lists of each detection that matched. */
export function replayText(report: ReplayReport, context: RunContext): string {
  const span = report.firstEventTime ? ` from ${utc(report.firstEventTime)} to ${utc(report.lastEventTime!)}` : '';
  const lines = [
    `${formatCount(report.events)} CloudTrail events${span}, ${formatCount(context.inputs)} ${context.inputs === 1 ? 'file' : 'files'}; ` +
      `${context.detections.length} detections of ${context.source}, profile ${context.profile}.`,
  ];
  if (report.skipped > 0) lines.push(`${formatCount(report.skipped)} skipped (files or records; see the messages above).`);
  lines.push(
    '',
    table(
      ['DETECTION', 'MATCHES', 'ALARM PERIODS', 'NOTIFICATIONS', 'ALARM', 'TOP PRINCIPAL'],
      context.detections.map(({ name, period, threshold, evaluationPeriods }) => {
        const detection = report.detections[name];
        const [top] = detection.topPrincipals;
        return [
          name,
          detection.matches,
          detection.alarmPeriods,
          detection.notifications,
          alarmRule(period, threshold, evaluationPeriods),
          top ? `${top[0]} (${percent(top[1], detection.matches)})` : '',
        ];
      }),
    ),
  );
  for (const { name } of context.detections) {
    const detection = report.detections[name];
    if (detection.matches === 0) continue;
    lines.push('', `${name}: ${formatCount(detection.matches)} ${detection.matches === 1 ? 'match' : 'matches'}`);
    lines.push(topList('principals', detection.topPrincipals), topList('event names', detection.topEventNames), topList('source IPs', detection.topSourceIPs));
  }
  return lines.join('\n');
}

/** `--suggest-exclusions`: why each principal is suggested, for stderr next to the JSON on stdout. */
export function suggestionLines(suggestions: ExclusionSuggestions, minShare: number): string[] {
  if (suggestions.suggested.length === 0) return [`No detection that would have notified has a principal with ≥ ${percent(minShare, 1)} of its matches.`];
  return suggestions.suggested.map(
    ({ detection, principalArn, matches, share }) => `${detection}: ${principalArn} has ${formatCount(matches)} of its matches (${percent(share, 1)})`,
  );
}

/** `sum ≥ 1 / 300 s`, `sum ≥ 3 / 60 s × 2`: when the alarm fires. */
function alarmRule(period: number, threshold: number, evaluationPeriods: number): string {
  return `sum ≥ ${threshold} / ${period} s${evaluationPeriods > 1 ? ` × ${evaluationPeriods}` : ''}`;
}

function topList(label: string, entries: readonly TopEntry[]): string {
  const width = Math.max(...entries.map(([, count]) => formatCount(count).length));
  return entries.map(([value, count], i) => `  ${(i === 0 ? label : '').padEnd(12)} ${formatCount(count).padStart(width)}  ${value}`).join('\n');
}

function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`;
}

/** `2024-05-01T00:05:12.000Z` → `2024-05-01 00:05:12 UTC`. */
function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
