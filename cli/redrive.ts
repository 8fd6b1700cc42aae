/**
 * `trailwatch redrive --account <name> [--dry-run]`: sends the alerts the notifier could not deliver (kept in its
 * dead-letter queue as Lambda on-failure destination records) back to the notifier, and deletes a message only
 * after the notifier handled it without error. The notifier unwraps the record itself and, thanks to its delivery
 * records, does not post an alert twice that did reach the channel.
 *
 * Calls: SQS ReceiveMessage / DeleteMessage (JSON 1.0 protocol) and Lambda Invoke (RequestResponse), signed with
 * the default AWS credential chain (environment, profile, SSO, …).
 */
import type { Command } from 'commander';
import { callJson, sendSigned, type AwsCaller } from '../lambda/notifier/aws-request';
import type { AccountConfig } from '../stacks/config';
import { baseNameOf, notifierNames } from '../stacks/naming';
import type { CommandContext } from './context';
import { chooseAccount } from './detections';

const SQS = { name: 'sqs', envId: 'SQS', targetPrefix: 'AmazonSQS' } as const;
/** Seconds a received message stays hidden while it is re-delivered: longer than the notifier's invocation. */
const VISIBILITY_SECONDS = 300;
/** SQS's largest batch. */
const BATCH = 10;

/** What redrive needs to know about an account. */
export type RedriveAccount = Pick<AccountConfig, 'name' | 'id' | 'region' | 'namePrefix'>;

export interface RedriveTarget {
  readonly region: string;
  readonly queueUrl: string;
  readonly functionName: string;
}

/** The queue and function synth names for the account (stacks/naming.ts), unless given. */
export function redriveTarget(account: RedriveAccount, given: { readonly queueUrl?: string; readonly functionName?: string } = {}): RedriveTarget {
  const names = notifierNames(baseNameOf(account.name), account.namePrefix);
  return {
    region: account.region,
    queueUrl: given.queueUrl ?? `https://sqs.${account.region}.amazonaws.com/${account.id}/${names.deadLetterQueue}`,
    functionName: given.functionName ?? names.functionName,
  };
}

export interface RedriveOptions {
  readonly dryRun: boolean;
  readonly caller: AwsCaller;
  /** One line of progress per message. */
  readonly report: (line: string) => void;
}

export interface RedriveResult {
  readonly redriven: number;
  readonly failed: number;
  /** Dry run: messages that would be redriven. */
  readonly listed: number;
}

interface QueueMessage {
  readonly MessageId: string;
  readonly ReceiptHandle: string;
  readonly Body: string;
}

export async function redrive(target: RedriveTarget, options: RedriveOptions): Promise<RedriveResult> {
  const seen = new Set<string>();
  let redriven = 0;
  let failed = 0;
  for (;;) {
    const out = await callJson(options.caller, SQS, 'ReceiveMessage', {
      QueueUrl: target.queueUrl,
      MaxNumberOfMessages: BATCH,
      // A dry run leaves the messages as they were: hidden only for a moment, in case they are read again.
      VisibilityTimeout: options.dryRun ? 1 : VISIBILITY_SECONDS,
      WaitTimeSeconds: 1,
    });
    const messages = ((out.Messages ?? []) as QueueMessage[]).filter((m) => !seen.has(m.MessageId));
    if (messages.length === 0) break;
    for (const message of messages) {
      seen.add(message.MessageId);
      const about = describeRecord(message.Body);
      if (options.dryRun) {
        options.report(`would redrive ${message.MessageId}: ${about}`);
        continue;
      }
      const outcome = await invoke(options.caller, target, message.Body);
      if (outcome.ok) {
        await callJson(options.caller, SQS, 'DeleteMessage', { QueueUrl: target.queueUrl, ReceiptHandle: message.ReceiptHandle });
        redriven += 1;
        options.report(`redriven ${message.MessageId}: ${about} (${outcome.detail})`);
      } else {
        failed += 1;
        options.report(`failed ${message.MessageId}: ${about}; kept in the queue (${outcome.detail})`);
      }
    }
  }
  return { redriven, failed, listed: options.dryRun ? seen.size : 0 };
}

/** Lambda Invoke, synchronous: success is a 200 without `X-Amz-Function-Error`. */
async function invoke(caller: AwsCaller, target: RedriveTarget, payload: string): Promise<{ ok: boolean; detail: string }> {
  const res = await sendSigned(caller, {
    service: 'lambda',
    serviceEnvId: 'LAMBDA',
    path: `/2015-03-31/functions/${encodeURIComponent(target.functionName)}/invocations`,
    headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
    body: payload,
  });
  const functionError = res.headers.get('x-amz-function-error');
  const body = res.body.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (res.status === 200 && !functionError) return { ok: true, detail: `notifier answered ${body}` };
  return { ok: false, detail: functionError ? `notifier failed: ${body}` : `Invoke HTTP ${res.status}: ${body}` };
}

/** `<alarm> at <state time>, failed: <error>` from a destination record, as far as it can be read. */
export function describeRecord(body: string): string {
  try {
    const record = JSON.parse(body) as {
      requestContext?: { condition?: string };
      requestPayload?: { Records?: { Sns?: { Message?: string } }[] };
      responsePayload?: { errorMessage?: string };
    };
    const alarms = (record.requestPayload?.Records ?? []).map((r) => {
      try {
        const m = JSON.parse(r.Sns?.Message ?? '') as { AlarmName?: string; StateChangeTime?: string };
        return `${m.AlarmName ?? '?'} at ${m.StateChangeTime ?? '?'}`;
      } catch {
        return 'an unreadable SNS message';
      }
    });
    const why = [record.requestContext?.condition, record.responsePayload?.errorMessage].filter(Boolean).join(': ');
    return `${alarms.join(', ') || 'no alarm notification'}${why ? `, failed with ${why}` : ''}`;
  } catch {
    return 'not a destination record';
  }
}

interface RedriveFlags {
  readonly account: string;
  readonly config?: string;
  readonly queueUrl?: string;
  readonly functionName?: string;
  readonly dryRun?: boolean;
}

export function registerRedrive(cli: Command, { io, exit }: CommandContext): void {
  cli
    .command('redrive')
    .description("send the notifier's failed alerts (its dead-letter queue) back to it; a message is deleted only once delivered")
    .requiredOption('--account <name>', 'the account whose notifier to redrive')
    .option('--config <file>', 'the accounts file synth reads (default: $TRAILWATCH_CONFIG, else ./trailwatch.config.json)')
    .option('--queue-url <url>', 'the dead-letter queue (default: derived from the account)')
    .option('--function-name <name>', 'the notifier function (default: derived from the account)')
    .option('--dry-run', 'list the messages without redriving or deleting any')
    .action(async (flags: RedriveFlags) => {
      const target = redriveTarget(chooseAccount(flags).account, flags);
      // Loaded when redrive runs: evaluated at start-up, the credential chain would slow every other command.
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      const caller: AwsCaller = { credentials: defaultProvider(), region: async () => target.region };
      const result = await redrive(target, { dryRun: flags.dryRun === true, caller, report: (line) => void io.stderr.write(`${line}\n`) });
      io.stdout.write(
        flags.dryRun ? `${result.listed} message(s) would be redriven\n` : `${result.redriven} redriven, ${result.failed} failed (kept in the queue)\n`,
      );
      exit(result.failed > 0 ? 1 : 0);
    });
}
