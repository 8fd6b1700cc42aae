/**
 * Alarm payloads in the exact shapes AWS sends (reference: alarm-notifier-formats §3), and
 * CloudTrail records as they appear in the trail's log group.
 */

export const ACCOUNT = '123456789012';
export const REGION = 'ap-northeast-2';
export const LOG_GROUP = 'aws-cloudtrail-logs-123456789012';

/** CloudWatch's SNS alarm message for a log-metric-filter alarm (fields as in real 2025 records). */
export function alarmMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const name = String(overrides.AlarmName ?? 'UnauthorizedAPICall');
  return {
    AlarmName: name,
    AlarmDescription: null,
    AWSAccountId: ACCOUNT,
    AlarmConfigurationUpdatedTimestamp: '2026-01-02T01:00:00.000+0000',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 1 datapoint [2.0 (07/01/26 04:30:00)] was greater than or equal to the threshold (1.0).',
    StateChangeTime: '2026-01-07T04:36:05.472+0000',
    Region: 'Asia Pacific (Seoul)',
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
    OldStateValue: 'OK',
    OKActions: [],
    AlarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:trailwatch-alarms`],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: name,
      Namespace: 'trailwatch',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [],
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1.0,
      TreatMissingData: 'notBreaching',
      EvaluateLowSampleCountPercentile: '',
    },
    ...overrides,
  };
}

/** The SNS → Lambda envelope; `message` may be an object (JSON-encoded here) or a raw string. */
export function snsEvent(message: unknown, subject: string | null = 'ALARM: "UnauthorizedAPICall" in Asia Pacific (Seoul)', records = 1) {
  const record = {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `arn:aws:sns:${REGION}:${ACCOUNT}:trailwatch-alarms:6ad71be8-03c9-44a2-8222-394f775cd4d6`,
    Sns: {
      Type: 'Notification',
      MessageId: 'e1a5d850-56a8-5cb9-873c-87524725ca49',
      TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:trailwatch-alarms`,
      Subject: subject,
      Message: typeof message === 'string' ? message : JSON.stringify(message),
      Timestamp: '2026-01-07T04:36:05.911Z',
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: `https://sns.${REGION}.amazonaws.com/SimpleNotificationService-example.pem`,
      UnsubscribeUrl: `https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe`,
      MessageAttributes: {},
    },
  };
  return { Records: Array.from({ length: records }, () => record) };
}

const stateChangeBody = (name: string, state: string) => ({
  alarmName: name,
  state: {
    value: state,
    reason: 'Threshold Crossed: 1 out of the last 1 datapoints [2.0 (07/01/26 04:30:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
    reasonData:
      '{"version":"1.0","queryDate":"2026-01-07T04:36:05.468+0000","startDate":"2026-01-07T04:30:00.000+0000","statistic":"Sum","period":300,"recentDatapoints":[2.0],"threshold":1.0,"evaluatedDatapoints":[{"timestamp":"2026-01-07T04:30:00.000+0000","sampleCount":2.0,"value":2.0}]}',
    timestamp: '2026-01-07T04:36:05.472+0000',
  },
  previousState: { value: 'OK', reason: 'Threshold Crossed: no datapoints were received.', timestamp: '2026-01-07T03:00:00.000+0000' },
  configuration: {
    description: null,
    metrics: [
      {
        id: '1234e046-06f0-a3da-9534-EXAMPLEe4c',
        metricStat: { metric: { namespace: 'trailwatch', name, dimensions: {} }, period: 300, stat: 'Sum' },
        returnData: true,
      },
    ],
  },
});

/** The payload a CloudWatch alarm sends when it invokes the Lambda directly (alarm action). */
export function alarmActionEvent(name = 'UnauthorizedAPICall', state = 'ALARM') {
  return {
    source: 'aws.cloudwatch',
    alarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
    accountId: ACCOUNT,
    time: '2026-01-07T04:36:05.472+0000',
    region: REGION,
    alarmData: stateChangeBody(name, state),
  };
}

/** EventBridge's `CloudWatch Alarm State Change` event. */
export function eventBridgeEvent(name = 'UnauthorizedAPICall', state = 'ALARM') {
  return {
    version: '0',
    id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: ACCOUNT,
    time: '2026-01-07T04:36:05Z',
    region: REGION,
    resources: [`arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`],
    detail: stateChangeBody(name, state),
  };
}

/** A CloudTrail record as the trail writes it to CloudWatch Logs (one JSON object per log event). */
export function cloudTrailRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEROLEID:alice',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/dev-readonly/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLEKEY',
      sessionContext: { attributes: { creationDate: '2026-01-07T04:00:00Z', mfaAuthenticated: 'false' } },
    },
    eventTime: '2026-01-07T04:31:05Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'RunInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.24',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6',
    errorCode: 'Client.UnauthorizedOperation',
    errorMessage: 'You are not authorized to perform this operation.',
    requestParameters: null,
    responseElements: null,
    requestID: '9a1b2c3d-0000-4000-8000-000000000001',
    eventID: '6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...overrides,
  };
}

/** A FilterLogEvents result event carrying `record`. */
export function logEvent(record: Record<string, unknown> | string, i = 0) {
  const message = typeof record === 'string' ? record : JSON.stringify(record);
  const eventTime = typeof record === 'string' ? undefined : String(record.eventTime ?? '');
  return {
    logStreamName: `${ACCOUNT}_CloudTrail_${REGION}`,
    timestamp: (eventTime ? Date.parse(eventTime) : Date.UTC(2026, 0, 7, 4, 31, 0)) + i,
    message,
    ingestionTime: Date.UTC(2026, 0, 7, 4, 34, 0),
    eventId: `3795${String(i).padStart(52, '0')}`,
  };
}

/**
 * The record Lambda sends to an on-failure destination (here the dead-letter queue) after the retries of an
 * asynchronous invocation failed (docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 */
export function destinationRecord(requestPayload: unknown, errorMessage = 'Dooray! webhook failed after 5 attempt(s): HTTP 500') {
  return {
    version: '1.0',
    timestamp: '2026-01-07T04:39:12.568Z',
    requestContext: {
      requestId: 'e4b46cbf-b738-xmpl-8880-a18cdf61200e',
      functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:trailwatch-notifier:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'DeliveryError', errorMessage, trace: [] },
  };
}

/** CloudWatch's DescribeAlarms answer (Query protocol, XML) for one metric alarm in `state`. */
export function describeAlarmsXml(name: string, state: string): string {
  return [
    '<DescribeAlarmsResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><DescribeAlarmsResult><MetricAlarms><member>',
    `<AlarmName>${name}</AlarmName><StateValue>${state}</StateValue><StateUpdatedTimestamp>2026-01-07T04:36:05.472Z</StateUpdatedTimestamp>`,
    '</member></MetricAlarms><CompositeAlarms/></DescribeAlarmsResult></DescribeAlarmsResponse>',
  ].join('');
}
