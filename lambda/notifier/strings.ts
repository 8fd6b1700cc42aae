/**
 * Message wording per locale. The Korean labels follow the reference guide's own (section 6), so a team
 * migrating from it reads a familiar message; the alarm's time is labelled as such (`경보시각`), each event
 * shows its own.
 */
import type { Locale, Severity } from '../../catalog/types';
import type { Verdict } from './verdict';

export interface MessageStrings {
  readonly headline: (title: string) => string;
  readonly followUpHeadline: (title: string) => string;
  readonly resolvedHeadline: (title: string) => string;
  readonly severity: Readonly<Record<Severity, string>>;
  readonly alarmTime: string;
  readonly alarmName: string;
  readonly account: string;
  readonly alarmRegion: string;
  readonly logGroup: string;
  readonly description: string;
  readonly reason: string;
  readonly firstAction: string;
  readonly relatedLogs: string;
  readonly counts: string;
  readonly countParts: (alarm: number | undefined, logs: number, complete: boolean, shown: number) => string;
  readonly moreMayArrive: string;
  readonly rollup: (total: number) => string;
  readonly rollupRows: { readonly principals: string; readonly sourceIps: string; readonly eventNames: string; readonly regions: string };
  readonly noMatches: (from: string, to: string) => string;
  readonly cutShort: string;
  readonly lookupFailed: (reason: string) => string;
  readonly groupFailed: (logGroup: string, reason: string) => string;
  readonly noFilter: (metric: string) => string;
  readonly notApplicable: { readonly composite: string; readonly 'metric-math': string; readonly unknown: string };
  readonly verdict: (v: Verdict) => string;
  readonly consoleLink: string;
  readonly insightsLink: string;
  readonly eventLink: string;
  /** Marks the minimal message sent after the service refused the full one. */
  readonly minimalNote: string;
  readonly matched: (count: number, atLeast: boolean) => string;
}

const join = (parts: readonly (string | undefined | false)[]): string => parts.filter(Boolean).join(' · ');

export const STRINGS: Readonly<Record<Locale, MessageStrings>> = {
  ko: {
    headline: (title) => `${title} 경보 발생하였습니다`,
    followUpHeadline: (title) => `[후속] ${title} 경보가 계속되는 중 새 이벤트`,
    resolvedHeadline: (title) => `[해결] ${title} 경보가 정상(OK)으로 돌아왔습니다`,
    severity: { high: '높음', medium: '보통', low: '낮음' },
    alarmTime: '경보시각',
    alarmName: '알람명',
    account: '계정',
    alarmRegion: '경보 리전',
    logGroup: '로그그룹',
    description: '설명',
    reason: '사유',
    firstAction: '첫 조치',
    relatedLogs: '관련 로그(요약)',
    counts: '건수',
    countParts: (alarm, logs, complete, shown) =>
      join([alarm !== undefined && `경보 집계 ${alarm}건`, `로그 조회 ${logs}건${complete ? '' : ' 이상(조회 중단)'}`, `표시 ${shown}건`]),
    moreMayArrive: 'CloudTrail 전달 지연(평균 약 5분)으로 이 시간대 이벤트가 더 들어올 수 있음',
    rollup: (total) => `전체 ${total}건 요약`,
    rollupRows: { principals: '주체', sourceIps: 'IP', eventNames: '이벤트', regions: '리전' },
    noMatches: (from, to) => `조회 결과 없음 (${from} ~ ${to})`,
    cutShort: '(시간 제한으로 일부만 조회함)',
    lookupFailed: (reason) => `조회하지 못했습니다 (${reason})`,
    groupFailed: (logGroup, reason) => `${logGroup} 조회 실패 (${reason})`,
    noFilter: (metric) => `지표 ${metric}을(를) 게시하는 지표 필터가 없어 조회하지 않았습니다`,
    notApplicable: {
      composite: '복합 경보는 단일 지표가 없어 로그를 조회하지 않았습니다',
      'metric-math': '지표 수식 경보는 단일 지표가 없어 로그를 조회하지 않았습니다',
      unknown: '경보 메시지에 지표 정보가 없어 로그를 조회하지 않았습니다',
    },
    verdict: (v) =>
      join([
        { person: '사람', service: 'AWS 서비스', unclear: '사람/서비스 불명' }[v.actor],
        v.via && { console: '콘솔', cli: 'CLI', sdk: 'SDK', 'aws-service': '서비스 대행' }[v.via],
        v.mfa !== undefined && (v.mfa ? 'MFA 사용' : 'MFA 없음'),
        v.credential && { 'long-term-key': '장기 액세스 키(AKIA)', 'temporary-session': '임시 세션(ASIA)' }[v.credential],
        v.signIn && (v.signIn === 'success' ? '로그인 성공' : '로그인 실패'),
        v.created && `생성: ${v.created}`,
      ]),
    consoleLink: 'CloudWatch 콘솔에서 경보 보기',
    insightsLink: 'Logs Insights에서 이 시간대 조회',
    eventLink: 'CloudTrail 이벤트 기록',
    minimalNote: '(요약본: 전체 메시지가 거부되어 줄여 보냄)',
    matched: (count, atLeast) => `일치 로그: ${count}건${atLeast ? ' 이상' : ''}`,
  },
  en: {
    headline: (title) => `${title} alarm triggered`,
    followUpHeadline: (title) => `[Follow-up] ${title}: new events while the alarm stays on`,
    resolvedHeadline: (title) => `[Resolved] ${title} alarm is back to OK`,
    severity: { high: 'HIGH', medium: 'MEDIUM', low: 'LOW' },
    alarmTime: 'Alarm time',
    alarmName: 'Alarm',
    account: 'Account',
    alarmRegion: 'Alarm region',
    logGroup: 'Log group',
    description: 'Description',
    reason: 'Reason',
    firstAction: 'First action',
    relatedLogs: 'Related events',
    counts: 'Matches',
    countParts: (alarm, logs, complete, shown) =>
      join([alarm !== undefined && `${alarm} counted by the alarm`, `${logs}${complete ? '' : '+ (lookup stopped early)'} in the logs`, `${shown} shown`]),
    moreMayArrive: 'more events of this window may still arrive (CloudTrail delivers about 5 minutes late on average)',
    rollup: (total) => `All ${total} matches`,
    rollupRows: { principals: 'Principals', sourceIps: 'IPs', eventNames: 'Events', regions: 'Regions' },
    noMatches: (from, to) => `no matching events (${from} to ${to})`,
    cutShort: '(lookup stopped early: time limit)',
    lookupFailed: (reason) => `could not be fetched (${reason})`,
    groupFailed: (logGroup, reason) => `${logGroup} could not be read (${reason})`,
    noFilter: (metric) => `not looked up: no metric filter publishes ${metric}`,
    notApplicable: {
      composite: 'not looked up: a composite alarm has no single metric',
      'metric-math': 'not looked up: a metric-math alarm has no single metric',
      unknown: 'not looked up: the alarm message names no metric',
    },
    verdict: (v) =>
      join([
        { person: 'person', service: 'AWS service', unclear: 'person or service unclear' }[v.actor],
        v.via && { console: 'console', cli: 'CLI', sdk: 'SDK', 'aws-service': 'on behalf by a service' }[v.via],
        v.mfa !== undefined && (v.mfa ? 'MFA' : 'no MFA'),
        v.credential && { 'long-term-key': 'long-term access key (AKIA)', 'temporary-session': 'temporary session (ASIA)' }[v.credential],
        v.signIn && (v.signIn === 'success' ? 'sign-in succeeded' : 'sign-in failed'),
        v.created && `created ${v.created}`,
      ]),
    consoleLink: 'Open the alarm in the CloudWatch console',
    insightsLink: 'Query this window in Logs Insights',
    eventLink: 'CloudTrail event history',
    minimalNote: '(short form: the full message was refused)',
    matched: (count, atLeast) => `Matching events: ${count}${atLeast ? '+' : ''}`,
  },
};
