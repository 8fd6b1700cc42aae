/**
 * A fake SQS queue for the AWS stand-in (JSON 1.0, `X-Amz-Target: AmazonSQS.<Operation>`): ReceiveMessage
 * honouring VisibilityTimeout, and DeleteMessage by receipt handle.
 */
import { awsError, type AwsRoute } from './aws-stand-in';

export const SQS_TARGETS = { receive: 'AmazonSQS.ReceiveMessage', delete: 'AmazonSQS.DeleteMessage' } as const;

interface Stored {
  readonly id: string;
  readonly body: string;
  visibleAt: number;
  receipt?: string;
}

export interface FakeQueue {
  readonly url: string;
  /** Bodies still in the queue, in order. */
  bodies(): string[];
  send(body: unknown): void;
  readonly routes: Record<string, AwsRoute>;
}

export function fakeQueue(url: string): FakeQueue {
  const stored: Stored[] = [];
  let receipts = 0;
  const wrongQueue = (body: Record<string, unknown>) =>
    body.QueueUrl === url ? undefined : awsError('com.amazonaws.sqs#QueueDoesNotExist', 'The specified queue does not exist.');
  return {
    url,
    bodies: () => stored.map((m) => m.body),
    send: (body) => void stored.push({ id: `msg-${stored.length + 1}`, body: JSON.stringify(body), visibleAt: 0 }),
    routes: {
      [SQS_TARGETS.receive]: (body) => {
        const refused = wrongQueue(body);
        if (refused) return refused;
        const now = Date.now();
        const batch = stored.filter((m) => m.visibleAt <= now).slice(0, Number(body.MaxNumberOfMessages ?? 1));
        for (const m of batch) {
          m.visibleAt = now + Number(body.VisibilityTimeout ?? 30) * 1000;
          m.receipt = `receipt-${++receipts}`;
        }
        return { body: batch.length ? { Messages: batch.map((m) => ({ MessageId: m.id, ReceiptHandle: m.receipt, Body: m.body })) } : {} };
      },
      [SQS_TARGETS.delete]: (body) => {
        const refused = wrongQueue(body);
        if (refused) return refused;
        const i = stored.findIndex((m) => m.receipt === body.ReceiptHandle);
        if (i < 0) return awsError('com.amazonaws.sqs#ReceiptHandleIsInvalid', 'The input receipt handle is invalid.');
        stored.splice(i, 1);
        return { body: {} };
      },
    },
  };
}
