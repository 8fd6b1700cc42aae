import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { compiledDetectionProblems } from '../catalog/compile';
import type { CompiledDetection, Locale } from '../catalog/types';
import type { Alerting } from './alerting';
import { DETECTIONS_DEFAULTS } from './defaults';
import { MAX_METRIC_FILTERS_PER_LOG_GROUP } from './limits';
import { detectionResourceName } from './naming';
import { terraformLiteral } from './terraform-text';

export interface DetectionsProps {
  /** The enabled detections, as compiled by `compileDetections` (patterns already validated). */
  readonly detections: readonly CompiledDetection[];
  /** The log group the trail delivers to (a name, or the log group's `name` attribute to wait for it). */
  readonly logGroupName: string;
  /** The alarms notify its alarm topic, and it lets exactly them publish. */
  readonly alerting: Alerting;
  /** Namespace of the detection metrics. @default DETECTIONS_DEFAULTS.metricNamespace ('trailwatch') */
  readonly metricNamespace?: string;
  /** Prepended alike to filter, metric and alarm names. @default DETECTIONS_DEFAULTS.namePrefix ('') */
  readonly namePrefix?: string;
  /** Language of the title that opens each alarm description. @default DETECTIONS_DEFAULTS.locale ('ko') */
  readonly locale?: Locale;
  /** Also notify the alarm topic when an alarm returns to OK (for the notifier's "resolved" message). @default false */
  readonly notifyOnOk?: boolean;
}

/**
 * One metric filter and one alarm per detection, with filter name = metric name = alarm name, so the notifier
 * finds the pattern and log group of an alarm from its name alone (DescribeMetricFilters by metric name).
 *
 * The metric publishes 1 per matching event and nothing otherwise (no `default_value`): the alarm sums
 * matches per period (never Average, which a stream of 1s pins at 1; reference/cis-detections-and-prior-art.md
 * §2.1, §4) and treats the missing data of quiet periods as not breaching. A default value of 0 would only
 * publish a zero whenever the log group receives anything: each metric would then have data, and be billed,
 * every hour (custom metrics are charged pro rata for the hours they are published in;
 * aws.amazon.com/cloudwatch/pricing), without changing when the alarm fires.
 */
export class Detections extends Construct {
  readonly metricFilters: readonly CloudwatchLogMetricFilter[];
  readonly alarms: readonly CloudwatchMetricAlarm[];
  readonly logGroupName: string;
  readonly metricNamespace: string;
  readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: DetectionsProps) {
    super(scope, id);
    if (props.detections.length > MAX_METRIC_FILTERS_PER_LOG_GROUP) {
      throw new Error(
        `Detections ${this.node.path}: detections: ${props.detections.length} detections need as many metric filters on log group ${props.logGroupName}; ` +
          `CloudWatch Logs allows ${MAX_METRIC_FILTERS_PER_LOG_GROUP} per log group.`,
      );
    }
    const prefix = (this.namePrefix = props.namePrefix ?? DETECTIONS_DEFAULTS.namePrefix);
    this.metricNamespace = props.metricNamespace ?? DETECTIONS_DEFAULTS.metricNamespace;
    this.logGroupName = props.logGroupName;
    const locale = props.locale ?? DETECTIONS_DEFAULTS.locale;
    const topicArn = props.alerting.topic.arn;
    this.node.addValidation({
      validate: () => props.detections.flatMap((d) => compiledDetectionProblems(d).map((p) => `Detections ${this.node.path}: detections: "${d.name}": ${p}`)),
    });
    const filters: CloudwatchLogMetricFilter[] = [];
    const alarms: CloudwatchMetricAlarm[] = [];
    for (const detection of props.detections) {
      const name = detectionResourceName(prefix, detection.name);
      const scope = new Construct(this, detection.name);
      filters.push(
        new CloudwatchLogMetricFilter(scope, 'filter', {
          name,
          logGroupName: props.logGroupName,
          pattern: terraformLiteral(detection.pattern),
          metricTransformation: { name, namespace: this.metricNamespace, value: '1' },
        }),
      );
      alarms.push(
        new CloudwatchMetricAlarm(scope, 'alarm', {
          alarmName: name,
          alarmDescription: terraformLiteral(describe(detection, locale)),
          namespace: this.metricNamespace,
          metricName: name,
          statistic: 'Sum',
          period: detection.period,
          evaluationPeriods: detection.evaluationPeriods,
          datapointsToAlarm: detection.evaluationPeriods,
          threshold: detection.threshold,
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          treatMissingData: 'notBreaching',
          actionsEnabled: true,
          alarmActions: [topicArn],
          okActions: props.notifyOnOk ? [topicArn] : undefined,
        }),
      );
    }
    this.metricFilters = filters;
    this.alarms = alarms;
    props.alerting.allowAlarms(alarms);
  }
}

/** CloudWatch caps AlarmDescription at 1024 characters. */
const MAX_DESCRIPTION = 1024;

function describe(detection: CompiledDetection, locale: Locale): string {
  const text = `${detection.title[locale]} (${detection.basis}): ${detection.description}`;
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}
