/**
 * Message wording per locale. The Korean labels are the reference guide's own (section 6), so a
 * team migrating from it reads the same message it is used to.
 */
import type { Locale } from '../../catalog/types';

export interface MessageStrings {
  readonly headline: (title: string) => string;
  readonly time: string;
  readonly alarmName: string;
  readonly account: string;
  readonly region: string;
  readonly logGroup: string;
  readonly relatedLogs: string;
  readonly more: (count: number, atLeast: boolean) => string;
  readonly noMatches: (from: string, to: string) => string;
  readonly cutShort: string;
  readonly lookupFailed: (reason: string) => string;
  readonly groupFailed: (logGroup: string, reason: string) => string;
  readonly noFilter: (metric: string) => string;
  readonly notApplicable: { readonly composite: string; readonly 'metric-math': string; readonly unknown: string };
  readonly consoleLink: string;
  /** Marks the minimal message sent after the service refused the full one. */
  readonly minimalNote: string;
  readonly matched: (count: number, atLeast: boolean) => string;
}

export const STRINGS: Readonly<Record<Locale, MessageStrings>> = {
  ko: {
    headline: (title) => `${title} 경보 발생하였습니다`,
    time: '발생시각',
    alarmName: '알람명',
    account: '계정',
    region: '리전',
    logGroup: '로그그룹',
    relatedLogs: '관련 로그(요약)',
    more: (count, atLeast) => (count === 0 ? '일치하는 로그가 더 있을 수 있음' : `외 ${count}건${atLeast ? ' 이상' : ''} 더 일치`),
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
    consoleLink: 'CloudWatch 콘솔에서 경보 보기',
    minimalNote: '(요약본: 전체 메시지가 거부되어 줄여 보냄)',
    matched: (count, atLeast) => `일치 로그: ${count}건${atLeast ? ' 이상' : ''}`,
  },
  en: {
    headline: (title) => `${title} alarm triggered`,
    time: 'Time',
    alarmName: 'Alarm',
    account: 'Account',
    region: 'Region',
    logGroup: 'Log group',
    relatedLogs: 'Related events',
    more: (count, atLeast) => (count === 0 ? 'more events may have matched' : `… and ${count}${atLeast ? '+' : ''} more matched`),
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
    consoleLink: 'Open the alarm in the CloudWatch console',
    minimalNote: '(short form: the full message was refused)',
    matched: (count, atLeast) => `Matching events: ${count}${atLeast ? '+' : ''}`,
  },
};
