import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { main, webhookUrlFrom } from '../../scripts/encrypt-webhook';
import { awsEnvironment, startAwsStandIn, TARGETS, type AwsStandIn } from './support/aws-stand-in';
import { FAKE_KMS_ROUTES, decryptRoute, fakeCiphertext } from './support/fake-kms';

const URL = 'https://hook.dooray.com/services/3036349505739914786/4112157297759916022/s3cr3t-T0KEN';
const KEY = 'alias/trailwatch-notifier';

let aws: AwsStandIn;
beforeEach(async () => {
  aws = await startAwsStandIn({ routes: FAKE_KMS_ROUTES });
  Object.assign(process.env, awsEnvironment(aws.url));
});
afterEach(() => aws.close());

async function run(argv: string[], stdin: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: Readable.from([stdin]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

describe('encrypt-webhook', () => {
  it('prints only the base64 ciphertext, bound to the function name', async () => {
    const { code, stdout, stderr } = await run(['--key', KEY, '--function', 'trailwatch-notifier', '--region', 'ap-northeast-2'], `${URL}\n`);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(`${fakeCiphertext(URL, { LambdaFunctionName: 'trailwatch-notifier' }, KEY)}\n`);
    expect(aws.callsTo(TARGETS.encrypt).map((c) => c.body)).toEqual([
      { KeyId: KEY, Plaintext: Buffer.from(URL).toString('base64'), EncryptionContext: { LambdaFunctionName: 'trailwatch-notifier' } },
    ]);
  });

  it('produces what the notifier decrypts with its own context, and nothing else does', async () => {
    const { stdout } = await run(['--key', KEY, '--function', 'trailwatch-notifier'], URL);
    const decrypt = (functionName: string) => decryptRoute({ CiphertextBlob: stdout.trim(), EncryptionContext: { LambdaFunctionName: functionName } }, 0);
    expect(decrypt('trailwatch-notifier')).toMatchObject({ body: { Plaintext: Buffer.from(URL).toString('base64') } });
    expect(decrypt('another-function')).toMatchObject({ status: 400, body: { __type: 'InvalidCiphertextException' } });
  });

  it.each([
    ['', 'no webhook URL on stdin'],
    ['http://hook.dooray.com/services/1/2/t', 'the webhook URL must start with https://'],
    [`${URL} ${URL}`, 'stdin must hold exactly one webhook URL'],
    ['hook.dooray.com/services/1/2/t', 'stdin does not hold a URL'],
  ])('refuses %p', async (stdin, message) => {
    const { code, stdout, stderr } = await run(['--key', KEY, '--function', 'f'], stdin);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `encrypt-webhook: ${message}\n` });
    expect(aws.calls).toHaveLength(0);
  });

  it('requires --key and --function (usage error, exit 2)', async () => {
    const { code, stderr } = await run(['--key', KEY], URL);
    expect(code).toBe(2);
    expect(stderr).toContain("required option '--function <name>' not specified");
  });

  it('reports a KMS error without the URL', async () => {
    aws.route(TARGETS.encrypt, () => ({ status: 400, body: { __type: 'NotFoundException', message: `Alias ${KEY} is not found.` } }));
    const { code, stdout, stderr } = await run(['--key', KEY, '--function', 'f'], URL);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe(`encrypt-webhook: NotFoundException: Alias ${KEY} is not found.\n`);
  });

  it('trims what a paste or echo adds', () => {
    expect(webhookUrlFrom(`  ${URL}\r\n`)).toBe(URL);
  });

  it('runs as `npm run encrypt-webhook`, reading the URL from stdin', async () => {
    const root = path.resolve(__dirname, '../..');
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/encrypt-webhook.ts', '--key', KEY, '--function', 'trailwatch-notifier'],
        { cwd: root, env: { ...process.env } },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      );
      child.stdin?.end(`${URL}\n`);
    });
    expect(stdout).toBe(`${fakeCiphertext(URL, { LambdaFunctionName: 'trailwatch-notifier' }, KEY)}\n`);
    expect(stdout).not.toContain('s3cr3t');
  });
});

