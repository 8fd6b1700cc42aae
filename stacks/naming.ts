/**
 * Physical names, derived only from the account's configured name, its id and the detection prefix: no
 * random suffixes, no timestamps, no fixed aliases shared between instances (cloudposse's hard-coded
 * `alias/CloudTrailBreach-sns` broke every second instance; reference/cis-detections-and-prior-art.md §3.3).
 * Pure functions: stacks/config.ts uses them to find collisions and names AWS would refuse before anything is
 * synthesized, and the constructs check the same at synth for library users.
 */
import { maxAlarmNameInSubject, nameProblem, type NameKind } from './physical-names';

/** The stack id, also the folder under cdktf.out/stacks/, and the stem of every resource name. */
export const baseNameOf = (accountName: string): string => `trailwatch-${accountName}`;

/** AlarmName = MetricName = metric filter name: the prefix applies to all three alike. */
export const detectionResourceName = (prefix: string, detectionName: string): string => `${prefix}${detectionName}`;

export interface TrailNames {
  readonly trail: string;
  /** Globally unique: carries the account id. ≤ 63 characters for names of ≤ 24 characters. */
  readonly bucket: string;
  readonly accessLogBucket: string;
  readonly logGroup: string;
  readonly deliveryRole: string;
  readonly keyAlias: string;
}

export function trailNames(baseName: string, accountId: string): TrailNames {
  return {
    trail: baseName,
    bucket: `${baseName}-${accountId}-cloudtrail`,
    accessLogBucket: `${baseName}-${accountId}-access-logs`,
    logGroup: `/${baseName}/cloudtrail`,
    deliveryRole: `${baseName}-cloudtrail-to-logs`,
    keyAlias: `alias/${baseName}-cloudtrail`,
  };
}

export interface AlertingNames {
  /** The detection alarms' topic: the notifier's input. */
  readonly topic: string;
  /** The notifier's health alarms' topic: people, by email. */
  readonly healthTopic: string;
  /** The key of the alerting pipeline: topic, dead-letter queue, notifier logs and environment, webhook secret. */
  readonly keyAlias: string;
}

export function alertingNames(baseName: string): AlertingNames {
  return { topic: `${baseName}-alarms`, healthTopic: `${baseName}-health`, keyAlias: `alias/${baseName}-alerting` };
}

export interface NotifierNames {
  /** Plain and known at synth: it is the webhook ciphertext's KMS encryption context. */
  readonly functionName: string;
  readonly role: string;
  readonly logGroup: string;
  readonly deadLetterQueue: string;
  /** DynamoDB: delivery records, detection records and open alarms. */
  readonly stateTable: string;
  /** EventBridge Scheduler: the follow-up sweep, and the role it invokes the function with. */
  readonly followUpSchedule: string;
  readonly schedulerRole: string;
  readonly errorsAlarm: string;
  readonly deadLetterAlarm: string;
  readonly destinationFailuresAlarm: string;
  readonly eventsDroppedAlarm: string;
}

export function notifierNames(baseName: string, alarmPrefix: string): NotifierNames {
  const functionName = `${baseName}-notifier`;
  return {
    functionName,
    role: functionName,
    logGroup: `/aws/lambda/${functionName}`,
    deadLetterQueue: `${functionName}-dlq`,
    stateTable: `${functionName}-state`,
    followUpSchedule: `${functionName}-follow-ups`,
    schedulerRole: `${functionName}-scheduler`,
    errorsAlarm: detectionResourceName(alarmPrefix, `${functionName}-errors`),
    deadLetterAlarm: detectionResourceName(alarmPrefix, `${functionName}-dlq-depth`),
    destinationFailuresAlarm: detectionResourceName(alarmPrefix, `${functionName}-destination-failures`),
    eventsDroppedAlarm: detectionResourceName(alarmPrefix, `${functionName}-events-dropped`),
  };
}

/** A name AWS would refuse, and the setting it comes from. */
export interface NamingProblem {
  /** `baseName` (the account name), `namePrefix`, or `detections` (a detection's name). */
  readonly from: 'baseName' | 'namePrefix' | 'detections';
  readonly problem: string;
}

export interface PipelineNaming {
  readonly baseName: string;
  readonly region: string;
  readonly namePrefix: string;
  readonly detectionNames: readonly string[];
}

/**
 * Every physical name of a detection pipeline checked against its AWS rule, and every alarm name against the
 * SNS subject it must fit into whole (`ALARM: "<name>" in <region>`, under 100 characters): the notifier finds
 * the alarm by its full name, and on-call reads it in the subject.
 */
export function pipelineNameProblems(naming: PipelineNaming): NamingProblem[] {
  const alerting = alertingNames(naming.baseName);
  const notifier = notifierNames(naming.baseName, naming.namePrefix);
  const problems: NamingProblem[] = [];
  const check = (from: NamingProblem['from'], kind: NameKind, name: string): void => {
    const problem = nameProblem(kind, name);
    if (problem) problems.push({ from, problem });
  };
  check('baseName', 'topic', alerting.topic);
  check('baseName', 'topic', alerting.healthTopic);
  check('baseName', 'keyAlias', alerting.keyAlias);
  check('baseName', 'function', notifier.functionName);
  check('baseName', 'role', notifier.role);
  check('baseName', 'logGroup', notifier.logGroup);
  check('baseName', 'queue', notifier.deadLetterQueue);
  check('baseName', 'table', notifier.stateTable);
  check('baseName', 'schedule', notifier.followUpSchedule);
  check('baseName', 'role', notifier.schedulerRole);
  const fitsSubject = maxAlarmNameInSubject(naming.region);
  const alarms: [NamingProblem['from'], string][] = [
    ...naming.detectionNames.map((name): [NamingProblem['from'], string] => [naming.namePrefix ? 'namePrefix' : 'detections', detectionResourceName(naming.namePrefix, name)]),
    ...healthAlarmNames(notifier).map((name): [NamingProblem['from'], string] => [naming.namePrefix ? 'namePrefix' : 'baseName', name]),
  ];
  for (const [from, name] of alarms) {
    check(from, 'alarm', name);
    if (name.length > fitsSubject) {
      problems.push({
        from,
        problem:
          `alarm name "${name}" is ${name.length} characters; in ${naming.region} an alarm notification's subject ` +
          `(ALARM: "<name>" in <region>, under 100 characters) holds ${fitsSubject}, and CloudWatch would cut the name`,
      });
    }
  }
  for (const name of naming.detectionNames) check(naming.namePrefix ? 'namePrefix' : 'detections', 'metricFilter', detectionResourceName(naming.namePrefix, name));
  return problems;
}

/** The notifier's own alarms, which publish to the health topic. */
export function healthAlarmNames(names: NotifierNames): string[] {
  return [names.errorsAlarm, names.deadLetterAlarm, names.destinationFailuresAlarm, names.eventsDroppedAlarm];
}

/** Every physical name of a trail this stack creates, checked against its AWS rule. */
export function trailNameProblems(baseName: string, accountId: string): string[] {
  const names = trailNames(baseName, accountId);
  const kinds: [NameKind, string][] = [
    ['trail', names.trail],
    ['bucket', names.bucket],
    ['bucket', names.accessLogBucket],
    ['logGroup', names.logGroup],
    ['role', names.deliveryRole],
    ['keyAlias', names.keyAlias],
  ];
  return kinds.flatMap(([kind, name]) => nameProblem(kind, name) ?? []);
}
