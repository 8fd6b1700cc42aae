import { WEBHOOK_CIPHERTEXT_VARIABLE } from '../../stacks/account-stack';
import { account, synthAccount } from '../stacks/synth';
import { terraformFolder, type TerraformFolder } from './support/terraform-cli';

/** A pasted webhook URL: its token must never appear in anything Terraform prints. */
const TOKEN = 'tok3n-NEVER-PRINTED-5b2c';
const PASTED_URL = `https://hook.dooray.com/services/3036349505739914786/4112157297759916022/${TOKEN}`;

describe(`variable ${WEBHOOK_CIPHERTEXT_VARIABLE}, as synthesized, under the terraform CLI`, () => {
  let folder: TerraformFolder;
  let block: Record<string, unknown>;

  beforeAll(() => {
    const variables = synthAccount(account()).json.variable as Record<string, Record<string, unknown>>;
    block = variables[WEBHOOK_CIPHERTEXT_VARIABLE];
    folder = terraformFolder({ variable: { [WEBHOOK_CIPHERTEXT_VARIABLE]: block } });
  });
  afterAll(() => folder?.remove());

  it('is sensitive', () => {
    expect(block.sensitive).toBe(true);
  });

  it.each([
    ['-var', (f: TerraformFolder) => f.run('plan', '-input=false', '-no-color', '-var', `${WEBHOOK_CIPHERTEXT_VARIABLE}=${PASTED_URL}`)],
    ['-var, JSON output', (f: TerraformFolder) => f.run('plan', '-input=false', '-json', '-var', `${WEBHOOK_CIPHERTEXT_VARIABLE}=${PASTED_URL}`)],
    ['TF_VAR_ environment', (f: TerraformFolder) => f.runWithEnv({ [`TF_VAR_${WEBHOOK_CIPHERTEXT_VARIABLE}`]: PASTED_URL }, 'plan', '-input=false', '-no-color')],
    ['-var, terraform apply', (f: TerraformFolder) => f.run('apply', '-auto-approve', '-input=false', '-no-color', '-var', `${WEBHOOK_CIPHERTEXT_VARIABLE}=${PASTED_URL}`)],
  ])('rejects a pasted URL (%s) without printing it', (_how, runIt) => {
    const { status, output } = runIt(folder);

    expect(status).not.toBe(0);
    expect(output).toContain('Expected the base64 KMS ciphertext of the webhook URL, not the URL itself');
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain('hook.dooray.com');
  });

  it.each([
    ['a ciphertext', 'AQICAHhF3k2Vb9v2y+f/Zk1Q=='],
    ['nothing yet (the default)', ''],
  ])('accepts %s', (_what, value) => {
    const { status, output } = folder.run('plan', '-input=false', '-no-color', '-var', `${WEBHOOK_CIPHERTEXT_VARIABLE}=${value}`);

    expect(output).not.toContain('Error');
    expect(status).toBe(0);
  });
});
