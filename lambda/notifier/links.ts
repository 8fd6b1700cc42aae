/**
 * Console links an on-call opens from the message: the alarm, each event in CloudTrail event history (in the
 * event's own region: event history is regional), and a Logs Insights query over the alarm's window and log
 * group(s). trailwatch supports the `aws` partition only, but a link follows the region's partition anyway.
 */
import type { LogWindow } from './window';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return 'console.aws.amazon.com';
}

/** The alarm's page in the CloudWatch console. */
export function alarmLink(region: string | undefined, alarmName: string): string | undefined {
  if (!region || !REGION.test(region)) return undefined;
  return `https://${consoleHost(region)}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

/** One event in CloudTrail event history (management events of the last 90 days). */
export function eventHistoryLink(region: string | undefined, eventId: string | undefined): string | undefined {
  if (!region || !REGION.test(region) || !eventId) return undefined;
  return `https://${consoleHost(region)}/cloudtrailv2/home?region=${region}#/events/${encodeURIComponent(eventId)}`;
}

/**
 * The console keeps a Logs Insights query in the URL fragment as `queryDetail`, a JSURL-style value: strings
 * start with `'`, their special characters are `*XX` (hex), and the whole fragment is percent-encoded with `$`
 * in place of `%`.
 */
const jsurlString = (value: string): string =>
  `'${encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%/g, '*')}`;

/** A Logs Insights query of the matching window over the alarm's log group(s), newest first. */
export function insightsLink(region: string | undefined, logGroups: readonly string[], window: LogWindow): string | undefined {
  if (!region || !REGION.test(region) || logGroups.length === 0) return undefined;
  const query = 'fields @timestamp, eventSource, eventName, userIdentity.arn, sourceIPAddress, awsRegion, errorCode\n| sort @timestamp desc\n| limit 200';
  const detail =
    `~(end~${jsurlString(new Date(window.endMs).toISOString())}~start~${jsurlString(new Date(window.startMs).toISOString())}` +
    `~timeType~'ABSOLUTE~tz~'UTC~editorString~${jsurlString(query)}~source~(${logGroups.map((g) => `~${jsurlString(g)}`).join('')}))`;
  return `https://${consoleHost(region)}/cloudwatch/home?region=${region}#logsV2:logs-insights${encodeURIComponent(`?queryDetail=${detail}`).replace(/%/g, '$')}`;
}
