/**
 * Every target's renderer: golden messages per locale (snapshots under __snapshots__, reviewed like code), each
 * payload within the service's documented schema and limits — the same checks the webhook stand-ins apply —
 * for ordinary, truncated, huge, other-alarm and resolved alerts, full and minimal.
 */
import type { AlarmNotice } from '../../lambda/notifier/alarm';
import type { Alert } from '../../lambda/notifier/alert';
import { summarizeLogEvent } from '../../lambda/notifier/cloudtrail';
import { targetOf } from '../../lambda/notifier/targets';
import { escapeMrkdwn, renderSlack } from '../../lambda/notifier/targets/slack';
import { renderTeams, TEAMS_MAX_BYTES } from '../../lambda/notifier/targets/teams';
import { alertOf, alice, found, mallory, notice } from './support/alerts';
import { CHAT_SERVICES, doorayProblems, slackProblems, teamsProblems } from './support/chat-schemas';
import { cloudTrailRecord } from './support/fixtures';

const long = (n: number) => 'A'.repeat(n);
const huge = summarizeLogEvent(
  JSON.stringify(
    cloudTrailRecord({
      eventName: `<b>${long(5000)}`,
      errorCode: long(5000),
      sourceIPAddress: long(5000),
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::123456789012:assumed-role/${long(5000)}*_[x]` },
    }),
  ),
  0,
);
const health: AlarmNotice = { ...notice, alarmName: 'trailwatch-prod-notifier-errors', description: 'the notifier failed', metric: { kind: 'metric', name: 'Errors', namespace: 'AWS/Lambda' } };

const ALERTS: Record<string, Alert> = {
  ordinary: alertOf(found([alice, mallory]), 'en'),
  truncated: alertOf(found([alice, mallory, alice, alice, alice, alice, mallory]), 'ko', { now: new Date('2026-01-07T04:40:00Z') }),
  huge: alertOf(found(Array.from({ length: 20 }, () => huge), {}, 20), 'ko'),
  'other alarm': alertOf({ kind: 'aws-metric', metric: { name: 'Errors', namespace: 'AWS/Lambda' } }, 'en', { notice: health }),
  resolved: alertOf({ kind: 'not-applicable', why: 'unknown' }, 'en', { notice: { ...notice, state: 'OK' } }),
  'no events': alertOf(found([]), 'ko'),
};

describe.each(Object.keys(CHAT_SERVICES) as (keyof typeof CHAT_SERVICES)[])('%s', (name) => {
  const target = targetOf(name);
  it.each(Object.keys(ALERTS))('%s: full and minimal payloads pass the documented schema', (label) => {
    expect(CHAT_SERVICES[name].problems(target.render(ALERTS[label]))).toEqual([]);
    expect(CHAT_SERVICES[name].problems(target.renderMinimal(ALERTS[label]))).toEqual([]);
  });
});

describe('golden messages per target and locale', () => {
  it.each([
    ['ko', found([alice, mallory])],
    ['en', found([alice, mallory, alice, alice, alice, alice, mallory])],
  ] as const)('Slack, %s', (locale, logs) => {
    expect(renderSlack(alertOf(logs, locale))).toMatchSnapshot();
  });

  it.each([
    ['ko', found([alice, mallory])],
    ['en', found([alice, mallory, alice, alice, alice, alice, mallory])],
  ] as const)('Teams, %s', (locale, logs) => {
    expect(renderTeams(alertOf(logs, locale))).toMatchSnapshot();
  });
});

describe('each renderer owns its limits', () => {
  it('Slack: values are escaped, sections stay within 3,000 characters', () => {
    const message = renderSlack(ALERTS.huge);
    expect(JSON.stringify(message)).not.toContain('<b>');
    expect(JSON.stringify(message)).toContain('&lt;b&gt;');
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });

  it('Teams: the card stays under the byte cap by showing fewer events, Markdown is escaped', () => {
    const message = renderTeams(ALERTS.huge);
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(renderTeams(ALERTS.ordinary).attachments[0].content.body[0]).toMatchObject({ type: 'TextBlock', text: '\\[LOW\\] Unauthorized API call alarm triggered' });
  });
});

describe('the stand-ins’ schemas refuse what the services refuse', () => {
  it.each([
    ['Dooray! without text', doorayProblems, { botName: 'x' }],
    ['Slack with a 151-character header', slackProblems, { text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: long(151) } }] }],
    ['Slack with 11 fields', slackProblems, { text: 'x', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] }],
    ['Slack without text', slackProblems, { blocks: [{ type: 'divider' }] }],
    ['Teams with a MessageCard', teamsProblems, { '@type': 'MessageCard', text: 'x' }],
    ['Teams with a 40 KB card', teamsProblems, { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: long(40_000) }] } }] }],
  ])('%s', (_label, problems, payload) => {
    expect(problems(payload).length).toBeGreaterThan(0);
  });
});
