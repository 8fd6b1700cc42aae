/**
 * The naming rules of every physical name trailwatch creates, checked before anything is synthesized: a name
 * AWS refuses fails `terraform apply` half-way (e.g. a trail name with "--": InvalidTrailNameException).
 * Pure data and functions: stacks/config.ts and the constructs' synth-time validation share them.
 */

export interface NameRule {
  /** What AWS calls it, for messages. */
  readonly kind: string;
  readonly min: number;
  readonly max: number;
  /** Allowed characters and shape. */
  readonly pattern: RegExp;
  /** The rule in words, for messages. */
  readonly rule: string;
  /** Further shapes AWS refuses, each with its reason. */
  readonly refuse?: readonly (readonly [RegExp, string])[];
}

/** Sources: each service's API reference for the name parameter (CreateTrail, CreateBucket "Bucket naming rules", CreateRole, CreateFunction, CreateQueue, CreateTopic, CreateLogGroup, PutMetricFilter, PutMetricAlarm, CreateAlias). */
export const NAME_RULES = {
  trail: {
    kind: 'CloudTrail trail name',
    min: 3,
    max: 128,
    pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]$/,
    rule: 'letters, digits, ".", "_" and "-", starting and ending with a letter or digit',
    refuse: [
      [/[._-]{2}/, 'no "." "_" or "-" next to another ("my--trail", "my-_trail" are refused)'],
      [/^\d+\.\d+\.\d+\.\d+$/, 'not an IP address'],
    ],
  },
  bucket: {
    kind: 'S3 bucket name',
    min: 3,
    max: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    rule: 'lowercase letters, digits, "." and "-", starting and ending with a letter or digit',
    refuse: [
      [/\.\./, 'no two adjacent periods'],
      [/^\d+\.\d+\.\d+\.\d+$/, 'not an IP address'],
      [/^(xn--|sthree-|amzn-s3-demo-)/, 'not starting with "xn--", "sthree-" or "amzn-s3-demo-"'],
      [/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/, 'not ending with "-s3alias", "--ol-s3", ".mrap", "--x-s3" or "--table-s3"'],
    ],
  },
  role: { kind: 'IAM role name', min: 1, max: 64, pattern: /^[\w+=,.@-]+$/, rule: 'letters, digits and "+=,.@_-"' },
  function: { kind: 'Lambda function name', min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, rule: 'letters, digits, "_" and "-"' },
  queue: { kind: 'SQS queue name', min: 1, max: 80, pattern: /^[A-Za-z0-9_-]+$/, rule: 'letters, digits, "_" and "-"' },
  // DynamoDB Developer Guide, "Naming rules"; EventBridge Scheduler API reference, CreateSchedule Name.
  table: { kind: 'DynamoDB table name', min: 3, max: 255, pattern: /^[A-Za-z0-9_.-]+$/, rule: 'letters, digits, "_", "." and "-"' },
  schedule: { kind: 'EventBridge Scheduler schedule name', min: 1, max: 64, pattern: /^[A-Za-z0-9_.-]+$/, rule: 'letters, digits, "_", "." and "-"' },
  topic: { kind: 'SNS topic name', min: 1, max: 256, pattern: /^[A-Za-z0-9_-]+$/, rule: 'letters, digits, "_" and "-"' },
  logGroup: { kind: 'CloudWatch Logs log group name', min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, rule: 'letters, digits and "._-/#"' },
  metricFilter: { kind: 'metric filter name', min: 1, max: 512, pattern: /^[^:*]+$/, rule: 'no ":" or "*"' },
  alarm: {
    kind: 'CloudWatch alarm (and metric) name',
    min: 1,
    max: 255,
    // Printable ASCII: the name is also the metric name and appears in ARNs and SNS subjects.
    pattern: /^[\x20-\x7e]+$/,
    rule: 'printable ASCII characters',
  },
  keyAlias: {
    kind: 'KMS alias',
    min: 7,
    max: 256,
    pattern: /^alias\/[A-Za-z0-9/_-]+$/,
    rule: '"alias/" followed by letters, digits, "/", "_" and "-"',
    refuse: [[/^alias\/aws\//, 'not starting with "alias/aws/" (reserved for AWS-managed keys)']],
  },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** Why AWS would refuse `name` as a `kind`, or undefined when it accepts it. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const rule: NameRule = NAME_RULES[kind];
  if (name.length < rule.min || name.length > rule.max) {
    return `${rule.kind} "${name}" is ${name.length} characters; AWS allows ${rule.min}–${rule.max}`;
  }
  if (!rule.pattern.test(name)) return `${rule.kind} "${name}" is refused by AWS: expected ${rule.rule}`;
  const refused = rule.refuse?.find(([shape]) => shape.test(name));
  return refused ? `${rule.kind} "${name}" is refused by AWS: ${refused[1]}` : undefined;
}

/**
 * The region names CloudWatch writes into alarm notification subjects: `ALARM: "<alarm name>" in <region name>`.
 * CloudWatch has written both "EU (Milan)" (a real 2024 record, reference/alarm-notifier-formats-and-prior-art.md
 * §3.1) and "Europe (…)" styles; the longer is kept, so a name that passes fits in either.
 */
export const REGION_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'af-south-1': 'Africa (Cape Town)',
  'ap-east-1': 'Asia Pacific (Hong Kong)',
  'ap-east-2': 'Asia Pacific (Taipei)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-south-2': 'Asia Pacific (Hyderabad)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-southeast-3': 'Asia Pacific (Jakarta)',
  'ap-southeast-4': 'Asia Pacific (Melbourne)',
  'ap-southeast-5': 'Asia Pacific (Malaysia)',
  'ap-southeast-6': 'Asia Pacific (New Zealand)',
  'ap-southeast-7': 'Asia Pacific (Thailand)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ca-central-1': 'Canada (Central)',
  'ca-west-1': 'Canada West (Calgary)',
  'eu-central-1': 'Europe (Frankfurt)',
  'eu-central-2': 'Europe (Zurich)',
  'eu-west-1': 'Europe (Ireland)',
  'eu-west-2': 'Europe (London)',
  'eu-west-3': 'Europe (Paris)',
  'eu-south-1': 'Europe (Milan)',
  'eu-south-2': 'Europe (Spain)',
  'eu-north-1': 'Europe (Stockholm)',
  'il-central-1': 'Israel (Tel Aviv)',
  'me-south-1': 'Middle East (Bahrain)',
  'me-central-1': 'Middle East (UAE)',
  'mx-central-1': 'Mexico (Central)',
  'sa-east-1': 'South America (Sao Paulo)',
};

/** SNS subjects are under 100 characters (SNS Publish API); CloudWatch cuts longer alarm names with "...". */
export const MAX_SUBJECT_LENGTH = 100;

/** The longest alarm name that fits whole into an ALARM subject in `region` (a region not listed is held to the longest listed name). */
export function maxAlarmNameInSubject(region: string): number {
  const display = REGION_DISPLAY_NAMES[region] ?? Object.values(REGION_DISPLAY_NAMES).reduce((a, b) => (b.length > a.length ? b : a));
  return MAX_SUBJECT_LENGTH - 'ALARM: "" in '.length - display.length;
}
