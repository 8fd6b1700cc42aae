/**
 * Produces the value of the notifier's WEBHOOK_URL (or HIGH_SEVERITY_WEBHOOK_URL): the webhook URL encrypted with KMS under
 * encryption context `{ LambdaFunctionName: <function name> }` (the Lambda console helper
 * convention the notifier decrypts with), printed as base64 and nothing else.
 *
 *   npm run --silent encrypt-webhook -- --key alias/trailwatch --function trailwatch-notifier [--region ap-northeast-2] < url.txt
 *
 * The URL is read from stdin, never from the arguments, so it stays out of shell history and
 * process listings. Uses the standard AWS credential chain (AWS_PROFILE, SSO, environment, ...).
 */
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { Command, CommanderError } from 'commander';

export interface EncryptRequest {
  readonly url: string;
  /** Key id, key ARN, alias name (`alias/...`) or alias ARN. */
  readonly keyId: string;
  readonly functionName: string;
}

/** The base64 CiphertextBlob, decryptable only with the same encryption context. */
export async function encryptWebhookUrl(kms: KMSClient, request: EncryptRequest): Promise<string> {
  const out = await kms.send(
    new EncryptCommand({
      KeyId: request.keyId,
      Plaintext: Buffer.from(request.url, 'utf8'),
      EncryptionContext: { LambdaFunctionName: request.functionName },
    }),
  );
  if (!out.CiphertextBlob) throw new Error('KMS returned no ciphertext');
  return Buffer.from(out.CiphertextBlob).toString('base64');
}

/** The URL as pasted: surrounding whitespace (the newline of `echo`, a paste) removed; https only. */
export function webhookUrlFrom(input: string): string {
  const url = input.trim();
  if (!url) throw new Error('no webhook URL on stdin');
  if (/\s/.test(url)) throw new Error('stdin must hold exactly one webhook URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('stdin does not hold a URL');
  }
  if (parsed.protocol !== 'https:') throw new Error('the webhook URL must start with https://');
  return url;
}

export interface Io {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Runs the command; returns the process exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: readonly string[], io: Io, kmsFor: (region?: string) => KMSClient = (region) => new KMSClient({ region })): Promise<number> {
  const program = new Command('encrypt-webhook')
    .description('Encrypt the chat webhook URL (Dooray!, Slack or Teams; read from stdin) for the notifier Lambda, printing base64 ciphertext.')
    .requiredOption('--key <key>', 'KMS key id, key ARN, alias name (alias/...) or alias ARN')
    .requiredOption('--function <name>', 'the notifier Lambda function name (the encryption context)')
    .option('--region <region>', 'AWS region of the key (default: the SDK default chain)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  let options: { key: string; function: string; region?: string };
  try {
    options = program.parse([...argv], { from: 'user' }).opts();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  try {
    if (io.stdin.isTTY) io.stderr.write('Paste the webhook URL, then press Enter and Ctrl-D:\n');
    const url = webhookUrlFrom(await readAll(io.stdin));
    const ciphertext = await encryptWebhookUrl(kmsFor(options.region), { url, keyId: options.key, functionName: options.function });
    io.stdout.write(`${ciphertext}\n`);
    return 0;
  } catch (error) {
    // Messages above never include the URL; SDK errors do not see it either.
    io.stderr.write(`encrypt-webhook: ${error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error)}\n`);
    return 1;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

if (require.main === module) {
  main(process.argv.slice(2), process).then((code) => {
    process.exitCode = code;
  });
}
