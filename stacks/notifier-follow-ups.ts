import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { Construct } from 'constructs';
import { SWEEP_EVENT, SWEEP_MINUTES } from '../lambda/notifier/follow-ups';
import { condition, policyDocument, servicePrincipal } from './policy';

export interface NotifierFollowUpsProps {
  readonly scheduleName: string;
  readonly roleName: string;
  readonly accountId: string;
  readonly functionArn: string;
}

/**
 * The follow-up sweep (lambda/notifier/follow-ups.ts): EventBridge Scheduler invokes the notifier every 5 minutes.
 * Scheduler rather than a scheduled EventBridge rule: its free tier (14 million invocations a month,
 * aws.amazon.com/eventbridge/pricing) covers the 8,640 a month this makes. No retry: the next sweep covers a
 * missed one.
 */
export class NotifierFollowUps extends Construct {
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  readonly schedule: SchedulerSchedule;

  constructor(scope: Construct, id: string, props: NotifierFollowUpsProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `EventBridge Scheduler invokes ${props.scheduleName}`,
      assumeRolePolicy: policyDocument(this, 'trust', [
        {
          sid: 'SchedulerAssumes',
          effect: 'Allow',
          principals: servicePrincipal('scheduler.amazonaws.com'),
          actions: ['sts:AssumeRole'],
          // The confused-deputy guard EventBridge Scheduler documents for its execution role.
          condition: [condition('StringEquals', 'aws:SourceAccount', props.accountId)],
        },
      ]).json,
    });
    this.rolePolicy = new IamRolePolicy(this, 'permissions', {
      name: 'invoke-notifier',
      role: this.role.id,
      policy: policyDocument(this, 'permissions-document', [{ sid: 'InvokeNotifier', effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [props.functionArn] }]).json,
    });
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name: props.scheduleName,
      scheduleExpression: `rate(${SWEEP_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: props.functionArn, roleArn: this.role.arn, input: JSON.stringify(SWEEP_EVENT), retryPolicy: { maximumRetryAttempts: 0 } },
    });
  }
}
