/**
 * A stand-in for the Lambda runtime: loads the notifier bundle given as the first argument with the
 * environment this process was started with (the deployed function's), invokes `handler` once with the
 * event read from stdin, and prints the result (or the error) as one JSON line. Run by terraform-moto.ts
 * in a child process, because Node reads NODE_EXTRA_CA_CERTS (the local webhook's certificate) only at start.
 */
async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(process.argv[2]) as { handler: (event: unknown, context: object) => Promise<unknown> };
  const deadline = Date.now() + 30_000;
  try {
    const result = await handler(event, { getRemainingTimeInMillis: () => deadline - Date.now() });
    process.stdout.write(`${JSON.stringify({ result })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })}\n`);
  }
}

void main();
